"""A recipe that fits a time budget: architecture, epochs, batch size and optimiser from this machine's speed.

`train.py --budget 15min` (or the form's Time budget) asks for the best model this machine can train
in that time. What decides it, measured on Fashion-MNIST on 2 CPU cores (issue 16): at small inputs
the registry's 224-px architectures throw the image's resolution away and only a few epochs fit,
while a compact full-resolution network trained for enough epochs with one-cycle SGD, flips, shifts
and label smoothing wins. So the plan
  1. picks the family for the input size (the small-image ResNets up to 48 px, else ImageNet-style
     networks: at 96 px small_resnet_s trains at 50 img/s on 2 cores, its stem and layer1 working at
     96×96 and 48×48, and got 1 epoch of a 3-class subset in 15 min, 93.7 %; mobilenet_v3_small's
     stride-2 stem trains at 176 img/s there and got 9 epochs, 99.4 %; at 56 px they are 144 and
     205 img/s), then the largest member that still gets GOOD_EPOCHS epochs in the budget, measured
     by a few bare training steps on random data at the run's input and batch size, discounted by
     what the loop adds (LOOP_SHARE), and timed inside the budget (one-cycle must know its length
     before the first step, and the same recipe runs at very different speeds on different days of
     the same shared machine);
  2. gives it the epochs that fit what is left, after the data preparation and the final test;
  3. sets the fast recipe: SGD with Nesterov momentum and one-cycle, label smoothing 0.1, flips (and
     shifts above 48 px), flip test-time augmentation, and progressive resizing from 60 % of the side
     up to 48 px, 3/4 above (core/training/progressive.py): the first half of the epochs trains
     faster (16-px epochs in a third of a 28-px one's time), so more epochs fit (Fashion-MNIST on 2
     AMD cores: 13 epochs instead of 8 in the same 14 min, test accuracy 92.38 % instead of 91.66 %);
     its start size is timed too;
  4. after the first epoch, refits the epoch count to that epoch's measured duration (refit_epochs):
     a few bare steps misjudge the loop by 5-20 % (it ran at 0.82 of their speed on one machine, at
     0.90-0.97 on another), and the schedule is planned anew for that count (Schedule.replan); under
     progressive resizing that epoch also measures what the loop adds at the start size;
  5. after each later epoch above the start size (at it, only when the run would end FAR_BEHIND budgets
     late), follows the time left (core/training/time_left.py):
     fewer epochs when the run would end after the budget (at two checks in a row), more when they
     still end within MARGIN of it (rebudgeted_epochs).
Only what the user left at its default is planned: a chosen architecture, epoch count, batch size,
progressive resizing start or optimiser setting is kept (the optimiser settings count as one: any of
them changed keeps them all). A setting given on the command line counts as chosen even at its
default value (`train.py --batch-size 32` keeps 32): the form cannot tell, train.py can (`stated`).
This module is torch-free (the form checks the budget's text); core/training/budget_run.py measures and
runs the plan.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, fields, replace

from core.plural import counted
from core.training.progressive import epoch_size, resizable, scaled, sizes, training_cost

SMALL_SIDE = 48  # up to this input side the small-image family is planned
SMALL_FAMILY = ("small_resnet_l", "small_resnet_m", "small_resnet_s")  # largest first
LARGE_FAMILY = ("resnet18", "mobilenet_v3_large", "mobilenet_v3_small")
ENLARGED_FROM = 3  # the input size's side over the images' from which the plan trains at the images' own size
# Measuring counts against the budget: once it has taken this share, the plan goes by what it has measured
# (a 90-s budget on a busy 2-core machine spent 101 s measuring three networks at 224 px, then trained 1 epoch).
MEASURE_SHARE = 0.1
GOOD_EPOCHS = 12  # below this the next smaller network learns more in the same time (one-cycle needs room)
MAX_EPOCHS = 100  # a few hundred images in a long budget: more passes only learn the images by heart
SMALL_BATCH, LARGE_BATCH = 256, 64
# A planned batch leaves an epoch at least MIN_STEPS steps of at least MIN_BATCH images, as far as the images
# go (planned_batch): a few hundred images in one batch train one step an epoch, a hundred in a whole run.
# 243 Fashion-MNIST images of 3 close classes (T-shirt, pullover, shirt) in 90 s, tested on 3,000
# (benchmarks/tiny_set_batch.py): batch 243 (1 step) 53.2, 62.3 and 63.5 % (seeds 0-2, 100 epochs each); with
# seeds 1 and 2: batch 60 (4 steps) 74.3 and 73.9 %, batch 30 (8 steps) 75.4 and 74.2 %, batch 15 (16 steps)
# 75.3 % (its seed-2 run, cut after 16 epochs by a busy machine: 38 %).
MIN_STEPS, MIN_BATCH = 8, 16
PREPARE_S_PER_IMAGE = 0.0005  # reading, checking and caching an image (26 s for 70,000 at 48 px)
EVAL_SHARE = 0.35  # evaluating an image costs about this share of training on it
# At progressive resizing's start size the time left is trusted to cut a run only beyond this many budgets
# (its estimate there ran up to 1.19 times the truth; core/training/train.py's _rebudget).
FAR_BEHIND = 1.5
SAID_GROWTH = 1.2  # a run ahead says its longer epoch count once it has grown by this much since it last said one
RESTART_GROWTH = 2  # a run ahead plans its learning-rate schedule anew once its count has grown this much (train.py)
MARGIN = 0.92  # plan for a little less than the budget: speed drifts on a shared machine
# The training loop runs at about this share of the bare steps' speed (loading, augmenting, metrics
# and logging; small_resnet_s at 28 px: bare 735 img/s, the loop 546-656, and the plan that ignored
# it ran 16.1 min in a 15-min budget).
LOOP_SHARE = 0.82
# Progressive resizing's start, a share of the side (core/training/progressive.py). Small images start
# smaller: Fashion-MNIST on 2 AMD cores from 60 % (16 of 28 px) fitted 13 epochs, 92.38 and 92.25 % (seeds
# 0 and 1), where from 75 % 10-11 fitted, 92.16 and 92.05 %. At 96 px mobilenet_v3_small's loop is mostly
# loading and augmenting, so starting smaller saves little time and loses detail (3 classes: 99.03 % from
# 60 %, 99.33 % from 75 %).
SMALL_PROGRESSIVE_START, PROGRESSIVE_START = 0.6, 0.75
OPTIMISER_FIELDS = ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "schedule", "label_smoothing")
FAST_OPTIMISER = {"optimizer": "sgd", "momentum": 0.9, "nesterov": True, "weight_decay": 5e-4,
                  "schedule": "onecycle", "label_smoothing": 0.1}
_UNITS = {"s": 1, "sec": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "minute": 60, "minutes": 60,
          "h": 3600, "hour": 3600, "hours": 3600}


def parse_budget(text: str) -> float:
    """Seconds in '15min', '90s', '1h30m', '1.5h' or '900' (seconds); ValueError with a plain sentence."""
    cleaned = str(text).strip().lower().replace(" ", "")
    if re.fullmatch(r"-\d.*", cleaned):  # a negative time is a time too short, not a spelling mistake
        raise ValueError(f"time budget {text!r}: at least 30 seconds, so a few epochs fit")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        seconds = float(cleaned)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)([a-z]+)", cleaned)
        if not parts or "".join(n + u for n, u in parts) != cleaned or any(u not in _UNITS for _, u in parts):
            raise ValueError(f"time budget {text!r}: write it like 15min, 90s or 1h30m")
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds < 30:
        raise ValueError(f"time budget {text!r}: at least 30 seconds, so a few epochs fit")
    return seconds


@dataclass(frozen=True)
class Plan:
    model: str
    epochs: int
    batch_size: int
    rate: float  # training images/s expected in the loop for the planned model (measured × LOOP_SHARE)
    seconds: float  # the budget
    kept: tuple[str, ...]  # what the user had set and the plan left alone
    train_images: int
    val_images: int
    input_size: tuple[int, int]
    start: float = 1.0  # progressive resizing's start size, a share of the input size (1: off)
    low_cost: float = 1.0  # seconds to train an image at the start size, as a share of the full size's
    start_rate: float = 0.0  # the bare steps' images/s at the start size, as measured (0: not measured)
    recomputed: int = 0  # images each validation first recomputes batch-norm statistics on (batchnorm_statistics.py)
    images: tuple[int, int] | None = None  # the images' typical size, where the plan trains at it instead of 224 px
    lowered_batch: bool = False  # the usual batch would have left an epoch fewer than MIN_STEPS steps

    def sentence(self, train_images: int) -> str:
        kept = f"; kept as you set them: {', '.join(self.kept)}" if self.kept else ""
        height, width = self.input_size
        sized = ""
        if self.images is not None:
            sized = (f", at the images' own {height}×{width} px (the default 224 px would enlarge each "
                     f"{224 / max(self.images):.0f}× and fit far fewer epochs)")
        lowered = (f", smaller than usual so that an epoch has {train_images // self.batch_size} steps"
                   if self.lowered_batch else "")
        return (f"time budget {_minutes(self.seconds)}: {self.model}{sized}, {counted(self.epochs, 'epoch')} of "
                f"{train_images:,} images, batch {self.batch_size}{lowered} (this machine trains it at "
                f"{self.rate:.0f} images/s){kept}")

    def refit_sentence(self, epoch_s: float, epochs: int) -> str:
        took = f"{epoch_s:.0f} s" if epoch_s >= 9.5 else f"{epoch_s:.1f} s"  # "took 0 s" for a short epoch
        fit = "fits" if epochs == 1 else "fit"
        return (f"time budget {_minutes(self.seconds)}: the first epoch took {took}, so {counted(epochs, 'epoch')} "
                f"{fit}, not the {self.epochs} planned; the learning-rate schedule now spans {epochs}")

    def rebudget_sentence(self, end_s: float, epochs: int, epoch: int, planned: int, restart: bool = False) -> str:
        if epochs > planned:
            schedule = ("starts again for them, its rate rising back towards the peak" if restart else
                        "stretches to them")
            return (f"time budget {_minutes(self.seconds)}: the run is ahead and would end at {end_s / 60:.1f} min, so "
                    f"{counted(epochs, 'epoch')}, not {planned}; the learning-rate schedule {schedule}")
        then = ("so it stops after this epoch and tests its best model" if epochs == epoch else
                f"so {counted(epochs, 'epoch')}, not {planned}; the learning-rate schedule ends sooner")
        return f"time budget {_minutes(self.seconds)}: the run fell behind and would end after {end_s / 60:.1f} min, {then}"

    def training_costs(self, epochs: int) -> list[float]:
        """Seconds to train an image in each epoch of a run of `epochs`, as a share of the full size's:
        progressive resizing's smaller images train faster, linearly in their area between the start
        size (`low_cost`, measured) and the full size."""
        return [training_cost(size, self.input_size, self.start, self.low_cost)
                for size in sizes(epochs, self.input_size, self.start)]

    def calibrated(self, first_rate: float) -> "Plan":
        """The plan with `low_cost` taken from the first epoch, trained at the start size at `first_rate`
        images/s: what the loop adds to the bare steps per image (loading, augmenting, resizing) is
        measured there and added to the full size's bare steps. The plan's guess, LOOP_SHARE of the
        full size's time, fits one machine: on a slower one the loop added 8e-5 s an image at every
        size (16-28 px), a twentieth of a full-size step, and the guess made a 16-px epoch cost about
        0.45 of a full one where it cost 0.35, and a run from 60 % took 15.6 min of a 15-min budget."""
        first = epoch_size(1, self.epochs, self.input_size, self.start)
        if not self.start_rate or first == tuple(self.input_size):  # not measured, or trained at full size
            return self
        added = max(0.0, 1 / first_rate - 1 / self.start_rate)
        bare_full = self.rate / LOOP_SHARE  # the full size's bare steps, as measured
        return replace(self, low_cost=min(1.0, (1 / first_rate) / (1 / bare_full + added)))

    def epoch_costs(self, epochs: int) -> list[float]:
        """Each epoch's duration (training, then validation at full size) in full-size epochs."""
        validation = (self.val_images + self.recomputed) * EVAL_SHARE
        whole = max(1.0, self.train_images + validation)
        return [(self.train_images * cost + validation) / whole for cost in self.training_costs(epochs)]


