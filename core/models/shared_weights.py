"""A copy of a model for another thread that shares the weights' memory with the original.

The window runs a loaded model on up to four threads at once (the folder run, the heatmap viewer, the
picture preview, Compare methods), and each needs a module tree of its own: CAM methods hook the viewer's
layers, and a forward pass from another thread would feed those hooks the wrong image. A plain deepcopy
gave each thread its own weights too: 327 MiB a thread for vit_b_16, 512 for vgg16_bn
(benchmarks/model_copies_memory.py). The weights are only read at inference (eval mode, no optimiser),
so the copies can point at the same memory.
"""
from __future__ import annotations

import copy

import torch


def copy_sharing_weights(model: torch.nn.Module) -> torch.nn.Module:
    """The module tree copied, its parameters and buffers reading the original's storage.

    Each parameter is a new Parameter object on the same storage: Module.to() assigns `param.data`
    in place, so sharing the Parameter itself would move the other threads' model to the GPU under them,
    and `.grad` (which CAM methods may fill) stays each copy's own. Buffers are shared as they are: to()
    replaces them in the module's dict rather than changing the tensor. Nothing in inference writes to
    either; code that does (the sanity check's re-initialisation) takes a full deepcopy of its own.
    """
    memo = {}
    for param in model.parameters():
        memo[id(param)] = torch.nn.Parameter(param.detach(), requires_grad=param.requires_grad)
    for buffer in model.buffers():
        memo[id(buffer)] = buffer
    return copy.deepcopy(model, memo)
