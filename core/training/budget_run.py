"""The time budget's plan made inside a training run: the speed measured, the plan shared by every process.

core/training/budget.py decides; this module measures this machine's speed for it (torch) and is the
step train.py's engine runs before the data is read.
"""
from __future__ import annotations

import time

import torch
from torch import nn

from core.data.splits import find_splits
from core.models.registry import build_model
from core.training import distributed
from core.training.budget import plan
from core.training.engine import memory_format
from core.training.train_events import Message
from core.training.trainconfig import TrainConfig

MEASURE_BATCH = 32  # images per timed step: a 256-image step of a large network at 96 px takes a minute on 2 cores
FULL_BATCH_S, FULL_BATCH_STEPS = 1.0, 3  # a run's batch this quick is timed as it is, in this many steps


def measure_rate(model_name: str, input_size: tuple[int, int], batch_size: int, classes: int,
                 device=None, steps: int = 4) -> float:
    """Training images/s of bare steps (forward, loss, backward, SGD step) on random data, timed on
    at most MEASURE_BATCH images a step so that measuring a slow candidate costs seconds, not minutes.
    Where the run's own batch takes at most FULL_BATCH_S a step, it is timed at that batch instead:
    a small network spends a larger share of a 32-image step on per-step overhead (small_resnet_s at
    28 px: planned at 564 img/s, trained at 555-619; its 7 planned epochs took 12.1 of 15 minutes)."""
    device = device or torch.device("cpu")
    layout = memory_format(model_name)
    model = build_model(model_name, classes, input_size).train().to(device, memory_format=layout)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rate = _timed_steps(model, optimizer, min(batch_size, MEASURE_BATCH), input_size, classes, device, layout, steps)
    if batch_size > MEASURE_BATCH and batch_size / rate <= FULL_BATCH_S:
        rate = _timed_steps(model, optimizer, batch_size, input_size, classes, device, layout, FULL_BATCH_STEPS)
    return rate


def _timed_steps(model, optimizer, batch_size, input_size, classes, device, layout, steps) -> float:
    x = torch.randn(batch_size, 3, *input_size, device=device).contiguous(memory_format=layout)
    y = torch.randint(0, classes, (batch_size,), device=device)
    for step in range(steps + 1):  # one to warm up
        if step == 1:
            if device.type == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return steps * batch_size / (time.perf_counter() - start)


def plan_run(config, cluster):
    """Generator for train.py's engine: plans `config` on the first process (the others get the same
    plan), yields the plan as a Message and returns the planned config."""
    splits = find_splits(config.data, config.val_ratio, config.test_ratio, config.seed, config.classes)
    yield Message(f"time budget {config.budget}: measuring how fast this computer trains the candidates")
    shared = None
    if cluster.is_main:
        def measure(*args, **kwargs):  # every process trains its share of each epoch
            return measure_rate(*args, **kwargs) * max(1, cluster.world)
        planned, chosen = plan(config, len(splits.train), len(splits.val), len(splits.test), len(splits.class_names),
                               measure=measure, device=cluster.device)
        shared = (planned.to_dict(), chosen.sentence(len(splits.train)))
    planned, sentence = distributed.share(cluster, shared)
    yield Message(sentence)
    return TrainConfig.from_dict(planned)
