"""The folder run's progress bar in the status bar: "done / total" of the run in progress, nothing else."""
from __future__ import annotations

from PyQt5.QtWidgets import QProgressBar


class RunProgressBar(QProgressBar):
    """Says "32 / 400" from its own value and range, so a new run never starts under the previous run's
    "6 / 6" (a text set with setFormat stays until the next one); while the run is starting (range 0..0,
    the busy bar) it says nothing."""

    def text(self) -> str:
        if self.minimum() == self.maximum() == 0:
            return ""
        return f"{self.value()} / {self.maximum()}"
