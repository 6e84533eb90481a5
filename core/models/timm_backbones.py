"""timm backbones as GradLens architectures: `timm/<name>` built, described and given pretrained weights by timm.

timm (`import timm` takes seconds) is imported only when a timm model is built, described or
counted, never to list the curated ones: their facts are static rows in core/models/registry.py
(and CURATED_HUB_IDS below), which tests/core/models/test_timm_backbones.py checks against timm.
Any other timm name is described here on first use: its head from timm's pretrained_cfg, its
input size, its layout, and its CAM layer found by running the network once on the "meta" device.
"""
from __future__ import annotations

import contextlib
import difflib
import logging
import math
import re
from pathlib import Path

import torch
from torch import nn

from core.models.model_settings import TIMM_PREFIX
from core.models.weights_source import WeightsSource

log = logging.getLogger(__name__)

# timm's own conventions (timm/models/_hub.py): a Hugging Face repo holds model.safetensors unless
# the pretrained_cfg names another file (hf_hub_filename).
HF_URL = "https://huggingface.co/{repo}/resolve/{revision}/{filename}"
HF_SAFE_WEIGHTS_NAME = "model.safetensors"


def _timm():
    import timm  # seconds: only when a timm model is actually needed
    return timm


def model_name(name: str) -> str:
    """"timm/resnet18d" -> "resnet18d" (a pretrained tag such as ".a1_in1k" stays)."""
    return name[len(TIMM_PREFIX):] if name.startswith(TIMM_PREFIX) else name


def check_known(name: str) -> str:
    """timm's name for `name`, or ValueError in one line suggesting close names."""
    model = model_name(name)
    timm = _timm()
    arch, _, tag = model.partition(".")
    if timm.is_model(arch):
        if not tag or timm.get_pretrained_cfg(arch) is None:
            return model
        tags = [n.partition(".")[2] for n in timm.list_pretrained(f"{arch}.*")]
        if tag in tags:
            return model
        raise ValueError(f"timm has no pretrained tag {tag!r} for {arch}; its tags: {', '.join(tags[:8]) or 'none'}")
    family = f" (the family: python -c \"import timm; print(timm.list_models('{_pattern(arch)}'))\")" \
        if _timm().list_models(_pattern(arch)) else ""
    close = ", ".join(TIMM_PREFIX + n for n in close_names(arch))
    hint = f"close names: {close}{family}" if close else \
        "no name is close (all of them: python -c \"import timm; print(timm.list_models())\")"
    raise ValueError(f"unknown timm model {name!r}; {hint}")


def _pattern(arch: str) -> str:
    return re.split(r"[_\d]", arch)[0] + "*"  # "convnextv2_attto" -> "convnextv*"


def close_names(arch: str, count: int = 5) -> list[str]:
    timm = _timm()
    family = timm.list_models(_pattern(arch))
    close = difflib.get_close_matches(arch, family or timm.list_models(), n=count, cutoff=0.5)
    return close or family[:count]


def _pretrained_cfg(model: str):
    return _timm().get_pretrained_cfg(model)  # a tag (".a1_in1k") picks that weights' config


def describe(name: str) -> dict:
    """The registry's facts about a timm model: head, cam_layer, description, default_size, layout,
    meta_buildable.

    Builds the 1000-class model on the "meta" device (no memory, however large the model) and runs
    it once at its default input size to see which layers make maps of the image.
    """
    model = check_known(name)
    cfg = _pretrained_cfg(model)
    size = tuple(cfg.input_size[-2:]) if cfg and cfg.input_size else (224, 224)
    fixed = size if _fixed_size(cfg) else None
    try:
        network, meta = _create(model, 1000, fixed, device="meta"), True
        layout, cam_layer = find_cam_layer(network, size)
    except (NotImplementedError, RuntimeError, ValueError):  # an operation with no "meta" version: for real
        network, meta = _create(model, 1000, fixed), False
        layout, cam_layer = find_cam_layer(network, size)
    return {"head": _head(network, cfg), "cam_layer": cam_layer, "description": f"{model} (timm)",
            "default_size": int(size[0]), "layout": layout, "meta_buildable": meta}


def _fixed_size(cfg) -> bool:
    """Transformers whose position embedding is sized for one input say so in their pretrained_cfg."""
    return bool(cfg and getattr(cfg, "fixed_input_size", False))


