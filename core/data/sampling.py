"""What order and weight training samples get: the SeededSampler, and class balancing.

`SeededSampler` attaches a seed to every index so augmentations do not depend on DataLoader
workers (resumed equals uninterrupted); `class_weights` (for the loss) and `balanced_sampler`
(for the loader) are the two remedies for imbalanced classes.
"""
from __future__ import annotations

import torch
from torch.utils.data import Sampler, WeightedRandomSampler


class SeededSampler(Sampler):
    """Wraps an index sampler to yield (index, seed): the seed is drawn from (epoch seed, salt,
    position in the epoch), so the augmentation of every sample depends on nothing else.

    DataLoader workers otherwise draw augmentations from their own RNGs, seeded once when the
    (persistent) workers start and then carried on from epoch to epoch: a resumed run starts its
    workers afresh and every tensor differed from the uninterrupted run. With the seed travelling
    with the index, an epoch's batches are the same with 0 or N workers, cached or not, resumed
    or not. ``salt`` tells apart processes under torchrun (their positions repeat).
    """

    def __init__(self, sampler, salt: int = 0):
        self.sampler, self.salt, self.epoch_seed = sampler, int(salt), 0

    def set_epoch_seed(self, seed: int) -> None:
        self.epoch_seed = int(seed)

    def __len__(self) -> int:
        return len(self.sampler)

    def __iter__(self):
        for position, index in enumerate(self.sampler):
            yield int(index), _mix(self.epoch_seed, self.salt, position)


def _mix(*values: int) -> int:
    """A well-spread 63-bit seed from integers (splitmix64 steps), the same on every platform and
    Python version (hash() of a tuple changed between versions)."""
    mask = 2**64 - 1
    x = 0
    for value in values:
        x = ((x ^ (value & mask)) + 0x9E3779B97F4A7C15) & mask
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
        x ^= x >> 31
    return x >> 1


def _class_counts(labels, num_classes: int) -> torch.Tensor:
    labels = torch.as_tensor(list(labels), dtype=torch.long)
    if labels.numel() == 0:
        raise ValueError("no labels")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in 0..{num_classes - 1}")
    return torch.bincount(labels, minlength=num_classes).double()


def class_weights(labels, num_classes: int) -> torch.Tensor:
    """Inverse class frequency, scaled so the classes present average 1 (float32). A class with
    no samples gets 1: it is never a target, so its weight never counts."""
    counts = _class_counts(labels, num_classes)
    present = counts > 0
    weights = torch.ones(num_classes, dtype=torch.float64)
    weights[present] = 1.0 / counts[present]
    weights[present] *= present.sum() / weights[present].sum()
    return weights.float()


def balanced_sampler(labels, num_classes: int, seed: int) -> WeightedRandomSampler:
    """Draws len(labels) samples per epoch, every class equally likely (with replacement)."""
    counts = _class_counts(labels, num_classes)
    weights = 1.0 / counts[torch.as_tensor(list(labels), dtype=torch.long)]
    generator = torch.Generator().manual_seed(int(seed))
    return WeightedRandomSampler(weights, len(weights), replacement=True, generator=generator)
