"""Runs the engine's training job (and the LR range test) for the window, from a background thread.

The job itself runs in a child process (app/train_process.py, core/training/child_job.py); this worker's
thread starts it, relays its events as signals and asks it to stop. Batch events arrive hundreds
of times a second on a GPU; they are collected here and sent to the window at most ten times a
second, so drawing never slows training or the GUI.
"""
from __future__ import annotations

import errno
import logging
import threading
import time

from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from app.train_process import TrainingProcess
from core.training.train_events import (
    BatchEnd,
    DatasetReady,
    EpochEnd,
    Finished,
    JobFailed,
    LrFound,
    LrProgress,
    Message,
    Planned,
    StoppedBeforeTraining,
)
from core.training.trainconfig import TrainConfig  # torch-free
from ui.training.form_checks import output_folder_problem

log = logging.getLogger(__name__)

EMIT_SECONDS = 0.1


def config_from_values(values: dict):
    """The form's plain dict -> a validated TrainConfig (raises ValueError listing problems).

    The same TrainConfig.problems() the form showed; checked again because a resumed run's
    config.json reaches here without the form's say."""
    config = TrainConfig.from_dict(values)
    config.validate()
    return config


def explain_failure(error: BaseException, values: dict) -> str:
    """Turn the usual training failures into advice a user can act on."""
    text = str(error)
    if isinstance(error, MemoryError) or "out of memory" in text.lower():
        return (f"Out of memory with batch size {values.get('batch_size')}: try a smaller batch size "
                "or a smaller input size. Earlier checkpoints are intact.")
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        # Training says this itself (a failed Finished naming the file and what last.pt holds);
        # this is for the rest, e.g. the LR range test's curve.
        where = f" ({error.filename})" if error.filename else ""
        return f"The disk is full: a file could not be written{where}. Files written earlier are intact."
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".strip(": ")
    return text if isinstance(error, ValueError) else f"{type(error).__name__}: {text}"


