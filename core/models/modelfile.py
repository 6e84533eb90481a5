"""The GradLens model file: one self-describing file per model, and loading anyone else's.

A GradLens file is a dict of plain data and tensors (so it loads with weights_only=True and
opening it runs no code): architecture, weights, class names in index order, preprocessing,
CAM target layer, training config and metrics, and a format version. Foreign files (bare
state dicts, training-script wrappers, DataParallel or torch.compile prefixes) load too; what
they do not say is inferred and reported in `LoadedModel.notes`.
"""
from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import torch
from torch import nn

from core.atomic import atomic_open
from core.data.preprocess import Preprocess
from core.models import timm_backbones
from core.models.export_metadata import torchscript_export_in
from core.models.file_sniff import sniff
from core.models.model_settings import IMAGENET_MEAN, TIMM_PREFIX, ModelSettings, is_timm_name
from core.models.registry import build_model, get_architecture, head_classes, infer_architecture, is_architecture
from core.models.statedict import WeightsMismatch, is_state_dict, load_into, settings_from, size_from, unwrap
from core.plural import counted

log = logging.getLogger(__name__)

FORMAT = "gradlens-model"
FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be used; the message says why in words a user understands. `wanted`, where
    set, names the setting the user can state to open it anyway: {"arch": the architecture its weights are},
    or {"class_names": the names the file gives, whose count is wrong, "outputs": how many the weights have}.
    The CLI's message names the option for it; the window asks for that setting instead (app/controller.py)."""

    def __init__(self, message: str, wanted: dict | None = None):
        super().__init__(message)
        self.wanted = wanted


class PickledModelRefused(ModelFileError):
    """The file is a whole pickled model; loading it would run code from the file."""


@dataclass
class LoadedModel:
    model: nn.Module
    arch: str
    class_names: list[str]
    preprocess: Preprocess
    cam_layer: str
    config: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what had to be guessed or adapted while loading
    assumed: list[str] = field(default_factory=list)  # ModelSettings fields neither in the file nor given
    foreign: bool = False  # not a GradLens model file: its architecture and class names are the user's to state
    path: str | None = None

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


def save_model_file(path, loaded: LoadedModel, extra: dict | None = None) -> None:
    """Write a model file atomically. `extra` adds resume state (optimizer, epoch, RNG) for last.pt."""
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "arch": loaded.arch,
        "class_names": list(loaded.class_names),
        **loaded.preprocess.to_dict(),
        "cam_layer": loaded.cam_layer,
        "config": _plain(loaded.config),
        "metrics": _plain(loaded.metrics),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        # CPU copies: a file saved on a GPU machine must open on a laptop.
        "state_dict": {k: v.detach().cpu() for k, v in loaded.model.state_dict().items()},
    }
    if is_timm_name(loaded.arch):  # timm rebuilds it from its name; a later timm may lay it out otherwise
        payload["timm_version"] = timm_backbones.timm_version()
    payload.update(extra or {})

    class _Writes:
        """torch.save turns a failed write into RuntimeError('[enforce fail at inline_container.cc]
        ...'); keeping the OSError lets the caller say "the disk is full" instead."""

        def __init__(self, handle):
            self.handle, self.error = handle, None

        def write(self, data):
            try:
                return self.handle.write(data)
            except OSError as error:
                self.error = error
                raise

        def flush(self):
            self.handle.flush()

    with atomic_open(path, "wb") as handle:
        writes = _Writes(handle)
        try:
            torch.save(payload, writes)
        except RuntimeError:
            if writes.error is None:
                raise
            error = writes.error
            raise OSError(error.errno, error.strerror, str(path)) from None


def _plain(data: dict) -> dict:
    """Only JSON-like data may go into a file that loads with weights_only=True."""
    return json.loads(json.dumps(data or {}, default=str))


def read_model_file(path, trust_pickle: bool = False):
    """The raw contents of a model file, loaded safely; raises ModelFileError with the reason."""
    path = Path(path)
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder, not a model file: choose the .pt file in it")
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    if path.stat().st_size == 0:
        raise ModelFileError(f"{path.name} is empty (0 bytes)")
    if path.suffix.lower() == ".onnx":
        raise ModelFileError(f"{path.name} is an ONNX model, an export already: give the GradLens model file (.pt) "
                             f"it was exported from (predict.py --model {path.name} classifies with it, without "
                             "heatmaps)")
    if torchscript_export_in(path):  # torch.load would warn, then call it a pickle with code in it
        raise ModelFileError(f"{path.name} is a TorchScript file (an export, for running without GradLens): open "
                             "the GradLens model file it was exported from")
    try:
        with warnings.catch_warnings():  # torch warns about pickle protocols it then refuses anyway
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # pickled code, zip errors, truncation, a JPEG renamed to .pt ...
        refusal = _why_refused(path, error)
    if not isinstance(refusal, PickledModelRefused) or not trust_pickle:
        raise refusal
    log.warning("loading %s with full unpickling, as the user trusts it", path)
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except Exception as inner:
        raise ModelFileError(f"cannot unpickle {path.name}: {_first_line(inner)}") from inner


