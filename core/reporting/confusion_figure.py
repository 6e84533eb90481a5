"""The report's confusion-matrix figure (confusion_matrix.png): counts and row-normalised side by side.

Labels and numbers are sized to the cells, so 2 classes and 100 read alike; past
ANNOTATE_MAX_CLASSES the cells carry colour only. `_draw_matrix` is reused by the one-page summary.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from core.reporting.figure_text import figure_tr
from core.reporting.figures import _short

ANNOTATE_MAX_CLASSES = 20   # numbers in confusion-matrix cells up to this many classes


def _label_axes(ax, names: list[str], fontsize: float) -> None:
    c = len(names)
    labels = [_short(n) for n in names]
    ax.set_xticks(range(c), labels, fontsize=fontsize)
    ax.set_yticks(range(c), labels, fontsize=fontsize)
    if c > 15:
        ax.tick_params(axis="x", labelrotation=90)
    elif c > 5 or max(len(label) for label in labels) > 6:
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
    ax.set_xlabel(figure_tr("predicted"))
    ax.set_ylabel(figure_tr("true"))
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)


def _draw_matrix(ax, values: np.ndarray, names, vmax: float, annotate: bool, fmt, side: float) -> object:
    """An image of the matrix; `side` (inches, roughly) sizes the labels and numbers to the cells."""
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=vmax, interpolation="nearest", aspect="equal")
    c = len(names)
    cell = 72 * side / max(c, 1)   # points per cell
    _label_axes(ax, names, fontsize=float(np.clip(0.5 * cell, 5, 9)))
    if annotate:
        size = float(np.clip(0.3 * cell, 5, 10))
        for (i, j), v in np.ndenumerate(values):
            r, g, b, _ = image.cmap(image.norm(v))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, fmt(v), ha="center", va="center", fontsize=size, color="white" if dark else "0.15")
    return image


def _fraction(v: float) -> str:
    return "0" if v == 0 else f"{v:.2f}"


def _colorbar(fig: Figure, image, ax) -> None:
    """A colour bar exactly as tall as the (square) matrix, not as its whole layout slot."""
    fig.colorbar(image, cax=ax.inset_axes([1.03, 0.0, 0.04, 1.0]))


def confusion_figure(counts: np.ndarray, names: list[str]) -> Figure:
    counts = np.asarray(counts)
    c = len(names)
    support = counts.sum(axis=1, keepdims=True)
    normalized = np.divide(counts, support, out=np.zeros(counts.shape), where=support > 0)
    side = float(np.clip(2.2 + 0.3 * c, 3.8, 9.5))
    label_room = 0.075 * max(len(_short(n)) for n in names) if c else 0
    fig = Figure(figsize=(2 * (side + label_room) + 2.0, side + 1.0 + label_room), layout="constrained")
    annotate = c <= ANNOTATE_MAX_CLASSES
    ax_counts, ax_norm = fig.subplots(1, 2)
    im = _draw_matrix(ax_counts, counts, names, max(int(counts.max(initial=0)), 1), annotate,
                      lambda v: str(int(v)), side)
    _colorbar(fig, im, ax_counts)
    ax_counts.set_title(figure_tr("Counts"))
    im = _draw_matrix(ax_norm, normalized, names, 1.0, annotate, _fraction, side)
    _colorbar(fig, im, ax_norm)
    ax_norm.set_title(figure_tr("Normalised by true class (diagonal = recall)"))
    fig.suptitle(figure_tr("Confusion matrix ({0} test images)").format(int(counts.sum())))
    return fig
