"""Flips and shifts applied to a whole training batch at once, after it reaches the device.

core/data/augment.py augments image by image in the loader: OpenCV per image, in the main process
when the dataset is cached in memory (the usual case for small images). For a flip and a shift that
cost ~0.13 ms an image on 2 CPU cores, a tenth of a small network's whole training step at 28 px
(benchmarks/augment_cost.py); on the batch tensor the same draws cost a few µs an image, and on a
GPU they run there. So a run whose augmentations are all of BATCH_AUGMENTATIONS (the time budget's
"hflip,translate" recipe among them) augments here instead, with the same distribution as the
per-sample path: each image flipped with probability ½, shifted by a whole number of pixels up to
`translate` of each side, the uncovered edge filled by reflection (OpenCV's BORDER_REFLECT_101 is
torch's "reflect"). Flips and normalisation commute with the shift, so augmenting the normalised
batch equals normalising the augmented images. Any other augmentation in the list keeps the whole
list per sample, in the documented order.

Draws come from torch's CPU generator, which the run re-seeds every epoch: a resumed run augments as
the uninterrupted one did, on a CPU or a GPU alike.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from core.data.augment import parse_names

BATCH_AUGMENTATIONS = frozenset({"hflip", "vflip", "translate"})


def batch_capable(names) -> bool:
    """True when every chosen augmentation can run on the batch (and at least one is chosen)."""
    chosen = set(parse_names(names))
    return bool(chosen) and chosen <= BATCH_AUGMENTATIONS


class BatchAugment:
    """(N, C, H, W) float tensor -> the same shape, each image flipped and shifted on its own draw."""

    def __init__(self, names, translate: float):
        chosen = set(parse_names(names))
        if not chosen or not chosen <= BATCH_AUGMENTATIONS:
            raise ValueError(f"batch augmentation takes only {', '.join(sorted(BATCH_AUGMENTATIONS))}")
        self.names = chosen
        self.translate = float(translate)

    def __repr__(self) -> str:
        return f"BatchAugment({', '.join(sorted(self.names))})"

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if "translate" in self.names:
            x = self._shift(x)
        for name, dim in (("hflip", 3), ("vflip", 2)):
            if name in self.names:
                flip = (torch.rand(len(x)) < 0.5).to(x.device)
                x = torch.where(flip[:, None, None, None], x.flip(dim), x)
        return x

    def _shift(self, x: torch.Tensor) -> torch.Tensor:
        n, _, h, w = x.shape
        # The largest shift of each side; reflection needs it below the side (a 1-px image stays put).
        most_y, most_x = (min(round(self.translate * side), side - 1) for side in (h, w))
        if not most_y and not most_x:
            return x
        # round(uniform(-t, t) * side), as the per-sample path draws it, clipped to what was padded.
        dy = ((torch.rand(n) * 2 - 1) * self.translate * h).round().clamp(-most_y, most_y).long()
        dx = ((torch.rand(n) * 2 - 1) * self.translate * w).round().clamp(-most_x, most_x).long()
        padded = F.pad(x, (most_x, most_x, most_y, most_y), mode="reflect")
        # Content moves by (dy, dx): output row i is padded row i - dy + most_y.
        rows = (torch.arange(h)[None, :] - dy[:, None] + most_y).to(x.device)
        cols = (torch.arange(w)[None, :] - dx[:, None] + most_x).to(x.device)
        images = torch.arange(n, device=x.device)[:, None, None]
        # Advanced indexing around the channel slice gives (N, H, W, C): channels-last memory, which
        # the convolutional nets train in, so the permute back to (N, C, H, W) copies nothing.
        return padded[images, :, rows[:, :, None], cols[:, None, :]].permute(0, 3, 1, 2)
