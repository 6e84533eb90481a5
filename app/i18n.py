"""Interface language: Qt's translation system, fed from the .ts files in resources/i18n/.

Qt normally loads compiled .qm files, which need Qt's lrelease tool (not shipped with PyQt5's
wheels). This translator reads the .ts XML directly, so a translation is one editable file.
"""
from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from PyQt5.QtCore import QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)
I18N = Path(__file__).resolve().parents[1] / "resources" / "i18n"
_installed: list = []  # a translator removed by garbage collection stops translating
SYSTEM = "system"  # the choice that follows the system's locale


class TsTranslator(QTranslator):
    def __init__(self, path: Path):
        super().__init__()
        self.table: dict[tuple[str, str], str] = {}
        self.by_source: dict[str, str] = {}
        root = ElementTree.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete") or not translation.text:
                    continue
                source = message.findtext("source", "")
                self.table[(name, source)] = translation.text
                self.by_source.setdefault(source, translation.text)

    def translate(self, context, source, disambiguation=None, n=-1):
        # pylupdate names a context after the class the call is written in; at run time PyQt
        # uses the object's class (the controller calls window.tr), so fall back to the text alone.
        # None, not "": Qt takes an empty string as a translation and would blank its own texts.
        return self.table.get((context, source)) or self.by_source.get(source)

    def isEmpty(self) -> bool:
        return not self.table


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
    path = I18N / f"gradlens_{language}.ts"
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
    if wanted:
        log.info("interface language %s (%d strings)", language, len(wanted[0].table))
        return language
    return "en"


_parsed: dict[Path, TsTranslator] = {}


def _ts_translator(path: Path) -> TsTranslator:
    """One parse per file and session: switching back and forth does not read the XML again."""
    if path not in _parsed:
        _parsed[path] = TsTranslator(path)
    return _parsed[path]
