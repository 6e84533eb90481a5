"""A user trains a tiny model from the training window and uses it in the main window, on a real X server.

Not collected by the offscreen run (the name has no test_ prefix): tests/e2e/test_training_window.py
runs this file in a pytest process of its own under Xvfb, with a fresh HOME.
"""
import os
from pathlib import Path

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QApplication, QPushButton, QSpinBox

from tests.user import answer_file_dialog, choose_menu_item, click, click_tab, press, type_into

WAIT = 300_000  # ms: torch's import in the training process, then two epochs, on a loaded 2-core machine


def shoot(name: str, window=None) -> None:
    """The screen (or one window, as the X server shows it) into $GRADLENS_SHOTS, when it is set."""
    folder = os.environ.get("GRADLENS_SHOTS")
    if folder:
        QApplication.processEvents()
        QApplication.primaryScreen().grabWindow(int(window.winId()) if window else 0).save(str(Path(folder) / name))


def test_train_from_the_window_then_use_the_model(qtbot, tmp_path, write_square_classes):
    from app.main import start

    data = write_square_classes(tmp_path / "squares", ("red", "blue"), 16, 24, seed=3)
    runs = tmp_path / "runs"
    runs.mkdir()
    window, controller = start(QApplication.instance())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: controller.loaded is not None, timeout=WAIT)  # the demo model, as at any start

    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    trainer = training.window
    qtbot.addWidget(trainer)
    form = trainer.form
    press(qtbot, trainer, Qt.Key_F, Qt.AltModifier)  # the File menu, not a field that once took its letter
    qtbot.waitUntil(trainer.file_menu.isVisible, timeout=5000)
    qtbot.keyClick(trainer.file_menu, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not trainer.file_menu.isVisible(), timeout=5000)

    answered = answer_file_dialog(qtbot, str(data))
    click(qtbot, form.field("browseData"))
    assert answered and form.field("data").text() == str(data)
    answered = answer_file_dialog(qtbot, str(runs))
    click(qtbot, form.field("browseOut"))
    assert answered and form.field("out").text() == str(runs)

    height = form.field("inputHeight")
    assert isinstance(height, QSpinBox)
    type_into(qtbot, height, "32")
    if form.field("inputWidth").value() != 32:
        type_into(qtbot, form.field("inputWidth"), "32")
    type_into(qtbot, form.field("epochs"), "2")
    type_into(qtbot, form.field("batch_size"), "8")
    type_into(qtbot, form.field("workers"), "0")
    shoot("train_form.png", trainer)

    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, trainer.start)
        assert not trainer.start.isEnabled()
    event = finished.args[0]
    assert not event.failed, event.reason
    qtbot.waitUntil(lambda: trainer.tabs.currentWidget() is trainer.report, timeout=WAIT)
    assert "epoch 2/2" in trainer.log.toPlainText()
    shoot("train_report.png", trainer)

    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT) as loaded:
        click(qtbot, trainer.report.findChild(QPushButton, "useModel"))
    assert loaded.args[0] == event.best_path
    def trained_model_on_screen():
        view = controller.last_view
        return (view is not None and view.heatmap is not None and Path(view.path).is_relative_to(event.run_dir)
                and {name for name, _ in view.topk} <= {"red", "blue"})
    qtbot.waitUntil(trained_model_on_screen, timeout=WAIT)
    click_tab(qtbot, trainer.tabs, trainer.history)
    qtbot.waitUntil(lambda: event.run_dir in trainer.history.paths(), timeout=WAIT)
    shoot("main_with_trained_model.png")

    press(qtbot, window, Qt.Key_Q, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible() and not trainer.isVisible(), timeout=60_000)
