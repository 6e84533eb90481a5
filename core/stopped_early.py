"""A Stop that arrives while a job prepares: nothing is worth keeping yet, so the job ends where it is.

Training and the learning-rate range test read and decode every image of the dataset before their first batch
(core/data/audit.py): minutes on a big folder. Their `should_stop()` was asked first between batches, so a Stop
clicked meanwhile waited for the whole preparation, and a run folder was then made for nothing. The audit asks it
between files instead and raises StoppedEarly, which the job catches where it decides what a stop leaves behind.
"""
from __future__ import annotations

from typing import Callable


class StoppedEarly(Exception):
    """The user asked to stop before the job had made or written anything."""


def stop_if_asked(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise StoppedEarly