def _why_refused(path: Path, error: Exception) -> ModelFileError:
    """Turn torch's loading error into what the file is, judged without running anything in it."""
    try:
        found = sniff(path)
    except OSError as read_error:
        return ModelFileError(f"cannot read {path.name}: {read_error.strerror or read_error}")
    if found.harmful:
        return ModelFileError(
            f"{path.name} contains code that would run when the file is opened (it calls "
            f"{', '.join(found.harmful[:3])}). GradLens did not run it and will not open this file: a model file "
            "needs no code. Ask its author for the weights alone (torch.save(model.state_dict(), 'weights.pt')).")
    if found.code or "Unsupported global" in str(error):
        classes = ", ".join(found.code[:2]) or "its classes"
        return PickledModelRefused(
            f"{path.name} contains code: it is a whole pickled model ({classes}), not just weights. Opening it "
            "would run that code, so GradLens did not open it. If you trust its source, open it anyway "
            "(--trust-pickle; in the window: Open), or convert it once to plain weights with: python -c \"import "
            f"torch; torch.save(torch.load('{path.name}', weights_only=False).state_dict(), 'weights.pt')\"")
    if found.kind in ("text", "other") and found.description:
        return ModelFileError(f"{path.name} is not a model file: it is {found.description}")
    if found.kind == "other":
        return ModelFileError(f"{path.name} is not a model file (neither a PyTorch file nor a pickle)")
    return ModelFileError(f"{path.name} is damaged (cut short or corrupted): {_torch_reason(error)}")


def _torch_reason(error: Exception) -> str:
    """torch's own words minus its advice to load with weights_only=False (that would run code)."""
    text = str(error).split("WeightsUnpickler error:")[-1]
    lines = [line.strip() for line in text.splitlines() if line.strip() and "weights_only" not in line
             and not line.startswith(("Check the documentation", "Please file an issue"))]
    return (lines[0] if lines else type(error).__name__)[:200]


def preprocess_from(size, settings, said: dict, assumed: list[str]) -> Preprocess:
    """Preprocessing at `size` with resize mode, mean and std as the user stated them (`settings`),
    else as the file says (`said`); the keys neither gives are added to `assumed`. PyTorch and ONNX
    model files both use it."""
    preprocess = Preprocess(tuple(size))
    for key in ("resize_mode", "mean", "std"):
        value = getattr(settings, key) or said.get(key)
        if value is None:
            assumed.append(key)
        else:
            preprocess = replace(preprocess, **{key: value if key == "resize_mode" else tuple(value)})
    return preprocess


def load_model_file(path, arch: str | None = None, class_names: list[str] | None = None,
                    trust_pickle: bool = False, device: str | torch.device = "cpu",
                    settings: ModelSettings | None = None) -> LoadedModel:
    """Load a GradLens or foreign model file, ready for inference (eval mode) on `device`.

    `settings` (or the older `arch` and `class_names`) fill in what a file does not say; a
    GradLens file's architecture and class names must agree with them, its preprocessing gives
    way to them. What was neither in the file nor given is inferred or assumed and listed in
    `LoadedModel.assumed` and `.notes`. Raises ModelFileError with a reason a user understands.
    """
    settings = settings or ModelSettings()
    if arch or class_names:
        settings = replace(settings, arch=arch or settings.arch,
                           class_names=tuple(class_names) if class_names else settings.class_names)
    raw = read_model_file(path, trust_pickle)
    name = Path(path).name
    try:
        if isinstance(raw, dict) and raw.get("format") == FORMAT:
            loaded = _from_gradlens(raw, settings, name)
        else:
            loaded = _from_foreign(raw, settings)
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(f"{name}: {_first_line(error)}") from error
    loaded.path = str(path)
    if settings.tta is not None:  # the user's choice of test-time augmentation, over the training's
        loaded.config = {**loaded.config, "tta": settings.tta}
    loaded.model.eval().to(device)
    for note in loaded.notes:
        log.info("%s: %s", name, note)
    return loaded


# What each key of a GradLens file means, for saying what a damaged or hand-made file lacks.
_KEY_MEANINGS = {"state_dict": "the weights", "arch": "which architecture the weights are for",
                 "class_names": "the class names in index order"}


