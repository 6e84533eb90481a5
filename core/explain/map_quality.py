"""Heatmaps that show nothing, told apart from those that show something.

Every map is stretched to its own 0..1 range before it is drawn, so a map whose strongest value is
1e-19 (XGrad-CAM on an EfficientNet) looks as confident as a strong one, and an all-zero map (a
one-epoch ViT, Finer-CAM on a class with no rival) becomes a uniform purple square that reads as
"the model looked everywhere". The raw map, before stretching, says which it is.
"""
from __future__ import annotations

import numpy as np

# Maps are computed from the gradient of a logit (never a probability, whose gradient vanishes when
# the model is sure), so useful maps peak far above this; 1e-19 is float32 rounding residue.
WEAK_PEAK = 1e-9
FLAT_SPAN = 1e-3  # of the peak: a map varying less than this is one colour once drawn
TINY_SIDE = 8  # px: an image this small makes any map flat once resized to it (the image's fault, not the layer's)

# Why a map is not shown as evidence; the window and results.csv use these words.
NOTES = {
    "nan": "the heatmap could not be computed (not a number): the model's numbers overflowed",
    "zero": "the heatmap is empty: nothing in this layer raised the class score",
    "weak": "the heatmap is too weak to mean anything (its strongest value is below 1e-9)",
    "flat": "the heatmap is flat: every region counts the same, so it shows no evidence",
}


def assess(raw: np.ndarray) -> list[str | None]:
    """For each raw map of a (batch, height, width) array: None when it shows something, else the
    key of NOTES that says why it does not."""
    verdicts = []
    for cam in np.asarray(raw, dtype=np.float64):
        if cam.size == 1:  # a 1×1 layer: one colour whatever its value, because the layer is too coarse
            verdicts.append("flat")
            continue
        if not np.isfinite(cam).all():
            verdicts.append("nan")
            continue
        positive = np.maximum(cam, 0)
        peak = float(positive.max())
        if peak == 0:
            verdicts.append("zero")
        elif peak < WEAK_PEAK:
            verdicts.append("weak")
        elif peak - float(positive.min()) < FLAT_SPAN * peak:
            verdicts.append("flat")
        else:
            verdicts.append(None)
    return verdicts
