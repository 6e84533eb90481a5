"""A scroll area that keeps the field being typed in on screen when its viewport gets shorter.

The training form's problem list sits above its scroll area and appears as a problem is found.
Typing a file's path into Output folder, the last field of the form, showed "Output folder …: … is a
file, not a folder" there, the viewport lost its bottom 75 px and the field went out of sight while
the cursor was still in it: the next keys went into a field the user could not see.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QObject, QPoint, QRect, QSize, QTimer
from PyQt5.QtWidgets import QScrollArea, QWidget


class FocusInView(QObject):
    """Watches `scroll`'s viewport: a resize that hides the focused field it showed scrolls it back in."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self._scroll = scroll
        self._field: QWidget | None = None  # to bring back into view
        # Once the scroll area has set its scroll bars' new range, which it does after the viewport's resize.
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(self._bring_back)
        scroll.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize and event.oldSize().isValid():
            focus = self._focused_field()
            if focus is not None and self._shown(focus, event.oldSize()) and not self._shown(focus, event.size()):
                self._field = focus
                self._later.start()
        return False

    def _focused_field(self) -> QWidget | None:
        focus, content = self._scroll.window().focusWidget(), self._scroll.widget()
        return focus if focus is not None and content is not None and content.isAncestorOf(focus) else None

    def _shown(self, field: QWidget, viewport: QSize) -> bool:
        """Whether the whole field lies within a viewport of that size (its scroll position unchanged)."""
        place = QRect(field.mapTo(self._scroll.viewport(), QPoint(0, 0)), field.size())
        return QRect(QPoint(0, 0), viewport).contains(place)

    def _bring_back(self) -> None:
        field, self._field = self._field, None
        if field is not None and self._focused_field() is field:  # still where the user types
            self._scroll.ensureWidgetVisible(field)
