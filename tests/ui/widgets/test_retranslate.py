"""A language switch reaches what is already on screen: an open Compare Methods dialog says its cells,
header and status again from what it was given, a download dialog its progress; status lines said
with TranslatedLabel.say follow, texts given with setText stay as they are."""
from types import SimpleNamespace

import numpy as np
import pytest
from PyQt5.QtWidgets import QApplication, QLabel, QPushButton

from app.i18n import install_translator
from ui.training.weights_download_dialog import WeightsDownloadDialog
from ui.viewer.compare_dialog import CompareDialog
from ui.widgets.retranslate import TranslatedLabel


@pytest.fixture
def switch(qtbot):
    """switch("zh_CN") as View → Language does it; English again afterwards, for the tests after these."""
    app = QApplication.instance()

    def to(language):
        install_translator(app, language)
        app.processEvents()  # the LanguageChange events Qt posts to every window
    yield to
    to("en")


def text(cell, name):
    return cell.findChild(QLabel, name).text()


def test_an_open_comparison_is_said_again_in_the_new_language(qtbot, switch):
    dialog = CompareDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start("a.png", [("gradcam", "Grad-CAM"), ("layercam", "LayerCAM"), ("scorecam", "Score-CAM")], "gradcam")
    overlay = np.full((176, 120, 3), 90, dtype=np.uint8)
    score = SimpleNamespace(verdict="faithful", before=0.9, after=0.1, after_random=0.8, share=0.7,
                            deletion=(0.9, 0.1, 0.05))
    dialog.add_result(SimpleNamespace(method="gradcam", overlay=overlay, score=score, seconds=0.05, note=None,
                                      error=None, explained="Bag"))
    cells = dialog.cells
    assert text(cells["gradcam"], "time") == "time: 50 ms" and text(cells["scorecam"], "picture") == "waiting…"

    switch("zh_CN")
    assert dialog.windowTitle() == "比较方法"
    assert "各方法对 <b>Bag</b> 的热力图" in dialog.header.text()
    assert dialog.status.text() == "已完成 1/3…"
    assert text(cells["gradcam"], "time") == "耗时：50 ms" and "可信" in text(cells["gradcam"], "verdict")
    assert cells["gradcam"].picture.pixmap() is not None and not cells["gradcam"].picture.pixmap().isNull()
    assert text(cells["layercam"], "picture") == "计算中…" and text(cells["scorecam"], "picture") == "等待中…"
    assert cells["gradcam"].findChild(QPushButton, "use").text() == "使用中"
    assert cells["layercam"].findChild(QPushButton, "use").text() == "使用此方法"

    switch("en")
    assert dialog.windowTitle() == "Compare Methods" and dialog.status.text() == "1 of 3 done…"
    assert text(cells["gradcam"], "time") == "time: 50 ms" and text(cells["scorecam"], "picture") == "waiting…"


def test_a_download_in_progress_keeps_its_numbers_in_the_new_language(qtbot, switch):
    dialog = WeightsDownloadDialog(None, "resnet18.pth", "https://example.org/resnet18.pth")
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "Connecting…"
    switch("zh_CN")
    assert dialog.windowTitle() == "正在下载预训练权重" and dialog.amount.text() == "正在连接…"
    dialog.set_progress(5 * 2**20, 10 * 2**20, 2**20)
    said = dialog.amount.text()
    switch("en")
    assert dialog.amount.text() != said and "5.0" in dialog.amount.text() and "MB/s" in dialog.amount.text()


def test_a_said_status_line_follows_and_a_set_one_stays(qtbot, switch):
    label = TranslatedLabel()
    qtbot.addWidget(label)
    label.say(lambda: label.tr("Not running"))
    switch("zh_CN")
    assert label.text() == "未运行"
    label.setText("training stopped: disk full")  # a message made elsewhere, already in words
    switch("en")
    assert label.text() == "training stopped: disk full"


def test_an_open_model_settings_dialog_keeps_what_the_user_typed(qtbot, switch):
    from ui.viewer.model_settings_dialog import ModelSettingsDialog
    values = {"arch": "resnet18", "input_size": (64, 64), "resize_mode": "stretch", "mean": (0.5,) * 3,
              "std": (0.5,) * 3, "class_names": ["cat", "dog"], "num_classes": 3, "assumed": ["input_size"]}
    dialog = ModelSettingsDialog(None, "m.pt", values, ["resnet18"])
    qtbot.addWidget(dialog)
    dialog.height.setValue(96)
    size_label = dialog._form.labelForField(dialog.height.parentWidget())
    assert size_label.text() == "⚠ Input size (height × width):" and "(2 now)" in dialog.problem.text()

    switch("zh_CN")
    assert dialog.windowTitle() == "模型设置" and dialog.use.text() == "使用这些设置"
    assert size_label.text() == "⚠ 输入尺寸（高 × 宽）："  # still marked as guessed
    assert dialog.resize_mode.currentText() == "拉伸到输入尺寸"
    assert dialog.problem.text() == "模型有 3 个输出：请给出 3 个类别名称，每行一个（当前 2 个）。"
    assert dialog.values()["input_size"] == (96, 64) and dialog.values()["resize_mode"] == "stretch"
    switch("en")
    assert dialog.windowTitle() == "Model Settings" and dialog.resize_mode.currentText() == "Stretch to the input size"
