"""One epoch of training and one pass of evaluation: the two steps the training job loops over.

Shaped like `train_one_epoch` and `evaluate` in torchvision's references/classification/train.py.
`train_one_epoch` is a generator: it yields a `BatchEnd` after every batch, checks `should_stop()`
before each one, and returns the epoch's `EpochStats` (totals, time, and why it ended early, if
it did); flips and shifts (core/data/batch_augment.py) and MixUp/CutMix (core/training/mixing.py)
work on each batch on the device, and the weight average (core/training/ema.py) follows every
optimizer step. `evaluate` returns loss, accuracy, macro F1 and the probabilities of one split, with
test-time augmentation when asked. The epochs around them (freezing, checkpoints, early stopping,
events) are `core.training.train`.
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Callable, Generator

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.inference.tta import tta_probs
from core.models.registry import get_architecture
from core.reporting.metrics import ConfusionMatrix
from core.training import distributed
from core.training.mixing import hard_labels
from core.training.train_events import BatchEnd


@dataclass
class Step:
    """What a training step needs, built once per run: the model (unwrapped), its loss and optimizer."""
    model: nn.Module
    criterion: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: object  # a torch LR scheduler, stepped after every batch
    scaler: torch.amp.GradScaler | None  # float16 on CUDA; None: full precision or bfloat16 (CPU)
    device: torch.device
    layout: torch.memory_format
    amp: bool
    grad_clip: float
    mix: Callable | None = None  # MixUp/CutMix: (images, labels) -> (mixed images, soft targets)
    ema: object = None  # a core.training.ema.WeightAverage, updated after every optimizer step
    augment: Callable | None = None  # flips and shifts of the whole batch (core/data/batch_augment.py)
    size: tuple[int, int] | None = None  # this epoch's training size, when smaller (core/training/progressive.py)
    scale: float = 1.0  # this epoch's training side as a share of the input size's (metrics.csv's train_scale)


@dataclass
class EpochStats:
    """The totals of one training epoch; `stopped` or `diverged` says why it ended before its last batch."""
    started: float  # time.perf_counter() when the epoch began
    seen: int = 0
    correct: int = 0
    loss_sum: float = 0.0
    train_time: float = 0.0
    stopped: str = ""   # the user asked to stop: the sentence that says so
    diverged: str = ""  # the loss became NaN or infinite: the sentence that says so


def memory_format(model_name: str) -> torch.memory_format:
    """Channels-last for convolutional nets: oneDNN and cuDNN run their convolutions faster that way
    (10-20 % per training step on a 2-core CPU, measured on resnet18 and mobilenet_v3_small)."""
    return torch.channels_last if get_architecture(model_name).layout == "nchw" else torch.contiguous_format


def step_schedule_past_a_skipped_step(scheduler) -> None:
    """Step the schedule after a float16 step, which GradScaler skips where the gradients overflowed: usually
    its first batches, while it finds its scale. The schedule counts the batch all the same, as torchvision's
    references do, so that it ends where it was planned to; PyTorch's warning that the schedule stepped before
    the optimizer had been the first line a CUDA user saw (seen on an H200)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Detected call of `lr_scheduler\.step\(\)` before")
        scheduler.step()


