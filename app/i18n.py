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


def install_translator(app, language: str | None = None) -> str:
    """Install the translation for `language` (or $GRADLENS_LANG, or the system's); return its code."""
    language = language or os.environ.get("GRADLENS_LANG") or QLocale.system().name()
    if language.startswith("zh"):
        language = "zh_CN"
    path = I18N / f"gradlens_{language}.ts"
    if not path.exists():
        return "en"
    translator = TsTranslator(path)
    app.installTranslator(translator)
    _installed.append(translator)
    qt_own = QTranslator()  # Qt's own dialogs and buttons (Yes/No/Cancel), shipped with PyQt5
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    log.info("interface language %s (%d strings)", language, len(translator.table))
    return language
