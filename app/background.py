"""One-off background tasks (export a file, copy images): run a function on a thread pool.

The function runs off the GUI thread; its result or error comes back as a signal, delivered
on the GUI thread, so the callbacks may touch widgets.

The tasks get a thread pool of their own, never Qt's global one: Qt 5.15 splits big image
conversions and smooth scaling (QImage.convertToFormat, .scaled) into slices run on the global
pool and waits for them, and PyQt keeps the GIL during those calls. With Python tasks filling the
global pool (waiting for that GIL), the first such call deadlocked the program.
"""
from __future__ import annotations

import logging

from PyQt5 import sip
from PyQt5.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, pyqtSignal

log = logging.getLogger(__name__)
_pending: set = set()  # keep the signal carriers alive until they have reported
_pool: QThreadPool | None = None


def _thread_pool() -> QThreadPool:
    """The tasks' pool. Like Qt's global one it belongs to the application, whose end waits for
    the tasks still running (a first torch import takes seconds) instead of leaving them to run on
    into Python's shutdown; on quitting the wait comes earlier, while the windows still exist."""
    global _pool
    if _pool is None or sip.isdeleted(_pool):
        app = QCoreApplication.instance()
        _pool = QThreadPool(app)
        _pool.setObjectName("background tasks")
        if app is not None:
            app.aboutToQuit.connect(_pool.waitForDone)
    return _pool


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
            self._report("failed", f"{type(error).__name__}: {error}" if not isinstance(error, OSError)
                         else f"{error.strerror or error}: {error.filename or ''}".strip(": "))
        else:
            self._report("done", result)

    def _report(self, signal: str, value) -> None:
        try:
            getattr(self.carrier, signal).emit(value)
        except RuntimeError:   # the carrier was deleted with the application, which is ending: nobody to tell
            log.info("a background task finished after the application ended")


def run_in_background(function, on_done=None, on_error=None, owner=None) -> None:
    """Run `function` off the GUI thread; `on_done(result)` or `on_error(message)` runs on it after.

    `owner` is the widget the callbacks update: if it has been closed and deleted by then (the
    user closed a window while a scan was running), the result is dropped instead of crashing.
    """
    carrier = _Carrier()
    _pending.add(carrier)

    def deliver(callback, value):
        _pending.discard(carrier)
        if callback is not None and not (owner is not None and sip.isdeleted(owner)):
            callback(value)
    carrier.done.connect(lambda result: deliver(on_done, result))
    carrier.failed.connect(lambda message: deliver(on_error, message))
    _thread_pool().start(_Task(function, carrier))


def wait_for_background(timeout_ms: int = 2000) -> bool:
    return _thread_pool().waitForDone(timeout_ms)
