"""A model file whose settings GradLens had to guess is used only once the user answers for them:
Cancel in Model Settings leaves it unopened and the model in use stays (it was swapped in behind
the dialog, and Cancel kept it, classifying a shoe as "class_97 3.2 %")."""
import pytest
import torch
from PyQt5.QtWidgets import QDialogButtonBox

from tests.user import answer_file_dialog, choose_menu_item, click

WAIT = 60_000


@pytest.fixture
def weights_only(tmp_path):
    """A plain state dict, as torch.save(model.state_dict()) writes it: 5 classes, nothing else said."""
    from core.models.registry import build_model
    torch.manual_seed(0)
    path = tmp_path / "sd_resnet18.pt"
    torch.save(build_model("resnet18", 5).state_dict(), path)
    return path


def _load_model(qtbot, window, path):
    answer_file_dialog(qtbot, str(path))
    choose_menu_item(qtbot, window, "File", window.load_model)


def _settings_dialog(qtbot, controller):
    qtbot.waitUntil(lambda: controller.model_settings.dialog is not None
                    and controller.model_settings.dialog.isVisible(), timeout=WAIT)
    return controller.model_settings.dialog


def _cancel(qtbot, controller, dialog):
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Cancel))
    qtbot.waitUntil(lambda: controller.model_settings.dialog is None, timeout=WAIT)


def test_cancel_on_the_first_model_of_the_session_opens_nothing_and_asks_again(qtbot, gui, weights_only):
    window, controller = gui
    _load_model(qtbot, window, weights_only)
    dialog = _settings_dialog(qtbot, controller)
    assert controller.loaded is None and window.model_status.text() == "No model"  # nothing swapped in behind it
    assert not window.model_settings.isEnabled() and not window.save_model_as.isEnabled()
    _cancel(qtbot, controller, dialog)
    assert controller.loaded is None and window.model_status.text() == "No model"
    assert window.cam._target.count() <= 1  # no class_0..class_4 to explain
    log = window.log.toPlainText()
    assert "sd_resnet18.pt was not opened" in log and "model note" not in log
    assert window.statusBar().currentMessage() == "sd_resnet18.pt was not opened"
    _load_model(qtbot, window, weights_only)  # the same file again: its guesses are asked about again
    dialog = _settings_dialog(qtbot, controller)
    assert dialog.classes.toPlainText().splitlines() == [f"class_{i}" for i in range(5)]
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert controller.loaded.path == str(weights_only) and controller.loaded.assumed == []
    assert "sd_resnet18.pt (resnet18, 5 classes)" in window.model_status.text()


def test_cancel_keeps_the_model_already_in_use(qtbot, gui, tiny_model_file, weights_only):
    window, controller = gui
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _load_model(qtbot, window, tiny_model_file)
    in_use = controller.loaded
    _load_model(qtbot, window, weights_only)
    dialog = _settings_dialog(qtbot, controller)
    assert controller.loaded is in_use and window.model_status.text() == "Model: tiny.pt (resnet18, 3 classes)"
    _cancel(qtbot, controller, dialog)
    assert controller.loaded is in_use and window.model_status.text() == "Model: tiny.pt (resnet18, 3 classes)"
    assert [window.cam._target.itemText(i) for i in range(1, window.cam._target.count())] == ["cat", "dog", "bird"]
    message = "sd_resnet18.pt was not opened: the previous model stays loaded."
    assert message in window.log.toPlainText() and window.statusBar().currentMessage() == message
    # File → Model Settings… is about the model in use, and its Cancel changes nothing.
    choose_menu_item(qtbot, window, "File", window.model_settings)
    dialog = _settings_dialog(qtbot, controller)
    assert dialog.windowTitle() == "Model Settings" and "tiny.pt" in dialog._intro.text()
    _cancel(qtbot, controller, dialog)
    assert controller.loaded is in_use and window.log.toPlainText().count("was not opened") == 1
