"""Chinese class names in the report's figures are drawn in a CJK font, not as boxes
(fonts-noto-cjk is installed here and in CI: `fc-list :lang=zh`)."""
import warnings

import numpy as np
import pytest

from core.plot_fonts import BASE_FONT, fallback_font, font_families
from core.reporting.confusion_figure import confusion_figure
from core.reporting.figures import _png, _style

CHINESE = ["连衣裙", "衬衫", "sneaker"]


def missing_glyphs(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


needs_cjk_font = pytest.mark.skipif(fallback_font() is None, reason="no CJK font installed (fonts-noto-cjk)")


def test_the_fallback_joins_only_for_texts_that_need_it():
    assert font_families(["cat", "dog", "Café"]) == [BASE_FONT]
    if fallback_font() is not None:
        assert font_families(["连衣裙"]) == [BASE_FONT, fallback_font()]


@needs_cjk_font
def test_a_confusion_matrix_of_chinese_class_names_has_every_glyph():
    counts = np.array([[5, 1, 0], [2, 4, 0], [0, 0, 6]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with _style([*CHINESE, "模型报告"]):
            png = _png(confusion_figure(counts, CHINESE))
    assert png.startswith(b"\x89PNG")
    assert not missing_glyphs(caught)


def test_without_the_fallback_the_same_figure_would_miss_glyphs():
    """The check above can fail: DejaVu Sans alone has no Chinese glyphs."""
    from matplotlib import rc_context
    counts = np.array([[5, 1, 0], [2, 4, 0], [0, 0, 6]])
    with warnings.catch_warnings(record=True) as caught, rc_context({"font.family": [BASE_FONT]}):
        warnings.simplefilter("always")
        _png(confusion_figure(counts, CHINESE))
    assert missing_glyphs(caught)
