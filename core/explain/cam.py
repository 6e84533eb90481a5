"""Class activation maps for a batch, by method name, with a fast path for the Grad-CAM family.

pytorch-grad-cam's recipe runs the whole network with autograd on and back-propagates through
all of it, though Grad-CAM needs the gradient only at the target layer. Here the network runs
without autograd up to that layer, the layer's output becomes a fresh leaf tensor, and autograd
records only the few layers from there to the logits. One forward pass gives both the
predictions and the map. The library's own classes still do the arithmetic (`get_cam_image`),
so every method means exactly what it means upstream. Methods that need more than one layer's
gradient (FullGrad, ShapleyCAM) or many forward passes (ScoreCAM, AblationCAM) go through the
library as is.
"""
from __future__ import annotations

import math
import types

import cv2
import numpy as np
import torch
from pytorch_grad_cam import (
    AblationCAM,
    EigenCAM,
    EigenGradCAM,
    FinerCAM,
    FullGrad,
    GradCAM,
    GradCAMElementWise,
    GradCAMPlusPlus,
    HiResCAM,
    LayerCAM,
    ScoreCAM,
    ShapleyCAM,
    XGradCAM,
    ablation_cam,
    score_cam,
)
from pytorch_grad_cam.ablation_layer import AblationLayerVit
from pytorch_grad_cam.utils.find_layers import replace_layer_recursive
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget, FinerWeightedTarget
from torch import nn

from core.explain import map_quality
from core.explain.cam_settings import CAM_METHOD_NAMES
from core.explain.cam_support import MethodUnsupported, unsupported_reason
from core.models.registry import get_module

# ScoreCAM and AblationCAM draw a tqdm bar per batch, which garbles predict.py's own bar and the
# GUI's log; iterate silently instead.
score_cam.tqdm = ablation_cam.tqdm = types.SimpleNamespace(tqdm=lambda iterable, *args, **kwargs: iterable)

# Methods whose map needs only the target layer's activations and gradients: the fast path.
FAST_METHODS = {
    "gradcam": GradCAM, "gradcam++": GradCAMPlusPlus, "xgradcam": XGradCAM, "hirescam": HiResCAM,
    "layercam": LayerCAM, "eigengradcam": EigenGradCAM, "eigencam": EigenCAM, "gradcamelementwise": GradCAMElementWise,
}
LIBRARY_METHODS = {
    "scorecam": ScoreCAM, "ablationcam": AblationCAM, "fullgrad": FullGrad, "shapleycam": ShapleyCAM,
    "finercam": FinerCAM,
}
CAM_METHODS = list(FAST_METHODS) + list(LIBRARY_METHODS)
assert tuple(CAM_METHODS) == CAM_METHOD_NAMES, "core/explain/cam_settings.py names the same methods, torch-free"
# EigenCAM shows the main component of the activations whatever the class: not class-discriminative.
CLASS_AGNOSTIC = {"eigencam"}


def to_nchw(tensor: torch.Tensor, layout: str) -> torch.Tensor:
    """Activations of transformers as (batch, channels, height, width), like a CNN's."""
    if tensor.dim() == 3:  # ViT tokens: (batch, tokens, channels), maybe with prefix tokens first
        side, prefix = token_grid(tensor.shape[1])
        tensor = tensor[:, prefix:]
        return tensor.reshape(tensor.shape[0], side, side, tensor.shape[2]).permute(0, 3, 1, 2)
    if layout == "nhwc":  # torchvision Swin keeps channels last
        return tensor.permute(0, 3, 1, 2)
    return tensor


def token_grid(tokens: int) -> tuple[int, int]:
    """(side of the square patch grid, prefix tokens) of a ViT's token sequence.

    Transformers put their extra tokens first: a class token (ViT), class and distillation tokens
    (DeiT), or those plus register tokens (EVA, ViT-reg). There are always fewer of them than a row
    of patches plus one, so the patches are the largest square that fits and the rest is prefix.
    """
    side = math.isqrt(tokens)
    return side, tokens - side * side


