"""A file that cannot be read says why in the window's language (results.csv keeps predict.py's English)."""
from PyQt5.QtWidgets import QTableView

from tests.app.test_language_menu import choose_language
from tests.app.test_main_window import folder, noise_images  # noqa: F401 - a fixture
from tests.user import click_table_row, click_toolbar, open_model_and_folder

WAIT = 60_000


def test_an_unreadable_file_says_why_in_chinese(qtbot, gui, tiny_model_file, folder, tmp_path):  # noqa: F811
    """The reason stayed English inside a Chinese line: "无法显示此文件：not an image file …"."""
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, tiny_model_file, folder, WAIT)
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.run.iconText() == "运行", timeout=5000)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    table = window.results.findChild(QTableView, "results")
    model = table.model()
    row = next(r for r in range(model.rowCount()) if "broken.jpg" in model.index(r, 0).data())
    error_column = model.columnCount() - 1
    assert model.index(row, error_column).data() == "不是图像文件（无法识别格式）"
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_table_row(qtbot, table, row)
    assert "broken.jpg: 不是图像文件（无法识别格式）" in window.triptych.caption()
    assert window.triptych.panel("original").message() == "无法显示此文件：不是图像文件（无法识别格式）"
    assert "broken.jpg  ✗ 不是图像文件（无法识别格式）" in window.log.toPlainText()
