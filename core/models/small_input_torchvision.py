"""torchvision's ResNets for small images (16–96 px): conv1 a 3×3 convolution at stride 1, no max-pool.

torchvision's stem (a 7×7 convolution at stride 2, then a 3×3 max-pool at stride 2) divides the
side by 4 before the first residual block, made for 224 px: a 28-px image reaches layer4 as 1×1.
Without it, layer3 is 7×7 and layer4 4×4 at 28 px. Everything after the stem is the base
architecture unchanged, layer names included, so the base's ImageNet weights load (the same
file, downloaded under its own name) and only conv1 has to be adapted, by adapt_stem.
"""
from __future__ import annotations

import torch
from torch import nn
from torchvision.models import get_model

# variant -> the torchvision architecture it changes (whose ImageNet weights it uses)
BASES = {
    "resnet18_small_input": "resnet18",
    "resnet34_small_input": "resnet34",
    "resnet50_small_input": "resnet50",
}
STEM = "conv1.weight"


def build(name: str, num_classes: int) -> nn.Module:
    model = get_model(BASES[name], weights=None, num_classes=num_classes)
    model.conv1 = nn.Conv2d(3, model.conv1.out_channels, kernel_size=3, stride=1, padding=1, bias=False)
    nn.init.kaiming_normal_(model.conv1.weight, mode="fan_out", nonlinearity="relu")  # as torchvision's ResNet
    model.maxpool = nn.Identity()  # no parameters: the state dict's names stay the base's
    return model


def adapt_stem(name: str, state_dict: dict) -> tuple[dict, list[str]]:
    """The weights with a 7×7 conv1 (the base's ImageNet file) turned into the variant's 3×3 one.

    Each filter keeps its centre 3×3, scaled to the whole filter's norm. Why not start conv1 from
    random weights: fine-tuning freezes the backbone for its first epochs (core/training/train.py),
    and a frozen random conv1 would feed layer1 channels that mean nothing to it. The centre keeps
    each filter's colour and edge orientation, so layer1's weights still read the channels they were
    trained on. The scale keeps each channel's response to pixel noise as large as before (a 3×3
    crop keeps a third to two thirds of a filter's norm), so bn1's running statistics, which a
    frozen backbone keeps using, stay about right. Weights that already have a 3×3 conv1 (a file
    of the variant itself) pass unchanged.
    """
    kernel = state_dict.get(STEM)
    if name not in BASES or kernel is None or kernel.dim() != 4 or tuple(kernel.shape[-2:]) != (7, 7):
        return state_dict, []
    centre = kernel[:, :, 2:5, 2:5]
    whole = kernel.flatten(1).norm(dim=1)
    part = centre.flatten(1).norm(dim=1).clamp_min(torch.finfo(kernel.dtype).tiny)
    adapted = dict(state_dict)
    adapted[STEM] = (centre * (whole / part)[:, None, None, None]).contiguous()
    return adapted, [f"{BASES[name]}'s 7×7 conv1 cut to its centre 3×3 (each filter rescaled to its former norm) "
                     "for the stride-1 stem of small inputs"]
