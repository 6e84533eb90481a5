"""The report's training-curves figure (curves.png): loss, accuracy and learning rate per epoch.

The history is the list of per-epoch dicts a training run records (metrics.csv rows); missing,
None or text values are gaps, not errors. `_draw_loss_acc` is reused by the one-page summary.
"""
from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

from core.reporting.figure_text import figure_tr
from core.reporting.figures import _message

FEW_POINTS = 30             # markers on the training curves up to this many epochs
_HISTORY_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr", "train_scale")


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def history_series(history: list[dict]) -> dict[str, np.ndarray]:
    """Columns of the history as float arrays (missing, None or text -> NaN); 'epoch' defaults to 1.."""
    history = list(history or [])
    epochs = np.array([_number(h.get("epoch", i + 1)) for i, h in enumerate(history)])
    epochs = np.where(np.isnan(epochs), np.arange(1, len(history) + 1), epochs)
    series = {"epoch": epochs}
    for key in _HISTORY_KEYS:
        series[key] = np.array([_number(h.get(key)) for h in history], dtype=float)
    return series


def _plot_series(ax, x, y, label, style, few: bool, best=None) -> bool:
    ok = np.isfinite(y)
    if not ok.any():
        return False
    x, y = x[ok], y[ok]
    if best is not None:
        i = int(np.argmax(y) if best == "max" else np.argmin(y))
        template = figure_tr("{0} (best {1:.3g} @ {2:g})") if best == "max" else figure_tr("{0} (min {1:.3g} @ {2:g})")
        label = template.format(label, y[i], x[i])
    ax.plot(x, y, label=label, marker="o" if few or len(x) == 1 else None, markersize=4, linewidth=1.6, **style)
    if best is not None:
        ax.plot(x[i], y[i], marker="*", markersize=11, color=style["color"], markeredgecolor="white", linestyle="")
    return True


def _epoch_axis(ax, epochs: np.ndarray) -> None:
    """Whole-number epoch ticks; one epoch gets a little room instead of ticks at 0.995, 1.000 ..."""
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set_xlabel(figure_tr("epoch"))
    if epochs.size and np.ptp(epochs) < 2:
        ax.set_xlim(epochs.min() - 1, epochs.max() + 1)


def _shade_smaller_epochs(ax, s: dict) -> None:
    """Shade the epochs progressive resizing trained on smaller images (train_scale below 1): their
    validation, at full size, dips, and the shade says why."""
    smaller = s["epoch"][s["train_scale"] < 1]
    if smaller.size:
        ax.axvspan(smaller.min() - 0.5, smaller.max() + 0.5, color="0.5", alpha=0.12, linewidth=0,
                   label=figure_tr("trained on smaller images"))


def _draw_loss_acc(ax_loss, ax_acc, s: dict) -> None:
    few = len(s["epoch"]) <= FEW_POINTS
    train, val = {"color": "tab:blue"}, {"color": "tab:orange"}
    for ax, kind, best in ((ax_loss, "loss", "min"), (ax_acc, "acc", "max")):
        _shade_smaller_epochs(ax, s)
        drawn = [_plot_series(ax, s["epoch"], s[f"train_{kind}"], figure_tr("train"), train, few),
                 _plot_series(ax, s["epoch"], s[f"val_{kind}"], figure_tr("val"), val, few, best=best)]
        ax.set_title(figure_tr("Loss") if kind == "loss" else figure_tr("Accuracy"))
        _epoch_axis(ax, s["epoch"])
        ax.grid(alpha=0.3)
        if any(drawn):
            ax.legend(loc="best")
        else:
            _message(ax, figure_tr("not recorded"))
    acc = np.concatenate([s["train_acc"], s["val_acc"]])
    acc = acc[np.isfinite(acc)]
    if acc.size and acc.min() >= 0 and acc.max() <= 1:
        ax_acc.yaxis.set_major_formatter(ticker.PercentFormatter(xmax=1, decimals=0))


def _draw_lr(ax, s: dict) -> None:
    few = len(s["epoch"]) <= FEW_POINTS
    lr = s["lr"]
    if not _plot_series(ax, s["epoch"], lr, figure_tr("learning rate"), {"color": "tab:green"}, few):
        _message(ax, figure_tr("learning rate not recorded"))
    else:
        finite = lr[np.isfinite(lr)]
        if finite.min() > 0 and finite.max() / finite.min() > 20:
            ax.set_yscale("log")
    ax.set_ylabel(figure_tr("learning rate"))
    _epoch_axis(ax, s["epoch"])
    ax.grid(alpha=0.3)


def curves_figure(history: list[dict]) -> Figure:
    s = history_series(history)
    fig = Figure(figsize=(10, 6.2), layout="constrained")
    if not len(s["epoch"]):
        _message(fig, figure_tr("No training history recorded."))
        return fig
    grid = fig.add_gridspec(2, 2, height_ratios=[3, 1.1])
    ax_loss, ax_acc = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_lr = fig.add_subplot(grid[1, :], sharex=ax_loss)
    _draw_loss_acc(ax_loss, ax_acc, s)
    _draw_lr(ax_lr, s)
    epochs = len(s["epoch"])
    fig.suptitle(figure_tr("Training: 1 epoch") if epochs == 1 else figure_tr("Training: {0} epochs").format(epochs))
    return fig
