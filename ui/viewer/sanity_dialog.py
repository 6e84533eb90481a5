"""The answer of Heatmap → Sanity Check…: the verdict in plain words and the curve of the cascade.

The curve is drawn with QPainter: similarity (Spearman, -1..1) of the maps with the trained model's
after each step of randomisation, the mean as a line, the range over the images as a band, and the
pass threshold dashed. Torch-free: it receives plain numbers (app/sanity_flow.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from PyQt5.QtCore import QEvent, QPointF, QRectF, Qt
from PyQt5.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF
from PyQt5.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from ui.theme_colours import colour as theme_colour


@dataclass
class SanityStepView:
    randomised: str  # the block randomised at this step (added to those above it)
    mean: float
    low: float
    high: float


def draw_curve(steps: list[SanityStepView], threshold: float, passes: bool, axis_label: str,
               size=(520, 260), palette: QPalette | None = None) -> QImage:
    """The similarity after each step as an image (the dialog shows it; tests and screenshots read it),
    in the colours of `palette` (default: the application's), so it suits the theme."""
    palette = palette if palette is not None else QApplication.palette()
    width, height = size
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(palette.color(QPalette.Base))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    plot = QRectF(64, 14, width - 80, height - 44)

    def point(i: int, value: float) -> QPointF:
        x = plot.left() + (plot.width() * i / max(1, len(steps) - 1) if len(steps) > 1 else plot.width() / 2)
        return QPointF(x, plot.top() + (1 - (max(-1.0, min(1.0, value)) + 1) / 2) * plot.height())

    for value in (-1.0, -0.5, 0.0, 0.5, 1.0):
        y = point(0, value).y()
        painter.setPen(QPen(palette.color(QPalette.Mid), 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(palette.color(QPalette.Text))
        painter.drawText(QRectF(0, y - 8, plot.left() - 6, 16), Qt.AlignRight | Qt.AlignVCenter, f"{value:g}")
    painter.setPen(QPen(palette.color(QPalette.Text), 1.5, Qt.DashLine))
    y = point(0, threshold).y()
    painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
    colour = theme_colour("good" if passes else "bad", palette)
    if steps:
        band = QPolygonF([point(i, s.high) for i, s in enumerate(steps)]
                         + [point(i, s.low) for i, s in reversed(list(enumerate(steps)))])
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(colour.red(), colour.green(), colour.blue(), 45))
        painter.drawPolygon(band)
        line = QPainterPath(point(0, steps[0].mean))
        for i, step in enumerate(steps[1:], 1):
            line.lineTo(point(i, step.mean))
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(colour, 2.5))
        painter.drawPath(line)
        painter.setBrush(colour)
        for i, step in enumerate(steps):
            painter.drawEllipse(point(i, step.mean), 4, 4)
        painter.setPen(palette.color(QPalette.Text))
        for i in range(len(steps)):
            x = point(i, 0).x()
            painter.drawText(QRectF(x - 20, plot.bottom() + 4, 40, 16), Qt.AlignCenter, str(i + 1))
    painter.save()
    painter.translate(14, plot.center().y())
    painter.rotate(-90)
    painter.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt.AlignCenter, axis_label)
    painter.restore()
    painter.end()
    return image


class SanityDialog(QDialog):
    def __init__(self, parent, title: str, verdict: str, passes: bool, steps: list[SanityStepView],
                 threshold: float):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.passes = passes
        layout = QVBoxLayout(self)
        self.verdict = QLabel(verdict)
        self.verdict.setObjectName("sanity_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.verdict)
        self._curve_args = steps, threshold, passes, self.tr("similarity (Spearman)")
        self.curve = draw_curve(*self._curve_args)
        self.picture = picture = QLabel()
        picture.setObjectName("sanity_curve")
        picture.setPixmap(QPixmap.fromImage(self.curve))
        picture.setFixedSize(self.curve.size())  # never squeezed: the axes would be cut off
        layout.addWidget(picture, 0, Qt.AlignCenter)
        names = [self.tr("{0} head").format(1)] + [
            self.tr("{0} + {1}").format(i, step.randomised) for i, step in enumerate(steps[1:], 2)]
        legend = QLabel(self.tr("Randomised, top down: {0}. Line: the mean over the images; band: their "
                                "range; dashed: the pass threshold ({1:.2f})").format(" · ".join(names), threshold))
        legend.setObjectName("sanity_legend")
        legend.setWordWrap(True)
        layout.addWidget(legend)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wrapped texts make the height depend on the width: ask the layout, so they never overlap the curve.
        width = self.curve.width() + 40
        self.setMinimumSize(width, layout.totalHeightForWidth(width))

    def changeEvent(self, event):
        if event.type() == QEvent.PaletteChange:  # View → Theme: the curve is a picture, drawn again
            self.curve = draw_curve(*self._curve_args, palette=self.palette())
            self.picture.setPixmap(QPixmap.fromImage(self.curve))
        super().changeEvent(event)