class TrainWorker(QObject):
    """Runs each job in a TrainingProcess and turns what it sends into signals.

    While the window is idle one child waits, engine imported (5-10 s on a 2-core machine), so Start
    begins at once; the next is started when a job ends.
    """

    started = pyqtSignal(str)  # run folder
    summary = pyqtSignal(dict)  # DatasetSummary.to_dict()
    progress = pyqtSignal(object)  # the latest BatchEnd
    batches = pyqtSignal(list)  # [BatchEnd] since the last delivery
    epoch = pyqtSignal(object)  # EpochEnd
    message = pyqtSignal(str, str)  # text, level
    planned = pyqtSignal(object)  # Planned: the time budget's plan
    finished = pyqtSignal(object)  # Finished
    failed = pyqtSignal(str)
    refused = pyqtSignal(str, str)  # output folder, why no run folder can be made in it: found before a child starts
    # Stop before the run folder was made, nothing written: True while a time budget measured this computer,
    # False while the data was prepared
    stoppedBeforeTraining = pyqtSignal(bool)
    lrFound = pyqtSignal(dict)
    lrProgress = pyqtSignal(int, int)  # step, steps of the LR range test
    engineReady = pyqtSignal()  # a child waits with the engine imported

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()
        self._closing = threading.Event()
        self._job_queued = threading.Event()  # a job waits in this thread's queue: prepare() stops blocking it
        self._standby: TrainingProcess | None = None
        self._environment: dict = {}  # for the jobs: the weights mirror (app/train_process.py)

    def set_environment(self, environment: dict) -> None:
        """Environment variables for the next jobs' training processes; from any thread."""
        self._environment = dict(environment)

    def request_stop(self) -> None:
        self._stop.set()

    def expect_job(self) -> None:
        """Called on the GUI thread as a job is queued: a Stop from now on applies to it, even one
        clicked while the job waits for the training process to finish loading."""
        self._stop.clear()
        self._job_queued.set()

    def close(self) -> None:
        """The window is closing: stop the job, and give up waiting for a child to be ready."""
        self._closing.set()
        self._stop.set()

    def discard_standby(self) -> None:
        """End the waiting child; call once this worker's thread has ended."""
        if self._standby is not None:
            self._standby.discard()
            self._standby = None

    @pyqtSlot()
    def prepare(self) -> None:
        """Have a child ready for the next job (blocks this worker's thread, not the GUI's)."""
        if self._closing.is_set():
            return
        if self._standby is None or not self._standby.process.is_alive():
            self._standby = TrainingProcess()
        # A job queued meanwhile runs now: what it checks before a child is involved (the settings, the output
        # folder) is said at once, not after the engine's 5-10 s import; the job then waits for the import itself.
        if self._standby.wait_ready(lambda: self._closing.is_set() or self._job_queued.is_set()):
            self.engineReady.emit()

    @pyqtSlot(dict, object)
    def train(self, values: dict, resume) -> None:
        self._run("train", resume, values)

    @pyqtSlot(dict, str)
    def find_lr(self, values: dict, out_dir: str) -> None:
        from core.atomic import remove_leftover_temps
        remove_leftover_temps(out_dir)  # each range test reuses the folder: a killed one's temp files
        self._run("find_lr", out_dir, values)

    def _run(self, kind: str, argument, values: dict) -> None:
        """One job (core/training/child_job.py) in the waiting child, or a new one; then prepare the next."""
        self._job_queued.clear()
        try:
            config = config_from_values(values)
        except Exception as error:  # invalid values: said before a child is involved
            self.failed.emit(explain_failure(error, values))
            return
        # Tried here, off the GUI thread, as the form tries it while Output folder is typed in: a folder that
        # permissions allow may still be refused (/sys), and the child only said "Operation not permitted".
        # A resumed run writes in its own folder.
        problem = output_folder_problem(config.out) if kind == "find_lr" or argument is None else None
        if problem:
            self.refused.emit(config.out, problem)
            return
        child, self._standby = self._standby or TrainingProcess(), None
        if not child.ready:
            self.message.emit("waiting for the training process to load PyTorch…", "info")
        try:
            try:
                child.start_job((kind, config, argument), self._environment)
            except OSError:
                pass  # it died before its job: _relay reads why (a failed import) or finds it gone
            # A time budget's measuring (seconds, minutes on a busy machine) asks no should_stop() and writes nothing.
            self._relay(child, values, measuring=kind == "train" and argument is None and bool(config.budget))
        except Exception as error:  # never allowed to escape into Qt
            log.exception("relaying the training process failed")
            child.discard()
            self.failed.emit(explain_failure(error, values))
        self.prepare()

    def _relay(self, child: TrainingProcess, values: dict, measuring: bool = False) -> None:
        """Turn the child's events into signals until its job ends; batches at most every EMIT_SECONDS.

        `measuring`: the job begins with a time budget's measuring, until its Planned. A Stop then ends the child at
        once: the measuring looks at no Stop, so a click waited for it to end (10 s here, 90-117 s on a busy
        machine), then a run folder was made to hold "last.pt holds epoch 0"."""
        pending, last, stop_sent = [], 0.0, False
        while True:
            if self._stop.is_set() and not stop_sent:
                if measuring and not child.has_unread():  # unread, its Planned may be on the way: read it first
                    child.discard()
                    self.stoppedBeforeTraining.emit(True)
                    return
                if not measuring:
                    child.stop()
                    stop_sent = True
            try:
                event = child.next_event(0.1)
            except EOFError:
                reason = child.death()
                child.discard()
                self.failed.emit(f"The training process ended unexpectedly: {reason}. "
                                 "Checkpoints written so far are intact; Resume continues from last.pt.")
                return
            if event is None:
                continue
            if isinstance(event, BatchEnd):
                pending.append(event)
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
            elif isinstance(event, Planned):
                measuring = False
                self.planned.emit(event)
            elif isinstance(event, LrProgress):
                now = time.perf_counter()
                if now - last >= EMIT_SECONDS or event.step in (0, event.steps):
                    self.lrProgress.emit(event.step, event.steps)
                    last = now
            elif isinstance(event, StoppedBeforeTraining):
                child.finish()
                self.stoppedBeforeTraining.emit(False)
                return
            elif isinstance(event, (Finished, LrFound, JobFailed)):
                child.finish()
                if isinstance(event, Finished):
                    self.finished.emit(event)
                elif isinstance(event, LrFound):
                    self.lrFound.emit({key: event.result[key] for key in ("suggestion", "plot", "stopped")})
                else:
                    log.error("training process: %s", event.details)
                    self.failed.emit(explain_failure(event.error, values))
                return


def scan_dataset(values: dict, should_stop=None) -> dict:
    """The dataset summary for the form (run on the thread pool, not the GUI thread), or
    {"problem": why this folder cannot be trained on} (one class, no images, an unknown class), or
    {"stopped": True} when `should_stop()` said yes between two files (another folder was chosen meanwhile)."""
    from core.data.audit import require_readable, summarize
    from core.data.splits import find_splits
    from core.stopped_early import StoppedEarly
    try:
        splits = find_splits(values["data"], values.get("val_ratio", 0.1), values.get("test_ratio", 0.1),
                             values.get("seed", 0), values.get("classes"))
    except ValueError as error:
        return {"problem": str(error)}
    try:
        summary, readable = summarize(splits, should_stop=should_stop)
    except StoppedEarly:
        return {"stopped": True}
    try:
        require_readable(summary, readable, values["data"])
    except ValueError as error:
        return {"problem": str(error)}
    return {"summary": summary.to_dict(), "source": splits.source}
