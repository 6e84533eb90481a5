"""Every training option in one dataclass, shared by `train.py` and the GUI's training form.

Each field carries its `Option` (core/training/options.py): label, help, group, range, choices.
`train.py` makes its arguments from them and the form its fields, so an option is one edit here
(plus the engine code that uses it). `problems()` is the one check both run before any work
starts. Saved as `config.json` in the run folder and inside every model file, so a run can be
resumed, repeated or explained later. Torch-free: the form and the CLI import it before torch.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from core.data.augment_names import AUGMENTATIONS, DEFAULT_AUGMENT, DEFAULT_TRANSLATE
from core.models.model_settings import ARCHITECTURE_NAMES, IMAGENET_MEAN, IMAGENET_STD, RESIZE_MODES, TTA_MODES
from core.training.budget import parse_budget
from core.training.options import KINDS, Option, check, coerce, option
from core.training.progressive import resizable

OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("cosine", "step", "multistep", "onecycle", "none")
MONITORS = ("val_acc", "val_loss", "val_f1")
BALANCING = ("none", "loss", "sampler")
CACHING = ("auto", "on", "off")
TTA_TEXT = {"off": ("Off", "Classify each image as it is"),
            "flip": ("Flip", "Average the probabilities of the image and its mirror image"),
            "flip_shift": ("Flip and shift", "Average the image, its mirror image and four copies shifted by "
                                             "1/16 of the side: 6× the work")}


def several_processes() -> bool:
    """Started by torchrun with more than one process (the window always trains in one)."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def _sgd(v):
    return v["optimizer"] == "sgd"


