"""Learning-rate schedules as one function of the optimizer step, stepped after every batch.

Expressing every schedule per step keeps one scheduler object (a LambdaLR) whose state resumes
exactly, while each schedule changes at its natural granularity: cosine and one-cycle move
every batch, step and multistep jump only at epoch boundaries, and the linear warm-up ends
after its last step and hands over to the schedule.
"""
from __future__ import annotations

import math

import torch

WARMUP_START = 0.01  # warm-up begins at 1% of the base learning rate
ONECYCLE_START, ONECYCLE_END, ONECYCLE_PEAK_AT = 1 / 25, 1 / 1e4, 0.3  # torch's OneCycleLR defaults


def lr_factor(step: int, steps_per_epoch: int, config) -> float:
    """The multiplier of the base learning rate before optimizer step number `step` (from 0)."""
    total = config.epochs * steps_per_epoch
    warmup = round(config.warmup_epochs * steps_per_epoch)
    if step < warmup:
        return WARMUP_START + (1 - WARMUP_START) * step / warmup
    epoch = step // steps_per_epoch
    progress = (step - warmup) / max(1, total - warmup)  # 0 -> 1 over the steps after warm-up
    min_lr = getattr(config, "min_lr", 0.0)  # a schedule-only config (tests) may not say
    floor = min_lr / config.lr if min_lr else 0.0  # where cosine and one-cycle end, as a share of the base rate
    if config.schedule == "cosine":
        return _cosine(1.0, floor, progress)
    if config.schedule == "step":
        return config.gamma ** (epoch // config.step_size)
    if config.schedule == "multistep":
        return config.gamma ** sum(epoch >= m for m in config.milestones)
    if config.schedule == "onecycle":
        if progress < ONECYCLE_PEAK_AT:
            return _cosine(ONECYCLE_START, 1.0, progress / ONECYCLE_PEAK_AT)
        return _cosine(1.0, floor or ONECYCLE_END, (progress - ONECYCLE_PEAK_AT) / (1 - ONECYCLE_PEAK_AT))
    return 1.0


def _cosine(start: float, end: float, fraction: float) -> float:
    return end + (start - end) * 0.5 * (1 + math.cos(math.pi * min(max(fraction, 0.0), 1.0)))


def make_scheduler(optimizer, steps_per_epoch: int, config) -> torch.optim.lr_scheduler.LambdaLR:
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_factor(step, steps_per_epoch, config))
