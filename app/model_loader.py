"""Loads model files on a background thread; the first load also pays for importing torch.

The window is on screen before this runs, so a slow torch import shows up as a status line,
not as a frozen or missing window. What it reports (why a file failed, the model's notes) is in
the window's language: core words it in English for predict.py (ui/model_problem_text.py).
"""
from __future__ import annotations

import logging
from importlib import import_module
from pathlib import Path

from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from app.heap import importing
from ui.model_problem_text import said

log = logging.getLogger(__name__)


class ModelLoader(QObject):
    loaded = pyqtSignal(object)  # core.models.modelfile.LoadedModel, ready to use
    # Loaded with settings guessed (LoadedModel.assumed): not to be used until the user has answered for them
    # (app/model_settings_flow.py), since a model fed the wrong input size or class names answers confidently wrong.
    needsAnswers = pyqtSignal(object)
    # path, reason, whether trusting the file would help (a pickle), the setting that would open it (ModelFileError.wanted)
    failed = pyqtSignal(str, str, bool, object)
    status = pyqtSignal(str)
    saved = pyqtSignal(str)  # path of a model file written by `save`
    saveFailed = pyqtSignal(str, str)  # path, reason

    @pyqtSlot(str, bool, object)
    def load(self, path: str, trust_pickle: bool = False, settings=None) -> None:
        """`settings`: a core.models.model_settings.ModelSettings stating what the file may not say, or None."""
        self.status.emit(self.tr("Loading model…"))
        try:
            with importing("the engine"):
                from core.models.modelfile import ModelFileError, PickledModelRefused, load_model_file
                import_module("core.inference.predict")   # Grad-CAM's stack: what the workers run next
        except Exception as error:  # a broken torch install: say so instead of dying
            log.exception("cannot import the engine")
            self.failed.emit(path, self.tr("cannot start the engine: {0}").format(error), False, None)
            return
        name = Path(path).name
        try:
            loaded = load_model_file(path, trust_pickle=trust_pickle, settings=settings)
        except PickledModelRefused as error:
            self.failed.emit(path, said(str(error), name), True, None)
        except ModelFileError as error:
            self.failed.emit(path, said(str(error), name), False, error.wanted)
        except Exception as error:  # anything else must still reach the user, not kill the thread
            log.exception("loading %s failed", path)
            self.failed.emit(path, f"{type(error).__name__}: {error}", False, None)
        else:
            loaded.notes = [said(note, name) for note in loaded.notes]  # only the window reads them
            (self.needsAnswers if loaded.assumed else self.loaded).emit(loaded)

    @pyqtSlot(object, str)
    def save(self, loaded, path: str) -> None:
        """Write `loaded` as a GradLens model file (its settings included) at `path`."""
        from core.models.modelfile import save_model_file
        try:
            save_model_file(path, loaded)
        except OSError as error:
            self.saveFailed.emit(path, self.tr("cannot write {0}: {1}").format(path, error.strerror or error))
        except Exception as error:  # the user's answer must never be lost silently
            log.exception("saving %s failed", path)
            self.saveFailed.emit(path, f"{type(error).__name__}: {error}")
        else:
            self.saved.emit(path)
