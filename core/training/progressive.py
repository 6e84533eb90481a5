"""Progressive resizing: the early epochs train on smaller copies of the images, the last ones at full size.

A convolution's work grows with the image's area, so at three quarters of the side it is about half,
and early in a run, while the network learns coarse shapes, the
lost detail matters little. FFCV's ImageNet recipes train ResNet-50 from 160 to 192 px this way and
test at full size; fastai calls it progressive resizing. Here the first half of the run trains at
`start` × the input size, then the size grows linearly, in steps of STEP_PX pixels, to the full
size, at which the last fifth of the run (at least its last epoch) trains, so that the filters and
the batch-norm statistics settle at the size the model is used at. Validation, testing and every
later use of the model are at full size. The size changes per epoch, not per step: each new shape
costs oneDNN a re-plan of its kernels.
"""
from __future__ import annotations

from core.models.model_settings import ARCHITECTURE_NAMES

LOW_SHARE = 0.5  # of the epochs train at the start size
FULL_SHARE = 0.2  # of the epochs train at the full size (at least the last one)
STEP_PX = 4  # sizes are multiples of this (the small-image networks halve the side twice)
# Built for one input size (ViT's and DeiT's position embeddings); a timm name outside the curated list
# is not assumed to take other sizes either.
FIXED_SIZE = frozenset({"vit_b_16", "timm/deit_tiny_patch16_224", "timm/vit_tiny_patch16_224"})


def resizable(model: str) -> bool:
    """True when the architecture takes any input size, so its early epochs can train smaller."""
    return tuple.__contains__(ARCHITECTURE_NAMES, model) and model not in FIXED_SIZE  # listed ones only


def epoch_size(epoch: int, epochs: int, input_size: tuple[int, int], start: float) -> tuple[int, int]:
    """(height, width) the images of epoch `epoch` (from 1) of `epochs` are trained at."""
    if start >= 1 or epochs < 2:
        return tuple(input_size)
    full_from = epochs - max(1, round(epochs * FULL_SHARE)) + 1
    if epoch >= full_from:
        return tuple(input_size)
    low_until = max(1, min(full_from - 1, round(epochs * LOW_SHARE)))
    grown = max(0, epoch - low_until) / (full_from - low_until)  # 0 while low, towards 1 on the ramp
    return scaled(input_size, start + (1 - start) * grown)


def never_shrinks(epoch: int, epochs: int, input_size: tuple[int, int], start: float, trained: tuple[int, int]) -> bool:
    """Whether a run of `epochs` trains every epoch after `epoch` at least at `trained`, the size epoch
    `epoch` trained at: a count changed mid-run (a time budget's) may move the sizes to come, not shrink them."""
    return all(area_share(size, input_size) >= area_share(trained, input_size)
               for size in sizes(epochs, input_size, start)[epoch:])


def scaled(input_size: tuple[int, int], scale: float) -> tuple[int, int]:
    """`input_size` × `scale`, each side a multiple of STEP_PX (at least STEP_PX, at most the side)."""
    return tuple(min(side, max(STEP_PX, round(side * scale / STEP_PX) * STEP_PX)) for side in input_size)


def sizes(epochs: int, input_size: tuple[int, int], start: float) -> list[tuple[int, int]]:
    """Every epoch's training size, in order."""
    return [epoch_size(epoch, epochs, input_size, start) for epoch in range(1, epochs + 1)]


def area_share(size: tuple[int, int], input_size: tuple[int, int]) -> float:
    return size[0] * size[1] / (input_size[0] * input_size[1])


def training_cost(size: tuple[int, int], input_size: tuple[int, int], start: float,
                  low_cost: float | None = None) -> float:
    """Seconds to train an image at `size` as a share of the full size's: linear in the area from the
    start size, where it is `low_cost` (measured by a time budget; None: the start size's area share,
    a little low, as loading and augmenting an image do not shrink with it), up to 1 at the full size."""
    low_area = area_share(scaled(input_size, start), input_size)
    if low_area >= 1:
        return 1.0
    low = low_area if low_cost is None else low_cost
    return low + (1 - low) * (area_share(size, input_size) - low_area) / (1 - low_area)


def progressive_sentence(epoch: int, epochs: int, input_size: tuple[int, int], start: float) -> str:
    """What the log says when the training size changes at `epoch`: this size, until when, and what follows."""
    every = sizes(epochs, input_size, start)
    size = every[epoch - 1]
    last = epoch
    while last < epochs and every[last] == size:
        last += 1
    span = f"epoch {epoch} trains" if last == epoch else f"epochs {epoch}-{last} train"
    if size == tuple(input_size):
        return f"progressive resizing: {span} at the full {_px(size)}"
    return f"progressive resizing: {span} at {_px(size)}, then larger up to the full {_px(input_size)}"


def _px(size) -> str:
    return f"{size[1]}×{size[0]} px"
