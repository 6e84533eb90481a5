"""A passing message that does not fit beside the permanent widgets ends in "…", the whole of it in the tooltip."""
from PyQt5.QtWidgets import QLabel, QMainWindow

from ui.widgets.eliding_status_bar import ElidingStatusBar

LONG = "Overlays and results will be saved to /tmp/a very long folder name/that goes on and on/zh"


def test_a_message_too_long_for_the_room_left_is_shortened_in_the_middle_and_follows_the_room(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = ElidingStatusBar(window)
    window.setStatusBar(bar)
    speed = QLabel("")
    bar.addPermanentWidget(speed)
    bar.addPermanentWidget(QLabel("Model: demo_fashion_mnist.pt (small_resnet_s, 10 classes)"))
    window.resize(1600, 300)
    window.show()
    qtbot.waitExposed(window)
    bar.showMessage(LONG, 60_000)
    assert bar.shown_message() == LONG and bar.toolTip() == ""  # room enough
    speed.setText("360.8 images/s, 0:03 left")  # a run starts: the room shrinks under the message
    window.resize(1000, 300)

    def cut_to_fit():
        left = min(w.x() for w in (speed,))
        shown = bar.shown_message()
        return "…" in shown and shown.endswith("/zh") and bar.fontMetrics().horizontalAdvance(shown) <= left
    qtbot.waitUntil(cut_to_fit, timeout=5000)
    assert bar.toolTip() == LONG and bar.currentMessage() == LONG  # what was said, for whoever asks
    bar.clearMessage()
    assert bar.currentMessage() == "" and bar.toolTip() == ""
