"""A status bar whose passing messages end in "…" instead of disappearing under its permanent widgets.

Qt draws a temporary message clipped where the permanent widgets (the run's progress, the model) begin:
"Overlays and results will be saved to /tmp/ua/zh" ran straight into "360.8 images/s" with nothing to say
it was cut. Long paths are shortened in the middle, so the folder's own name stays, and the whole message
is the status bar's tooltip while it shows.
"""
from __future__ import annotations

from PyQt5.QtCore import QElapsedTimer, QEvent, Qt
from PyQt5.QtWidgets import QStatusBar

GAP = 12  # px between the message and the first permanent widget


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._permanent = []
        self._full, self._timeout = "", 0
        self._shown_for = QElapsedTimer()
        self.messageChanged.connect(self._on_message_changed)

    def addPermanentWidget(self, widget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)
        widget.installEventFilter(self)  # it grows, shows or hides: the room for the message changes

    def showMessage(self, text: str, timeout: int = 0) -> None:
        self._full, self._timeout = text, timeout
        self._shown_for.start()
        self._show_elided()

    def eventFilter(self, watched, event):
        if event.type() in (QEvent.Resize, QEvent.Move, QEvent.Show, QEvent.Hide) and self._full:
            self._show_elided()
        return False

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._full:
            self._show_elided()

    def _show_elided(self) -> None:
        left = min((w.x() for w in self._permanent if w.isVisible()), default=self.width())
        room = max(left - GAP, 40)
        text = self.fontMetrics().elidedText(self._full, Qt.ElideMiddle, room)
        remaining = 0
        if self._timeout:
            remaining = self._timeout - self._shown_for.elapsed()
            if remaining <= 0:
                self.clearMessage()
                return
        if text != super().currentMessage():
            super().showMessage(text, remaining)  # Qt's timer restarts: with what is left of the message's time
        self.setToolTip(self._full if text != self._full else "")

    def currentMessage(self) -> str:
        """The message as it was given; what shows may be shortened (shown_message)."""
        return self._full or super().currentMessage()

    def shown_message(self) -> str:
        return super().currentMessage()

    def _on_message_changed(self, text: str) -> None:
        if not text:  # timed out or cleared: nothing to shorten any more
            self._full = ""
            self.setToolTip("")
