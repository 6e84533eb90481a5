"""The training job: a generator of progress events that `train.py` loops over and the GUI wraps.

It asks `should_stop()` between batches, keeps `last.pt` resumable at every epoch boundary,
chooses `best.pt` on the validation set only, and ends with an evaluation report on the test
set made with a freshly loaded copy of the best model (never the model being trained).
"""
from __future__ import annotations

import contextlib
import errno
import logging
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler, RandomSampler

from core.training import distributed
from core.atomic import atomic_write_text, remove_leftover_temps
from core.data.augment import build_augment
from core.training.checkpoint import read_resume_state, restore_rng_state, save_last
from core.training.run_folder import (BEST, CONFIG, DATASET, LAST, METRICS_CSV, predictions_path, report_dir,
                                     write_metrics_csv, write_predictions_csv)
from core.data.audit import require_readable, summarize
from core.data.dataset import ImageDataset, should_cache
from core.data.sampling import SeededSampler, balanced_sampler, class_weights
from core.data.splits import find_splits
from core.reporting.metrics import ConfusionMatrix
from core.models.modelfile import LoadedModel, load_model_file, save_model_file
from core.data.preprocess import Preprocess
from core.models.pretrained import create_model
from core.explain.cam_layers import default_layer, layer_maps
from core.models.registry import get_architecture, get_module
from core.training.schedule import make_scheduler
from core.training.train_events import BatchEnd, DatasetReady, EpochEnd, Finished, Message
from core.training.trainconfig import TrainConfig

log = logging.getLogger(__name__)

# ENOSPC: no space left; EDQUOT (POSIX only): the user's disk quota is used up.
DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def new_run_dir(config: TrainConfig) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(config.out) / f"{stamp}-{config.model}"
    suffix = 1
    while path.exists():  # two runs started in the same second get their own folders
        suffix += 1
        path = Path(config.out) / f"{stamp}-{config.model}-{suffix}"
    return path


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


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


class Data:
    """Splits, datasets and loaders for one run."""

    def __init__(self, config: TrainConfig, cluster, progress: Callable[[str], None] | None = None):
        self.config = config
        splits = find_splits(config.data, config.val_ratio, config.test_ratio, config.seed, config.classes)
        self.preprocess = Preprocess(config.input_size, config.resize_mode, config.mean, config.std)
        total = len(splits.train) + len(splits.val) + len(splits.test)
        cache = config.cache == "on" or (config.cache == "auto" and should_cache(total, config.input_size))
        # The summary decodes every image to check it; when caching, it keeps them (resized), so
        # the cache is filled without decoding the dataset a second time.
        decoded: dict[str, np.ndarray] = {}

        def keep(path, rgb):
            decoded[str(path)] = self.preprocess.resize(rgb)
        self.summary, splits = summarize(splits, keep=keep if cache else None)
        require_readable(self.summary, splits, config.data)
        if not splits.val:
            raise ValueError("no validation images: add a val/ folder or set a validation ratio above 0")
        self.splits = splits
        self.class_names = splits.class_names
        augment = build_augment(config.augment, config.input_size)
        self.train_set = ImageDataset(splits.train, self.preprocess, augment, cache=cache)
        self.val_set = ImageDataset(splits.val, self.preprocess, None, cache=cache)
        self.test_set = ImageDataset(splits.test, self.preprocess, None, cache=cache)
        if cache:
            for name, dataset in (("train", self.train_set), ("val", self.val_set), ("test", self.test_set)):
                if progress:
                    progress(f"caching {len(dataset)} {name} images in memory")
                dataset.preload(decoded=decoded)
        # Decoded images are served from memory faster than worker processes can pickle them.
        workers = config.workers if config.workers >= 0 else (0 if cache else min(4, torch.get_num_threads()))
        pin = cluster.device.type == "cuda"
        # Every random draw of loading is re-seeded from (seed, epoch) in start_epoch: the order by
        # the shuffle generator, each sample's augmentation by the seed SeededSampler sends with its
        # index (workers' own RNGs are not used), the loader's own draw by its generator.
        self.generator = torch.Generator()
        self.shuffle_generator = torch.Generator()
        if cluster.active:
            sampler = DistributedSampler(self.train_set, cluster.world, cluster.rank, shuffle=True, seed=config.seed)
        elif config.balance == "sampler":
            sampler = balanced_sampler(self.train_set.labels, len(self.class_names), config.seed)
            sampler.generator = self.shuffle_generator
        else:
            sampler = RandomSampler(self.train_set, generator=self.shuffle_generator)
        self.sampler = sampler
        self.seeded_sampler = SeededSampler(sampler, salt=cluster.rank)
        common = {"batch_size": config.batch_size, "num_workers": workers, "pin_memory": pin,
                  "persistent_workers": workers > 0}
        self.train_loader = DataLoader(self.train_set, sampler=self.seeded_sampler, generator=self.generator,
                                       drop_last=len(self.train_set) > config.batch_size, **common)
        self.val_loader = DataLoader(self.val_set, shuffle=False, **common)
        self.test_loader = DataLoader(self.test_set, shuffle=False, **common) if len(self.test_set) else None

    def start_epoch(self, epoch: int) -> None:
        """Shuffling and augmentation depend only on (seed, epoch), so a resumed run repeats them
        whatever the loader's workers and cache."""
        epoch_seed = self.config.seed * 1000 + epoch
        seed_everything(epoch_seed)
        self.generator.manual_seed(epoch_seed)
        self.shuffle_generator.manual_seed(epoch_seed)
        self.seeded_sampler.set_epoch_seed(epoch_seed)
        if isinstance(self.sampler, DistributedSampler):
            self.sampler.set_epoch(epoch)


