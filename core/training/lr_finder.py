"""The learning-rate range test: raise the LR exponentially for a few batches, watch the loss.

The suggestion is the LR where the smoothed loss falls fastest (steepest descent on a log-LR
axis), a common and robust choice; the curve is saved so the user can judge it.
"""
from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path
from typing import Callable

import numpy as np
from torch import nn

from core.atomic import atomic_write_bytes, atomic_write_text
from core.models.pretrained import check_pretrained, create_model
from core.rate_text import short_float
from core.stopped_early import StoppedEarly
from core.training import distributed
from core.training.trainconfig import TrainConfig


def find_lr(config: TrainConfig, out_dir, start_lr: float = 1e-7, end_lr: float = 10.0, steps: int = 100,
            progress: Callable[[int, int], None] | None = None, should_stop: Callable[[], bool] | None = None,
            weights_mirror: str | None = None) -> dict:
    """Returns {"lrs", "losses", "suggestion", "csv", "plot", "stopped"}; writes lr_finder.csv/.png into out_dir.

    A sweep that `should_stop()` ends early (Stop, or its window closing, while the data is prepared or the rates
    are tried) writes nothing and returns "stopped": True, "csv" and "plot" None: its curve covers only the smallest
    rates, where the loss has not begun to fall, and replaced the complete curve of an earlier test that the user
    may still be reading. A curve the loss ends by diverging is complete: it is written.

    Missing ImageNet weights are downloaded (through `weights_mirror`, None: the configured one)
    before the dataset is scanned, as in training.
    """
    from core.training.run_data import Data, seed_everything  # the same data and optimizer as training
    from core.training.train import make_optimizer

    config.validate()
    if os.environ.get("RANK", "0") == "0":  # one process fetches; the others find it after distributed.start
        check_pretrained(config.model, config.pretrained, weights_mirror)
    seed_everything(config.seed)
    cluster = distributed.start(config.device)
    device = cluster.device
    try:
        data = Data(config, cluster, should_stop=should_stop)
    except StoppedEarly:
        return _stopped([], [])
    model, _ = create_model(config.model, len(data.class_names), config.input_size, config.pretrained)
    model.to(device).train()
    optimizer = make_optimizer(model, config)
    base = [group["lr"] for group in optimizer.param_groups]
    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    growth = (end_lr / start_lr) ** (1 / max(1, steps - 1))
    lrs, losses, smoothed, best = [], [], 0.0, math.inf
    batches = iter(())
    if progress:
        progress(0, steps)  # the data is ready: the steps begin
    for step in range(steps):
        if should_stop and should_stop():
            return _stopped(lrs, losses)
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(data.train_loader)
            x, y = next(batches)
        lr = start_lr * growth ** step
        for group, group_base in zip(optimizer.param_groups, base):
            group["lr"] = lr * group_base / config.lr  # keep the backbone/head ratio
        x = x.to(device)
        if data.batch_augment is not None:  # the flips and shifts training applies to the batch
            x = data.batch_augment(x)
        loss = criterion(model(x), y.to(device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        smoothed = 0.98 * smoothed + 0.02 * loss.item()
        value = smoothed / (1 - 0.98 ** (step + 1))  # bias-corrected running mean
        if not math.isfinite(value) or value > 4 * best:
            break
        best = min(best, value)
        lrs.append(lr)
        losses.append(value)
        if progress:
            progress(step + 1, steps)
    suggestion = suggest(lrs, losses)
    out_dir = Path(out_dir)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["lr", "smoothed_loss"])
    writer.writerows(zip(lrs, losses))
    atomic_write_text(out_dir / "lr_finder.csv", buffer.getvalue(), encoding="utf-8-sig")  # BOM: Excel reads UTF-8
    atomic_write_bytes(out_dir / "lr_finder.png", plot_png(lrs, losses, suggestion))
    return {"lrs": lrs, "losses": losses, "suggestion": suggestion,
            "csv": str(out_dir / "lr_finder.csv"), "plot": str(out_dir / "lr_finder.png"), "stopped": False}


def _stopped(lrs: list[float], losses: list[float]) -> dict:
    """A sweep stopped before its end: no suggestion, and no files, so an earlier complete test's stay."""
    return {"lrs": lrs, "losses": losses, "suggestion": None, "csv": None, "plot": None, "stopped": True}


def suggest(lrs: list[float], losses: list[float]) -> float | None:
    """The LR of steepest loss descent, ignoring the noisy first and last tenth of the sweep."""
    if len(lrs) < 5:
        return None
    slopes = np.gradient(np.array(losses), np.log10(lrs))
    lo, hi = len(lrs) // 10, max(len(lrs) // 10 + 1, len(lrs) - len(lrs) // 10)
    return float(lrs[lo + int(np.argmin(slopes[lo:hi]))])


def plot_png(lrs, losses, suggestion) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot(lrs, losses)
    axes.set_xscale("log")
    axes.set_xlabel("learning rate")
    axes.set_ylabel("training loss (smoothed)")
    if suggestion:
        # Written as the form writes it beside this plot (1.4e-4, not 0.00014)
        axes.axvline(suggestion, color="tab:red", linestyle="--", label=f"suggested {short_float(suggestion)}")
        axes.legend()
    axes.set_title("Learning-rate range test")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()

