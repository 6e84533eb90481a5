"""Every training option in one dataclass, shared by `train.py` and the GUI's training form.

Saved as `config.json` in the run folder and inside every model file, so a run can be resumed,
repeated or explained later. `validate()` catches bad combinations before any work starts.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from core.data.augment import AUGMENTATIONS, DEFAULT_AUGMENT
from core.data.preprocess import IMAGENET_MEAN, IMAGENET_STD, RESIZE_MODES
from core.models.registry import ARCHITECTURES

OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("cosine", "step", "multistep", "onecycle", "none")
MONITORS = ("val_acc", "val_loss", "val_f1")
BALANCING = ("none", "loss", "sampler")


@dataclass
class TrainConfig:
    data: str = ""
    out: str = "runs"
    model: str = "resnet18"
    pretrained: str | None = None  # None, "torchvision" (local cache only) or a weights file
    cam_layer: str | None = None  # CAM target layer saved with the model; None = the architecture's default
    input_size: tuple[int, int] = (224, 224)  # (height, width)
    resize_mode: str = "stretch"
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD
    classes: list[str] | None = None  # train on these classes only
    val_ratio: float = 0.1  # used when the data has no val/ folder
    test_ratio: float = 0.1  # used when the data has no test/ folder
    epochs: int = 10
    batch_size: int = 32
    lr: float = 1e-3
    optimizer: str = "adamw"
    momentum: float = 0.9
    nesterov: bool = False
    weight_decay: float = 1e-4
    label_smoothing: float = 0.0
    grad_clip: float = 0.0  # max gradient norm; 0 = off
    schedule: str = "cosine"
    warmup_epochs: float = 0.0  # linear warm-up, in epochs (fractions allowed), then the schedule
    step_size: int = 10  # "step": decay every N epochs
    milestones: list[int] = field(default_factory=lambda: [30, 60])  # "multistep": decay at these epochs
    gamma: float = 0.1
    freeze_epochs: int = 0  # train only the head for N epochs, then everything
    backbone_lr_scale: float = 0.1  # backbone learning rate = lr × this, after a freeze stage
    early_stopping: int = 0  # stop after N epochs without improvement; 0 = off
    monitor: str = "val_acc"  # picks the best epoch and drives early stopping
    augment: list[str] = field(default_factory=lambda: list(DEFAULT_AUGMENT))
    balance: str = "none"  # class imbalance: weighted "loss" or a weighted "sampler"
    cache: str = "auto"  # keep decoded images in memory: auto (when they fit), on, off
    workers: int = -1  # data-loading processes; -1 = choose
    device: str = "auto"
    amp: bool = True  # mixed precision, CUDA only
    seed: int = 0
    tensorboard: bool = False

    def validate(self) -> None:
        """Raise ValueError naming every bad option (all of them, not just the first), one message
        per mistake: a bad epoch count is not also reported as a too-long warm-up."""
        problems = []
        if not self.data:
            problems.append("no dataset folder given")
        if self.model not in ARCHITECTURES:
            problems.append(f"unknown model {self.model!r}")
        blocker = file_in_the_way(self.out) if self.out else None
        if blocker is not None:
            problems.append(f"output folder {self.out}: {blocker} is a file, not a folder")
        if len(self.input_size) != 2 or min(self.input_size) < 16:
            problems.append(f"input size must be height,width of at least 16, got {self.input_size}")
        epochs_ok = _number(self.epochs) and self.epochs >= 1
        checks = [
            (self.resize_mode in RESIZE_MODES, f"resize mode must be one of {RESIZE_MODES}"),
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {OPTIMIZERS}"),
            (self.schedule in SCHEDULES, f"schedule must be one of {SCHEDULES}"),
            (self.monitor in MONITORS, f"monitor must be one of {MONITORS}"),
            (self.balance in BALANCING, f"balance must be one of {BALANCING}"),
            (self.cache in ("auto", "on", "off"), "cache must be auto, on or off"),
            (epochs_ok, f"epochs must be at least 1, got {self.epochs}"),
            (_number(self.batch_size) and self.batch_size >= 1, f"batch size must be at least 1, got {self.batch_size}"),
            (_number(self.lr) and self.lr > 0, f"learning rate must be a positive number, got {self.lr}"),
            (_number(self.momentum) and 0 <= self.momentum < 1, f"momentum must be in [0, 1), got {self.momentum}"),
            (_number(self.val_ratio) and _number(self.test_ratio) and 0 <= self.val_ratio < 1
             and 0 <= self.test_ratio < 1 and self.val_ratio + self.test_ratio < 1,
             f"val and test ratios must be in [0, 1) and leave images to train on, got {self.val_ratio} "
             f"and {self.test_ratio}"),
            (_number(self.weight_decay) and self.weight_decay >= 0,
             f"weight decay must be 0 or a positive number, got {self.weight_decay}"),
            (_number(self.grad_clip) and self.grad_clip >= 0,
             f"gradient clipping must be 0 (off) or a positive number, got {self.grad_clip}"),
            (_number(self.label_smoothing) and 0 <= self.label_smoothing < 1,
             f"label smoothing must be in [0, 1), got {self.label_smoothing}"),
            (_number(self.warmup_epochs) and self.warmup_epochs >= 0,
             f"warm-up epochs must be 0 or more, got {self.warmup_epochs}"),
            (not epochs_ok or not _number(self.warmup_epochs) or self.warmup_epochs < self.epochs,
             f"warm-up must be shorter than the run ({self.warmup_epochs} >= {self.epochs} epochs)"),
            (_number(self.freeze_epochs) and self.freeze_epochs >= 0,
             f"freeze epochs must be 0 or more, got {self.freeze_epochs}"),
            (not epochs_ok or not _number(self.freeze_epochs) or self.freeze_epochs < self.epochs,
             f"freeze epochs must be fewer than epochs ({self.freeze_epochs} >= {self.epochs})"),
            (_number(self.backbone_lr_scale) and 0 < self.backbone_lr_scale <= 1,
             f"backbone lr scale must be in (0, 1], got {self.backbone_lr_scale}"),
            (_number(self.early_stopping) and self.early_stopping >= 0,
             f"early stopping patience must be 0 (off) or more epochs, got {self.early_stopping}"),
            (_number(self.step_size) and self.step_size >= 1, f"step size must be at least 1 epoch, got {self.step_size}"),
            (all(_number(m) and m >= 1 for m in self.milestones),
             f"milestones must be epochs of at least 1, got {self.milestones}"),
            (_number(self.gamma) and 0 < self.gamma <= 1, f"gamma must be in (0, 1], got {self.gamma}"),
            (_number(self.workers) and self.workers >= -1,
             f"workers must be 0 or more (-1 = choose), got {self.workers}"),
            (_number(self.seed) and 0 <= self.seed < 2**32, f"seed must be in 0..{2**32 - 1}, got {self.seed}"),
            (len(self.mean) == 3 and all(_number(m) for m in self.mean), f"mean must be 3 numbers, got {self.mean}"),
            (len(self.std) == 3 and all(_number(s) and s > 0 for s in self.std),
             f"std must be 3 positive numbers, got {self.std}"),
        ]
        problems += [message for ok, message in checks if not ok]
        unknown = [name for name in self.augment if name not in AUGMENTATIONS]
        if unknown:
            problems.append(f"unknown augmentation(s) {', '.join(unknown)}; choose from {', '.join(AUGMENTATIONS)}")
        if self.model == "vit_b_16" and (self.input_size[0] != self.input_size[1] or self.input_size[0] % 16):
            problems.append("vit_b_16 needs a square input size that is a multiple of 16")
        if problems:
            raise ValueError("; ".join(problems))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["input_size"], data["mean"], data["std"] = list(self.input_size), list(self.mean), list(self.std)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("input_size", "mean", "std"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def _number(value) -> bool:
    """A real, finite number: nan and inf pass no range check by accident, and True is not 1."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def file_in_the_way(folder) -> Path | None:
    """The existing file (not a folder) at `folder` or above it, which would stop it being made."""
    path = Path(folder).absolute()
    for place in (path, *path.parents):
        if place.exists() or place.is_symlink():
            return None if place.is_dir() else place
    return None
