"""Asking for what a model file does not say: the Model Settings dialog, remembered answers, and
saving the answers into a GradLens model file.

The dialog opens by itself after a file loaded with guessed settings (the model is already usable
with the guesses, so Cancel keeps it), and from File → Model Settings… at any time. Answers are
remembered per file, so reopening it from Recent Models does not ask again; "save as" writes them
into the file itself, which then opens anywhere without asking.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PyQt5.QtCore import QObject, pyqtSignal

from app.paths import dialog_start
from core.models.model_settings import ModelSettings
from ui.viewer.model_settings_dialog import ModelSettingsDialog, ask_save_path

KEY_ANSWERS = "modelSettings"  # QSettings group: sha1(absolute path) -> JSON of the answers


class ModelSettingsFlow(QObject):
    _save = pyqtSignal(object, str)

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self._asked: set[str] = set()  # files whose guesses the user has seen this session
        self._save_when_loaded: dict[str, str] = {}  # model path -> where to save it once reloaded
        self.dialog: ModelSettingsDialog | None = None
        window = controller.window
        window.model_settings.triggered.connect(lambda: self.edit())
        window.save_model_as.triggered.connect(self.save_as)
        loader = controller.loader
        self._save.connect(loader.save)
        loader.saved.connect(self._on_saved)
        loader.saveFailed.connect(self._on_save_failed)

    def remembered(self, path: str) -> ModelSettings | None:
        text = self.controller.settings.value(self._key(path), "", str)
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("path") != os.path.abspath(path):
            return None
        return ModelSettings(arch=data["arch"], input_size=tuple(data["input_size"]), resize_mode=data["resize_mode"],
                             mean=tuple(data["mean"]), std=tuple(data["std"]), class_names=tuple(data["class_names"]),
                             tta=data.get("tta"))  # answers remembered before TTA was asked say nothing

    def forget(self, path: str) -> None:
        self.controller.settings.remove(self._key(path))

    def after_load(self, loaded) -> None:
        """A model is in use: save it if that was asked, else ask about any guesses once."""
        path = loaded.path
        target = self._save_when_loaded.pop(path, None)
        if target:
            self.controller.window.statusBar().showMessage(self.tr("Saving {0}…").format(target))
            self._save.emit(loaded, target)
        elif loaded.assumed and path not in self._asked:
            self._asked.add(path)
            self.edit(loaded)

    def edit(self, loaded=None) -> None:
        from core.models.registry import ARCHITECTURES  # torch is loaded by now: a model is
        loaded = loaded or self.controller.loaded
        if loaded is None or self.dialog is not None:
            return
        pre = loaded.preprocess
        fixed = [] if loaded.foreign else [key for key in ("arch", "class_names") if key not in loaded.assumed]
        if not hasattr(loaded, "config"):  # an ONNX model: onnxruntime classifies each image as it is
            fixed.append("tta")
        values = {"arch": loaded.arch, "input_size": pre.input_size, "resize_mode": pre.resize_mode, "mean": pre.mean,
                  "std": pre.std, "class_names": loaded.class_names, "num_classes": loaded.num_classes,
                  "tta": (getattr(loaded, "config", None) or {}).get("tta") or "off",
                  "assumed": loaded.assumed, "locked": fixed, "folder": self._folder(loaded.path)}
        self.dialog = ModelSettingsDialog(self.controller.window, Path(loaded.path).name, values, list(ARCHITECTURES))
        self.dialog.finished.connect(lambda result, path=loaded.path: self._answered(path, result))
        self.dialog.open()  # window-modal without blocking the loop: workers keep reporting

    def save_as(self) -> None:
        """File → Save Model as GradLens File…: the model in use, as it is used now."""
        loaded, window = self.controller.loaded, self.controller.window
        if loaded is None:
            return
        path = ask_save_path(window, self._folder(loaded.path), Path(loaded.path).name)
        if path:
            window.statusBar().showMessage(self.tr("Saving {0}…").format(path))
            self._save.emit(loaded, path)

    def _answered(self, path: str, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        if result != ModelSettingsDialog.Accepted:
            return
        values = dialog.values()
        settings = ModelSettings(**{k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in values.items()})
        self.controller.settings.setValue(self._key(path), json.dumps({"path": os.path.abspath(path), **values}))
        if dialog.save_path:
            self._save_when_loaded[path] = dialog.save_path
        self._asked.add(path)
        self.controller.open_model(path, settings=settings)

    def _on_saved(self, path: str) -> None:
        window = self.controller.window
        window.append_log(window.tr("saved as a GradLens model file: {0}").format(path))
        window.statusBar().showMessage(window.tr("Saved {0}").format(path), 5000)
        self.controller.open_model(path)  # from now on the file says everything itself

    def _on_save_failed(self, path: str, reason: str) -> None:
        self.controller._warn(self.controller.window.tr("Cannot save model"), reason)

    def _folder(self, path: str) -> str:
        return dialog_start(os.path.dirname(os.path.abspath(path)))

    @staticmethod
    def _key(path: str) -> str:
        return f"{KEY_ANSWERS}/{hashlib.sha1(os.path.abspath(path).encode('utf-8')).hexdigest()}"
