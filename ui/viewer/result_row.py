"""One classified image as the views see it: plain data, no Qt, no torch.

`app/` builds these from core's prediction results; the results table, the metrics panel and
the image browser all read the same objects, so nothing is formatted or copied twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # slots: a 100,000-image run keeps 100,000 of these alive
class ResultRow:
    index: int                      # position in the run (0-based), the stable id across views
    relpath: str                    # shown in the table
    path: str                       # absolute path
    predicted: str | None           # None when the image could not be read
    probability: float | None       # probability of `predicted`, 0..1
    true_class: str | None          # None when the folder is not labelled / image not under a class folder
    error: str | None = None        # one-line reason when unreadable
    topk: list[tuple[str, float]] = field(default_factory=list)
    cam_target: str | None = None   # the class the saved heatmap explains (runs with a save folder)
    heatmap: str | None = None      # its overlay file, relative to the save folder

    @property
    def correct(self) -> bool | None:
        """True/False when both the prediction and the true class are known, else None."""
        if self.predicted is None or self.true_class is None:
            return None
        return self.predicted == self.true_class
