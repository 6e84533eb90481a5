"""The log keeps its last line in view through resizes, and stays where the user scrolled up to read."""
from PyQt5.QtCore import QPoint, Qt

from ui.widgets.log_view import LogView


def last_line_in_view(log: LogView) -> bool:
    bar = log.verticalScrollBar()
    return bar.value() == bar.maximum() > 0


def test_a_smaller_window_does_not_stop_the_log_following_new_lines(qtbot):
    log = LogView()
    qtbot.addWidget(log)
    log.resize(600, 300)
    log.show()
    for i in range(50):
        log.appendPlainText(f"epoch {i}")
    qtbot.waitUntil(lambda: last_line_in_view(log))
    log.resize(400, 120)  # the window made smaller: more lines than fit, long ones wrap
    for i in range(50, 60):
        log.appendPlainText(f"epoch {i} " + "train loss 0.1234 acc 0.9876 " * 6)
    qtbot.waitUntil(lambda: last_line_in_view(log))
    assert log.following()


def test_a_user_scrolled_up_to_read_is_left_there_until_back_at_the_end(qtbot):
    log = LogView()
    qtbot.addWidget(log)
    log.resize(400, 200)
    log.show()
    for i in range(80):
        log.appendPlainText(f"epoch {i}")
    qtbot.waitUntil(lambda: last_line_in_view(log))
    bar = log.verticalScrollBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=QPoint(bar.width() // 2, bar.height() // 4))  # the track above the handle
    reading = bar.value()
    assert reading < bar.maximum() and not log.following()
    log.appendPlainText("epoch 80")
    log.resize(300, 150)
    assert bar.value() == reading  # the lines being read stay put
    qtbot.mouseClick(bar, Qt.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - 20))
    while bar.value() < bar.maximum():  # page down to the end, as a user clicks below the handle
        qtbot.mouseClick(bar, Qt.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - 20))
    log.appendPlainText("epoch 81 " + "long " * 40)
    qtbot.waitUntil(lambda: last_line_in_view(log))
    assert log.following()
