"""The heatmap's key: its colour map as a vertical bar, "high" at the top and "low" at the bottom.

Each map is scaled to its own range before colouring, so the bar reads relative to this image:
red (in jet) is where this map is highest, not a fixed level of evidence.
"""
from __future__ import annotations

import numpy as np
from PyQt5.QtCore import QRect, QSize, Qt
from PyQt5.QtGui import QPainter
from PyQt5.QtWidgets import QWidget

from ui.widgets.qimage import rgb_to_qimage
from ui.widgets.retranslate import Retranslating

BAR_WIDTH = 12


class ColourBar(Retranslating, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._image = None
        self.setObjectName("colourBar")
        self.retranslate()

    def retranslate(self) -> None:  # "high" and "low" are painted; their width sets the bar's
        self.setToolTip(self.tr("Heatmap colours, from this image's highest values (top) to its lowest (bottom)"))
        self.updateGeometry()

    def set_colours(self, rgb: np.ndarray | None) -> None:
        """A 256×1 (or N×1) RGB column, top = high; None hides the bar."""
        self._image = None if rgb is None else rgb_to_qimage(np.ascontiguousarray(rgb))
        self.setVisible(rgb is not None)
        self.update()

    def _labels(self) -> tuple[str, str]:
        return self.tr("high"), self.tr("low")

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance(text) for text in self._labels())
        return QSize(max(width, BAR_WIDTH) + 4, 120)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), 3 * self.fontMetrics().height())

    def paintEvent(self, event) -> None:
        if self._image is None:
            return
        high, low = self._labels()
        line = self.fontMetrics().height()
        with QPainter(self) as painter:
            painter.drawText(QRect(0, 0, self.width(), line), Qt.AlignHCenter | Qt.AlignTop, high)
            painter.drawText(QRect(0, self.height() - line, self.width(), line), Qt.AlignHCenter | Qt.AlignBottom, low)
            bar = QRect((self.width() - BAR_WIDTH) // 2, line + 2, BAR_WIDTH, self.height() - 2 * line - 4)
            painter.drawImage(bar, self._image)
