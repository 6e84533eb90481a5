"""A read-only log that keeps its last line in view until the user scrolls up to read.

QPlainTextEdit follows appended lines only while its scroll bar sits at the very end, so anything
that grows the scroll range without a new line (a smaller window, the splitter dragged, long lines
wrapping in a narrower panel) left it short of the end, and from then on it stopped following: at
1000×650 the training log still showed epoch 2 while the run was at epoch 5. Here following is a
state: the user leaves it by scrolling up and comes back by scrolling to the end; a change of the
range alone keeps it.
"""
from __future__ import annotations

from PyQt5.QtWidgets import QPlainTextEdit

MAX_LINES = 20_000  # a week-long session must not grow without bound


class LogView(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent, readOnly=True)
        self.setMaximumBlockCount(MAX_LINES)
        self._following = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._moved)
        bar.rangeChanged.connect(self._range_changed)

    def following(self) -> bool:
        """Whether new lines scroll into view (the user has not scrolled up)."""
        return self._following

    def _moved(self, value: int) -> None:
        self._following = value >= self.verticalScrollBar().maximum()

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._following:
            self.verticalScrollBar().setValue(maximum)
