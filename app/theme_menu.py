"""View → Theme: Light, Dark or Follow the system, in every window, applied at once.

The application's one Theme (app/theme.py) holds the choice; each window's View menu gets its own
submenu, kept checked on the same item through the theme's `choiceChanged`.
"""
from __future__ import annotations

from PyQt5.QtWidgets import QMenu

from app.theme import THEMES, Theme
from ui.widgets.choice_menu import ChoiceMenu


class ThemeMenu(ChoiceMenu):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(THEMES, theme.choose, theme.choice, separate_before="auto", parent=parent)
        self.setObjectName("themeMenu")
        theme.choiceChanged.connect(self.show_choice)

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Theme"))
        texts = {"light": (self.tr("&Light"), self.tr("Dark text on light backgrounds")),
                 "dark": (self.tr("&Dark"), self.tr("Light text on dark backgrounds")),
                 "auto": (self.tr("Follow the &System"), self.tr("Light or dark, as this computer's settings say"))}
        for key, (text, tip) in texts.items():
            self.items[key].setText(text)
            self.items[key].setStatusTip(tip)


def add_theme_menu(view_menu: QMenu, theme: Theme) -> ThemeMenu:
    menu = ThemeMenu(theme, view_menu)
    view_menu.addMenu(menu)
    return menu
