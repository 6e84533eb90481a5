"""A model file from elsewhere, opened in the window: the Model Settings dialog asks what the file
does not say, the answers are used, remembered, and saved into a GradLens model file."""
import os
import pickle

import pytest
import torch
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFormLayout, QInputDialog, QMessageBox

from tests.user import answer_file_dialog, choose_menu_item, click, when_dialog_opens

WAIT = 60_000


@pytest.fixture
def foreign(tmp_path):
    from core.models.registry import build_model
    torch.manual_seed(0)
    path = tmp_path / "theirs.pth"
    torch.save(build_model("resnet18", 3).state_dict(), path)
    return path


def _open_model(qtbot, window, controller, path):
    answer_file_dialog(qtbot, str(path))
    choose_menu_item(qtbot, window, "File", window.load_model)


def _settings_dialog(qtbot, controller):
    qtbot.waitUntil(lambda: controller.model_settings.dialog is not None
                    and controller.model_settings.dialog.isVisible(), timeout=WAIT)
    return controller.model_settings.dialog


def _labels(dialog):
    form = dialog.findChild(QFormLayout)
    return [form.itemAt(row, QFormLayout.LabelRole).widget().text() for row in range(form.rowCount())]


def _type_over(qtbot, field, text):
    """Click into a field, select all, type (no Enter: in a dialog it would press the default button)."""
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    _type_lines(qtbot, field, text)


def _type_lines(qtbot, field, text):
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(field, Qt.Key_Return)
        qtbot.keyClicks(field, line)


def test_guessed_settings_are_asked_for_used_and_saved(qtbot, gui, foreign, tmp_path):
    window, controller = gui
    _open_model(qtbot, window, controller, foreign)
    dialog = _settings_dialog(qtbot, controller)
    assert controller.loaded is None  # not used with guesses: only once they are answered
    labels = _labels(dialog)
    assert "⚠ Input size (height × width):" in labels and "⚠ Class names (3):" in labels
    assert "Architecture:" in labels and dialog.arch.currentText() == "resnet18"  # recognised from the layers
    assert "⚠ Normalisation:" in labels and "Mean (R, G, B):" in labels
    assert dialog.classes.toPlainText() == "class_0\nclass_1\nclass_2"
    _type_over(qtbot, dialog.height.lineEdit(), "64")
    _type_over(qtbot, dialog.width.lineEdit(), "64")
    _type_over(qtbot, dialog.classes, "cat\ndog")
    assert not dialog.use.isEnabled() and "give 3 class names" in dialog.problem.text()
    _type_lines(qtbot, dialog.classes, "\nbird")
    assert dialog.use.isEnabled() and not dialog.problem.isVisible()
    saved = tmp_path / "mine.pt"
    asked = answer_file_dialog(qtbot, str(saved))
    click(qtbot, dialog.use_and_save)
    assert asked == ["Save as GradLens Model"]
    qtbot.waitUntil(lambda: controller.loaded is not None and controller.loaded.path == str(saved), timeout=WAIT)
    assert controller.loaded.assumed == [] and controller.loaded.class_names == ["cat", "dog", "bird"]
    assert controller.loaded.preprocess.input_size == (64, 64)
    assert "mine.pt" in window.model_status.text()
    assert f"saved as a GradLens model file: {saved}" in window.log.toPlainText()
    assert foreign.exists()  # the user's own file is left as it was
    from core.models.modelfile import load_model_file
    again = load_model_file(saved)
    assert again.assumed == [] and again.preprocess.input_size == (64, 64) and again.class_names == ["cat", "dog", "bird"]
    assert controller.model_settings.dialog is None


def test_cancel_opens_nothing_and_answers_are_remembered(qtbot, gui, foreign):
    window, controller = gui
    _open_model(qtbot, window, controller, foreign)
    dialog = _settings_dialog(qtbot, controller)
    dialog.reject()  # Esc
    qtbot.waitUntil(lambda: controller.model_settings.dialog is None, timeout=WAIT)
    assert controller.loaded is None and "theirs.pth was not opened" in window.log.toPlainText()
    _open_model(qtbot, window, controller, foreign)  # asked again, since nothing was answered
    dialog = _settings_dialog(qtbot, controller)
    _type_over(qtbot, dialog.height.lineEdit(), "96")
    _type_over(qtbot, dialog.width.lineEdit(), "96")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert controller.loaded.preprocess.input_size == (96, 96) and controller.loaded.assumed == []
    # Opened again later: the answers are remembered, nothing is asked.
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _open_model(qtbot, window, controller, foreign)
    assert controller.loaded.preprocess.input_size == (96, 96)
    qtbot.wait(300)
    assert controller.model_settings.dialog is None


