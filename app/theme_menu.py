"""View → Theme: Light, Dark or Follow the system, in every window, applied at once.

The application's one Theme (app/theme.py) holds the choice; each window's View menu gets its own
submenu, kept checked on the same item through the theme's `choiceChanged`.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent
from PyQt5.QtWidgets import QActionGroup, QMenu

from app.theme import THEMES, Theme


class ThemeMenu(QMenu):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setObjectName("themeMenu")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.items = {}
        for key in THEMES:
            if key == "auto":
                self.addSeparator()
            action = self.addAction("")
            action.setCheckable(True)
            action.setData(key)
            self.group.addAction(action)
            self.items[key] = action
        self.group.triggered.connect(lambda action: theme.choose(action.data()))
        theme.choiceChanged.connect(self.show_choice)
        self.show_choice(theme.choice)
        self.retranslate()

    def show_choice(self, choice: str) -> None:
        self.items[choice].setChecked(True)

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Theme"))
        texts = {"light": (self.tr("&Light"), self.tr("Dark text on light backgrounds")),
                 "dark": (self.tr("&Dark"), self.tr("Light text on dark backgrounds")),
                 "auto": (self.tr("Follow the &System"), self.tr("Light or dark, as this computer's settings say"))}
        for key, (text, tip) in texts.items():
            self.items[key].setText(text)
            self.items[key].setStatusTip(tip)

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def add_theme_menu(view_menu: QMenu, theme: Theme) -> ThemeMenu:
    menu = ThemeMenu(theme, view_menu)
    view_menu.addMenu(menu)
    return menu
