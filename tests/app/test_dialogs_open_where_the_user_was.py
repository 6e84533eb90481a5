"""Each file dialog opens where the user last chose a file of its kind, in this session and the next:
models, image folders, the save folder and exports each keep their own place, and a place that is
gone falls back to where GradLens started. They all opened in the home folder (or at what was open),
so a new session, or a second export right after one into ~/reports, began in the wrong tree."""
import shutil
import sys

from PyQt5.QtWidgets import QApplication, QFileDialog

from tests.app.test_main_window import WAIT, noise_images, run_all
from tests.user import answer_file_dialog, choose_menu_item, click_toolbar, open_model_and_folder, when_dialog_opens


def opens_in(qtbot, open_it) -> str:
    """The folder the dialog that `open_it()` brings up is showing; the dialog is cancelled."""
    seen = []

    def look_and_cancel(dialog):
        seen.append(dialog.directory().absolutePath())
        dialog.reject()
    when_dialog_opens(look_and_cancel, QFileDialog)
    open_it()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    return seen[0]


def test_each_dialog_opens_where_its_kind_was_last_chosen(qtbot, gui, tiny_model_file, tmp_path, monkeypatch):
    window, controller = gui
    started = tmp_path / "started_here"
    started.mkdir()
    monkeypatch.chdir(started)
    models = tmp_path / "models"
    models.mkdir()
    model = shutil.copy(tiny_model_file, models / "tiny.pt")
    images = noise_images(tmp_path / "images", [f"{name}/img{i}.png" for name in ("cat", "dog") for i in range(2)])
    saved, reports = tmp_path / "saved", tmp_path / "reports"
    reports.mkdir()

    open_model_and_folder(qtbot, window, controller, model, images, WAIT)
    answer_file_dialog(qtbot, str(saved))
    click_toolbar(qtbot, window, window.save_folder)
    run_all(qtbot, window, controller)
    answer_file_dialog(qtbot, str(reports / "first.csv"))
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil((reports / "first.csv").exists, timeout=WAIT)
    # The next export starts where the last one went, not in the save folder.
    assert opens_in(qtbot, lambda: choose_menu_item(qtbot, window, "File", window.export)) == str(reports)
    choose_menu_item(qtbot, window, "File", window.quit)

    # A new session, nothing open yet: each dialog where its kind was last chosen.
    from app.main import build
    pytest_qt_hook = sys.excepthook
    window, controller = build(QApplication.instance())
    sys.excepthook = pytest_qt_hook
    qtbot.addWidget(window)
    window.show()
    assert opens_in(qtbot, lambda: choose_menu_item(qtbot, window, "File", window.load_model)) == str(models)
    assert opens_in(qtbot, lambda: click_toolbar(qtbot, window, window.open_folder)) == str(images)
    assert opens_in(qtbot, lambda: choose_menu_item(qtbot, window, "File", window.open_image)) == str(images)
    assert opens_in(qtbot, lambda: click_toolbar(qtbot, window, window.save_folder)) == str(saved)
    # A place that is gone: where GradLens was started.
    shutil.rmtree(images)
    assert opens_in(qtbot, lambda: click_toolbar(qtbot, window, window.open_folder)) == str(started)
    window.close()