@dataclass
class TrainConfig:
    # --- data
    data: str = option("", label="&Dataset:", group="data", widget="folder", noun="dataset folder",
                       help="Folder of images with one sub-folder per class; its train/ val/ test/ sub-folders are "
                            "used when present. You can also drop a folder onto this form.",
                       placeholder="Folder with one sub-folder per class",
                       cli_help="ImageFolder root; train/ val/ test/ sub-folders are used when present (required, "
                                "except with --resume: a run continues on its own data; give --data there only if "
                                "that folder moved)")
    val_ratio: float = option(0.1, label="Hold ou&t:", text="val ", group="data", low=0, below=1, percent=True,
                              decimals=1, step=0.05, noun="val and test ratios", rule="must be in [0, 1)",
                              help="Share of the images held out for validation when the dataset has no val/ folder")
    test_ratio: float = option(0.1, label="Test share", text="test ", group="data", low=0, below=1, percent=True,
                               decimals=1, step=0.05, beside="val_ratio", noun="val and test ratios",
                               rule="must be in [0, 1)",
                               help="Share of the images held out for the final test when the dataset has no "
                                    "test/ folder")
    seed: int = option(0, label="Seed:", group="data", low=0, high=2**32 - 1, rule=f"must be in 0..{2**32 - 1}",
                       help="Random seed for the split, the initial weights and the augmentations; the same seed "
                            "repeats a run")
    classes: list[str] | None = option(None, label="Classes:", group="data", placeholder="all classes",
                                       help="Train on these classes only, comma separated (folder names); "
                                            "empty = every class")
    input_size: tuple[int, int] = option((224, 224), label="&Input size:", group="data", low=16, high=4096,
                                         step=16, widget="size",
                                         help="Height and width in pixels the images are resized to",
                                         cli_help="N or HEIGHT,WIDTH in pixels")
    resize_mode: str = option("stretch", label="&Resize:", group="data", choices=RESIZE_MODES, noun="resize mode",
                              help="How images are brought to the input size (saved with the model and used "
                                   "everywhere it runs)",
                              choice_text={
                                  "stretch": ("Stretch", "Resize to the input size; may distort shapes"),
                                  "letterbox": ("Letterbox",
                                                "Fit inside and pad the rest: keeps the aspect ratio, nothing cut off"),
                                  "center_crop": ("Centre crop", "Fill the input size and cut off the overhang: "
                                                                 "keeps the aspect ratio")})
    augment: list[str] = option(factory=lambda: list(DEFAULT_AUGMENT), label="Augment:", group="data",
                                choices=AUGMENTATIONS, noun="augmentation(s)",
                                help="Random changes to the training images, applied every epoch; 'none' for none",
                                choice_text={
                                    "hflip": ("Horizontal flip", "Mirror left-right at random (hflip). Off for text, "
                                                                 "digits or anything with a handedness"),
                                    "vflip": ("Vertical flip", "Flip upside down at random (vflip). For images "
                                                               "without an up, such as microscopy or aerial"),
                                    "rotate": ("Rotate", "Rotate by a small random angle (rotate)"),
                                    "crop": ("Crop", "Random crop, resized back to the input size (crop): teaches "
                                                     "the model to ignore position"),
                                    "color": ("Colour", "Random brightness, contrast and saturation (color)"),
                                    "blur": ("Blur", "Gaussian blur now and then (blur)"),
                                    "erase": ("Erase", "Hide a random rectangle (erase): the model must use more "
                                                       "than one detail"),
                                    "translate": ("Translate", "Shift by a random amount, the edge filled by "
                                                               "reflection (translate)"),
                                    "trivialaugment": ("TrivialAugment",
                                                       "One random operation of 14 (rotate, shear, colour, "
                                                       "contrast, posterize …) at a random strength per image "
                                                       "(trivialaugment); slower to load"),
                                    "randaugment": ("RandAugment", "Two random operations of 14 at strength 9 per "
                                                                   "image (randaugment); slower to load")})
    translate: float = option(DEFAULT_TRANSLATE, label="Translate by up to:", group="data", above=0, high=0.5,
                              percent=True, decimals=1, step=0.025, rule="must be in (0, 0.5]",
                              applies=lambda v: "translate" in v["augment"],
                              help="Translate augmentation: the largest shift, as a share of the width and height; "
                                   "the default, an eighth, is 4 pixels of 32")
    progressive_resize: float = option(1.0, label="Progressive resizing:", text="start at ", group="data", low=0.25,
                                       high=1, percent=True,
                                       decimals=0, step=0.05, noun="progressive resizing start size",
                                       rule="must be in [0.25, 1] (1 = off)",
                                       help="Progressive resizing: the first half of the epochs trains on images "
                                            "scaled to this share of the input size, which is faster (at 75 % an "
                                            "epoch costs about half), growing to the full size for the last fifth; "
                                            "validation and testing are at full size; 100 % = off",
                                       cli_help="progressive resizing: the first half of the epochs trains on images "
                                                "scaled to this share of the input size (0.75: an epoch costs about "
                                                "half), growing to the full size for the last fifth; 1 = off "
                                                "(--budget plans 0.6 for inputs up to 48 px, 0.75 above)")
    mixup: float = option(0.0, label="Mix images:", text="MixUp α ", group="data", low=0, high=10, special="no MixUp",
                          step=0.1, noun="MixUp α", rule="must be in [0, 10] (0 = off)",
                          help="MixUp: train on blends of two images, the targets blended alike; α of the "
                               "Beta(α, α) share, 0.2 is typical; 0 = off")
    cutmix: float = option(0.0, label="CutMix α", text="CutMix α ", group="data", low=0, high=10, special="no CutMix",
                           step=0.1, beside="mixup", noun="CutMix α", rule="must be in [0, 10] (0 = off)",
                           help="CutMix: paste a rectangle of another image, the targets mixed by its area; 1.0 is "
                                "typical; 0 = off. With MixUp too, each batch gets one of the two")
    balance: str = option("none", label="Class &balance:", group="data", choices=BALANCING, noun="balance",
                          help="Counter class imbalance (classes with very different image counts)",
                          choice_text={"none": ("None", "Every image counts the same"),
                                       "loss": ("Weighted loss", "Rare classes weigh more in the loss"),
                                       "sampler": ("Weighted sampler",
                                                   "Rare classes are drawn more often, so batches are balanced")})
    cache: str = option("auto", label="&Cache:", group="data", choices=CACHING,
                        help="Keep decoded images in memory: faster epochs, more memory",
                        choice_text={"auto": ("Auto", "Keep decoded images in memory when they fit"),
                                     "on": ("On", "Always keep decoded images in memory"),
                                     "off": ("Off", "Decode every image every epoch")})
    workers: int = option(-1, label="&Workers:", group="data", low=-1, special="auto",
                          rule="must be 0 or more (-1 = choose)",
                          help="Processes that load images in the background; auto (-1) chooses from the CPU count")
    # --- model
    model: str = option("resnet18", label="&Architecture:", group="model", choices=ARCHITECTURE_NAMES,
                        widget="architecture", noun="model",
                       help="Network architecture: a torchvision name, or timm/<name> for a timm backbone")
    pretrained: str | None = option(None, label="&Pretrained:", group="model", widget="weights",
                                    help="Weights to start from: pretrained weights learn faster from fewer images",
                                    cli_help="'torchvision' (the architecture's ImageNet weights, downloaded into "
                                             "the torch cache when missing; see --weights-mirror) or a weights file")
    cam_layer: str | None = option(None, label="CA&M layer:", group="model", noun="CAM layer",
                                   help="Layer whose activations make the Grad-CAM heatmaps, saved with the model, "
                                        "e.g. layer3; empty = the architecture's usual layer, or the deepest with at "
                                        "least 6×6 cells at this input size when that one's map is coarser")
    freeze_epochs: int = option(0, label="Freeze epochs:", group="model", low=0, special="off",
                                rule="must be 0 or more",
                                help="Train only the new classifier head for this many epochs first, then the "
                                     "whole network",
                                cli_help="train only the new classifier head for this many epochs first, then the "
                                         "whole network (default: 0; with --pretrained torchvision a fifth of the "
                                         "epochs, at least 1)")
    backbone_lr_scale: float = option(0.1, label="Backbone LR scale:", group="model", above=0, high=1, decimals=3,
                                      rule="must be in (0, 1]",
                                      step=0.05, applies=lambda v: v["freeze_epochs"] > 0,
                                      help="After the freeze stage the backbone learns at the learning rate × this "
                                           "(only with freeze epochs)")
    # --- optimisation
    budget: str = option("", label="Time budget:", group="optimisation", placeholder="off — e.g. 15min or 1h",
                         help="Finish within this time: the architecture, epochs, batch size and optimiser you "
                              "left at their defaults are chosen from this computer's measured speed "
                              "(e.g. 15min, 90s, 1h30m); empty = off",
                         cli_help="finish within this time, e.g. 15min, 90s or 1h30m: the architecture, epochs, "
                                  "batch size and optimiser left at their defaults are planned from this "
                                  "machine's measured speed (the plan is printed and saved in config.json)")
    epochs: int = option(10, label="&Epochs:", group="optimisation", low=1,
                         help="Passes over the training images")
    batch_size: int = option(32, label="Batch si&ze:", group="optimisation", low=1,
                             help="Images per step; lower it when memory runs out")
    lr: float = option(1e-3, label="&Learning rate:", group="optimisation", above=0, exact=True, noun="learning rate",
                       rule="must be a positive number",
                       help="Learning rate: 1e-3 notation is fine")
    optimizer: str = option("adamw", label="&Optimizer:", group="optimisation", choices=OPTIMIZERS,
                            help="How the weights are updated from the gradients",
                            choice_text={"sgd": ("SGD", "Stochastic gradient descent with momentum"),
                                         "adam": ("Adam", "Adam: adaptive steps per weight"),
                                         "adamw": ("AdamW", "Adam with decoupled weight decay; a safe default")})
    momentum: float = option(0.9, label="Momentum:", group="optimisation", low=0, below=1, decimals=3, step=0.05,
                             rule="must be in [0, 1)", applies=_sgd, help="SGD momentum (SGD only)")
    nesterov: bool = option(False, label="Nesterov", text="Nesterov", group="optimisation", beside="momentum",
                            applies=_sgd, help="Nesterov momentum (SGD only)")
    weight_decay: float = option(1e-4, label="Wei&ght decay:", group="optimisation", low=0, exact=True,
                                 rule="must be 0 or a positive number",
                                 help="L2 penalty that keeps weights small (1e-4 notation is fine; 0 = off)")
    label_smoothing: float = option(0.0, label="Label smoothing:", group="optimisation", low=0, below=1, decimals=3,
                                    step=0.05, rule="must be in [0, 1)",
                                    help="Soften the one-hot targets by this much; 0.1 often helps with noisy labels")
    ema: float = option(0.0, label="Weight average:", group="optimisation", low=0, below=1, special="off",
                        decimals=4, step=0.001, noun="EMA decay", rule="must be in [0, 1) (0 = off)",
                        help="Keep an exponential moving average (EMA) of the weights with this decay, e.g. "
                             "0.999 (about the last 1000 steps), and validate, pick best.pt and test with it; "
                             "off = 0")
    grad_clip: float = option(0.0, label="Gradient clip:", group="optimisation", low=0, special="off",
                              noun="gradient clipping", rule="must be 0 (off) or a positive number",
                              step=0.5, help="Largest allowed gradient norm; 0 = no clipping")
    schedule: str = option("cosine", label="Sc&hedule:", group="optimisation", choices=SCHEDULES,
                           help="How the learning rate changes during the run",
                           choice_text={"cosine": ("Cosine", "Lower the rate smoothly to the minimum"),
                                        "step": ("Step", "Multiply the rate by gamma every N epochs"),
                                        "multistep": ("Multi-step", "Multiply the rate by gamma at the given epochs"),
                                        "onecycle": ("One-cycle", "Rise to the rate, then anneal to the minimum"),
                                        "none": ("Constant", "Keep the rate constant")})
    cycle_momentum: bool = option(True, label="Cycle momentum", text="Cycle momentum", group="optimisation",
                                  beside="schedule", applies=lambda v: v["schedule"] == "onecycle",
                                  help="One-cycle: the momentum (SGD) or Adam's β1 falls from 0.95 to 0.85 while "
                                       "the rate rises and climbs back while it falls, as torch's OneCycleLR does")
    step_size: int = option(10, label="Step size:", group="optimisation", low=1, rule="must be at least 1 epoch",
                            applies=lambda v: v["schedule"] == "step",
                            help="Step schedule: decay every this many epochs")
    milestones: list[int] = option(factory=lambda: [30, 60], label="Milestones:", group="optimisation", low=1,
                                   rule="must be epochs of at least 1", placeholder="30,60",
                                   applies=lambda v: v["schedule"] == "multistep",
                                   help="Multi-step schedule: epochs at which the rate is multiplied by gamma, "
                                        "comma separated")
    gamma: float = option(0.1, label="Gamma:", group="optimisation", above=0, high=1, decimals=3, step=0.05,
                          rule="must be in (0, 1]",
                          applies=lambda v: v["schedule"] in ("step", "multistep"),
                          help="Step and multi-step schedules: the factor applied at each decay")
    warmup_epochs: float = option(0.0, label="Warm-up epochs:", group="optimisation", low=0, special="off",
                                  step=0.5, rule="must be 0 or more",
                                  help="Raise the rate linearly from zero over this many epochs (fractions "
                                       "allowed), then follow the schedule")
    min_lr: float = option(0.0, label="Minimum LR:", group="optimisation", low=0, exact=True,
                           noun="minimum learning rate", rule="must be 0 or a positive number",
                           applies=lambda v: v["schedule"] in ("cosine", "onecycle"),
                           help="Cosine and one-cycle schedules: the rate they end at instead of (almost) zero, "
                                "e.g. 1e-5; 0 = all the way down")
    early_stopping: int = option(0, label="Earl&y stopping:", group="optimisation", low=0, special="off",
                                 noun="early stopping patience", rule="must be 0 (off) or more epochs",
                                 help="Stop after this many epochs without improvement of the monitored metric; "
                                      "off = run every epoch")
    monitor: str = option("val_acc", label="Mo&nitor:", group="optimisation", choices=MONITORS,
                          help="The metric that picks the best epoch (best.pt) and drives early stopping",
                          choice_text={"val_acc": ("Validation accuracy", "Higher is better"),
                                       "val_loss": ("Validation loss", "Lower is better"),
                                       "val_f1": ("Validation macro F1", "Higher is better; fair to small classes")})
    # --- run
    device: str = option("auto", label="Device:", group="run", widget="device", help="Where the model trains",
                         choice_text={"auto": ("Automatic", "The first CUDA GPU when there is one, else the CPU")},
                         cli_help="auto, cpu, cuda or cuda:N")
    amp: bool = option(True, label="Mixed precision", text="Mixed precision", group="run", beside="device",
                       help="Compute in 16-bit floats where safe: faster on CUDA GPUs and on CPUs with bfloat16 in "
                            "hardware (Intel AMX or AVX-512 BF16); greyed out where it would be slower")
    sync_bn: bool = option(False, label="Batch norm:", text="Synchronise across processes", group="run",
                           applies=lambda v: several_processes() and v["device"] != "cpu",
                           help="Under torchrun with several CUDA GPUs (train.py --sync-bn): batch-norm layers "
                                "use the statistics of every process's images in a step, not of each one's share "
                                "(helps when each GPU holds few images). Not on CPUs. The window trains in one "
                                "process, where there is nothing to synchronise")
    tensorboard: bool = option(False, label="Logging:", text="TensorBoard log", group="run",
                               help="Also write a TensorBoard log into the run folder (when TensorBoard is "
                                    "installed)")
    tta: str = option("off", label="Test augmentation:", group="run", choices=TTA_MODES, noun="test-time augmentation",
                      help="How the final test evaluation classifies each image: as it is, or averaged over "
                           "mirrored (and shifted) copies; saved with the model, so predict.py does the same",
                      choice_text=TTA_TEXT)
    out: str = option("runs", label="O&utput folder:", group="run", widget="folder", noun="output folder",
                      help="Each run writes a new <timestamp>-<model> folder in here; nothing is overwritten")
    # --- kept with the model, not offered
    mean: tuple[float, float, float] = option(IMAGENET_MEAN, label="Mean", help="normalisation mean")
    std: tuple[float, float, float] = option(IMAGENET_STD, label="Std", above=0, help="normalisation standard "
                                                                                     "deviation")

    def problems(self) -> dict[str, str]:
        """{field: what is wrong with it}, every mistake once, for the CLI and the form alike.

        Environment checks that need the disk or the hardware (does the dataset folder exist, is
        there a cuda:1) are left to whoever knows it; a folder the output cannot be made in is not.
        """
        found = {}
        for key, setting in SETTINGS.items():
            message = check(setting.kind, setting.option, getattr(self, key))
            if message:
                found[key] = message

        def add(key: str, ok, message: str) -> None:
            if not ok and key not in found:
                found[key] = message

        def fine(*keys) -> bool:
            return not any(key in found for key in keys)

        add("data", self.data, "choose a dataset folder")
        add("out", self.out, "choose an output folder")
        blocker = file_in_the_way(self.out) if self.out and isinstance(self.out, str) else None
        add("out", blocker is None, f"output folder {self.out}: {blocker} is a file, not a folder")
        closed = unwritable_place(self.out) if self.out and isinstance(self.out, str) and fine("out") else None
        if closed is not None:
            place, read_only = closed
            add("out", False, f"output folder {self.out}: {place} is on a read-only disk" if read_only
                else f"output folder {self.out}: no permission to write in {place}")
        if fine("val_ratio", "test_ratio"):
            add("test_ratio", self.val_ratio + self.test_ratio < 1,
                f"val and test ratios must be in [0, 1) and leave images to train on, got {self.val_ratio} and "
                f"{self.test_ratio}")
        if fine("epochs", "warmup_epochs"):
            add("warmup_epochs", self.warmup_epochs < self.epochs,
                f"warm-up must be shorter than the run ({self.warmup_epochs:g} >= {self.epochs} epochs)")
        if fine("epochs", "freeze_epochs"):
            add("freeze_epochs", self.freeze_epochs < self.epochs,
                f"freeze epochs must be fewer than epochs ({self.freeze_epochs} >= {self.epochs})")
        if fine("min_lr", "lr"):
            add("min_lr", self.min_lr < self.lr, f"minimum learning rate must be below the learning rate "
                                                 f"({self.min_lr:g} >= {self.lr:g})")
        if fine("milestones", "schedule") and self.schedule == "multistep":
            add("milestones", self.milestones, "give the multi-step schedule at least one milestone")
        if fine("classes") and self.classes:
            repeated = sorted({c for c in self.classes if self.classes.count(c) > 1})
            add("classes", not repeated, f"classes named more than once: {', '.join(repeated)}")
        if fine("budget") and self.budget:
            try:
                parse_budget(self.budget)
            except ValueError as error:
                add("budget", False, str(error))
        if fine("model", "progressive_resize") and self.progressive_resize < 1:
            add("progressive_resize", resizable(self.model),
                f"progressive resizing needs a network that takes any input size; {self.model} is built for one")
        if fine("model", "input_size") and self.model == "vit_b_16":
            h, w = self.input_size
            add("input_size", h == w and not h % 16,
                "vit_b_16 needs a square input size that is a multiple of 16 (e.g. 224 × 224)")
        return found

    def validate(self) -> None:
        """Raise ValueError naming every bad option (all of them, not just the first)."""
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems.values()))

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


