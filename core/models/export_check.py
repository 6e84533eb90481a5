"""Checking an export: the exported model and PyTorch on the same inputs, logits compared.

An export that runs but computes something else (a shape baked in by tracing, an operator
translated differently) looks exactly like a good one until its predictions are wrong in
production, so every export is run before it is written. Real images are the default inputs
(the bundled demo images, or the folder the user names): they exercise the value ranges a
model meets; random noise is the fallback when there are none. The batch has another size than
the one the export was traced with, and the first input also goes alone, so a batch size that
tracing fixed cannot pass.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import torch

from core.data.decode import ImageReadError, load_rgb
from core.data.preprocess import Preprocess
from core.data.scan import scan_images

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEMO_IMAGES = ROOT / "data" / "demo"  # the repository's bundled images, when it has them
CHECK_COUNT = 8
# Allowed max |Δlogit|: 1e-4, or 1e-5 of the largest |logit| when that is over 10. Reordered
# float32 sums (onnxruntime's kernels are not PyTorch's) differ by 1e-6 to 1e-5 on a trained model;
# a wrong graph is off by far more. A model whose logits run into the thousands (a deep
# network with random weights: resnet101, 6538) cannot meet 1e-4 in float32 at all (one float32
# step at 6538 is 5e-4), so there the bound grows with the logits.
TOLERANCE = 1e-4
RELATIVE_TOLERANCE = 1e-5


@dataclass(frozen=True)
class ExportCheck:
    count: int
    inputs: str  # "images" or "random inputs"
    source: str  # where the images came from, or why random inputs were used
    max_diff: float
    same_top1: int
    scale: float = 0.0  # the largest |logit| PyTorch gave
    tolerance: float = TOLERANCE

    @property
    def allowed(self) -> float:
        return max(self.tolerance, RELATIVE_TOLERANCE * self.scale)

    @property
    def ok(self) -> bool:
        return math.isfinite(self.max_diff) and self.max_diff <= self.allowed

    def bound(self) -> tuple[str, str, bool]:
        """How the difference compares: ("within" or "over", the bound as written, whether the bound is
        relative to the largest logit). The tolerance itself when the difference is within it (the
        stronger claim); else the relative bound, met or not."""
        if self.max_diff <= self.tolerance:
            return "within", short_number(self.tolerance), False
        return ("within" if self.ok else "over"), short_number(self.allowed), self.allowed != self.tolerance

    def line(self) -> str:
        """e.g. "checked on 8 images from data/demo: max |Δlogit| 3.1e-06 (≤ 1e-4), same top-1 on 8/8".
        The window words the same parts in its language (app/export_flow.py)."""
        kind, limit, relative = self.bound()
        why = f", 1e-5 of the largest |logit|, {self.scale:.0f}" if relative else ""
        bound = f"≤ {limit}{why}" if kind == "within" else f"more than the {limit} allowed{why}"
        where = f" ({self.source})" if self.inputs == "random inputs" else f" from {self.source}"
        return (f"checked on {self.count} {self.inputs}{where}: max |Δlogit| {self.max_diff:.1e} ({bound}), "
                f"same top-1 on {self.same_top1}/{self.count}")


def short_number(value: float) -> str:
    return f"{value:.0e}".replace("e-0", "e-") if value == float(f"{value:.0e}") else f"{value:.1e}"


class CheckInputError(ValueError):
    """The images named for the check cannot be used (none found, none readable)."""


def check_inputs(preprocess: Preprocess, images=None, count: int = CHECK_COUNT, seed: int = 0
                 ) -> tuple[torch.Tensor, str, str]:
    """(a batch of `count` inputs, "images" or "random inputs", where from).

    `images`: a folder (searched recursively), a list of image paths, or None for the bundled demo
    images when the repository has them, else random inputs (seeded: the same each time).
    """
    named = images is not None
    if images is None and DEMO_IMAGES.is_dir():
        images = DEMO_IMAGES
    paths: list[Path] = []
    if isinstance(images, (str, Path)):
        folder = Path(images)
        if not folder.exists():
            raise CheckInputError(f"--check-images {folder} does not exist")
        paths = scan_images(folder) if folder.is_dir() else [folder]
        where = _shown(folder)
    elif images is not None:
        paths, where = [Path(p) for p in images], "the open folder"
    tensors = []
    for path in _spread(paths):  # across the folder, not the first class's images only
        try:
            tensors.append(preprocess(load_rgb(path)))
        except ImageReadError as error:
            log.info("check image %s skipped: %s", path, error)
        if len(tensors) == count:
            break
    if tensors:
        return torch.stack(tensors), "image" if len(tensors) == 1 else "images", where
    if named:
        raise CheckInputError(f"no readable images in {images if isinstance(images, (str, Path)) else 'the list'}")
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(count, 3, *preprocess.input_size, generator=generator), "random inputs", "no images at hand"


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _spread(paths: list[Path]) -> list[Path]:
    """The paths reordered so any prefix is spread evenly over the list."""
    if len(paths) <= CHECK_COUNT:
        return list(paths)
    step = len(paths) / CHECK_COUNT
    first = [paths[int(i * step)] for i in range(CHECK_COUNT)]
    chosen = set(first)
    return first + [p for p in paths if p not in chosen]


@torch.inference_mode()
def compare(model: torch.nn.Module, run_exported, batch: torch.Tensor, inputs: str, source: str,
            tolerance: float = TOLERANCE) -> ExportCheck:
    """Run PyTorch and `run_exported` (float32 NCHW tensor -> logits as a tensor) on `batch` as a
    whole and on its first input alone; the largest logit difference and the top-1 agreement."""
    reference, reference_alone = model(batch).float(), model(batch[:1]).float()
    exported = run_exported(batch).float()
    if exported.shape != reference.shape:
        return ExportCheck(len(batch), inputs, source, math.inf, 0, tolerance=tolerance)
    # Alone against PyTorch alone: a batch of one takes other kernels than a batch of eight, in
    # PyTorch too, and that difference (up to 1e-5 on a deep ResNet) is not the export's.
    alone = run_exported(batch[:1]).float()
    diff = max(float((exported - reference).abs().max()), float((alone - reference_alone).abs().max()))
    if not torch.isfinite(exported).all() or not torch.isfinite(alone).all():
        diff = math.inf
    same = int((exported.argmax(1) == reference.argmax(1)).sum())
    scale = float(reference.abs().max())
    return ExportCheck(len(batch), inputs, source, diff, same, scale, tolerance)
