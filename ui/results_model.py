"""The results table's data: a virtualised model over streamed ResultRows, and its sort/filter proxy.

A folder run can hold 100,000 images, so both classes read the ResultRow objects directly: the model
formats a cell only when the view paints it, and the proxy filters and sorts on raw values without
building a string per row. Rows only ever arrive at the end (`append_rows`) or all go (`clear`).
"""
from __future__ import annotations

from PyQt5.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PyQt5.QtGui import QBrush, QColor

from ui.result_row import ResultRow

COL_FILE, COL_PREDICTED, COL_PROBABILITY, COL_TRUE, COL_CORRECT, COL_ERROR = range(6)
LABELLED_COLUMNS = (COL_TRUE, COL_CORRECT)
SortRole = Qt.UserRole + 1          # raw value of a cell: str, float, bool or None
CORRECTNESS = ("all", "correct", "incorrect", "errors")

# Mid-tone colours that stay readable on both light and dark palettes.
_RED = QBrush(QColor("#d32f2f"))
_GREEN = QBrush(QColor("#2e7d32"))


def _none_last(value):
    """Sort key for an optional string: None sorts before every text, case is ignored."""
    return "" if value is None else value.casefold()


def _correct_key(value):
    return -1 if value is None else int(value)


# One key per column, on the same raw values SortRole exposes; None sorts first (ascending).
_SORT_KEYS = {
    COL_FILE: lambda r: r.relpath.casefold(),
    COL_PREDICTED: lambda r: _none_last(r.predicted),
    COL_PROBABILITY: lambda r: -1.0 if r.probability is None else r.probability,
    COL_TRUE: lambda r: _none_last(r.true_class),
    COL_CORRECT: lambda r: _correct_key(r.correct),
    COL_ERROR: lambda r: _none_last(r.error),
}


