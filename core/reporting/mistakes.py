"""The report's grid of the most confidently wrong test images (most_confident_wrong.png).

`_collect_mistakes` loads up to MAX_WRONG of them as thumbnails (and, given `explain`, their
Grad-CAM overlays), skipping unreadable files and giving up after MAX_FAILED_LOADS; `mistakes_figure`
lays them out by hand on one axes, which is much faster than a grid of axes.
"""
from __future__ import annotations

import logging
import math
import os
from pathlib import Path

import cv2
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from core.plural import counted
from core.reporting.evaluation import MAX_WRONG, most_confident_wrong
from core.reporting.figure_text import figure_tr
from core.reporting.figures import _message, _short
from core.reporting.tables import _width

log = logging.getLogger(__name__)

THUMB_SIDE = 256            # images in the mistakes grid are shrunk to this (keeps the PNG small)
MAX_FAILED_LOADS = 64       # unreadable images tried for the mistakes grid before giving up


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
                "path": None if paths is None else os.fspath(paths[i]), "note": figure_tr("no image path given")}
        if paths is not None:
            try:
                cell["image"] = _thumbnail(load_image(paths[i]))
            except Exception as e:  # noqa: BLE001 -- any loader failure: skip this image, show the next
                failures.append(f"{paths[i]}: {e}")
                continue
            if explain is not None:
                cell["note"] = figure_tr("no heatmap")
                try:
                    overlay = explain(paths[i])
                    cell["overlay"] = None if overlay is None else _thumbnail(overlay)
                except Exception as e:  # noqa: BLE001 -- the image is still worth showing
                    log.warning("report: no heatmap for %s: %s", paths[i], e)
                    cell["note"] = figure_tr("heatmap failed")
        cells.append(cell)
    if failures:
        log.warning("report: %s left out of the mistakes grid, unreadable; first: %s",
                    counted(len(failures), "image"), failures[0])
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
            _message(fig, figure_tr("No test images."))
        elif n_wrong == 0:
            _message(fig, figure_tr("No mistakes: the test image is classified correctly.") if n_test == 1
                     else figure_tr("No mistakes: all {0} test images classified correctly.").format(n_test))
        else:
            _message(fig, figure_tr("1 mistake, but its image could not be read\n(the log says why).") if n_wrong == 1
                     else figure_tr("{0} mistakes, but none of their images could be read\n"
                                    "(the log says why).").format(n_wrong))
        return fig
    # One axes spanning the figure, in inches, with every picture and caption placed by hand:
    # the cells are all the same size, and 16-32 separate axes under a layout engine cost more
    # time than all the other figures together.
    # Two image|heatmap pairs a row (four single images): four pairs made a 17-inch-wide page whose captions
    # could not be read in the report tab; it now scrolls down instead (ui/training/report_view.py).
    per_row = min(2 if paired else 4, len(cells))
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
    ax.text(width / 2, height - 0.12, figure_tr("Most confident mistakes (image | Grad-CAM)") if paired
            else figure_tr("Most confident mistakes"),
            ha="center", va="top", fontsize=12)
    for n, cell in enumerate(cells):
        row, col = divmod(n, per_row)
        left, top = col * cell_w + pad / 2, height - title_h - row * cell_h
        bottom = top - caption_h - image_h
        _place(ax, cell["image"], (left, bottom, image_w, image_h), cell["note"])
        if paired:
            _place(ax, cell["overlay"], (left + image_w + gap, bottom, image_w, image_h), cell["note"])
        caption = figure_tr("true: {0} / pred: {1} ({2:.2f})").format(
            _short(names[cell["true"]], 20), _short(names[cell["pred"]], 20), cell["conf"])
        if _width(caption) > (56 if paired else 30):   # would run into the next cell: two lines
            caption = caption.replace(" / ", "\n", 1)
        ax.text(left + (cell_w - pad) / 2, top - 0.05, caption, ha="center", va="top", fontsize=8.5)
        where = _short(Path(cell["path"]).name, 34) if cell["path"] else figure_tr("test image #{0}").format(cell["index"])
        ax.text(left + image_w / 2, bottom - 0.04, where, ha="center", va="top", fontsize=7, color="0.4")
    ax.set(xlim=(0, width), ylim=(0, height), aspect="auto")
    return fig
