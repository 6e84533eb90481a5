"""A model file the window cannot use says why in the window's language, and so do the notes of a model
that loads (predict.py keeps core's English). In zh_CN they were English inside Chinese lines:
"无法加载模型 … notmodel.pt is not a model file: it is text starting …"."""
import torch
from PyQt5.QtCore import Qt

from tests.app.test_language_menu import choose_language
from tests.user import answer_file_dialog, choose_menu_item, click

WAIT = 60_000


def _load_model(qtbot, window, path):
    answer_file_dialog(qtbot, str(path))
    choose_menu_item(qtbot, window, window.file_menu.title().replace("&", ""), window.load_model)


def _in_chinese(qtbot, window):
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.run.iconText() == "运行", timeout=5000)


def test_why_a_model_file_cannot_be_used_is_said_in_chinese(qtbot, gui, tmp_path):
    from core.models.registry import build_model
    window, controller = gui
    _in_chinese(qtbot, window)
    text = tmp_path / "notmodel.pt"
    text.write_text("this is not a model\n")
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        _load_model(qtbot, window, text)
    assert controller.warnings == ["notmodel.pt 不是模型文件：它是以 'this is not a model' 开头的文本"]
    assert "notmodel.pt 不是模型文件：它是以 'this is not a model' 开头的文本" in window.log.toPlainText()
    whole = tmp_path / "whole.pt"
    torch.save(build_model("resnet18", 3), whole)
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        _load_model(qtbot, window, whole)  # the warning box is answered Cancel (the fixture's OK)
    body = controller.warnings[1]
    assert body.startswith("whole.pt 含有代码：它是整个被 pickle 保存的模型（torchvision.models.resnet.ResNet")
    assert "可以仍然打开" in body and body.endswith("仍要打开吗？请仅对来自可信来源的文件这样做。")
    assert "--trust-pickle" not in body and "in the window" not in body
    assert controller.loaded is None


def test_a_models_notes_are_said_in_chinese(qtbot, gui, tiny_model_file):
    window, controller = gui
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _load_model(qtbot, window, tiny_model_file)
    _in_chinese(qtbot, window)
    choose_menu_item(qtbot, window, window.file_menu.title().replace("&", ""), window.model_settings)
    qtbot.waitUntil(lambda: controller.model_settings.dialog is not None
                    and controller.model_settings.dialog.isVisible(), timeout=WAIT)
    dialog = controller.model_settings.dialog
    for field in (dialog.height.lineEdit(), dialog.width.lineEdit()):
        click(qtbot, field)
        qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
        qtbot.keyClicks(field, "32")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, dialog.use)
    assert controller.loaded.preprocess.input_size == (32, 32)
    assert "模型备注：输入尺寸按所给的 32×32，而不是文件中的 64×64" in window.log.toPlainText()
