"""The training window's modules, imported off the GUI thread once: its charts' matplotlib import
took 1.4 s of the GUI thread, 3.4 s while torch was loading."""
from __future__ import annotations

import threading

IMPORTED = threading.Event()


def import_training_window() -> None:
    """Import them (once the first image is on screen, or when Train a Model… is chosen before)."""
    from app.heap import importing
    with importing("the training window"):
        import app.train_controller  # noqa: F401  (the window, its form and matplotlib's Figure/Agg)
    IMPORTED.set()
