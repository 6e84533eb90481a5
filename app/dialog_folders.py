"""Where each kind of file dialog of the main window opens: where the user last chose a file of that
kind, kept in the settings from one session to the next.

Each dialog opened at what was open at the moment, else in the home folder: after the bundled demo
(or in a new session before anything loaded) every dialog started in the home folder, and Export
Results proposed the image folder again right after the user had exported into ~/reports. Models,
image folders, save folders and exports each keep their own place: they live in different trees.
"""
from __future__ import annotations

import os

from app.paths import dialog_start, is_bundled

MODELS = "models"  # File → Load Model…
IMAGES = "images"  # Open Image Folder… and Open Image…
SAVE_FOLDER = "save_folder"  # Choose Save Folder…
EXPORTS = "exports"  # Export Results…
REVIEW = "review"  # Copy Misclassified Images…
KINDS = (MODELS, IMAGES, SAVE_FOLDER, EXPORTS, REVIEW)


def _key(kind: str) -> str:
    assert kind in KINDS, kind
    return f"dialogs/{kind}"


def start_folder(settings, kind: str, current: str | None = None) -> str:
    """The folder the dialog for `kind` opens in: the one last chosen in it while it still exists, else
    where app/paths.py's dialog_start puts it for `current` (what is open now, or where GradLens started).
    The bundled demo's folders are never remembered places: opened to try GradLens, not to work in."""
    last = settings.value(_key(kind), "") or ""
    if last and os.path.isdir(last) and not is_bundled(last):  # the demo's folder is nobody's place to work in
        return last
    return dialog_start(current)


def remember(settings, kind: str, chosen: str) -> None:
    """`chosen` (a file or a folder) was picked in the dialog for `kind`: that dialog opens there next time,
    at the folder itself when a folder was chosen, at the file's folder otherwise."""
    chosen = os.path.abspath(chosen)
    settings.setValue(_key(kind), chosen if os.path.isdir(chosen) else os.path.dirname(chosen))
