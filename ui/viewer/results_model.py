"""The results table's data: a virtualised model over streamed ResultRows, and its column constants.

A folder run can hold 100,000 images. The model formats a cell only when the view paints it
(display text, colours, tooltips), and gives the raw value of a cell under SortRole. Rows only
ever arrive at the end of the model (`append_rows`) or all go at once (`clear`); the sorted,
filtered view of it is `ui.viewer.results_filter.ResultsFilter`.
"""
from __future__ import annotations

from PyQt5.QtCore import QAbstractTableModel, QModelIndex, Qt
from PyQt5.QtGui import QBrush

from ui.file_problem_text import said
from ui.theme_colours import colour
from ui.viewer.result_row import ResultRow

COL_FILE, COL_PREDICTED, COL_PROBABILITY, COL_TRUE, COL_CORRECT, COL_ERROR = range(6)
COLUMN_COUNT = 6
LABELLED_COLUMNS = (COL_TRUE, COL_CORRECT)
SortRole = Qt.UserRole + 1          # raw value of a cell: str, float, bool or None


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
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < COLUMN_COUNT:
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
        return self.cell_data(self._rows[index.row()], index.column(), role)

    def cell_data(self, row: ResultRow, col: int, role: int):
        """What data() gives for one cell of `row`; the proxy calls this directly."""
        if role == Qt.DisplayRole:
            return self._display(row, col)
        if role == SortRole:
            return (row.relpath, row.predicted, row.probability, row.true_class, row.correct, row.error)[col]
        if role == Qt.ForegroundRole:
            if col == COL_CORRECT and self._labelled and row.correct is not None:
                return QBrush(colour("good" if row.correct else "bad"))
            if row.error is not None and col in (COL_FILE, COL_ERROR):
                return QBrush(colour("bad"))
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
        return said(row.error) or ""

    def _tooltip(self, row: ResultRow, col: int):
        if row.error is not None and col in (COL_PREDICTED, COL_PROBABILITY, COL_ERROR):
            return said(row.error)
        if col == COL_PREDICTED and row.topk:
            top = "\n".join(f"{name}: {p * 100:.1f} %" for name, p in row.topk)
            return self.tr("Top {0}:").format(len(row.topk)) + "\n" + top
        if col == COL_FILE:
            return row.path if row.error is None else f"{row.path}\n{said(row.error)}"
        return None
