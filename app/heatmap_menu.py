"""An item of the Heatmap menu for one of its tools (app/heatmap_tools.py builds the tools)."""
from __future__ import annotations

from typing import Callable

from PyQt5.QtWidgets import QAction

from ui.widgets.retranslate import on_language_change


def menu_item(window, text: Callable[[], str], name: str, tip: Callable[[], str], slot) -> QAction:
    """A tool's item in the Heatmap menu, off until HeatmapTools.update turns it on. `text` and `tip`
    say it in the current language; they are asked again after a language switch."""
    action = QAction(window, objectName=name, enabled=False)

    def say() -> None:
        action.setText(text())
        action.setStatusTip(tip())
    say()
    on_language_change(window.heatmap_menu, say)
    window.heatmap_menu.addAction(action)
    action.triggered.connect(slot)
    return action