def rebudgeted_epochs(plan: Plan, epoch: int, epochs: int, elapsed_s: float, left_s, allowed,
                      behind_before: bool = True) -> int:
    """After epoch `epoch` of `epochs`, the count that ends the run within its budget as it now goes;
    `left_s(count)`: the seconds a run of `count` epochs has left after this one, its test pass included
    (core/training/time_left.py). Behind (it would end after the budget: the machine slowed down after
    the first epoch set the count): as many as end within MARGIN of it, or none more (`epoch`: the run
    stops and tests its best model). Ahead (more epochs end within MARGIN, as three of five runs
    on 2026-12-03 would have: they ended at 12.5-13.2 of 13.8 minutes): as many as do, where
    `allowed(count)` (progressive resizing's sizes to come must not shrink). The schedule goes on from
    its rate either way (schedule.Schedule.stretch). A run is cut only when it was behind at the previous
    check too (`behind_before`): one estimate at a new size's first epoch, on a machine busy for a moment,
    said 15.0 min, cut 39 epochs to 36, and the next four checks gave them back one by one (sizes may not
    shrink); the run ended at 13.8. An epoch count the user chose stays."""
    if "epochs" in plan.kept:
        return epochs
    target = plan.seconds * MARGIN
    if elapsed_s + left_s(epochs) > plan.seconds:
        if not behind_before:
            return epochs
        fitting = [count for count in range(epoch, epochs) if elapsed_s + left_s(count) <= target]
        return max(fitting, default=epoch)
    while epochs < MAX_EPOCHS and allowed(epochs + 1) and elapsed_s + left_s(epochs + 1) <= target:
        epochs += 1
    return epochs


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def _changed(config) -> set[str]:
    from core.training.trainconfig import TrainConfig
    default = TrainConfig()
    return {f.name for f in fields(config) if getattr(config, f.name) != getattr(default, f.name)}


