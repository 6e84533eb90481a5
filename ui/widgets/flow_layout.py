"""A layout that puts widgets left to right and wraps them onto more rows when the panel is narrow.

Its height depends on the width it gets (height for width): the results' filter bar and the training
form's augmentation check boxes use it.
"""
from __future__ import annotations

from PyQt5.QtCore import QRect, QSize, Qt, QTimer
from PyQt5.QtWidgets import QLayout


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them when the panel is narrow."""

    def __init__(self, parent=None, spacing=6):
        super().__init__(parent)
        self._items = []
        self._asked = None  # (width, height): the last height asked of the layout around (setGeometry)
        self._ask_again = QTimer(self, singleShot=True, interval=0)  # once this layout pass is over
        self._ask_again.timeout.connect(self._ask)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item):
        self._items.append(item)

    def count(self):
        return len(self._items)

    def itemAt(self, i):
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i):
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientations()

    def hasHeightForWidth(self):
        return True

    def heightForWidth(self, width):
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect):
        super().setGeometry(rect)
        needed = self._place(rect, move=True)
        # The layout around can size this one for another width than it then gives it (the training form, its
        # label column just changed with the language: the last row of augmentations clipped). Ask once more,
        # for this width: once per width and height while short of it, so a parent that cannot give more is not
        # asked forever.
        if needed <= rect.height():
            self._asked = None
        elif self._asked != (rect.width(), needed):
            self._asked = (rect.width(), needed)
            self._ask_again.start()

    def _ask(self):
        if self.parentWidget() is not None:
            self.parentWidget().updateGeometry()

    def sizeHint(self):
        return self.minimumSize()

    def minimumSize(self):
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect, move):
        """Lay the items out in `rect` (with `move`), or only measure; the height the rows take."""
        x, y, line_height = rect.x(), rect.y(), 0
        line = []  # (item, x, width, height) of the row being filled
        for item in self._items:
            if item.isEmpty():
                continue
            hint, least = item.sizeHint(), item.minimumSize().width()
            room = rect.right() + 1 - x
            if x > rect.x() and least > room:  # wrap unless it fits squeezed to its minimum
                self._move_row(line, y, line_height, move)
                x, y, line_height, line = rect.x(), y + line_height + self.spacing(), 0, []
                room = rect.width()
            width = max(least, min(hint.width(), room))
            line.append((item, x, width, hint.height()))
            x += width + self.spacing()
            line_height = max(line_height, hint.height())
        self._move_row(line, y, line_height, move)
        return y + line_height - rect.y()

    @staticmethod
    def _move_row(line, y, line_height, move):
        """Each item of a row centred on it: in Chinese a box named in Latin letters ("TrivialAugment") is shorter
        than its neighbours named in Chinese, and sat higher than them at the row's top. Half a pixel goes down: a
        check box's indicator sits at the floor of its own half (26 px high at 6, 23 px at 4), so 3 px shorter
        boxes go 2 px down to stand level."""
        if move:
            for item, x, width, height in line:
                item.setGeometry(QRect(x, y + (line_height - height + 1) // 2, width, height))
