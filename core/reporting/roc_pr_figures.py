"""The report's ROC and precision-recall figures (roc.png, pr.png), one class vs. rest.

One curve per class plus the micro average, with the AUC/AP of the metrics dict in the legend;
a class absent from the test set is listed as n/a, not drawn.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from core.reporting.figure_text import figure_number, figure_tr
from core.reporting.figures import _class_style, _message, _short
from core.training.curves import pr_curve, roc_curve

MANY_CLASSES = 10           # more classes than this: ROC/PR legend in small type, curves dashed past 20


def _curve_figure(kind: str, y_true, probs, metrics: dict) -> Figure:
    names = metrics["class_names"]
    c = len(names)
    many = c > MANY_CLASSES
    fig = Figure(figsize=(10 if many else 8.4, 6.2 if many else 5.2), layout="constrained")
    ax = fig.add_subplot()
    onehot = np.asarray(y_true)[:, None] == np.arange(c)
    key, micro_key = ("auc", "micro_auc") if kind == "roc" else ("ap", "micro_ap")
    label = "AUC" if kind == "roc" else "AP"

    def draw(truth, scores, text, **style):
        if kind == "roc":
            x, y = roc_curve(truth, scores)
            ax.plot(x, y, label=text, **style)
        else:
            precision, recall = pr_curve(truth, scores)
            ax.plot(recall, precision, label=text, drawstyle="steps-post", **style)

    drawn = 0
    micro = metrics[micro_key]
    if not math.isnan(micro):
        draw(onehot.ravel(), probs.ravel(), figure_tr("micro-average ({0} {1:.3f})").format(label, micro), color="black",
             linewidth=2.4, linestyle=(0, (5, 2)), zorder=3)
    for k, row in enumerate(metrics["per_class"]):
        value, text = row[key], _short(row["class"], 24)
        if math.isnan(value):   # absent from the test set: listed, nothing to draw
            ax.add_line(Line2D([], [], linestyle="", label=figure_tr("{0} ({1} n/a: not in test set)").format(text, label)))
            continue
        draw(onehot[:, k], probs[:, k], f"{text} ({label} {value:.3f})", linewidth=1.0 if many else 1.5,
             alpha=0.85, **_class_style(k, c))
        drawn += 1
    if kind == "roc":
        ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", linewidth=1, label=figure_tr("chance"))
        ax.set(xlabel=figure_tr("false-positive rate"), ylabel=figure_tr("true-positive rate (recall)"),
               title=figure_tr("ROC, one class vs. rest (macro AUC {0})").format(figure_number(metrics["macro_auc"])))
    else:
        ax.set(xlabel=figure_tr("recall"), ylabel=figure_tr("precision"),
               title=figure_tr("Precision-recall, one class vs. rest (macro AP {0})").format(
                   figure_number(metrics["macro_ap"])))
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.02))
    ax.grid(alpha=0.3)
    if not drawn and math.isnan(micro):
        _message(ax, figure_tr("nothing to draw: no class has both positive and negative test images")
                 if kind == "roc" else figure_tr("nothing to draw: no class has any test images"))
    handles, labels = ax.get_legend_handles_labels()
    # Outside the axes: inside, ten curves leave no corner free for it.
    fig.legend(handles, labels, loc="outside right upper", fontsize=6.5 if many else 8,
               ncol=max(1, math.ceil(len(handles) / 40)), frameon=False)
    return fig


def roc_figure(y_true, probs, metrics: dict) -> Figure:
    return _curve_figure("roc", y_true, probs, metrics)


def pr_figure(y_true, probs, metrics: dict) -> Figure:
    return _curve_figure("pr", y_true, probs, metrics)
