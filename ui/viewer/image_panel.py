"""One zoomable image view, ImagePanel: a title over an image, or over a placeholder message.

A panel fits the whole image in its window ("fit" mode, kept on resize) until the user zooms
(Ctrl+wheel, +/-, double-click); then it pans by dragging. Zoom and scroll position can be read
and set from outside, which is how ui/viewer/image_triptych.py keeps its three panels together.

Shrunk images are drawn from a copy resampled by area averaging (QImage.scaled, smooth) at the
exact on-screen size: QPainter's bilinear filter alone aliases when shrinking more than 2x.
From 200 % up pixels are drawn as crisp squares, which is what one zooms in to inspect.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PyQt5.QtCore import QCoreApplication, QPoint, QRectF, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QColor, QImage, QPainter, QPalette, QPixmap, QTextLayout, QTextOption, QTransform
from PyQt5.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.qimage import rgb_to_qimage
from ui.widgets.retranslate import Retranslating

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.01, 64.0
PIXELATED_FROM = 2.0
# Resampling a large photo on every step of a window resize would make the resize stutter.
RESAMPLE_DELAY_MS = 40
RESAMPLE_NOW_PIXELS = 1_000_000
MESSAGE_MARGIN = 8


def _backdrop(widget: QWidget) -> QColor:
    """A neutral tone a little darker than the window, so an image's edges stay visible."""
    return widget.palette().color(QPalette.Window).darker(112)


class _ImageView(Retranslating, QGraphicsView):
    """The image in a scene; the view's transform is a uniform scale (the zoom)."""

    zoomChanged = pyqtSignal(float)
    userZoomed = pyqtSignal(float, bool)  # the user zoomed here: new scale, whether it is "fit"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._image: QImage | None = None
        self._full: QPixmap | None = None
        self._fit = True
        self._fit_width = False  # "fit" fills the width and scrolls down (a tall figure), not the whole image
        self._last_zoom = 1.0
        self._item = QGraphicsPixmapItem()
        self._item.setShapeMode(QGraphicsPixmapItem.BoundingRectShape)
        scene = QGraphicsScene(self)
        scene.addItem(self._item)
        self.setScene(scene)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setAlignment(Qt.AlignCenter)
        self.setFocusPolicy(Qt.WheelFocus)
        self.setMinimumSize(64, 48)
        self.retranslate()
        self._resample_timer = QTimer(self, singleShot=True, interval=RESAMPLE_DELAY_MS, timeout=self._resample)

    def retranslate(self) -> None:
        self.setToolTip(QCoreApplication.translate(
            "ImagePanel", "Ctrl+wheel or +/− to zoom, drag to pan, 0 to fit, 1 for actual size, double-click to toggle"))

    # --- state -------------------------------------------------------------------------------
    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self._full = QPixmap.fromImage(image) if image is not None else None
        if image is None:
            self._item.setPixmap(QPixmap())
            self.setSceneRect(QRectF())
            return
        self.setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self._show(self._full)
        if self._fit:
            self._apply_fit()
        else:
            self._after_scale()

    def image_size(self) -> tuple[int, int] | None:
        return None if self._image is None else (self._image.width(), self._image.height())

    def zoom(self) -> float:
        return self.transform().m11()

    def is_fit(self) -> bool:
        return self._fit

    def displayed_pixmap(self) -> QPixmap:
        """The pixmap actually painted (a resampled copy when shrunk)."""
        return self._item.pixmap()

    # --- zooming -----------------------------------------------------------------------------
    def set_fit_width(self, on: bool) -> None:
        self._fit_width = on
        if self._fit:
            self._apply_fit()

    def fit(self, user: bool = False) -> None:
        self._fit = True
        self._apply_fit()
        if user:
            self.userZoomed.emit(self.zoom(), True)

    def set_zoom(self, scale: float, anchor: QPoint | None = None, user: bool = False) -> None:
        """Zoom to `scale`, keeping the scene point under `anchor` (viewport coordinates) in place."""
        self._fit = False
        scale = min(max(scale, MIN_ZOOM), MAX_ZOOM)
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        self.setTransformationAnchor(QGraphicsView.NoAnchor)
        self.setTransform(QTransform.fromScale(scale, scale))  # kept for the next image when there is none
        self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        moved = self.mapFromScene(fixed) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        if self._image is not None:
            self._after_scale()
        if user:
            self.userZoomed.emit(self.zoom(), False)

    def zoom_by(self, factor: float, anchor: QPoint | None = None, user: bool = False) -> None:
        self.set_zoom(self.zoom() * factor, anchor, user)

    def _apply_fit(self) -> None:
        if self._image is None:
            return
        view = self.viewport().size()
        scale = view.width() / self._image.width()
        if not self._fit_width:
            scale = min(scale, view.height() / self._image.height())
        self.setTransform(QTransform.fromScale(scale, scale))
        if self._fit_width:
            self.centerOn(self._item.boundingRect().center().x(), 0)  # from the top
        else:
            self.centerOn(self._item)
        self._after_scale()

    def _after_scale(self) -> None:
        scale = self.zoom()
        scrollable = self.horizontalScrollBar().maximum() > 0 or self.verticalScrollBar().maximum() > 0
        self.setDragMode(QGraphicsView.ScrollHandDrag if scrollable else QGraphicsView.NoDrag)
        self._item.setTransformationMode(Qt.FastTransformation if scale >= PIXELATED_FROM
                                         else Qt.SmoothTransformation)
        if scale * self.devicePixelRatioF() >= 1.0:
            self._resample_timer.stop()
            self._show(self._full)  # at once: a blurry shrunk copy must not flash when zooming in
        elif self._image.width() * self._image.height() <= RESAMPLE_NOW_PIXELS:
            self._resample()
        else:
            self._resample_timer.start()
        if scale != self._last_zoom:
            self._last_zoom = scale
            self.zoomChanged.emit(scale)

    def _resample(self) -> None:
        if self._image is None:
            return
        ratio = self.zoom() * self.devicePixelRatioF()
        if ratio >= 1.0:
            return self._show(self._full)
        size = QSize(max(1, round(self._image.width() * ratio)), max(1, round(self._image.height() * ratio)))
        if self._item.pixmap().size() != size:
            self._show(QPixmap.fromImage(self._image.scaled(size, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)))

    def _show(self, pixmap: QPixmap) -> None:
        # The item always covers the scene rect (the image's own size), whatever the copy's size.
        self._item.setPixmap(pixmap)
        self._item.setTransform(QTransform.fromScale(self._image.width() / pixmap.width(),
                                                     self._image.height() / pixmap.height()))

    # --- events ------------------------------------------------------------------------------
    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._fit:
            self._apply_fit()
        elif self._image is not None:
            self._after_scale()

    def wheelEvent(self, event):
        if event.modifiers() & Qt.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP ** steps, event.pos(), user=True)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event):
        key = event.key()
        if key in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom_by(ZOOM_STEP, user=True)
        elif key == Qt.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP, user=True)
        elif key == Qt.Key_0:
            self.fit(user=True)
        elif key == Qt.Key_1:
            self.set_zoom(1.0, user=True)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event):
        if self._image is None or event.button() != Qt.LeftButton:
            return super().mouseDoubleClickEvent(event)
        if self._fit:
            self.set_zoom(1.0, event.pos(), user=True)
        else:
            self.fit(user=True)

    def drawBackground(self, painter, rect):
        painter.fillRect(rect, _backdrop(self))


