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

from core.registry import build_model, get_architecture
from core.statedict import load_into, unwrap

log = logging.getLogger(__name__)


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
        return model, []
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
