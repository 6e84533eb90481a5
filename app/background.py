"""One-off background tasks (export a file, copy images): run a function on Qt's thread pool.

The function runs off the GUI thread; its result or error comes back as a signal, delivered
on the GUI thread, so the callbacks may touch widgets.
"""
from __future__ import annotations

import logging

from PyQt5.QtCore import QObject, QRunnable, QThreadPool, pyqtSignal

log = logging.getLogger(__name__)
_pending: set = set()  # keep the signal carriers alive until they have reported


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


def run_in_background(function, on_done=None, on_error=None) -> None:
    carrier = _Carrier()
    _pending.add(carrier)
    carrier.done.connect(lambda result: (_pending.discard(carrier), on_done and on_done(result)))
    carrier.failed.connect(lambda message: (_pending.discard(carrier), on_error and on_error(message)))
    QThreadPool.globalInstance().start(_Task(function, carrier))


def wait_for_background(timeout_ms: int = 2000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