class _RunsACommand:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_file_with_code_is_refused_in_the_window(qtbot, gui, tmp_path):
    window, controller = gui
    marker, path = tmp_path / "it_ran", tmp_path / "evil.pt"
    with open(path, "wb") as handle:
        pickle.dump({"weights": _RunsACommand(marker)}, handle, protocol=4)
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        _open_model(qtbot, window, controller, path)
    assert len(controller.warnings) == 1
    assert "evil.pt contains code that would run when the file is opened" in controller.warnings[0]
    assert "did not run it" in controller.warnings[0]
    assert not marker.exists() and controller.loaded is None


def test_test_time_augmentation_is_chosen_in_model_settings_and_classifies_with_it(
        qtbot, gui, tiny_model_file, tmp_path, write_image):
    from core.data.scan import scan_images
    from core.inference.predict import Classifier, classify_files
    from core.models.modelfile import load_model_file
    from tests.user import choose_in_combo, click_toolbar, open_model_and_folder
    window, controller = gui
    folder = tmp_path / "images"
    for i in range(3):
        write_image(folder / f"{i}.png", seed=i)
    open_model_and_folder(qtbot, window, controller, tiny_model_file, folder, WAIT)
    choose_menu_item(qtbot, window, "File", window.model_settings)
    dialog = _settings_dialog(qtbot, controller)
    assert "Test-time augmentation:" in _labels(dialog) and dialog.tta.currentData() == "off"  # as trained
    choose_in_combo(qtbot, dialog.tta, "Flip: the image and its mirror image")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert controller.loaded.config["tta"] == "flip"
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    shown = {row.relpath: row.probability for row in controller.rows.values()}
    flipped = Classifier(load_model_file(tiny_model_file), "cpu", None, tta="flip")
    expected = {p.relpath: p.probability for p in classify_files(flipped, scan_images(folder), folder)}
    plain = Classifier(load_model_file(tiny_model_file), "cpu", None, tta="off")
    as_is = {p.relpath: p.probability for p in classify_files(plain, scan_images(folder), folder)}
    assert shown.keys() == expected.keys() and len(shown) == 3
    assert all(abs(shown[k] - expected[k]) < 1e-4 for k in shown) and shown != as_is


def test_a_pickled_model_opened_once_is_not_asked_about_again_when_its_answers_reload_it(qtbot, gui, tmp_path,
                                                                                          monkeypatch):
    """Open → "Untrusted model file" → Open, then Model Settings' Use (or Use and Save): the same question came
    again before the file was reloaded with the answers."""
    from core.models.registry import build_model
    window, controller = gui
    path = tmp_path / "whole.pth"
    torch.save(build_model("resnet18", 3), path)
    asked = []  # the warning box, answered Open (the fixture records warnings and answers OK)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.Open)
    _open_model(qtbot, window, controller, path)
    dialog = _settings_dialog(qtbot, controller)  # opened, with guesses to answer
    assert len(asked) == 1 and "Open it anyway?" in asked[0]
    _type_over(qtbot, dialog.height.lineEdit(), "64")
    _type_over(qtbot, dialog.width.lineEdit(), "64")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert len(asked) == 1 and controller.loaded.preprocess.input_size == (64, 64)


def test_weights_of_an_unrecognised_architecture_ask_which_it_is(qtbot, gui, tmp_path):
    """A timm state dict said "say which with --arch NAME, or check the file" with only OK: a dead end in the
    window, which has no --arch. It now asks, and the model loads with the answer."""
    import timm
    window, controller = gui
    path = tmp_path / "timm_resnet18d.pth"
    torch.save(timm.create_model("resnet18d", num_classes=3).state_dict(), path)
    asked = []

    def answer(dialog):
        asked.append(dialog.labelText())
        dialog.setTextValue("timm/resnet18d")
        dialog.accept()
    when_dialog_opens(answer, QInputDialog, WAIT)
    _open_model(qtbot, window, controller, path)
    dialog = _settings_dialog(qtbot, controller)  # loaded as timm/resnet18d, asking for what it still guessed
    assert asked and asked[0].startswith("timm_resnet18d.pth does not say which architecture it is")
    assert "⚠ Class names (3):" in _labels(dialog) and dialog.arch.currentText() == "timm/resnet18d"
    assert not controller.warnings
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert controller.loaded.arch == "timm/resnet18d" and controller.loaded.num_classes == 3
