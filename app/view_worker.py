"""Prepares what the viewer shows: original, heatmap and overlay for one image, on demand.

It owns its own copy of the model (hooks added by CAM must never meet the classification
thread's forward passes), keeps recent images and maps in a bounded cache, and after each
request prepares the next images in browse order so autoplay and "next" are instant. The picture
and its prediction reach the screen first from app/preview_worker.py; this thread sends the
whole view when its heatmap is ready.

A newer request makes it drop older ones, and stop the work in progress (a prefetch, a score, a
heatmap of an image the user has left) at the model's next forward pass: a Score-CAM map is
hundreds of them, and the map the user now waits for must not queue behind it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np
from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from core.explain.cam_settings import CamSettings

log = logging.getLogger(__name__)

DISPLAY_MAX_SIDE = 1600  # larger originals are shown downscaled: the screen cannot show more
CACHE_BYTES = 400 * 2**20
FLAT = 1e-3  # a map whose values span less than this (of 0..1) shows nothing: a flat colour


@dataclass
class ViewRequest:
    seq: int
    index: int
    path: str
    settings: CamSettings  # the layer filled in
    prefetch: list = field(default_factory=list)  # [(index, path)] to prepare next, in order


class Superseded(BaseException):
    """The user has moved on: the work in progress is no longer wanted. Not an Exception, as asyncio's
    CancelledError is not: no `except Exception` on its way (the probe of the methods, a CAM method's own
    handling) may take it for a failure of the method."""


@dataclass
class ViewResult:
    seq: int
    index: int
    path: str
    original: np.ndarray | None = None
    heatmap: np.ndarray | None = None
    overlay: np.ndarray | None = None
    topk: list = field(default_factory=list)
    target: str | None = None
    error: str | None = None
    seconds: float = 0.0
    # With a heatmap: None, or why it shows nothing ("flat", "zero", "weak", "nan": core.explain.map_quality).
    # Without one: why there is no heatmap.
    note: str | None = None
    colorbar: np.ndarray | None = None  # the colour map from high (top) to low, 256×1 RGB


class _Cache:
    """Least-recently-used entries with a byte budget."""

    def __init__(self, budget: int):
        self.budget, self.used, self.items = budget, 0, OrderedDict()

    def get(self, key):
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key][0]
        return None

    def put(self, key, value, size: int) -> None:
        if key in self.items:
            self.used -= self.items.pop(key)[1]
        self.items[key] = (value, size)
        self.used += size
        while self.used > self.budget and len(self.items) > 1:
            _, (_, old) = self.items.popitem(last=False)
            self.used -= old

    def clear(self) -> None:
        self.items.clear()
        self.used = 0


class ViewWorker(QObject):
    ready = pyqtSignal(object)  # ViewResult
    modelReady = pyqtSignal(list, str)  # [(layer, "layer3 · 8×8")] deepest first, and the default layer
    methodFailed = pyqtSignal(str, str)  # CAM method, one-line reason: it cannot explain this model
    # request seq, its heatmap's core.explain.faithfulness score, the class, the prediction's test-time augmentation
    scored = pyqtSignal(int, object, str, str)

    def __init__(self):
        super().__init__()
        self._latest = 0
        self._wanted = None  # the cache key of the newest request's map: worth finishing, whoever asked for it
        self._working = None  # (seq, cache key) of the work in progress on this thread, None when it must not stop
        self._served = 0  # the last request this thread began to serve: a probe stops for any newer one
        self._unprobed: list[str] = []  # CAM methods still to try on this model (probe_methods)
        self._lock = threading.Lock()
        self._loaded = None
        self._classifier = None
        self._classifier_key = None
        self._cache = _Cache(CACHE_BYTES)
        self._failed_methods: dict[str, str] = {}
        self._stopping = threading.Event()
        self._last_inputs = None  # (cache key, input batch, map, target) of the last heatmap computed

    def request_stop(self) -> None:
        """The window is closing (any thread): the heatmap or probe in progress ends at its next forward pass."""
        self._stopping.set()

    def note_request(self, request: ViewRequest) -> None:
        """Called on the GUI thread before queuing a request: lets the worker skip and stop stale work."""
        with self._lock:
            if request.seq > self._latest:
                self._latest, self._wanted = request.seq, _map_key(request.path, request.settings)

    def _stale(self, seq: int) -> bool:
        with self._lock:
            return seq < self._latest

    def _stop_if_superseded(self, _module, _inputs) -> None:
        """Before each forward pass of the model: stop work that a newer request no longer needs (the map
        it waits for is finished, wherever it was started)."""
        with self._lock:
            working = self._working
            if working is not None and (self._stopping.is_set() or
                                        (working[0] < self._latest and working[1] != self._wanted)):
                raise Superseded

    def _work_on(self, working: tuple | None) -> None:
        with self._lock:
            self._working = working

    @pyqtSlot(object)
    def set_model(self, loaded) -> None:
        from core.explain.cam_layers import default_for, layer_maps, menu_layers
        from core.models.modelfile import LoadedModel
        from core.models.shared_weights import copy_sharing_weights

        model = copy_sharing_weights(loaded.model).eval()
        model.register_forward_pre_hook(self._stop_if_superseded)
        maps = layer_maps(model, loaded.arch, loaded.preprocess.input_size, loaded.cam_layer)
        default = default_for(loaded, maps)  # as predict.py chooses it
        self._loaded = LoadedModel(model, loaded.arch, loaded.class_names, loaded.preprocess, default,
                                   loaded.config, loaded.metrics, loaded.notes, loaded.path)
        self._classifier, self._classifier_key = None, None
        self._failed_methods = {}
        self._unprobed = []
        self._cache.clear()
        self._last_inputs = None
        self.modelReady.emit([(m.name, m.label()) for m in menu_layers(maps, default)], default)

    @pyqtSlot(object)
    def render(self, request: ViewRequest) -> None:
        # Without a model there is no heatmap to make: the preview thread shows the picture, and the
        # model's arrival (modelReady) makes the window ask again.
        if self._stale(request.seq) or self._loaded is None:
            return
        self._served = request.seq
        try:
            self._render(request)
        except Superseded:
            log.debug("left %s for a newer request", request.path)
            return
        finally:
            self._work_on(None)
        if self._unprobed and not self._stale(request.seq):
            self._probe_remaining()  # what a request interrupted, now that the user has what they asked for

    def _render(self, request: ViewRequest) -> None:
        started = time.perf_counter()
        self._work_on((request.seq, _map_key(request.path, request.settings)))
        result = self._compose(request.seq, request.index, request.path, request.settings)
        result.seconds = time.perf_counter() - started
        self.ready.emit(result)
        if result.heatmap is None:
            return  # no prefetching with a method that just failed
        if result.note is None and not self._stale(request.seq):  # after the picture: it comes first
            self._work_on((request.seq, ("score",) + _map_key(request.path, request.settings)))
            try:
                score, explained, tta = self._score(request.path, request.settings)
                self.scored.emit(request.seq, score, explained, tta)
            except Exception:  # the heatmap is on screen; only its score is missing
                log.warning("scoring the heatmap of %s failed", request.path, exc_info=True)
        for _index, path in request.prefetch:
            if self._stale(request.seq):
                return
            self._work_on((request.seq, _map_key(path, request.settings)))
            try:
                self._prepare(path, request.settings)
            except Exception:  # shown, with its reason, if the user gets there
                log.debug("prefetching %s failed", path, exc_info=True)
                return

    def _score(self, path: str, settings: CamSettings):
        """(faithfulness of the heatmap `_prepare` made for this image, the class it explains, the
        prediction's test-time augmentation: the score is of the plain image, as the map is); the
        score is cached beside the picture, and the picture's own inputs are reused when fresh."""
        from core.data.decode import load_rgb
        from core.explain.faithfulness import score_maps

        key = ("score", path, settings.method, settings.layer, settings.target, settings.eigen_smooth,
               settings.aug_smooth)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        classifier = self._classifier_for(settings)
        if self._last_inputs is not None and self._last_inputs[0] == key[1:]:
            batch, cam, target = self._last_inputs[1:]
        else:
            batch = self._loaded.preprocess(load_rgb(path))[None]
            _, maps, targets = classifier.predict_batch(batch, classifier.class_index(settings.target))
            cam, target = maps[0], targets[0]
        score = score_maps(classifier.model, batch.to(classifier.device), cam[None], [target])[0]
        entry = (score, classifier.class_names[target], classifier.tta)
        self._cache.put(key, entry, 1024)
        return entry

    def _classifier_for(self, settings: CamSettings):
        from core.inference.predict import Classifier
        key = (settings.method or "gradcam", settings.layer or self._loaded.cam_layer, settings.eigen_smooth,
               settings.aug_smooth)
        if key[0] == "none":  # the prediction alone, when a method cannot explain this model
            key = ("none", None, False, False)
        if key != self._classifier_key:
            self._classifier = Classifier(self._loaded, "auto", key[0], key[1], topk=5, eigen_smooth=key[2],
                                          aug_smooth=key[3])
            self._classifier_key = key
        return self._classifier

    def _prepare(self, path: str, settings: CamSettings):
        """(display image, map at display size, topk, target) from the cache or computed now."""
        from core.data.decode import ImageReadError, load_rgb
        from core.explain.overlay import to_original

        key = _map_key(path, settings)
        entry = self._cache.get(key)
        if entry is not None:
            return entry
        try:
            rgb = load_rgb(path)
        except ImageReadError as error:
            entry = (None, None, [], None, str(error), None)
            self._cache.put(key, entry, 1024)
            return entry
        classifier = self._classifier_for(settings)
        preprocess = self._loaded.preprocess
        target = classifier.class_index(settings.target)
        batch = preprocess(rgb)[None]
        probs, maps, targets = classifier.predict_batch(batch, target)
        if maps is not None:  # what scoring this heatmap needs, should it be the one shown
            self._last_inputs = (key, batch, maps[0], targets[0])
        top_p, top_i = probs[0].topk(classifier.topk)
        topk = [(classifier.class_names[i], float(p)) for p, i in zip(top_p.tolist(), top_i.tolist())]
        if maps is None:  # method "none": the image and its prediction only
            display, _ = fit_display(rgb, None)
            entry = (display, None, topk, None, None, None)
            self._cache.put(key, entry, display.nbytes)
            return entry
        heat = to_original(maps[0], preprocess.geometry(*rgb.shape[:2]))
        display, heat = fit_display(rgb, heat)
        entry = (display, heat.astype(np.float16), topk, classifier.class_names[targets[0]], None,
                 classifier.map_quality[0])
        self._cache.put(key, entry, display.nbytes + heat.size * 2)
        return entry

    def _compose(self, seq: int, index: int, path: str, settings: CamSettings) -> ViewResult:
        from core.explain.overlay import blend, colorize
        known = self._failed_methods.get(settings.method or "gradcam")
        if known:  # said once already: show the image and the reason without trying again
            return self._without_heatmap(seq, index, path, settings, None, known)
        try:
            display, heat, topk, target, error, quality = self._prepare(path, settings)
        except Exception as error:  # a CAM method that cannot handle this model, out of memory...
            return self._without_heatmap(seq, index, path, settings, error)
        if error:
            return ViewResult(seq, index, path, error=error)
        heat = heat.astype(np.float32)
        alpha, colormap = float(settings.alpha), settings.colormap
        note = quality  # None, or why the raw map shows nothing (core.explain.map_quality)
        if note is None and float(heat.max()) - float(heat.min()) < FLAT:
            note = "flat"  # flat once resized and cropped back to the image
        return ViewResult(seq, index, path, display, colorize(heat, colormap), blend(display, heat, alpha, colormap),
                          topk, target, note=note, colorbar=colorize(np.linspace(1, 0, 256)[:, None], colormap))

    @pyqtSlot()
    def probe_methods(self) -> None:
        """Try the methods that fail on some networks once for this model (after the first image
        is on screen), so the Method menu stops offering those that cannot run. They take seconds
        (ShapleyCAM, FullGrad and Finer-CAM on resnet18 at 224 px: 7 s on two cores): an image asked
        for meanwhile is served first, and the methods left are tried after it."""
        from core.explain.cam_support import PROBED
        if self._loaded is None:
            return
        self._unprobed = [method for method in PROBED if method not in self._failed_methods]
        self._probe_remaining()

    def _probe_remaining(self) -> None:
        from core.explain.cam_support import explain_cam_failure, probe
        from core.inference.predict import Classifier
        loaded = self._loaded
        try:
            while self._unprobed and not self._stopping.is_set():
                method = self._unprobed[0]
                self._work_on((self._served, ("probe", method)))
                failures = probe(lambda name: Classifier(loaded, "auto", name, loaded.cam_layer, topk=1),
                                 loaded.preprocess.input_size, methods=(method,))
                self._unprobed.pop(0)
                if method in failures and method not in self._failed_methods:
                    reason, _ = explain_cam_failure(method, loaded.cam_layer, loaded.arch, failures[method])
                    self._failed_methods[method] = reason
                    self.methodFailed.emit(method, reason)
        except Superseded:
            log.debug("trying the CAM methods waits for a newer request")
        finally:
            self._work_on(None)

    def _without_heatmap(self, seq, index, path, settings, error, reason=None) -> ViewResult:
        """The heatmap failed: still show the image and its prediction, and say why in one line."""
        from core.explain.cam_support import explain_cam_failure
        method, layer = settings.method or "gradcam", settings.layer or self._loaded.cam_layer
        if reason is None:
            reason, fault = explain_cam_failure(method, layer, self._loaded.arch, error)
            log.warning("%s on %s (%s, layer %s) failed: %s", method, path, self._loaded.arch, layer, error)
            if fault == "method" and method not in self._failed_methods:
                self._failed_methods[method] = reason
                self.methodFailed.emit(method, reason)
        try:
            display, _, topk, _, error, _ = self._prepare(path, replace(settings, method="none"))
        except Exception as second:  # the image itself cannot be shown either
            return ViewResult(seq, index, path, error=f"{type(second).__name__}: {second}")
        if error:
            return ViewResult(seq, index, path, error=error)
        return ViewResult(seq, index, path, display, None, None, topk, None, note=reason)

def _map_key(path: str, settings: CamSettings) -> tuple:
    """What a heatmap in the cache is of: the image and every setting that changes the map."""
    return path, settings.method, settings.layer, settings.target, settings.eigen_smooth, settings.aug_smooth


def fit_display(rgb: np.ndarray, heat: np.ndarray | None):
    """The picture (and its map) no larger than the screen can show."""
    import cv2
    height, width = rgb.shape[:2]
    scale = DISPLAY_MAX_SIDE / max(height, width)
    if scale >= 1:
        return rgb, heat
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return (cv2.resize(rgb, size, interpolation=cv2.INTER_AREA),
            None if heat is None else cv2.resize(heat, size, interpolation=cv2.INTER_AREA))
