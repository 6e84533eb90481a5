"""The Dataset tab's list of files left out, each with the reason it could not be read.

The reason is what the user acts on, so it is written whole wherever it fits; the path takes the rest of the width,
shortened in the middle (its folder is the dataset's, shown in the form; its file name stays) and whole in its
tooltip. Columns split 55/45 cut "not an image file (cannot identify format)" to "not an image file… identify
format)" at 1000×650 beside paths that all began with the same long dataset folder.
"""
from __future__ import annotations

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QHeaderView, QTreeWidget

MIN_PATH_SHARE = 0.35  # the paths keep at least this share of the width, so their file names show
CELL_PADDING = 16  # the item view's text margins on both sides, with room to spare


class UnreadableList(QTreeWidget):
    def __init__(self):
        super().__init__(objectName="unreadable", rootIsDecorated=False, uniformRowHeights=True)
        self.setColumnCount(2)
        self.setTextElideMode(Qt.ElideMiddle)
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(0, QHeaderView.Interactive)

    def size_columns(self) -> None:
        """The reasons' column as wide as its widest text (or header) where the width allows; the paths the rest."""
        width = self.viewport().width()
        texts = [self.topLevelItem(i).text(1) for i in range(self.topLevelItemCount())] + [self.headerItem().text(1)]
        needed = max(self.fontMetrics().horizontalAdvance(text) for text in texts) + CELL_PADDING
        self.setColumnWidth(0, max(int(width * MIN_PATH_SHARE), width - needed))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.size_columns()
