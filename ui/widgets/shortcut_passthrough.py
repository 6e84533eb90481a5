"""Window shortcuts that still work while a text field has the focus.

On Linux a QLineEdit claims Emacs keys: Ctrl+E (end of line), Ctrl+U (delete to the start), Ctrl+K.
With the results' search box focused, Ctrl+E (Export Results) then moved the cursor and nothing was
exported. This filter lets a Ctrl shortcut that one of the window's actions has reach the action, unless
it is a key people edit text with (select all, copy, cut, paste, undo, redo).
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QObject, Qt
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import QAbstractSpinBox, QLineEdit

EDITING = {QKeySequence(key).toString() for key in ("Ctrl+A", "Ctrl+C", "Ctrl+X", "Ctrl+V", "Ctrl+Z", "Ctrl+Y",
                                                    "Ctrl+Shift+Z", "Ctrl+Left", "Ctrl+Right", "Ctrl+Backspace",
                                                    "Ctrl+Del", "Ctrl+Home", "Ctrl+End")}


class ShortcutPassthrough(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched, event):
        if event.type() != QEvent.ShortcutOverride or not event.modifiers() & Qt.ControlModifier:
            return False
        pressed = QKeySequence(int(event.modifiers()) | event.key()).toString()
        if pressed in EDITING:
            return False
        taken = any(pressed == shortcut.toString() for action in self._window.actions()
                    for shortcut in action.shortcuts() if action.isEnabled())
        return taken  # filtered and left unaccepted: Qt then runs the window's shortcut


def let_shortcuts_through(window) -> None:
    """Every text field of `window` (spin boxes' included) gives way to the window's Ctrl shortcuts."""
    passthrough = ShortcutPassthrough(window)
    # A spin box has the focus itself and hands ShortcutOverride to its line edit by a direct call, past any
    # filter there: Ctrl+E in Interval exported nothing, and Ctrl+U emptied a Confidence box.
    for field in [*window.findChildren(QLineEdit), *window.findChildren(QAbstractSpinBox)]:
        field.installEventFilter(passthrough)
