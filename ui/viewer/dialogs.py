"""Texts for Help: the keyboard shortcuts and the About box (rich text, translatable)."""
from __future__ import annotations

from PyQt5.QtCore import PYQT_VERSION_STR, QT_VERSION_STR
from PyQt5.QtGui import QKeySequence

from ui.widgets.mnemonic import without_mnemonic

VERSION = "0.1"


def shortcuts_text(window) -> str:
    """A table built from the window's own actions, so it can never disagree with them."""
    rows = []
    for action in window.actions():
        keys = ", ".join(s.toString(QKeySequence.NativeText) for s in action.shortcuts())
        if keys:
            rows.append(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{without_mnemonic(action.text())}</td></tr>")
    extras = [(window.tr("Ctrl + wheel"), window.tr("Zoom the images")),
              (window.tr("Double-click"), window.tr("Show a result row"))]
    for keys, text in extras:
        rows.append(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def about_text(window) -> str:
    return window.tr(
        "<h3>GradLens {0}</h3>"
        "<p>Train image classifiers, classify folders of images, and see why the model decided: "
        "a Grad-CAM heatmap on every prediction.</p>"
        "<p>Built on PyTorch, torchvision, pytorch-grad-cam and Qt {1} (PyQt {2}).</p>"
    ).format(VERSION, QT_VERSION_STR, PYQT_VERSION_STR)