class _Message(QWidget):
    """A centred grey message; long paths wrap anywhere rather than being cut off."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.setToolTip(text)
        self.update()

    def sizeHint(self):
        return QSize(160, 120)

    def minimumSizeHint(self):
        return QSize(64, 48)

    def lines(self) -> list[str]:
        """The text as painted: wrapped (anywhere, when a word is too long), the last line elided if
        it does not all fit. The tooltip keeps the whole text."""
        metrics = self.fontMetrics()
        width = max(1, self.width() - 2 * MESSAGE_MARGIN)
        layout = QTextLayout(self._text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        spans = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            spans.append((line.textStart(), line.textLength()))
        layout.endLayout()
        room = max(1, (self.height() - 2 * MESSAGE_MARGIN) // metrics.lineSpacing())
        lines = [self._text[start:start + length].strip() for start, length in spans]
        if len(lines) > room:
            rest = self._text[spans[room - 1][0]:].strip()
            lines = lines[:room - 1] + [metrics.elidedText(rest, Qt.ElideRight, width)]
        return lines

    def paintEvent(self, event):
        with QPainter(self) as painter:
            painter.fillRect(self.rect(), _backdrop(self))
            painter.setPen(self.palette().color(QPalette.PlaceholderText))
            lines, spacing = self.lines(), self.fontMetrics().lineSpacing()
            top = (self.height() - len(lines) * spacing) / 2
            for index, line in enumerate(lines):
                painter.drawText(QRectF(0, top + index * spacing, self.width(), spacing), Qt.AlignCenter, line)


class ImagePanel(Retranslating, QWidget):
    """A title over one zoomable image, or over a placeholder message when there is no image."""

    zoomChanged = pyqtSignal(float)
    userZoomed = pyqtSignal(float, bool)  # the user zoomed this panel: scale, whether it is "fit"
    scrolled = pyqtSignal()

    def __init__(self, title: str = "", empty_text: str | None = None, parent=None):
        super().__init__(parent)
        self._own_empty_text = empty_text is None  # "No image", in the language of the moment
        self._render_message = None  # how the message on show is said, to say it again after a language switch
        self._empty_text = empty_text if empty_text is not None else self.tr("No image")
        self._title = QLabel(title)
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._title.setAlignment(Qt.AlignHCenter)
        self._title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._view = _ImageView(self)
        self._message = _Message(self)
        self._message.setObjectName("placeholder")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._view)
        self._stack.addWidget(self._message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addWidget(self._stack, 1)
        self._view.zoomChanged.connect(self.zoomChanged)
        self._view.userZoomed.connect(self.userZoomed)
        self._view.horizontalScrollBar().valueChanged.connect(self.scrolled)
        self._view.verticalScrollBar().valueChanged.connect(self.scrolled)
        self.set_placeholder(self._empty_text)

    def title(self) -> str:
        return self._title.text()

    def set_title(self, title: str) -> None:
        self._title.setText(title)

    def set_empty_text(self, text: str) -> None:
        """What the panel says without an image (a language switch); shown at once if on show."""
        self._own_empty_text = False
        self._show_empty_text(text)

    def retranslate(self) -> None:  # its owner sets the title and, if it chose one, the empty text
        if self._own_empty_text:
            self._show_empty_text(self.tr("No image"))
        if self._render_message is not None and self.message() is not None:
            self._message.set_text(self._render_message())

    def _show_empty_text(self, text: str) -> None:
        if self.message() == self._empty_text:
            self._message.set_text(text)
        self._empty_text = text

    def set_image(self, rgb: np.ndarray | None) -> None:
        """Show an RGB/grey uint8 array (copied), or the panel's "no image" message for None."""
        if rgb is None:
            return self.set_placeholder(self._empty_text)
        self._render_message = None
        self._view.set_image(rgb_to_qimage(rgb))
        self._stack.setCurrentWidget(self._view)

    def set_qimage(self, image: QImage) -> None:
        """Show a QImage that owns its pixels (decoded off the GUI thread), as it is: no copy, and
        in ARGB32_Premultiplied no conversion either."""
        self._render_message = None
        self._view.set_image(image)
        self._stack.setCurrentWidget(self._view)

    def set_placeholder(self, text: str | Callable[[], str]) -> None:
        """Drop the image and show `text` instead (loading states, errors): words, or a function that says
        them in the current language, asked again after a language switch ("Computing heatmap…" stayed in
        the language it was first said in until the next image)."""
        self._render_message = text if callable(text) else None
        self._view.set_image(None)
        self._message.set_text(text() if callable(text) else text)
        self._stack.setCurrentWidget(self._message)

    def message(self) -> str | None:
        """The placeholder text on show, or None while an image is shown."""
        return self._message.text() if self._stack.currentWidget() is self._message else None

    def current_image_size(self) -> tuple[int, int] | None:
        return self._view.image_size()

    # zoom, in view pixels per image pixel
    def zoom(self) -> float:
        return self._view.zoom()

    def is_fit(self) -> bool:
        return self._view.is_fit()

    def set_zoom(self, scale: float) -> None:
        self._view.set_zoom(scale)

    def zoom_in(self) -> None:
        self._view.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._view.zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        self._view.fit()

    def set_fit_width(self, on: bool) -> None:
        """Fit the image's width and scroll down it (the wheel, or dragging), instead of fitting it whole: a
        tall figure's text stays readable."""
        self._view.set_fit_width(on)

    def actual_size(self) -> None:
        self._view.set_zoom(1.0)

    # panning, as fractions of the scrollable range so images of other sizes follow too
    def scroll_position(self) -> tuple[float, float]:
        bars = self._view.horizontalScrollBar(), self._view.verticalScrollBar()
        return tuple((bar.value() - bar.minimum()) / (bar.maximum() - bar.minimum())
                     if bar.maximum() > bar.minimum() else 0.5 for bar in bars)

    def set_scroll_position(self, position: tuple[float, float]) -> None:
        for bar, fraction in zip((self._view.horizontalScrollBar(), self._view.verticalScrollBar()), position):
            bar.setValue(bar.minimum() + round(fraction * (bar.maximum() - bar.minimum())))

    def view(self) -> QGraphicsView:
        return self._view