@dataclass(frozen=True)
class Setting:
    """One TrainConfig field as the CLI and the form see it."""
    key: str
    kind: str  # see options.KINDS
    option: Option
    default: object

    def coerce(self, value):
        return coerce(self.kind, self.option, value)


SETTINGS: dict[str, Setting] = {
    f.name: Setting(f.name, KINDS[f.type], f.metadata["option"], getattr(TrainConfig(), f.name))
    for f in fields(TrainConfig)}
DEFAULTS = {key: setting.default for key, setting in SETTINGS.items()}


def fine_tuning_freeze_epochs(epochs: int) -> int:
    """Epochs with the backbone frozen when a run starts from ImageNet weights and nobody said (train.py's
    config_from_args and the training form both apply it).

    Why: the new head starts random, and its first large gradients would scramble the pretrained
    features, so it trains alone first (fastai's fine_tune does one epoch), then the whole network
    at the learning rate × backbone_lr_scale. A fifth of the run, at least one epoch, never all of
    them (problems() wants fewer freeze epochs than epochs): 0 for 1 epoch, 1 for 2-7, 2 for 10.
    """
    return 0 if epochs < 2 else max(1, min(epochs - 1, round(epochs / 5)))


def unwritable_place(folder) -> tuple[Path, bool] | None:
    """(the existing folder at or above `folder` that a run cannot write in, whether its disk is read-only),
    or None when the run folder can be made there. Said before the run starts, not as an OSError after."""
    path = Path(folder).absolute()
    place = next((p for p in (path, *path.parents) if p.exists()), None)
    if place is None or not place.is_dir() or os.access(place, os.W_OK | os.X_OK):
        return None
    try:
        read_only = bool(os.statvfs(place).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): permissions are the likelier cause
        read_only = False
    return place, read_only


def file_in_the_way(folder) -> Path | None:
    """The existing file (not a folder) at `folder` or above it, which would stop it being made."""
    path = Path(folder).absolute()
    for place in (path, *path.parents):
        if place.exists() or place.is_symlink():
            return None if place.is_dir() else place
    return None
