"""The evaluation report of a trained model: numbers, tables and figures in one folder.

`write_report` turns the test-set probabilities and the training history into PNG figures
(curves, confusion matrix, ROC, PR, the most confident mistakes, a one-page summary), a per-class
table (CSV and text) and metrics.json. Every file is written atomically, and metrics.json last,
so its presence means the report is complete.

This module only orchestrates: the numbers come from `evaluation`, the per-class table from
`tables`, and each figure from its own module (`training_curves`, `confusion_figure`,
`roc_pr_figures`, `mistakes`, `summary_figure`), all drawn with the Agg canvas of `figures`.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from core.atomic import atomic_write_bytes, atomic_write_text
from core.reporting.confusion_figure import confusion_figure
from core.reporting.evaluation import _check_inputs, _jsonable, compute_metrics, most_confident_wrong
from core.reporting.figure_text import figure_language, figure_tr, report_language
from core.reporting.figures import _png, _style
from core.reporting.mistakes import _collect_mistakes, mistakes_figure
from core.reporting.roc_pr_figures import pr_figure, roc_figure
from core.reporting.summary_figure import summary_figure
from core.reporting.tables import per_class_csv, per_class_text
from core.reporting.training_curves import curves_figure
from core.training.run_folder import CSV_ENCODING, PER_CLASS_CSV, REPORT_METRICS

REPORT_FILES = ("curves.png", "confusion_matrix.png", PER_CLASS_CSV, "per_class.txt", "roc.png", "pr.png",
                "most_confident_wrong.png", "summary.png", REPORT_METRICS)


def write_report(out_dir, *, class_names: list[str], history: list[dict], y_true, probs,
                 paths: list[str] | None = None, load_image=None, explain=None, title: str = "",
                 language: str | None = None) -> dict:
    """Write the report files (REPORT_FILES) into `out_dir` and return the metrics.

    `probs` (N, C) are test-set probabilities and `y_true` (N,) the true class indices; `paths`,
    when given, name the N test images for the mistakes grid, read by `load_image(path) -> RGB`
    (default: core.data.decode.load_rgb). `explain(path) -> RGB overlay or None` adds a heatmap next to
    each mistake. The returned dict equals metrics.json: NaN (undefined) values are None.
    The figures' words are in `language` ("en" or "zh_CN"; default $GRADLENS_REPORT_LANG, else English),
    which metrics.json records as "figure_language"; the tables and metrics.json stay English.
    """
    class_names = [str(name) for name in class_names]
    y_true, probs = _check_inputs(class_names, y_true, probs)
    if paths is not None and len(paths) != len(y_true):
        raise ValueError(f"{len(paths)} image paths for {len(y_true)} test samples")
    history = list(history or [])
    language = report_language(language)
    with figure_language(language):
        document = _write(Path(out_dir), class_names, history, y_true, probs, paths, load_image, explain, title)
    document["figure_language"] = language
    atomic_write_text(Path(out_dir) / REPORT_METRICS, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def _write(out: Path, class_names, history, y_true, probs, paths, load_image, explain, title) -> dict:
    """The tables and figures; the metrics, JSON-ready, for metrics.json (written last, by the caller)."""
    out.mkdir(parents=True, exist_ok=True)
    metrics = compute_metrics(class_names, y_true, probs, history)
    atomic_write_text(out / PER_CLASS_CSV, per_class_csv(metrics), encoding=CSV_ENCODING)  # BOM: Excel reads UTF-8
    atomic_write_text(out / "per_class.txt", per_class_text(metrics, title))
    cells = _collect_mistakes(y_true, probs, paths, load_image, explain)
    figures = {
        "curves.png": lambda: curves_figure(history),
        "confusion_matrix.png": lambda: confusion_figure(np.asarray(metrics["confusion"]), class_names),
        "roc.png": lambda: roc_figure(y_true, probs, metrics),
        "pr.png": lambda: pr_figure(y_true, probs, metrics),
        "most_confident_wrong.png": lambda: mistakes_figure(cells, class_names, explain is not None, len(y_true),
                                                            len(most_confident_wrong(y_true, probs, k=None))),
        "summary.png": lambda: summary_figure(metrics, history, title),
    }
    # The CJK fallback joins when a sample of the figures' text needs it: the mistakes' file names are
    # captions too (图片 15.png under English class names was drawn □□ 15.png).
    shown_files = [Path(cell["path"]).name for cell in cells if cell.get("path")]
    with _style([*class_names, title, figure_tr("Accuracy"), *shown_files]):  # a word of the figures' language: its font
        for name, make in figures.items():
            atomic_write_bytes(out / name, _png(make()))
    return _jsonable(metrics)
