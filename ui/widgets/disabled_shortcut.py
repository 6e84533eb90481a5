"""A shortcut pressed while its action is off says why, in the status bar, instead of nothing.

The menu shows an action that cannot be used greyed, and a reader of the menu sees that. A key is
pressed without looking at the menu: Ctrl+E (Export Results) before any run did nothing at all, and a
new user could not tell a missed key from a missing feature. The action stays disabled (menu,
toolbar and shortcut agree that there is nothing to do); while it is, its keys go to a stand-in
QShortcut that only says why. While the action is enabled the stand-in is off, so Qt never sees
the same key claimed twice (an ambiguous key runs neither).
"""
from __future__ import annotations

from collections.abc import Callable

from PyQt5.QtCore import QObject, Qt
from PyQt5.QtWidgets import QAction, QMainWindow, QShortcut

SHOWN_MS = 6000


class ReasonWhenDisabled(QObject):
    def __init__(self, action: QAction, window: QMainWindow, reason: Callable[[], str]):
        super().__init__(window)
        self._action, self._window, self._reason = action, window, reason
        self._shortcuts = []
        for sequence in action.shortcuts():
            shortcut = QShortcut(sequence, window)
            shortcut.setContext(Qt.WindowShortcut)
            shortcut.activated.connect(self._say)
            self._shortcuts.append(shortcut)
        action.changed.connect(self._follow)  # emitted when enabled changes, among others
        self._follow()

    def _follow(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(not self._action.isEnabled())

    def _say(self) -> None:
        self._window.statusBar().showMessage(self._reason(), SHOWN_MS)


def say_why_when_disabled(action: QAction, window: QMainWindow, reason: Callable[[], str]) -> ReasonWhenDisabled:
    """`reason()` (called when the key is pressed, so in the current language) shows in the window's status
    bar when one of `action`'s shortcuts is pressed while the action is disabled."""
    return ReasonWhenDisabled(action, window, reason)
