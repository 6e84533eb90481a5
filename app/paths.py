"""Where the program's own files are, where a file dialog should open, and where runs go."""
from __future__ import annotations

import os

from app.main import DEMO_FOLDER, DEMO_MODEL, ROOT

BUNDLED = (DEMO_FOLDER, DEMO_MODEL.parent)  # the demo's images and model, inside the program's folder


def dialog_start(current: str | None) -> str:
    """Where a file dialog opens: at what is open now, but in the folder the user started GradLens
    from (home, when that is the program's folder) while what is open is the bundled demo (nobody keeps their
    images inside the program)."""
    if not current or is_bundled(current):
        return _users_start()
    return current


def is_bundled(path: str) -> bool:
    """Whether `path` is the demo's images or model, or inside them."""
    path = os.path.abspath(path)
    return any(_inside(path, bundled) for bundled in BUNDLED)


def runs_folder() -> str:
    """The training form's output folder until the user picks one: one per user. The engine's `runs`
    (train.py's default) is relative to the folder GradLens was started from: the program's own when
    started as the README says, so runs landed among app/ and core/, or a launcher's, anywhere."""
    return os.path.join(os.path.expanduser("~"), "GradLens", "runs")


def _users_start() -> str:
    """The folder GradLens was started from, or the home folder when that is the program's own (as the
    README's `python runui.py` does): Export Results once proposed saving among app/, core/ and tests/."""
    here = os.getcwd()
    return os.path.expanduser("~") if _inside(here, ROOT) else here


def _inside(path: str, folder) -> bool:
    return path == str(folder) or path.startswith(str(folder) + os.sep)
