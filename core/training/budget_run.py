"""The time budget's plan made inside a training run: the speed measured, the plan shared by every process.

core/training/budget.py decides; this module measures this machine's speed for it (torch) and is the
step train.py's engine runs before the data is read.
"""
from __future__ import annotations

import statistics
import time

import torch
from PIL import Image
from torch import nn

from core.data.splits import find_splits
from core.device import mixed_precision_pays
from core.models.registry import build_model
from core.training import distributed
from core.training.batchnorm_statistics import images_to_recompute
from core.training.budget import ENLARGED_FROM, plan
from core.training.engine import memory_format
from core.training.precision_choice import bfloat16_pays
from core.training.train_events import Message, Planned
from core.training.trainconfig import TrainConfig

MEASURE_BATCH = 32  # images per timed step: a 256-image step of a large network at 96 px takes a minute on 2 cores
FULL_BATCH_S, FULL_BATCH_STEPS = 1.0, 8  # a run's batch this quick is timed as it is, in this many steps
WARM_UP_STEPS = 2  # the first steps at a new shape build oneDNN's kernels and grow the allocator's pools


SIZE_SAMPLE = 64  # images whose size is read (their headers only) to know the data's typical size


def typical_size(paths: list) -> tuple[int, int] | None:
    """The median height and width of up to SIZE_SAMPLE of `paths`, spread over the list; None if none reads."""
    sizes = []
    for path in paths[::max(1, len(paths) // SIZE_SAMPLE)][:SIZE_SAMPLE]:
        try:
            with Image.open(path) as image:  # the header: nothing is decoded
                sizes.append((image.height, image.width))
        except (OSError, ValueError, Image.DecompressionBombError):
            continue
    if not sizes:
        return None
    return int(statistics.median(h for h, _ in sizes)), int(statistics.median(w for _, w in sizes))


def enlargement_note(images: tuple[int, int] | None, input_size: tuple[int, int]) -> str | None:
    """A warning when the run would enlarge the images ENLARGED_FROM times or more: 28-px images planned at the
    default 224 px fitted one epoch of a large network in 40 s and reached 10 %, where 28 px fitted 72."""
    if images is None or min(input_size) < ENLARGED_FROM * max(images):
        return None
    (height, width), factor = images, min(input_size) / max(images)
    return (f"the images are about {height}×{width} px and the run trains at {input_size[0]}×{input_size[1]}: each is "
            f"enlarged {factor:.0f}× and costs ~{factor ** 2:.0f}× the time, so far fewer epochs fit the budget; "
            f"--input-size {max(height, width)} (Input size in the window) trains at their own size")


def measure_rate(model_name: str, input_size: tuple[int, int], batch_size: int, classes: int,
                 device=None, steps: int = 4, amp: bool = False) -> float:
    """Training images/s of bare steps (forward, loss, backward, SGD step) on random data, timed on
    at most MEASURE_BATCH images a step so that measuring a slow candidate costs seconds, not minutes.
    Where the run's own batch takes at most FULL_BATCH_S a step, it is timed at that batch instead:
    a small network spends a larger share of a 32-image step on per-step overhead (small_resnet_s at
    28 px: planned at 564 img/s, trained at 555-619; its 7 planned epochs took 12.1 of 15 minutes).
    `amp`: timed in mixed precision, as the run will train (twice as fast on a CPU with AMX)."""
    device = device or torch.device("cpu")
    layout = memory_format(model_name)
    model = build_model(model_name, classes, input_size).train().to(device, memory_format=layout)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    setting = {"input_size": input_size, "classes": classes, "device": device, "layout": layout, "amp": amp}
    rate = _timed_steps(model, optimizer, min(batch_size, MEASURE_BATCH), steps, **setting)
    if batch_size > MEASURE_BATCH and batch_size / rate <= FULL_BATCH_S:
        rate = _timed_steps(model, optimizer, batch_size, FULL_BATCH_STEPS, **setting)
    return rate


def _timed_steps(model, optimizer, batch_size, steps, *, input_size, classes, device, layout, amp) -> float:
    """Images/s of the median step: one slow step (another program's burst on a shared machine)
    would otherwise cut the whole plan short (3 steps timed together planned 1,318 img/s for a run
    that trained at 1,600-1,700)."""
    x = torch.randn(batch_size, 3, *input_size, device=device).contiguous(memory_format=layout)
    y = torch.randint(0, classes, (batch_size,), device=device)
    times = []
    for step in range(WARM_UP_STEPS + steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device.type, enabled=amp):
            logits = model(x)
        nn.functional.cross_entropy(logits.float(), y).backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if step >= WARM_UP_STEPS:
            times.append(time.perf_counter() - start)
    return batch_size / statistics.median(times)


def plan_run(config, cluster, stated: frozenset[str] = frozenset()):
    """Generator for train.py's engine: plans `config` on the first process (the others get the same
    plan), yields the plan as a Message (for the log) and as Planned (for the training form) and
    returns (the planned config, the budget.Plan). `stated`: settings given explicitly (budget.plan)."""
    splits = find_splits(config.data, config.val_ratio, config.test_ratio, config.seed, config.classes)
    images = typical_size([path for path, _ in splits.train])
    yield Message(f"time budget {config.budget}: measuring how fast this computer trains the candidates")
    shared = None
    if cluster.is_main:
        amp = config.amp and mixed_precision_pays(cluster.device)

        def measure(name, size, batch, classes, device):  # every process trains its share of each epoch
            # in the precision the run trains it in (core/training/precision_choice.py)
            mixed = amp and (device.type == "cuda" or bfloat16_pays(name))
            return measure_rate(name, size, batch, classes, device, amp=mixed) * max(1, cluster.world)
        planned, chosen = plan(config, len(splits.train), len(splits.val), len(splits.test), len(splits.class_names),
                               measure=measure, device=cluster.device, recomputed=images_to_recompute, images=images,
                               stated=stated)
        # Said where the plan could not train at the images' size (an input size or architecture chosen).
        enlarged = None if chosen.images else enlargement_note(images, tuple(planned.input_size))
        shared = (planned.to_dict(), chosen, chosen.sentence(len(splits.train)), enlarged)
    planned, chosen, sentence, enlarged = distributed.share(cluster, shared)
    if enlarged:
        yield Message(enlarged, "warning")
    yield Message(sentence)
    given = config.to_dict()
    changed = [key for key, value in planned.items() if key != "budget" and value != given.get(key)]
    yield Planned(planned, changed, config.budget)
    return TrainConfig.from_dict(planned), chosen
