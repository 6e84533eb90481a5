"""The main window's two default dock arrangements, and the switch between them when it is resized.

Wide: the results table beside the metrics along the bottom, under the pictures and the right-hand
docks. Compact (narrower than NARROW or shorter than SHORT): the metrics a tab beside the results,
and the right-hand docks running from the toolbars to the status bar, so the table below the pictures
does not share its height with them. A window built wide and then shrunk to 1000×650 kept the wide
arrangement: the right-hand docks held the pictures' band up and the table got no rows at all.

The switch happens when the window's size crosses the line, and only while the docks keep the default
shape (none floating, none moved to another side): an arrangement the user made is theirs.
"""
from __future__ import annotations

from PyQt5.QtCore import QSize, Qt

NARROW = 1280  # px: below this width the Metrics dock is a tab beside Results
SHORT = 760    # px: below this height too (the right-hand docks' height would squeeze the table out)
RIGHT, BOTTOM = ("topk", "cam"), ("results", "metrics", "log")


def wants_compact(size: QSize) -> bool:
    return size.width() < NARROW or size.height() < SHORT


def default_shape(window) -> bool:
    """Every dock docked where the default layout puts it (hidden ones included: they come back there)."""
    docks = window.docks
    if any(dock.isFloating() for dock in docks.values()):
        return False
    return (all(window.dockWidgetArea(docks[key]) == Qt.RightDockWidgetArea for key in RIGHT)
            and all(window.dockWidgetArea(docks[key]) == Qt.BottomDockWidgetArea for key in BOTTOM))


def arrange(window, compact: bool) -> None:
    docks = window.docks
    if compact:
        window.tabifyDockWidget(docks["results"], docks["metrics"])
        window.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
    else:
        # Out of the tab group and beside it: splitDockWidget would only add it as another tab there.
        shown = not docks["metrics"].isHidden()
        window.removeDockWidget(docks["metrics"])
        window.addDockWidget(Qt.BottomDockWidgetArea, docks["metrics"], Qt.Horizontal)
        docks["metrics"].setVisible(shown)
        window.setCorner(Qt.BottomRightCorner, Qt.BottomDockWidgetArea)
    docks["results"].raise_()
