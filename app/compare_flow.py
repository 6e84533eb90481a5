"""Heatmap → Compare Methods…: every offered CAM method on the image on screen, one after another.

For the Heatmap panel's layer, target and smoothing, each method the panel offers for this model
(not greyed out, not unsupported for its layout) gets its overlay, its faithfulness score
(core.explain.faithfulness), its map-quality note and its wall time, sent as soon as it is done so
the dialog (ui/viewer/compare_dialog.py) fills cell by cell; the slow methods go last. The worker has
its own thread and its own copy of the model: CAM hooks must never meet another thread's forward
passes. Closing the dialog, another image or other settings make the rest stale: the worker checks
between methods. "Use this one" picks the method in the panel's Method list, as a user would.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PyQt5 import sip
from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot
from PyQt5.QtWidgets import QComboBox

from app.heatmap_menu import menu_item
from core.explain.cam_settings import CamSettings
from ui.viewer.cam_controls import METHODS
from ui.viewer.compare_dialog import CompareDialog
from ui.widgets.background import start_in_thread

log = logging.getLogger(__name__)

# Computed last, in this order: many forward passes each (Score-CAM, Ablation-CAM: one per channel).
SLOW = ("finercam", "fullgrad", "shapleycam", "ablationcam", "scorecam")
FLAT = 1e-3  # as app/view_worker.py: a map spanning less than this once resized shows nothing


@dataclass
class CompareRequest:
    job: int
    loaded: object  # core.models.modelfile.LoadedModel, as loaded (the worker copies its model)
    path: str
    settings: CamSettings  # the layer filled in
    methods: list
    pixels: int  # the overlay's longer side


@dataclass
class MethodResult:
    job: int
    method: str
    overlay: np.ndarray | None = None
    score: object = None  # core.explain.faithfulness.Faithfulness
    seconds: float = 0.0  # computing the map (what the viewer would spend on it)
    note: str | None = None  # core.explain.map_quality's key, or "flat"
    error: str | None = None  # why the method could not run
    explained: str | None = None  # the class the map explains


class CompareWorker(QObject):
    result = pyqtSignal(object)  # MethodResult
    done = pyqtSignal(int, float)  # job, seconds in all

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._latest = 0
        self._source = None  # the LoadedModel the copy was made from
        self._loaded = None  # the same with the worker's own copy of the model

    def cancel(self, job: int) -> None:
        """Any thread: jobs up to `job` stop before their next method."""
        with self._lock:
            self._latest = max(self._latest, job + 1)

    def request_stop(self) -> None:
        self.cancel(1 << 62)

    def note_job(self, job: int) -> None:
        with self._lock:
            self._latest = max(self._latest, job)

    def _stale(self, job: int) -> bool:
        with self._lock:
            return job < self._latest

    def _model(self, loaded):
        from core.models.modelfile import LoadedModel
        from core.models.shared_weights import copy_sharing_weights
        if self._source is not loaded or self._loaded is None:
            model = copy_sharing_weights(loaded.model).eval()
            self._loaded = LoadedModel(model, loaded.arch, loaded.class_names, loaded.preprocess, loaded.cam_layer,
                                       loaded.config, loaded.metrics, loaded.notes, loaded.path)
            self._source = loaded
        return self._loaded

    @pyqtSlot(object)
    def run(self, request: CompareRequest) -> None:
        from core.data.decode import load_rgb
        if self._stale(request.job):
            return
        started = time.perf_counter()
        try:
            loaded = self._model(request.loaded)
            rgb = load_rgb(request.path)
            batch = loaded.preprocess(rgb)[None]
        except Exception as error:  # an unreadable image: every cell says so
            for method in request.methods:
                self.result.emit(MethodResult(request.job, method, error=f"{type(error).__name__}: {error}"))
            self.done.emit(request.job, time.perf_counter() - started)
            return
        for method in request.methods:
            if self._stale(request.job):
                return
            self.result.emit(self._one(request, loaded, rgb, batch, method))
        self.done.emit(request.job, time.perf_counter() - started)

    def _one(self, request: CompareRequest, loaded, rgb, batch, method: str) -> MethodResult:
        from core.explain.cam_support import explain_cam_failure
        from core.explain.faithfulness import score_maps
        from core.explain.overlay import blend, to_original
        from core.inference.predict import Classifier
        settings = request.settings
        started = time.perf_counter()
        try:
            classifier = Classifier(loaded, "auto", method, settings.layer, topk=1,
                                    eigen_smooth=settings.eigen_smooth, aug_smooth=settings.aug_smooth)
            _, maps, targets = classifier.predict_batch(batch, classifier.class_index(settings.target))
            seconds = time.perf_counter() - started
            note = classifier.map_quality[0]
            score = score_maps(classifier.model, batch.to(classifier.device), maps[:1], targets[:1])[0]
        except Exception as error:  # this method cannot explain this model: its cell says why
            log.warning("comparing %s on %s failed", method, request.path, exc_info=True)
            self._loaded = None  # a failure must not leave a changed model behind for the next method
            reason, _ = explain_cam_failure(method, settings.layer or loaded.cam_layer, loaded.arch, error)
            return MethodResult(request.job, method, seconds=time.perf_counter() - started, error=reason)
        heat = to_original(maps[0], loaded.preprocess.geometry(*rgb.shape[:2]))
        picture, heat = _fit(rgb, heat, request.pixels)
        if note is None and float(heat.max()) - float(heat.min()) < FLAT:
            note = "flat"
        overlay = blend(picture, heat, float(settings.alpha), settings.colormap or "jet")
        return MethodResult(request.job, method, overlay, score, seconds, note,
                            explained=loaded.class_names[targets[0]])


def _fit(rgb: np.ndarray, heat: np.ndarray, pixels: int):
    """The image and its map with the longer side `pixels` (tiny images are enlarged smoothly)."""
    import cv2
    height, width = rgb.shape[:2]
    scale = pixels / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return (cv2.resize(rgb, size, interpolation=interpolation),
            np.clip(cv2.resize(heat.astype(np.float32), size, interpolation=cv2.INTER_LINEAR), 0, 1))


class CompareFlow(QObject):
    _run = pyqtSignal(object)  # queued into the worker's thread

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.busy = False  # never: a second trigger brings the open dialog forward
        self.action = menu_item(window, lambda: window.tr("&Compare Methods…"), "compare_methods",
            lambda: window.tr("Every heatmap method on this image side by side, "
            "with how faithful each one is and how long it takes"),
            self.open)
        self.dialog: CompareDialog | None = None
        self.worker: CompareWorker | None = None
        self._job = 0
        self._key = None  # (model, path, settings without the method) of the comparison shown
        self._started = 0.0
        controller.displayed.connect(self._follow)
        window.cam.settingsChanged.connect(self._on_settings)

    def open(self) -> None:
        controller = self.controller
        if controller.loaded is None or controller.current < 0:
            return
        if self.dialog is None or sip.isdeleted(self.dialog):
            self.dialog = CompareDialog(controller.window)
            self.dialog.useMethod.connect(self.use)
            self.dialog.finished.connect(self._cancel)
            self.dialog.resize(self.dialog.sizeHint())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self._start()

    def _start(self) -> None:
        controller, dialog = self.controller, self.dialog
        settings = controller._cam_settings()
        path = controller.paths[controller.current]
        key = (id(controller.loaded), path, replace(settings, method=None))  # another model: compare afresh
        if key == self._key:
            return  # this comparison is shown or still coming
        self._cancel()
        self._key = key
        if self.worker is None:
            self.worker = CompareWorker()
            start_in_thread(self.worker, "compare-methods", wait_ms=15_000)
            self._run.connect(self.worker.run)
            self.worker.result.connect(self._on_result)
            self.worker.done.connect(self._on_done)
        methods = self.methods()
        self._job += 1
        self.worker.note_job(self._job)
        dialog.start(Path(path).name, [(m, METHODS.get(m, (m,))[0]) for m in methods], settings.method)
        self._started = time.perf_counter()
        self._run.emit(CompareRequest(self._job, controller.loaded, path, settings, methods,
                                      dialog.thumbnail_pixels()))

    def methods(self) -> list[str]:
        """The methods the panel offers for this model, fast ones first."""
        from core.explain.cam_support import unsupported_reason
        from core.models.registry import get_architecture
        combo = self.controller.window.cam.findChild(QComboBox, "method")
        layout = get_architecture(self.controller.loaded.arch).layout
        offered = [combo.itemData(i) for i in range(combo.count()) if combo.model().item(i).isEnabled()]
        offered = [m for m in offered if m and m != "none" and unsupported_reason(m, layout) is None]
        return sorted(offered, key=lambda m: SLOW.index(m) if m in SLOW else -1)

    def use(self, method: str) -> None:
        """Pick `method` in the panel's Method list: settingsChanged fires and the main view redraws."""
        combo = self.controller.window.cam.findChild(QComboBox, "method")
        index = combo.findData(method)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _cancel(self, *_) -> None:
        if self.worker is not None:
            self.worker.cancel(self._job)
        self._key = None

    def _visible(self) -> bool:
        # A result still on its way when the window (and with it the dialog) is closed arrives after
        # Qt deleted the dialog: it is dropped, like any result nobody shows.
        return self.dialog is not None and not sip.isdeleted(self.dialog) and self.dialog.isVisible()

    def _follow(self, _index: int) -> None:
        """Another image on screen: the comparison follows it (the rest of the old one is dropped)."""
        if self._visible():
            self._start()

    def _on_settings(self, settings: CamSettings) -> None:
        if self._visible():
            self.dialog.set_current(settings.method)
            self._start()  # another layer, class, smoothing or colour: a new comparison

    def _on_result(self, result: MethodResult) -> None:
        if result.job == self._job and self._visible():
            self.dialog.add_result(result)

    def _on_done(self, job: int, _seconds: float) -> None:
        if job == self._job and self._visible():
            seconds = time.perf_counter() - self._started
            log.info("compared %d methods in %.1f s", len(self.dialog.cells), seconds)
            self.dialog.finish(seconds)
