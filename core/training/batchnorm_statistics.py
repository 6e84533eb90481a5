"""Batch-norm statistics recomputed for the weights as they are, before a short epoch's validation.

Batch norm validates with running averages of each layer's mean and variance, updated at every
training step (PyTorch's momentum 0.1: the last 20 steps weigh 88 %). When an epoch has few steps
those steps reach back over epochs of much larger learning rates, so the averages describe weights
that no longer exist: mobilenet_v3_small from scratch on 270 images at 224 px (4 steps an epoch, 13
epochs, a 90-s budget) trained to 94 % but validated and tested at 33 %, one class for every image,
and the best epoch kept was the first; the last epoch's weights with their statistics recomputed on
the training images reached 93 %. So when an epoch has fewer than FEW_STEPS steps, every batch-norm
layer that trains gets its statistics recomputed before validation ("precise BN", Wu & Johnson,
"Rethinking 'Batch' in BatchNorm", 2021; torch.optim.swa_utils.update_bn does it for averaged
weights) from up to IMAGES training images, unaugmented and at full size, as validation sees images,
averaged over them all (momentum None). Frozen layers keep the statistics the head learnt with.
It costs a forward pass without gradients over those images, about a third of training on them.
"""
from __future__ import annotations

import torch
from torch import nn

FEW_STEPS = 50  # optimizer steps per epoch below which the running averages are recomputed
IMAGES = 2048  # the training images they are recomputed from (at most): enough for every layer's mean


def images_to_recompute(train_images: int, batch_size: int) -> int:
    """How many training images a run recomputes its statistics from before each validation (0: none)."""
    steps = train_images // batch_size if train_images > batch_size else 1  # the training loader drops a last part
    return min(train_images, IMAGES) if steps < FEW_STEPS else 0


def training_batchnorm(model: nn.Module) -> list[str]:
    """The names of the batch-norm layers that train now (frozen ones are left in eval mode)."""
    return [name for name, module in model.named_modules()
            if isinstance(module, nn.modules.batchnorm._BatchNorm) and module.training
            and module.track_running_stats]


@torch.no_grad()  # not inference mode: the buffers must stay tensors that training updates in place
def recompute(network: nn.Module, names: list[str], loader, device, layout, amp: bool) -> None:
    """Replace the running mean and variance of `network`'s layers `names` by their averages over
    `loader`'s images; everything else runs as validation runs it (eval mode: no dropout)."""
    layers = [module for name, module in network.named_modules() if name in set(names)]
    if not layers:
        return
    momenta = [layer.momentum for layer in layers]
    modes = [(module, module.training) for module in network.modules()]
    network.eval()
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None  # a cumulative average: every batch counts the same
        layer.train()
    try:
        with torch.autocast(device.type, enabled=amp):
            for x, _ in loader:
                network(x.to(device, non_blocking=True, memory_format=layout))
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum
        for module, training in modes:
            module.training = training
