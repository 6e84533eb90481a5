"""Reading a Qt Linguist translation file (.ts) without Qt: the interface's translator
(app/i18n.py) and the report's figures (core/reporting/figure_text.py) share one parse.

A .ts is XML: <context><name>…</name><message><source>…</source><translation>…</translation>.
Messages marked unfinished or obsolete, and empty translations, are left out: the English text
is shown instead. A message with numerus="yes" (a count in it, Qt's %n) has one <numerusform> per
plural form of the language; read_plurals gives those, read_ts leaves them out.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

I18N = Path(__file__).resolve().parents[1] / "resources" / "i18n"


def ts_path(language: str) -> Path:
    """resources/i18n/gradlens_<language>.ts (it may not exist: English has none)."""
    return I18N / f"gradlens_{language}.ts"


def read_ts(path: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """({(context, source): translation}, {source: its first translation in the file})."""
    table: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete") or not translation.text:
                continue
            if message.get("numerus") == "yes":
                continue  # its text is the whitespace between its forms: read_plurals
            source = message.findtext("source", "")
            table[(name, source)] = translation.text
            by_source.setdefault(source, translation.text)
    return table, by_source


def read_plurals(path: Path) -> dict[str, list[str]]:
    """{source: its plural forms, in the order of the language's rule (core/ts_file.py, plural_form)} of the
    finished numerus messages."""
    plurals: dict[str, list[str]] = {}
    for message in ElementTree.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        if message.get("numerus") != "yes" or translation is None or translation.get("type") in ("unfinished",
                                                                                                 "obsolete"):
            continue
        forms = [form.text or "" for form in translation.iter("numerusform")]
        if all(forms) and forms:
            plurals.setdefault(message.findtext("source", ""), forms)
    return plurals


def plural_form(language: str, n: int) -> int:
    """Which of a numerus message's forms a count takes, as Qt Linguist orders them: English singular for 1 and
    plural otherwise; Chinese has one form."""
    if language.startswith("zh"):
        return 0
    return 0 if n == 1 else 1
