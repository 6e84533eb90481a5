"""Enter in Model Settings uses the settings, as its highlighted default button says: it opened the
"Class Names" file chooser of Read from File… instead, the first button in the dialog."""
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFileDialog, QWidget

from ui.viewer.model_settings_dialog import ModelSettingsDialog

VALUES = {"arch": "resnet18", "input_size": (224, 224), "resize_mode": "stretch", "mean": (0.485, 0.456, 0.406),
          "std": (0.229, 0.224, 0.225), "class_names": ["cat", "dog", "bird"], "num_classes": 3, "tta": "off",
          "assumed": ["input_size", "resize_mode", "mean", "std"], "locked": []}


def test_enter_in_a_field_uses_these_settings(qtbot, monkeypatch):
    chooser = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: chooser.append(a) or ("", ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ModelSettingsDialog(parent, "theirs.pth", VALUES, ["resnet18", "resnet34"])
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.height.hasFocus, timeout=2000)  # where the dialog puts the cursor
    qtbot.keyClicks(dialog.height.lineEdit(), "64")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.height.lineEdit(), Qt.Key_Return)
    assert not chooser and dialog.result() == ModelSettingsDialog.Accepted
