"""The training window's pretrained weights: the mirror setting, whether the weights host answers,
and the download before a job starts when the chosen ImageNet weights are not cached.

The window downloads, not the training process: the user sees the file, its size, the speed and a
Cancel button before anything else happens, and a failure is one line in the window instead of a
failed run. Everything that touches the disk or the network runs on the background pool
(ui/widgets/background.py); the GUI thread only opens the dialog and moves its bar.
"""
from __future__ import annotations

import logging
import os
import threading
from urllib.parse import urlsplit

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtWidgets import QDialog, QMessageBox

from app.settings import KEY_WEIGHTS_MIRROR
from app.weights_online import weights_reachable
from core.models.weights_download import (
    MIRROR_VARIABLE,
    DownloadCancelled,
    DownloadError,
    configured_mirror,
    download,
    mirror_url,
)
from ui.training.weights_download_dialog import WeightsDownloadDialog
from ui.training.weights_settings_dialog import WeightsSettingsDialog
from ui.widgets.background import run_in_background
from ui.widgets.formatting import as_sentence

log = logging.getLogger(__name__)


def list_weights() -> dict:
    """Each architecture's ImageNet weights for the form: {"size", "cached"} or None where it has
    none, and a weights URL to ask whether the host answers (app/weights_online.py). Off the GUI
    thread: it imports torch and looks at the cache; a few milliseconds once torch is in."""
    from core.models import pretrained
    from core.models.registry import ARCHITECTURES
    sources = {name: pretrained.weights_source(name) for name in ARCHITECTURES}
    weights = {name: None if source is None else {"size": source.size, "cached": source.cached}
               for name, source in sources.items()}
    urls = [source.url for source in sources.values() if source is not None]
    return {"weights": weights, "probe_url": urls[0] if urls else None}


def source_to_download(model: str):
    """The WeightsSource of `model` when it is not in the cache yet, else None (off the GUI thread)."""
    from core.models import pretrained  # torch: already imported by the form's architecture list
    source = pretrained.weights_source(model)
    return source if source is not None and not source.cached else None


class _Progress(QObject):
    """Carries progress from the downloading thread to the GUI thread (a queued signal)."""
    changed = pyqtSignal(object)  # core.models.weights_download.Progress


