"""Fusion, with check boxes and radio buttons one can see on a dark palette.

Fusion outlines an indicator in the window colour made 40 % darker: on the dark theme's #2d2d30
that is near black, so an unchecked box (Loop, Augmented, a checkable menu item) was all but
invisible. This style draws Fusion's indicator, then frames it in a grey TEXT_SHARE of the way
from the window colour to the text colour: over 3:1 against the window (WCAG's figure for
controls), the round one's smoothed edge included. On a light palette it draws Fusion's own.
"""
from __future__ import annotations

from PyQt5.QtCore import Qt
from PyQt5.QtGui import QColor, QPen
from PyQt5.QtWidgets import QProxyStyle, QStyle, QStyleFactory

FRAMED = (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorRadioButton)
TEXT_SHARE = 0.6  # the frame's grey: this far from the window colour towards the text colour


def frame_colour(palette) -> QColor:
    window, text = palette.window().color(), palette.text().color()

    def towards(a: int, b: int) -> int:
        return round(a + (b - a) * TEXT_SHARE)
    return QColor(towards(window.red(), text.red()), towards(window.green(), text.green()),
                  towards(window.blue(), text.blue()))


class IndicatorStyle(QProxyStyle):
    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("fusion")  # the theme compares names before setting a style again

    def drawPrimitive(self, element, option, painter, widget=None):
        super().drawPrimitive(element, option, painter, widget)
        if element not in FRAMED or option.palette.window().color().lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(painter.Antialiasing, element == QStyle.PE_IndicatorRadioButton)
        painter.setPen(QPen(frame_colour(option.palette), 1))
        painter.setBrush(Qt.NoBrush)
        rect = option.rect.adjusted(0, 0, -1, -1)
        if element == QStyle.PE_IndicatorRadioButton:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        else:
            painter.drawRect(rect)
        painter.restore()
