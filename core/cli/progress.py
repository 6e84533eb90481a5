"""The command lines' progress bars: drawn on a terminal, left out where stderr goes to a file or a pipe.

A bar redraws itself with carriage returns. In a terminal that is one line that moves; captured
(`predict.py ... 2> log`, a CI job, `| tee`), every redraw stays in the file, and the next message
was appended to the bar's last redraw: "classifying:  30%|███| 3/10 [...]WARNING photo.jpg: ...".
The lines that say what happened (warnings, each epoch, the summary) are printed either way, so a
log keeps those and loses only the animation. tqdm's own rule for `disable=None` (no bar off a TTY).
"""
from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(iterable=None, *, shown: bool = True, **kwargs) -> tqdm:
    """A tqdm bar on stderr; `shown=False` (another process of a torchrun job speaks) or a stderr that is not
    a terminal draws nothing, and the bar's updates cost nothing."""
    return tqdm(iterable, file=sys.stderr, disable=None if shown else True, **kwargs)
