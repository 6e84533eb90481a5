"""Starting weights for a new model: torchvision's ImageNet weights from the local cache, or a file.

GradLens never downloads. When the weights are not on disk the error names the exact file it
looked for and where to get it, so a user on a connected machine can fetch it by hand.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import torch
from torch import nn
from torchvision.models import get_model_weights

from core.models.registry import build_model, get_architecture
from core.models.statedict import load_into, unwrap

log = logging.getLogger(__name__)

# torchvision builds MobileNetV3 (0.01) and MNASNet (0.0003) with the slow batch-norm momentum of
# their long ImageNet recipes. Trained from scratch for a few epochs, their running statistics then
# trail the weights so far that validation looks broken (23 % while training reached 69 % after one
# Fashion-MNIST epoch). PyTorch's default, 0.1, tracks a short run; fine-tuning keeps the original.
FROM_SCRATCH_BN_MOMENTUM = 0.1


class PretrainedUnavailable(FileNotFoundError):
    """The requested pretrained weights are not on this machine."""


def torchvision_weights_file(arch_name: str) -> tuple[Path, str]:
    """Where torch keeps the DEFAULT weights of an architecture, and where they come from."""
    url = get_model_weights(arch_name).DEFAULT.url
    return Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(url), url


def torchvision_weights_cached(arch_name: str) -> bool:
    return torchvision_weights_file(arch_name)[0].is_file()


def create_model(arch_name: str, num_classes: int, input_size=None, pretrained: str | os.PathLike | None = None
                 ) -> tuple[nn.Module, list[str]]:
    """Build a model and fill it with starting weights; return (model, notes about the weights).

    `pretrained` is None (random initialisation), "torchvision" (the DEFAULT ImageNet weights
    from the torch cache) or the path of a weights file in any supported format. A head of the
    wrong size is replaced, with a note saying so.
    """
    arch = get_architecture(arch_name)
    model = build_model(arch_name, num_classes, input_size)
    if pretrained is None:
        return model, quicken_batchnorm(model)
    if str(pretrained) == "torchvision":
        path, url = torchvision_weights_file(arch_name)
        if not path.is_file():
            raise PretrainedUnavailable(
                f"torchvision's pretrained weights for {arch_name} are not in the local cache: looked for {path}. "
                f"This machine is offline; download {url} elsewhere and copy it there, or pass a weights file.")
        source = path
    else:
        source = Path(pretrained)
        if not source.is_file():
            raise PretrainedUnavailable(f"weights file not found: {source}")
    try:
        loaded = torch.load(source, map_location="cpu", weights_only=True)
        state_dict, _ = unwrap(loaded)
    except Exception as error:  # a truncated download, a pickled model, not a torch file at all
        raise ValueError(f"cannot read weights from {source.name}: {str(error).splitlines()[0]}") from error
    notes = load_into(model, arch, state_dict, allow_new_head=True)
    notes.insert(0, f"starting weights: {source}")
    for note in notes:
        log.info(note)
    return model, notes


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
