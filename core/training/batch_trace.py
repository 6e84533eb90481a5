"""The per-batch training loss kept with a run (batches.csv), so a resumed run, or a finished one opened
later, shows the per-batch curve the live charts drew, not only one point per epoch.

An epoch's batches are averaged in at most POINTS_PER_EPOCH equal runs (every batch is kept when there
are fewer): 300 epochs of 1,000 batches make a 30,000-row file of about 1 MB, rewritten with metrics.csv
at each epoch's end. A stopped epoch is left out, as last.pt leaves it out: a resumed run trains it again.
"""
from __future__ import annotations

import math
from typing import Generator, Iterable, Iterator

from core.training.train_events import BatchEnd

POINTS_PER_EPOCH = 100


class BatchTrace:
    def __init__(self, rows: Iterable[dict] = ()):
        self.rows: list[dict] = list(rows)  # batches.csv's rows: epoch, batch, batches, loss, lr
        self._batches: list[BatchEnd] = []  # the epoch under way

    def record(self, events: Iterator, /) -> Generator:
        """Pass an epoch's events on unchanged, keeping each batch's loss; returns what `events` returns."""
        try:
            while True:
                try:
                    event = next(events)
                except StopIteration as done:
                    return done.value
                if isinstance(event, BatchEnd):
                    self._batches.append(event)
                yield event
        finally:
            events.close()

    def end_epoch(self) -> None:
        """The epoch finished: its batches join the rows, averaged in at most POINTS_PER_EPOCH runs."""
        batches, self._batches = self._batches, []
        size = math.ceil(len(batches) / POINTS_PER_EPOCH) if batches else 1
        for start in range(0, len(batches), size):
            run = batches[start:start + size]
            finite = [b.loss for b in run if math.isfinite(b.loss)]
            last = run[-1]
            self.rows.append({"epoch": last.epoch, "batch": last.batch, "batches": last.batches,
                              "loss": sum(finite) / len(finite) if finite else math.nan, "lr": last.lr})

    def drop_epoch(self) -> None:
        """The epoch was stopped or failed: it is not kept (last.pt keeps the epoch before it)."""
        self._batches = []


def resumed_rows(rows: Iterable[dict], epochs_done: int) -> list[dict]:
    """The rows of the epochs a resumed run keeps (a run folder may hold later ones from a crash)."""
    return [row for row in rows if row.get("epoch", math.inf) <= epochs_done]
