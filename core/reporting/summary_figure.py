"""The report's one-page summary (summary.png): headline numbers, curves, F1 per class, confusion matrix.

Built from the pieces the other figures draw (`_draw_loss_acc`, `_draw_matrix`), so the summary
and the full-size figures always agree.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from core.reporting.confusion_figure import _colorbar, _draw_matrix, _fraction
from core.reporting.figure_text import figure_number, figure_tr
from core.reporting.figures import _message, _short
from core.reporting.training_curves import _draw_loss_acc, history_series


def _draw_f1_bars(ax, metrics: dict) -> None:
    rows = metrics["per_class"]
    c = len(rows)
    f1 = np.array([row["f1"] for row in rows])
    absent = np.array([row["support"] == 0 for row in rows])
    colors = [colormaps["RdYlGn"](0.15 + 0.7 * v) for v in f1]
    bars = ax.bar(range(c), np.where(absent, 0, f1), color=colors, edgecolor="0.3", linewidth=0.4)
    if not math.isnan(metrics["macro_f1"]):
        ax.axhline(metrics["macro_f1"], color="0.25", linestyle="--", linewidth=1)
    if c <= 16:
        texts = [figure_tr("n/a") if a else f"{v:.2f}" for v, a in zip(f1, absent)]
        ax.bar_label(bars, texts, fontsize=7, padding=1.5)
    ax.set_ylim(0, 1.12)
    ax.set_title(figure_tr("F1 per class") if math.isnan(metrics["macro_f1"])
                 else figure_tr("F1 per class (dashed line: macro F1 {0:.3f})").format(metrics["macro_f1"]))
    labels = [_short(row["class"], 16) for row in rows]
    ax.set_xticks(range(c), labels, fontsize=float(np.clip(10 - c / 5, 5.5, 8)))
    if c > 6 or max(len(label) for label in labels) > 8:
        for label in ax.get_xticklabels():
            label.set(rotation=45 if c <= 20 else 90, ha="right", va="top" if c <= 20 else "center",
                      rotation_mode="anchor")
    ax.margins(x=0.01)
    ax.grid(axis="y", alpha=0.3)


def _draw_header(ax, metrics: dict, title: str) -> None:
    ax.axis("off")
    ax.text(0, 1, title or figure_tr("Evaluation report"), fontsize=15, fontweight="bold", va="top", transform=ax.transAxes)
    accuracy = metrics["accuracy"]
    cards = [(figure_tr("accuracy"), figure_tr("n/a") if math.isnan(accuracy) else f"{100 * accuracy:.1f}%"),
             (figure_tr("macro F1"), figure_number(metrics["macro_f1"])),
             (figure_tr("macro AUC"), figure_number(metrics["macro_auc"])),
             (figure_tr("test images"), f"{metrics['n_test']:,}"), (figure_tr("classes"), str(metrics["n_classes"])),
             (figure_tr("epochs"), str(metrics["epochs"]) if metrics["epochs"] else "—")]
    for i, (label, value) in enumerate(cards):
        x = (i + 0.5) / len(cards)
        ax.text(x, 0.38, value, fontsize=20, fontweight="bold", ha="center", va="center", color="#1f3b73",
                transform=ax.transAxes)
        ax.text(x, 0.0, label, fontsize=9, ha="center", va="bottom", color="0.35", transform=ax.transAxes)


def summary_figure(metrics: dict, history: list[dict], title: str) -> Figure:
    fig = Figure(figsize=(16, 9.5), layout="constrained")
    grid = fig.add_gridspec(3, 3, height_ratios=[0.32, 1, 1], width_ratios=[1, 1, 1.5])
    _draw_header(fig.add_subplot(grid[0, :]), metrics, title)
    s = history_series(history)
    ax_loss, ax_acc = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    if len(s["epoch"]):
        _draw_loss_acc(ax_loss, ax_acc, s)
    else:
        for ax, name in ((ax_loss, figure_tr("Loss")), (ax_acc, figure_tr("Accuracy"))):
            ax.set_title(name)
            _message(ax, figure_tr("no training history"))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.spines[:].set_visible(False)
    _draw_f1_bars(fig.add_subplot(grid[2, :2]), metrics)
    ax_cm = fig.add_subplot(grid[1:, 2])
    counts = np.asarray(metrics["confusion"])
    support = counts.sum(axis=1, keepdims=True)
    normalized = np.divide(counts, support, out=np.zeros(counts.shape), where=support > 0)
    im = _draw_matrix(ax_cm, normalized, metrics["class_names"], 1.0, len(counts) <= 12, _fraction, side=4.8)
    _colorbar(fig, im, ax_cm)
    ax_cm.set_title(figure_tr("Confusion matrix, normalised by true class"))
    return fig
