"""Widgets that set their texts again when the interface language changes (View → Language).

Installing or removing a translator makes Qt send QEvent.LanguageChange to every widget. A widget
that sets its texts in retranslate() (called once from its constructor) and mixes this in follows
a switch at once, without a restart.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent


class Retranslating:
    """Mix in before the Qt class: `class Panel(Retranslating, QWidget)`; define retranslate()."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
