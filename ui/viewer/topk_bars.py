"""Top-k class probabilities as horizontal bars (name, bar, percentage), best first.

Painted by hand so the three columns line up, long class names elide instead of widening the
dock, and a bar's length is the probability itself (a full track is 100 %), not relative to the
best class. `_layout()` is the one place geometry is decided; painting, tooltips and
`bar_fractions()` all read it.
"""
from __future__ import annotations

from dataclasses import dataclass

from PyQt5.QtCore import QEvent, QRectF, QSize, Qt
from PyQt5.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PyQt5.QtWidgets import QSizePolicy, QToolTip, QWidget

from ui.theme_colours import colour
from ui.widgets.retranslate import Retranslating

MARGIN, GAP, ROW_PADDING = 4, 8, 10
RUNNER_UP_ALPHA = 220  # the runners-up recede a little, still ≥ 3:1 against their track (Highlight at 150: 1.7:1)


def track_colour(palette: QPalette) -> QColor:
    return palette.color(QPalette.Window).darker(105)


def runner_up_colour(palette: QPalette) -> QColor:
    """A runner-up's bar as painted: the bar colour at RUNNER_UP_ALPHA over its track."""
    bar, track, share = colour("topk_bar", palette), track_colour(palette), RUNNER_UP_ALPHA / 255
    return QColor(*(round(share * a + (1 - share) * b) for a, b in zip(bar.getRgb()[:3], track.getRgb()[:3])))
NAME_SHARE = 0.45  # names get at most this share of the width; the bars keep the rest
STACK_BELOW = 300  # px; narrower than this, names go above their bars


@dataclass
class _Row:
    name: str
    probability: float
    is_true: bool
    label: str        # the name as painted (maybe elided)
    name_rect: QRectF
    track: QRectF     # the full bar (100 %)
    bar: QRectF       # the filled part
    value_rect: QRectF
    area: QRectF      # the whole row, for tooltips


def _percent(probability: float) -> str:
    return f"{probability * 100:.1f}%"


