"""The report view's summary cards: the run's headline numbers (accuracy, macro F1, macro AUC, test
images, classes, epochs), each a big number over its caption, laid out in one row when the width
allows and in two otherwise. `card_values` turns metrics.json into the texts the cards show;
ReportView (ui/training/report_view.py) passes its own `tr`, so the words keep its translation context.
"""
from __future__ import annotations

import math

from PyQt5.QtCore import QLocale, Qt
from PyQt5.QtGui import QPalette
from PyQt5.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.training.run_folder import number
from ui.training.report_table import UNDEFINED, fixed

CARD_KEYS = ("accuracy", "macro_f1", "macro_auc", "n_test", "n_classes", "epochs")


def grey(label: QLabel) -> None:
    # A role, not a colour copied from today's palette: it follows View → Theme.
    label.setForegroundRole(QPalette.PlaceholderText)


def card_values(m: dict, tr) -> tuple[dict[str, str], dict[str, str]]:
    """(text, tooltip) by card key for metrics.json's numbers; `tr` translates."""
    locale, na = QLocale(), UNDEFINED
    accuracy, epochs, n_test = (number(m.get(key)) for key in ("accuracy", "epochs", "n_test"))
    epochs = int(epochs) if math.isfinite(epochs) else 0
    values = {
        "accuracy": na if math.isnan(accuracy) else tr("{0} %").format(f"{accuracy * 100:.1f}"),
        "macro_f1": fixed(m.get("macro_f1"), na),
        "macro_auc": fixed(m.get("macro_auc"), na),
        "n_test": locale.toString(int(n_test)) if math.isfinite(n_test) else na,
        "n_classes": str(len(m.get("class_names", []))),
        "epochs": str(epochs) if epochs else "—",
    }
    tips = {"macro_f1": tr("weighted F1 {0}").format(fixed(m.get("weighted_f1"), na)),
            "macro_auc": tr("micro AUC {0}, macro AP {1}").format(fixed(m.get("micro_auc"), na),
                                                                  fixed(m.get("macro_ap"), na))}
    return values, tips


class Card(QFrame):
    """A big number over its caption."""

    def __init__(self, key: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.value = QLabel(objectName=f"value_{key}")
        self.caption = QLabel(objectName=f"caption_{key}")
        font = self.value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.value.setFont(font)
        small = self.caption.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.caption.setFont(small)
        for label in (self.value, self.caption):
            label.setAlignment(Qt.AlignCenter)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        grey(self.caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        # Ignored: the row decides the columns from the width it gets, never the other way round.
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)


class CardRow(QWidget):
    """Cards in one row when they fit, else two (never more: the row's height would then depend on
    the width, and a narrow window would refuse to get shorter)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cards = {key: Card(key, self) for key in CARD_KEYS}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._columns = 0
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)

    def reflow(self) -> None:
        cards = list(self.cards.values())
        widest = max(card.sizeHint().width() for card in cards)
        rows = 1 if (self.width() + 6) // (widest + 6) >= len(cards) else 2
        columns = math.ceil(len(cards) / rows)
        if columns == self._columns:
            return
        self._columns = columns
        for card in cards:
            self._grid.removeWidget(card)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        for index, card in enumerate(cards):
            self._grid.addWidget(card, index // columns, index % columns)
        for column in range(columns):
            self._grid.setColumnStretch(column, 1)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.reflow()