def train_one_epoch(step: Step, net: nn.Module, loader, epoch: int, epochs: int,
                    should_stop: Callable[[], bool], *, world: int = 1,
                    time_left: Callable[[int, int, float], float] | None = None,
                    tensorboard=None) -> Generator[BatchEnd, None, EpochStats]:
    """Train `net` (the model, or its DDP wrapper) on every batch of `loader` once.

    The caller puts the model in training mode first (with frozen batch-norm layers left in eval
    mode). `world` scales the images/s reported to the whole cluster; `time_left(batch, batches, elapsed_s)`
    estimates the seconds left in the run (train.py's knows the epochs' sizes, core/training/time_left.py);
    without it, this epoch's pace times the epochs left.
    """
    stats = EpochStats(started=time.perf_counter())
    steps = len(loader)
    optimizer, scaler = step.optimizer, step.scaler
    for batch_index, (x, y) in enumerate(loader, start=1):
        if should_stop():
            stats.stopped = (f"stopped by the user during epoch {epoch}; last.pt holds epoch {epoch - 1}: "
                             "resume to continue")
            break
        x, y = x.to(step.device, non_blocking=True, memory_format=step.layout), y.to(step.device, non_blocking=True)
        if step.augment is not None:
            x = step.augment(x).contiguous(memory_format=step.layout)
        if step.size is not None and tuple(x.shape[-2:]) != step.size:
            x = F.interpolate(x, size=step.size, mode="bilinear", antialias=True).contiguous(memory_format=step.layout)
        if step.mix is not None:
            x, y = step.mix(x, y)  # y: soft targets, which the cross-entropy takes as they are
        with torch.autocast(step.device.type, enabled=step.amp):
            logits = net(x)
            loss = step.criterion(logits.float(), y)
        if not torch.isfinite(loss):
            stats.diverged = (f"the loss became {loss.item()} at epoch {epoch}, batch {batch_index}: lower the "
                              f"learning rate or enable gradient clipping; last.pt keeps epoch {epoch - 1}")
            break
        optimizer.zero_grad(set_to_none=True)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
        else:
            loss.backward()
        if step.grad_clip:
            nn.utils.clip_grad_norm_(step.model.parameters(), step.grad_clip)
        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
            step_schedule_past_a_skipped_step(step.scheduler)
        else:
            optimizer.step()
            step.scheduler.step()
        if step.ema is not None:
            step.ema.update(step.model)
        stats.seen += len(y)
        stats.correct += int((logits.argmax(1) == hard_labels(y)).sum())
        stats.loss_sum += loss.item() * len(y)
        elapsed = time.perf_counter() - stats.started
        rate = stats.seen / elapsed if elapsed > 0 else 0.0
        if time_left is not None:
            eta = time_left(batch_index, steps, elapsed)
        else:
            eta = elapsed / batch_index * (steps * (epochs - epoch + 1) - batch_index)
        if tensorboard:
            tensorboard.add_scalar("train/batch_loss", loss.item(), (epoch - 1) * steps + batch_index)
        yield BatchEnd(epoch, epochs, batch_index, steps, loss.item(), optimizer.param_groups[-1]["lr"],
                       rate * world, eta, step.scale)
    stats.train_time = time.perf_counter() - stats.started
    return stats


def evaluate(model: nn.Module, loader, device, criterion, amp: bool,
             layout: torch.memory_format = torch.contiguous_format, tta: str = "off") -> dict:
    """Loss, accuracy, macro F1 and the probabilities on one split. With test-time augmentation
    (core/inference/tta.py) the probabilities are the mean over the views and the loss is their
    negative log-likelihood (`criterion` is for the plain logits)."""
    model.eval()
    total_loss, probs, labels = 0.0, [], []
    with torch.inference_mode(), torch.autocast(device.type, enabled=amp):
        for x, y in loader:
            x, y = x.to(device, non_blocking=True, memory_format=layout), y.to(device, non_blocking=True)
            if tta == "off":
                logits = model(x).float()
                total_loss += criterion(logits, y).item() * len(y)
                probs.append(logits.softmax(1).cpu())
            else:
                averaged = tta_probs(model, x, tta)
                total_loss += F.nll_loss(averaged.clamp_min(1e-12).log(), y).item() * len(y)
                probs.append(averaged.cpu())
            labels.append(y.cpu())
    return split_metrics(total_loss, torch.cat(probs).numpy(), torch.cat(labels).numpy())


def split_metrics(total_loss: float, probs: np.ndarray, labels: np.ndarray) -> dict:
    matrix = ConfusionMatrix([str(i) for i in range(probs.shape[1])])
    matrix.add_many(labels, probs.argmax(1))
    return {"loss": total_loss / len(labels), "acc": matrix.accuracy, "f1": matrix.macro_f1(),
            "probs": probs, "labels": labels, "loss_sum": total_loss}


def gather_evaluation(cluster, result: dict, share: list[int] | None) -> dict:
    """Under torchrun each process evaluates its `share` of a split (its images' positions in it):
    every process gets the whole split's metrics, from the probabilities in the split's order, as
    one process computes them (the loss may differ in its last digits: batches hold other images).
    `share` None: every process evaluated the whole split, and the first one's result counts."""
    if not cluster.active:
        return result
    if share is None:
        return distributed.share(cluster, result)
    parts = distributed.everyone(cluster, (share, result["loss_sum"], result["probs"], result["labels"]))
    order = np.argsort(np.concatenate([np.asarray(part[0]) for part in parts]), kind="stable")
    probs = np.concatenate([part[2] for part in parts])[order]
    labels = np.concatenate([part[3] for part in parts])[order]
    return split_metrics(sum(part[1] for part in parts), probs, labels)