def _from_gradlens(raw: dict, settings: ModelSettings, name: str) -> LoadedModel:
    if raw.get("format_version", 0) > FORMAT_VERSION:
        raise ModelFileError(f"the file was written by a newer GradLens (format {raw['format_version']}); update GradLens")
    state_dict = raw.get("state_dict")
    if not is_state_dict(state_dict):
        raise ModelFileError(f"{name} is a GradLens model file without 'state_dict' ({_KEY_MEANINGS['state_dict']}): "
                             "it is damaged or was written by another program")
    if settings.arch and raw.get("arch") and settings.arch != raw["arch"]:
        found = _recognised(state_dict)
        if found and found != raw["arch"]:  # --arch as the weights are: still refused, so not "the file holds…"
            raise ModelFileError(_damaged(name, f"it says {raw['arch']}, but holds a {found}'s weights"))
        raise ModelFileError(f"the file holds a {raw['arch']}, not a {settings.arch}")
    names = raw.get("class_names")
    if settings.class_names and names and list(settings.class_names) != list(names):
        raise ModelFileError(f"the file has its own class names ({', '.join(names)}); leave the class names out")
    said = {"arch": raw.get("arch"), "class_names": names,
            **{key: raw.get(key) for key in ("input_size", "resize_mode", "mean", "std")}}
    lacking = [f"'{key}' ({meaning})" for key, meaning in _KEY_MEANINGS.items()
               if said.get(key) is None and key != "state_dict" and getattr(settings, key) is None]
    try:
        loaded = _resolve(state_dict, said, settings)
    except ModelFileError as error:
        # A GradLens file that contradicts itself is damaged: no setting opens it (the check above refuses an
        # --arch or class names other than the file's), so neither the window nor the message may ask for one.
        damage = _contradiction(error.wanted or {}, said)
        if damage:
            raise ModelFileError(_damaged(name, damage)) from error
        error.wanted = None
        raise
    except ValueError as error:  # a name or a layout this timm does not have
        if raw.get("timm_version") and raw["timm_version"] != timm_backbones.timm_version():
            raise ModelFileError(f"{error} (saved with timm {raw['timm_version']}, this is timm "
                                 f"{timm_backbones.timm_version()})") from error
        raise
    if lacking:  # written by hand or by an old tool: say what is missing before what was assumed
        loaded.notes.insert(0, f"{name} is a GradLens model file without {' and '.join(lacking)}")
    loaded.cam_layer = raw.get("cam_layer") or loaded.cam_layer
    loaded.config, loaded.metrics = dict(raw.get("config", {})), dict(raw.get("metrics", {}))
    return loaded


def _contradiction(wanted: dict, said: dict) -> str | None:
    """How a GradLens file contradicts itself, from what the loader would have asked for (`wanted`) against
    what the file says: weights of another architecture, or a count of names that is not its outputs'."""
    if "arch" in wanted and said.get("arch"):
        return f"it says {said['arch']}, but holds a {wanted['arch']}'s weights"
    if "class_names" in wanted and said.get("class_names"):
        return f"it names {counted(len(said['class_names']), 'class')} for its {counted(wanted['outputs'], 'output')}"
    return None


def _damaged(name: str, how: str) -> str:
    return f"{name} is damaged: {how}; no option opens it, use an undamaged copy"


def _recognised(state_dict: dict) -> str | None:
    """The architecture the weights are, by their layers; None when they fit none or several."""
    try:
        return infer_architecture(state_dict)[0]
    except ValueError:
        return None


def _from_foreign(raw, settings: ModelSettings) -> LoadedModel:
    state_dict, extras = unwrap(raw)
    loaded = _resolve(state_dict, settings_from(extras), settings)
    loaded.foreign = True
    return loaded


