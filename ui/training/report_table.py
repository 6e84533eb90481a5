"""The report view's per-class table: one row per class with its precision, recall, F1, support, AUC
and AP (run_folder.TABLE_KEYS), shown with 3 decimals or "—" (undefined, as 0/0, the mark the main window's
metrics use too) and sorted by number, not by text ("—" below every number). The columns fit the width they get,
so nothing scrolls sideways. ReportView
(ui/training/report_view.py) fills it a slice of rows at a time and gives it its translated headers.
"""
from __future__ import annotations

import math

from PyQt5.QtCore import QLocale, Qt
from PyQt5.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from core.training.run_folder import TABLE_KEYS, number

UNDEFINED = "—"  # a score that is 0/0: a class never predicted has no precision, not a precision of 0


def fixed(value, na: str, decimals: int = 3) -> str:
    """A score with 3 decimals, or `na` (UNDEFINED) when undefined."""
    value = number(value)
    return na if math.isnan(value) else f"{value:.{decimals}f}"


class NumberItem(QTableWidgetItem):
    """A table cell shown as text but sorted by its number; an undefined one sorts below every number."""

    def __init__(self, value: float, text: str):
        super().__init__(text)
        self.setData(Qt.UserRole, -math.inf if math.isnan(value) else value)
        self.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)

    def __lt__(self, other):
        if isinstance(other, NumberItem):
            return self.data(Qt.UserRole) < other.data(Qt.UserRole)
        return super().__lt__(other)


class ScoreTable(QTableWidget):
    """The per-class table. Class names stretch and the numbers take their width when all fits; else
    the numbers share the width (long headers elided, explained in their tooltips) so that nothing
    scrolls sideways."""

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        hints = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())]
        width = self.viewport().width()
        fits = sum(hints) <= width or not self.rowCount()
        header.setSectionResizeMode(0, QHeaderView.Stretch if fits else QHeaderView.Interactive)
        if not fits:
            header.resizeSection(0, min(hints[0], int(width * 0.35)))
        for column in range(1, self.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents if fits else QHeaderView.Stretch)

    def set_scores(self, row: int, values: dict, na: str) -> None:
        """Row `row`: the class name, then its TABLE_KEYS scores (`na`, translated, where undefined)."""
        name = QTableWidgetItem(values["class"])
        name.setToolTip(values["class"])
        self.setItem(row, 0, name)
        for column, key in enumerate(TABLE_KEYS, start=1):
            value = values[key]
            text = ((na if math.isnan(value) else QLocale().toString(int(value))) if key == "support"
                    else fixed(value, na))
            self.setItem(row, column, NumberItem(value, text))
