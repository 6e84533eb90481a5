"""Short garbage-collector pauses: what the big imports leave on the heap is frozen out of sight.

A full (generation 2) collection of CPython's cyclic garbage collector walks every tracked object
while holding the GIL. With torch, torchvision and matplotlib loaded that is a few million objects:
100-500 ms on a busy laptop CPU, and it runs in whichever thread happens to allocate, so the GUI
thread could not run a single event meanwhile (measured with benchmarks/train_ui_latency.py).
Modules, classes and functions live as long as the program; once an import or set-up is done,
gc.freeze() moves everything tracked so far into the permanent generation, and later collections
walk only what was allocated since. Frozen objects are still freed by reference counting; only a
reference cycle among them would never be collected, which for import-time objects is fine.

During a big import the heap grows by hundreds of thousands of objects, and each time it has
grown by a quarter a full collection walks all of it: five pauses of 70-210 ms while the worker
imported torch (measured). `importing` pauses the collector for the import instead: imports make
almost no garbage. (Training and its end-of-run report, whose Grad-CAM stack with scipy and
scikit-learn once made every later full collection ~40 ms longer, now run in a child process:
core/training/child_job.py.)
"""
from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time

log = logging.getLogger(__name__)

_pause_lock = threading.Lock()
_pauses = 0                 # imports in progress, on any thread
_enable_after = False       # whether the collector was on when the first of them began


def freeze_long_lived(after: str) -> None:
    """gc.freeze() (cheap: it splices lists), after the import or set-up named by `after`."""
    started = time.perf_counter()
    gc.freeze()
    log.debug("heap frozen after %s in %.1f ms", after, (time.perf_counter() - started) * 1000)


@contextlib.contextmanager
def importing(what: str):
    """Run big imports with the collector paused (other threads' imports too), then freeze."""
    global _pauses, _enable_after
    with _pause_lock:
        if _pauses == 0:
            _enable_after = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _enable_after:
                gc.enable()
        freeze_long_lived(f"importing {what}")