def _resolve(state_dict: dict, said: dict, settings: ModelSettings) -> LoadedModel:
    """Build the model from what the user gave, else what the file said, else what can be inferred."""
    notes, assumed = [], []
    arch = settings.arch or _stated_arch(said.get("arch"))
    if arch and arch != settings.arch and arch != said.get("arch"):
        notes.append(f"the file's architecture {said['arch']!r} is timm's: built as {arch}")
    if arch is None:
        arch, _ = infer_architecture(state_dict)
        notes.append(f"architecture not stated in the file; recognised as {arch} from its layers")
    spec = get_architecture(arch)
    num_classes = head_classes(state_dict, spec)
    if num_classes is None:
        _say_if_another_architecture(state_dict, arch, given=arch == settings.arch)
        raise ModelFileError(f"the weights have no {arch} classifier head ({spec.head}.weight)")
    names = list(settings.class_names or said.get("class_names") or [])
    if not names:
        names = [f"class_{i}" for i in range(num_classes)]
        assumed.append("class_names")
    if len(names) != num_classes and not settings.class_names:  # the file's own names: the file is wrong, not the user
        example = ",".join("abc"[:num_classes]) + (",..." if num_classes > 3 else "")
        raise ModelFileError(f"the file names {len(names)} classes for {num_classes} outputs: give the names with "
                             f"--classes {example} or --classes-file", wanted={"class_names": names, "outputs": num_classes})
    if len(names) != num_classes:
        raise ModelFileError(f"the model predicts {num_classes} classes but {len(names)} class names were given")
    size = settings.input_size or size_from(said.get("input_size")) or _size_from_weights(spec, state_dict)
    if size is None:
        size = (spec.default_size, spec.default_size)
        assumed.append("input_size")
    preprocess = preprocess_from(size, settings, said, assumed)
    for key in ("input_size", "resize_mode", "mean", "std"):
        given, in_file = getattr(settings, key), said.get(key)
        if given is not None and in_file is not None and _differs(given, in_file):
            notes.append(f"{key.replace('_', ' ')} {_shown(given)} as given, not the file's {_shown(in_file)}")
    if assumed:
        notes.append(assumed_note(assumed, preprocess, names))
    model = build_model(arch, num_classes, preprocess.input_size)
    try:
        _load(model, arch, state_dict)
    except ModelFileError:
        _say_if_another_architecture(state_dict, arch, given=arch == settings.arch)
        raise
    return LoadedModel(model, arch, names, preprocess, spec.cam_layer, notes=notes, assumed=assumed)


def _say_if_another_architecture(state_dict: dict, arch: str, given: bool) -> None:
    """Weights that do not fit `arch` but are recognised as another architecture: say which (resnet18
    weights with --arch mobilenet_v3_small said only that they had no mobilenet classifier head)."""
    try:
        found, _ = infer_architecture(state_dict)
    except ValueError:  # recognised as none, or as several: the caller's message stands
        return
    if found != arch:
        raise ModelFileError(f"these weights are a {found}'s: --arch {found}, or leave --arch out" if given else
                             f"these weights are a {found}'s, though the file says {arch}: give --arch {found}",
                             wanted={"arch": found})


def _stated_arch(value) -> str | None:
    """The architecture a file names: a GradLens name, or a timm model as timm's own train.py
    records it ("arch": "resnet18d"), which is "timm/resnet18d" here. A name both libraries have
    stays torchvision's, as before timm came."""
    if is_architecture(value):
        return value
    if not is_timm_name(f"{TIMM_PREFIX}{value}"):
        return None
    try:
        return TIMM_PREFIX + timm_backbones.check_known(value)
    except ValueError:
        return None


def assumed_note(assumed: list[str], preprocess: Preprocess, names: list[str]) -> str:
    """One line naming every assumed setting, its value and the option that states it."""
    height, width = preprocess.input_size
    words = {"input_size": f"input size {height}×{width} (--input-size)",
             "resize_mode": f"resize mode {preprocess.resize_mode} (--resize-mode)",
             "mean": "ImageNet mean/std (--mean/--std)" if preprocess.mean == IMAGENET_MEAN
             else f"mean {preprocess.mean} (--mean)",
             "std": "" if "mean" in assumed else f"std {preprocess.std} (--std)",
             "class_names": f"class names {names[0]}..{names[-1]} (--classes or --classes-file)"}
    said = [words[key] for key in assumed if words[key]]
    return ("not in the file, so assumed: " + "; ".join(said)
            + ". If the model was trained otherwise, its predictions will be wrong: state them")


def _differs(given, in_file) -> bool:
    if isinstance(given, str) or isinstance(in_file, str):
        return given != in_file
    return len(given) != len(in_file) or any(abs(float(a) - float(b)) > 1e-6 for a, b in zip(given, in_file))


def _shown(value) -> str:
    if isinstance(value, str):
        return value
    if len(value) == 2:
        return f"{value[0]}×{value[1]}"
    return "(" + ", ".join(f"{float(v):.4g}" for v in value) + ")"


def _size_from_weights(spec, state_dict) -> tuple[int, int] | None:
    """ViT's position embedding gives its input size away; convolutional weights do not."""
    pos = state_dict.get("encoder.pos_embedding")
    if spec.layout == "tokens" and pos is not None:
        side = int(round((pos.shape[1] - 1) ** 0.5)) * 16
        return side, side
    side = timm_backbones.position_grid(state_dict) if spec.layout == "tokens" else None
    return (side, side) if side else None


def _load(model: nn.Module, arch: str, state_dict: dict) -> None:
    try:
        load_into(model, get_architecture(arch), state_dict)
    except WeightsMismatch as error:
        raise ModelFileError(str(error)) from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]
