"""A submenu of exclusive, checkable choices kept checked on the current one (View → Language, View → Theme)."""
from __future__ import annotations

from PyQt5.QtWidgets import QActionGroup, QMenu

from ui.widgets.retranslate import Retranslating


class ChoiceMenu(Retranslating, QMenu):
    """One checkable item per key (a separator before `separate_before`); choosing one calls
    `choose(key)`; `show_choice(key)` checks it. Subclasses word the items in `retranslate()`."""

    def __init__(self, keys, choose, current: str, separate_before: str | None = None, parent=None):
        super().__init__(parent)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.items = {}
        for key in keys:
            if key == separate_before:
                self.addSeparator()
            action = self.addAction("")
            action.setCheckable(True)
            action.setData(key)
            self.group.addAction(action)
            self.items[key] = action
        self.group.triggered.connect(lambda action: choose(action.data()))
        self.show_choice(current)
        self.retranslate()

    def show_choice(self, choice: str) -> None:
        self.items[choice].setChecked(True)
