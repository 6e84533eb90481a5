"""Earlier training runs as a table, newest first: open one, resume an unfinished one, refresh.

The app lists the run folders (config.json, metrics.csv) and gives plain dicts; this view only
shows them. Columns sort by value (dates by time, accuracies as numbers), not as text.
"""
from __future__ import annotations

import math
import os
from datetime import datetime

from PyQt5.QtCore import QEvent, QSortFilterProxyModel, Qt, pyqtSignal
from PyQt5.QtGui import QStandardItem, QStandardItemModel
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COL_DATE, COL_NAME, COL_MODEL, COL_EPOCHS, COL_VAL, COL_TEST, COL_STATUS = range(7)
SORT_ROLE = Qt.UserRole
PATH_ROLE = Qt.UserRole + 1
FINISHED_ROLE = Qt.UserRole + 2


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
        self._view.setTextElideMode(Qt.ElideMiddle)
        self._view.verticalHeader().hide()
        self._view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self._view.verticalHeader().setDefaultSectionSize(self._view.fontMetrics().height() + 8)
        header = self._view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setMinimumSectionSize(40)
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
        if when is not None:
            date_text = (when.astimezone() if when.tzinfo else when).strftime("%Y-%m-%d %H:%M")  # compact, unambiguous
            date_key = _timestamp(when)
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
        items[COL_NAME].setToolTip(path)
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
        fm = self._view.fontMetrics()
        for col in (COL_DATE, COL_MODEL, COL_EPOCHS, COL_VAL, COL_TEST, COL_STATUS):
            header = self._model.headerData(col, Qt.Horizontal) or ""
            width = max(self._view.sizeHintForColumn(col), fm.horizontalAdvance(header) + 24)  # + the sort arrow
            self._view.setColumnWidth(col, min(width, fm.horizontalAdvance("x" * 28)))
        self._fit_name()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_name()

    def showEvent(self, event):
        super().showEvent(event)
        self._fit_name()   # runs set or a window resized while the tab was hidden: the viewport's width is known now

    def _fit_name(self) -> None:
        """Run names are long ("20250302-090000-vit_b_16"): the Name column takes the width the others leave."""
        others = sum(self._view.columnWidth(col) for col in range(self._model.columnCount()) if col != COL_NAME)
        least = self._view.fontMetrics().horizontalAdvance("x" * 12)
        self._view.setColumnWidth(COL_NAME, max(least, self._view.viewport().width() - others))

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