def _head(network: nn.Module, cfg) -> str:
    """The classifier's dotted path: timm's pretrained_cfg "classifier" (the first of a DeiT's two heads)."""
    head = cfg.classifier if cfg else None
    if isinstance(head, (tuple, list)):
        head = head[0]
    if head and isinstance(_submodule(network, head), nn.Linear | nn.Conv2d):
        return head
    classifier = network.get_classifier()  # a cfg naming another layer than the model has
    return next(name for name, module in network.named_modules() if module is classifier)


def _submodule(network: nn.Module, path: str) -> nn.Module | None:
    try:
        return network.get_submodule(path)
    except AttributeError:
        return None


def build(name: str, num_classes: int, input_size=None, layout: str = "nchw") -> nn.Module:
    """A freshly initialised timm model with `num_classes` outputs (no download: pretrained=False).

    `input_size` (height, width) matters to transformers whose position embedding is made for one
    size (timm's fixed_input_size): they are created with img_size, as torchvision's ViT with image_size.
    """
    model = check_known(name)
    return _create(model, num_classes, _size_argument(model, input_size, layout))


def _size_argument(model: str, input_size, layout: str):
    if input_size is None or not _fixed_size(_pretrained_cfg(model)):
        return None
    height, width = input_size
    if layout == "tokens" and height != width:  # core/explain/cam.py reads tokens as a square grid of patches
        raise ValueError(f"timm/{model} needs a square input, got {height}×{width}")
    return int(height), int(width)


def _create(model: str, num_classes: int, input_size, device=None, **kwargs) -> nn.Module:
    size_kwargs = {}
    if input_size is not None:  # an int where square: a few older timm models take no (height, width)
        size_kwargs["img_size"] = input_size[0] if input_size[0] == input_size[1] else tuple(input_size)
    try:
        with torch.device(device) if device else contextlib.nullcontext():  # None: the caller's device
            network = _timm().create_model(model, num_classes=num_classes, **size_kwargs, **kwargs)
    except (AssertionError, RuntimeError, TypeError) as error:  # timm asserts on sizes it cannot take
        text = (str(error).strip().splitlines() or [type(error).__name__])[0]
        size = f" at {input_size[0]}×{input_size[1]}" if input_size else ""
        raise ValueError(f"timm cannot build {model}{size}: {text}") from error
    patch = getattr(getattr(network, "patch_embed", None), "patch_size", None)
    patch = (patch, patch) if isinstance(patch, int) else patch  # XCiT keeps an int
    if input_size is not None and patch and (input_size[0] % patch[0] or input_size[1] % patch[1]):
        raise ValueError(f"timm/{model} needs input sides that are multiples of {patch[0]}, "
                         f"got {input_size[0]}×{input_size[1]}")
    return network


def find_cam_layer(network: nn.Module, input_size: tuple[int, int]) -> tuple[str, str]:
    """(layout, CAM layer) found by running `network` once on a blank image of `input_size`.

    Transformers whose features are tokens: the last block's first norm, which still sees every
    patch (the final norm feeds only the class token to the head, so its CAM would be all zeros).
    CNNs: the last module to produce a map at the final resolution, before pooling (a stage, or a
    1×1 convolution after it such as EfficientViT's head.in_conv).
    """
    outputs = _outputs_in_order(network, input_size)
    features = outputs[-1][1]
    if features.dim() == 3:
        blocks = getattr(network, "blocks", None)
        if isinstance(blocks, nn.Sequential | nn.ModuleList) and len(blocks) and hasattr(blocks[-1], "norm1"):
            return "tokens", "blocks.-1.norm1"
        tokens = features.shape[1]
        deepest = [name for name, out in outputs[:-1] if out.dim() == 3 and out.shape[1] == tokens]
        if not deepest:
            raise ValueError(f"{type(network).__name__} has no layer whose tokens cover the image")
        return "tokens", deepest[-1]
    layout = "nhwc" if "NHWC" in str(getattr(network, "output_fmt", "NCHW")) else "nchw"
    grid = _grid(features, layout)
    deepest = [name for name, out in outputs[:-1] if out.dim() == 4 and _grid(out, layout) == grid]
    if not deepest:
        raise ValueError(f"{type(network).__name__} makes no map of the image to explain")
    return layout, deepest[-1]


def _grid(tensor: torch.Tensor, layout: str) -> tuple[int, int]:
    return tuple(tensor.shape[1:3]) if layout == "nhwc" else tuple(tensor.shape[2:4])