def plan(config, train_images: int, val_images: int, test_images: int, classes: int, measure,
         spent_s: float = 0.0, device=None, recomputed=lambda train_images, batch: 0,
         images: tuple[int, int] | None = None, stated: frozenset[str] = frozenset()) -> tuple[object, Plan]:
    """(the config to train with, the plan): `config` with what its budget decides filled in; `images`: the
    images' typical (height, width), at which it trains where the input size, the architecture and the
    starting weights are left at their defaults and the default size would enlarge them ENLARGED_FROM×
    or more (28-px images at 224 px: 64× the time a step, one epoch in 90 s, chance accuracy).
    `measure(name, input_size, batch, classes, device)` gives training images/s (budget_run.measure_rate);
    `recomputed(train_images, batch)` the images each validation first recomputes batch-norm statistics on
    (batchnorm_statistics.images_to_recompute: validation waits for them as for as many validated images);
    `stated`: the settings the user gave explicitly, kept as chosen even where they equal the default."""
    seconds = parse_budget(config.budget)
    changed = _changed(config) | set(stated)
    size = tuple(config.input_size)
    own_size = (images is not None and not {"input_size", "model"} & changed and not config.pretrained
                and min(size) >= ENLARGED_FROM * max(images))
    if own_size:
        size = tuple(max(16, side) for side in images)  # 16: the smallest input size a run takes
    small = min(size) <= SMALL_SIDE
    batch = config.batch_size if "batch_size" in changed else planned_batch(small, train_images)
    batch = max(1, min(batch, train_images))
    total = train_images + val_images + test_images
    final_s = test_images * EVAL_SHARE * 2  # the test pass, and with flip TTA a second one
    validated = val_images + recomputed(train_images, batch)
    # Pretrained weights belong to the architecture they were chosen with: it stays.
    keep_model = "model" in changed or bool(config.pretrained)
    family = [config.model] if keep_model else list(SMALL_FAMILY if small else LARGE_FAMILY)
    started = time.perf_counter()

    def left_s() -> float:  # the measurements count against the budget too
        return seconds * MARGIN - spent_s - (time.perf_counter() - started) - total * PREPARE_S_PER_IMAGE

    def full_epochs(rate: float) -> float:  # full-size epochs that fit what is left, after the test
        return (left_s() - final_s / rate) / ((train_images + validated * EVAL_SHARE) / rate)
    chosen = None
    # The largest that gets GOOD_EPOCHS full-size epochs (progressive resizing fits more), found from the
    # smallest up: it is the quickest to measure, and when it misses no larger network gets there.
    for name in reversed(family):
        if chosen is not None and time.perf_counter() - started > seconds * MEASURE_SHARE:
            break
        rate = measure(name, size, batch, classes, device) * LOOP_SHARE
        fits = full_epochs(rate) >= GOOD_EPOCHS
        if chosen is None or fits:  # the smallest stays chosen even when it misses: nothing fits better
            chosen = (name, rate)
        if not fits:
            break
    name, rate = chosen
    default_start = SMALL_PROGRESSIVE_START if small else PROGRESSIVE_START
    # Where full-size epochs reach MAX_EPOCHS already, smaller ones would only end the run sooner, and a run that
    # a busy machine cuts short at the start size keeps a network that fails at the full size: 243 images of 3
    # classes in 90 s, cut after 9-16 epochs at 16 of 28 px, tested at 36-38 % (chance), and cut after 10 epochs
    # without progressive resizing at 62 % (uncut: 74-75 % with it, 73.5 % without, cut at 57 epochs).
    start = config.progressive_resize if "progressive_resize" in changed else (
        default_start if resizable(name) and full_epochs(rate) < MAX_EPOCHS else 1.0)
    low_cost, start_rate = 1.0, 0.0
    if start < 1 and "epochs" not in changed:
        # What the loop adds per image (loading, augmenting, resizing) does not shrink with the image;
        # guessed here as at the full size, measured after the first epoch (Plan.calibrated).
        added = (1 - LOOP_SHARE) / rate
        start_rate = measure(name, scaled(size, start), batch, classes, device)
        low_cost = min(1.0, (1 / start_rate + added) * rate)
    # smaller than the usual batch for the steps, not because every image fits in one
    lowered = "batch_size" not in changed and batch < min(SMALL_BATCH if small else LARGE_BATCH, train_images)
    costs = Plan(name, 1, batch, rate, seconds, (), train_images, val_images, size, start,
                 low_cost, start_rate, validated - val_images, tuple(images) if own_size else None, lowered)
    epochs = config.epochs if "epochs" in changed else fitting_epochs(costs, full_epochs(rate))
    updates = {"model": name, "epochs": epochs, "batch_size": batch, "budget": "", "progressive_resize": start,
               "input_size": size}
    if not changed & set(OPTIMISER_FIELDS):
        # One-cycle SGD's peak rate grows with the batch (0.2 at 256 measured on the small family).
        updates.update(FAST_OPTIMISER, lr=0.2 * batch / 256 if small else 0.05 * batch / 64)
    if "augment" not in changed:
        # In a short budget a small network underfits small images and shifts only slow its learning.
        # Fashion-MNIST in 15 min on 2 AMD cores: on a slow day (13-14 epochs) 93.29 % with flips alone,
        # 92.80 % with shifts of up to 1/16 of the side, 92.38 % with 1/8; on a fast day (30-40 epochs)
        # flips alone 94.09 and 94.17 % (seeds 0, 1), with shifts 93.37 and 93.43 %. Above 48 px shifts stay
        # (3 classes at 96 px: 99.33 %).
        updates["augment"] = ["hflip"] if small else ["hflip", "translate"]
    if "tta" not in changed and hasattr(config, "tta"):
        updates["tta"] = "flip"
    if "cam_layer" not in changed and name != config.model:
        updates["cam_layer"] = None
    kept = tuple(sorted(changed & ({"model", "epochs", "batch_size", "progressive_resize"} | set(OPTIMISER_FIELDS))))
    return replace(config, **updates), replace(costs, epochs=epochs, kept=kept)


