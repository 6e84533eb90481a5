"""The training job: a generator of progress events that `train.py` loops over and the GUI wraps.

It asks `should_stop()` between batches, keeps `last.pt` resumable at every epoch boundary,
chooses `best.pt` on the validation set only, and ends with an evaluation report on the test
set made with a freshly loaded copy of the best model (never the model being trained).
One epoch of training and an evaluation are `core.training.engine`; the datasets and loaders of
a run are `core.training.run_data`.
"""
from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import re
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import torch
from torch import nn

from core.atomic import atomic_write_text, remove_leftover_temps
from core.data.sampling import class_weights
from core.device import mixed_precision_pays
from core.explain.cam_layers import default_layer, layer_maps
from core.inference.tta import view_count
from core.interrupts import deferred
from core.models.modelfile import LoadedModel, load_model_file, save_model_file
from core.models.pretrained import check_pretrained, create_model, resumable_model
from core.models.registry import build_model, get_architecture, get_module
from core.plural import counted
from core.stopped_early import StoppedEarly
from core.training import distributed
from core.training.batch_trace import BatchTrace, resumed_rows
from core.training.batchnorm_statistics import recompute, training_batchnorm
from core.training.budget import FAR_BEHIND, RESTART_GROWTH, SAID_GROWTH, rebudgeted_epochs, refit_epochs
from core.training.budget_run import plan_run
from core.training.checkpoint import read_resume_state, restore_ema, restore_rng_state, save_last
from core.training.ema import weight_average
from core.training.engine import Step, evaluate, gather_evaluation, memory_format, train_one_epoch
from core.training.mixing import batch_mix
from core.training.precision_choice import bfloat16_pays, precision_sentence
from core.training.progressive import epoch_size, never_shrinks, progressive_sentence, scaled
from core.training.run_data import Data, seed_everything
from core.training.run_folder import (
    BATCHES_CSV,
    BEST,
    CONFIG,
    DATASET,
    LAST,
    METRICS_CSV,
    predictions_path,
    read_batches,
    report_dir,
    write_batches_csv,
    write_metrics_csv,
    write_predictions_csv,
)
from core.training.schedule import make_scheduler
from core.training.time_left import TimeLeft
from core.training.train_events import DatasetReady, EpochEnd, Finished, Message, StoppedBeforeTraining
from core.training.trainconfig import TrainConfig

log = logging.getLogger(__name__)

# ENOSPC: no space left; EDQUOT (POSIX only): the user's disk quota is used up.
DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def new_run_dir(config: TrainConfig) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    model = config.model.replace("/", "-")  # timm/<name> would make a folder inside a folder
    path = Path(config.out) / f"{stamp}-{model}"
    suffix = 1
    while path.exists():  # two runs started in the same second get their own folders
        suffix += 1
        path = Path(config.out) / f"{stamp}-{model}-{suffix}"
    return path


