"""Windows sized to the screen they open on: never larger than it, never partly off it.

A default size that suits a 1920×1080 desktop (and a size restored from a bigger monitor) must
not leave the window's edges, buttons included, off a 1366×768 laptop screen.
"""
from __future__ import annotations

from PyQt5.QtCore import QRect
from PyQt5.QtGui import QGuiApplication
from PyQt5.QtWidgets import QWidget


def available_area(window: QWidget) -> QRect:
    screen = (window.windowHandle().screen() if window.windowHandle() else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


# Room for the window manager's frame and title bar, which are not part of the size set here.
FRAME_WIDTH, FRAME_HEIGHT = 16, 48


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or to the available area where that is smaller, and centre the window."""
    area = available_area(window)
    width, height = min(width, area.width() - FRAME_WIDTH), min(height, area.height() - FRAME_HEIGHT)
    window.resize(width, height)
    # move() places the frame's corner; before the window is shown its frame is not known yet.
    window.move(area.left() + max(0, (area.width() - width - FRAME_WIDTH) // 2),
                area.top() + max(0, (area.height() - height - FRAME_HEIGHT) // 2))


def keep_on_screen(window: QWidget) -> None:
    """After restoring a saved geometry: shrink and move the window back onto the screen if needed."""
    area = available_area(window)
    frame = window.frameGeometry()
    if frame.width() > area.width() or frame.height() > area.height() or not area.contains(frame.center()):
        fit_to_screen(window, window.width(), window.height())
