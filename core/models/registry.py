"""The table of supported architectures: how to build each, where its head is, where to look with CAM.

One row per torchvision classifier, per network for small images (core/models/small_input_*.py) and
per curated timm backbone ("timm/<name>"); any other timm name gets its row from
core/models/timm_backbones.py on first use. Everything else in GradLens (model files, training, CAM,
the GUI's model list) asks this table instead of special-casing architecture names.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn
from torchvision.models import get_model

from core.models import small_input_resnet, small_input_torchvision, timm_backbones
from core.models.model_settings import ARCHITECTURE_NAMES, is_timm_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Architecture:
    name: str
    head: str  # dotted path of the final classifier layer (Linear, or Conv2d for squeezenet)
    cam_layer: str  # dotted path of the default CAM target layer; negative indices count from the end
    description: str
    default_size: int = 224  # the square input size its torchvision weights were trained at
    layout: str = "nchw"  # "nchw", "nhwc" (swin: channels last) or "tokens" (vit: prefix tokens + grid)
    meta_buildable: bool = True  # regnet computes its widths with real tensors, so it cannot build on "meta"
    # (parameters with a 1000-class head, of which in the head) when known without building: the
    # model list counts timm's curated backbones without importing timm (seconds)
    param_counts: tuple[int, int] | None = None


def _arch(name, head, cam_layer, description, **kw):
    return Architecture(name, head, cam_layer, description, **kw)


_ROWS = [
    _arch("resnet18", "fc", "layer4", "ResNet-18: small, fast, the usual first choice"),
    _arch("resnet34", "fc", "layer4", "ResNet-34: a deeper ResNet-18"),
    _arch("resnet50", "fc", "layer4", "ResNet-50: the standard mid-size baseline"),
    _arch("resnet101", "fc", "layer4", "ResNet-101: large, slower, more accurate"),
    _arch("wide_resnet50_2", "fc", "layer4", "Wide ResNet-50-2: ResNet-50 with twice the width"),
    _arch("resnext50_32x4d", "fc", "layer4", "ResNeXt-50 32x4d: grouped-convolution ResNet"),
    # The last ReLU before the final max-pool keeps twice the resolution of the pooled map.
    _arch("vgg11_bn", "classifier.6", "features.-2", "VGG-11 with batch norm: simple and large"),
    _arch("vgg16_bn", "classifier.6", "features.-2", "VGG-16 with batch norm: classic, heavy"),
    _arch("densenet121", "classifier", "features", "DenseNet-121: compact, densely connected"),
    _arch("mobilenet_v2", "classifier.1", "features.-1", "MobileNetV2: light, for laptops and phones"),
    _arch("mobilenet_v3_small", "classifier.3", "features.-1", "MobileNetV3-Small: the fastest here"),
    _arch("mobilenet_v3_large", "classifier.3", "features.-1", "MobileNetV3-Large: light and accurate"),
    _arch("efficientnet_b0", "classifier.1", "features.-1", "EfficientNet-B0: accurate for its size"),
    _arch("efficientnet_b1", "classifier.1", "features.-1", "EfficientNet-B1", default_size=240),
    _arch("efficientnet_b2", "classifier.1", "features.-1", "EfficientNet-B2", default_size=288),
    _arch("efficientnet_b3", "classifier.1", "features.-1", "EfficientNet-B3", default_size=300),
    _arch("efficientnet_v2_s", "classifier.1", "features.-1", "EfficientNetV2-S", default_size=384),
    _arch("convnext_tiny", "classifier.2", "features.-1", "ConvNeXt-Tiny: modern CNN, strong accuracy"),
    _arch("convnext_small", "classifier.2", "features.-1", "ConvNeXt-Small: a larger ConvNeXt"),
    _arch("regnet_y_400mf", "fc", "trunk_output", "RegNetY-400MF: efficient, small", meta_buildable=False),
    _arch("regnet_y_800mf", "fc", "trunk_output", "RegNetY-800MF: efficient, mid-size", meta_buildable=False),
    _arch("shufflenet_v2_x1_0", "fc", "conv5", "ShuffleNetV2 1.0x: very light"),
    _arch("squeezenet1_1", "classifier.1", "features", "SqueezeNet 1.1: tiny, fully convolutional"),
    _arch("googlenet", "fc", "inception5b", "GoogLeNet (Inception v1)"),
    _arch("mnasnet1_0", "classifier.1", "layers", "MNASNet 1.0: mobile, searched architecture"),
    _arch("alexnet", "classifier.6", "features.-2", "AlexNet: historic, for teaching"),
    # The final LayerNorm of a ViT feeds only the class token to the head, so its CAM is all
    # zeros; the input norm of the last block still carries every patch.
    _arch("vit_b_16", "heads.head", "encoder.layers.-1.ln_1", "ViT-B/16: vision transformer, square input",
          layout="tokens"),
    _arch("swin_t", "head", "norm", "Swin-T: windowed vision transformer", layout="nhwc"),
]

# For small images: a 28-px image keeps a 7×7 map in layer3, where torchvision's stems leave 1×1. Their
# default_size is what a model file that does not say is assumed to be fed. The compact family's
# layer3 is its last stage (7×7 at 28 px, 16×16 at 64 px). The ResNets state layer4 as resnet18 does:
# 4×4 at 28 px, so core/explain/cam_layers.py defaults to layer3 (7×7) there, and to layer4 (8×8) at 64 px.
_SMALL_ROWS = [
    _arch("small_resnet_s", "fc", "layer3", "Small ResNet S: for small images 16–96 px, the lightest",
          default_size=32),
    _arch("small_resnet_m", "fc", "layer3", "Small ResNet M: for small images 16–96 px, fast and accurate",
          default_size=32),
    _arch("small_resnet_l", "fc", "layer3", "Small ResNet L: for small images 16–96 px, deeper and wider",
          default_size=32),
    _arch("resnet18_small_input", "fc", "layer4",
          "ResNet-18 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-18's ImageNet weights",
          default_size=32),
    _arch("resnet34_small_input", "fc", "layer4",
          "ResNet-34 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-34's ImageNet weights",
          default_size=32),
    _arch("resnet50_small_input", "fc", "layer4",
          "ResNet-50 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-50's ImageNet weights",
          default_size=32),
]

# timm backbones: facts as core/models/timm_backbones.py describes them (tests/core/models/test_timm_backbones.py
# checks they still are), kept here so that listing them needs no timm.
_TIMM_ROWS = [
    _arch("timm/convnextv2_atto", "head.fc", "stages", "ConvNeXt-V2 Atto (timm): a tiny modern CNN",
          param_counts=(3708400, 321000)),
    _arch("timm/mobilenetv4_conv_small", "classifier", "blocks", "MobileNetV4-Conv-Small (timm): fast on any device",
          param_counts=(3774024, 1281000)),
    _arch("timm/efficientvit_b0", "head.classifier.4", "head.in_conv", "EfficientViT-B0 (timm): linear attention, light",
          param_counts=(3410008, 1281000)),
    _arch("timm/fastvit_t8", "head.fc", "final_conv", "FastViT-T8 (timm): hybrid CNN-transformer, fast",
          default_size=256, param_counts=(4026232, 769000)),
    _arch("timm/starnet_s1", "head", "norm", "StarNet-S1 (timm): star-operation CNN, tiny",
          param_counts=(2869168, 193000)),
    _arch("timm/resnet18d", "fc", "layer4", "ResNet-18-D (timm): ResNet-18 with a deep stem, better trained",
          param_counts=(11708744, 513000)),
    _arch("timm/deit_tiny_patch16_224", "head", "blocks.-1.norm1", "DeiT-Tiny (timm): a data-efficient ViT",
          layout="tokens", param_counts=(5717416, 193000)),
    _arch("timm/vit_tiny_patch16_224", "head", "blocks.-1.norm1", "ViT-Tiny/16 (timm): the smallest ViT",
          layout="tokens", param_counts=(5717416, 193000)),
    _arch("timm/regnety_002", "head.fc", "s4", "RegNetY-200MF (timm): very small RegNet",
          param_counts=(3162996, 369000)),
    _arch("timm/ghostnet_100", "classifier", "blocks", "GhostNet 1.0 (timm): cheap features for mobiles",
          param_counts=(5182508, 1281000)),
]

ARCHITECTURES: dict[str, Architecture] = {row.name: row for row in _ROWS + _SMALL_ROWS + _TIMM_ROWS}
assert tuple(ARCHITECTURES) == ARCHITECTURE_NAMES, "core/models/model_settings.py lists other architectures"


def get_architecture(name: str) -> Architecture:
    """The row of `name`: a listed one, or any "timm/<model>" timm knows (else ValueError in one line)."""
    try:
        return ARCHITECTURES[name]
    except KeyError:
        if is_timm_name(name):
            return _timm_row(name)
        raise ValueError(_unknown_architecture(name)) from None


def _unknown_architecture(name: str) -> str:
    """One line for a name that is no architecture. The 40-odd names do not fit in one line (a cut list
    once ended mid-name, before the timm form), so a few are named and train.py --help lists them all."""
    if f"timm/{name}" in ARCHITECTURES:
        return f"unknown architecture {name!r}: timm models are named timm/<name>, so --arch timm/{name}"
    shown = ", ".join(list(ARCHITECTURES)[:4])
    return (f"unknown architecture {name!r}: --arch NAME takes {shown} or {len(ARCHITECTURES) - 4} others "
            "(see train.py --help), or timm/<name> for any timm model")


def is_architecture(name) -> bool:
    """Whether `name` names an architecture (a listed one or any "timm/<model>"), without importing timm."""
    return name in ARCHITECTURE_NAMES


@lru_cache(maxsize=None)
def _timm_row(name: str) -> Architecture:
    return Architecture(name, **timm_backbones.describe(name))


def build_model(name: str, num_classes: int, input_size: tuple[int, int] | None = None) -> nn.Module:
    """A freshly initialised model with a head for `num_classes` outputs.

    `input_size` (height, width) only matters for ViT, whose position embedding is sized for one
    square input.
    """
    arch = get_architecture(name)
    if num_classes < 1:
        raise ValueError(f"a model needs at least one class, got {num_classes}")
    if is_timm_name(name):
        return timm_backbones.build(name, num_classes, input_size, arch.layout)
    if name in small_input_resnet.SPECS:
        return small_input_resnet.build(name, num_classes)
    if name in small_input_torchvision.BASES:
        return small_input_torchvision.build(name, num_classes)
    return get_model(name, weights=None, num_classes=num_classes, **_builder_kwargs(arch, input_size))


def _builder_kwargs(arch: Architecture, input_size) -> dict:
    if arch.name == "googlenet":
        # No auxiliary heads: they only exist for training tricks and change the output type.
        return {"aux_logits": False, "init_weights": True}
    if arch.layout == "tokens" and input_size is not None:
        height, width = input_size
        if height != width or height % 16:
            raise ValueError(f"{arch.name} needs a square input whose side is a multiple of 16, got {height}×{width}")
        return {"image_size": height}
    return {}


def get_module(model: nn.Module, path: str) -> nn.Module:
    """The submodule at a dotted path such as "layer4" or "features.-1" (negative = from the end)."""
    module = model
    for part in path.split("."):
        if part.lstrip("-").isdigit():
            try:
                module = module[int(part)]
            except (TypeError, IndexError):
                raise ValueError(f"layer {path!r} not found in {type(model).__name__}") from None
        elif hasattr(module, part) and isinstance(getattr(module, part), nn.Module):
            module = getattr(module, part)
        else:
            raise ValueError(f"layer {path!r} not found in {type(model).__name__}")
    return module


def layer_candidates(model: nn.Module, limit: int = 12) -> list[str]:
    """Names of layers that make sensible CAM targets, deepest first (for a "target layer" menu)."""
    names = [name for name, module in model.named_modules()
             if name and isinstance(module, (nn.Conv2d, nn.BatchNorm2d, nn.LayerNorm, nn.Sequential))]
    return names[::-1][:limit]


def head_classes(state_dict: dict, arch: Architecture) -> int | None:
    """How many classes the head in `state_dict` predicts, or None when it has no such head."""
    weight = state_dict.get(arch.head + ".weight")
    return int(weight.shape[0]) if weight is not None else None


def head_keys(arch: Architecture) -> set[str]:
    return {arch.head + ".weight", arch.head + ".bias"}


def parameter_count(name: str, num_classes: int = 1000) -> int:
    """Parameters of an architecture (with a 1000-class head), counted without building weights."""
    known = get_architecture(name).param_counts
    _, total, head_params = (None, *known) if known else _skeleton_facts(name)
    return total - head_params + head_params // 1000 * num_classes


def _skeleton(name: str) -> nn.Module:
    """An uninitialised model with 1000 classes, built on the meta device (no memory, no time)."""
    arch = get_architecture(name)
    if arch.meta_buildable:
        with torch.device("meta"):
            return build_model(name, 1000)
    # Real weights are initialised with parallel ops, and OpenMP keeps a helper team for every thread
    # that ran one until that thread ends; more teams than cores throttle everyone's spin-waiting
    # (torch work in another thread: 1.43 instead of 1.99 cores busy, benchmarks/thread_teams.py),
    # as the window's classification would be after its model list was made on a pool thread.
    # A thread of its own takes its team with it.
    return _on_a_passing_thread(build_model, name, 1000)


def _on_a_passing_thread(fn, *args):
    outcome = {}

    def run():
        try:
            outcome["value"] = fn(*args)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error
    thread = threading.Thread(target=run, name="skeleton")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@lru_cache(maxsize=None)
def _skeleton_facts(name: str) -> tuple[dict[str, tuple[int, ...]], int, int]:
    """(parameter and buffer shapes, parameters, head parameters) of the 1000-class skeleton.

    Only these facts are kept, not the skeleton: all architectures' skeletons were 110,000 live
    objects that every full garbage collection walked, on whichever thread, the GUI's included.
    """
    model = _skeleton(name)
    signature = {key: tuple(value.shape) for key, value in model.state_dict().items()
                 if not key.endswith("num_batches_tracked")}
    head = get_module(model, get_architecture(name).head)
    return (signature, sum(p.numel() for p in model.parameters()),
            sum(p.numel() for p in head.parameters()))


def _signature(name: str) -> dict[str, tuple[int, ...]]:
    """Parameter and buffer names with their shapes, for recognising a bare state dict."""
    return _skeleton_facts(name)[0]


def infer_architecture(state_dict: dict) -> tuple[str, int]:
    """(architecture, number of classes) of a state dict whose architecture nobody told us.

    Matches the keys and shapes of every torchvision row, ignoring the head's size and ViT's
    position embedding (it depends on the input size). Raises ValueError naming the candidates
    when zero or several rows match. timm backbones are not tried: their skeletons need timm
    imported (seconds) and a dozen builds on every foreign file; their files name them ("arch").
    """
    keys = {key: tuple(value.shape) for key, value in state_dict.items()
            if hasattr(value, "shape") and not key.endswith("num_batches_tracked")}
    matches, closest = [], []
    for name, arch in ARCHITECTURES.items():
        if is_timm_name(name):
            continue
        signature = _signature(name)
        loose = head_keys(arch) | {"encoder.pos_embedding"}
        if set(signature) != set(keys):
            closest.append((len(set(signature) ^ set(keys)), name))
            continue
        if all(signature[key] == shape for key, shape in keys.items() if key not in loose):
            matches.append(name)
        else:
            closest.append((sum(signature[k] != s for k, s in keys.items()), name))
    if len(matches) == 1:
        arch = ARCHITECTURES[matches[0]]
        return arch.name, head_classes(state_dict, arch)
    if matches:
        raise ValueError(f"the weights fit several architectures ({', '.join(matches)}); say which with --arch NAME")
    nearest = ", ".join(name for _, name in sorted(closest)[:3])
    raise ValueError("the weights match no supported architecture "
                     f"(nearest by parameter names: {nearest}): say which with --arch NAME (timm models as "
                     "timm/<name>, e.g. --arch timm/resnet18d), or check the file")
