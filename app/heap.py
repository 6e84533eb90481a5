"""Short garbage-collector pauses: what the big imports leave on the heap is frozen out of sight.

A full (generation 2) collection of CPython's cyclic garbage collector walks every tracked object
while holding the GIL. With torch, torchvision and matplotlib loaded that is a few million objects:
100-500 ms on a busy laptop CPU, and it runs in whichever thread happens to allocate, so the GUI
thread could not run a single event meanwhile (measured with benchmarks/train_ui_latency.py).
Modules, classes and functions live as long as the program; once an import or set-up is done,
gc.freeze() moves everything tracked so far into the permanent generation, and later collections
walk only what was allocated since. Frozen objects are still freed by reference counting; only a
reference cycle among them would never be collected, which for import-time objects is fine.
"""
from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def freeze_long_lived(after: str) -> None:
    """gc.freeze() (cheap: it splices lists), after the import or set-up named by `after`."""
    started = time.perf_counter()
    gc.freeze()
    log.debug("heap frozen after %s in %.1f ms", after, (time.perf_counter() - started) * 1000)
