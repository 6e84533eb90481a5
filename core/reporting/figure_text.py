"""The words of the report's figures in the report's language: English, or Simplified Chinese.

The training window's language decides it for the reports its jobs write: the window sends
$GRADLENS_REPORT_LANG to its training process (app/train_process.py) and passes its language
to File → Evaluate a Model… (app/evaluate_flow.py). train.py's reports stay English unless
$GRADLENS_REPORT_LANG asks otherwise.

Every title, axis label, legend entry and note a figure draws is written `figure_tr("English
text")`; app/translatable_strings.py finds those calls, so the zh_CN file must translate them
(tests/app/test_translation_complete.py). The translations come from the interface's own file,
resources/i18n/gradlens_zh_CN.ts, one term for one thing in the window and in its figures.
Class names are data and are never translated. Torch-free and Qt-free.
"""
from __future__ import annotations

import contextlib
import functools
import math
import os

from core.ts_file import read_ts, ts_path

REPORT_LANG_VARIABLE = "GRADLENS_REPORT_LANG"
ENGLISH = "en"
_current = [ENGLISH]  # figures are drawn one report at a time (figures._style's rcParams are global too)


def report_language(explicit: str | None = None) -> str:
    """`explicit`, else $GRADLENS_REPORT_LANG, as "zh_CN" (any zh*) or "en" (anything else, or unset)."""
    choice = (explicit or os.environ.get(REPORT_LANG_VARIABLE) or ENGLISH).strip()
    return "zh_CN" if choice.lower().startswith("zh") else ENGLISH


@functools.lru_cache(maxsize=4)
def _translations(language: str) -> dict[str, str]:
    path = ts_path(language)
    return read_ts(path)[1] if language != ENGLISH and path.exists() else {}


@contextlib.contextmanager
def figure_language(language: str):
    """Within the block, figure_tr() answers in `language` ("en" or "zh_CN")."""
    before = _current[0]
    _current[0] = language
    try:
        yield
    finally:
        _current[0] = before


def current_figure_language() -> str:
    return _current[0]


def figure_tr(source: str) -> str:
    """`source` in the figures' current language; the English itself when it has no translation."""
    return _translations(_current[0]).get(source, source)


def figure_number(value, spec: str = ".3f") -> str:
    """A number as the figures print it; undefined (None, NaN: a class absent from the test set) reads n/a."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return figure_tr("n/a")
    return format(value, spec)
