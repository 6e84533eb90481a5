"""One engine job (training or the LR range test) in a child process, talking over two pipes.

The training window runs its jobs here instead of on a thread of its own process. On a thread,
training shared the GUI's interpreter lock with the window, the chart renderer and the other
workers, and its OpenMP team competed with theirs: it ran at about 0.7x train.py's images/s
(benchmarks/train_ui_latency.py). A child process is a fresh interpreter like train.py, with its
own lock and its own OpenMP runtime, and a crash or an out-of-memory kill in training no longer
takes the window and the user's other work with it.

The child imports the engine first and says READY, so a child started before it is needed (the
window keeps one waiting) starts its job at once. Then:
  parent -> child  one job: ("train", TrainConfig, resume run folder or None) or
                   ("find_lr", TrainConfig, output folder); later, "stop" at any time. End of file
                   (the window closed its end, or the program died) also means stop: the run ends
                   after its batch as when Stop is clicked, never trains on unseen.
  child -> parent  READY, the job's events (core.training.train_events), and for the LR range test LrFound;
                   JobFailed if the job raised. The child exits after its one job.
"""
from __future__ import annotations

import gc
import logging
import pickle
import signal
import threading
import traceback
from multiprocessing.connection import Connection

from core.training.train_events import JobFailed, LrFound, LrProgress

log = logging.getLogger(__name__)

READY = "ready"
STOP = "stop"


def serve(commands: Connection, events: Connection) -> None:
    """The child process's entry point (multiprocessing's target)."""
    # Ctrl+C in a terminal reaches every process of the group; the window decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="training process: %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    reply = _Replies(events, stop)
    try:
        from core.training.lr_finder import find_lr
        from core.training.train import train
        __import__("core.reporting.report")  # the run ends with the report and its heatmaps
    except Exception as error:  # a broken installation: tell the window rather than die silently
        reply.failed(error)
        return
    # Modules live as long as the process: keep the garbage collector's full passes off them.
    gc.freeze()
    reply.send(READY)
    try:
        kind, config, argument = commands.recv()
    except (EOFError, OSError):
        return  # the window closed before it needed this process
    threading.Thread(target=_listen_for_stop, args=(commands, stop), name="stop-listener", daemon=True).start()
    try:
        if kind == "train":
            for event in train(config, stop.is_set, argument):
                reply.send(event)
        else:
            reply.send(LrFound(find_lr(config, argument, progress=lambda step, steps: reply.send(LrProgress(step, steps)),
                                       should_stop=stop.is_set)))
    except Exception as error:
        log.debug("job failed", exc_info=True)
        reply.failed(error)


def _listen_for_stop(commands: Connection, stop: threading.Event) -> None:
    try:
        while commands.recv() != STOP:
            pass
    except (EOFError, OSError):
        pass  # the window is gone: stop as if asked
    stop.set()


class _Replies:
    """Sends to the window; once it is gone, asks the job to stop and lets it finish unheard."""

    def __init__(self, events: Connection, stop: threading.Event):
        self._events, self._stop = events, stop
        self._gone = False

    def send(self, message) -> None:
        if self._gone:
            return
        try:
            self._events.send(message)
        except OSError:  # broken pipe: the window died
            self._gone = True
            self._stop.set()

    def failed(self, error: BaseException) -> None:
        self.send(JobFailed(_picklable(error), traceback.format_exc()))


def _picklable(error: BaseException) -> BaseException:
    """The exception itself when it survives pickling (the window explains OSError, MemoryError...)."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
