"""The results table view: it says when the user moved its current row.

A click, a drag or ↑/↓ in the table shows that image, as the slider and ←/→ do. The selection
model's currentRowChanged cannot say who moved the row: a filter that hides the current row, a
sort, or the rows a running classification appends move it too, and showing each of those would
send the viewer elsewhere (and stop autoplay) behind the user's back. So the view compares its
current row before and after each mouse and key event it handles itself.
"""
from __future__ import annotations

from PyQt5.QtCore import QModelIndex, QPersistentModelIndex, pyqtSignal
from PyQt5.QtWidgets import QTableView


class ResultsTable(QTableView):
    userMoved = pyqtSignal(QModelIndex)  # the new current index (of the view's model)

    def mousePressEvent(self, event):
        self._watching(super().mousePressEvent, event)

    def mouseMoveEvent(self, event):
        self._watching(super().mouseMoveEvent, event)

    def keyPressEvent(self, event):
        self._watching(super().keyPressEvent, event)

    def _watching(self, handle, event) -> None:
        before = QPersistentModelIndex(self.currentIndex())
        handle(event)
        current = self.currentIndex()
        if current.isValid() and current.row() != before.row():
            self.userMoved.emit(current)
