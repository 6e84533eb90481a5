"""Starting weights for a new model: an architecture's ImageNet weights, downloaded when missing, or a file.

torchvision's weights live in the torch hub cache under their own names (as torch.hub keeps them),
so weights another program downloaded are found and weights downloaded here serve it too. A
missing file is downloaded (core/models/weights_download.py: resumable, verified, through the
configured mirror); a failure names the file and the URL tried. timm's weights (names starting
"timm/") come from core/models/timm_backbones.py through the same downloader. A torchvision ResNet
for small inputs (core/models/small_input_torchvision.py) uses its base's file, its stem adapted.
"""
from __future__ import annotations

import logging
import os
import re
import shlex
import threading
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import torch
from torch import nn
from torchvision.models import get_model_weights

from core.models import small_input_torchvision
from core.models.export_metadata import torchscript_export_in
from core.models.modelfile import ModelFileError, PickledModelRefused, read_model_file
from core.models.registry import build_model, get_architecture
from core.models.statedict import load_into, unwrap
from core.models.weights_download import Progress, configured_mirror, download
from core.models.weights_source import WeightsSource

log = logging.getLogger(__name__)

# torchvision builds MobileNetV3 (0.01) and MNASNet (0.0003) with the slow batch-norm momentum of
# their long ImageNet recipes. Trained from scratch for a few epochs, their running statistics then
# trail the weights so far that validation looks broken (23 % while training reached 69 % after one
# Fashion-MNIST epoch). PyTorch's default, 0.1, tracks a short run; fine-tuning keeps the original.
FROM_SCRATCH_BN_MOMENTUM = 0.1

# torch.hub's convention (torch.hub.HASH_REGEX): "resnet18-f37072fd.pth" holds the first hex digits
# of the file's sha256, which torch.hub.load_state_dict_from_url(check_hash=True) verifies.
HASH_IN_NAME = re.compile(r"-([a-f0-9]+)\.")
TIMM_PREFIX = "timm/"


class PretrainedUnavailable(FileNotFoundError):
    """The requested starting weights do not exist: no such file, or none for this architecture."""


def weights_source(arch_name: str) -> WeightsSource | None:
    """Where an architecture's ImageNet weights come from and are kept; None when it has none."""
    if arch_name.startswith(TIMM_PREFIX):
        from core.models import timm_backbones  # timm is imported only for timm architectures
        return timm_backbones.weights_source(arch_name)
    base = small_input_torchvision.BASES.get(arch_name, arch_name)  # the same file, under the base's name
    try:
        weights = get_model_weights(base).DEFAULT
    except (ValueError, KeyError, AttributeError):  # not a torchvision model, or one without weights
        return None
    name = os.path.basename(urlsplit(weights.url).path)
    megabytes = weights.meta.get("_file_size")  # torchvision's size in 2**20 bytes, e.g. 44.661
    digest = HASH_IN_NAME.search(name)
    return WeightsSource(weights.url, Path(torch.hub.get_dir()) / "checkpoints" / name,
                         round(megabytes * 2**20) if megabytes else None, digest.group(1) if digest else None)


def ensure_weights(arch_name: str, mirror: str | None = None, progress: Callable[[Progress], None] | None = None,
                   cancel: threading.Event | None = None) -> Path:
    """The path of the architecture's ImageNet weights, downloaded first when they are not cached.

    `mirror` None: the configured one (GRADLENS_WEIGHTS_MIRROR). Raises PretrainedUnavailable when
    the architecture has no weights, core.models.weights_download.DownloadError when the download fails.
    """
    source = weights_source(arch_name)
    if source is None:
        raise PretrainedUnavailable(f"{arch_name} has no pretrained weights: start from random weights or a "
                                    "weights file")
    if source.cached:
        return source.path
    log.info("downloading %s", source.url)
    return download(source, configured_mirror(mirror), progress, cancel)


def check_pretrained(arch_name: str, pretrained, mirror: str | None = None,
                     progress: Callable[[Progress], None] | None = None, cancel: threading.Event | None = None
                     ) -> Path | None:
    """Make sure a job's starting weights are on disk before anything slow starts (the dataset scan, a
    run folder): ImageNet weights are downloaded when missing, a weights file must exist."""
    get_architecture(arch_name)  # a misspelt timm name is only found when it is built: say so now, with close names
    if pretrained is None:
        return None
    if str(pretrained) == "torchvision":
        return ensure_weights(arch_name, mirror, progress, cancel)
    path = _weights_file(pretrained)
    # A file without weights, or with another architecture's, is said now: found after the dataset scan, it left a
    # run folder behind. The model is built at its default size: the weights fit it as they fit any size.
    _filled(arch_name, 2, None, path)
    return path


def _weights_file(pretrained) -> Path:
    path = Path(pretrained)
    if not path.is_file():
        raise PretrainedUnavailable(f"weights file not found: {path}")
    return path