def make_optimizer(model: nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    """Two parameter groups, head and backbone, so a fine-tuned backbone can learn more slowly."""
    head = set(get_module(model, get_architecture(config.model).head).parameters())
    backbone_lr = config.lr * (config.backbone_lr_scale if config.freeze_epochs else 1.0)
    groups = [
        {"params": [p for p in model.parameters() if p not in head], "lr": backbone_lr, "name": "backbone"},
        {"params": [p for p in model.parameters() if p in head], "lr": config.lr, "name": "head"},
    ]
    if config.optimizer == "sgd":
        return torch.optim.SGD(groups, lr=config.lr, momentum=config.momentum, nesterov=config.nesterov,
                               weight_decay=config.weight_decay)
    if config.optimizer == "adam":
        return torch.optim.Adam(groups, lr=config.lr, weight_decay=config.weight_decay)
    return torch.optim.AdamW(groups, lr=config.lr, weight_decay=config.weight_decay)


def set_backbone_frozen(model: nn.Module, config: TrainConfig, frozen: bool) -> None:
    """Freeze everything but the head; frozen batch-norm layers also stop updating their statistics."""
    head_module = get_module(model, get_architecture(config.model).head)
    head = set(head_module.parameters())
    for parameter in model.parameters():
        parameter.requires_grad_(parameter in head or not frozen)
    if frozen:
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.eval()


def better(monitor: str, value: float, best: float | None) -> bool:
    if best is None:
        return True
    return value < best if monitor == "val_loss" else value > best


def train(config: TrainConfig, should_stop: Callable[[], bool] | None = None,
          resume: str | Path | None = None, weights_mirror: str | None = None,
          stated: frozenset[str] = frozenset()) -> Iterator:
    """Run (or resume, given a run folder or its last.pt) a training job, yielding events.

    `stated`: the settings given explicitly (train.py's options on the command line), which a time
    budget keeps even where they equal the default.

    Missing ImageNet weights are downloaded first, through `weights_mirror` (None: the configured
    one), before the dataset is scanned or a run folder made: a refusal leaves nothing behind.
    """
    should_stop = should_stop or (lambda: False)
    resume_state, saved = None, _Saved()
    if resume is not None:
        resume = Path(resume)
        last = resume if resume.is_file() else resume / "last.pt"
        resume_state = read_resume_state(last)
        recorded = dict(resume_state["config"])
        if config.data and not Path(recorded.get("data") or "").is_dir() and Path(config.data).is_dir():
            recorded["data"] = config.data  # the run's data folder has moved: the caller says where to
        config = TrainConfig.from_dict({**recorded, "epochs": max(config.epochs, recorded["epochs"])})
        saved = _Saved(last.parent, resume_state["resume"]["epoch"])
    config.validate()
    if resume_state is None and os.environ.get("RANK", "0") == "0":
        # Under torchrun only the first process fetches; the others meet it at distributed.start,
        # which waits for every process, and find the file cached. A resumed run needs no starting
        # weights: last.pt holds its own.
        check_pretrained(config.model, config.pretrained, weights_mirror)
    cluster = distributed.start(config.device)
    try:
        if config.sync_bn:
            distributed.check_sync_bn(cluster)  # before a run folder is made
        yield from _train(config, cluster, should_stop, resume_state, saved, stated)
    except OSError as error:
        if not is_disk_full(error):
            raise
        log.debug("a write failed: the disk is full", exc_info=True)
        best = saved.run_dir / "best.pt" if saved.run_dir else None
        yield Finished(str(saved.run_dir or config.out), str(best) if best and best.exists() else None, {}, True,
                       saved.disk_full(error), failed=True)
    finally:
        distributed.stop(cluster)


def remove_leftovers(out, run_dir: Path | None = None) -> list[Path]:
    """Temp files that killed writes left (up to a model's size each), in the run being resumed and
    in the output folder the runs share: its own files, each run's folder and the LR range test's.
    core.atomic keeps those of writers still alive."""
    out = Path(out)
    removed = remove_leftover_temps(out)
    try:
        folders = [entry for entry in out.iterdir() if entry.is_dir() and not entry.is_symlink()
                   and (entry.name == "lr_finder" or (entry / "config.json").is_file())]
    except OSError:
        folders = []
    if run_dir is not None and run_dir not in folders:
        folders.append(run_dir)
    for folder in folders:
        removed += remove_leftover_temps(folder, recursive=True)
    return removed


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in DISK_FULL


@dataclass
class _Saved:
    """Where a run writes and what it has safely on disk: the words for a write that failed."""
    run_dir: Path | None = None
    epoch: int | None = None  # the epoch last.pt holds (0: the untrained start); None: no last.pt yet

    def disk_full(self, error: OSError) -> str:
        path = Path(error.filename) if error.filename else self.run_dir
        if path is None or path.is_dir():  # the report: one of the files in its folder
            what = f"a file could not be written in {path or 'the run folder'}"
        else:
            temp = re.fullmatch(r"\.(.+)\.\w{8}\.tmp", path.name)  # atomic_open's temp file: name the target
            what = f"{temp.group(1) if temp else path.name} could not be written in {path.parent}"
        if self.epoch is None or self.run_dir is None:
            kept = "no checkpoint was written yet: free space and start the run again"
        else:
            held = "the untrained start" if self.epoch == 0 else f"epoch {self.epoch}"
            kept = f"last.pt still holds {held}: free space and continue with --resume {self.run_dir}"
        return f"the disk is full: {what}; {kept}"


@contextlib.contextmanager
def _writing(path: Path):
    """Name the file in an OSError raised while writing it (a failed write() names none)."""
    try:
        yield
    except OSError as error:
        if not error.filename:
            error.filename = str(path)
        raise


def _earlier_batches(run_dir: Path) -> list[dict]:
    """The resumed run's batches.csv; [] (a chart without its earlier batches) when it cannot be read."""
    try:
        return read_batches(run_dir)
    except (OSError, ValueError) as error:
        log.warning("%s cannot be read, so the charts start their per-batch loss here: %s", BATCHES_CSV, error)
        return []


def _train(config: TrainConfig, cluster, should_stop, resume_state, saved: _Saved, stated: frozenset[str]) -> Iterator:
    device, main = cluster.device, cluster.is_main
    started, budget_plan = time.perf_counter(), None
    if config.budget and resume_state is None:  # a resumed run keeps the plan it made (config.json)
        config, budget_plan = yield from plan_run(config, cluster, stated)
    seed_everything(config.seed)
    messages: list[str] = []
    if config.cam_layer and resume_state is None:  # a misspelt layer: said before the data is read and a run made
        get_module(build_model(config.model, 2, config.input_size), config.cam_layer)
    try:
        data = Data(config, cluster, messages.append, should_stop)
    except StoppedEarly:  # nothing is made before the data is ready: a Stop meanwhile leaves nothing behind
        yield StoppedBeforeTraining()
        return
    run_dir = Path(distributed.share(cluster, str(saved.run_dir or new_run_dir(config))))
    saved.run_dir = run_dir
    if main:
        removed = remove_leftovers(config.out, run_dir if resume_state is not None else None)
        if removed:
            messages.append(f"removed {counted(len(removed), 'leftover temp file')} of interrupted writes: "
                            f"{', '.join(str(path) for path in removed[:3])}{' ...' if len(removed) > 3 else ''}")
        run_dir.mkdir(parents=True, exist_ok=True)
        for name, text in ((CONFIG, config.to_json()), (DATASET, data.summary.text())):
            with _writing(run_dir / name):
                atomic_write_text(run_dir / name, text)
    yield DatasetReady(data.summary, str(run_dir))
    for text in messages + list(data.summary.warnings):
        yield Message(text, "warning" if text in data.summary.warnings else "info")

    names = data.class_names
    if resume_state is None:
        model, notes = create_model(config.model, len(names), config.input_size, config.pretrained)
    else:
        model, notes = resumable_model(config.model, len(names), config.input_size, config.pretrained), []
    for note in notes:
        yield Message(note)
    layout = memory_format(config.model)
    model.to(device, memory_format=layout)
    start = scaled(config.input_size, config.progressive_resize)  # progressive resizing's first size
    if config.progressive_resize < 1 and not _takes_size(model, start, device, layout):
        yield Message(f"progressive resizing off: {config.model} cannot take images of {start[1]}×{start[0]} px, "
                      f"its start size; every epoch trains at {config.input_size[1]}×{config.input_size[0]}", "warning")
        config = replace(config, progressive_resize=1.0)
        if budget_plan is not None:  # its refit counts full-size epochs now
            budget_plan = replace(budget_plan, start=1.0)
        if main:
            with _writing(run_dir / CONFIG):
                atomic_write_text(run_dir / CONFIG, config.to_json())
    if config.sync_bn:
        model, note = distributed.sync_batch_norm(model, cluster)
        yield Message(note)
    arch = get_architecture(config.model)
    if config.cam_layer:
        get_module(model, config.cam_layer)  # a misspelt layer fails now, not after hours of training
        cam_layer = config.cam_layer
    else:  # the architecture's layer, unless its map is too coarse at this input size
        cam_layer = default_layer(layer_maps(model, config.model, config.input_size, arch.cam_layer), arch.cam_layer)
    record = LoadedModel(model, config.model, names, data.preprocess, cam_layer, config.to_dict())
    optimizer = make_optimizer(model, config)
    steps_per_epoch = len(data.train_loader)
    scheduler = make_scheduler(optimizer, steps_per_epoch, config)
    amp = config.amp and mixed_precision_pays(device)
    if amp and device.type == "cpu":  # bfloat16 in hardware, which slows a few networks down
        amp = bfloat16_pays(config.model)
        if main:
            yield Message(precision_sentence(config.model))
    # float16 on CUDA needs its loss scaled; bfloat16 (CPU) has float32's range and does not.
    scaler = torch.amp.GradScaler("cuda") if amp and device.type == "cuda" else None
    weights = class_weights(data.train_set.labels, len(names)).to(device) if config.balance == "loss" else None
    criterion = nn.CrossEntropyLoss(weight=weights, label_smoothing=config.label_smoothing)
    eval_criterion = nn.CrossEntropyLoss()
    ema = weight_average(model, config)  # validated, kept as best.pt and tested instead of the model
    start_epoch, best, history = 0, None, []
    if resume_state is not None:
        model.load_state_dict(resume_state["state_dict"])
        state = resume_state["resume"]
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        if scaler is not None and state.get("scaler"):
            scaler.load_state_dict(state["scaler"])
        start_epoch, best, history = state["epoch"], state["best"], list(state["history"])
        restore_rng_state(state["rng"])
        restore_ema(ema, state)
        yield Message(f"resuming {run_dir.name} after epoch {start_epoch}")
    elif main:
        with deferred(), _writing(run_dir / LAST):
            save_last(run_dir / LAST, record, optimizer, scheduler, 0, None, history, scaler, ema)
        saved.epoch = 0
    tensorboard = _tensorboard(config, run_dir) if main else None
    if config.tensorboard and main and tensorboard is None:
        yield Message("TensorBoard logging skipped: the tensorboard package is not installed", "warning")

    step = Step(model, criterion, optimizer, scheduler, scaler, device, layout, amp, config.grad_clip,
                batch_mix(config, len(names)), ema, augment=data.batch_augment)
    # A short epoch's batch-norm statistics are recomputed before validation (core/training/batchnorm_statistics.py).
    statistics_loader = data.statistics_loader if training_batchnorm(model) else None
    if statistics_loader is not None and main:
        yield Message(f"{counted(steps_per_epoch, 'training step')} an epoch: too few for batch norm's running averages to "
                      f"follow the weights, so they are recomputed on {len(statistics_loader.dataset)} training "
                      "images before each validation")
    trace = BatchTrace(resumed_rows(_earlier_batches(run_dir), start_epoch) if resume_state is not None and main
                       else ())
    stopped, user_stop, failed, reason = False, False, False, ""
    epoch_times: list[float] = []
    clock = _time_left(config, data, budget_plan, len(statistics_loader.dataset) if statistics_loader else 0)
    if resume_state is not None:
        clock.replay(history, config.epochs, len(data.train_set))
    behind = False  # a time budget's run was behind at its last check (_rebudget)
    fitted = None  # the epochs a time budget fitted after the first one: fewer at the end are said in `reason`
    said = config.epochs  # the epoch count the log gave last
    scheduled = config.epochs  # the epoch count the learning-rate schedule was planned for (Schedule.replan)
    frozen = None
    net = model
    waited = 0
    epoch = start_epoch
    if resume_state is not None and start_epoch >= config.epochs and main:
        # Resuming a finished run tests its best model again and writes the report anew (what a run killed during
        # its final test needs); said, so that it is not taken for training that did nothing.
        trained = f"all {config.epochs} epochs are" if config.epochs != 1 else "its 1 epoch is"
        yield Message(f"{trained} trained: testing the best model again and writing its "
                      "report (--epochs N trains further)")
    while epoch < config.epochs:  # a time budget may refit config.epochs after the first epoch
        epoch += 1
        data.start_epoch(epoch)
        freeze_now = epoch <= config.freeze_epochs
        if freeze_now != frozen:
            frozen = freeze_now
            set_backbone_frozen(model, config, frozen)
            net = distributed.wrap(model, cluster)  # DDP registers only parameters that train now: rewrap
            if frozen:
                yield Message(f"epochs 1-{config.freeze_epochs}: backbone frozen, training the head only")
            elif config.freeze_epochs:
                clock.forget_pace()
                yield Message(f"epoch {epoch}: backbone unfrozen (learning rate × {config.backbone_lr_scale})")
        trained = epoch_size(epoch, config.epochs, config.input_size, config.progressive_resize)
        size = None if trained == tuple(config.input_size) else trained
        step.scale = round(trained[0] / config.input_size[0], 3)  # the charts shade the epoch while it trains
        if size != step.size:  # progressive resizing: the log says when the training size changes
            step.size = size
            yield Message(progressive_sentence(epoch, config.epochs, config.input_size, config.progressive_resize))
        net.train()
        set_backbone_frozen(model, config, frozen)  # after train(): frozen batch-norm layers stay in eval mode
        stats = yield from trace.record(train_one_epoch(
            step, net, data.train_loader, epoch, config.epochs, should_stop, world=cluster.world,
            tensorboard=tensorboard, time_left=functools.partial(clock.during_epoch, epoch, config.epochs)))
        if stats.stopped or stats.diverged:
            trace.drop_epoch()
        if stats.stopped:
            stopped, user_stop, reason = True, True, stats.stopped
            break
        if stats.diverged:
            failed, reason = True, stats.diverged
            break
        validated = ema.module if ema else model
        # Validated in float32 on a CPU, as predict.py classifies: bfloat16 shifts probabilities in their third
        # digit, enough to move a close call (validation, 6,000 images, is ~7 % of a Fashion-MNIST epoch). The
        # batch-norm statistics it normalises with are recomputed in the same precision.
        eval_amp = amp and device.type == "cuda"
        if statistics_loader is not None:
            recompute(validated, training_batchnorm(model), statistics_loader, device, layout, eval_amp)
        distributed.same_buffers(validated, cluster)  # the first process's, as best.pt keeps
        val = evaluate(validated, data.val_loader, device, eval_criterion, eval_amp, layout)
        val = gather_evaluation(cluster, val, data.val_share)
        epoch_times.append(time.perf_counter() - stats.started)
        clock.epoch_done(trained, stats.train_time, epoch_times[-1] - stats.train_time)
        seen = max(stats.seen, 1)
        row = {"epoch": epoch, "train_loss": stats.loss_sum / seen, "train_acc": stats.correct / seen,
               "val_loss": val["loss"], "val_acc": val["acc"], "val_f1": val["f1"],
               "lr": optimizer.param_groups[-1]["lr"], "epoch_time_s": round(epoch_times[-1], 3),
               "images_per_s": round(stats.seen * cluster.world / stats.train_time, 1),
               "train_scale": step.scale}  # progressive resizing's side share
        history.append(row)
        trace.end_epoch()
        if budget_plan is not None and (epoch == 1 or epoch < config.epochs):
            if epoch == 1:  # the first epoch measured the loop: the count that fits, the schedule still warming up
                epochs, budget_plan = _refit_to_budget(budget_plan, started, epoch_times[0], stats, data, cluster,
                                                       config.tta)
                clock.low_cost = _start_cost(config, budget_plan)
                fitted, restart = epochs, False
                sentence = budget_plan.refit_sentence(epoch_times[0], epochs)
            else:  # the machine's speed drifts: fewer epochs when behind, more when well ahead
                epochs, end, behind = _rebudget(budget_plan, config, clock, epoch, trained, started, behind, cluster)
                was = said if epochs > config.epochs else config.epochs  # as the log last gave it
                restart = epochs >= RESTART_GROWTH * scheduled
                sentence = budget_plan.rebudget_sentence(end, epochs, epoch, was, restart)
            if epochs != config.epochs:
                # A run well ahead gains an epoch or two at most checks (progressive resizing's sizes may not
                # shrink): the log says so once the count has grown by a fifth (270 images in 90 s said it at
                # 78 epochs in a row).
                if epoch == 1 or epochs < config.epochs or epochs >= said * SAID_GROWTH or restart:
                    yield Message(sentence)
                    said = epochs
                    step.size = None  # progressive resizing's sizes follow the new count: the log says them again
                config = replace(config, epochs=epochs)
                if main:
                    with _writing(run_dir / CONFIG):
                        atomic_write_text(run_dir / CONFIG, config.to_json())
                if epoch == 1 or restart:
                    # The plan's schedule may have annealed within its first epoch already. Stretched over twice
                    # its epochs or more, an annealing schedule trains the rest at a sliver of its rate: a busy
                    # first epoch fitted 243 images into few epochs, the quiet machine then grew them to 93, all
                    # below 1/10 of the peak rate, and the run tested at 46.5 % where others reached 74 %. Planned
                    # anew, the rate rises back towards its peak (a warm restart) and anneals over the new count.
                    scheduler.replan(config)
                    scheduled = epochs
                else:
                    scheduler.stretch(config)
                record.config = config.to_dict()  # last.pt's: a resumed run goes on to the new count
        score = row[config.monitor]
        improved = better(config.monitor, score, best)
        if improved:
            best, waited = score, 0
        else:
            waited += 1
        if main:
            # A signal while these are written waits until they are (core/interrupts.py): Ctrl+C inside torch.save
            # came out as a traceback ("unexpected pos …") instead of the one line that says how to resume.
            with deferred():
                with _writing(run_dir / METRICS_CSV):
                    write_metrics_csv(run_dir / METRICS_CSV, history)
                with _writing(run_dir / BATCHES_CSV):
                    write_batches_csv(run_dir / BATCHES_CSV, trace.rows)
                record.metrics = dict(row)
                if improved:
                    with _writing(run_dir / BEST):
                        save_model_file(run_dir / BEST, ema.record(record) if ema else record)
                with _writing(run_dir / LAST):
                    save_last(run_dir / LAST, record, optimizer, scheduler, epoch, best, history, scaler, ema)
                saved.epoch = epoch
                if tensorboard:
                    for key, value in row.items():
                        tensorboard.add_scalar(f"epoch/{key}", value, epoch)
        yield EpochEnd(epoch, config.epochs, row, improved, clock.after_epoch(epoch, config.epochs))
        if config.early_stopping and waited >= config.early_stopping:
            stopped, reason = True, f"early stopping: {config.monitor} did not improve for {counted(waited, 'epoch')}"
            break
    if tensorboard:
        tensorboard.close()
    distributed.barrier(cluster)
    best_path = run_dir / BEST
    if failed:
        yield Message(reason, "error")
        yield Finished(str(run_dir), str(best_path) if best_path.exists() else None, {}, True, reason, failed=True)
        return
    if not reason and fitted is not None and config.epochs < fitted:
        # The report's scores may be far below what the budget promised (a busy machine cut 243 images in 90 s
        # to 9 epochs, still at progressive resizing's start size: 38 % where the whole run reached 75 %): the
        # reason says why, in the window's status line as well as the log.
        reason = (f"the time budget ended the run after {config.epochs} of the {fitted} epochs it had fitted: "
                  "this computer ran slower than when it was measured")
    test_metrics = {}
    if main and best_path.exists() and not user_stop:  # a user who pressed Stop wants out now
        yield Message("evaluating the best model on the test set" + (f", with test-time augmentation ({config.tta})"
                                                                      if config.tta != "off" else ""))
        test_metrics = yield from _final_report(best_path, data, device, run_dir, history)
    yield Finished(str(run_dir), str(best_path) if best_path.exists() else None, test_metrics, stopped,
                   reason or "finished")


def _takes_size(model: nn.Module, size: tuple[int, int], device, layout) -> bool:
    """Whether the network runs on an image of `size` (a stride-4 stem and three max-pools, alexnet's,
    leave nothing of 48 px); tried once on zeros before training, so a run does not fail at its first batch."""
    was_training = model.training
    try:
        with torch.inference_mode():
            model.eval()(torch.zeros(1, 3, *size, device=device).contiguous(memory_format=layout))
        return True
    except RuntimeError:
        return False
    finally:
        model.train(was_training)


def _time_left(config: TrainConfig, data: Data, budget, recomputed: int) -> TimeLeft:
    """The run's time-left estimate: its epochs' sizes, and the final test pass (on the validation set
    when there are no test images) in validated images, times its test-time augmentation's copies;
    `recomputed`: the images each validation first recomputes batch-norm statistics on, which it waits
    for as for as many validated ones."""
    validated = len(data.val_share) if data.val_share is not None else len(data.val_set)  # this process's
    validated += recomputed
    tested = len(data.test_set) or len(data.val_set)
    test_share = tested / validated * view_count(config.tta) if validated else 0.0
    return TimeLeft(config.input_size, config.progressive_resize, test_share, _start_cost(config, budget))


def _start_cost(config: TrainConfig, budget) -> float | None:
    """The start size's training cost where a time budget measured it (not when the user chose the epoch
    count), for the run's own progressive resizing; None: the area's share."""
    measured = budget is not None and budget.start_rate and budget.start == config.progressive_resize < 1
    return budget.low_cost if measured else None


def _refit_to_budget(budget, started: float, epoch_s: float, stats, data: Data, cluster, tta: str):
    """(the epochs that fit the time budget now that the first epoch has run, the plan calibrated by that
    epoch) (core/training/budget.py, refit_epochs), the first process's on every one."""
    test_images = len(data.test_set) if data.test_set is not None else 0
    rate = stats.seen * cluster.world / max(stats.train_time, 1e-9)
    epochs = refit_epochs(budget, epoch_s, time.perf_counter() - started, test_images, rate, tta)
    return distributed.share(cluster, (epochs, budget.calibrated(rate)))


def _rebudget(budget, config: TrainConfig, clock: TimeLeft, epoch: int, trained: tuple[int, int], started: float,
              behind_before: bool, cluster) -> tuple[int, float, bool]:
    """(the epochs that end within the time budget as the run now goes, when the run would end with the
    epochs it had, whether it is behind now), the first process's on every one (core/training/budget.py,
    rebudgeted_epochs). At progressive resizing's start size the time left rests on epochs smaller than those
    to come (core/training/time_left.py: there its estimate ran up to 1.19 times the truth, and would cut runs
    that were on time), so there it counts only when the run would end FAR_BEHIND times past the budget: 270
    images in batches of 30 on a busy machine trained 53 epochs at the start size, and ran 4 min 49 s of 90 s."""
    size, start = tuple(config.input_size), config.progressive_resize
    elapsed = time.perf_counter() - started
    end = elapsed + clock.after_epoch(epoch, config.epochs)  # as it goes now
    at_start = trained == scaled(size, start) and start < 1
    behind_from = budget.seconds * (FAR_BEHIND if at_start else 1.0)
    if at_start and end <= behind_from:  # every process shares once either way: the first process's answer counts
        return distributed.share(cluster, (config.epochs, end, False))
    epochs = rebudgeted_epochs(budget, epoch, config.epochs, elapsed, functools.partial(clock.after_epoch, epoch),
                               lambda count: never_shrinks(epoch, count, size, start, trained), behind_before)
    return distributed.share(cluster, (epochs, end, end > behind_from))


def _final_report(best_path: Path, data: Data, device, run_dir: Path, history: list[dict]):
    """Test-set metrics and the report/ folder, from a fresh copy of best.pt."""
    from core.reporting.report import write_report  # matplotlib: imported only when a report is made
    best = load_model_file(best_path, device=device)
    loader = data.test_loader
    split = "test"
    if loader is None:
        loader, split = data.whole_val_loader, "val"
        yield Message("no test images: the report uses the validation set", "warning")
    result = evaluate(best.model, loader, device, nn.CrossEntropyLoss(), False, tta=best.config.get("tta", "off"))
    samples = data.test_set.samples if split == "test" else data.val_set.samples
    explain = _explainer(best, device)
    with _writing(report_dir(run_dir)):
        metrics = write_report(report_dir(run_dir), class_names=best.class_names, history=history,
                               y_true=result["labels"], probs=result["probs"], paths=[str(p) for p, _ in samples],
                               load_image=_load_image, explain=explain, title=_report_title(best.arch, run_dir))
    predictions = predictions_path(run_dir, split)
    with _writing(predictions):
        write_predictions_csv(predictions, samples, best.class_names, result)
    metrics = {f"{split}_{k}" if k in ("accuracy", "macro_f1", "macro_auc") else k: v
               for k, v in metrics.items() if k in ("accuracy", "macro_f1", "macro_auc", "n_test")}
    best.metrics = {**best.metrics, **metrics}
    with _writing(best_path):
        save_model_file(best_path, best)
    return metrics


def _load_image(path: str):
    from core.data.decode import load_rgb
    return load_rgb(path)


def _report_title(arch: str, run_dir: Path) -> str:
    """"resnet18 — my-run"; a run folder named by GradLens (20261203-190843-resnet18) says the model already."""
    return run_dir.name if arch.replace("/", "-") in run_dir.name else f"{arch} — {run_dir.name}"


def _explainer(best: LoadedModel, device):
    from core.explain.overlay import blend, to_original
    from core.inference.predict import Classifier

    classifier = Classifier(best, str(device), "gradcam")

    def explain(path: str):
        rgb = _load_image(path)
        tensor = best.preprocess(rgb)[None]
        _, maps, _ = classifier.predict_batch(tensor)
        return blend(rgb, to_original(maps[0], best.preprocess.geometry(*rgb.shape[:2])))
    return explain


def _tensorboard(config: TrainConfig, run_dir: Path):
    if not config.tensorboard:
        return None
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return None
    return SummaryWriter(str(run_dir / "tensorboard"))
