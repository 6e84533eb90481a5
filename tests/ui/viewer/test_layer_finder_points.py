"""Find the Best Layer…'s "vs random" column and reason: a difference that rounds to none read "-0 points" (Chinese
"-0 个百分点"), {:+.0f}'s sign of the unrounded value. Now "0 points"; others keep their sign ("+12", "-3")."""
from PyQt5.QtWidgets import QLabel

from core.explain.layer_finder import LayerFinding, LayerScore
from core.ts_file import read_ts, ts_path
from ui.viewer.layer_finder_dialog import LayerFinderDialog, finding_reason


def _score(name, share, points):
    return LayerScore(name, (7, 7), share, points, 0.2, 0.6, {"faithful": 3})


def test_a_difference_that_rounds_to_none_is_zero_points(qtbot):
    rows = [_score("layer4", 0.30, -0.4), _score("layer3", 0.25, 12.4), _score("layer2", 0.2, -3.4),
            _score("layer1", 0.1, 0.3)]
    dialog = LayerFinderDialog(None, LayerFinding(rows, "layer4", "gradcam", 4), "Grad-CAM")
    qtbot.addWidget(dialog)
    assert [dialog.table.item(row, 3).text() for row in range(4)] == ["0 points", "+12 points", "-3 points",
                                                                       "0 points"]
    assert "(0 points)" in dialog.findChild(QLabel, "reason").text()


def test_the_reason_in_chinese_says_zero_points_and_uses_chinese_colons():
    """It read "（-0 个百分点）；layer3 · 7×7: 25%": the runners-up had the English colon."""
    by_source = read_ts(ts_path("zh_CN"))[1]
    finding = LayerFinding([_score("layer4", 0.30, -0.4), _score("layer3", 0.25, 12.4)], "layer4", "gradcam", 4)
    reason = finding_reason(lambda text: by_source[text], finding)
    assert "（0 个百分点）" in reason and reason.endswith("layer3 · 7×7：25%。"), reason
