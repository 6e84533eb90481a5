"""Widgets that set their texts again when the interface language changes (View → Language).

Installing or removing a translator makes Qt send QEvent.LanguageChange to every widget. A widget
that sets its texts in retranslate() (called once from its constructor) and mixes this in follows
a switch at once, without a restart.
"""
from __future__ import annotations

from typing import Callable

from PyQt5.QtCore import QEvent, QObject
from PyQt5.QtWidgets import QLabel


class Retranslating:
    """Mix in before the Qt class: `class Panel(Retranslating, QWidget)`; define retranslate()."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TranslatedLabel(Retranslating, QLabel):
    """A status line whose text is made from data: say(render) shows render() and shows it again,
    in the new language, after a switch. A text given to setText() stays as it is (a message from
    elsewhere, already in words)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._render: Callable[[], str] | None = None

    def say(self, render: Callable[[], str]) -> None:
        self._render = render
        super().setText(render())

    def setText(self, text: str) -> None:
        self._render = None
        super().setText(text)

    def clear(self) -> None:
        self._render = None
        super().clear()

    def retranslate(self) -> None:
        if self._render is not None:
            super().setText(self._render())


class _OnLanguageChange(QObject):
    def __init__(self, widget, callback: Callable[[], None]):
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.LanguageChange:
            self._callback()
        return False


def on_language_change(widget, callback: Callable[[], None]) -> None:
    """Call `callback` whenever `widget` hears of a language switch: for texts that code outside the
    widget puts on it (an item a tool adds to a window's menu)."""
    _OnLanguageChange(widget, callback)
