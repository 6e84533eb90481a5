"""A scroll area that keeps what the user was reading in place while its content is laid out anew.

View → Language changes the length of every label and note of the training form; the scroll bar kept its value in
pixels, so the field at the top of the form before the switch was 66 px lower (or out of sight) after it, and the
user had to look for their place again.
"""
from __future__ import annotations

from typing import Callable, Iterable

from PyQt5.QtCore import QEvent, QObject, QPoint, QTimer
from PyQt5.QtWidgets import QScrollArea, QWidget

SETTLE_MS = 500  # the new layout's passes (labels, wrapped rows asking again for their height) end within this


class PlaceInView(QObject):
    """hold() before the content changes: the widget nearest the viewport's top (of `landmarks()`) is kept at the
    same height in the viewport through the layout passes that follow."""

    def __init__(self, scroll: QScrollArea, landmarks: Callable[[], Iterable[QWidget]]):
        super().__init__(scroll)
        self._scroll, self._landmarks = scroll, landmarks
        self._held: tuple[QWidget, int] | None = None  # the landmark and its height in the viewport
        self._watched: list[QWidget] = []  # the landmark and the widgets it lies in
        self._settled = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settled.timeout.connect(self._let_go)
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(self._restore)
        scroll.verticalScrollBar().rangeChanged.connect(lambda *_: self._later.start())

    def hold(self) -> None:
        shown = [(self._height(widget), widget) for widget in self._landmarks() if widget.isVisibleTo(self._scroll)]
        below = [(y, widget) for y, widget in shown if y >= 0]
        if not below:
            return
        y, widget = min(below, key=lambda pair: pair[0])
        self._let_go()
        self._held = (widget, y)
        # It moves when a row above it changes height, which need not change the scroll range (one grows as another
        # shrinks): each move of it or of a widget it lies in puts it back.
        self._watched = []
        while widget is not None and widget is not self._scroll.viewport():
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        self._settled.start()
        self._later.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Move, QEvent.Resize):
            self._later.start()
        return False

    def _height(self, widget: QWidget) -> int:
        return widget.mapTo(self._scroll.viewport(), QPoint(0, 0)).y()

    def _restore(self) -> None:
        if self._held is None:
            return
        widget, y = self._held
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.value() + self._height(widget) - y)

    def _let_go(self) -> None:
        self._restore()
        self._held = None
        for widget in self._watched:
            widget.removeEventFilter(self)
        self._watched = []
