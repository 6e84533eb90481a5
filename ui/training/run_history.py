"""Earlier training runs as a table, newest first: open one, resume an unfinished one, refresh.

The app lists the run folders (config.json, metrics.csv) and gives plain dicts; this view only
shows them. Columns sort by value (dates by time, accuracies as numbers), not as text.

The columns fit the width the tab has, without scrolling sideways: a narrow window (1000×650) cuts
the run names first, at their start, which is the date and time the Date column already shows
("…225732-resnet18" keeps the time's seconds and the model), then the headers down to their
words, then the Model column goes where every name ends with its model, then this year's dates lose
their year; numbers and status are never cut.
"""
from __future__ import annotations

import math
import os
import re
from datetime import datetime

from PyQt5.QtCore import QEvent, QSortFilterProxyModel, Qt, pyqtSignal
from PyQt5.QtGui import QStandardItem, QStandardItemModel
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COL_DATE, COL_NAME, COL_MODEL, COL_EPOCHS, COL_VAL, COL_TEST, COL_STATUS = range(7)
SORT_ROLE = Qt.UserRole
PATH_ROLE = Qt.UserRole + 1
FINISHED_ROLE = Qt.UserRole + 2
SHORT_DATE_ROLE = Qt.UserRole + 3   # "12-03 22:58": a date of this year without its year, where room is short
# A run folder's name starts with its date and time (core/training/train.py: new_run_dir, evaluated_folder.py).
RUN_DATE, RUN_STAMP = re.compile(r"\d{8}-"), re.compile(r"\d{8}-\d{6}-")
CELL_PADDING = 12                   # a cell's margins around its text
SORT_ARROW = 24                     # a header's margins and the room of its sort arrow


def _when(value) -> datetime | None:
    """A datetime from a datetime, a POSIX timestamp or an ISO 8601 string; None when it is none of them."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return datetime.fromtimestamp(value)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _timestamp(when: datetime) -> float:
    try:
        return when.timestamp()  # aware or naive (local time): comparable either way
    except (OverflowError, OSError, ValueError):
        return 0.0


def _names_its_model(run: dict) -> bool:
    """Whether a run's name ends with its model, as the names new_run_dir gives do ("…-resnet18", "…-resnet18-2")."""
    model = str(run.get("model") or "").replace("/", "-")
    return bool(model) and re.search(rf"-{re.escape(model)}(-\d+)?$", str(run.get("name") or "")) is not None


class _YearDropped(QStyledItemDelegate):
    """This year's dates without their year in a column too narrow for it, rather than cut."""

    def paint(self, painter, option, index):
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        option.text = self.date_text(option, index)
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)

    @staticmethod
    def date_text(option, index) -> str:
        """The date as painted in option.rect (sizeHint measures the whole date: the width it wants)."""
        short = index.data(SHORT_DATE_ROLE)
        if short and option.rect.width() < option.fontMetrics.horizontalAdvance(option.text) + text_margins(option):
            return short
        return option.text


