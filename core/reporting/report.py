"""The evaluation report of a trained model: numbers, tables and figures in one folder.

`write_report` turns the test-set probabilities and the training history into PNG figures
(curves, confusion matrix, ROC, PR, the most confident mistakes, a one-page summary), a per-class
table (CSV and text) and metrics.json. Every file is written atomically, and metrics.json last,
so its presence means the report is complete.

Figures use matplotlib's object API with the Agg canvas, never pyplot: pyplot picks a GUI
backend (Qt, when the GUI is running), and the engine must stay headless and thread-agnostic.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import math
import os
import unicodedata
import warnings
from pathlib import Path

import cv2
import numpy as np
from matplotlib import colormaps, font_manager, rc_context, ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from core.atomic import atomic_write_bytes, atomic_write_text
from core.training.curves import average_precision, pr_curve, roc_auc, roc_curve
from core.reporting.metrics import ConfusionMatrix

log = logging.getLogger(__name__)

REPORT_FILES = ("curves.png", "confusion_matrix.png", "per_class.csv", "per_class.txt", "roc.png", "pr.png",
                "most_confident_wrong.png", "summary.png", "metrics.json")
MAX_WRONG = 16
DPI = 110
ANNOTATE_MAX_CLASSES = 20   # numbers in confusion-matrix cells up to this many classes
MANY_CLASSES = 10           # more classes than this: ROC/PR legend in small type, curves dashed past 20
FEW_POINTS = 30             # markers on the training curves up to this many epochs
THUMB_SIDE = 256            # images in the mistakes grid are shrunk to this (keeps the PNG small)
MAX_FAILED_LOADS = 64       # unreadable images tried for the mistakes grid before giving up

# Tried in order for glyphs DejaVu Sans lacks (CJK class names); only installed ones are used.
_FALLBACK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Microsoft YaHei", "SimHei",
                   "PingFang SC", "Hiragino Sans GB", "WenQuanYi Zen Hei", "Malgun Gothic", "Arial Unicode MS")
_HISTORY_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr")


# ---------------------------------------------------------------- numbers

def most_confident_wrong(y_true, probs, k: int | None = MAX_WRONG) -> np.ndarray:
    """Indices of misclassified samples, most confident prediction first (ties: lower index first)."""
    y_true, probs = np.asarray(y_true, dtype=int), np.asarray(probs, dtype=float)
    if probs.shape[0] == 0:
        return np.zeros(0, dtype=int)
    predicted = probs.argmax(axis=1)
    confidence = probs[np.arange(len(probs)), predicted]
    wrong = np.flatnonzero(predicted != y_true)
    ranked = wrong[np.argsort(-confidence[wrong], kind="stable")]
    return ranked if k is None else ranked[:k]


def compute_metrics(class_names: list[str], y_true, probs, history: list[dict] | None = None) -> dict:
    """Every number of the report; undefined values (a class absent from the test set) are NaN."""
    y_true, probs = _check_inputs(class_names, y_true, probs)
    n, c = probs.shape
    matrix = ConfusionMatrix(class_names)
    matrix.add_many(y_true, probs.argmax(axis=1) if n else [])
    rows = matrix.per_class()
    onehot = y_true[:, None] == np.arange(c)
    for k, row in enumerate(rows):
        row["auc"] = roc_auc(onehot[:, k], probs[:, k])
        row["ap"] = average_precision(onehot[:, k], probs[:, k])
    present = [row for row in rows if row["support"] > 0]   # as ConfusionMatrix.macro_f1 does

    def macro(key):
        values = [row[key] for row in present if not math.isnan(row[key])]
        return float(np.mean(values)) if values else float("nan")

    def weighted(key):
        return float(sum(row[key] * row["support"] for row in rows) / n) if n else float("nan")

    return {
        "accuracy": matrix.accuracy,
        "macro_precision": macro("precision"), "macro_recall": macro("recall"), "macro_f1": matrix.macro_f1(),
        "weighted_precision": weighted("precision"), "weighted_recall": weighted("recall"),
        "weighted_f1": weighted("f1"),
        "macro_auc": macro("auc"), "micro_auc": roc_auc(onehot.ravel(), probs.ravel()),
        "macro_ap": macro("ap"), "micro_ap": average_precision(onehot.ravel(), probs.ravel()),
        "n_test": int(n), "n_classes": int(c), "epochs": len(history or []),
        "class_names": list(class_names),
        "per_class": rows,
        "confusion": matrix.counts.tolist(),
    }


def _check_inputs(class_names, y_true, probs) -> tuple[np.ndarray, np.ndarray]:
    c = len(class_names)
    probs = np.asarray(probs, dtype=np.float64)
    y = np.asarray(y_true)
    if c < 1:
        raise ValueError("no class names")
    if probs.ndim != 2 or probs.shape[1] != c:
        raise ValueError(f"probabilities must have shape (N, {c}) for {c} classes, got {probs.shape}")
    if y.shape != (probs.shape[0],):
        raise ValueError(f"{y.size} true labels for {probs.shape[0]} rows of probabilities")
    if y.size and (not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0 or y.max() >= c):
        raise ValueError(f"true labels must be class indices 0..{c - 1}")
    if not np.all(np.isfinite(probs)):
        raise ValueError("probabilities contain NaN or infinity (did training diverge?)")
    return y.astype(int), probs


def _jsonable(value):
    """NaN -> None (null), recursively: metrics.json stays valid JSON."""
    if isinstance(value, dict):
        return {key: _jsonable(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------- tables

def _fmt(value, spec: str = ".3f") -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, spec)


def per_class_csv(metrics: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["class", "precision", "recall", "f1", "support", "auc", "ap"])
    for row in metrics["per_class"]:
        writer.writerow([row["class"], *(_fmt(row[key], ".6f") for key in ("precision", "recall", "f1")),
                         row["support"], _fmt(row["auc"], ".6f"), _fmt(row["ap"], ".6f")])
    return buffer.getvalue()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else ("es" if word.endswith("s") else "s"))


def _cell(value) -> str:
    """A table cell: None is left blank, NaN (undefined) reads n/a."""
    return "" if value is None else _fmt(value)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def per_class_text(metrics: dict, title: str = "") -> str:
    """An aligned table like scikit-learn's classification report, plus AUC and AP."""
    m = metrics
    names = [row["class"] for row in m["per_class"]]
    w = max([_width(n) for n in names] + [len("weighted avg")])
    head = f"{_ljust('class', w)}  precision  recall      f1  support    auc     ap"

    def line(name, p, r, f, support, auc, ap):
        cells = [_cell(v) for v in (p, r, f)] + ["" if support is None else str(support), _cell(auc), _cell(ap)]
        return (f"{_ljust(name, w)}  {cells[0]:>9}  {cells[1]:>6}  {cells[2]:>6}  {cells[3]:>7}  "
                f"{cells[4]:>5}  {cells[5]:>5}").rstrip()

    lines = [title] if title else []
    lines += [f"{_plural(m['n_test'], 'test image')}, {_plural(m['n_classes'], 'class')}, "
              f"{_plural(m['epochs'], 'epoch')}", "", head]
    lines += [line(row["class"], row["precision"], row["recall"], row["f1"], row["support"], row["auc"], row["ap"])
              for row in m["per_class"]]
    lines.append("")
    lines.append(line("accuracy", None, None, m["accuracy"], m["n_test"], None, None))
    lines.append(line("macro avg", m["macro_precision"], m["macro_recall"], m["macro_f1"], m["n_test"],
                      m["macro_auc"], m["macro_ap"]))
    lines.append(line("weighted avg", m["weighted_precision"], m["weighted_recall"], m["weighted_f1"], m["n_test"],
                      None, None))
    lines.append(line("micro avg", None, None, None, None, m["micro_auc"], m["micro_ap"]))
    absent = [row["class"] for row in m["per_class"] if row["support"] == 0]
    if absent:
        lines += ["", "not in the test set (AUC/AP n/a, left out of macro averages): " + ", ".join(absent)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- figure plumbing

@contextlib.contextmanager
def _style(texts):
    """Compact fonts, and a CJK fallback font when a class name or the title needs one.

    rcParams are global: keep report rendering to one thread at a time.
    """
    families = ["DejaVu Sans"]
    if any(ord(ch) > 0x24F for text in texts for ch in str(text)):
        installed = {f.name for f in font_manager.fontManager.ttflist}
        families += [name for name in _FALLBACK_FONTS if name in installed][:1]
    rc = {"font.family": families, "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9,
          "legend.fontsize": 8, "xtick.labelsize": 8, "ytick.labelsize": 8,
          "axes.spines.top": False, "axes.spines.right": False}
    with rc_context(rc), warnings.catch_warnings():
        # A glyph no installed font has is drawn as a box; that is the fallback, not an error.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        yield


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _class_style(k: int, c: int) -> dict:
    """Colour (and, past 20 classes, dash pattern) of class k's curve."""
    if c <= 10:
        return {"color": colormaps["tab10"](k)}
    return {"color": colormaps["tab20"](k % 20), "linestyle": ("-", "--", ":", "-.")[(k // 20) % 4]}


def _message(fig_or_ax, text: str) -> None:
    if isinstance(fig_or_ax, Figure):
        fig_or_ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=12, color="0.3", wrap=True)
    else:
        fig_or_ax.text(0.5, 0.5, text, ha="center", va="center", color="0.4", transform=fig_or_ax.transAxes)


# ---------------------------------------------------------------- training curves

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
        label = f"{label} ({'best' if best == 'max' else 'min'} {y[i]:.3g} @ {x[i]:g})"
    ax.plot(x, y, label=label, marker="o" if few or len(x) == 1 else None, markersize=4, linewidth=1.6, **style)
    if best is not None:
        ax.plot(x[i], y[i], marker="*", markersize=11, color=style["color"], markeredgecolor="white", linestyle="")
    return True


def _epoch_axis(ax, epochs: np.ndarray) -> None:
    """Whole-number epoch ticks; one epoch gets a little room instead of ticks at 0.995, 1.000 ..."""
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    if epochs.size and np.ptp(epochs) < 2:
        ax.set_xlim(epochs.min() - 1, epochs.max() + 1)


def _draw_loss_acc(ax_loss, ax_acc, s: dict) -> None:
    few = len(s["epoch"]) <= FEW_POINTS
    train, val = {"color": "tab:blue"}, {"color": "tab:orange"}
    for ax, kind, best in ((ax_loss, "loss", "min"), (ax_acc, "acc", "max")):
        drawn = [_plot_series(ax, s["epoch"], s[f"train_{kind}"], "train", train, few),
                 _plot_series(ax, s["epoch"], s[f"val_{kind}"], "val", val, few, best=best)]
        ax.set_title("Loss" if kind == "loss" else "Accuracy")
        _epoch_axis(ax, s["epoch"])
        ax.grid(alpha=0.3)
        if any(drawn):
            ax.legend(loc="best")
        else:
            _message(ax, "not recorded")
    acc = np.concatenate([s["train_acc"], s["val_acc"]])
    acc = acc[np.isfinite(acc)]
    if acc.size and acc.min() >= 0 and acc.max() <= 1:
        ax_acc.yaxis.set_major_formatter(ticker.PercentFormatter(xmax=1, decimals=0))


def _draw_lr(ax, s: dict) -> None:
    few = len(s["epoch"]) <= FEW_POINTS
    lr = s["lr"]
    if not _plot_series(ax, s["epoch"], lr, "learning rate", {"color": "tab:green"}, few):
        _message(ax, "learning rate not recorded")
    else:
        finite = lr[np.isfinite(lr)]
        if finite.min() > 0 and finite.max() / finite.min() > 20:
            ax.set_yscale("log")
    ax.set_ylabel("learning rate")
    _epoch_axis(ax, s["epoch"])
    ax.grid(alpha=0.3)


def curves_figure(history: list[dict]) -> Figure:
    s = history_series(history)
    fig = Figure(figsize=(10, 6.2), layout="constrained")
    if not len(s["epoch"]):
        _message(fig, "No training history recorded.")
        return fig
    grid = fig.add_gridspec(2, 2, height_ratios=[3, 1.1])
    ax_loss, ax_acc = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_lr = fig.add_subplot(grid[1, :], sharex=ax_loss)
    _draw_loss_acc(ax_loss, ax_acc, s)
    _draw_lr(ax_lr, s)
    fig.suptitle(f"Training: {_plural(len(s['epoch']), 'epoch')}")
    return fig


# ---------------------------------------------------------------- confusion matrix

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
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
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
    ax_counts.set_title("Counts")
    im = _draw_matrix(ax_norm, normalized, names, 1.0, annotate, _fraction, side)
    _colorbar(fig, im, ax_norm)
    ax_norm.set_title("Normalised by true class (diagonal = recall)")
    fig.suptitle(f"Confusion matrix ({int(counts.sum())} test images)")
    return fig


# ---------------------------------------------------------------- ROC and PR

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
        draw(onehot.ravel(), probs.ravel(), f"micro-average ({label} {micro:.3f})", color="black",
             linewidth=2.4, linestyle=(0, (5, 2)), zorder=3)
    for k, row in enumerate(metrics["per_class"]):
        value, text = row[key], _short(row["class"], 24)
        if math.isnan(value):   # absent from the test set: listed, nothing to draw
            ax.add_line(Line2D([], [], linestyle="", label=f"{text} ({label} n/a: not in test set)"))
            continue
        draw(onehot[:, k], probs[:, k], f"{text} ({label} {value:.3f})", linewidth=1.0 if many else 1.5,
             alpha=0.85, **_class_style(k, c))
        drawn += 1
    if kind == "roc":
        ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", linewidth=1, label="chance")
        ax.set(xlabel="false-positive rate", ylabel="true-positive rate (recall)",
               title=f"ROC, one class vs. rest (macro AUC {_fmt(metrics['macro_auc'])})")
    else:
        ax.set(xlabel="recall", ylabel="precision",
               title=f"Precision-recall, one class vs. rest (macro AP {_fmt(metrics['macro_ap'])})")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.02))
    ax.grid(alpha=0.3)
    if not drawn and math.isnan(micro):
        _message(ax, "nothing to draw: no class has " + ("both positive and negative" if kind == "roc" else "any")
                 + " test images")
    handles, labels = ax.get_legend_handles_labels()
    # Outside the axes: inside, ten curves leave no corner free for it.
    fig.legend(handles, labels, loc="outside right upper", fontsize=6.5 if many else 8,
               ncol=max(1, math.ceil(len(handles) / 40)), frameon=False)
    return fig


def roc_figure(y_true, probs, metrics: dict) -> Figure:
    return _curve_figure("roc", y_true, probs, metrics)


def pr_figure(y_true, probs, metrics: dict) -> Figure:
    return _curve_figure("pr", y_true, probs, metrics)


# ---------------------------------------------------------------- most confident mistakes

def _thumbnail(image) -> np.ndarray:
    rgb = np.asarray(image)
    if rgb.ndim == 2:
        rgb = np.stack([rgb] * 3, axis=-1)
    if rgb.ndim != 3 or rgb.shape[2] not in (1, 3, 4) or min(rgb.shape[:2]) == 0:
        raise ValueError(f"not an RGB image: shape {rgb.shape}")
    rgb = np.repeat(rgb, 3, axis=2) if rgb.shape[2] == 1 else rgb[:, :, :3]
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    scale = THUMB_SIDE / max(rgb.shape[:2])
    if scale < 1:
        size = (max(1, round(rgb.shape[1] * scale)), max(1, round(rgb.shape[0] * scale)))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    return rgb


def _collect_mistakes(y_true, probs, paths, load_image, explain) -> list[dict]:
    """Up to MAX_WRONG mistakes with their pictures; an image that cannot be loaded is skipped.

    After MAX_FAILED_LOADS failures (a moved test folder) it stops looking: one warning, not thousands.
    """
    if paths is not None and load_image is None:
        from core.data.decode import load_rgb as load_image
    predicted = probs.argmax(axis=1) if len(probs) else np.zeros(0, dtype=int)
    cells, failures = [], []
    for i in most_confident_wrong(y_true, probs, k=None):
        if len(cells) == MAX_WRONG or len(failures) == MAX_FAILED_LOADS:
            break
        cell = {"index": int(i), "true": int(y_true[i]), "pred": int(predicted[i]),
                "conf": float(probs[i, predicted[i]]), "image": None, "overlay": None,
                "path": None if paths is None else os.fspath(paths[i]), "note": "no image path given"}
        if paths is not None:
            try:
                cell["image"] = _thumbnail(load_image(paths[i]))
            except Exception as e:  # noqa: BLE001 -- any loader failure: skip this image, show the next
                failures.append(f"{paths[i]}: {e}")
                continue
            if explain is not None:
                cell["note"] = "no heatmap"
                try:
                    overlay = explain(paths[i])
                    cell["overlay"] = None if overlay is None else _thumbnail(overlay)
                except Exception as e:  # noqa: BLE001 -- the image is still worth showing
                    log.warning("report: no heatmap for %s: %s", paths[i], e)
                    cell["note"] = "heatmap failed"
        cells.append(cell)
    if failures:
        log.warning("report: %d image(s) left out of the mistakes grid, unreadable; first: %s",
                    len(failures), failures[0])
    return cells


def _place(ax, image, box, note: str) -> None:
    """Draw `image` centred in `box` (x, y, w, h in inches), keeping its shape; a grey note if None."""
    x, y, w, h = box
    if image is None:
        ax.add_patch(Rectangle((x, y), w, h, facecolor="0.93", edgecolor="none"))
        ax.text(x + w / 2, y + h / 2, note, ha="center", va="center", color="0.45", fontsize=8)
        return
    scale = min(w / image.shape[1], h / image.shape[0])
    iw, ih = image.shape[1] * scale, image.shape[0] * scale
    left, bottom = x + (w - iw) / 2, y + (h - ih) / 2
    ax.imshow(image, extent=(left, left + iw, bottom, bottom + ih), interpolation="antialiased")


def mistakes_figure(cells: list[dict], names: list[str], paired: bool, n_test: int, n_wrong: int) -> Figure:
    if not cells:
        fig = Figure(figsize=(7, 2.5), layout="constrained")
        if n_test == 0:
            _message(fig, "No test images.")
        elif n_wrong == 0:
            _message(fig, f"No mistakes: all {_plural(n_test, 'test image')} classified correctly.")
        else:
            _message(fig, f"{_plural(n_wrong, 'mistake')}, but none of their images could be read\n"
                          "(the log says why).")
        return fig
    # One axes spanning the figure, in inches, with every picture and caption placed by hand:
    # the cells are all the same size, and 16-32 separate axes under a layout engine cost more
    # time than all the other figures together.
    per_row = min(4, len(cells))
    rows = math.ceil(len(cells) / per_row)
    shapes = [cell["image"].shape[:2] for cell in cells if cell["image"] is not None]
    aspect = float(np.clip(np.median([h / w for h, w in shapes]), 0.5, 1.5)) if shapes else 0.4
    image_w, gap, pad, caption_h, name_h, title_h = 2.0, 0.08, 0.25, 0.42, 0.25, 0.45
    image_h = image_w * aspect
    cell_w = image_w * (2 if paired else 1) + (gap if paired else 0) + pad
    cell_h = caption_h + image_h + name_h
    width, height = per_row * cell_w, rows * cell_h + title_h
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    ax.text(width / 2, height - 0.12, "Most confident mistakes" + (" (image | Grad-CAM)" if paired else ""),
            ha="center", va="top", fontsize=12)
    for n, cell in enumerate(cells):
        row, col = divmod(n, per_row)
        left, top = col * cell_w + pad / 2, height - title_h - row * cell_h
        bottom = top - caption_h - image_h
        _place(ax, cell["image"], (left, bottom, image_w, image_h), cell["note"])
        if paired:
            _place(ax, cell["overlay"], (left + image_w + gap, bottom, image_w, image_h), cell["note"])
        caption = (f"true: {_short(names[cell['true']], 20)} / pred: {_short(names[cell['pred']], 20)} "
                   f"({cell['conf']:.2f})")
        if len(caption) > (56 if paired else 30):   # would run into the next cell: two lines
            caption = caption.replace(" / ", "\n", 1)
        ax.text(left + (cell_w - pad) / 2, top - 0.05, caption, ha="center", va="top", fontsize=8.5)
        where = _short(Path(cell["path"]).name, 34) if cell["path"] else f"test image #{cell['index']}"
        ax.text(left + image_w / 2, bottom - 0.04, where, ha="center", va="top", fontsize=7, color="0.4")
    ax.set(xlim=(0, width), ylim=(0, height), aspect="auto")
    return fig


# ---------------------------------------------------------------- one-page summary

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
        texts = ["n/a" if a else f"{v:.2f}" for v, a in zip(f1, absent)]
        ax.bar_label(bars, texts, fontsize=7, padding=1.5)
    ax.set_ylim(0, 1.12)
    macro = "" if math.isnan(metrics["macro_f1"]) else f" (dashed line: macro F1 {metrics['macro_f1']:.3f})"
    ax.set_title("F1 per class" + macro)
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
    ax.text(0, 1, title or "Evaluation report", fontsize=15, fontweight="bold", va="top", transform=ax.transAxes)
    accuracy = metrics["accuracy"]
    cards = [("accuracy", "n/a" if math.isnan(accuracy) else f"{100 * accuracy:.1f}%"),
             ("macro F1", _fmt(metrics["macro_f1"])), ("macro AUC", _fmt(metrics["macro_auc"])),
             ("test images", f"{metrics['n_test']:,}"), ("classes", str(metrics["n_classes"])),
             ("epochs", str(metrics["epochs"]) if metrics["epochs"] else "—")]
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
        for ax, name in ((ax_loss, "Loss"), (ax_acc, "Accuracy")):
            ax.set_title(name)
            _message(ax, "no training history")
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
    ax_cm.set_title("Confusion matrix, normalised by true class")
    return fig


# ---------------------------------------------------------------- the report

def write_report(out_dir, *, class_names: list[str], history: list[dict], y_true, probs,
                 paths: list[str] | None = None, load_image=None, explain=None, title: str = "") -> dict:
    """Write the report files (REPORT_FILES) into `out_dir` and return the metrics.

    `probs` (N, C) are test-set probabilities and `y_true` (N,) the true class indices; `paths`,
    when given, name the N test images for the mistakes grid, read by `load_image(path) -> RGB`
    (default: core.data.decode.load_rgb). `explain(path) -> RGB overlay or None` adds a heatmap next to
    each mistake. The returned dict equals metrics.json: NaN (undefined) values are None.
    """
    class_names = [str(name) for name in class_names]
    y_true, probs = _check_inputs(class_names, y_true, probs)
    if paths is not None and len(paths) != len(y_true):
        raise ValueError(f"{len(paths)} image paths for {len(y_true)} test samples")
    history = list(history or [])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    metrics = compute_metrics(class_names, y_true, probs, history)
    atomic_write_text(out / "per_class.csv", per_class_csv(metrics), encoding="utf-8-sig")  # BOM: Excel reads UTF-8
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
    with _style([*class_names, title]):
        for name, make in figures.items():
            atomic_write_bytes(out / name, _png(make()))
    document = _jsonable(metrics)
    atomic_write_text(out / "metrics.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document
