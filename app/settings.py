"""What GradLens remembers between sessions, under explicit QSettings keys (labelme's habit).

Window geometry and dock layout, the last model and folders, recent lists, the viewer's
CAM settings, and the mirror pretrained weights are downloaded through. A version key lets a
future layout change discard an incompatible saved state.
"""
from __future__ import annotations

import os

from PyQt5.QtCore import QSettings

VERSION = 1
KEY_VERSION = "settings/version"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_MODEL = "paths/model"
KEY_FOLDER = "paths/image_folder"
KEY_SAVE_FOLDER = "paths/save_folder"
KEY_RECENT_FOLDERS = "recent/folders"
KEY_RECENT_MODELS = "recent/models"
KEY_CAM = "viewer/cam"
KEY_INTERVAL = "viewer/interval"
KEY_LOOP = "viewer/loop"
KEY_PANELS = "saving/three_panel_figures"
KEY_WEIGHTS_MIRROR = "downloads/weights_mirror"  # "" or a URL whose host replaces PyTorch's (Settings…)
RECENT_LIMIT = 10


def open_settings() -> QSettings:
    """The user's settings; $GRADLENS_SETTINGS names an .ini file instead (tests, portable installs)."""
    path = os.environ.get("GRADLENS_SETTINGS")
    settings = QSettings(path, QSettings.IniFormat) if path else QSettings("GradLens", "GradLens")
    if settings.value(KEY_VERSION, 0, int) != VERSION:
        settings.remove(KEY_STATE)  # a dock layout from another version may not fit this one
        settings.setValue(KEY_VERSION, VERSION)
    return settings


def recent(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key, [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    return [str(v) for v in (value or [])]


def push_recent(settings: QSettings, key: str, path: str) -> list[str]:
    items = [path] + [p for p in recent(settings, key) if p != path]
    settings.setValue(key, items[:RECENT_LIMIT])
    return items[:RECENT_LIMIT]
