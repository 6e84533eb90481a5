"""Which layer gives the most faithful heatmaps: every candidate layer scored on a sample of images.

The layer decides more than the method (issue 18): a coarse map cannot point at a small object and a
very early one is no longer about the class. So each candidate layer (one per map size, as the Layer
menu offers them, never a 1×1 map) explains a sample of the user's own images with the current
method, and each map is scored by core.explain.faithfulness: blur the 20 % it highlights and see how
much of what the class can lose it loses, beyond blurring as many random pixels (the "share").

Candidates leave out the stem (see MIN_STRIDE). The ranking, in order:
1. The mean share over the images whose removal test is conclusive; a layer without any ranks last.
2. Layers within NEAR of the best mean share count as equally good (16 images do not tell 0.42 from
   0.40 apart); among those the finer map comes first, since it can say where more precisely.
3. Ties: the larger insertion AUC minus deletion AUC (both curves, not just the 20 % point).
The first row is the proposal.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from core.explain.cam import CamExplainer
from core.explain.cam_layers import LayerMap, layer_maps, menu_layers
from core.explain.faithfulness import score_maps
from core.models.registry import get_architecture

SAMPLE = 16  # images scored per layer, spread evenly over the folder
NEAR = 0.05  # mean shares this close to the best are within the noise of a 16-image sample
BATCH = 16  # images per CAM pass
VERDICTS = ("faithful", "weak", "unfaithful", "inconclusive")
# The stem (the first convolutions, 1-2 pixels per cell) is never proposed: its maps are edge maps of the
# image, which survive randomising the model's weights (Adebayo et al. 2018) yet "point at the object"
# on a plain background, so the removal test rewards them (HiResCAM and LayerCAM on the demo's first
# conv: share 0.74 and 0.59, while they explain what the image looks like, not why the model decided).
MIN_STRIDE = 4


@dataclass(frozen=True)
class LayerScore:
    """One candidate layer's scores over the sample; `error` says why it has none."""
    name: str
    size: tuple[int, int]
    share: float | None  # mean faithfulness share (0..1) over the conclusive images; None: none was
    drop_points: float | None  # mean extra probability lost (percentage points) vs as many random pixels
    deletion_auc: float | None  # mean, lower is better
    insertion_auc: float | None  # mean, higher is better
    verdicts: dict = field(default_factory=dict)  # verdict -> images
    seconds: float = 0.0
    error: str | None = None

    def label(self) -> str:
        return LayerMap(self.name, self.size).label()

    @property
    def margin(self) -> float:
        if self.insertion_auc is None or self.deletion_auc is None:
            return float("-inf")
        return self.insertion_auc - self.deletion_auc


@dataclass(frozen=True)
class LayerFinding:
    rows: list[LayerScore]  # ranked, best first
    proposal: str | None  # the best layer's name; None when no layer could be scored
    method: str
    images: int  # how many images were scored
    skipped: list = field(default_factory=list)  # the Layer menu's other layers, as (name, (h, w)): not scored
    near: float = NEAR  # shares this close to the best ranked as equal (the window says why the proposal won)


def sample_paths(paths: list, count: int = SAMPLE) -> list:
    """`count` paths spread evenly over `paths` (all of them when there are fewer)."""
    if len(paths) <= count:
        return list(paths)
    return [paths[int(i)] for i in np.linspace(0, len(paths) - 1, count).round()]


def load_sample(paths: list, preprocess, count: int = SAMPLE) -> torch.Tensor:
    """The preprocessed batch of up to `count` readable images spread over `paths`; unreadable
    files are skipped and replaced by others from the folder."""
    from core.data.decode import ImageReadError, load_rgb
    chosen = sample_paths(paths, count)
    spare = [p for p in paths if p not in set(chosen)]
    images = []
    for path in chosen + spare:
        if len(images) == count:
            break
        try:
            images.append(preprocess(load_rgb(path)))
        except (ImageReadError, OSError, ValueError):
            continue
    if not images:
        raise ValueError("none of the images in the folder can be read")
    return torch.stack(images)


def candidates(model: nn.Module, arch: str, input_size: tuple[int, int], preferred: str,
               default: str | None = None) -> list[LayerMap]:
    """The layers worth scoring: the Layer menu's (one per map size, deepest first; `default` names
    its size's entry as the window's menu does), without 1×1 maps and without the stem (maps finer
    than MIN_STRIDE pixels per cell)."""
    return menu_split(model, arch, input_size, preferred, default)[0]


