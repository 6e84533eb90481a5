"""An item of the Heatmap menu for one of its tools (app/heatmap_tools.py builds the tools)."""
from __future__ import annotations

from PyQt5.QtWidgets import QAction


def menu_item(window, text: str, name: str, tip: str, slot) -> QAction:
    """A tool's item in the Heatmap menu, off until HeatmapTools.update turns it on."""
    action = QAction(text, window, objectName=name, statusTip=tip, enabled=False)
    window.heatmap_menu.addAction(action)
    action.triggered.connect(slot)
    return action
