"""Run a worker QObject on its own QThread, wired for a clean death (the superqt pattern).

The worker's slots run in the thread; it talks back only through signals, so it never touches
a widget. `stop_all` lets the window ask every job to stop and wait for it when it closes.
"""
from __future__ import annotations

import logging

from PyQt5.QtCore import QObject, QThread

log = logging.getLogger(__name__)

_running: list[tuple[QThread, QObject]] = []  # strong references: a collected QThread crashes Qt


def start_in_thread(worker: QObject, name: str, start_slot=None) -> QThread:
    """Move `worker` to a new thread and start it; `start_slot` runs first, in that thread."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    if start_slot is not None:
        thread.started.connect(start_slot)
    thread.finished.connect(lambda: _forget(thread))
    _running.append((thread, worker))
    thread.start()
    return thread


def _forget(thread: QThread) -> None:
    _running[:] = [(t, w) for t, w in _running if t is not thread]


def stop_thread(thread: QThread, worker: QObject | None = None, timeout_ms: int = 2000) -> bool:
    """Ask the worker to stop (if it can), end the thread's loop, wait; True when it ended in time."""
    if worker is not None and hasattr(worker, "request_stop"):
        worker.request_stop()
    thread.quit()
    finished = thread.wait(timeout_ms)
    if not finished:
        log.warning("thread %s did not stop within %d ms", thread.objectName(), timeout_ms)
    return finished


def stop_all(timeout_ms: int = 2000) -> None:
    for thread, worker in list(_running):
        stop_thread(thread, worker, timeout_ms)
