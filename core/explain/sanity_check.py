"""The cascading model-randomisation sanity check (Adebayo et al., 2018, "Sanity Checks for Saliency Maps").

A heatmap that explains a model must change when the model forgets what it learned. On a copy of
the model the weights are re-initialised from the top down: first the head, then the last blocks,
one more at each step; after each step the maps of the same images for the same classes (those the
original model predicted) are computed again and compared with the originals by Spearman rank
correlation. A method passes when randomising the head alone leaves the maps with less than
THRESHOLD of their ranking: the head holds what the model learned about the classes, so a map that
barely moves without it shows the image's structure (edges, contrast), not the model's reasons.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import torch
from scipy.stats import rankdata
from torch import nn

from core.explain.cam import CamExplainer
from core.models.registry import get_module

# Between the two groups the check separates: on trained models Grad-CAM keeps 0.06-0.21 of its
# ranking once the head is random, the methods that do not follow the weights keep 0.76-1.00 (issue 18's
# measurements). 0.5 lies in that gap and means "more than half of the ranking survived".
THRESHOLD = 0.5
MAX_STEPS = 5  # the head and four blocks below it: the trend shows, and it stays fast
LONGEST = 8  # more steps only to reach the block of the CAM layer itself


@dataclass
class SanityStep:
    randomised: str              # what is random at this step (cumulative), e.g. "head + layer4"
    similarities: list[float]    # per image: Spearman correlation of its map with the original

    @property
    def mean(self) -> float:
        return float(np.mean(self.similarities))

    @property
    def low(self) -> float:
        return float(np.min(self.similarities))

    @property
    def high(self) -> float:
        return float(np.max(self.similarities))


@dataclass
class SanityResult:
    method: str
    layer: str
    images: int
    steps: list[SanityStep] = field(default_factory=list)
    threshold: float = THRESHOLD

    @property
    def passes(self) -> bool:
        return self.steps[0].mean < self.threshold

    @property
    def verdict(self) -> str:
        return "passes" if self.passes else "fails"

    def sentence(self, method_label: str | None = None) -> str:
        """The verdict in plain words."""
        name, head = method_label or self.method, self.steps[0].mean
        if self.passes:
            return (f"{name} at {self.layer} passes: with the head's weights randomised its maps keep only "
                    f"{head:.2f} of their ranking (Spearman), so they depend on what the model learned.")
        return (f"{name} at {self.layer} fails: with the head's weights randomised its maps are still {head:.2f} "
                "alike (Spearman): they show the image's structure, not what the model learned.")

    def rows(self) -> list[dict]:
        """One row per step, for sanity_check.csv and the table."""
        return [{"step": i, "randomised": s.randomised, "mean": round(s.mean, 4), "min": round(s.low, 4),
                 "max": round(s.high, 4)} for i, s in enumerate(self.steps, 1)]


def cascade(model: nn.Module, head: str, steps: int = MAX_STEPS, layer: str | None = None) -> list[tuple[str, list[str]]]:
    """(label, module paths) per step, top down: the head, then the blocks below it one by one.

    With `layer`, the cascade goes on (up to LONGEST steps) until the block holding that layer is
    random too: randomising only what comes after the CAM layer cannot change its activations.

    Blocks are the model's top-level children that have parameters, in reverse order; a container
    of the head contributes its other layers first (MobileNet's classifier.0), and while there are
    too few blocks the last container is opened (MobileNet and VGG keep everything in `features`).
    """
    head_module = get_module(model, head)

    def parameterised(parent_path, module):
        prefix = parent_path + "." if parent_path else ""
        return [(prefix + name, child) for name, child in module.named_children()
                if any(True for _ in child.parameters())]

    blocks = []
    for path, child in parameterised("", model):
        if child is head_module:
            continue
        if any(m is head_module for m in child.modules()):
            blocks += [(p, c) for p, c in parameterised(path, child) if not any(m is head_module for m in c.modules())]
        else:
            blocks.append((path, child))
    while len(blocks) < steps - 1:
        openable = [i for i, (_, c) in enumerate(blocks) if len(parameterised("", c)) > 1]
        if not openable:
            break
        i = openable[-1]
        blocks[i:i + 1] = parameterised(*blocks[i])
    if layer is not None and steps > 1:
        target = get_module(model, layer)
        holding = [i for i, (_, c) in enumerate(blocks) if any(m is target for m in c.modules())]
        if holding:
            steps = max(steps, min(LONGEST, len(blocks) - holding[-1] + 1))
    result = [("head", [head])]
    for path, _ in reversed(blocks[-(steps - 1):] if steps > 1 else []):
        result.append((f"head to {path}", result[-1][1] + [path]))
    return result


def randomise(module: nn.Module, generator_seed: int) -> None:
    """Re-initialise every parameter of `module` as when built (reset_parameters), or N(0, 0.02)."""
    with torch.random.fork_rng(devices=[]), torch.no_grad():
        torch.manual_seed(generator_seed)
        for sub in module.modules():
            if hasattr(sub, "reset_parameters"):
                sub.reset_parameters()
            for param in sub.parameters(recurse=False):
                if not hasattr(sub, "reset_parameters"):
                    param.normal_(0.0, 0.02)


def spearman(original: np.ndarray, other: np.ndarray) -> float:
    """Rank correlation of two maps; a map that became flat keeps nothing of the ranking (0)."""
    a, b = rankdata(original.ravel()), rankdata(other.ravel())
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def run_sanity_check(model: nn.Module, head: str, layer: str, method: str, batch: torch.Tensor,
                     layout: str = "nchw", steps: int = MAX_STEPS, seed: int = 0, **smoothing) -> SanityResult:
    """Cascading randomisation of a deep copy of `model` (never the model itself) for one method and layer.
    `smoothing`: CamExplainer's eigen_smooth and aug_smooth, as the heatmaps being judged use them."""
    # Even the originals come from the copy: the caller's model may be running on another thread,
    # and its forward passes must never meet this check's hooks.
    copied = copy.deepcopy(model).eval()
    logits, original = CamExplainer(copied, layer, method, layout, **smoothing)(batch)
    targets = logits.argmax(dim=1).tolist()  # the trained model's classes, kept for every step
    result = SanityResult(method, layer, len(batch))
    for i, (label, paths) in enumerate(cascade(copied, head, steps, layer)):
        randomise(get_module(copied, paths[-1]), seed + i)
        _, maps = CamExplainer(copied, layer, method, layout, **smoothing)(batch, targets)
        result.steps.append(SanityStep(label, [spearman(o, m) for o, m in zip(original, maps)]))
    return result


def sample_paths(paths: list, count: int = 16) -> list:
    """`count` paths evenly spread over `paths` (in their order)."""
    if len(paths) <= count:
        return list(paths)
    return [paths[round(i * (len(paths) - 1) / (count - 1))] for i in range(count)] if count > 1 else [paths[0]]


def check_loaded(loaded, method: str, layer: str | None, paths: list, count: int = 16, **smoothing) -> SanityResult:
    """The check for a LoadedModel on up to `count` images of `paths` (evenly spread, unreadable ones
    left out) at the model's input size, on the device the model is on."""
    from core.data.decode import ImageReadError, load_rgb
    from core.models.registry import get_architecture

    arch = get_architecture(loaded.arch)
    images = []
    for path in sample_paths(list(paths), count):
        try:
            images.append(loaded.preprocess(load_rgb(path)))
        except ImageReadError:
            continue
    if not images:
        raise ValueError("no readable images to check the heatmaps on")
    device = next(loaded.model.parameters()).device
    batch = torch.stack(images).to(device)
    return run_sanity_check(loaded.model, arch.head, layer or loaded.cam_layer, method, batch, arch.layout,
                            **smoothing)
