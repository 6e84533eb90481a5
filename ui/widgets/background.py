"""Work off the GUI thread, the one way GradLens does it: long-lived workers and one-off tasks.

A long-lived worker (model loading, the viewer, classification, training, the chart renderer) is a
QObject moved to a QThread of its own (`start_in_thread`, superqt's pattern). Its slots run in
that thread and it talks back only through signals, so it never touches a widget.

A one-off task (scan a folder, export a file, read a run folder, decode a figure) is a function
run on a thread pool (`run_in_background`); its result or error comes back as a signal, delivered
on the GUI thread, so the callbacks may touch widgets.

Clean death: every running thread and every task not yet reported is strongly referenced here (a
running QThread collected by Python aborts Qt); `stop_all` asks each worker to stop and waits for
it, when the application quits and at Python's exit; a task's result is dropped when its `owner`
widget has been deleted meanwhile (the user closed a window while a scan ran).

The tasks get thread pools of their own, never Qt's global one: Qt 5.15 splits big image
conversions and smooth scaling (QImage.convertToFormat, .scaled) into slices run on the global
pool and waits for them, and PyQt keeps the GIL during those calls. With Python tasks filling the
global pool (waiting for that GIL), the first such call deadlocked the program.

It lives in ui, not app, because views own workers too (the training charts' renderer, the report's
file reads) and ui never imports app; it knows Qt only, never torch.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from dataclasses import dataclass

from PyQt5 import sip
from PyQt5.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, pyqtSignal

log = logging.getLogger(__name__)

TASKS = "background tasks"   # the pool of run_in_background, unless a caller names another
STOP_WAIT_MS = 2000


# -- long-lived workers ----------------------------------------------------------------------------

@dataclass(eq=False)
class _Running:
    thread: QThread
    worker: QObject
    wait_ms: int


_running: list[_Running] = []   # strong references: a running QThread collected by Python aborts Qt
_lock = threading.Lock()        # `finished` removes entries from the ending thread itself
_quit_hooked: list[QCoreApplication] = []


def start_in_thread(worker: QObject, name: str, start_slot=None, wait_ms: int = STOP_WAIT_MS) -> QThread:
    """Move `worker` to a new thread and start it; `start_slot` runs first, in that thread.
    `wait_ms`: how long `stop_all` waits for this one at the end."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    if start_slot is not None:
        thread.started.connect(start_slot)
    thread.finished.connect(lambda: _forget(thread))
    with _lock:
        _running.append(_Running(thread, worker, wait_ms))
    _hook_quit()
    thread.start()
    return thread


def running_threads() -> list[QThread]:
    with _lock:
        return [entry.thread for entry in _running]


def _forget(thread: QThread) -> None:
    with _lock:
        _running[:] = [entry for entry in _running if entry.thread is not thread]


def stop_thread(thread: QThread, worker: QObject | None = None, timeout_ms: int = STOP_WAIT_MS) -> bool:
    """Ask the worker to stop (if it can), end the thread's loop after the slot in progress (queued
    calls are dropped), wait; True when it ended in time. A thread that did not stays referenced."""
    if worker is not None and hasattr(worker, "request_stop"):
        worker.request_stop()
    if sip.isdeleted(thread) or not thread.isRunning():   # at exit PyQt may have deleted it already
        _forget(thread)
        return True
    thread.quit()
    finished = thread.wait(timeout_ms)
    if finished:
        _forget(thread)
    else:
        log.warning("thread %s did not stop within %d ms", thread.objectName(), timeout_ms)
    return finished


def stopper(thread: QThread, timeout_ms: int = STOP_WAIT_MS):
    """A slot for `owner.destroyed` that stops `thread`: it holds the thread, never the owner."""
    return lambda *_destroyed: stop_thread(thread, None, timeout_ms)


def stop_all() -> None:
    """Stop every worker thread still running, each waited for its own `wait_ms`."""
    with _lock:
        entries = list(_running)
    for entry in entries:
        stop_thread(entry.thread, entry.worker, entry.wait_ms)


def _hook_quit() -> None:
    # Qt ends the event loop before the application goes: wait for the threads there, while the
    # windows still exist, rather than in Python's shutdown (atexit, below, catches the rest).
    app = QCoreApplication.instance()
    if app is not None and not any(hooked is app for hooked in _quit_hooked):
        _quit_hooked.append(app)
        app.aboutToQuit.connect(stop_all)


atexit.register(stop_all)


# -- one-off tasks -----------------------------------------------------------------------------------

_pools: dict[str, QThreadPool] = {}
_pending: set = set()   # the signal carriers, alive until they have reported


def task_pool(name: str = TASKS, max_threads: int | None = None) -> QThreadPool:
    """The pool called `name`, made at first use. Like Qt's global one it belongs to the application,
    whose end waits for the tasks still running (a first torch import takes seconds) instead of
    leaving them to run on into Python's shutdown; on quitting the wait comes earlier."""
    pool = _pools.get(name)
    if pool is None or sip.isdeleted(pool):
        app = QCoreApplication.instance()
        pool = _pools[name] = QThreadPool(app)
        pool.setObjectName(name)
        if app is not None:
            app.aboutToQuit.connect(pool.waitForDone)
    if max_threads is not None:
        pool.setMaxThreadCount(max_threads)
    return pool


class _Carrier(QObject):
    done = pyqtSignal(object)
    failed = pyqtSignal(str)


class _Task(QRunnable):
    def __init__(self, function, carrier: _Carrier):
        super().__init__()
        self.function, self.carrier = function, carrier

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # reported to the user by the failed callback
            log.exception("background task failed")
            self._report("failed", error_message(error))
        else:
            self._report("done", result)

    def _report(self, signal: str, value) -> None:
        try:
            getattr(self.carrier, signal).emit(value)
        except RuntimeError:   # the carrier was deleted with the application, which is ending: nobody to tell
            log.info("a background task finished after the application ended")


def error_message(error: Exception) -> str:
    """One line for the user: an OSError's reason and file, else the exception's type and text."""
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".strip(": ")
    return f"{type(error).__name__}: {error}"


def run_in_background(function, on_done=None, on_error=None, owner: QObject | None = None,
                      pool: QThreadPool | None = None) -> None:
    """Run `function` off the GUI thread; `on_done(result)` or `on_error(message)` runs on it after.

    `owner` is the widget the callbacks update: if it has been deleted by then, the result is
    dropped instead of crashing. `pool`: one of `task_pool`'s, by default the shared one."""
    carrier = _Carrier()
    _pending.add(carrier)

    def deliver(callback, value):
        _pending.discard(carrier)
        if callback is not None and not (owner is not None and sip.isdeleted(owner)):
            callback(value)
    carrier.done.connect(lambda result: deliver(on_done, result))
    carrier.failed.connect(lambda message: deliver(on_error, message))
    (pool or task_pool()).start(_Task(function, carrier))


def wait_for_background(timeout_ms: int = STOP_WAIT_MS) -> bool:
    """Wait for the tasks of every pool, `timeout_ms` in all; True when none is left running."""
    deadline = time.monotonic() + timeout_ms / 1000
    done = True
    for pool in list(_pools.values()):
        if not sip.isdeleted(pool):
            done = pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000))) and done
    return done
