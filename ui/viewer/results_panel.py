"""The results table of a folder run, under its filter bar (ui/viewer/results_filter_bar.py).

Everything visible speaks in run indices (ResultRow.index): signals, `select_index`,
`visible_indices`. Proxy and source rows stay inside this file and ResultsFilter.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.viewer.result_row import ResultRow
from ui.viewer.results_filter import ResultsFilter
from ui.viewer.results_filter_bar import ResultsFilterBar
from ui.viewer.results_model import (
    COL_CORRECT,
    COL_ERROR,
    COL_FILE,
    COL_PREDICTED,
    COL_PROBABILITY,
    COL_TRUE,
    LABELLED_COLUMNS,
    ResultsModel,
)
from ui.viewer.results_table import ResultsTable


class _ElideMiddleDelegate(QStyledItemDelegate):
    """File paths keep both ends visible: 'cats/…/img_0042.jpg'."""

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideMiddle


class ResultsPanel(QWidget):
    rowActivated = pyqtSignal(int)       # run index; double-click or Enter
    currentRowChanged = pyqtSignal(int)  # run index; the user moved the current row (a click, ↑/↓)
    filtersChanged = pyqtSignal()        # the visible rows or their order changed (filters, sort)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model = ResultsModel(self)
        self._proxy = ResultsFilter(self)
        self._proxy.setSourceModel(self._model)
        self._labelled = True
        self._sort_clicks = (-1, 0)  # (section, clicks): a third click on a header restores run order

        self._view = ResultsTable(objectName="results")
        self._setup_view()
        self._filter_bar = ResultsFilterBar(self._model, self._proxy)
        self._filter_bar.filtersChanged.connect(self.filtersChanged)
        self._count = self._filter_bar.count_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filter_bar)
        layout.addWidget(self._view, 1)
        self._retranslate()

    def _setup_view(self) -> None:
        view = self._view
        view.setModel(self._proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setItemDelegateForColumn(COL_FILE, _ElideMiddleDelegate(view))
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.Fixed)  # QTableView's uniform row heights: no per-row sizing
        rows.setDefaultSectionSize(view.fontMetrics().height() + 6)
        header = view.horizontalHeader()
        # Sized to its title first: a stretched last section never gets narrower than it was before.
        view.setColumnWidth(COL_ERROR, header.sectionSizeHint(COL_ERROR))
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSortIndicator(-1, Qt.AscendingOrder)  # start in run order
        view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)  # after the view's own slot
        fm = view.fontMetrics()
        for col, sample in ((COL_PREDICTED, "Predicted xx"), (COL_PROBABILITY, "Probability ▼"),
                            (COL_TRUE, "True class xx"), (COL_CORRECT, "✓/✗ ▼")):
            view.setColumnWidth(col, fm.horizontalAdvance(sample) + 12)
        self._file_width_set_by_user = False
        self._fitting = False
        self._widest_file, self._has_errors = 0, False  # the rows' longest file name (px); whether one failed
        header.sectionResized.connect(self._on_section_resized)
        view.activated.connect(self._on_activated)
        view.userMoved.connect(lambda index: self.currentRowChanged.emit(self._run_index(index)))

    # -- public API ---------------------------------------------------------------------------
    @property
    def view(self) -> QTableView:
        return self._view

    @property
    def model(self) -> ResultsModel:
        return self._model

    @property
    def proxy(self) -> ResultsFilter:
        return self._proxy

    def set_class_names(self, names: list[str]) -> None:
        self._filter_bar.set_class_names(names)

    def set_labelled(self, labelled: bool) -> None:
        self._labelled = bool(labelled)
        self._model.set_labelled(self._labelled)
        for col in LABELLED_COLUMNS:
            self._view.setColumnHidden(col, not self._labelled)
        self._filter_bar.set_labelled(self._labelled)
        self._fit_file_column(self.width())

    def append_rows(self, rows: list[ResultRow]) -> None:
        self._model.append_rows(rows)
        fm = self._view.fontMetrics()
        self._widest_file = max([self._widest_file, *(fm.horizontalAdvance(row.relpath) for row in rows)])
        if not self._has_errors and any(row.error is not None for row in rows):
            self._has_errors = True
        self._fit_file_column(self.width())

    def clear(self) -> None:
        self._model.clear()
        self._widest_file, self._has_errors = 0, False
        self._fit_file_column(self.width())

    def clear_filters(self) -> None:
        self._filter_bar.clear_filters()

    def filter_cell(self, true_name: str | None, predicted_name: str | None) -> None:
        """Show one confusion-matrix cell (None, None clears it), with a chip that removes it."""
        self._filter_bar.filter_cell(true_name, predicted_name)

    def select_index(self, run_index: int) -> bool:
        """Select and scroll to a run index; False when it is not in the table or filtered out, and then
        nothing is selected: a row left selected would name another image than the one on screen (a run
        stopped early leaves images out of the table, and they are still browsed).

        Does not echo currentRowChanged, which says only what the user moved (ui/viewer/results_table.py).
        """
        row = self._proxy.proxy_row(self._model.source_row_of(run_index))
        if row < 0:
            self._view.selectionModel().clear()
            return False
        index = self._proxy.index(row, COL_FILE)
        self._view.selectionModel().setCurrentIndex(
            index, self._view.selectionModel().ClearAndSelect | self._view.selectionModel().Rows)
        # The scroll bar's range follows the rows only when the view lays itself out, later: just after the
        # filters were cleared it still had the 40 filtered rows' range, and row 398 was scrolled to row 126.
        self._view.updateGeometries()
        self._view.scrollTo(index)
        return True

    def height_for_rows(self, rows: int) -> int:
        """The panel's height that shows `rows` table rows under its filters, at its current width."""
        view = self._view
        return self.height() - view.viewport().height() + rows * view.verticalHeader().defaultSectionSize()

    def visible_rows(self) -> int:
        """How many whole table rows the panel shows now."""
        return self._view.viewport().height() // self._view.verticalHeader().defaultSectionSize()

    def visible_indices(self) -> list[int]:
        """Run indices in view order (sorted and filtered): the app's browse order."""
        return self._proxy.run_indices()

    def shown_count(self) -> int:
        return self._proxy.rowCount()

    # -- slots --------------------------------------------------------------------------------
    def _run_index(self, proxy_index) -> int:
        return self._model.row_at(self._proxy.source_row(proxy_index.row())).index

    def _on_activated(self, index) -> None:
        if index.isValid():
            self.rowActivated.emit(self._run_index(index))

    def _on_sort_indicator(self, section: int, order) -> None:
        last, clicks = self._sort_clicks
        clicks = clicks + 1 if section == last and section >= 0 else 1
        self._sort_clicks = (section, clicks)
        if clicks >= 3:
            self._sort_clicks = (-1, 0)
            self._view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # re-enters this slot
            return
        self.filtersChanged.emit()  # the browse order changed

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_file_column(event.size().width())  # the viewport may not have its new size yet

    def _fit_file_column(self, width: int) -> None:
        """Until the user resizes it by hand, the File column takes the width the other columns and the
        Error column's title leave, between 14 and 60 characters. At a third of the panel, the table at
        the main window's default size scrolled sideways and cut the Error title off. Once a file could not
        be read, no wider than the longest name: the reasons get the rest ("not an i…" beside short names in
        a File column of 40 characters)."""
        if self._file_width_set_by_user:
            return
        view, fm = self._view, self._view.fontMetrics()
        others = sum(view.columnWidth(col) for col in (COL_PREDICTED, COL_PROBABILITY, COL_TRUE, COL_CORRECT)
                     if not view.isColumnHidden(col))
        room = (width - others - view.horizontalHeader().sectionSizeHint(COL_ERROR)
                - view.verticalScrollBar().sizeHint().width() - 2 * view.frameWidth())
        most = fm.horizontalAdvance("x" * 60)
        if self._has_errors:
            most = min(most, self._widest_file + 2 * fm.horizontalAdvance("x"))  # the cell's margins
        self._fitting = True
        view.setColumnWidth(COL_FILE, max(min(fm.horizontalAdvance("x" * 14), most), min(room, most)))
        self._fitting = False

    def _on_section_resized(self, section: int, old: int, new: int) -> None:
        if section == COL_FILE and not self._fitting:
            self._file_width_set_by_user = True

    # -- translation --------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:  # the filter bar retranslates itself
        self._model.headerDataChanged.emit(Qt.Horizontal, 0, self._model.columnCount() - 1)
