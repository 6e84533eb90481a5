"""Asking for what a model file does not say: the Model Settings dialog, remembered answers, and
saving the answers into a GradLens model file.

A file loaded with guessed settings is not used until the user answers: the dialog opens while the
previous model (or none) stays in use, "Use These Settings" loads the file with the answers, and
Cancel leaves it unopened, so opening it again asks again. The dialog also opens from File → Model
Settings… for the model in use, where Cancel changes nothing. Answers are remembered per file, so
reopening it from Recent Models does not ask again; "save as" writes them into the file itself,
which then opens anywhere without asking.
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
        self._save_when_loaded: dict[str, str] = {}  # model path -> where to save it once reloaded
        self.dialog: ModelSettingsDialog | None = None
        window = controller.window
        window.model_settings.triggered.connect(lambda: self.edit())
        window.save_model_as.triggered.connect(self.save_as)
        loader = controller.loader
        self._save.connect(loader.save)
        loader.needsAnswers.connect(self._ask_before_use)
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

    def remember(self, loaded) -> None:
        """Keep what `loaded` was opened with as the answers for its file, as Model Settings does: a file
        opened by answering which architecture or which class names (app/controller.py) opens so again."""
        p = loaded.preprocess
        values = {"arch": loaded.arch, "input_size": list(p.input_size), "resize_mode": p.resize_mode,
                  "mean": list(p.mean), "std": list(p.std), "class_names": list(loaded.class_names)}
        self._store(loaded.path, values)

    def _store(self, path: str, values: dict) -> None:
        """The answers for `path`'s file, as remembered() reads them: with the file's whole path, so that another
        file of the same name is not opened with them."""
        self.controller.settings.setValue(self._key(path), json.dumps({"path": os.path.abspath(path), **values}))

    def forget(self, path: str) -> None:
        self.controller.settings.remove(self._key(path))

    def after_load(self, loaded) -> None:
        """A model is in use: save it if that was asked."""
        target = self._save_when_loaded.pop(loaded.path, None)
        if target:
            self.controller.window.statusBar().showMessage(self.tr("Saving {0}…").format(target))
            self._save.emit(loaded, target)

    def _ask_before_use(self, candidate) -> None:
        """A file loaded with guesses: the model in use stays until the user answers for them."""
        self.controller._say_model()  # "Loading model…" is over: the status bar names the model still in use
        if self.dialog is not None:  # the window-modal dialog stops a second load; should one come, it is not used
            self._not_opened(candidate.path)
            return
        self.edit(candidate)

    def edit(self, loaded=None) -> None:
        """The dialog for `loaded`, a file waiting for answers, or for the model in use."""
        from core.models.registry import ARCHITECTURES  # torch is loaded by now: a model is
        loaded = loaded or self.controller.loaded
        if loaded is None or self.dialog is not None:
            return
        waiting = loaded is not self.controller.loaded
        pre = loaded.preprocess
        fixed = [] if loaded.foreign else [key for key in ("arch", "class_names") if key not in loaded.assumed]
        if not hasattr(loaded, "config"):  # an ONNX model: onnxruntime classifies each image as it is
            fixed.append("tta")
        values = {"arch": loaded.arch, "input_size": pre.input_size, "resize_mode": pre.resize_mode, "mean": pre.mean,
                  "std": pre.std, "class_names": loaded.class_names, "num_classes": loaded.num_classes,
                  "tta": (getattr(loaded, "config", None) or {}).get("tta") or "off",
                  "assumed": loaded.assumed, "locked": fixed, "folder": self._folder(loaded.path)}
        self.dialog = ModelSettingsDialog(self.controller.window, Path(loaded.path).name, values, list(ARCHITECTURES))
        self.dialog.finished.connect(lambda result, path=loaded.path: self._answered(path, result, waiting))
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

    def _answered(self, path: str, result: int, waiting: bool) -> None:
        """`waiting`: the file is not in use yet; without answers it stays unopened."""
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        if result != ModelSettingsDialog.Accepted:
            if waiting:
                self._not_opened(path)
            return
        values = dialog.values()
        settings = ModelSettings(**{k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in values.items()})
        self._store(path, values)
        if dialog.save_path:
            self._save_when_loaded[path] = dialog.save_path
        self.controller.open_model(path, settings=settings)

    def _not_opened(self, path: str) -> None:
        window, name = self.controller.window, Path(path).name
        message = (window.tr("{0} was not opened: the previous model stays loaded.").format(name)
                   if self.controller.loaded is not None else window.tr("{0} was not opened").format(name))
        window.append_log(message)
        window.statusBar().showMessage(message, 5000)

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
