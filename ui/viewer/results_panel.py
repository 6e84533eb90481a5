"""The results table of a folder run, with its filter bar.

Everything visible speaks in run indices (ResultRow.index): signals, `select_index`,
`visible_indices`. Proxy and source rows stay inside this file and ResultsFilter.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QLocale, QRect, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.viewer.result_row import ResultRow
from ui.viewer.results_filter import ResultsFilter
from ui.viewer.results_model import (
    COL_CORRECT,
    COL_FILE,
    COL_PREDICTED,
    COL_PROBABILITY,
    COL_TRUE,
    LABELLED_COLUMNS,
    ResultsModel,
)

SEARCH_DELAY_MS = 200  # typing re-filters 100,000 rows once the user pauses, not per key


class _FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them when the panel is narrow."""

    def __init__(self, parent=None, spacing=6):
        super().__init__(parent)
        self._items = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item):
        self._items.append(item)

    def count(self):
        return len(self._items)

    def itemAt(self, i):
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i):
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientations()

    def hasHeightForWidth(self):
        return True

    def heightForWidth(self, width):
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect):
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self):
        return self.minimumSize()

    def minimumSize(self):
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect, move):
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint, least = item.sizeHint(), item.minimumSize().width()
            room = rect.right() + 1 - x
            if x > rect.x() and least > room:  # wrap unless it fits squeezed to its minimum
                x, y, line_height = rect.x(), y + line_height + self.spacing(), 0
                room = rect.width()
            width = max(least, min(hint.width(), room))
            if move:
                item.setGeometry(QRect(x, y, width, hint.height()))
            x += width + self.spacing()
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class _ElideMiddleDelegate(QStyledItemDelegate):
    """File paths keep both ends visible: 'cats/…/img_0042.jpg'."""

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideMiddle


