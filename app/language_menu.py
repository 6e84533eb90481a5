"""View → Language: English, 简体中文 or Follow the system, in every window, switched at once.

One LanguageChoice per application holds the choice, remembers it in QSettings and installs the
translators (app/i18n.py); the windows then retranslate themselves on QEvent.LanguageChange. Each
window's View menu gets its own submenu, kept checked on the same item through `changed`.
"""
from __future__ import annotations

import os

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtWidgets import QMenu

from app.i18n import SYSTEM, install_translator, resolve
from ui.widgets.choice_menu import ChoiceMenu

KEY_LANGUAGE = "interface/language"  # "en", "zh_CN" or "system"
# Each language is named in itself, whatever the interface speaks: a user who cannot read the
# current language still finds their own.
NAMES = {"en": "English", "zh_CN": "简体中文"}
# With their menu letters, the same in every language: Z for Zhongwen, in brackets as Chinese menus have them.
MENU_NAMES = {"en": "&English", "zh_CN": "简体中文(&Z)"}


class LanguageChoice(QObject):
    changed = pyqtSignal(str)  # the new choice: a key of NAMES or SYSTEM

    def __init__(self, app, settings, override: str | None = None):
        """`override` (runui.py --lang, else $GRADLENS_LANG) wins for this launch, not remembered."""
        super().__init__()
        self.app, self.settings = app, settings
        override = override or os.environ.get("GRADLENS_LANG")
        self.choice = normal(override) if override else str(settings.value(KEY_LANGUAGE, SYSTEM))
        if self.choice not in NAMES:
            self.choice = SYSTEM
        self.language = install_translator(app, resolve(self.choice))

    def choose(self, choice: str) -> None:
        self.settings.setValue(KEY_LANGUAGE, choice)
        self.choice = choice
        if resolve(choice) != self.language:
            self.language = install_translator(self.app, resolve(choice))
        self.changed.emit(choice)


def normal(language: str) -> str:
    """--lang's value as one of the menu's choices: zh, zh_CN, zh_TW… are 简体中文, others English."""
    return "zh_CN" if resolve(language) == "zh_CN" else "en"


class LanguageMenu(ChoiceMenu):
    """The submenu; its title and "Follow the system" follow the language, the names never do."""

    def __init__(self, choice: LanguageChoice, parent=None):
        super().__init__((*NAMES, SYSTEM), choice.choose, choice.choice, separate_before=SYSTEM, parent=parent)
        choice.changed.connect(self.show_choice)

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Language"))
        for key, name in MENU_NAMES.items():
            self.items[key].setText(name)
        self.items[SYSTEM].setText(self.tr("Follow the &System"))
        self.items[SYSTEM].setStatusTip(self.tr("The language of this computer's settings"))


def add_language_menu(view_menu: QMenu, choice: LanguageChoice) -> LanguageMenu:
    menu = LanguageMenu(choice, view_menu)
    view_menu.addMenu(menu)
    return menu
