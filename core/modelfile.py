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
import pickle
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import torch
from torch import nn

from core.atomic import atomic_open
from core.preprocess import Preprocess
from core.registry import ARCHITECTURES, build_model, get_architecture, head_classes, infer_architecture
from core.statedict import WeightsMismatch, class_names_from, load_into, unwrap

log = logging.getLogger(__name__)

FORMAT = "gradlens-model"
FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be used; the message says why in words a user understands."""


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
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    if path.stat().st_size == 0:
        raise ModelFileError(f"{path.name} is empty (0 bytes)")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # Every weights-only failure mentions weights_only; only "Unsupported global" means a pickled
        # object (random bytes or a renamed JPEG fail with "Unsupported operand" instead).
        if "Unsupported global" not in str(error):
            reason = str(error).split("WeightsUnpickler error:")[-1].strip() or type(error).__name__
            raise ModelFileError(f"{path.name} is damaged or not a PyTorch file ({reason.splitlines()[0][:300]})"
                                 ) from error
        if not trust_pickle:
            raise PickledModelRefused(
                f"{path.name} holds a whole pickled model (saved with torch.save(model)), not just weights. "
                "Opening such a file runs code stored inside it, so GradLens refuses it. If you trust its "
                "source, open it with --trust-pickle (GUI: 'Open anyway'), or convert it once with: "
                f"python -c \"import torch; torch.save(torch.load('{path.name}', weights_only=False)"
                ".state_dict(), 'weights.pt')\"") from error
        log.warning("loading %s with full unpickling, as the user trusts it", path)
        try:
            return torch.load(path, map_location="cpu", weights_only=False)
        except Exception as inner:
            raise ModelFileError(f"cannot unpickle {path.name}: {_first_line(inner)}") from inner
    except Exception as error:  # zip errors, truncation, a JPEG renamed to .pt ...
        raise ModelFileError(f"{path.name} is damaged or not a PyTorch file ({_first_line(error)})") from error


def load_model_file(path, arch: str | None = None, class_names: list[str] | None = None,
                    trust_pickle: bool = False, device: str | torch.device = "cpu") -> LoadedModel:
    """Load a GradLens or foreign model file, ready for inference (eval mode) on `device`.

    `arch` and `class_names` fill in what a foreign file does not say; for GradLens files they
    must agree with the file. Raises ModelFileError (or PickledModelRefused) with a clear reason.
    """
    raw = read_model_file(path, trust_pickle)
    try:
        if isinstance(raw, dict) and raw.get("format") == FORMAT:
            loaded = _from_gradlens(raw, arch, class_names)
        else:
            loaded = _from_foreign(raw, arch, class_names)
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(f"{Path(path).name}: {_first_line(error)}") from error
    loaded.path = str(path)
    loaded.model.eval().to(device)
    for note in loaded.notes:
        log.info("%s: %s", Path(path).name, note)
    return loaded


def _from_gradlens(raw: dict, arch: str | None, class_names) -> LoadedModel:
    if raw.get("format_version", 0) > FORMAT_VERSION:
        raise ModelFileError(f"the file was written by a newer GradLens (format {raw['format_version']}); update GradLens")
    if arch and arch != raw["arch"]:
        raise ModelFileError(f"the file holds a {raw['arch']}, not a {arch}")
    names = list(raw["class_names"])
    if class_names and list(class_names) != names:
        raise ModelFileError(f"the file has its own class names ({', '.join(names)}); leave the class names out")
    preprocess = Preprocess.from_dict(raw)
    model = build_model(raw["arch"], len(names), preprocess.input_size)
    _load(model, raw["arch"], raw["state_dict"])
    return LoadedModel(model, raw["arch"], names, preprocess, raw.get("cam_layer") or get_architecture(raw["arch"]).cam_layer,
                       dict(raw.get("config", {})), dict(raw.get("metrics", {})))


def _from_foreign(raw, arch: str | None, class_names) -> LoadedModel:
    state_dict, extras = unwrap(raw)
    notes = []
    arch = arch or _arch_named_in(extras)
    if arch is None:
        arch, _ = infer_architecture(state_dict)
        notes.append(f"architecture not stated in the file; recognised as {arch} from its layers")
    spec = get_architecture(arch)
    num_classes = head_classes(state_dict, spec)
    if num_classes is None:
        raise ModelFileError(f"the weights have no {arch} classifier head ({spec.head}.weight)")
    names = list(class_names) if class_names else class_names_from(extras)
    if names is None:
        names = [f"class_{i}" for i in range(num_classes)]
        notes.append(f"no class names in the file; using class_0..class_{num_classes - 1} (pass the real names)")
    if len(names) != num_classes:
        raise ModelFileError(f"the model predicts {num_classes} classes but {len(names)} class names were given")
    preprocess = Preprocess(_input_size(spec, state_dict))
    notes.append(f"no preprocessing saved in the file; assuming {preprocess.input_size[0]}×{preprocess.input_size[1]} "
                 "resize with ImageNet mean/std")
    model = build_model(arch, num_classes, preprocess.input_size)
    _load(model, arch, state_dict)
    return LoadedModel(model, arch, names, preprocess, spec.cam_layer, notes=notes)


def _load(model: nn.Module, arch: str, state_dict: dict) -> None:
    try:
        load_into(model, get_architecture(arch), state_dict)
    except WeightsMismatch as error:
        raise ModelFileError(str(error)) from error


def _arch_named_in(extras: dict) -> str | None:
    for key in ("arch", "architecture", "model_name", "arch_name"):
        name = extras.get(key)
        if isinstance(name, str) and name in ARCHITECTURES:
            return name
    return None


def _input_size(spec, state_dict) -> tuple[int, int]:
    pos = state_dict.get("encoder.pos_embedding")
    if spec.layout == "tokens" and pos is not None:
        side = int(round((pos.shape[1] - 1) ** 0.5)) * 16
        return side, side
    return spec.default_size, spec.default_size


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]
