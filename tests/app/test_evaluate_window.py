"""File → Evaluate a Model… in the training window, as a user does it: pick a model file and a labelled
folder in the file dialogs, wait, read the report in the Report tab, find it again in the Runs tab."""
import os
from pathlib import Path

import pytest
from PyQt5.QtCore import Qt, QTimer
from PyQt5.QtWidgets import QApplication, QFileDialog, QPushButton

from core.data.scan import scan_images
from tests.user import answer_file_dialog, choose_menu_item, click, click_tab

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "weights" / "demo_fashion_mnist.pt"
DEMO_DATA = ROOT / "data" / "demo"
WAIT = 180_000  # ms: a loaded 2-core machine; waited on conditions, never slept


@pytest.fixture
def training(qtbot, gui, tmp_path):
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    training.window.form.set_values({"out": str(tmp_path / "runs"), "batch_size": 16})
    return window, controller, training


def answer_model_then_folder(qtbot, model: Path, folder: Path) -> list:
    """The model file dialog gets `model`; the folder dialog that follows it gets `folder`."""
    seen = answer_file_dialog(qtbot, str(model))

    def folder_dialog_up():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog) and dialog.isVisible() and dialog.fileMode() in (
                QFileDialog.Directory, QFileDialog.DirectoryOnly):
            seen.extend(answer_file_dialog(qtbot, str(folder)))   # its poll finds this dialog next
            return
        QTimer.singleShot(50, folder_dialog_up)
    QTimer.singleShot(50, folder_dialog_up)
    return seen


def test_evaluate_a_model_from_the_file_menu_shows_its_report(qtbot, training, tmp_path):
    window, controller, training = training
    view = training.window
    answered = answer_model_then_folder(qtbot, DEMO_MODEL, DEMO_DATA)
    choose_menu_item(qtbot, view, "File", view.evaluate_model)
    assert len(answered) == 1 and training.evaluation.running
    assert not view.evaluate_model.isEnabled()   # one evaluation at a time
    report = view.report
    qtbot.waitUntil(lambda: not training.evaluation.running, timeout=WAIT)
    assert controller.warnings == []
    made = list((tmp_path / "runs").iterdir())
    assert len(made) == 1 and "-eval-demo_fashion_mnist-on-demo" in made[0].name
    assert view.tabs.currentWidget() is report and report.run_dir() == made[0]
    assert report.message() is None and report.matrix.isVisible()
    assert report.matrix._names[0] == "Ankle boot" and report.matrix._counts.sum() == len(scan_images(DEMO_DATA))
    assert report.summary()["n_test"] == str(len(scan_images(DEMO_DATA)))
    assert report.summary()["model"] == "Evaluation of demo_fashion_mnist.pt (small_resnet_s) on demo"
    assert not report.tabs.isTabVisible(report.tabs.indexOf(report.image_panel("curves.png")))
    assert "report:" in view.log.toPlainText() and view.evaluate_model.isEnabled()
    # The Runs tab lists it beside the training runs; opening it from there shows the same report.
    click_tab(qtbot, view.tabs, view.history)
    qtbot.waitUntil(lambda: view.history.paths() == [str(made[0])], timeout=WAIT)
    # A confusion-matrix cell opens its images in the main window, with the evaluated model.
    click_tab(qtbot, view.tabs, report)
    bag = report.matrix._names.index("Bag")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT) as loaded:
        qtbot.mouseClick(report.matrix, Qt.LeftButton, pos=report.matrix.cell_rect(bag, bag).center())
    assert Path(loaded.args[0]) == DEMO_MODEL
    bags = sorted(os.path.realpath(p) for p in scan_images(DEMO_DATA / "Bag"))
    qtbot.waitUntil(lambda: sorted(os.path.realpath(p) for p in controller.paths) == bags, timeout=WAIT)
    # "Use this model" loads the evaluated model file in the main window, with the images it was evaluated on.
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, report.findChild(QPushButton, "useModel"))
    qtbot.waitUntil(lambda: len(controller.paths) == len(scan_images(DEMO_DATA)), timeout=WAIT)
    assert sorted(os.path.realpath(p) for p in controller.paths) == sorted(
        os.path.realpath(p) for p in scan_images(DEMO_DATA))


def test_a_file_that_is_no_model_is_one_line_in_a_message_box(qtbot, training, tmp_path):
    window, controller, training = training
    view = training.window
    broken = tmp_path / "broken.pt"
    broken.write_bytes(b"not a model at all")
    click_tab(qtbot, view.tabs, view.history)
    answer_model_then_folder(qtbot, broken, DEMO_DATA)
    click(qtbot, view.history.findChild(QPushButton, "evaluate"))   # the Runs tab's Evaluate a Model…
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    assert len(controller.warnings) == 1 and "broken.pt" in controller.warnings[0]
    assert "\n" not in controller.warnings[0] and "Traceback" not in controller.warnings[0]
    assert not training.evaluation.running and view.evaluate_model.isEnabled()
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_cancel_stops_and_writes_nothing(qtbot, training, tmp_path):
    window, controller, training = training
    view = training.window
    answer_model_then_folder(qtbot, DEMO_MODEL, DEMO_DATA)
    choose_menu_item(qtbot, view, "File", view.evaluate_model)
    dialog = training.evaluation.dialog
    qtbot.waitUntil(lambda: dialog.maximum() > 0 and dialog.value() > 0, timeout=WAIT)   # classifying
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.LeftButton)   # its Cancel
    qtbot.waitUntil(lambda: not training.evaluation.running, timeout=WAIT)
    assert controller.warnings == [] and view.evaluate_model.isEnabled()
    runs = tmp_path / "runs"
    assert not runs.exists() or list(runs.iterdir()) == []


def test_a_file_that_needs_predict_py_options_says_how_to_give_them(qtbot, training, tmp_path):
    """Core's words name predict.py's options; the box said only "give --arch resnet18", and this window has no
    --arch to give: it now says that predict.py takes it, and how to state it in a model file to evaluate."""
    import torch

    from core.models.registry import build_model
    window, controller, training = training
    view = training.window
    mislabelled = tmp_path / "theirs.pt"  # resnet18 weights in a file that says resnet34
    torch.save({"state_dict": build_model("resnet18", 10).state_dict(), "arch": "resnet34"}, mislabelled)
    answer_model_then_folder(qtbot, mislabelled, DEMO_DATA)
    choose_menu_item(qtbot, view, "File", view.evaluate_model)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    assert controller.warnings == [
        "these weights are a resnet18's, though the file says resnet34: give --arch resnet18; to evaluate it here, give "
        f"--arch to predict.py once: predict.py --model {mislabelled} --arch NAME --save-model mine.pt, then evaluate "
        "mine.pt"]
