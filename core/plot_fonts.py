"""Fonts for matplotlib figures: DejaVu Sans, plus an installed CJK font as a fallback for the
glyphs it lacks, so Chinese class names and the zh_CN window's chart labels are not drawn as boxes.

Used by the report's figures (core/reporting/figures.py) and the training window's live charts
(ui/training/chart_renderer.py). matplotlib (3.6+) falls back glyph by glyph along the family
list; the CJK font joins only for texts that need it, so Latin-only figures cost nothing more.
Torch-free and Qt-free.
"""
from __future__ import annotations

import functools

from matplotlib import font_manager

BASE_FONT = "DejaVu Sans"  # matplotlib's own: always there
# Tried in order; the first installed one is used. Noto Sans CJK comes with fonts-noto-cjk (Linux),
# Microsoft YaHei / SimHei with Windows, PingFang / Hiragino with macOS.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei",
             "SimHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "Malgun Gothic", "Arial Unicode MS")


def needs_fallback(texts) -> bool:
    """Whether any text has a character beyond Latin (DejaVu Sans covers Latin, Greek and Cyrillic
    too, but past Latin Extended a CJK font is the likelier need and covers those as well)."""
    return any(ord(ch) > 0x24F for text in texts for ch in str(text))


@functools.lru_cache(maxsize=1)
def fallback_font() -> str | None:
    """The first installed font of CJK_FONTS, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def font_families(texts=()) -> list[str]:
    """The font.family list for figures showing `texts`: DejaVu Sans, then the CJK fallback when needed."""
    fallback = fallback_font() if needs_fallback(texts) else None
    return [BASE_FONT, fallback] if fallback else [BASE_FONT]
