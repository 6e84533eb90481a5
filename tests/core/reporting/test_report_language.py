"""The report's figures in the report's language (core/reporting/figure_text.py): Simplified Chinese
when asked (write_report's `language`, else $GRADLENS_REPORT_LANG), English otherwise.

The figures are checked as made, before saving: every Text artist of each (titles, axis labels,
tick labels, legend entries, notes), drawn once so the layout and the legends exist.
"""
import json
import re
import warnings

import numpy as np
import pytest
from matplotlib.text import Text

from core.plot_fonts import fallback_font
from core.reporting import figures, report
from core.reporting.figure_text import REPORT_LANG_VARIABLE, figure_language, figure_tr, report_language
from core.reporting.report import write_report

CLASSES = ["cat", "dog", "bird"]   # English on purpose: any Chinese in a figure is the report's own words
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words of each figure that must not be left in English in a Chinese report.
ENGLISH_WORDS = {
    "curves.png": ("Training:", "Loss", "Accuracy", "epoch", "learning rate", "train", "val (", "best"),
    "confusion_matrix.png": ("Confusion matrix", "Counts", "Normalised", "predicted", "true"),
    "roc.png": ("ROC, one class", "micro-average", "chance", "false-positive", "macro AUC"),
    "pr.png": ("Precision-recall", "micro-average", "recall", "precision", "macro AP"),
    "most_confident_wrong.png": ("Most confident mistakes", "true:", "pred:"),
    "summary.png": ("accuracy", "macro F1", "test images", "classes", "epochs", "F1 per class", "Loss"),
}


@pytest.fixture(autouse=True)
def small_figures(monkeypatch):
    monkeypatch.setattr(figures, "DPI", 40)
    monkeypatch.delenv(REPORT_LANG_VARIABLE, raising=False)


def _report(tmp_path, monkeypatch, **kwargs) -> tuple[dict, dict[str, list[str]]]:
    """Write a small report; ({metrics.json}, {figure file: the texts its figure drew})."""
    drawn: dict[str, list[str]] = {}
    render = figures._png
    names = iter(name for name in report.REPORT_FILES if name.endswith(".png"))

    def recording_png(fig):
        data = render(fig)   # drawn: tick labels and legends exist now
        drawn[next(names)] = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        return data

    monkeypatch.setattr(report, "_png", recording_png)
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 60)
    probs = rng.dirichlet(np.ones(3), 60)
    probs[np.arange(60), y] += 0.5
    probs /= probs.sum(axis=1, keepdims=True)
    history = [{"epoch": e, "train_loss": 1 / e, "val_loss": 1.1 / e, "train_acc": 1 - 0.5 / e, "val_acc": 1 - 0.6 / e,
                "lr": 0.01} for e in (1, 2, 3)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_report(tmp_path, class_names=CLASSES, history=history, y_true=y, probs=probs,
                     paths=[f"img{i}.png" for i in range(60)], load_image=lambda path: np.zeros((8, 8, 3), np.uint8),
                     **kwargs)
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not glyphs, glyphs[:3]
    assert list(drawn) == list(ENGLISH_WORDS)   # the figures come in REPORT_FILES' order, as named here
    return json.loads((tmp_path / report.REPORT_METRICS).read_text(encoding="utf-8")), drawn


def test_a_chinese_report_words_every_figure_in_chinese(tmp_path, monkeypatch):
    if fallback_font() is None:
        pytest.skip("no CJK font installed: Chinese would be drawn as boxes")
    metrics, drawn = _report(tmp_path, monkeypatch, language="zh_CN")
    assert metrics["figure_language"] == "zh_CN"
    for name, texts in drawn.items():
        assert any(CJK.search(text) for text in texts), (name, texts)
        left = [(word, text) for word in ENGLISH_WORDS[name] for text in texts if word in text]
        assert not left, (name, left)
        assert name == "curves.png" or any("bird" in text for text in texts), (name, texts)   # class names kept
    assert "混淆矩阵（60 张测试图像）" in drawn["confusion_matrix.png"]
    assert "预测类别" in drawn["confusion_matrix.png"] and "真实类别" in drawn["confusion_matrix.png"]
    assert any(text.startswith("验证集（最低") for text in drawn["curves.png"])
    assert "随机猜测" in drawn["roc.png"]


def test_reports_are_english_by_default(tmp_path, monkeypatch):
    metrics, drawn = _report(tmp_path, monkeypatch)
    assert metrics["figure_language"] == "en"
    for name, texts in drawn.items():
        assert not [text for text in texts if CJK.search(text)], name
    assert "Confusion matrix (60 test images)" in drawn["confusion_matrix.png"]
    assert "Training: 3 epochs" in drawn["curves.png"]


def test_the_environment_variable_asks_for_chinese(tmp_path, monkeypatch):
    """What the training window sends its training process (app/train_process.py)."""
    monkeypatch.setenv(REPORT_LANG_VARIABLE, "zh_CN")
    metrics, drawn = _report(tmp_path, monkeypatch)
    assert metrics["figure_language"] == "zh_CN"
    assert "训练：3 个轮次" in drawn["curves.png"]


@pytest.mark.parametrize(("asked", "language"), [(None, "en"), ("", "en"), ("en", "en"), ("zh", "zh_CN"),
                                                 ("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("fr", "en")])
def test_report_language_names(asked, language):
    assert report_language(asked) == language


def test_figure_tr_is_english_outside_a_chinese_report():
    assert figure_tr("Counts") == "Counts"
    with figure_language("zh_CN"):
        assert figure_tr("Counts") == "数量"
        assert figure_tr("a text no file translates") == "a text no file translates"
    assert figure_tr("Counts") == "Counts"
