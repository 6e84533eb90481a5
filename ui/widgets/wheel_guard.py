"""A scrolling form whose combo boxes and spin boxes do not change under a passing mouse wheel.

Qt gives the wheel to whatever widget is under the pointer, so scrolling down a long form changes
the value of every combo box or spin box that passes under it (the training form's Resize mode
became "Centre crop" that way, unseen). Here a wheel over such a field that does not have the
keyboard focus goes on to the scroll area instead; click the field first to wheel through values.
"""
from __future__ import annotations

from PyQt5.QtCore import QCoreApplication, QEvent, QObject, Qt
from PyQt5.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            area = watched.parentWidget()
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None:  # sent, not propagated: Qt passes a resent wheel event to no parent
                QCoreApplication.sendEvent(area.viewport(), event)
            return True
        return False


def guard_wheel(root: QWidget) -> None:
    """Guard every combo box and spin box inside `root` (call once its fields exist)."""
    guard = WheelGuard(root)
    for field in root.findChildren((QComboBox, QAbstractSpinBox)):
        field.setFocusPolicy(Qt.StrongFocus)  # a wheel no longer gives the focus, a click or Tab does
        field.installEventFilter(guard)
