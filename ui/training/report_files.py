"""Reading a run's report files (report/metrics.json, per_class.csv, the PNG figures, config.json),
and doing it off the GUI thread.

Plain files, read directly: `ui` must not import `core`, which imports torch. Decoding a report
figure takes 15-70 ms and a 1,000-class metrics.json ~100 ms, long enough to stall the window,
so ReportView hands them to `off_thread`: a thread pool of its own runs the function and the
result (or the exception) comes back to a callback on the GUI thread.
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PyQt5 import sip
from PyQt5.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, pyqtSignal
from PyQt5.QtGui import QImage

log = logging.getLogger(__name__)

REPORT_DIR = "report"
TABLE_KEYS = ("precision", "recall", "f1", "support", "auc", "ap")
READ_ERRORS = (OSError, ValueError, KeyError, TypeError)   # a report that cannot be read, whatever the cause


def number(value) -> float:
    """A metrics value as float; None (NaN in metrics.json), 'n/a' (per_class.csv) -> NaN."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


@dataclass
class ReportData:
    """What the report view shows, read from a run folder."""

    metrics: dict              # metrics.json as written
    names: list[str]           # class names in index order
    confusion: np.ndarray      # true x predicted counts, int64
    rows: list[dict]           # per-class scores: class, then TABLE_KEYS as floats (NaN when undefined)
    model_name: str | None     # from config.json, when there is one


def read_model_name(run: Path) -> str | None:
    try:
        model = json.loads((run / "config.json").read_text(encoding="utf-8")).get("model")
    except (OSError, ValueError, AttributeError):
        return None
    return str(model) if model else None


def read_per_class_csv(path: Path) -> list[dict]:
    """Rows of per_class.csv with numbers as floats ('n/a' -> NaN) and support as int."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = []
        for row in csv.DictReader(handle):
            parsed = {"class": row["class"]}
            for key in TABLE_KEYS:
                parsed[key] = number(row.get(key))
            rows.append(parsed)
    return rows


def read_report(run: Path) -> ReportData:
    """run/report's numbers; raises one of READ_ERRORS when metrics.json cannot be read."""
    report = run / REPORT_DIR
    metrics = json.loads((report / "metrics.json").read_text(encoding="utf-8"))
    names = [str(name) for name in metrics["class_names"]]
    confusion = np.asarray(metrics["confusion"], dtype=np.int64).reshape(len(names), len(names))
    try:
        rows = read_per_class_csv(report / "per_class.csv")
    except (OSError, KeyError, csv.Error) as error:
        log.info("per_class.csv not read (%s); using metrics.json", error)
        rows = [{"class": str(row["class"]), **{key: number(row.get(key)) for key in TABLE_KEYS}}
                for row in metrics["per_class"]]
    return ReportData(metrics, names, confusion, rows, read_model_name(run))


def decode_figure(path: Path) -> QImage:
    """A PNG as a QImage in the format painting wants; ValueError when it cannot be decoded."""
    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"{path.name} cannot be decoded")
    # Converted here, off the GUI thread, so QPixmap.fromImage there is a plain copy. (Qt may run
    # the conversion on its global thread pool, which the application keeps free of Python tasks.)
    return image.convertToFormat(QImage.Format_ARGB32_Premultiplied)


class _Carrier(QObject):
    done = pyqtSignal(object)


class _Job(QRunnable):
    def __init__(self, function, carrier: _Carrier):
        super().__init__()
        self.function, self.carrier = function, carrier

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # handed to the callback, which shows it
            result = error
        try:
            self.carrier.done.emit(result)
        except RuntimeError:   # the carrier was deleted with the application, which is ending: nobody to tell
            pass


_pool: QThreadPool | None = None
_pending: set[_Carrier] = set()   # alive until delivered


def _thread_pool() -> QThreadPool:
    """Our own pool, never Qt's global one (see app/background.py: Qt waits on that one for image
    conversions while PyQt holds the GIL). One thread: figures are decoded as tabs are opened, and
    the other core stays with whatever else runs (training, classification). It belongs to the
    application, whose end waits for a job still running, as it does for Qt's global pool."""
    global _pool
    if _pool is None or sip.isdeleted(_pool):
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setObjectName("report files")
        _pool.setMaxThreadCount(1)
    return _pool


def off_thread(function, callback, owner: QObject) -> None:
    """Run function() on the pool; callback(result, or the exception it raised) on the GUI thread,
    unless `owner` (the widget the callback updates) has been deleted by then."""
    carrier = _Carrier()
    _pending.add(carrier)

    def deliver(result):
        _pending.discard(carrier)
        if not sip.isdeleted(owner):
            callback(result)
    carrier.done.connect(deliver)
    _thread_pool().start(_Job(function, carrier))

