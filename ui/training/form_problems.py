"""How the training form shows what is wrong: a red outline on each field concerned and a list
above the form (the first few; the rest are only outlined)."""
from __future__ import annotations

import html

from PyQt5.QtCore import Qt
from PyQt5.QtGui import QColor
from PyQt5.QtWidgets import QWidget

from ui.theme_colours import colour_name
from ui.widgets.form_widgets import FramedLabel, InvalidOutline

MAX_LISTED = 4  # problems listed at the top; the rest are marked on their fields


class ProblemList(FramedLabel):
    """"Please fix before training:" and the messages, hidden while there are none; framed in the theme's
    "invalid" colour (ui/theme_colours.py)."""

    def __init__(self):
        super().__init__(objectName="problems", textFormat=Qt.RichText)

    def frame_colour(self) -> QColor:
        return QColor(colour_name("invalid"))

    def show_messages(self, messages: list[str]) -> None:
        if messages:
            listed = [html.escape(m) for m in messages[:MAX_LISTED]]
            if len(messages) > MAX_LISTED:
                listed.append(self.tr("… and {0} more, marked in red below").format(len(messages) - MAX_LISTED))
            items = "".join(f"<li>{m}</li>" for m in listed)
            self.setText(self.tr("Please fix before training:") +
                         f"<ul style='margin: 0; -qt-list-indent: 1'>{items}</ul>")
        self.setVisible(bool(messages))


def set_outlined(widget: QWidget, invalid: bool) -> None:
    """Draw (or remove) the red outline; the "invalid" property says which it has."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    outline = widget.findChild(InvalidOutline, "invalidOutline", Qt.FindDirectChildrenOnly)
    if invalid and outline is None:
        InvalidOutline(widget)
    elif not invalid and outline is not None:
        outline.deleteLater()
        outline.hide()