def text_margins(option) -> int:
    """The room a cell leaves on both sides of its text (QCommonStyle: the focus frame's margin + 1 each side)."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    return 2 * (style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, option.widget) + 1)


class _StartElided(QStyledItemDelegate):
    """Run names cut at their start, where the date is: the end says which run it was."""

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideLeft


class RunHistory(QWidget):
    openRequested = pyqtSignal(str)     # a run folder: double-click, Enter or Open
    resumeRequested = pyqtSignal(str)   # an unfinished run folder
    evaluateRequested = pyqtSignal()    # Evaluate a Model… (app/evaluate_flow.py asks for the files)
    refreshRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model = QStandardItemModel(0, 7, self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SORT_ROLE)
        self._view = QTableView(objectName="runs")
        self._view.setModel(self._proxy)
        self._view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self._view.setSelectionMode(QAbstractItemView.SingleSelection)
        self._view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self._view.setAlternatingRowColors(True)
        self._view.setShowGrid(False)
        self._view.setWordWrap(False)
        self._view.setTextElideMode(Qt.ElideRight)
        self._view.setItemDelegate(QStyledItemDelegate(self._view))   # made here: shown_text may ask it
        self._name_delegate = _StartElided(self._view)
        self._view.setItemDelegateForColumn(COL_NAME, self._name_delegate)
        self._date_delegate = _YearDropped(self._view)
        self._view.setItemDelegateForColumn(COL_DATE, self._date_delegate)
        self._view.verticalHeader().hide()
        self._view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self._view.verticalHeader().setDefaultSectionSize(self._view.fontMetrics().height() + 8)
        header = self._view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setMinimumSectionSize(40)
        header.setTextElideMode(Qt.ElideRight)
        header.sortIndicatorChanged.connect(lambda *_: self._fit_columns())   # the sort arrow's room moves
        self._view.setSortingEnabled(True)
        self._view.sortByColumn(COL_DATE, Qt.DescendingOrder)
        self._view.activated.connect(self._activated)
        self._view.selectionModel().selectionChanged.connect(self._update_buttons)

        self._empty = QLabel(objectName="empty", wordWrap=True, alignment=Qt.AlignCenter)
        self._open = QPushButton(objectName="open")
        self._resume = QPushButton(objectName="resume")
        self._refresh = QPushButton(objectName="refresh")
        self._evaluate = QPushButton(objectName="evaluate")
        self._evaluate.clicked.connect(self.evaluateRequested)
        self._open.clicked.connect(lambda: self._emit(self.openRequested))
        self._resume.clicked.connect(lambda: self._emit(self.resumeRequested))
        self._refresh.clicked.connect(self.refreshRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self._open)
        buttons.addWidget(self._resume)
        buttons.addStretch(1)
        buttons.addWidget(self._evaluate)
        buttons.addWidget(self._refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._empty, 1)
        layout.addLayout(buttons)
        self._runs: list[dict] = []
        self._training: str | None = None  # the run folder a job is training now
        self._retranslate()
        self.set_runs([])

    # --- public API ----------------------------------------------------------------------------
    @property
    def view(self) -> QTableView:
        return self._view

    def set_runs(self, runs: list[dict]) -> None:
        """[{path, name, model, epochs, best_val_acc, test_accuracy, finished, date}, and for an evaluation
        kind "evaluation" and data]; keeps the selection."""
        selected = self.selected_path()
        self._runs = [dict(run) for run in runs]
        self._model.removeRows(0, self._model.rowCount())
        for run in self._runs:
            self._model.appendRow(self._row(run))
        self._proxy.sort(self._view.horizontalHeader().sortIndicatorSection(),
                         self._view.horizontalHeader().sortIndicatorOrder())
        self._view.setVisible(bool(runs))
        self._empty.setVisible(not runs)
        self._fit_columns()
        if selected is not None:
            self.select_path(selected)
        self._update_buttons()

    def set_training(self, path: str | None) -> None:
        """The run being trained now (None: none): its status says so, and it cannot be resumed meanwhile."""
        self._training = path
        self.set_runs(self._runs)

    def paths(self) -> list[str]:
        """Run folders in the order shown."""
        return [self._proxy.index(row, COL_DATE).data(PATH_ROLE) for row in range(self._proxy.rowCount())]

    def shown_text(self, row: int, col: int) -> str:
        """A cell's text as painted: elided to the column's width, a date of this year perhaps without its year."""
        view = self._view
        index = self._proxy.index(row, col)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.widget, option.rect, option.textElideMode = view, view.visualRect(index), view.textElideMode()
        (view.itemDelegateForColumn(col) or view.itemDelegate()).initStyleOption(option, index)
        text = _YearDropped.date_text(option, index) if col == COL_DATE else option.text
        return option.fontMetrics.elidedText(text, option.textElideMode, option.rect.width() - text_margins(option))

    def selected_path(self) -> str | None:
        rows = self._view.selectionModel().selectedRows(COL_DATE)
        return rows[0].data(PATH_ROLE) if rows else None

    def select_path(self, path: str) -> bool:
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, COL_DATE)
            if index.data(PATH_ROLE) == path:
                self._view.selectRow(row)
                self._view.scrollTo(index)
                return True
        return False

    # --- rows ----------------------------------------------------------------------------------
    def _row(self, run: dict) -> list[QStandardItem]:
        path = str(run.get("path", ""))
        finished = bool(run.get("finished", False))
        evaluation = run.get("kind") == "evaluation"   # core/reporting/evaluated_folder.py
        when = _when(run.get("date"))
        short_date = None
        if when is not None:
            local = when.astimezone() if when.tzinfo else when
            date_text = local.strftime("%Y-%m-%d %H:%M")  # compact, unambiguous
            date_key = _timestamp(when)
            if local.year == datetime.now().year:
                short_date = local.strftime("%m-%d %H:%M")
        else:
            date_text, date_key = str(run.get("date") or ""), -math.inf  # unknown dates go last
        epochs = run.get("epochs")
        cells = [
            (date_text, date_key),
            (str(run.get("name") or ""), str(run.get("name") or "").lower()),
            (str(run.get("model") or ""), str(run.get("model") or "")),
            ("" if epochs is None else str(epochs), epochs if isinstance(epochs, (int, float)) else -1),
            self._percent(run.get("best_val_acc")),
            self._percent(run.get("test_accuracy")),
            self._status(path, evaluation, finished),
        ]
        items = []
        for text, key in cells:
            item = QStandardItem(text)
            item.setData(key, SORT_ROLE)
            item.setEditable(False)
            items.append(item)
        items[COL_DATE].setData(path, PATH_ROLE)
        items[COL_DATE].setData(finished, FINISHED_ROLE)
        items[COL_DATE].setData(short_date, SHORT_DATE_ROLE)
        items[COL_DATE].setToolTip(date_text)
        items[COL_NAME].setToolTip(path)   # the whole name, where the cell shows its end
        items[COL_MODEL].setToolTip(str(run.get("model") or ""))
        for col in (COL_EPOCHS, COL_VAL, COL_TEST):
            items[col].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        items[COL_STATUS].setToolTip(
            self.tr("{0} evaluated on {1}").format(run.get("model", ""), run.get("data", "")) if evaluation
            else self.tr("Trained every epoch it was asked to") if finished
            else self.tr("Stopped, crashed or still running; Resume continues from its last.pt"))
        return items

    @staticmethod
    def _percent(value) -> tuple[str, float]:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return f"{value * 100:.1f} %", float(value)
        return "—", -1.0

    def _fit_columns(self) -> None:
        """Each column as wide as its values and header (the sorted one's with room for its arrow). What the
        viewport lacks for that is taken from the name first, down to the part after its date
        ("…225732-resnet18"), then from the sorted header's arrow room, then the Model column goes where every
        name ends with its model, then the dates of this year lose their year, then the name is cut down to the
        part after its time (the model: "…resnet18"), then the model down to its header, then the name down to
        a few letters. Room to spare goes to the name."""
        view, fm = self._view, self._view.fontMetrics()
        columns = range(self._model.columnCount())
        fewest = view.horizontalHeader().minimumSectionSize()
        cap = fm.horizontalAdvance("x" * 28)
        content = {col: max(view.sizeHintForColumn(col), 0) for col in columns}
        words = {col: fm.horizontalAdvance(self._model.headerData(col, Qt.Horizontal) or "") for col in columns}
        sorted_by = view.horizontalHeader().sortIndicatorSection()
        heading = {col: words[col] + (SORT_ARROW if col == sorted_by else CELL_PADDING) for col in columns}
        widths = {col: max(min(max(content[col], heading[col]), cap), fewest) for col in columns}
        widths[COL_NAME] = max(content[COL_NAME], heading[COL_NAME])
        names = [str(run.get("name") or "") for run in self._runs]

        def name_after(stamp) -> int:
            return max([fm.horizontalAdvance("…" + stamp.sub("", name, count=1)) + CELL_PADDING
                        for name in names] + [0])
        steps = [(COL_NAME, name_after(RUN_DATE))]
        steps += [(col, max(content[col], words[col] + CELL_PADDING))
                  for col in (COL_EPOCHS, COL_VAL, COL_TEST, COL_STATUS)]   # the sorted one: its arrow's room
        shortest_dates = [fm.horizontalAdvance(index.data(SHORT_DATE_ROLE) or index.data()) + CELL_PADDING
                          for index in (self._model.index(row, COL_DATE) for row in range(self._model.rowCount()))]
        steps += [(COL_MODEL, None),   # hidden, where every name ends with its model
                  (COL_DATE, max(shortest_dates + [0])),
                  (COL_NAME, name_after(RUN_STAMP)),
                  (COL_MODEL, words[COL_MODEL] + CELL_PADDING),
                  (COL_NAME, fm.horizontalAdvance("x" * 6))]
        steps = [(col, least if least is None else max(least, fewest)) for col, least in steps]
        lacking = sum(widths.values()) - view.viewport().width()
        model_hidden = False
        for col, least in steps:
            if lacking <= 0:
                break
            if least is None:
                # The names end with their models: a column of them cut to "resn…" would only repeat them, worse.
                if all(_names_its_model(run) for run in self._runs):
                    lacking -= widths[COL_MODEL]
                    widths[COL_MODEL], model_hidden = 0, True
                continue
            cut = min(lacking, max(0, widths[col] - least))
            widths[col] -= cut
            lacking -= cut
        widths[COL_NAME] -= min(lacking, 0)   # room to spare
        view.setColumnHidden(COL_MODEL, model_hidden)
        for col in columns:
            if not (col == COL_MODEL and model_hidden):
                view.setColumnWidth(col, widths[col])

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event):
        super().showEvent(event)
        self._fit_columns()   # runs set or a window resized while the tab was hidden: the viewport's width is known now

    # --- slots ---------------------------------------------------------------------------------
    def _activated(self, index) -> None:
        if index.isValid():
            self.openRequested.emit(self._proxy.index(index.row(), COL_DATE).data(PATH_ROLE))

    def _emit(self, signal) -> None:
        path = self.selected_path()
        if path is not None:
            signal.emit(path)

    def _status(self, path: str, evaluation: bool, finished: bool) -> tuple[str, float]:
        """The Status cell's text and sort key."""
        if evaluation:
            return self.tr("Evaluation"), 3
        if self._training is not None and os.path.normpath(path) == os.path.normpath(self._training):
            return self.tr("Training…"), 2
        return (self.tr("Finished"), 1) if finished else (self.tr("Not finished"), 0)

    def _update_buttons(self, *args) -> None:
        rows = self._view.selectionModel().selectedRows(COL_DATE)
        self._open.setEnabled(bool(rows))
        training = bool(rows) and self._training is not None and os.path.normpath(
            rows[0].data(PATH_ROLE)) == os.path.normpath(self._training)
        self._resume.setEnabled(bool(rows) and not rows[0].data(FINISHED_ROLE) and not training)

    # --- translation ---------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
            self.set_runs(self._runs)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        headers = (self.tr("Date"), self.tr("Name"), self.tr("Model"), self.tr("Epochs"), self.tr("Val acc"),
                   self.tr("Test acc"), self.tr("Status"))
        tips = (self.tr("When the run started"), self.tr("The run folder's name"), self.tr("Architecture"),
                self.tr("Epochs trained"), self.tr("Best validation accuracy (the epoch saved as best.pt)"),
                self.tr("Accuracy on the test split with best.pt"), self.tr("Whether the run trained every epoch"))
        for col, (text, tip) in enumerate(zip(headers, tips)):
            self._model.setHeaderData(col, Qt.Horizontal, text)
            self._model.setHeaderData(col, Qt.Horizontal, tip, Qt.ToolTipRole)
        self._view.setToolTip(self.tr("Double-click a run to open its report"))
        self._empty.setText(self.tr("No runs yet. Finished and stopped runs from the output folder appear here."))
        self._empty.setToolTip(self.tr("Runs are listed from the output folder"))
        self._open.setText(self.tr("Open"))
        self._open.setToolTip(self.tr("Show the selected run's report and charts"))
        self._resume.setText(self.tr("Resume"))
        self._resume.setToolTip(self.tr("Continue the selected unfinished run from its last.pt"))
        self._refresh.setText(self.tr("Refresh"))
        self._evaluate.setText(self.tr("Evaluate a Model…"))
        self._evaluate.setToolTip(self.tr("Write the report of an existing model file on a labelled folder"))
        self._refresh.setToolTip(self.tr("List the runs in the output folder again"))
