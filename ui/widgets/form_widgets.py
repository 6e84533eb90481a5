"""Small widgets the training form is built from: number field, text field with a clear button, elided label,
framed note, invalid-field outline, shrinking picture, collapsible section."""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QRect, QRectF, QRegularExpression, QSize, Qt
from PyQt5.QtGui import QColor, QPainter, QPen, QPixmap, QRegularExpressionValidator
from PyQt5.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme_colours import colour

FLOAT_TEXT = r"\s*(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"  # what FloatEdit lets one type: 3, 0.5, .5, 1e-3


class FloatEdit(QLineEdit):
    """A number field that accepts 1e-3 notation and keeps the exact value (a spin box rounds)."""

    def __init__(self, name: str):
        super().__init__(objectName=name)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(FLOAT_TEXT), self))

    def value(self) -> float | None:
        try:
            return float(self.text())
        except ValueError:
            return None

    def set_value(self, value: float) -> None:
        self.setText(repr(float(value)))  # shortest text that reads back as the same float


class ClearableEdit(QLineEdit):
    """A text field with Qt's clear button (ⓧ), shown only while the field can be edited: a greyed-out field
    (Milestones under a cosine schedule) kept an ⓧ that looked clickable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setClearButtonEnabled(True)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() in (QEvent.EnabledChange, QEvent.ReadOnlyChange):
            self.setClearButtonEnabled(self.isEnabled() and not self.isReadOnly())


class ElidedLabel(QLabel):
    """One line; too long and it ends in "…", with the whole text as its tooltip."""

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("x" * 8), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def paintEvent(self, event):
        with QPainter(self) as painter:
            text = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, self.contentsRect().width())
            self.style().drawItemText(painter, self.contentsRect(), int(Qt.AlignLeft | Qt.AlignVCenter),
                                      self.palette(), self.isEnabled(), text, self.foregroundRole())


class WrappedNote(QLabel):
    """Word-wrapped text that gets the lines it needs inside a form in a scroll area.

    Height-for-width does not reach a QFormLayout field in a QScrollArea on X11: a plain word-wrapped
    QLabel there showed its first line only. The lines the current width needs become its minimum height.
    """

    def __init__(self, **kwargs):
        super().__init__(wordWrap=True, **kwargs)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("x" * 8), super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Measured here, not by heightForWidth(), which never answers less than the minimum height set
        # before: widened again, the label kept its second, now empty, line.
        margins = self.contentsMargins()
        room = QRect(0, 0, max(1, self.width() - margins.left() - margins.right() - 2 * self.margin()), 1 << 20)
        lines = self.fontMetrics().boundingRect(room, int(Qt.TextWordWrap) | int(self.alignment()), self.text())
        needed = lines.height() + margins.top() + margins.bottom() + 2 * self.margin() if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class FramedLabel(QLabel):
    """A note above a form: a thin frame and a faint tint in frame_colour(), redrawn on View → Theme."""

    def __init__(self, **kwargs):
        super().__init__(wordWrap=True, **kwargs)
        self._frame()
        self.hide()

    def frame_colour(self) -> QColor:
        raise NotImplementedError

    def _frame(self) -> None:
        c = self.frame_colour()
        sheet = (f"QLabel {{ border: 1px solid {c.name()}; border-radius: 3px; padding: 4px;"
                 f" background: rgba({c.red()}, {c.green()}, {c.blue()}, 0.08); }}")
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event):
        if event.type() == QEvent.PaletteChange:
            self._frame()
        super().changeEvent(event)


class InvalidOutline(QWidget):
    """A red frame drawn over an invalid field. A style sheet border would do, but it switches spin
    boxes and combos to style-sheet drawing, which loses their arrows in several styles."""

    def __init__(self, target: QWidget):
        super().__init__(target, objectName="invalidOutline")
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.NoFocus)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Resize:
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event):
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setPen(QPen(colour("invalid", self.palette()), 1.5))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75), 3, 3)


class Picture(QWidget):
    """A picture that shrinks with the panel (never wider than `max_width`), keeping its aspect ratio."""

    def __init__(self, name: str, max_width: int):
        super().__init__(objectName=name)
        self._max_width = max_width
        self._pixmap = QPixmap()
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self._pixmap = pixmap
        self.updateGeometry()
        self.update()

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def _width(self, width: int) -> int:
        return max(1, min(width, self._pixmap.width(), self._max_width))

    def sizeHint(self) -> QSize:
        width = self._width(self._max_width)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(min(80, self._width(80)), self.heightForWidth(80))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self._pixmap.isNull():
            return 0
        return round(self._pixmap.height() * self._width(width) / self._pixmap.width())

    def paintEvent(self, event):
        if self._pixmap.isNull():
            return
        width = self._width(self.width())
        height = min(self.height(), self.heightForWidth(width))
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.SmoothPixmapTransform)
            painter.drawPixmap(QRectF(0, 0, width, height), self._pixmap, QRectF(self._pixmap.rect()))


class Section(QWidget):
    """A titled, collapsible group: a header button with an arrow and a rule, then a form."""

    def __init__(self, name: str):
        super().__init__(objectName=name)
        self.toggle = QToolButton(objectName=f"{name}Toggle", checkable=True, checked=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.DownArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet("QToolButton { border: none; padding: 2px; }")  # a heading, not a button
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        rule = QFrame(frameShape=QFrame.HLine, frameShadow=QFrame.Sunken)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle)
        header.addWidget(rule, 1)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setContentsMargins(18, 2, 0, 6)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(header)
        column.addWidget(self.body)
        self.toggle.toggled.connect(self.set_expanded)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.DownArrow if expanded else Qt.RightArrow)
        self.body.setVisible(expanded)
