"""Help → Keyboard Shortcuts in Chinese: each key stands on the same line as what it does. Qt's rich-text table
put each cell's text at its top, and a line with Chinese in it is taller (the CJK font's ascent), so every key
("Ctrl+O", bold Latin) sat 4 px above its description (打开图像文件夹…) at 1000×650 on X11."""
from PyQt5.QtGui import QTextDocument
from PyQt5.QtWidgets import QLabel, QMessageBox

from tests.app.test_language_menu import choose_language
from tests.user import choose_menu_item, when_dialog_opens


def _baselines(html: str, font) -> list[tuple[float, float]]:
    """Where the first line of each row's two cells has its baseline, as a QLabel lays that text out (on one
    line each, as the dialog shows them)."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(html)
    table = document.rootFrame().childFrames()[0]
    layout = document.documentLayout()

    def baseline(row: int, column: int) -> float:
        block = table.cellAt(row, column).firstCursorPosition().block()
        line = block.layout().lineAt(0)
        return layout.blockBoundingRect(block).y() + line.y() + line.ascent()
    return [(baseline(row, 0), baseline(row, 1)) for row in range(table.rows())]


def test_each_key_stands_on_the_line_of_what_it_does_in_chinese(qtbot, gui):
    window, _ = gui
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.run.iconText() == "运行", timeout=5000)
    shown = []

    def read_and_close(box: QMessageBox):
        label = next(label for label in box.findChildren(QLabel) if "<table>" in label.text())
        shown.append((label.text(), label.font()))
        box.accept()
    when_dialog_opens(read_and_close, QMessageBox)
    choose_menu_item(qtbot, window, window.help_menu.title().replace("&", ""), window.shortcuts)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    html, font = shown[0]
    assert "打开图像文件夹" in html
    rows = _baselines(html, font)
    assert len(rows) > 15
    assert [round(key - text, 1) for key, text in rows] == [0.0] * len(rows), rows
