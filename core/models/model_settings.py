"""What a model file may leave unsaid and the user can state: architecture, input size, resize
mode, mean/std and class names; and how its images are classified (test-time augmentation).

A file trained elsewhere usually holds only weights; guessing the rest silently misuses it (a
resnet18 trained at 64 px scores 20/40 when fed 224 px, 37/40 at 64 px). `predict.py`'s options
and the window's Model settings dialog both fill a `ModelSettings`; the loader uses what is given
and reports what it had to assume. Torch-free, so the CLI parses it before importing torch and
the dialog (which never reaches torch) can use it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from pathlib import Path

RESIZE_MODES = ("stretch", "letterbox", "center_crop")
TTA_MODES = ("off", "flip", "flip_shift")  # test-time augmentation, core/inference/tta.py
# The architectures core/models/registry.py builds, in its order (it asserts the two agree): torchvision's,
# those for small images, then the timm backbones the model list offers (any other timm name works too, see is_timm_name).
TORCHVISION_NAMES = (
    "resnet18", "resnet34", "resnet50", "resnet101", "wide_resnet50_2", "resnext50_32x4d", "vgg11_bn", "vgg16_bn",
    "densenet121", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "efficientnet_b1",
    "efficientnet_b2", "efficientnet_b3", "efficientnet_v2_s", "convnext_tiny", "convnext_small", "regnet_y_400mf",
    "regnet_y_800mf", "shufflenet_v2_x1_0", "squeezenet1_1", "googlenet", "mnasnet1_0", "alexnet", "vit_b_16",
    "swin_t")
# Networks for small images (16–96 px) that keep the resolution torchvision's stems divide by 4:
# core/models/small_input_resnet.py's compact family and core/models/small_input_torchvision.py's ResNets.
SMALL_INPUT_NAMES = (
    "small_resnet_s", "small_resnet_m", "small_resnet_l", "resnet18_small_input", "resnet34_small_input",
    "resnet50_small_input")
TIMM_PREFIX = "timm/"
TIMM_CURATED = (
    "convnextv2_atto", "mobilenetv4_conv_small", "efficientvit_b0", "fastvit_t8", "starnet_s1", "resnet18d",
    "deit_tiny_patch16_224", "vit_tiny_patch16_224", "regnety_002", "ghostnet_100")
# timm's model names and pretrained tags are lowercase words ("vit_tiny_patch16_224.augreg_in21k").
_TIMM_NAME = re.compile(r"timm/[a-z0-9_]+(\.[a-z0-9_]+)?")


def is_timm_name(name) -> bool:
    """Whether `name` has the shape of "timm/<model>"; whether timm knows the model is asked when it is built."""
    return isinstance(name, str) and _TIMM_NAME.fullmatch(name) is not None


class ArchitectureNames(tuple):
    """The listed architectures, in order; `in` also accepts any other "timm/<model>".

    train.py and the training form check a model name with `in` (core/training/options.py); timm
    has 1,300 models, too many to list and seconds to import, so this check stays torch-free and
    building the model says in one line when timm does not know the name.
    """

    def __contains__(self, name) -> bool:
        return tuple.__contains__(self, name) or is_timm_name(name)


ARCHITECTURE_NAMES = ArchitectureNames(TORCHVISION_NAMES + SMALL_INPUT_NAMES + tuple(TIMM_PREFIX + n for n in TIMM_CURATED))
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
MIN_SIDE = 16  # smaller inputs vanish inside every registry architecture's downsampling
MAX_SIDE = 4096

# The option that sets each field, named when the field had to be assumed.
OPTIONS = {"arch": "--arch", "input_size": "--input-size", "resize_mode": "--resize-mode",
           "mean": "--mean/--std", "std": "--mean/--std", "class_names": "--classes or --classes-file"}


class SettingsError(ValueError):
    """A setting the user typed that cannot be right; the message says which and why."""


@dataclass(frozen=True)
class ModelSettings:
    """Each field is None when the user did not state it."""
    arch: str | None = None
    input_size: tuple[int, int] | None = None  # (height, width)
    resize_mode: str | None = None
    mean: tuple[float, float, float] | None = None
    std: tuple[float, float, float] | None = None
    class_names: tuple[str, ...] | None = None
    tta: str | None = None  # test-time augmentation; None: as the model was tested in training (its config)

    def given(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def __bool__(self) -> bool:
        return bool(self.given())


def parse_size(text: str) -> tuple[int, int]:
    """"64" -> (64, 64); "64,96" or "64x96" -> (64, 96) as height, width."""
    parts = [p.strip() for p in str(text).lower().replace("x", ",").replace("×", ",").split(",")]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise SettingsError(f"input size must be N or HEIGHT,WIDTH in pixels, not {text!r}") from None
    if len(numbers) == 1:
        numbers *= 2
    if len(numbers) != 2:
        raise SettingsError(f"input size must be N or HEIGHT,WIDTH in pixels, not {text!r}")
    if not all(MIN_SIDE <= n <= MAX_SIDE for n in numbers):
        raise SettingsError(f"input size sides must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {text!r}")
    return numbers[0], numbers[1]


def parse_triple(text: str, name: str, positive: bool = False) -> tuple[float, float, float]:
    """"0.5,0.5,0.5" (one per RGB channel) or "0.5" for all three; values on the 0..1 pixel scale."""
    try:
        values = [float(p) for p in str(text).split(",") if p.strip()]
    except ValueError:
        raise SettingsError(f"{name} must be three numbers R,G,B (or one for all), not {text!r}") from None
    if len(values) == 1:
        values *= 3
    if len(values) != 3 or not all(math.isfinite(v) for v in values):
        raise SettingsError(f"{name} must be three numbers R,G,B (or one for all), not {text!r}")
    if positive and min(values) <= 0:
        raise SettingsError(f"{name} must be above 0 (it divides the pixel values), not {text!r}")
    if max(abs(v) for v in values) > 2:  # GradLens scales pixels to 0..1 before normalising
        scaled = ",".join(f"{v / 255:.4g}" for v in values)
        raise SettingsError(f"{name} must be on the 0..1 pixel scale: {text!r} looks like 0..255, i.e. {scaled}")
    return values[0], values[1], values[2]


def check_class_names(names, source: str) -> tuple[str, ...]:
    names = [str(n).strip() for n in names]
    names = [n for n in names if n]
    if not names:
        raise SettingsError(f"no class names in {source}")
    seen = set()
    for name in names:
        if name in seen:
            raise SettingsError(f"class name {name!r} appears twice in {source}; each class needs its own name")
        seen.add(name)
    return tuple(names)


def parse_class_names(text: str) -> tuple[str, ...]:
    """Comma-separated names in index order, e.g. "cat,dog"."""
    return check_class_names(str(text).split(","), f"--classes {text!r}")


def read_class_names_file(path) -> tuple[str, ...]:
    """One class name a line, in index order; blank lines are skipped. A byte-order mark is fine."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SettingsError(f"class names file not found: {path}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path.name} is not a UTF-8 text file (one class name a line)") from None
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None
    return check_class_names(text.splitlines(), path.name)
