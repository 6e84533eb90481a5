"""One-off background tasks (export a file, copy images): run a function on Qt's thread pool.

The function runs off the GUI thread; its result or error comes back as a signal, delivered
on the GUI thread, so the callbacks may touch widgets.

The tasks get a thread pool of their own, never Qt's global one: Qt 5.15 splits big image
conversions and smooth scaling (QImage.convertToFormat, .scaled) into slices run on the global
pool and waits for them, and PyQt keeps the GIL during those calls. With Python tasks filling the
global pool (waiting for that GIL), the first such call deadlocked the program.
"""
from __future__ import annotations

import atexit
import logging

from PyQt5 import sip
from PyQt5.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, pyqtSignal

log = logging.getLogger(__name__)
_pending: set = set()  # keep the signal carriers alive until they have reported
_pool = QThreadPool()
_pool.setObjectName("background tasks")


def _finish_tasks() -> None:
    """Wait for the tasks still running, as Qt does for its global pool when the application ends:
    a task left running (a first torch import takes seconds) would run on into Python's shutdown."""
    _pool.waitForDone()


atexit.register(_finish_tasks)   # for scripts and tests, which never run app.exec_()
_quit_hooked = False


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
            self.carrier.failed.emit(f"{type(error).__name__}: {error}" if not isinstance(error, OSError)
                                     else f"{error.strerror or error}: {error.filename or ''}".strip(": "))
        else:
            self.carrier.done.emit(result)


def run_in_background(function, on_done=None, on_error=None, owner=None) -> None:
    """Run `function` off the GUI thread; `on_done(result)` or `on_error(message)` runs on it after.

    `owner` is the widget the callbacks update: if it has been closed and deleted by then (the
    user closed a window while a scan was running), the result is dropped instead of crashing.
    """
    global _quit_hooked
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(_finish_tasks)   # while the windows and the crash reporter still exist
        _quit_hooked = True
    carrier = _Carrier()
    _pending.add(carrier)

    def deliver(callback, value):
        _pending.discard(carrier)
        if callback is not None and not (owner is not None and sip.isdeleted(owner)):
            callback(value)
    carrier.done.connect(lambda result: deliver(on_done, result))
    carrier.failed.connect(lambda message: deliver(on_error, message))
    _pool.start(_Task(function, carrier))


def wait_for_background(timeout_ms: int = 2000) -> bool:
    return _pool.waitForDone(timeout_ms)