def memory_format(model_name: str) -> torch.memory_format:
    """Channels-last for convolutional nets: oneDNN and cuDNN run their convolutions faster that way
    (10-20 % per training step on a 2-core CPU, measured on resnet18 and mobilenet_v3_small)."""
    return torch.channels_last if get_architecture(model_name).layout == "nchw" else torch.contiguous_format


def evaluate(model: nn.Module, loader, device, criterion, amp: bool,
             layout: torch.memory_format = torch.contiguous_format) -> dict:
    """Loss, accuracy, macro F1 and the probabilities on one split."""
    model.eval()
    total_loss, probs, labels = 0.0, [], []
    with torch.inference_mode(), torch.autocast(device.type, enabled=amp):
        for x, y in loader:
            x, y = x.to(device, non_blocking=True, memory_format=layout), y.to(device, non_blocking=True)
            logits = model(x).float()
            total_loss += criterion(logits, y).item() * len(y)
            probs.append(logits.softmax(1).cpu())
            labels.append(y.cpu())
    probs, labels = torch.cat(probs).numpy(), torch.cat(labels).numpy()
    matrix = ConfusionMatrix([str(i) for i in range(probs.shape[1])])
    matrix.add_many(labels, probs.argmax(1))
    return {"loss": total_loss / len(labels), "acc": matrix.accuracy, "f1": matrix.macro_f1(),
            "probs": probs, "labels": labels}


def better(monitor: str, value: float, best: float | None) -> bool:
    if best is None:
        return True
    return value < best if monitor == "val_loss" else value > best


def train(config: TrainConfig, should_stop: Callable[[], bool] | None = None,
          resume: str | Path | None = None) -> Iterator:
    """Run (or resume, given a run folder or its last.pt) a training job, yielding events."""
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
    cluster = distributed.start(config.device)
    try:
        yield from _train(config, cluster, should_stop, resume_state, saved)
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


