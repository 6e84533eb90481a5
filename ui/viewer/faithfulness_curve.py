"""The heatmap's deletion and insertion curves, small, beside the faithfulness line under the picture.

Deletion (red): the explained class's probability as the heatmap's most relevant pixels are blurred
away, most relevant first; a faithful map makes it fall at once. Insertion (green): the probability as
those pixels are put back into the blurred image; a faithful map makes it rise at once. The numbers
come from core/explain/faithfulness.py; this widget only draws them (ui never imports torch).
"""
from __future__ import annotations

from PyQt5.QtCore import QPointF, QRectF, QSize, Qt
from PyQt5.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PyQt5.QtWidgets import QSizePolicy, QWidget

from ui.theme_colours import colour as theme_colour
from ui.widgets.retranslate import Retranslating

PLOT = QSize(120, 44)
MARK = 12  # the short line in front of each name of the key


class FaithfulnessCurve(Retranslating, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("faithfulness_curve")
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.curves: tuple = ()  # (fractions, deletion, insertion), for tests and painting
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr(
            "Red: the class probability as the heatmap's most relevant pixels are blurred away (0 → 100 %); "
            "green: as they are put back into the blurred image. A faithful heatmap makes red fall and green rise "
            "at once."))
        self.updateGeometry()  # the key's names set the width

    def _key(self) -> tuple[tuple[str, str], ...]:
        """Each curve's name and colour, as the key left of the plot says them."""
        return ((self.tr("deletion"), "bad"), (self.tr("insertion"), "good"))

    def _key_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _key_width(self) -> int:
        metrics = QFontMetrics(self._key_font())
        return MARK + 4 + max(metrics.horizontalAdvance(name) for name, _ in self._key()) + 6

    def sizeHint(self) -> QSize:
        return QSize(self._key_width() + PLOT.width(), PLOT.height())

    def set_curves(self, fractions, deletion, insertion) -> None:
        """Show the two curves (each a probability per fraction of pixels, fractions 0..1); None hides it."""
        if fractions is None:
            self.curves = ()
            self.hide()
            return
        self.curves = (tuple(fractions), tuple(deletion), tuple(insertion))
        self.show()
        self.update()

    def paintEvent(self, event) -> None:
        if not self.curves:
            return
        fractions, deletion, insertion = self.curves
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        self._paint_key(painter)
        area = QRectF(self.rect()).adjusted(self._key_width() + 2, 2, -2, -2)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(area)
        for values, colour in ((deletion, theme_colour("bad")), (insertion, theme_colour("good"))):
            path = QPainterPath()
            for i, (x, y) in enumerate(zip(fractions, values)):
                point = QPointF(area.left() + x * area.width(), area.bottom() - max(0.0, min(1.0, y)) * area.height())
                path.moveTo(point) if i == 0 else path.lineTo(point)
            painter.setPen(QPen(colour, 1.6, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
            painter.drawPath(path)
        painter.end()

    def _paint_key(self, painter: QPainter) -> None:
        painter.setFont(self._key_font())
        line = painter.fontMetrics().height()
        top = (self.height() - 2 * line) / 2
        for i, (name, colour) in enumerate(self._key()):
            middle = top + (i + 0.5) * line
            painter.setPen(QPen(theme_colour(colour), 1.6, Qt.SolidLine, Qt.RoundCap))
            painter.drawLine(QPointF(1, middle), QPointF(1 + MARK, middle))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(MARK + 5, top + i * line, self.width(), line), Qt.AlignLeft | Qt.AlignVCenter, name)
