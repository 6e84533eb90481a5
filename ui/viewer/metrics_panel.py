"""Live metrics of a labelled folder run: accuracy, a clickable confusion matrix, per-class scores.

Results stream in by the thousand, so adding only bumps a numpy counter; the labels, the matrix
and the table repaint from it at most ten times a second. The numbers are computed here with
numpy because `ui` cannot import core.reporting.metrics (core imports torch).
"""
from __future__ import annotations

import logging
import math
from typing import NamedTuple

import numpy as np
from PyQt5.QtCore import QEvent, QLocale, QRect, QRectF, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ui.theme_colours import colour, readable_on

log = logging.getLogger(__name__)

REFRESH_MS = 100
MIN_TINT = 0.15  # of a cell's full colour, for any count above zero
MAX_ASPECT = 2.5  # a confusion-matrix cell may be this much wider than tall
SMALLEST_COUNT_SHARE = 0.7  # counts may be drawn this much smaller than the widget's font to fit their cells
TABLE_SHARE = (0.4, 0.55)  # side by side, the per-class table's least and most of the width
LABEL_SHARES = (1.0, 0.9, 0.8, SMALLEST_COUNT_SHARE)  # numbered columns: the class names' font, largest first


def cell_text_margin(view) -> int:
    """How far in from its cell's edge an item view draws a cell's text (Qt's item delegates: the focus
    frame's margin and one pixel)."""
    return view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1


class _Grid(NamedTuple):
    """Where a confusion matrix's grid and labels go in its widget (ConfusionMatrixView._geometry)."""
    x0: int  # the grid's left edge
    y0: int  # its top
    wide: float  # a cell's width
    high: float  # its height
    rotated: bool  # column names on their side
    row_label_w: int
    col_label_h: int
    left: int  # the left edge of the whole block, the "True" title's
    numbered: bool  # columns numbered, rows named and numbered
    label_font: QFont


