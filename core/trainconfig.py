"""Every training option in one dataclass, shared by `train.py` and the GUI's training form.

Saved as `config.json` in the run folder and inside every model file, so a run can be resumed,
repeated or explained later. `validate()` catches bad combinations before any work starts.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from core.augment import AUGMENTATIONS, DEFAULT_AUGMENT
from core.preprocess import IMAGENET_MEAN, IMAGENET_STD, RESIZE_MODES
from core.registry import ARCHITECTURES

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
        """Raise ValueError naming every bad option (all of them, not just the first)."""
        problems = []
        if not self.data:
            problems.append("no dataset folder given")
        if self.model not in ARCHITECTURES:
            problems.append(f"unknown model {self.model!r}")
        if len(self.input_size) != 2 or min(self.input_size) < 16:
            problems.append(f"input size must be height,width of at least 16, got {self.input_size}")
        checks = [
            (self.resize_mode in RESIZE_MODES, f"resize mode must be one of {RESIZE_MODES}"),
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {OPTIMIZERS}"),
            (self.schedule in SCHEDULES, f"schedule must be one of {SCHEDULES}"),
            (self.monitor in MONITORS, f"monitor must be one of {MONITORS}"),
            (self.balance in BALANCING, f"balance must be one of {BALANCING}"),
            (self.cache in ("auto", "on", "off"), "cache must be auto, on or off"),
            (self.epochs >= 1, "epochs must be at least 1"),
            (self.batch_size >= 1, "batch size must be at least 1"),
            (self.lr > 0, "learning rate must be positive"),
            (0 <= self.val_ratio < 1 and 0 <= self.test_ratio < 1 and self.val_ratio + self.test_ratio < 1,
             "val and test ratios must be in [0, 1) and leave images to train on"),
            (self.weight_decay >= 0 and self.grad_clip >= 0, "weight decay and gradient clipping cannot be negative"),
            (0 <= self.label_smoothing < 1, "label smoothing must be in [0, 1)"),
            (0 <= self.warmup_epochs < self.epochs, "warm-up must be shorter than the run"),
            (0 <= self.freeze_epochs < self.epochs, "freeze epochs must be fewer than epochs"),
            (0 < self.backbone_lr_scale <= 1, "backbone lr scale must be in (0, 1]"),
            (self.early_stopping >= 0 and self.step_size >= 1 and 0 < self.gamma <= 1, "bad early stopping/step/gamma"),
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