class ResultsModel(QAbstractTableModel):
    """One row per classified image, in arrival order (source row != run index in general)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ResultRow] = []         # read directly by ResultsFilter; never rebound
        self._source_row_of: dict[int, int] = {}  # run index -> source row
        self._labelled = True

    # -- API --------------------------------------------------------------------------------
    @property
    def labelled(self) -> bool:
        return self._labelled

    def set_labelled(self, labelled: bool) -> None:
        labelled = bool(labelled)
        if labelled == self._labelled:
            return
        self._labelled = labelled
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, COL_TRUE), self.index(last, COL_CORRECT))

    def append_rows(self, rows: list[ResultRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        for offset, row in enumerate(rows):
            self._source_row_of[row.index] = first + offset
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()  # clear in place: the proxy holds this list
        self._source_row_of.clear()
        self.endResetModel()

    def row_at(self, source_row: int) -> ResultRow:
        return self._rows[source_row]

    def rows(self) -> list[ResultRow]:
        """A shallow copy of all rows in arrival order."""
        return list(self._rows)

    def source_row_of(self, run_index: int) -> int:
        """The source row holding the ResultRow with this run index, or -1."""
        return self._source_row_of.get(run_index, -1)

    def __len__(self) -> int:
        return len(self._rows)

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            return (self.tr("File"), self.tr("Predicted"), self.tr("Probability"),
                    self.tr("True class"), self.tr("✓/✗"), self.tr("Error"))[section]
        if role == Qt.ToolTipRole and section == COL_CORRECT:
            return self.tr("Whether the prediction matches the true class")
        return None

    def flags(self, index):
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable if index.isValid() else Qt.NoItemFlags

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return self._display(row, col)
        if role == SortRole:
            return (row.relpath, row.predicted, row.probability, row.true_class, row.correct, row.error)[col]
        if role == Qt.ForegroundRole:
            if col == COL_CORRECT and self._labelled and row.correct is not None:
                return _GREEN if row.correct else _RED
            if row.error is not None and col in (COL_FILE, COL_ERROR):
                return _RED
            return None
        if role == Qt.TextAlignmentRole:
            if col == COL_PROBABILITY:
                return int(Qt.AlignRight | Qt.AlignVCenter)
            if col == COL_CORRECT:
                return int(Qt.AlignCenter)
            return None
        if role == Qt.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def _display(self, row: ResultRow, col: int):
        if col == COL_FILE:
            return row.relpath
        if col == COL_PREDICTED:
            return row.predicted or ""
        if col == COL_PROBABILITY:
            return "" if row.probability is None else f"{row.probability * 100:.1f} %"
        if col == COL_TRUE:
            return (row.true_class or "") if self._labelled else ""
        if col == COL_CORRECT:
            correct = row.correct if self._labelled else None
            return "" if correct is None else ("✓" if correct else "✗")
        return row.error or ""

    def _tooltip(self, row: ResultRow, col: int):
        if row.error is not None and col in (COL_PREDICTED, COL_PROBABILITY, COL_ERROR):
            return row.error
        if col == COL_PREDICTED and row.topk:
            top = "\n".join(f"{name}: {p * 100:.1f} %" for name, p in row.topk)
            return self.tr("Top {0}:").format(len(row.topk)) + "\n" + top
        if col == COL_FILE:
            return row.path if row.error is None else f"{row.path}\n{row.error}"
        return None


class ResultsFilter(QSortFilterProxyModel):
    """Sorts on raw values and combines the filter bar's filters; every filter reads the ResultRow."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model: ResultsModel | None = None
        self._text = ""
        self._predicted: str | None = None
        self._true: str | None = None
        self._correctness = "all"
        self._confidence = (0.0, 1.0)
        self._cell: tuple[str, str] | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)  # streamed rows land in sorted position, filtered

    def setSourceModel(self, model):
        if not isinstance(model, ResultsModel):
            raise TypeError("ResultsFilter filters a ResultsModel")
        self._model = model
        super().setSourceModel(model)

    # -- filters ------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self._update("_text", (text or "").strip().casefold())

    def set_predicted(self, name: str | None) -> None:
        self._update("_predicted", name)

    def set_true(self, name: str | None) -> None:
        self._update("_true", name)

    def set_correctness(self, which: str) -> None:
        if which not in CORRECTNESS:
            raise ValueError(f"correctness must be one of {CORRECTNESS}, not {which!r}")
        self._update("_correctness", which)

    def set_confidence(self, lo: float, hi: float) -> None:
        self._update("_confidence", (max(0.0, float(lo)), min(1.0, float(hi))))

    def set_cell(self, true_name: str | None, predicted_name: str | None = None) -> None:
        """Show one confusion-matrix cell; None for either name clears it."""
        cell = None if true_name is None or predicted_name is None else (true_name, predicted_name)
        self._update("_cell", cell)

    def cell(self) -> tuple[str, str] | None:
        return self._cell

    def clear_filters(self) -> None:
        changed = (self._text, self._predicted, self._true, self._correctness, self._confidence,
                   self._cell) != ("", None, None, "all", (0.0, 1.0), None)
        self._text, self._predicted, self._true, self._correctness = "", None, None, "all"
        self._confidence, self._cell = (0.0, 1.0), None
        if changed:
            self.invalidateFilter()

    def is_filtered(self) -> bool:
        return (bool(self._text) or self._predicted is not None or self._true is not None
                or self._correctness != "all" or not self._full_range() or self._cell is not None)

    def _full_range(self) -> bool:
        lo, hi = self._confidence
        return lo <= 0.0 and hi >= 1.0

    def _update(self, name: str, value) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            self.invalidateFilter()

    # -- mapping ------------------------------------------------------------------------------
    def source_row(self, proxy_row: int) -> int:
        return self.mapToSource(self.index(proxy_row, 0)).row()

    def proxy_row(self, source_row: int) -> int:
        """The view row showing this source row, or -1 when it is filtered out."""
        if self._model is None or not 0 <= source_row < len(self._model):
            return -1
        return self.mapFromSource(self._model.index(source_row, 0)).row()

    # -- QSortFilterProxyModel hooks (hot: called per row / per comparison) -------------------
    def filterAcceptsRow(self, source_row, source_parent):
        if not self.is_filtered():
            return True
        row = self._model._rows[source_row]
        if self._cell is not None and (row.true_class, row.predicted) != self._cell:
            return False
        if self._predicted is not None and row.predicted != self._predicted:
            return False
        if self._true is not None and row.true_class != self._true:
            return False
        which = self._correctness
        if which == "errors":
            if row.error is None:
                return False
        elif which != "all" and row.correct is not (which == "correct"):
            return False
        if not self._full_range():
            p = row.probability
            lo, hi = self._confidence
            # a hair of tolerance: spin boxes hand over 93.2 / 100 == 0.9320000000000001
            if p is None or not lo - 1e-9 <= p <= hi + 1e-9:
                return False
        return not self._text or self._text in row.relpath.casefold()

    def lessThan(self, left, right):
        # Python keys instead of QVariant comparison: None-safe and one call per comparison.
        key = _SORT_KEYS[left.column()]
        rows = self._model._rows
        return key(rows[left.row()]) < key(rows[right.row()])