def planned_batch(small: bool, train_images: int) -> int:
    """The batch a budget plans: the family's usual one, smaller where it would leave an epoch too few steps.
    Fewer than MIN_STEPS × MIN_BATCH images get as many steps of at least MIN_BATCH as they fill, the batch
    dividing them evenly: the training loader drops the last, incomplete batch (a batch of 16 of 30 images
    would leave 14 out of every epoch)."""
    usual = SMALL_BATCH if small else LARGE_BATCH
    steps = max(1, min(MIN_STEPS, train_images // MIN_BATCH))
    return min(usual, max(1, train_images // steps))


def fitting_epochs(plan: Plan, full_epochs: float, done: int = 0) -> int:
    """The most epochs (at least one, at most MAX_EPOCHS) whose epochs after the first `done` take at most
    `full_epochs` full-size epochs; under progressive resizing the sizes depend on the count."""
    epochs = max(1, done)
    while epochs < MAX_EPOCHS and sum(plan.epoch_costs(epochs + 1)[done:]) <= full_epochs:
        epochs += 1
    return epochs


def refit_epochs(plan: Plan, epoch_s: float, elapsed_s: float, test_images: int, rate: float, tta: str) -> int:
    """The epochs that fit the budget, from the first epoch as it ran: `epoch_s` its duration (training
    and validation), `elapsed_s` the budget spent so far (measuring, preparing the data, that epoch),
    `rate` its training images/s; the test pass (twice with test-time augmentation) still to come.
    Under progressive resizing the first epoch trained on smaller images: the plan's costs, calibrated
    by that epoch, scale it. An epoch count the user chose stays."""
    if "epochs" in plan.kept:
        return plan.epochs
    plan = plan.calibrated(rate)
    full_epoch_s = epoch_s / plan.epoch_costs(plan.epochs)[0]
    full_rate = rate * plan.training_costs(plan.epochs)[0]
    final_s = test_images * EVAL_SHARE * (1 if tta == "off" else 2) / full_rate
    left = plan.seconds * MARGIN - elapsed_s - final_s
    return fitting_epochs(plan, left / full_epoch_s, done=1)
