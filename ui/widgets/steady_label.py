"""A word-wrapped label whose height does not shrink while its width stays the same.

Under the pictures the caption is one line when an image appears and two or three once its heatmap
has been scored (the faithfulness line), so the pictures above it grew and shrank by 60 px at every
image of an autoplay. Holding the tallest height the caption has needed at this width keeps them
still; a new width (the window resized) starts again from the caption's own height.
"""
from __future__ import annotations

from PyQt5.QtWidgets import QLabel


class SteadyLabel(QLabel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._width = -1  # the width the floor was found at
        self._floor = 0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width, height = event.size().width(), event.size().height()
        if width != self._width:
            self._width, self._floor = width, 0
            self.setMinimumHeight(0)  # this height still held the old width's floor; the layout now finds its own
            return
        if height > self._floor:
            self._floor = height
            self.setMinimumHeight(height)
