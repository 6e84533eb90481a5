"""Why a file could not be read, or its overlay written, in the window's language.

core/data/decode.py (ImageReadError) and core/inference/outputs.py word these reasons in English, with
the values inside: results.csv, results.txt, the log file and predict.py keep them so. The window shows
them translated: each shape is one translatable template here, matched whole; its values (sizes, link
targets, the decoder's own words) stay as they are. A reason of no known shape is shown as it is.
ui/model_problem_text.py says a model file's reasons the same way.
"""
from __future__ import annotations

import re

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEMPLATES = [  # the most specific shape first: the first whole match wins
    QT_TRANSLATE_NOOP("FileProblem", "file not found"),
    QT_TRANSLATE_NOOP("FileProblem", "permission denied"),
    QT_TRANSLATE_NOOP("FileProblem", "broken link: target {0} does not exist"),
    QT_TRANSLATE_NOOP("FileProblem", "broken link: {0} cannot be reached ({1})"),
    QT_TRANSLATE_NOOP("FileProblem", "cannot access file: {0}"),
    QT_TRANSLATE_NOOP("FileProblem", "is a directory, not an image file"),
    QT_TRANSLATE_NOOP("FileProblem", "not a regular file"),
    QT_TRANSLATE_NOOP("FileProblem", "empty file (0 bytes)"),
    QT_TRANSLATE_NOOP("FileProblem", "image too large: {0}×{1} pixels (limit {2} MP)"),
    QT_TRANSLATE_NOOP("FileProblem", "image too large: {0} MP (limit {1} MP)"),
    QT_TRANSLATE_NOOP("FileProblem", "image too large: {0} (limit {1} MP)"),
    QT_TRANSLATE_NOOP("FileProblem", "not an image file (cannot identify format)"),
    QT_TRANSLATE_NOOP("FileProblem", "not enough memory to decode image"),
    QT_TRANSLATE_NOOP("FileProblem", "truncated file"),
    QT_TRANSLATE_NOOP("FileProblem", "corrupt or unsupported image: {0}"),
    QT_TRANSLATE_NOOP("FileProblem", "unsupported mode {0}"),
    QT_TRANSLATE_NOOP("FileProblem", "overlay not written: disk full"),
    QT_TRANSLATE_NOOP("FileProblem", "overlay not written: {0}"),
]


def compiled(templates) -> list[tuple[re.Pattern, str]]:
    """Each template as (the pattern of the English it matches whole, the template to translate). A template
    is the text itself, or a pair (the English core writes, the text the window says instead), whose values
    {0}, {1}... are the English's, in order."""
    pairs = [t if isinstance(t, tuple) else (t, t) for t in templates]
    return [(re.compile(re.sub(r"\\\{\d\\\}", "(.+?)", re.escape(english)), re.DOTALL), shown)
            for english, shown in pairs]


_SHAPES = compiled(TEMPLATES)


def window_language(text: str) -> str:
    return QCoreApplication.translate("FileProblem", text)


def said_with(shapes: list, reason: str | None, translate=window_language, values=None) -> str | None:
    """`reason` in the language `translate` gives, by the first of `shapes` (made by `compiled`) it matches
    whole; of no known shape, as it is. `values(template, found)`: the values to show in that template, where
    some are words to translate too (a model file's reasons, ui/model_problem_text.py)."""
    if not reason:
        return reason
    for pattern, template in shapes:
        match = pattern.fullmatch(reason)
        if match:
            found = list(match.groups())
            return translate(template).format(*(values(template, found) if values else found))
    return reason


def said(reason: str | None, translate=window_language) -> str | None:
    """`reason` in the language `translate` gives (the window's by default); None stays None."""
    return said_with(_SHAPES, reason, translate)