def torchvision_weights_file(arch_name: str) -> tuple[Path, str]:
    """Where torch keeps the DEFAULT weights of an architecture, and where they come from."""
    source = weights_source(arch_name)
    if source is None:
        raise PretrainedUnavailable(f"{arch_name} has no pretrained weights")
    return source.path, source.url


def torchvision_weights_cached(arch_name: str) -> bool:
    source = weights_source(arch_name)
    return source is not None and source.cached


def create_model(arch_name: str, num_classes: int, input_size=None, pretrained: str | os.PathLike | None = None
                 ) -> tuple[nn.Module, list[str]]:
    """Build a model and fill it with starting weights; return (model, notes about the weights).

    `pretrained` is None (random initialisation), "torchvision" (the architecture's ImageNet
    weights, downloaded through the configured mirror when not cached; for "timm/" names timm's)
    or the path of a weights file (torch's formats or .safetensors). A head of the wrong size is
    replaced, with a note saying so.
    """
    if pretrained is None:
        model = build_model(arch_name, num_classes, input_size)
        return model, quicken_batchnorm(model)
    get_architecture(arch_name)
    # check_pretrained ran before the dataset scan; here only what it fetched or found is needed, read below
    path = ensure_weights(arch_name) if str(pretrained) == "torchvision" else _weights_file(pretrained)
    if str(pretrained) == "torchvision" and weights_source(arch_name).kind == "timm":
        return _timm_model(arch_name, num_classes, input_size, path)
    model, notes = _filled(arch_name, num_classes, input_size, path)
    for note in notes:
        log.info(note)
    return model, notes


def _filled(arch_name: str, num_classes: int, input_size, path: Path) -> tuple[nn.Module, list[str]]:
    """A new model with the weights in `path`; a head of the wrong size replaced, with a note."""
    model = build_model(arch_name, num_classes, input_size)
    state_dict, adapted = small_input_torchvision.adapt_stem(arch_name, read_weights(path))
    notes = adapted + load_into(model, get_architecture(arch_name), state_dict, allow_new_head=True)
    return model, [f"starting weights: {path}", *notes]


def read_weights(path: Path) -> dict:
    """The state dict in a weights file: torch's format (safely, weights only) or safetensors.

    A file without weights (empty, text, random bytes, TorchScript, a whole pickled model) is said in
    one line, in the words predict.py has for the same file (modelfile.read_model_file)."""
    if path.suffix == ".safetensors":
        try:
            from safetensors.torch import load_file
            return load_file(str(path), device="cpu")
        except Exception as error:  # a truncated download, not a safetensors file at all
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ValueError(f"cannot read weights from {path.name}: {reason}") from error
    if torchscript_export_in(path):  # read_model_file's words say "open", which starting weights are not
        raise ModelFileError(f"{path.name} is a TorchScript file (an export, for running without GradLens), not "
                             "weights: start from the GradLens model file it was exported from")
    try:
        raw = read_model_file(path)
    except PickledModelRefused as error:  # its way out (--trust-pickle) is predict.py's, not train.py's
        what = str(error).split(" If you trust its source")[0]
        raise ModelFileError(f"{what} If you trust its source, convert it once to plain weights: predict.py "
                             f"--model {shlex.quote(str(path))} --trust-pickle --save-model weights.pt, then start "
                             "from weights.pt") from None
    try:
        state_dict, _ = unwrap(raw)
    except ValueError as error:  # a dict of something else: "no model weights found in the file (top-level keys …)"
        raise ModelFileError(f"{path.name}: {error}") from None
    return state_dict


def _timm_model(arch_name: str, num_classes: int, input_size, path: Path) -> tuple[nn.Module, list[str]]:
    """A timm backbone with its pretrained weights, built by timm's own mechanism."""
    from core.models import timm_backbones
    built = timm_backbones.create_pretrained(arch_name, num_classes, input_size, path)
    model, notes = built if isinstance(built, tuple) else (built, [])
    notes = [f"starting weights: {path}", *notes]
    for note in notes:
        log.info(note)
    return model, list(notes)


def resumable_model(arch_name: str, num_classes: int, input_size, pretrained) -> nn.Module:
    """The model a resumed run loads last.pt into: built as create_model would, without reading or
    downloading starting weights (last.pt replaces them all)."""
    model = build_model(arch_name, num_classes, input_size)
    if pretrained is None:  # the batch-norm momentum the run trained with
        quicken_batchnorm(model)
    return model


def quicken_batchnorm(model: nn.Module) -> list[str]:
    """Raise batch-norm momentum to FROM_SCRATCH_BN_MOMENTUM where it is lower; a note if it was."""
    slow = [m for m in model.modules()
            if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.momentum is not None
            and m.momentum < FROM_SCRATCH_BN_MOMENTUM]
    if not slow:
        return []
    before = sorted({m.momentum for m in slow})
    for module in slow:
        module.momentum = FROM_SCRATCH_BN_MOMENTUM
    return [f"training from scratch: batch-norm momentum {', '.join(f'{b:g}' for b in before)} raised to "
            f"{FROM_SCRATCH_BN_MOMENTUM:g} so validation statistics keep up with a short run"]