def _outputs_in_order(network: nn.Module, input_size) -> list[tuple[str, torch.Tensor]]:
    """(module name, output) in the order modules finish, for every module that computes something,
    then ("", the features before the head). On the network's own device: "meta" needs no memory."""
    finished, hooks = [], []

    def record(_module, _inputs, output, name):
        if isinstance(output, torch.Tensor):
            finished.append((name, output))
    for name, module in network.named_modules():
        if name and not isinstance(module, nn.Identity):  # an Identity's output is its input's
            hooks.append(module.register_forward_hook(lambda m, i, out, name=name: record(m, i, out, name)))
    training = network.training
    network.eval()  # batch norm cannot train on one image
    try:
        with torch.no_grad():
            blank = torch.zeros(1, 3, *input_size, device=next(network.parameters()).device)
            features = network.forward_features(blank)  # timm's split: features, then the head
            network.forward_head(features)
    finally:
        for hook in hooks:
            hook.remove()
        network.train(training)
    return finished + [("", features)]


# The Hugging Face repositories of the curated backbones' default weights (timm's pretrained_cfg
# hf_hub_id, checked by tests/core/models/test_timm_backbones.py): the model list asks for ten
# weights files and should not import timm to name them.
CURATED_HUB_IDS = {
    "convnextv2_atto": "timm/convnextv2_atto.fcmae_ft_in1k",
    "mobilenetv4_conv_small": "timm/mobilenetv4_conv_small.e2400_r224_in1k",
    "efficientvit_b0": "timm/efficientvit_b0.r224_in1k",
    "fastvit_t8": "timm/fastvit_t8.apple_in1k",
    "starnet_s1": "timm/starnet_s1.in1k",
    "resnet18d": "timm/resnet18d.ra2_in1k",
    "deit_tiny_patch16_224": "timm/deit_tiny_patch16_224.fb_in1k",
    "vit_tiny_patch16_224": "timm/vit_tiny_patch16_224.augreg_in21k_ft_in1k",
    "regnety_002": "timm/regnety_002.pycls_in1k",
    "ghostnet_100": "timm/ghostnet_100.in1k",
}


def weights_source(name: str) -> WeightsSource | None:
    """Where the pretrained weights of "timm/<model>" come from and are kept; None when timm has none.

    The Hugging Face file timm itself would fetch (its pretrained_cfg's hf_hub_id and
    hf_hub_filename, else model.safetensors), or the pretrained_cfg's url for the few models that
    only have one; kept under torch's hub folder, in checkpoints/timm/.
    """
    model = model_name(name)
    if model in CURATED_HUB_IDS:
        return _hub_source(CURATED_HUB_IDS[model], None)
    cfg = _pretrained_cfg(check_known(name))
    if cfg is None:
        return None
    if cfg.hf_hub_id:
        return _hub_source(cfg.hf_hub_id, cfg.hf_hub_filename)
    if cfg.url:
        return WeightsSource(cfg.url, _folder() / Path(cfg.url).name, kind="timm")
    return None


def _folder() -> Path:
    return Path(torch.hub.get_dir()) / "checkpoints" / "timm"


def _hub_source(hub_id: str, filename: str | None) -> WeightsSource:
    repo, _, revision = hub_id.partition("@")  # "org/name@revision", as timm's hf_split reads it
    filename = filename or HF_SAFE_WEIGHTS_NAME
    url = HF_URL.format(repo=repo, revision=revision or "main", filename=filename)
    return WeightsSource(url, _folder() / repo.replace("/", "--") / filename, kind="timm")


def create_pretrained(name: str, num_classes: int, input_size, path) -> nn.Module:
    """A timm model filled from the local weights file `path` by timm's own loading: its checkpoint
    filters (renamed keys, resized position embeddings) and its replacement of a head of another size."""
    model = check_known(name)
    if not Path(path).is_file():
        raise FileNotFoundError(f"weights file not found: {path}")
    from core.models.registry import get_architecture  # the registry builds its rows from this module
    size = _size_argument(model, input_size, get_architecture(name).layout)
    return _create(model, num_classes, size, pretrained=True, pretrained_cfg_overlay={"file": str(path)})


def timm_version() -> str:
    return _timm().__version__


def position_grid(state_dict: dict) -> int | None:
    """Input side of a timm ViT's weights: its position embedding's patch grid times the patch size."""
    pos, proj = state_dict.get("pos_embed"), state_dict.get("patch_embed.proj.weight")
    if pos is None or proj is None or pos.dim() != 3:
        return None
    return math.isqrt(pos.shape[1]) * int(proj.shape[-1])

