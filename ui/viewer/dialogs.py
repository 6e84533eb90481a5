"""Texts for Help: the keyboard shortcuts and the About box (rich text, translatable)."""
from __future__ import annotations

from PyQt5.QtCore import PYQT_VERSION_STR, QT_VERSION_STR
from PyQt5.QtGui import QKeySequence

from ui.widgets.mnemonic import without_mnemonic

VERSION = "0.1"


def shortcuts_text(window) -> str:
    """A table built from the window's own actions, so it can never disagree with them."""
    pairs = [(", ".join(s.toString(QKeySequence.NativeText) for s in action.shortcuts()),
              without_mnemonic(action.text())) for action in window.actions()]
    pairs += [(window.tr("Ctrl + wheel"), window.tr("Zoom the images")),
              (window.tr("Double-click"), window.tr("Show a result row"))]
    # Each row's cells stand on one baseline: Qt's tables put a cell's text at its top, and a line with Chinese
    # in it is taller (the CJK font's ascent), so "Ctrl+O" sat 4 px above 打开图像文件夹… beside it.
    return "<table>" + "".join(f'<tr><td valign="bottom"><b>{keys}</b></td><td valign="bottom">&nbsp;&nbsp;{text}</td></tr>'
                               for keys, text in pairs if keys) + "</table>"


def about_text(window) -> str:
    return window.tr(
        "<h3>GradLens {0}</h3>"
        "<p>Train image classifiers, classify folders of images, and see why the model decided: "
        "a Grad-CAM heatmap on every prediction.</p>"
        "<p>Built on PyTorch, torchvision, pytorch-grad-cam and Qt {1} (PyQt {2}).</p>"
    ).format(VERSION, QT_VERSION_STR, PYQT_VERSION_STR)