class ResultsPanel(QWidget):
    rowActivated = pyqtSignal(int)       # run index; double-click or Enter
    currentRowChanged = pyqtSignal(int)  # run index; the user moved the selection
    filtersChanged = pyqtSignal()        # the visible rows or their order changed (filters, sort)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model = ResultsModel(self)
        self._proxy = ResultsFilter(self)
        self._proxy.setSourceModel(self._model)
        self._labelled = True
        self._last_current = None
        self._echo = True
        self._sort_clicks = (-1, 0)  # (section, clicks): a third click on a header restores run order

        self._search = QLineEdit(objectName="search")
        self._search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._search.textChanged.connect(self._search_timer.start)
        self._search.returnPressed.connect(self._apply_search)
        self._count = QLabel(objectName="count")
        self._clear_button = QToolButton(objectName="clearFilters")
        self._clear_button.clicked.connect(self.clear_filters)
        self._clear_button.hide()  # shown while a filter is on

        self._predicted = QComboBox(objectName="predicted")
        self._true = QComboBox(objectName="trueClass")
        self._correctness = QComboBox(objectName="correctness")
        for combo in (self._predicted, self._true, self._correctness):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_combos)
        for _ in range(4):
            self._correctness.addItem("")
        for i, key in enumerate(("all", "correct", "incorrect", "errors")):
            self._correctness.setItemData(i, key)
        self._predicted.addItem("", None)
        self._true.addItem("", None)

        self._confidence_label = QLabel()
        self._lo = QDoubleSpinBox(objectName="confidenceMin")
        self._hi = QDoubleSpinBox(objectName="confidenceMax")
        for spin, value in ((self._lo, 0.0), (self._hi, 100.0)):
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
            spin.setSingleStep(5.0)
            spin.setSuffix(" %")
            spin.setValue(value)
            spin.setKeyboardTracking(False)  # filter when the user has finished typing a number
            spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # may shrink when narrow
            spin.valueChanged.connect(self._apply_confidence)
        confidence = QWidget()
        box = QHBoxLayout(confidence)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(3)
        box.addWidget(self._confidence_label)
        box.addWidget(self._lo)
        box.addWidget(QLabel("–"))
        box.addWidget(self._hi)

        self._cell_chip = QToolButton(objectName="cellFilter")
        self._cell_chip.setStyleSheet("QToolButton { border: 1px solid palette(highlight); border-radius: 4px;"
                                      " padding: 1px 6px; background: palette(alternate-base); }")
        self._cell_chip.clicked.connect(lambda: self.filter_cell(None, None))
        self._cell_chip.hide()

        self._view = QTableView(objectName="results")
        self._setup_view()

        # Search and filters flow in as many rows as the width needs: one on a wide window, leaving
        # the height to the table.
        self._search.setMinimumWidth(self._search.fontMetrics().horizontalAdvance("x" * 24))
        flow = _FlowLayout()
        for widget in (self._search, self._count, self._predicted, self._true, self._correctness, confidence,
                       self._cell_chip, self._clear_button):
            flow.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(flow)
        layout.addWidget(self._view, 1)

        for signal in (self._proxy.rowsInserted, self._proxy.rowsRemoved, self._proxy.modelReset,
                       self._model.rowsInserted, self._model.modelReset):
            signal.connect(self._update_count)
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
        header.sectionResized.connect(self._on_section_resized)
        view.activated.connect(self._on_activated)
        view.selectionModel().currentRowChanged.connect(self._on_current_changed)

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
        for combo in (self._predicted, self._true):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)
        self._apply_combos()

    def set_labelled(self, labelled: bool) -> None:
        self._labelled = bool(labelled)
        self._model.set_labelled(self._labelled)
        for col in LABELLED_COLUMNS:
            self._view.setColumnHidden(col, not self._labelled)
        self._true.setVisible(self._labelled)
        for i in (1, 2):  # Correct / Incorrect mean nothing without true classes
            self._correctness.model().item(i).setEnabled(self._labelled)
        if not self._labelled:
            self._true.setCurrentIndex(0)
            if self._correctness.currentIndex() in (1, 2):
                self._correctness.setCurrentIndex(0)

    def append_rows(self, rows: list[ResultRow]) -> None:
        self._model.append_rows(rows)

    def clear(self) -> None:
        self._last_current = None
        self._model.clear()

    def clear_filters(self) -> None:
        for widget in (self._search, self._predicted, self._true, self._correctness, self._lo, self._hi):
            widget.blockSignals(True)
        self._search.clear()
        self._search_timer.stop()
        self._predicted.setCurrentIndex(0)
        self._true.setCurrentIndex(0)
        self._correctness.setCurrentIndex(0)
        self._lo.setValue(0.0)
        self._hi.setValue(100.0)
        for widget in (self._search, self._predicted, self._true, self._correctness, self._lo, self._hi):
            widget.blockSignals(False)
        self._cell_chip.hide()
        self._proxy.clear_filters()
        self._filters_changed()

    def filter_cell(self, true_name: str | None, predicted_name: str | None) -> None:
        """Show one confusion-matrix cell (None, None clears it), with a chip that removes it."""
        self._proxy.set_cell(true_name, predicted_name)
        cell = self._proxy.cell()
        if cell is not None:
            self._cell_chip.setText(self.tr("cell filter: true {0} → predicted {1}  ✕").format(*cell))
            self._cell_chip.setToolTip(self.tr("Remove the confusion-matrix cell filter"))
        self._cell_chip.setVisible(cell is not None)
        self._filters_changed()

    def select_index(self, run_index: int) -> bool:
        """Select and scroll to a run index; False when it is not in the table or filtered out.

        Does not echo currentRowChanged: the caller already knows where it moved.
        """
        row = self._proxy.proxy_row(self._model.source_row_of(run_index))
        if row < 0:
            return False
        index = self._proxy.index(row, COL_FILE)
        self._echo = False
        try:
            self._view.selectionModel().setCurrentIndex(
                index, self._view.selectionModel().ClearAndSelect | self._view.selectionModel().Rows)
        finally:
            self._echo = True
        self._last_current = run_index
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

    def _on_current_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        run_index = self._run_index(current)
        if self._echo and run_index != self._last_current:
            self._last_current = run_index
            self.currentRowChanged.emit(run_index)

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
        if not self._file_width_set_by_user:  # the File column keeps a share of the width until resized by hand
            fm = self._view.fontMetrics()
            width = int(event.size().width() * 0.32)  # the viewport may not have its new size yet
            width = max(fm.horizontalAdvance("x" * 14), min(width, fm.horizontalAdvance("x" * 60)))
            self._fitting = True
            self._view.setColumnWidth(COL_FILE, width)
            self._fitting = False

    def _on_section_resized(self, section: int, old: int, new: int) -> None:
        if section == COL_FILE and not self._fitting:
            self._file_width_set_by_user = True

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self._proxy.set_text(self._search.text())
        self._filters_changed()

    def _apply_combos(self) -> None:
        self._proxy.set_predicted(self._predicted.currentData())
        self._proxy.set_true(self._true.currentData() if self._labelled else None)
        self._proxy.set_correctness(self._correctness.currentData() or "all")
        self._filters_changed()

    def _apply_confidence(self) -> None:
        lo, hi = self._lo.value(), self._hi.value()
        if lo > hi:  # keep min <= max: the spin the user did not touch follows
            other = self._hi if self.sender() is self._lo else self._lo
            other.blockSignals(True)
            other.setValue(lo if other is self._hi else hi)
            other.blockSignals(False)
            lo, hi = self._lo.value(), self._hi.value()
        self._proxy.set_confidence(lo / 100.0, hi / 100.0)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._clear_button.setVisible(self._proxy.is_filtered() or bool(self._search.text()))
        self._update_count()
        self.filtersChanged.emit()

    def _update_count(self, *args) -> None:
        locale = QLocale()
        self._count.setText(self.tr("{0} of {1} shown").format(
            locale.toString(self._proxy.rowCount()), locale.toString(len(self._model))))

    # -- translation --------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._search.setPlaceholderText(self.tr("Search file names…"))
        self._search.setToolTip(self.tr("Show files whose path contains this text (any case)"))
        self._clear_button.setText(self.tr("Clear filters"))
        self._predicted.setItemText(0, self.tr("Any predicted"))
        self._predicted.setToolTip(self.tr("Show one predicted class"))
        self._true.setItemText(0, self.tr("Any true class"))
        self._true.setToolTip(self.tr("Show one true class (the image's folder)"))
        for i, text in enumerate((self.tr("All"), self.tr("Correct"), self.tr("Incorrect"),
                                  self.tr("Unreadable"))):
            self._correctness.setItemText(i, text)
        self._correctness.setToolTip(self.tr("Show correct, incorrect or unreadable images"))
        self._confidence_label.setText(self.tr("Confidence"))
        self._lo.setToolTip(self.tr("Lowest probability of the predicted class"))
        self._hi.setToolTip(self.tr("Highest probability of the predicted class"))
        cell = self._proxy.cell()
        if cell is not None:
            self._cell_chip.setText(self.tr("cell filter: true {0} → predicted {1}  ✕").format(*cell))
        self._model.headerDataChanged.emit(Qt.Horizontal, 0, self._model.columnCount() - 1)
        self._update_count()
