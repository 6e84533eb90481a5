"""State dicts in other people's formats: unwrap them, clean their keys, load them into a model.

Users arrive with files from training scripts, Lightning, DataParallel and torch.compile. This
module turns all of those into a plain {name: tensor} dict and loads it, explaining anything it
had to drop.
"""
from __future__ import annotations

import logging
import math

import torch
from torch import nn

from core.models.model_settings import RESIZE_MODES
from core.models.registry import Architecture, head_keys
from core.plural import counted

log = logging.getLogger(__name__)

# Keys under which training scripts commonly nest the weights, most specific first.
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model_state", "model", "net", "network", "weights")
# Prefixes added by DataParallel/DistributedDataParallel, torch.compile and Lightning modules.
PREFIXES = ("module.", "_orig_mod.", "model.")
# Levels that DataParallel (module) and torch.compile (_orig_mod) insert wherever they wrap a
# submodule; no torchvision model names a layer so.
WRAPPER_LEVELS = ("module", "_orig_mod")
# ViT position embeddings, sized for one input: torchvision's and timm's names.
POSITION_EMBEDDINGS = ("encoder.pos_embedding", "pos_embed")
# Where training scripts keep their arguments next to the weights.
SETTINGS_HOLDERS = ("args", "config", "cfg", "hparams", "hyper_parameters", "pretrained_cfg", "meta", "preprocess")


class WeightsMismatch(ValueError):
    """The weights do not fit the model; the message says which layers and why."""


def is_state_dict(obj) -> bool:
    return isinstance(obj, dict) and bool(obj) and all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())


def unwrap(obj) -> tuple[dict, dict]:
    """Split a loaded file into (state dict, everything else that came with it).

    Accepts a bare state dict, or a dict holding one under a common key. Raises ValueError
    when there are no weights to be found.
    """
    if is_state_dict(obj):
        return clean_keys(obj), {}
    if isinstance(obj, nn.Module):
        return clean_keys(obj.state_dict()), {}
    if isinstance(obj, dict):
        for key in WRAPPER_KEYS:
            inner = obj.get(key)
            if isinstance(inner, nn.Module):
                inner = inner.state_dict()
            if is_state_dict(inner):
                extras = {k: v for k, v in obj.items() if k != key}
                return clean_keys(inner), extras
        found = ", ".join(map(str, list(obj)[:8])) or "nothing"
        raise ValueError(f"no model weights found in the file (top-level keys: {found})")
    raise ValueError(f"no model weights found in the file (it holds a {type(obj).__name__})")


def clean_keys(state_dict: dict) -> dict:
    """Strip wrapper prefixes that every key shares (possibly several, e.g. "module._orig_mod."),
    and the "module"/"_orig_mod" level of a DataParallel or compiled submodule ("features.module.0.weight")."""
    keys = [_without_wrapper_levels(k) for k in state_dict]
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if keys and all(k.startswith(prefix) for k in keys):
                keys = [k[len(prefix):] for k in keys]
                changed = True
    return dict(zip(keys, state_dict.values()))


def _without_wrapper_levels(key: str) -> str:
    parts = key.split(".")
    # The last part is the parameter's own name, never a wrapper level.
    kept = [p for p in parts[:-1] if p not in WRAPPER_LEVELS] + parts[-1:]
    return ".".join(kept)


def class_names_from(extras: dict) -> list[str] | None:
    """Class names saved next to the weights by common scripts, in index order, when present."""
    for key in ("class_names", "classes", "labels"):
        names = extras.get(key)
        if isinstance(names, (list, tuple)) and names and all(isinstance(n, str) for n in names):
            return list(names)
    mapping = extras.get("class_to_idx")
    if isinstance(mapping, dict) and mapping:
        return [name for name, _ in sorted(mapping.items(), key=lambda item: int(item[1]))]
    mapping = extras.get("idx_to_class")
    if isinstance(mapping, dict) and mapping:
        return [str(mapping[i]) for i in sorted(mapping, key=int)]
    return None


def settings_from(extras: dict) -> dict:
    """What a foreign file says about itself next to its weights (top level, or inside a saved
    args/config dict): arch, class_names, input_size, resize_mode, mean, std. Missing -> None."""
    places = [extras] + [extras[k] for k in SETTINGS_HOLDERS if isinstance(extras.get(k), dict)]

    def first(keys, accept):
        for place in places:
            for key in keys:
                value = accept(place.get(key))
                if value is not None:
                    return value
        return None
    return {"arch": first(("arch", "architecture", "model_name", "arch_name", "model"),
                          lambda v: v if isinstance(v, str) else None),
            "class_names": class_names_from(extras) or next(filter(None, map(class_names_from, places[1:])), None),
            "input_size": first(("input_size", "img_size", "image_size", "imgsz", "resolution"), size_from),
            "resize_mode": first(("resize_mode",), lambda v: v if v in RESIZE_MODES else None),
            "mean": first(("mean", "img_mean", "norm_mean"), _triple),
            "std": first(("std", "img_std", "norm_std"), _triple)}


