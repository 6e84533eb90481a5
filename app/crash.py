"""Errors never vanish and never kill the program: a log file, and a dialog for what escapes.

PyQt5 aborts the whole process when an exception leaves a slot, so sys.excepthook is replaced
(as qutebrowser does): the traceback is logged and shown, and the program carries on.
"""
from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PyQt5.QtCore import QObject, QStandardPaths, pyqtSignal

log = logging.getLogger(__name__)


class CrashReporter(QObject):
    caught = pyqtSignal(str, str)  # one-line summary, full traceback

    def install(self) -> None:
        sys.excepthook = self._hook

    def _hook(self, kind, value, tb) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception:\n%s", text)
        self.caught.emit(f"{kind.__name__}: {value}", text)


def log_directory() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home() / ".gradlens")
    return Path(base) / "logs"


def log_file() -> Path:
    return log_directory() / "gradlens.log"


def setup_logging() -> Path:
    """Log INFO and above to a rotating file in the user's app-data folder; return its path.

    Idempotent: a second call adds no second handler (each would write every record again).
    """
    path = log_file()
    root = logging.getLogger()
    if any(getattr(handler, "gradlens", False) for handler in root.handlers):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.gradlens = True
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return path