def per_class_scores(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall, F1 and support per class from a true x predicted matrix; 0/0 gives 0."""
    tp = np.diag(counts).astype(float)
    predicted, support = counts.sum(axis=0), counts.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros_like(tp), where=total > 0)
    return precision, recall, f1, support


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], dtype=float)


class ConfusionMatrixView(QWidget):
    """Rows are true classes, columns predicted; colour is the row-normalised share on a square-root scale,
    and any confusion at all gets at least MIN_TINT of it: linear, 12 of 400 Ankle boots taken for
    Sneakers (3 %) was a cell as pale as an empty one, found only by hovering."""

    cellClicked = pyqtSignal(str, str)   # true name, predicted name

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names: list[str] = []
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._hover: tuple[int, int] | None = None
        self._pressed: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_data(self, names: list[str], counts: np.ndarray) -> None:
        self._names = list(names)
        self._counts = counts
        self.update()

    # -- geometry -----------------------------------------------------------------------------
    def _geometry(self) -> _Grid:
        """Where the grid and its labels go. Cells are square where the height allows, and wider than tall
        (up to MAX_ASPECT) where the panel is wide and short: square, a 250-px-high panel left 14-px cells,
        too narrow for "400". Class names too long for their columns lie on their side; when that leaves
        rows shorter than a line of text (the Metrics tab at 1000×650: 7-px rows, no counts, every other
        name), the columns are numbered instead, the numbers beside the row names, and the labels take a
        smaller font where that lets every row have its name."""
        grid = self._named_geometry()
        if grid.rotated and grid.high < self.fontMetrics().height():
            numbered = self._numbered_geometry()
            if numbered.high > grid.high:
                return numbered
        return grid

    def _named_geometry(self) -> _Grid:
        n = max(1, len(self._names))
        fm = self.fontMetrics()
        gap, line = 6, fm.height()
        widest = max((fm.horizontalAdvance(name) for name in self._names), default=0) + 2
        row_label_w = min(widest, int(self.width() * 0.3))
        avail_w = self.width() - (line + 3 * gap + row_label_w)   # title "True", labels, margins
        rotated = widest > avail_w / n - 2
        col_label_h = min(widest, int(self.height() * 0.3)) if rotated else line
        top = line + 2 * gap + col_label_h                          # title "Predicted", labels
        return self._placed(avail_w, top, rotated, row_label_w, col_label_h, False, self.font())

    def _numbered_geometry(self) -> _Grid:
        """Columns numbered 1…n under a line as high as the labels' font, "Predicted" in the corner on
        that line, rows named and numbered; the largest of LABEL_SHARES of the font that gives every row
        its name."""
        n = max(1, len(self._names))
        gap, line = 6, self.fontMetrics().height()
        for share in LABEL_SHARES if self.font().pointSizeF() > 0 else (1.0,):  # a font set in pixels keeps its size
            font = QFont(self.font())
            font.setPointSizeF(self.font().pointSizeF() * share)
            fm = QFontMetrics(font)
            widest = max((fm.horizontalAdvance(f"{name}  {n}") for name in self._names), default=0) + 2
            row_label_w = min(widest, int(self.width() * 0.4))
            grid = self._placed(self.width() - (line + 3 * gap + row_label_w), fm.height() + gap, False, row_label_w,
                                fm.height(), True, font)
            if fm.height() <= grid.high:
                break
        return grid

    def _placed(self, avail_w, top, rotated, row_label_w, col_label_h, numbered, font) -> _Grid:
        n = max(1, len(self._names))
        gap, line = 6, self.fontMetrics().height()
        # Fractional cells: 1,000 classes still fit in a few hundred pixels (cells then share pixels).
        high = max(1e-3, min(avail_w / n, (self.height() - top - gap) / n))
        wide = max(high, min(avail_w / n, high * MAX_ASPECT))
        if high >= 1:
            high, wide = float(int(high)), float(int(wide))  # whole pixels when there is room: crisp grid and text
        left = max(0, int(self.width() - (line + 2 * gap + row_label_w + wide * n)) // 2)  # centre the block
        return _Grid(left + line + 2 * gap + row_label_w, top, wide, high, rotated, row_label_w, col_label_h, left,
                     numbered, font)

    def cell_rect(self, i: int, j: int) -> QRect:
        """Widget rectangle of cell (true i, predicted j)."""
        x0, y0, wide, high = self._geometry()[:4]
        x, y = round(x0 + j * wide), round(y0 + i * high)
        return QRect(x, y, max(1, round(x0 + (j + 1) * wide) - x), max(1, round(y0 + (i + 1) * high) - y))

    def cell_at(self, pos) -> tuple[int, int] | None:
        n = len(self._names)
        x0, y0, wide, high = self._geometry()[:4]
        j, i = int((pos.x() - x0) // wide), int((pos.y() - y0) // high)
        return (i, j) if n and pos.x() >= x0 and pos.y() >= y0 and i < n and j < n else None

    def tooltip_text(self, i: int, j: int) -> str:
        n = int(self._counts[i, j])
        true, predicted = self._names[i], self._names[j]
        if n == 1:
            return self.tr("true {0} → predicted {1}: 1 image").format(true, predicted)
        return self.tr("true {0} → predicted {1}: {2} images").format(true, predicted, n)

    def sizeHint(self):
        fm = self.fontMetrics()
        n = max(1, len(self._names))
        cell = fm.horizontalAdvance("00000") + 6
        widest = max((fm.horizontalAdvance(name) for name in self._names), default=0)
        return QSize(widest + fm.height() * 2 + n * cell, widest + fm.height() * 2 + n * cell)

    def minimumSizeHint(self):
        return QSize(self.fontMetrics().height() * 6, self.fontMetrics().height() * 5)

    def _count_font(self, wide: float, high: float) -> QFont | None:
        """The font the counts fit their cells in: the widget's, or smaller down to SMALLEST_COUNT_SHARE of
        it; None when even that does not fit (3-digit counts once left every cell blank)."""
        widest = str(int(self._counts.max(initial=0)))
        size = self.font().pointSizeF()  # -1 for a font set in pixels: then only the font itself is tried
        for share in (1.0, 0.9, 0.8, SMALLEST_COUNT_SHARE) if size > 0 else (1.0,):
            font = QFont(self.font())
            if share != 1.0:
                font.setPointSizeF(size * share)
            fm = QFontMetrics(font)
            if wide >= fm.horizontalAdvance(widest) + 2 and high >= fm.height() - 2:
                return font
        return None

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event):
        with QPainter(self) as painter:
            palette = self.palette()
            n = len(self._names)
            fm = self.fontMetrics()
            if not n:
                painter.setPen(palette.color(QPalette.PlaceholderText))
                painter.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap, self.tr("No classes"))
                return
            layout = self._geometry()
            x0, y0, wide, high, left = layout.x0, layout.y0, layout.wide, layout.high, layout.left
            base, text, grid = palette.color(QPalette.Base), palette.color(QPalette.Text), palette.color(QPalette.Mid)
            support = self._counts.sum(axis=1)
            share = np.divide(self._counts, support[:, None], out=np.zeros(self._counts.shape),
                              where=support[:, None] > 0)
            count_font = self._count_font(wide, high)
            # One pixel per cell, scaled up without smoothing: as fast for 1,000 classes as for 10.
            colours = np.where(np.eye(n, dtype=bool)[..., None], _rgb(colour("matrix_correct", palette)),
                               _rgb(colour("matrix_confused", palette)))
            tint = np.where(self._counts > 0, np.maximum(np.sqrt(share), MIN_TINT), 0.0)
            pixels = _rgb(base) + (colours - _rgb(base)) * tint[..., None]
            pixels = np.round(pixels).astype(np.uint8)
            data = pixels.tobytes()  # QImage borrows the buffer: keep it alive while painting
            image = QImage(data, n, n, 3 * n, QImage.Format_RGB888)
            grid_rect = QRectF(x0, y0, wide * n, high * n)
            painter.drawImage(grid_rect, image)
            if count_font is not None:
                painter.save()
                painter.setFont(count_font)
                for i, j in zip(*np.nonzero(self._counts)):
                    painter.setPen(readable_on(QColor(*map(int, pixels[i, j]))))
                    painter.drawText(self.cell_rect(i, j), Qt.AlignCenter, str(int(self._counts[i, j])))
                painter.restore()
            painter.setPen(QPen(grid, 0))
            painter.drawRect(grid_rect.adjusted(0, 0, -1, -1))
            if self._hover is not None:
                painter.setPen(QPen(palette.color(QPalette.Highlight), 2))
                painter.drawRect(self.cell_rect(*self._hover).adjusted(1, 1, -1, -1))

            # Labels: every k-th one when cells are thinner than a line of text.
            painter.setPen(text)
            if layout.numbered:
                self._paint_numbered_labels(painter, layout)
            else:
                self._paint_named_labels(painter, layout)
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            # Titles centred on the grid, free to run past it when the grid is small; over numbered columns
            # "Predicted" points at them from the corner.
            middle_x, middle_y = round(x0 + wide * n / 2), round(y0 + high * n / 2)
            if layout.numbered:
                small = QFont(layout.label_font)
                small.setBold(True)
                painter.setFont(small)
                height = painter.fontMetrics().height()
                painter.drawText(QRect(left, y0 - 6 - height, x0 - 6 - left, height),
                                 Qt.AlignRight | Qt.AlignBottom, self.tr("Predicted") + " →")
                painter.setFont(bold)
            else:
                painter.drawText(QRect(middle_x - self.width(), 0, 2 * self.width(), fm.height()),
                                 Qt.AlignCenter, self.tr("Predicted"))
            title = self.tr("True")
            if any("\u3000" <= ch <= "\u9fff" for ch in title):  # Chinese reads upright, one character under another
                line = painter.fontMetrics().height()
                for i, ch in enumerate(title):
                    painter.drawText(QRect(left - line, round(middle_y - line * (len(title) / 2 - i)), 3 * line, line),
                                     Qt.AlignCenter, ch)
            else:  # lying on its side, read bottom to top
                painter.save()
                painter.translate(left, middle_y)
                painter.rotate(-90)
                painter.drawText(QRect(-self.height(), 0, 2 * self.height(), fm.height()), Qt.AlignCenter, title)
                painter.restore()

    def _paint_named_labels(self, painter: QPainter, layout: _Grid) -> None:
        x0, y0, wide, high, rotated, row_label_w, col_label_h = layout[:7]
        fm = self.fontMetrics()
        for k in range(0, len(self._names), max(1, math.ceil(fm.height() / high))):
            middle = round(y0 + (k + 0.5) * high)
            row_rect = QRect(x0 - 6 - row_label_w, middle - fm.height() // 2, row_label_w, fm.height())
            painter.drawText(row_rect, Qt.AlignRight | Qt.AlignVCenter,
                             fm.elidedText(self._names[k], Qt.ElideRight, row_label_w))
        for k in range(0, len(self._names), max(1, math.ceil(fm.height() / wide)) if rotated else 1):
            name = self._names[k]
            if rotated:
                painter.save()
                painter.translate(x0 + k * wide + wide / 2 + (fm.ascent() - fm.descent()) / 2, y0 - 6)
                painter.rotate(-90)
                painter.drawText(0, 0, fm.elidedText(name, Qt.ElideRight, col_label_h))
                painter.restore()
            else:
                col_rect = QRect(round(x0 + k * wide), y0 - 6 - fm.height(), int(wide), fm.height())
                painter.drawText(col_rect, Qt.AlignHCenter | Qt.AlignBottom,
                                 fm.elidedText(name, Qt.ElideRight, int(wide)))

    def _paint_numbered_labels(self, painter: QPainter, layout: _Grid) -> None:
        """Columns 1…n; each row its name, then its number beside the grid."""
        x0, y0, wide, high, row_label_w = layout.x0, layout.y0, layout.wide, layout.high, layout.row_label_w
        n = len(self._names)
        painter.save()
        painter.setFont(layout.label_font)
        fm = painter.fontMetrics()
        number_w, space = fm.horizontalAdvance(str(n)), fm.horizontalAdvance("  ")
        for k in range(0, n, max(1, math.ceil(fm.height() / high))):
            middle = round(y0 + (k + 0.5) * high)
            row_rect = QRect(x0 - 6 - row_label_w, middle - fm.height() // 2, row_label_w, fm.height())
            painter.drawText(row_rect, Qt.AlignRight | Qt.AlignVCenter, str(k + 1))
            painter.drawText(row_rect.adjusted(0, 0, -(number_w + space), 0), Qt.AlignRight | Qt.AlignVCenter,
                             fm.elidedText(self._names[k], Qt.ElideRight, row_label_w - number_w - space))
        for k in range(0, n, max(1, math.ceil((number_w + 2) / wide))):
            col_rect = QRect(round(x0 + k * wide), y0 - 6 - fm.height(), max(int(wide), number_w), fm.height())
            painter.drawText(col_rect, Qt.AlignHCenter | Qt.AlignBottom, str(k + 1))
        painter.restore()

    # -- mouse --------------------------------------------------------------------------------
    def mouseMoveEvent(self, event):
        hover = self.cell_at(event.pos())
        if hover != self._hover:
            self._hover = hover
            self.setCursor(Qt.PointingHandCursor if hover else Qt.ArrowCursor)
            self.update()

    def leaveEvent(self, event):
        self._hover = None
        self.update()

    def mousePressEvent(self, event):
        self._pressed = self.cell_at(event.pos()) if event.button() == Qt.LeftButton else None

    def mouseReleaseEvent(self, event):
        cell = self.cell_at(event.pos())
        if event.button() == Qt.LeftButton and cell is not None and cell == self._pressed:
            self.cellClicked.emit(self._names[cell[0]], self._names[cell[1]])
        self._pressed = None

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_text(*cell), self, self.cell_rect(*cell))
            return True
        return super().event(event)


def style_score_table(table: QTableWidget) -> None:
    """A read-only per-class score table: compact fixed rows, class names take the spare width."""
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)  # sizes from visible rows only
    header.setSectionResizeMode(0, QHeaderView.Stretch)        # class names take what is left


class MetricsPanel(QWidget):
    """Accuracy line, confusion matrix and per-class table; fed one result or a chunk at a time."""

    cellClicked = pyqtSignal(str, str)   # true name, predicted name

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names: list[str] = []
        self._index: dict[str, int] = {}
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._split_once = False
        self._labelled = True
        self._outside = 0  # classified images that are in no class's folder: no true class, not counted
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.flush)

        self._accuracy = QLabel(objectName="accuracy")
        font = self._accuracy.font()
        font.setBold(True)
        self._accuracy.setFont(font)
        self._matrix = ConfusionMatrixView(self)
        self._matrix.cellClicked.connect(self.cellClicked)
        self._table = QTableWidget(0, 5, self)
        style_score_table(self._table)
        self._table.setSelectionMode(QAbstractItemView.NoSelection)
        self._table.setFocusPolicy(Qt.NoFocus)
        # The headline starts where the table's text does: flush with the panel's edge, the bold "Accuracy 90.0 %"
        # touched the window's border at 1000×650, where the Metrics tab spans the window's left side.
        self._accuracy.setIndent(self._table.frameWidth() + cell_text_margin(self._table))

        self._splitter = splitter = QSplitter(Qt.Vertical, self)
        splitter.addWidget(self._matrix)
        splitter.addWidget(self._table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self._split_by_user = False  # once the user drags the handle, their split stays
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_split_by_user", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._accuracy)
        layout.addWidget(splitter, 1)
        self._retranslate()

    def resizeEvent(self, event):
        # Side by side when there is room for both, else the table under the matrix.
        width, height = event.size().width(), event.size().height()
        wide = width >= 70 * self.fontMetrics().averageCharWidth() and width > 1.3 * height
        orientation = Qt.Horizontal if wide else Qt.Vertical
        if orientation != self._splitter.orientation() or not self._split_once:
            self._split_once = True
            self._splitter.setOrientation(orientation)
            if not wide:  # stacked, the matrix needs the height more than the table
                self._splitter.setSizes([int(height * 0.67), height - int(height * 0.67)])
        if wide:
            self._share_width(width)
        super().resizeEvent(event)

    def _share_width(self, width: int) -> None:
        """Side by side, the table gets the width its class names need whole ("Ankle boot", not "Ankle…"),
        between TABLE_SHARE of the panel; the matrix's square cells rarely use all of theirs. Kept once the
        user has dragged the handle."""
        if self._split_by_user:
            return
        low, high = TABLE_SHARE
        table = min(max(self._table_width(), int(width * low)), int(width * high))
        self._splitter.setSizes([width - table, table])

    def _table_width(self) -> int:
        """The per-class table's width with every column whole: names, numbers, frame and scroll bar."""
        table, header = self._table, self._table.horizontalHeader()
        padding = 2 * table.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, table) + 8
        names = max((table.fontMetrics().horizontalAdvance(name) for name in self._names), default=0) + padding
        columns = max(names, header.sectionSizeHint(0)) + sum(
            max(header.sectionSizeHint(col), table.sizeHintForColumn(col)) for col in range(1, table.columnCount()))
        return columns + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()

    # -- API ----------------------------------------------------------------------------------
    @property
    def matrix(self) -> ConfusionMatrixView:
        return self._matrix

    @property
    def table(self) -> QTableWidget:
        return self._table

    def set_class_names(self, names: list[str]) -> None:
        """New classes: counts start again from zero."""
        self._names = list(names)
        self._index = {name: i for i, name in enumerate(self._names)}
        self._counts = np.zeros((len(names), len(names)), dtype=np.int64)
        self._table.setRowCount(len(names))
        for row, name in enumerate(self._names):
            item = QTableWidgetItem(name)
            item.setToolTip(name)
            self._table.setItem(row, 0, item)
            for col in range(1, 5):
                number = QTableWidgetItem()
                number.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self._table.setItem(row, col, number)
        self.flush()
        if self._splitter.orientation() == Qt.Horizontal and self._split_once:
            self._share_width(self.width())

    def set_labelled(self, labelled: bool) -> None:
        """Whether the folder's images have true classes: if not, the panel says why it stays empty."""
        self._labelled = bool(labelled)
        self.flush()

    def reset(self) -> None:
        self._counts[:] = 0
        self._outside = 0
        self.flush()

    def add_outside(self, count: int) -> None:
        """Images of a labelled folder outside its class folders: said, so that n < images is explained."""
        self._outside += count
        self._schedule()

    def add_result(self, true_name: str, predicted_name: str) -> None:
        i, j = self._index.get(true_name), self._index.get(predicted_name)
        if i is None or j is None:
            log.debug("not counted (unknown class): %r -> %r", true_name, predicted_name)
            return
        self._counts[i, j] += 1
        self._schedule()

    def add_results(self, pairs: list[tuple[str, str]]) -> None:
        index = self._index
        known = [(index[t], index[p]) for t, p in pairs if t in index and p in index]
        if len(known) < len(pairs):
            log.debug("%d results not counted (unknown class)", len(pairs) - len(known))
        if known:
            rows, cols = zip(*known)
            np.add.at(self._counts, (np.asarray(rows), np.asarray(cols)), 1)
            self._schedule()

    def counts(self) -> np.ndarray:
        """Confusion matrix, rows true, columns predicted (a copy)."""
        return self._counts.copy()

    def total(self) -> int:
        return int(self._counts.sum())

    def accuracy(self) -> float:
        """Share of correct results; nan before the first result."""
        total = self.total()
        return float(np.trace(self._counts) / total) if total else float("nan")

    def per_class(self) -> list[dict]:
        """Precision, recall, F1 and support per class (0/0 gives 0), like core.reporting.metrics."""
        precision, recall, f1, support = per_class_scores(self._counts)
        return [{"class": name, "precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                for name, p, r, f, s in zip(self._names, precision, recall, f1, support)]

    def flush(self) -> None:
        """Show the current counts now instead of at the next coalesced refresh."""
        self._timer.stop()
        total = self.total()
        if not self._labelled:  # a flat folder or one image too: "this folder's sub-folders" did not fit them
            self._accuracy.setText(self.tr("No metrics: the images are not in sub-folders named after the "
                                           "model's classes, so they have no true class to compare with"))
        elif total:
            self._accuracy.setText(self.tr("Accuracy {0} % (n = {1})").format(
                f"{self.accuracy() * 100:.1f}", QLocale().toString(total)))
        else:
            self._accuracy.setText(self.tr("Accuracy — (n = 0)"))
        if self._labelled and self._outside:
            outside = (self.tr(" — 1 image not in a class's folder, not counted") if self._outside == 1 else
                       self.tr(" — {0} images not in a class's folder, not counted").format(
                           QLocale().toString(self._outside)))
            self._accuracy.setText(self._accuracy.text() + outside)
        self._accuracy.setWordWrap(not self._labelled or self._outside > 0)
        self._matrix.set_data(self._names, self._counts)
        predicted, support = self._counts.sum(axis=0), self._counts.sum(axis=1)
        for row, scores in enumerate(self.per_class()):
            # "—" where a score is 0/0 (no image of the class, or none predicted as it), not 0.000: before a
            # run, or for a class the folder lacks, a row of zeros read as a model that fails at it.
            defined = {"precision": predicted[row] > 0, "recall": support[row] > 0,
                       "f1": predicted[row] > 0 or support[row] > 0}
            for col, key in enumerate(("precision", "recall", "f1"), start=1):
                self._table.item(row, col).setText(f"{scores[key]:.3f}" if defined[key] else "—")
            self._table.item(row, 4).setText(str(scores["support"]))

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    # -- translation --------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Precision"), self.tr("Recall"),
                                               self.tr("F1"), self.tr("Support")])
        self.flush()