def size_from(value) -> tuple[int, int] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value, value)
    if isinstance(value, (list, tuple)) and len(value) in (2, 3) and all(type(v) is int for v in value):
        height, width = value[-2:]  # (C, H, W) as timm writes it, or (H, W)
        return (height, width) if 8 <= min(height, width) and max(height, width) <= 4096 else None
    return None


def _triple(value):
    if isinstance(value, torch.Tensor):
        value = value.flatten().tolist()
    if not (isinstance(value, (list, tuple)) and len(value) == 3 and all(isinstance(v, (int, float)) for v in value)):
        return None
    values = tuple(float(v) for v in value)
    if not all(math.isfinite(v) for v in values):
        return None
    return tuple(v / 255 for v in values) if max(values) > 2 else values  # some scripts keep the 0..255 scale


def load_into(model: nn.Module, arch: Architecture, state_dict: dict, allow_new_head: bool = False) -> list[str]:
    """Copy `state_dict` into `model`; return human-readable notes about what was adapted.

    With `allow_new_head`, a classifier head of the wrong size (ImageNet's 1000 classes on a
    3-class model) is left out and stays freshly initialised. Anything else that does not fit
    raises WeightsMismatch.
    """
    target = model.state_dict()
    notes, loadable, wrong_shape = [], {}, []
    for key, value in state_dict.items():
        if key not in target:
            continue
        if value.shape == target[key].shape:
            loadable[key] = value
        elif key in POSITION_EMBEDDINGS and value.dim() == 3:
            loadable[key] = _resize_position_embedding(value, target[key].shape)
            notes.append(f"position embedding resized from {value.shape[1]} to {target[key].shape[1]} tokens")
        else:
            wrong_shape.append(key)
    heads = head_keys(arch)
    if wrong_shape and allow_new_head and set(wrong_shape) <= heads:
        old = state_dict[arch.head + ".weight"].shape[0]
        new = target[arch.head + ".weight"].shape[0]
        note = f"classifier head for {old} classes dropped; a new head for {new} classes starts from random weights"
        log.info(note)
        notes.append(note)
        wrong_shape = []
    if wrong_shape:
        details = "; ".join(f"{k}: file {tuple(state_dict[k].shape)}, model {tuple(target[k].shape)}"
                            for k in wrong_shape[:3])
        have = "has" if len(wrong_shape) == 1 else "have"
        raise WeightsMismatch(f"{counted(len(wrong_shape), 'layer')} {have} the wrong shape for {arch.name} ({details})")
    unexpected = [k for k in state_dict if k not in target]
    # GoogLeNet's auxiliary classifiers only exist during ImageNet training.
    unexpected = [k for k in unexpected if not k.startswith(("aux1.", "aux2."))]
    missing = [k for k in target if k not in loadable and k not in heads and not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} (e.g. {', '.join(missing[:3])})")
        if unexpected:
            parts.append(f"unexpected {len(unexpected)} (e.g. {', '.join(unexpected[:3])})")
        raise WeightsMismatch(f"the weights are not a {arch.name}: {'; '.join(parts)} parameter names")
    head_missing = [k for k in heads if k not in loadable]
    if head_missing and not allow_new_head:
        raise WeightsMismatch(f"the weights have no classifier head ({', '.join(sorted(head_missing))})")
    model.load_state_dict(loadable, strict=False)
    return notes


def _resize_position_embedding(pos: torch.Tensor, shape: torch.Size) -> torch.Tensor:
    """Interpolate a ViT position embedding to another grid (prefix tokens kept as they are).

    The prefix (class token, DeiT's distillation token; none where timm embeds no prefix) is what
    is left over once the largest square grid is taken, as core/explain/cam.py reads tokens.
    """
    old, new = math.isqrt(pos.shape[1]), math.isqrt(shape[1])
    prefix = pos.shape[1] - old * old
    cls_token, grid = pos[:, :prefix], pos[:, prefix:]
    grid = grid.reshape(1, old, old, -1).permute(0, 3, 1, 2)
    grid = nn.functional.interpolate(grid, size=(new, new), mode="bicubic", align_corners=False)
    grid = grid.permute(0, 2, 3, 1).reshape(1, new * new, -1)
    return torch.cat([cls_token, grid], dim=1)
