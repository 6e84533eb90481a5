"""Runs the engine's training job (and the LR range test) on a background thread.

Batch events arrive hundreds of times a second on a GPU; they are collected here and sent to
the window at most ten times a second, so drawing never slows training or the GUI.
"""
from __future__ import annotations

import errno
import logging
import threading
import time
from importlib import import_module

from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from app.heap import freeze_long_lived, importing

log = logging.getLogger(__name__)

EMIT_SECONDS = 0.1


def config_from_values(values: dict):
    """The form's plain dict -> a validated TrainConfig (raises ValueError listing problems)."""
    from core.trainconfig import TrainConfig
    config = TrainConfig.from_dict(values)
    config.validate()
    return config


def explain_failure(error: BaseException, values: dict) -> str:
    """Turn the usual training failures into advice a user can act on."""
    text = str(error)
    if isinstance(error, MemoryError) or "out of memory" in text.lower():
        return (f"Out of memory with batch size {values.get('batch_size')}: try a smaller batch size "
                "or a smaller input size. Earlier checkpoints are intact.")
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "The disk is full: the last checkpoint could not be written. Earlier checkpoints are intact."
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".strip(": ")
    return text if isinstance(error, ValueError) else f"{type(error).__name__}: {text}"


class TrainWorker(QObject):
    started = pyqtSignal(str)  # run folder
    summary = pyqtSignal(dict)  # DatasetSummary.to_dict()
    progress = pyqtSignal(object)  # the latest BatchEnd
    batches = pyqtSignal(list)  # [(epoch, batch, batches, loss, lr)] since the last delivery
    epoch = pyqtSignal(object)  # EpochEnd
    message = pyqtSignal(str, str)  # text, level
    finished = pyqtSignal(object)  # Finished
    failed = pyqtSignal(str)
    lrFound = pyqtSignal(dict)

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    @pyqtSlot(dict, object)
    def train(self, values: dict, resume) -> None:
        self._stop.clear()
        try:
            with importing("the training engine"):
                from core.train import train
                from core.train_events import BatchEnd, DatasetReady, EpochEnd, Finished, Message
                # The run ends by writing a report and explaining test images: import those now.
                import_module("core.predict")
                import_module("core.report")
            config = config_from_values(values)
            pending, last, set_up = [], 0.0, False
            for event in train(config, self._stop.is_set, resume):
                if isinstance(event, BatchEnd):
                    if not set_up:   # model, optimizer and data live until the run ends
                        freeze_long_lived("setting up the run")
                        set_up = True
                    pending.append((event.epoch, event.batch, event.batches, event.loss, event.lr))
                    now = time.perf_counter()
                    if now - last >= EMIT_SECONDS or event.batch == event.batches:
                        self.batches.emit(pending)
                        self.progress.emit(event)
                        pending, last = [], now
                elif isinstance(event, DatasetReady):
                    self.started.emit(event.run_dir)
                    self.summary.emit(event.summary.to_dict())
                elif isinstance(event, EpochEnd):
                    self.epoch.emit(event)
                elif isinstance(event, Message):
                    self.message.emit(event.text, event.level)
                elif isinstance(event, Finished):
                    self.finished.emit(event)
        except Exception as error:  # shown to the user; never allowed to escape into Qt
            log.exception("training failed")
            self.failed.emit(explain_failure(error, values))

    @pyqtSlot(dict, str)
    def find_lr(self, values: dict, out_dir: str) -> None:
        self._stop.clear()
        try:
            with importing("the LR range test"):
                from core.lr_finder import find_lr
            result = find_lr(config_from_values(values), out_dir, should_stop=self._stop.is_set)
            self.lrFound.emit({"suggestion": result["suggestion"], "plot": result["plot"]})
        except Exception as error:
            log.exception("LR range test failed")
            self.failed.emit(explain_failure(error, values))


def scan_dataset(values: dict) -> dict:
    """The dataset summary for the form (run on the thread pool, not the GUI thread)."""
    from core.dataset import find_splits, summarize
    splits = find_splits(values["data"], values.get("val_ratio", 0.1), values.get("test_ratio", 0.1),
                         values.get("seed", 0), values.get("classes"))
    summary, _ = summarize(splits)
    return {"summary": summary.to_dict(), "source": splits.source}