def menu_split(model: nn.Module, arch: str, input_size: tuple[int, int], preferred: str,
               default: str | None = None) -> tuple[list[LayerMap], list[LayerMap]]:
    """The Layer menu's layers as (the `candidates`, the rest), from one pass over the model."""
    menu = menu_layers(layer_maps(model, arch, input_size, preferred), default or preferred)
    scored = [m for m in menu
              if m.size != (1, 1) and min(input_size[0] / m.size[0], input_size[1] / m.size[1]) >= MIN_STRIDE]
    return scored, [m for m in menu if m not in scored]


def find_best_layer(model: nn.Module, arch: str, batch: torch.Tensor, preferred: str, method: str = "gradcam",
                    default: str | None = None, layers: list[LayerMap] | None = None, eigen_smooth: bool = False,
                    aug_smooth: bool = False, device=None, should_stop=None, progress=None) -> LayerFinding:
    """Score the `method` maps of `batch` (each image's predicted class) at each layer (by default
    `candidates`, found on the copy) and rank them, on `device` (default: the model's).

    Works on its own copy of `model`: the caller's weights, hooks and mode stay as they are, and
    another thread may use the original meanwhile. `progress(done, total, name)` after each layer;
    `should_stop()` ends early with the layers scored so far."""
    model = copy.deepcopy(model).eval()
    for module in model.modules():  # a CAM hook of another thread's, copied mid-call, must not run here
        module._forward_hooks.clear()
    if device is not None:
        model = model.to(device)
    device = next(model.parameters()).device
    batch = batch.to(device)
    left_out = []
    if layers is None:
        layers, left_out = menu_split(model, arch, tuple(batch.shape[-2:]), preferred, default)
    layout = get_architecture(arch).layout if arch else "nchw"  # None: a plain CNN of one's own
    rows = []
    for done, layer in enumerate(layers):
        if should_stop is not None and should_stop():
            break
        rows.append(_score_layer(model, layout, batch, layer, method, eigen_smooth, aug_smooth))
        if progress is not None:
            progress(done + 1, len(layers), layer.name)
    ranked = rank(rows)
    return LayerFinding(ranked, ranked[0].name if ranked and ranked[0].share is not None else None,
                        method, len(batch), [(m.name, m.size) for m in left_out])


def _score_layer(model, layout, batch, layer: LayerMap, method, eigen_smooth, aug_smooth) -> LayerScore:
    started = time.perf_counter()
    try:
        explainer = CamExplainer(model, layer.name, method, layout, eigen_smooth=eigen_smooth, aug_smooth=aug_smooth)
        scores = []
        for start in range(0, len(batch), BATCH):
            chunk = batch[start:start + BATCH]
            logits, maps = explainer(chunk)
            targets = logits.argmax(dim=1).tolist()
            scores += score_maps(model, chunk, maps, targets)
    except Exception as error:  # this layer cannot be explained with this method: say why, go on
        model.zero_grad(set_to_none=True)
        return LayerScore(layer.name, layer.size, None, None, None, None, {}, time.perf_counter() - started,
                          f"{type(error).__name__}: {error}")
    shares = [s.share for s in scores if s.share is not None]
    conclusive = [s for s in scores if s.share is not None]
    return LayerScore(
        layer.name, layer.size,
        share=float(np.mean(shares)) if shares else None,
        drop_points=float(np.mean([100 * (s.after_random - s.after) for s in conclusive])) if conclusive else None,
        deletion_auc=float(np.mean([s.deletion_auc for s in scores])),
        insertion_auc=float(np.mean([s.insertion_auc for s in scores])),
        verdicts={v: sum(s.verdict == v for s in scores) for v in VERDICTS},
        seconds=time.perf_counter() - started)


def rank(rows: list[LayerScore]) -> list[LayerScore]:
    """Best first, by the module docstring's criterion."""
    scored = [r for r in rows if r.share is not None]
    best = max((r.share for r in scored), default=0.0)

    def key(row: LayerScore):
        if row.share is None:
            return (0, 0.0, 0, row.margin)
        near = row.share >= best - NEAR
        cells = row.size[0] * row.size[1]
        return (2, 0.0, cells, row.margin) if near else (1, row.share, 0, row.margin)
    return sorted(rows, key=key, reverse=True)