class CamExplainer:
    """Predictions and CAMs for batches of one model, one method, one target layer.

    Keeps no hooks between calls (each call adds and removes its own), so it can live as long
    as the model and be called thousands of times.
    """

    def __init__(self, model: nn.Module, layer: str, method: str = "gradcam", layout: str = "nchw",
                 eigen_smooth: bool = False, aug_smooth: bool = False):
        if method not in CAM_METHODS:
            raise ValueError(f"unknown CAM method {method!r}; choose one of: {', '.join(CAM_METHODS)}")
        reason = unsupported_reason(method, layout)
        if reason:
            raise MethodUnsupported(reason)
        self.model, self.method, self.layer_name, self.layout = model, method, layer, layout
        # pytorch-grad-cam's two smoothing options: the first principal component of the weighted
        # activations instead of their sum (less noise, may lose class detail), and the mean map over
        # six augmented copies (steadier, six times the work).
        self.eigen_smooth, self.aug_smooth = eigen_smooth, aug_smooth
        self.layer = get_module(model, layer)
        # For each map of the last call: None, or why it shows nothing (a key of map_quality.NOTES).
        self.last_quality: list[str | None] = []

    def reshape(self, tensor: torch.Tensor) -> torch.Tensor:
        return to_nchw(tensor, self.layout)

    def __call__(self, batch: torch.Tensor, targets=None) -> tuple[torch.Tensor, np.ndarray]:
        """(logits, maps): maps are float32 (batch, height, width) in [0, 1] at the batch's size.

        `targets`: None for each image's predicted class, an int for one class for all, or a
        list with one class index per image.
        """
        self.model.eval()
        logits, maps = self._explain(batch, targets)
        if not self.aug_smooth:
            return logits, maps
        # pytorch-grad-cam's aug_smooth: the mean map over a mirrored copy and brightness × 0.9, 1.1,
        # each map turned back to the original's orientation. The class stays the one explained in
        # the original, so a mirrored copy that the model reads differently cannot change the subject.
        quality, fixed = self.last_quality, logits.argmax(dim=1) if targets is None else targets
        smoothed = [maps]
        for mirrored in (False, True):
            for brightness in (0.9, 1.0, 1.1):
                if mirrored or brightness != 1.0:
                    augmented = batch * brightness
                    augmented = augmented.flip(-1) if mirrored else augmented
                    _, extra = self._explain(augmented, fixed)
                    smoothed.append(extra[..., ::-1] if mirrored else extra)
        self.last_quality = quality
        return logits, np.mean(smoothed, axis=0).astype(np.float32)

    def _explain(self, batch: torch.Tensor, targets) -> tuple[torch.Tensor, np.ndarray]:
        if self.method in FAST_METHODS:
            return self._fast(batch, targets)
        with torch.inference_mode():
            logits = self.model(batch)
        maps = self._library(batch, self._targets(logits, targets), logits)
        self.last_quality = map_quality.assess(maps)
        return logits, np.nan_to_num(maps, nan=0.0, posinf=0.0, neginf=0.0)

    def _targets(self, logits: torch.Tensor, targets) -> torch.Tensor:
        if targets is None:
            return logits.argmax(dim=1)
        if isinstance(targets, int):
            return torch.full((logits.shape[0],), targets, dtype=torch.long, device=logits.device)
        return torch.as_tensor(list(targets), dtype=torch.long, device=logits.device)

    def _fast(self, batch, targets):
        captured, passed_on = [], []

        def cut_graph_here(module, inputs, output):
            leaf = output.detach().requires_grad_(True)
            captured.append(leaf)
            torch.set_grad_enabled(True)  # record autograd from this layer on; restored by no_grad's exit
            passed_on.append(leaf.clone())  # the next layer may work in place (DenseNet's ReLU), which a leaf forbids
            return passed_on[0]

        handle = self.layer.register_forward_hook(cut_graph_here)
        try:
            with torch.no_grad():
                logits = self.model(batch)
                if not captured:
                    raise RuntimeError(f"the model never ran its target layer {self.layer_name!r}")
                activations = captured[0]
                target_index = self._targets(logits, targets)
                grads = None
                if self.method not in CLASS_AGNOSTIC:
                    with torch.enable_grad():
                        score = logits.gather(1, target_index[:, None]).sum()
                        grads = torch.autograd.grad(score, activations)[0]
        finally:
            handle.remove()
        # The maps weigh the activations as the rest of the network saw them: after any in-place
        # operation that follows the layer. DenseNet's `features` ends in a batch norm whose output
        # goes through an in-place ReLU before pooling, so the class score is linear in the rectified
        # maps; weighing the raw ones brings back the negatives the model discards (XGrad-CAM's sum of
        # activations nears zero, Eigen-CAM's main component follows them: r 0.05 and 0.12 against
        # pytorch-grad-cam, whose saved activations alias the ReLU's output). The gradient is taken
        # before the ReLU, as the library's tensor hook takes it, so the two agree exactly.
        activations = self.reshape(passed_on[0].detach()).float().cpu().numpy()
        grads = None if grads is None else self.reshape(grads).float().cpu().numpy()
        maps = _library_math(FAST_METHODS[self.method]).get_cam_image(
            batch, self.layer, [ClassifierOutputTarget(int(t)) for t in target_index], activations, grads,
            self.eigen_smooth)
        self.last_quality = map_quality.assess(maps)
        return logits.detach(), normalize_maps(maps, batch.shape[-2:])

    def _library(self, batch, target_index, logits):
        cls = LIBRARY_METHODS[self.method]
        # FullGrad uses every Conv2d/BatchNorm2d bias, never the target layer; those layers' outputs are
        # channels-first in every network, so the transformer reshape would only break them (Swin).
        layers, reshape = ([], None) if cls is FullGrad else ([self.layer], self.reshape)
        # The library's default AblationLayer zeroes dimension 1, the channels only when they come first;
        # AblationLayerVit moves the last dimension there and back, right for tokens and for Swin's NHWC.
        extra = {"ablation_layer": AblationLayerVit()} if cls is AblationCAM and self.layout != "nchw" else {}
        cam = cls(self.model, layers, reshape_transform=reshape, **extra)
        # An input that needs a gradient keeps the graph alive when the backbone is frozen.
        batch = batch.detach().clone().requires_grad_(True)
        try:
            if cls is FinerCAM:
                targets = [_finer_target(row, int(t)) for row, t in zip(logits, target_index)]
            else:
                targets = [ClassifierOutputTarget(int(t)) for t in target_index]
            maps = cam(batch, targets=targets, eigen_smooth=self.eigen_smooth)
        finally:
            (cam.base_cam if cls is FinerCAM else cam).activations_and_grads.release()
            self.model.zero_grad(set_to_none=True)
            if cls is AblationCAM:
                # The library swaps the target layer for its ablation layer and swaps it back only when
                # it finishes: after a failure every later prediction of this model would fail too.
                replace_layer_recursive(self.model, cam.ablation_layer, self.layer)
        # NaN where Ablation-CAM divides by a class score of 0 (an untrained ViT's zero-initialised
        # head); __call__ records it in last_quality, then draws such a map as an empty one.
        return np.asarray(maps, dtype=np.float32)


