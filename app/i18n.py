"""Interface language: Qt's translation system, fed from the .ts files in resources/i18n/.

Qt normally loads compiled .qm files, which need Qt's lrelease tool (not shipped with PyQt5's
wheels). This translator reads the .ts XML directly, so a translation is one editable file.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PyQt5.QtCore import QLibraryInfo, QLocale, QTranslator

from core.ts_file import I18N as I18N  # noqa: F401 -- tests read the folder from here
from core.ts_file import plural_form, read_plurals, read_ts, ts_path

log = logging.getLogger(__name__)
_installed: list = []  # a translator removed by garbage collection stops translating
_language = ["en"]  # the language installed last (the report's figures of jobs started now follow it)
SYSTEM = "system"  # the choice that follows the system's locale


class TsTranslator(QTranslator):
    """A .ts file's translations; English has one too, for its plural forms alone ("%n unreadable file(s) left out"
    is "1 unreadable file left out", "3 unreadable files left out"), as Qt's numerus handling asks."""

    def __init__(self, path: Path):
        super().__init__()
        self.table, self.by_source = read_ts(path)
        self.plurals = read_plurals(path)
        self.language = path.stem.removeprefix("gradlens_")

    def translate(self, context, source, disambiguation=None, n=-1):
        # pylupdate names a context after the class the call is written in; at run time PyQt
        # uses the object's class (the controller calls window.tr), so fall back to the text alone.
        # None, not "": Qt takes an empty string as a translation and would blank its own texts.
        # Qt puts the count in for %n afterwards, in whichever text comes back.
        forms = self.plurals.get(source) if n >= 0 else None
        if forms:
            return forms[min(plural_form(self.language, n), len(forms) - 1)]
        return self.table.get((context, source)) or self.by_source.get(source)

    def isEmpty(self) -> bool:
        return not self.table and not self.plurals


def system_language() -> str:
    """The language "Follow the system" means: Chinese for any zh* locale, otherwise English."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def resolve(choice: str | None) -> str:
    """The language a choice stands for: "en", "zh_CN", "system" (or None), or a locale name."""
    if not choice or choice == SYSTEM:
        return system_language()
    return "zh_CN" if choice.startswith("zh") else choice


def install_translator(app, language: str | None = None) -> str:
    """Translate the interface into `language` (or $GRADLENS_LANG, or the system's); return its code.

    The translators installed before are removed first, so this also switches the language of a
    running application: installing and removing translators sends QEvent.LanguageChange to every
    widget, and those that show text set it again (ui/widgets/retranslate.py).
    """
    language = resolve(language or os.environ.get("GRADLENS_LANG"))
    path = ts_path(language)
    wanted = [] if not path.exists() else [_ts_translator(path)]
    if wanted:
        qt_own = QTranslator()  # Qt's own dialogs and buttons (Yes/No/Cancel), shipped with PyQt5
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
            wanted.append(qt_own)
    while _installed:
        app.removeTranslator(_installed.pop())
    for translator in wanted:
        app.installTranslator(translator)
        _installed.append(translator)
    _language[0] = language if wanted else "en"
    if wanted:
        log.info("interface language %s (%d strings)", language, len(wanted[0].table))
    return _language[0]


def current_language() -> str:
    """The interface's language now: "en" until a translator is installed, then its code."""
    return _language[0]


_parsed: dict[Path, TsTranslator] = {}


def _ts_translator(path: Path) -> TsTranslator:
    """One parse per file and session: switching back and forth does not read the XML again."""
    if path not in _parsed:
        _parsed[path] = TsTranslator(path)
    return _parsed[path]
