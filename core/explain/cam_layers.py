"""Which layer to explain with: the map each candidate layer gives at the model's input size.

A class activation map is only as fine as its layer's activations: resnet18's layer4 at 32 px is
1×1, a flat colour whatever the image, and at 96 px it is 3×3, where the peak lands on the object
far less often than layer3's 6×6 does. The default is the deepest layer whose map has at least
MIN_SIDE cells each way, and every layer is shown with its map size so the choice is visible.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from core.explain.cam import token_grid
from core.models.registry import get_architecture, get_module

# Cells per side below which a map is too coarse to say where in the image ("about 7×7"): at 96 px
# resnet18's layer3 (6×6) found the object 68 % of the time, layer4 (3×3) 13 % (issue 18's study).
MIN_SIDE = 6
# Layers that hand on their input unchanged at inference (timm's EfficientViT stem starts with a Dropout,
# whose "map" would be the image itself).
PASS_THROUGH = (nn.Identity, nn.Dropout)


@dataclass(frozen=True)
class LayerMap:
    name: str
    size: tuple[int, int]  # map height, width at the model's input size

    def label(self) -> str:
        return f"{self.name} · {self.size[0]}×{self.size[1]}"


def _spatial_size(output, layout: str, input_size: tuple[int, int]) -> tuple[int, int] | None:
    """(height, width) of a layer's output read as the CAM code reads it (core/explain/cam.py: to_nchw with
    the architecture's layout), or None when that reading is no map of the image: a Linear's
    output, or channels-last tensors inside a channels-first network (ConvNeXt's blocks)."""
    if isinstance(output, (tuple, list)):
        output = output[0] if output else None
    if not isinstance(output, torch.Tensor):
        return None
    if output.dim() == 4:
        size = (output.shape[1], output.shape[2]) if layout == "nhwc" else (output.shape[2], output.shape[3])
    elif output.dim() == 3 and layout == "tokens":
        side, prefix = token_grid(output.shape[1])
        if side == 0 or prefix > 2 * side:  # more extra tokens than a patch row plus one: not a grid
            return None
        size = (side, side)
    else:
        return None
    # A map of the image shrinks both sides by the same stride (give or take rounding).
    height, width = input_size
    return size if abs(size[0] * width - size[1] * height) <= max(height, width) else None


def layer_maps(model: nn.Module, arch: str, input_size: tuple[int, int], preferred: str) -> list[LayerMap]:
    """The layers a CAM can use, deepest first, each with its map size; `preferred` (the model
    file's layer) keeps its own name. One forward pass of a blank image, on the model's device."""
    layout = get_architecture(arch).layout
    names = [preferred] + [name for name, _ in model.named_modules() if name]
    modules, seen = {}, set()
    for name in names:
        try:
            module = get_module(model, name)
        except ValueError:
            continue
        if isinstance(module, PASS_THROUGH) and name != preferred:  # its map is its input's, under another name
            continue
        if id(module) not in seen:  # "features.-1" and "features.12" are one layer: keep the first name
            seen.add(id(module))
            modules[name] = module
    if layout == "tokens":  # a ViT's later norms feed only the class token: their maps are all zeros
        block_norm = get_architecture(arch).cam_layer.rsplit(".", 1)[-1]  # torchvision's "ln_1", timm's "norm1"
        modules = {name: module for name, module in modules.items()
                   if name == preferred or name.rsplit(".", 1)[-1] == block_norm}
    order, sizes, hooks = [], {}, []
    for name, module in modules.items():
        def record(_module, _inputs, output, name=name):
            if name not in sizes:
                order.append(name)
                sizes[name] = _spatial_size(output, layout, input_size)
        hooks.append(module.register_forward_hook(record))
    device = next(model.parameters()).device
    blank = torch.zeros(1, 3, *input_size, device=device)
    convolutions = [p for p in model.parameters() if p.dim() == 4]
    if convolutions and convolutions[0].is_contiguous(memory_format=torch.channels_last):
        blank = blank.contiguous(memory_format=torch.channels_last)  # as training feeds it
    training = model.training
    model.eval()  # batch norm must neither learn from nor fail on one blank image
    try:
        with torch.inference_mode():
            model(blank)
    finally:
        model.train(training)
        for hook in hooks:
            hook.remove()
    # 1×1 outputs inside a network (squeeze-and-excitation gates) are no maps; the preferred
    # layer stays even at 1×1, so the menu says why its heatmap is flat.
    return [LayerMap(name, sizes[name]) for name in reversed(order)
            if sizes[name] is not None and (sizes[name] != (1, 1) or name == preferred)]


def menu_layers(maps: list[LayerMap], preferred: str) -> list[LayerMap]:
    """One layer per map size, deepest first (the block's output: the name with fewest parts),
    plus `preferred`: what the Layer menu offers."""
    chosen = []
    for size in dict.fromkeys(m.size for m in maps):
        same = [m for m in maps if m.size == size]
        chosen.append(min(same, key=lambda m: m.name.count(".")))  # min keeps the deepest of equals
    for m in maps:
        if m.name == preferred and m not in chosen:  # it stands for its size in the menu
            chosen = [m if c.size == m.size else c for c in chosen]
    return chosen


def default_layer(maps: list[LayerMap], preferred: str) -> str | None:
    """`preferred` when its map is fine enough, else the deepest block with MIN_SIDE cells each
    way, else the layer with the finest map."""
    if not maps:
        return None
    offered = menu_layers(maps, preferred)
    fine = [m for m in offered if min(m.size) >= MIN_SIDE]
    if any(m.name == preferred for m in fine):
        return preferred
    if fine:
        return fine[0].name
    return max(offered, key=lambda m: min(m.size)).name


def check_layer(model: nn.Module, arch: str, input_size: tuple[int, int], preferred: str, name: str) -> None:
    """Raise ValueError, naming the layers that do give a map, when the layer `name` is not in the model or
    its output is no map of the image (a classifier's Linear "fc": pytorch-grad-cam then failed with
    "Invalid grads shape" and a traceback). One forward pass of a blank image."""
    maps = layer_maps(model, arch, input_size, preferred)
    offered = "; layers with a map: " + ", ".join(m.label() for m in menu_layers(maps, preferred))
    try:
        module = get_module(model, name)
    except ValueError as error:
        raise ValueError(f"{error}{offered}") from None
    if not any(get_module(model, m.name) is module for m in maps) and _map_size(model, arch, input_size, module) is None:
        raise ValueError(f"layer {name!r} gives no map of the image (its output has no height and width){offered}")


def _map_size(model: nn.Module, arch: str, input_size: tuple[int, int], module: nn.Module):
    """The size of `module`'s map at `input_size` (None: no map), from one forward pass of a blank image."""
    found = []
    hook = module.register_forward_hook(
        lambda _m, _i, output: found.append(_spatial_size(output, get_architecture(arch).layout, input_size)))
    training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            model(torch.zeros(1, 3, *input_size, device=next(model.parameters()).device))
    finally:
        model.train(training)
        hook.remove()
    return found[0] if found else None


def default_for(loaded, maps=None) -> str:
    """The layer a heatmap uses when none is asked for, chosen as the window's Layer menu chooses it
    (app/view_worker.py), so predict.py and the window explain a model at the same layer: the file's
    layer when a person chose it in training, else default_layer over the maps at the model's input size
    (a foreign file's architecture default, resnet18's layer4, is 1×1 at 32 px: a flat map). `maps`: the
    layer_maps already measured, if any."""
    if (loaded.config or {}).get("cam_layer"):
        return loaded.cam_layer
    if maps is None:
        maps = layer_maps(loaded.model, loaded.arch, loaded.preprocess.input_size, loaded.cam_layer)
    return default_layer(maps, loaded.cam_layer) or loaded.cam_layer
