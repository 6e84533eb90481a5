"""Where the program's own files are, and where a file dialog should open."""
from __future__ import annotations

import os

from app.main import DEMO_FOLDER, DEMO_MODEL

BUNDLED = (DEMO_FOLDER, DEMO_MODEL.parent)  # the demo's images and model, inside the program's folder


def dialog_start(current: str | None) -> str:
    """Where a file dialog opens: at what is open now, but in the folder the user started GradLens
    from while what is open is the bundled demo (nobody keeps their images inside the program)."""
    if not current:
        return os.getcwd()
    path = os.path.abspath(current)
    if any(path == str(bundled) or path.startswith(str(bundled) + os.sep) for bundled in BUNDLED):
        return os.getcwd()
    return current
