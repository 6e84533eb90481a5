"""The training settings as the form holds them: keys, choices, defaults, and checking loaded values.

`ui/` imports neither torch nor `core`, so the defaults and choices below are copied from
core/training/trainconfig.py and core/data/augment.py; tests/app/test_train_form_mapping.py fails when they
drift apart. TrainConfig.validate() stays the authority on what makes a valid run.
"""
from __future__ import annotations

import re

AUGMENTATIONS = ("hflip", "vflip", "rotate", "crop", "color", "blur", "erase")  # core/data/augment.py, in its order
RESIZE_MODES = ("stretch", "letterbox", "center_crop")  # core/data/preprocess.py
OPTIMIZERS = ("sgd", "adam", "adamw")  # core/training/trainconfig.py
SCHEDULES = ("cosine", "step", "multistep", "onecycle", "none")
MONITORS = ("val_acc", "val_loss", "val_f1")
BALANCING = ("none", "loss", "sampler")
CACHING = ("auto", "on", "off")

# = dataclasses.asdict(TrainConfig()) from core/training/trainconfig.py (mean/std from core/data/preprocess.py).
DEFAULTS = {
    "data": "", "out": "runs", "model": "resnet18", "pretrained": None, "cam_layer": None,
    "input_size": (224, 224), "resize_mode": "stretch",
    "mean": (0.485, 0.456, 0.406), "std": (0.229, 0.224, 0.225),
    "classes": None, "val_ratio": 0.1, "test_ratio": 0.1, "epochs": 10, "batch_size": 32, "lr": 1e-3,
    "optimizer": "adamw", "momentum": 0.9, "nesterov": False, "weight_decay": 1e-4, "label_smoothing": 0.0,
    "grad_clip": 0.0, "schedule": "cosine", "warmup_epochs": 0.0, "step_size": 10, "milestones": [30, 60],
    "gamma": 0.1, "freeze_epochs": 0, "backbone_lr_scale": 0.1, "early_stopping": 0, "monitor": "val_acc",
    "augment": ["hflip", "crop"], "balance": "none", "cache": "auto", "workers": -1, "device": "auto",
    "amp": True, "seed": 0, "tensorboard": False,
}
KEYS = tuple(DEFAULTS)

_STRINGS = ("data", "out", "model", "device")
_CHOICES = {"resize_mode": RESIZE_MODES, "optimizer": OPTIMIZERS, "schedule": SCHEDULES, "monitor": MONITORS,
            "balance": BALANCING, "cache": CACHING}
_FLOATS = ("val_ratio", "test_ratio", "lr", "momentum", "weight_decay", "label_smoothing", "grad_clip",
           "warmup_epochs", "gamma", "backbone_lr_scale")
_INTS = ("epochs", "batch_size", "step_size", "freeze_epochs", "early_stopping", "workers", "seed")
_BOOLS = ("nesterov", "amp", "tensorboard")
FLOAT_TEXT = re.compile(r"\s*(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def short_float(value: float) -> str:
    """3.2e-3 style: two significant digits, no zero-padded exponent."""
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _number(value, whole: bool):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError
    if whole:
        if isinstance(value, float) and not value.is_integer():
            raise TypeError
        return int(value)
    return float(value)


def parse_names(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return [v.strip() for v in value if v.strip()]


def parse_ints(text: str) -> tuple[list[int], list[str]]:
    """"30, 60" -> ([30, 60], []); the second list holds the parts that are not whole numbers."""
    good, bad = [], []
    for part in (p.strip() for p in text.split(",")):
        if part:
            (good.append(int(part)) if re.fullmatch(r"[+-]?\d+", part) else bad.append(part))
    return good, bad


def coerce(key: str, value):
    """`value` for setting `key` in the type the form holds; TypeError or ValueError when it cannot be."""
    if key in _STRINGS:
        if not isinstance(value, str):
            raise TypeError
        return value
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise ValueError
        return value
    if key in ("pretrained", "cam_layer"):
        if value is not None and not isinstance(value, str):
            raise TypeError
        return value or None
    if key in _FLOATS:
        return _number(value, whole=False)
    if key in _INTS:
        return _number(value, whole=True)
    if key in _BOOLS:
        if not isinstance(value, bool):
            raise TypeError
        return value
    if key == "input_size":
        size = [value, value] if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(size, (list, tuple)) or len(size) != 2:
            raise TypeError
        return tuple(_number(v, whole=True) for v in size)
    if key in ("mean", "std"):
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            raise TypeError
        return tuple(_number(v, whole=False) for v in value)
    if key == "classes":
        return None if value is None else parse_names(value)
    if key == "milestones":
        if isinstance(value, str):
            value, bad = parse_ints(value)
            if bad:
                raise ValueError
        if not isinstance(value, (list, tuple)):
            raise TypeError
        return [_number(v, whole=True) for v in value]
    if key == "augment":
        names = [] if value is None else [n.lower() for n in parse_names(value) if n.lower() != "none"]
        if any(n not in AUGMENTATIONS for n in names):
            raise ValueError
        return names
    raise KeyError(key)
