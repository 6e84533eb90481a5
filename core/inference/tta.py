"""Test-time augmentation (TTA): the softmax averaged over the image and altered copies of it.

"flip" averages the image and its mirror image; "flip_shift" adds four copies shifted by 1/16 of
the side up, down, left and right (edges filled by reflection, as the training's translate does).
Probabilities are averaged, not logits, so one confident view cannot outvote the others by its
scale. Heatmaps stay on the plain image: a map of a mirrored or shifted copy would have to be
turned back, and it would explain a picture the user is not looking at; the class they explain is
the TTA's predicted one. The modes are named in core/models/model_settings.py (TTA_MODES), saved
with the model, and predict.py and the viewer default to the model's.
"""
from __future__ import annotations

from typing import Iterator

import torch
import torch.nn.functional as F

from core.models.model_settings import TTA_MODES

SHIFT = 1 / 16  # of the side; at least one pixel


def check_mode(mode: str) -> str:
    if mode not in TTA_MODES:
        raise ValueError(f"unknown test-time augmentation {mode!r}; choose from {', '.join(TTA_MODES)}")
    return mode


def model_mode(config: dict | None) -> str:
    """The TTA a model was tested with (its training config's `tta`), "off" when it does not say."""
    mode = (config or {}).get("tta") or "off"
    return mode if mode in TTA_MODES else "off"


def view_count(mode: str) -> int:
    """How many copies of each image a mode classifies: its cost as a share of one plain pass."""
    return {"off": 1, "flip": 2, "flip_shift": 6}[check_mode(mode)]


def shifted(batch: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """The batch's images moved down by dy and right by dx pixels, the uncovered edge reflected."""
    h, w = batch.shape[-2:]
    padded = F.pad(batch, (abs(dx), abs(dx), abs(dy), abs(dy)), mode="reflect")
    top, left = abs(dy) - dy, abs(dx) - dx
    return padded[..., top:top + h, left:left + w]


def views(batch: torch.Tensor, mode: str) -> Iterator[torch.Tensor]:
    """The copies a mode averages over, the plain batch first."""
    yield batch
    if check_mode(mode) == "off":
        return
    yield batch.flip(-1)
    if mode == "flip_shift":
        h, w = batch.shape[-2:]
        sy, sx = max(1, round(h * SHIFT)), max(1, round(w * SHIFT))
        for dy, dx in ((sy, 0), (-sy, 0), (0, sx), (0, -sx)):
            yield shifted(batch, dy, dx)


def tta_probs(model: torch.nn.Module, batch: torch.Tensor, mode: str) -> torch.Tensor:
    """(N, C) float32 probabilities: the mean softmax over the mode's views (the caller sets
    eval mode and inference_mode)."""
    total, count = None, 0
    for view in views(batch, mode):
        probs = model(view).float().softmax(1)
        total = probs if total is None else total + probs
        count += 1
    return total / count
