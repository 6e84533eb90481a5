"""MixUp and CutMix: each training batch mixed with itself rolled by one, the targets mixed alike.

torchvision.transforms.v2's MixUp and CutMix, applied per batch on the device after the batch
arrives (per-sample loading stays as fast as before). They turn the labels into soft targets (N, C)
that sum to 1; nn.CrossEntropyLoss takes those as they are, and its label smoothing and class
weights still apply. With both on, each batch gets one of the two at random, as torchvision's
reference recipe does. The draws come from torch's global RNG, which the run re-seeds every epoch,
so a resumed run mixes the same way.
"""
from __future__ import annotations

import torch


class BatchMix:
    """(images, labels) -> (mixed images, soft targets (N, C) that sum to 1)."""

    def __init__(self, mixup: float, cutmix: float, num_classes: int):
        from torchvision.transforms import v2

        mixes = [v2.MixUp(alpha=mixup, num_classes=num_classes)] if mixup > 0 else []
        mixes += [v2.CutMix(alpha=cutmix, num_classes=num_classes)] if cutmix > 0 else []
        if not mixes:
            raise ValueError("BatchMix needs a MixUp or CutMix α above 0")
        self.mix = mixes[0] if len(mixes) == 1 else v2.RandomChoice(mixes)

    def __call__(self, images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.mix(images, labels)


def batch_mix(config, num_classes: int) -> BatchMix | None:
    """The run's batch mixing, or None when MixUp and CutMix are both off."""
    if config.mixup <= 0 and config.cutmix <= 0:
        return None
    return BatchMix(config.mixup, config.cutmix, num_classes)


def hard_labels(targets: torch.Tensor) -> torch.Tensor:
    """Class indices for counting training accuracy: a mixed target counts as the class with the
    larger share of the image (the argmax of the soft target); plain labels stay as they are."""
    return targets.argmax(1) if targets.ndim == 2 else targets