def _train(config: TrainConfig, cluster, should_stop, resume_state, saved: _Saved) -> Iterator:
    device, main = cluster.device, cluster.is_main
    seed_everything(config.seed)
    messages: list[str] = []
    data = Data(config, cluster, messages.append)
    run_dir = Path(distributed.share(cluster, str(saved.run_dir or new_run_dir(config))))
    saved.run_dir = run_dir
    if main:
        removed = remove_leftovers(config.out, run_dir if resume_state is not None else None)
        if removed:
            messages.append(f"removed {len(removed)} leftover temp file(s) of interrupted writes: "
                            f"{', '.join(str(path) for path in removed[:3])}{' ...' if len(removed) > 3 else ''}")
        run_dir.mkdir(parents=True, exist_ok=True)
        for name, text in ((CONFIG, config.to_json()), (DATASET, data.summary.text())):
            with _writing(run_dir / name):
                atomic_write_text(run_dir / name, text)
    yield DatasetReady(data.summary, str(run_dir))
    for text in messages + list(data.summary.warnings):
        yield Message(text, "warning" if text in data.summary.warnings else "info")

    names = data.class_names
    model, notes = create_model(config.model, len(names), config.input_size, config.pretrained)
    for note in notes:
        yield Message(note)
    layout = memory_format(config.model)
    model.to(device, memory_format=layout)
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
    amp = config.amp and device.type == "cuda"
    scaler = torch.amp.GradScaler("cuda") if amp else None
    weights = class_weights(data.train_set.labels, len(names)).to(device) if config.balance == "loss" else None
    criterion = nn.CrossEntropyLoss(weight=weights, label_smoothing=config.label_smoothing)
    eval_criterion = nn.CrossEntropyLoss()
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
        yield Message(f"resuming {run_dir.name} after epoch {start_epoch}")
    elif main:
        with _writing(run_dir / LAST):
            save_last(run_dir / LAST, record, optimizer, scheduler, 0, None, history, scaler)
        saved.epoch = 0
    tensorboard = _tensorboard(config, run_dir) if main else None
    if config.tensorboard and main and tensorboard is None:
        yield Message("TensorBoard logging skipped: the tensorboard package is not installed", "warning")

    stopped, user_stop, failed, reason = False, False, False, ""
    epoch_times: list[float] = []
    frozen = None
    net = model
    waited = 0
    for epoch in range(start_epoch + 1, config.epochs + 1):
        data.start_epoch(epoch)
        freeze_now = epoch <= config.freeze_epochs
        if freeze_now != frozen:
            frozen = freeze_now
            set_backbone_frozen(model, config, frozen)
            net = distributed.wrap(model, cluster)  # DDP registers only parameters that train now: rewrap
            if frozen:
                yield Message(f"epochs 1-{config.freeze_epochs}: backbone frozen, training the head only")
            elif config.freeze_epochs:
                yield Message(f"epoch {epoch}: backbone unfrozen (learning rate × {config.backbone_lr_scale})")
        net.train()
        set_backbone_frozen(model, config, frozen)
        started = time.perf_counter()
        seen = correct = 0
        loss_sum = 0.0
        for batch_index, (x, y) in enumerate(data.train_loader, start=1):
            if should_stop():
                stopped, user_stop = True, True
                reason = (f"stopped by the user during epoch {epoch}; last.pt holds epoch {epoch - 1}: "
                          "resume to continue")
                break
            x, y = x.to(device, non_blocking=True, memory_format=layout), y.to(device, non_blocking=True)
            with torch.autocast(device.type, enabled=amp):
                logits = net(x)
                loss = criterion(logits.float(), y)
            if not torch.isfinite(loss):
                failed = True
                reason = (f"the loss became {loss.item()} at epoch {epoch}, batch {batch_index}: lower the learning "
                          f"rate or enable gradient clipping; last.pt keeps epoch {epoch - 1}")
                break
            optimizer.zero_grad(set_to_none=True)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
            else:
                loss.backward()
            if config.grad_clip:
                nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            if scaler is not None:
                scaler.step(optimizer)
                scaler.update()
            else:
                optimizer.step()
            scheduler.step()
            seen += len(y)
            correct += int((logits.argmax(1) == y).sum())
            loss_sum += loss.item() * len(y)
            elapsed = time.perf_counter() - started
            rate = seen / elapsed if elapsed > 0 else 0.0
            per_epoch = epoch_times[-1] if epoch_times else elapsed / batch_index * steps_per_epoch
            eta = (steps_per_epoch - batch_index) * elapsed / batch_index + per_epoch * (config.epochs - epoch)
            if tensorboard:
                tensorboard.add_scalar("train/batch_loss", loss.item(), (epoch - 1) * steps_per_epoch + batch_index)
            yield BatchEnd(epoch, config.epochs, batch_index, steps_per_epoch, loss.item(),
                           optimizer.param_groups[-1]["lr"], rate * cluster.world, eta)
        if stopped or failed:
            break
        train_time = time.perf_counter() - started
        val = evaluate(model, data.val_loader, device, eval_criterion, amp, layout)
        epoch_times.append(time.perf_counter() - started)
        row = {"epoch": epoch, "train_loss": loss_sum / max(seen, 1), "train_acc": correct / max(seen, 1),
               "val_loss": val["loss"], "val_acc": val["acc"], "val_f1": val["f1"],
               "lr": optimizer.param_groups[-1]["lr"], "epoch_time_s": round(epoch_times[-1], 3),
               "images_per_s": round(seen * cluster.world / train_time, 1)}
        history.append(row)
        score = row[config.monitor]
        improved = better(config.monitor, score, best)
        if improved:
            best, waited = score, 0
        else:
            waited += 1
        if main:
            with _writing(run_dir / METRICS_CSV):
                write_metrics_csv(run_dir / METRICS_CSV, history)
            record.metrics = dict(row)
            if improved:
                with _writing(run_dir / BEST):
                    save_model_file(run_dir / BEST, record)
            with _writing(run_dir / LAST):
                save_last(run_dir / LAST, record, optimizer, scheduler, epoch, best, history, scaler)
            saved.epoch = epoch
            if tensorboard:
                for key, value in row.items():
                    tensorboard.add_scalar(f"epoch/{key}", value, epoch)
        yield EpochEnd(epoch, config.epochs, row, improved, sum(epoch_times) / len(epoch_times) * (config.epochs - epoch))
        if config.early_stopping and waited >= config.early_stopping:
            stopped, reason = True, f"early stopping: {config.monitor} did not improve for {waited} epoch(s)"
            break
    if tensorboard:
        tensorboard.close()
    distributed.barrier(cluster)
    best_path = run_dir / BEST
    if failed:
        yield Message(reason, "error")
        yield Finished(str(run_dir), str(best_path) if best_path.exists() else None, {}, True, reason, failed=True)
        return
    test_metrics = {}
    if main and best_path.exists() and not user_stop:  # a user who pressed Stop wants out now
        yield Message("evaluating the best model on the test set")
        test_metrics = yield from _final_report(best_path, data, device, run_dir, history)
    yield Finished(str(run_dir), str(best_path) if best_path.exists() else None, test_metrics, stopped,
                   reason or "finished")


def _final_report(best_path: Path, data: Data, device, run_dir: Path, history: list[dict]):
    """Test-set metrics and the report/ folder, from a fresh copy of best.pt."""
    from core.reporting.report import write_report  # matplotlib: imported only when a report is made
    best = load_model_file(best_path, device=device)
    loader = data.test_loader
    split = "test"
    if loader is None:
        loader, split = data.val_loader, "val"
        yield Message("no test images: the report uses the validation set", "warning")
    result = evaluate(best.model, loader, device, nn.CrossEntropyLoss(), False)
    samples = data.test_set.samples if split == "test" else data.val_set.samples
    explain = _explainer(best, device)
    with _writing(report_dir(run_dir)):
        metrics = write_report(report_dir(run_dir), class_names=best.class_names, history=history,
                               y_true=result["labels"], probs=result["probs"], paths=[str(p) for p, _ in samples],
                               load_image=_load_image, explain=explain, title=f"{best.arch} — {run_dir.name}")
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
