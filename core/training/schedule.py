"""Learning-rate schedules as one function of the optimizer step, stepped after every batch.

Expressing every schedule per step keeps one scheduler object (a LambdaLR) whose state resumes
exactly, while each schedule changes at its natural granularity: cosine and one-cycle move
every batch, step and multistep jump only at epoch boundaries, and the linear warm-up ends
after its last step and hands over to the schedule. One-cycle also cycles the momentum (SGD's
momentum, Adam's and AdamW's β1) against the rate, as torch's OneCycleLR does with cycle_momentum:
high while the rate is low, low at the peak rate, where a large step needs less push.
"""
from __future__ import annotations

import math

import torch

WARMUP_START = 0.01  # warm-up begins at 1% of the base learning rate
ONECYCLE_START, ONECYCLE_END, ONECYCLE_PEAK_AT = 1 / 25, 1 / 1e4, 0.3  # torch's OneCycleLR defaults
MOMENTUM_HIGH, MOMENTUM_LOW = 0.95, 0.85  # OneCycleLR's max_momentum and base_momentum


def progress_at(step: int, steps_per_epoch: int, config, anchor: tuple[int, float] | None = None) -> float:
    """How far cosine and one-cycle are, 0 -> 1 over the steps after the warm-up; before step `step`.
    `anchor` (step, progress): where a refitted run's epoch count changed (Schedule.stretch); from
    there the progress goes on to 1 at the new end, so the rate goes on from where it was, without a jump."""
    total = config.epochs * steps_per_epoch
    if anchor is not None and step >= anchor[0]:
        start, reached = anchor
        return reached + (1 - reached) * (step - start) / max(1, total - start)
    warmup = round(config.warmup_epochs * steps_per_epoch)
    return (step - warmup) / max(1, total - warmup)


def lr_factor(step: int, steps_per_epoch: int, config, anchor: tuple[int, float] | None = None) -> float:
    """The multiplier of the base learning rate before optimizer step number `step` (from 0)."""
    warmup = round(config.warmup_epochs * steps_per_epoch)
    if step < warmup:
        return WARMUP_START + (1 - WARMUP_START) * step / warmup
    epoch = step // steps_per_epoch
    progress = progress_at(step, steps_per_epoch, config, anchor)
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


def momentum_at(step: int, steps_per_epoch: int, config, anchor: tuple[int, float] | None = None) -> float | None:
    """One-cycle's momentum before optimizer step `step`, or None when it is not cycled (another
    schedule, or cycle_momentum off): high through the warm-up, down to low at the peak rate, back
    up as the rate anneals."""
    if config.schedule != "onecycle" or not getattr(config, "cycle_momentum", False):
        return None
    if step < round(config.warmup_epochs * steps_per_epoch):
        return MOMENTUM_HIGH
    progress = progress_at(step, steps_per_epoch, config, anchor)
    if progress < ONECYCLE_PEAK_AT:
        return _cosine(MOMENTUM_HIGH, MOMENTUM_LOW, progress / ONECYCLE_PEAK_AT)
    return _cosine(MOMENTUM_LOW, MOMENTUM_HIGH, (progress - ONECYCLE_PEAK_AT) / (1 - ONECYCLE_PEAK_AT))


def set_momentum(optimizer, momentum: float) -> None:
    """SGD keeps it as `momentum`, Adam and AdamW as the first of their `betas`."""
    for group in optimizer.param_groups:
        if "betas" in group:
            group["betas"] = (momentum, *group["betas"][1:])
        elif "momentum" in group:
            group["momentum"] = momentum


class Schedule(torch.optim.lr_scheduler.LambdaLR):
    """The rate as `lr_factor` says, per step; under one-cycle also the momentum as `momentum_at` says.
    A LambdaLR, so its state (the step count) saves and resumes as before."""

    def __init__(self, optimizer, steps_per_epoch: int, config):
        self.steps_per_epoch, self.config = steps_per_epoch, config
        self.anchor = None  # (step, progress) where the epoch count last changed; saved with the state
        super().__init__(optimizer, lambda step: lr_factor(step, steps_per_epoch, self.config, self.anchor))

    def stretch(self, config) -> None:
        """Go on as `config`'s schedule (its epoch count refitted to a time budget): the steps taken
        stay taken, and from here the progress goes on to the new end. Without the anchor the rate
        jumped where the count changed (a notch in the training window's learning-rate chart after
        the budget's first epoch)."""
        step = self.last_epoch
        if step >= round(self.config.warmup_epochs * self.steps_per_epoch):  # a warm-up keeps its own steps
            self.anchor = (step, progress_at(step, self.steps_per_epoch, self.config, self.anchor))
        self.config = config

    def replan(self, config) -> None:
        """Go on as if `config`'s epoch count had been planned from the start (a time budget's refit after
        its first epoch). Stretched on from where it was instead, a 1-epoch plan, which anneals to its floor
        within that epoch, trained the 7 refitted epochs after it at 1/10,000 of the rate and learnt nothing
        (192 images at 160 px, 3 classes: 50 %). The rate moves once, to where the new schedule is."""
        self.config, self.anchor = config, None

    def step(self, epoch=None):
        super().step(epoch)
        momentum = momentum_at(self.last_epoch, self.steps_per_epoch, self.config, self.anchor)
        if momentum is not None:
            set_momentum(self.optimizer, momentum)

    def state_dict(self) -> dict:
        state = super().state_dict()
        state.pop("config", None)  # the run's config is saved on its own; this keeps the file weights_only
        state.pop("steps_per_epoch", None)
        return state


def _cosine(start: float, end: float, fraction: float) -> float:
    return end + (start - end) * 0.5 * (1 + math.cos(math.pi * min(max(fraction, 0.0), 1.0)))


def make_scheduler(optimizer, steps_per_epoch: int, config) -> Schedule:
    return Schedule(optimizer, steps_per_epoch, config)