class WeightsFlow(QObject):
    """Part of the training window's controller (app/train_controller.py): its pretrained weights."""
    mirrorChanged = pyqtSignal()  # the training processes' environment follows

    def __init__(self, window, settings):
        super().__init__()
        self.window, self.settings = window, settings
        self.busy = False  # a check or download before a job: Start waits for it
        self._cancel: threading.Event | None = None
        self._probe_url: str | None = None
        self._probe_token = None

    # --- the mirror ---

    def mirror(self) -> str:
        """The mirror set in Settings, "" for none."""
        return str(self.settings.value(KEY_WEIGHTS_MIRROR, "") or "")

    def effective_mirror(self) -> str | None:
        """The setting, else $GRADLENS_WEIGHTS_MIRROR, else None (PyTorch's own servers)."""
        try:
            return configured_mirror(self.mirror() or None)
        except ValueError as error:  # a malformed $GRADLENS_WEIGHTS_MIRROR (the dialog checks the setting)
            log.warning("%s; downloading from the original URLs", error)
            return None

    def child_environment(self) -> dict[str, str | None]:
        """What the training process's environment gets: the mirror its own downloads use."""
        return {MIRROR_VARIABLE: self.effective_mirror()}

    def edit_settings(self) -> None:
        dialog = WeightsSettingsDialog(self.window, self.mirror(), os.environ.get(MIRROR_VARIABLE))
        if dialog.exec_() != QDialog.Accepted or dialog.value() == self.mirror():
            return
        self.settings.setValue(KEY_WEIGHTS_MIRROR, dialog.value())
        shown = dialog.value() or self.window.tr("none")
        self.window.append_log(self.window.tr("weights mirror: {0}").format(shown))
        self.mirrorChanged.emit()
        self._show_host()
        self.probe(self._probe_url)  # a new host: is it there?

    def _show_host(self) -> None:
        """Tell the form where downloads come from: the mirror, or the weights' own host."""
        mirror = self.effective_mirror()
        if mirror:
            parts = urlsplit(mirror)
            host = self.window.tr("{0} (mirror)").format(parts.netloc + parts.path.rstrip("/"))
        else:
            host = urlsplit(self._probe_url).netloc if self._probe_url else "download.pytorch.org"
        self.window.form.set_weights_host(host)

    # --- what the form offers ---

    def list_weights(self) -> None:
        """Sizes and cache state to the form, then ask whether the weights host answers."""
        def listed(found: dict) -> None:
            self.window.form.set_pretrained_weights(found["weights"])
            self.probe(found["probe_url"])
            self._show_host()
        run_in_background(list_weights, listed, lambda message: self.window.append_log(
            f"cannot list pretrained weights: {message}"), owner=self.window)

    def probe(self, url: str | None) -> None:
        """Ask the weights host (through the mirror) in the background; the form hears whether it answered."""
        self._probe_url = url
        if not url:
            return
        self._probe_token = token = object()
        mirror = self.effective_mirror()

        def answered(online: bool) -> None:
            if self._probe_token is token:  # not an answer about a mirror replaced meanwhile
                self.window.form.set_weights_online(online)
        run_in_background(lambda: weights_reachable(url, mirror), answered, owner=self.window)

    # --- before a job ---

    def before_start(self, values: dict, start) -> None:
        """Call start() once the job's weights are on disk: at once unless ImageNet weights are
        chosen and not cached, else after the download dialog has fetched them."""
        if self.busy:
            return
        if values.get("pretrained") != "torchvision":
            start()
            return
        self.busy = True
        self.window.start.setEnabled(False)
        model = values["model"]

        def checked(source) -> None:
            if source is None:
                self._done()
                start()
            else:
                self._download(source, model, start)
        run_in_background(lambda: source_to_download(model), checked, self._failed, owner=self.window)

    def _download(self, source, model: str, start) -> None:
        mirror = self.effective_mirror()
        url = mirror_url(source.url, mirror) if mirror else source.url
        dialog = WeightsDownloadDialog(self.window, source.path.name, url)
        cancel = self._cancel = threading.Event()
        progress = _Progress(dialog)  # download() reports about ten times a second: no flood of signals
        progress.changed.connect(lambda p: dialog.set_progress(p.done, p.total, p.bytes_per_second))
        dialog.cancelRequested.connect(cancel.set)

        def fetch():
            try:
                return "done", download(source, mirror=mirror, progress=progress.changed.emit, cancel=cancel)
            except DownloadCancelled:
                return "cancelled", None
            except DownloadError as error:
                return "failed", str(error)

        def ended(result) -> None:
            outcome, detail = result
            dialog.finish()
            dialog.deleteLater()
            if outcome == "done":
                self._done()
                self.window.form.set_weights_cached(model)
                self.window.append_log(self.window.tr("downloaded {0}").format(detail))
                start()
            elif outcome == "cancelled":
                self._done(self.window.tr("Download cancelled after {0}: training did not start. Start Training "
                                          "again resumes the download.").format(dialog.arrived()))
            else:
                self._failed(detail)
        self.window.tabs.setCurrentIndex(1)  # the Progress tab, where the outcome is said
        self.window.append_log(self.window.tr("downloading {0}").format(url))
        self.window.status.say(lambda: self.window.tr("Downloading the ImageNet weights for {0}…").format(model))
        run_in_background(fetch, ended, lambda message: (dialog.finish(), self._failed(message)), owner=self.window)
        dialog.open()

    def _done(self, message: str | None = None) -> None:
        self.busy = False
        self._cancel = None
        self.window.start.setEnabled(not self.window.form.invalid_fields())
        if message:
            self.window.status.setText(message)
            self.window.append_log(message)

    def _failed(self, message: str) -> None:
        message = as_sentence(message)  # core's one line starts in lower case, for a log
        self._done(message)
        QMessageBox.warning(self.window, self.window.tr("Cannot download the pretrained weights"), message)

    def cancel(self) -> None:
        """The window is closing: stop a download in progress (its .partial is kept for next time)."""
        if self._cancel is not None:
            self._cancel.set()
