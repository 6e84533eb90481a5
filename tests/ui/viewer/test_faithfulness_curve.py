"""The small deletion/insertion chart beside the faithfulness line names its two curves."""
import numpy as np
from PyQt5.QtGui import QImage

from ui.theme_colours import colour
from ui.viewer.faithfulness_curve import FaithfulnessCurve


def colour_columns(rgb: np.ndarray, wanted) -> np.ndarray:
    """The x of every column holding a pixel close to `wanted`."""
    target = np.array([wanted.red(), wanted.green(), wanted.blue()])
    close = np.abs(rgb[..., :3].astype(int) - target).sum(axis=2) < 60
    return np.nonzero(close.any(axis=0))[0]


def test_the_chart_has_a_key_naming_deletion_and_insertion(qtbot):
    """It showed two unlabelled lines; only a tooltip said which was which."""
    chart = FaithfulnessCurve()
    qtbot.addWidget(chart)
    fractions = np.linspace(0, 1, 11)
    chart.set_curves(fractions, 1 - fractions, fractions)
    chart.resize(chart.sizeHint())
    key = chart._key_width()
    assert [name for name, _ in chart._key()] == ["deletion", "insertion"]
    assert key > 40 and chart.sizeHint().width() == key + 120
    image = chart.grab().toImage().convertToFormat(QImage.Format_RGB888)
    rgb = np.array(image.constBits().asarray(image.sizeInBytes())).reshape(image.height(), image.bytesPerLine())
    rgb = rgb[:, :image.width() * 3].reshape(image.height(), image.width(), 3)
    for name in ("bad", "good"):
        columns = colour_columns(rgb, colour(name))
        assert (columns < key).any() and (columns > key).any()  # its mark in the key, its line in the plot
    text = rgb[:, 12 + 5:key, :3].min(axis=2) < 100  # dark letters right of the marks
    assert text.sum() > 30


def test_the_faithfulness_line_never_splits_the_random_figure_or_the_verdict():
    """At 1000×650 in Chinese the line wrapped inside "（随机移除 20%：47%）"."""
    from types import SimpleNamespace

    from ui.viewer.caption import faithfulness_html
    from ui.widgets.formatting import NO_BREAK_SPACE, WORD_JOINER, readable

    window = SimpleNamespace(tr=lambda text: text)
    score = SimpleNamespace(share=0.2, before=0.87, after=0.14, after_random=0.47, verdict="weak",
                            deletion=(0.87, 0.14))
    line = faithfulness_html(window, score, "Ankle boot")
    tail = line[line.index("("):]
    assert " " not in tail  # no place to break from the bracket to the end
    assert WORD_JOINER in tail and NO_BREAK_SPACE in tail
    assert "drops Ankle boot from" in line  # the rest wraps as usual
    assert readable(line).endswith("(a random 20%: 47%) — <b>weakly faithful</b></span>")