class TopKBars(Retranslating, QWidget):
    """`set_topk([(name, probability), ...], true_class)`; the true class is drawn bold and green."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._topk: list[tuple[str, float]] = []
        self._true: str | None = None
        self._rows_held = 0  # rows of the last prediction shown
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:  # the rows' own texts are painted, in the language of the moment
        self.setToolTip(self.tr("Class probabilities, best first; hover a row for the exact value"))
        self.updateGeometry()

    # --- data --------------------------------------------------------------------------------
    def set_topk(self, topk: list[tuple[str, float]], true_class: str | None = None) -> None:
        rows = [(str(name), min(max(float(p), 0.0), 1.0)) for name, p in topk]
        self._topk = sorted(rows, key=lambda row: -row[1])  # stable: ties keep the given order
        self._rows_held = len(rows) or self._rows_held
        self._true = true_class
        self.updateGeometry()
        self.update()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._stacked(event.size().width()) != self._stacked(event.oldSize().width()):
            self.updateGeometry()  # the preferred height changes with the layout

    def clear(self) -> None:
        self.set_topk([])

    def classes(self) -> list[str]:
        """Class names in the order shown."""
        return [name for name, _ in self._topk]

    def labels(self) -> list[str]:
        """Class names as painted at the current width (long ones elided), in the order shown."""
        return [row.label for row in self._layout()]

    def bar_fractions(self) -> list[float]:
        """Each painted bar's length as a fraction of its track, in the order shown."""
        return [row.bar.width() / row.track.width() for row in self._layout()]

    def _footnote(self) -> str:
        """Says where the true class is when it is not among the bars."""
        if self._true is None or not self._topk or self._true in self.classes():
            return ""
        return self.tr("True class %1 is not in the top %2").replace("%1", self._true).replace(
            "%2", str(len(self._topk)))

    # --- geometry ----------------------------------------------------------------------------
    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _stacked(self, width: int) -> bool:
        """Narrow: each name on its own line above a full-width bar, so the bars stay readable."""
        return width < STACK_BELOW

    def _row_height(self, width: int | None = None) -> int:
        text = QFontMetrics(self._bold()).height()
        if self._stacked(self.width() if width is None else width):
            return text + self._bar_height() + ROW_PADDING
        return text + ROW_PADDING

    def _bar_height(self) -> float:
        return max(6, round(self.fontMetrics().height() * 0.6))

    def _layout(self) -> list[_Row]:
        plain, bold = self.fontMetrics(), QFontMetrics(self._bold())
        width, height = self.width() - 2 * MARGIN, self._row_height()
        value_width = plain.horizontalAdvance("100.0%")
        bar_height = self._bar_height()
        stacked = self._stacked(self.width())
        if stacked:
            name_width = max(1, width - value_width - GAP)
            track_left, track_width = MARGIN, max(1, width)
        else:
            # +1: elidedText cuts a name given exactly its rounded advance ("Ankle bo…" at any width)
            widest = max((bold.horizontalAdvance(name) + 1 for name, _ in self._topk), default=0)
            name_width = min(widest, max(48, int(width * NAME_SHARE)))
            track_left = MARGIN + name_width + GAP
            track_width = max(1, width - name_width - value_width - 2 * GAP)
        text_height = bold.height() + (2 if stacked else ROW_PADDING)
        rows = []
        for index, (name, probability) in enumerate(self._topk):
            top = MARGIN + index * height
            is_true = name == self._true
            label = (bold if is_true else plain).elidedText(name, Qt.ElideRight, name_width)
            if stacked:
                track = QRectF(track_left, top + text_height, track_width, bar_height)
                value_rect = QRectF(MARGIN + width - value_width, top, value_width, text_height)
            else:
                track = QRectF(track_left, top + (height - bar_height) / 2, track_width, bar_height)
                value_rect = QRectF(track.right() + GAP, top, value_width, height)
            rows.append(_Row(name, probability, is_true, label, QRectF(MARGIN, top, name_width, text_height),
                             track, QRectF(track.left(), track.top(), track_width * probability, bar_height),
                             value_rect, QRectF(MARGIN, top, width, height)))
        return rows

    def _height_for(self, width: int) -> int:
        # "No prediction" (an unreadable file) keeps the height the bars had: the Heatmap dock below once
        # jumped up and down while browsing past one.
        lines = max(1, len(self._topk) or self._rows_held)
        footnote = QFontMetrics(self._bold()).height() + ROW_PADDING if self._footnote() else 0
        return 2 * MARGIN + lines * self._row_height(width) + footnote

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(320, self._height_for(max(self.width(), 320)))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._height_for(120))

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, event):
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.Antialiasing)
            palette = self.palette()
            if not self._topk:
                painter.setPen(palette.color(QPalette.PlaceholderText))
                painter.drawText(self.rect(), Qt.AlignCenter, self.tr("No prediction"))
                return
            track = track_colour(palette)
            good = colour("good", palette)
            rows = self._layout()
            for index, row in enumerate(rows):
                painter.setFont(self._bold() if row.is_true else self.font())
                painter.setPen(good if row.is_true else palette.color(QPalette.WindowText))
                painter.drawText(row.name_rect, Qt.AlignLeft | Qt.AlignVCenter, row.label)
                radius = row.track.height() / 2
                painter.setPen(Qt.NoPen)
                painter.setBrush(track)
                painter.drawRoundedRect(row.track, radius, radius)
                fill = good if row.is_true else colour("topk_bar", palette) if index == 0 else runner_up_colour(palette)
                painter.setBrush(fill)
                if row.bar.width() > 0:
                    painter.drawRoundedRect(row.bar, min(radius, row.bar.width() / 2), radius)
                painter.setFont(self.font())
                painter.setPen(palette.color(QPalette.WindowText))
                painter.drawText(row.value_rect, Qt.AlignRight | Qt.AlignVCenter, _percent(row.probability))
            footnote = self._footnote()
            if footnote:
                top = MARGIN + len(rows) * self._row_height()
                rect = QRectF(MARGIN, top, self.width() - 2 * MARGIN, QFontMetrics(self._bold()).height() + ROW_PADDING)
                painter.setPen(palette.color(QPalette.PlaceholderText))
                painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter,
                                 self.fontMetrics().elidedText(footnote, Qt.ElideRight, int(rect.width())))

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            for row in self._layout():
                if row.area.contains(event.pos()):
                    QToolTip.showText(event.globalPos(), f"{row.name}: {row.probability * 100:.2f}%", self)
                    return True
        return super().event(event)