def normalize_maps(maps: np.ndarray, size) -> np.ndarray:
    """ReLU, scale each map to 0..1, resize to the input (height, width), as the library does.

    Unlike the library's scale_cam_image (which divides by max + 1e-7) this divides by the max
    itself, so a map built from tiny gradients keeps its shape instead of fading to black.
    """
    maps = np.maximum(np.nan_to_num(maps, nan=0.0, posinf=0.0, neginf=0.0), 0).astype(np.float32)
    maps -= maps.min(axis=(1, 2), keepdims=True)
    peak = maps.max(axis=(1, 2), keepdims=True)
    maps = np.divide(maps, peak, out=np.zeros_like(maps), where=peak > 0)
    height, width = int(size[0]), int(size[1])
    return np.stack([cv2.resize(m, (width, height), interpolation=cv2.INTER_LINEAR) for m in maps])


def _finer_target(logits: torch.Tensor, target: int, comparisons: int = 3) -> FinerWeightedTarget:
    """Finer-CAM contrasts the target with its most similar classes (closest logits)."""
    order = torch.argsort((logits - logits[target]).abs()).tolist()
    similar = [c for c in order if c != target][:comparisons]
    return FinerWeightedTarget(target, similar, alpha=1.0)


_MATH: dict[type, object] = {}


def _library_math(cls):
    """An instance of the library's class used only for its arithmetic: its hooks are removed
    at once, so it holds no reference into any model."""
    if cls not in _MATH:
        instance = cls(nn.Sequential(nn.Conv2d(1, 1, 1)), [], None)
        instance.activations_and_grads.release()
        instance.model = None
        _MATH[cls] = instance
    return _MATH[cls]
