"""The report view's slow steps, done off the GUI thread: reading a run's report
(core/training/run_folder.py) and decoding its PNG figures; and the title of an evaluation's report.

Decoding a report figure takes 15-70 ms and a 1,000-class metrics.json ~100 ms, long enough to
stall the window, so ReportView hands them to `off_thread`, which runs them as background tasks
(ui/widgets/background.py) on a pool of one thread: figures are decoded as tabs are opened, and the
other core stays with whatever else runs (training, classification).
"""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtGui import QImage

from ui.widgets.background import run_in_background, task_pool

POOL = "report files"


def decode_figure(path: Path) -> QImage:
    """A PNG as a QImage in the format painting wants; ValueError when it cannot be decoded."""
    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"{path.name} cannot be decoded")
    # Converted here, off the GUI thread, so QPixmap.fromImage there is a plain copy. (Qt may run
    # the conversion on its global thread pool, which the application keeps free of Python tasks.)
    return image.convertToFormat(QImage.Format_ARGB32_Premultiplied)


def off_thread(function, callback, owner: QObject) -> None:
    """Run function() off the GUI thread; callback(result, or the exception it raised) on the GUI
    thread, unless `owner` (the widget the callback updates) has been deleted by then."""
    def result_or_error():
        try:
            return function()
        except Exception as error:  # handed to the callback, which shows it
            return error
    run_in_background(result_or_error, callback, owner=owner, pool=task_pool(POOL, max_threads=1))


def evaluation_title(evaluation: dict, tr) -> str:
    """"Evaluation of demo.pt (mobilenet_v3_small) on demo" for an evaluation folder's evaluation.json
    (core/reporting/evaluated_folder.py); ReportView passes its own `tr`, so it keeps its translation context."""
    return tr("Evaluation of {0} ({1}) on {2}").format(evaluation.get("model_name"), evaluation.get("arch"),
                                                       Path(evaluation.get("data") or "").name)
