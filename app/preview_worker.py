"""Shows the picture and its prediction at once, on a thread of its own.

A heatmap can take half a minute (Score-CAM on a 224-px network, on two CPU cores); the user who
moves to another image must see that image and its top-k straight away, not the previous one under
the new title. Decoding and one plain forward pass are quick, so they run here, beside the viewer
thread (app/view_worker.py), which makes the heatmap and sends the whole view when it has it.

It keeps its own copy of the model's modules (the weights are shared: core/models/shared_weights.py):
the viewer's copy carries the CAM's hooks while a map is computed, and the folder run's carries them
while it saves overlays; a forward pass through either from this thread would feed them this image's
activations.
"""
from __future__ import annotations

import logging
import threading

from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from app.view_worker import ViewRequest, ViewResult, fit_display

log = logging.getLogger(__name__)


class PreviewWorker(QObject):
    ready = pyqtSignal(object)  # ViewResult: original and top-k (none without a model), or the file's error

    def __init__(self):
        super().__init__()
        self._latest = 0
        self._lock = threading.Lock()
        self._loaded = None
        self._classifier = None

    def note_request(self, seq: int) -> None:
        """Called on the GUI thread before queuing a request: older ones still queued are skipped."""
        with self._lock:
            self._latest = max(self._latest, seq)

    @pyqtSlot(object)
    def set_model(self, loaded) -> None:
        from core.models.modelfile import LoadedModel
        from core.models.shared_weights import copy_sharing_weights
        self._loaded = LoadedModel(copy_sharing_weights(loaded.model).eval(), loaded.arch, loaded.class_names,
                                   loaded.preprocess, loaded.cam_layer, loaded.config, loaded.metrics, loaded.notes,
                                   loaded.path)
        self._classifier = None

    @pyqtSlot(object)
    def show(self, request: ViewRequest) -> None:
        with self._lock:
            if request.seq < self._latest:
                return  # the user has moved past it: held arrow keys queue many
        try:
            result = self._picture(request)
        except Exception as error:  # never into Qt; the viewer thread says what is wrong with the file
            log.warning("previewing %s failed", request.path, exc_info=True)
            result = ViewResult(request.seq, request.index, request.path, error=f"{type(error).__name__}: {error}")
        self.ready.emit(result)

    def _picture(self, request: ViewRequest) -> ViewResult:
        from core.data.decode import ImageReadError, load_rgb
        from core.inference.predict import Classifier

        try:
            rgb = load_rgb(request.path)
        except ImageReadError as error:
            return ViewResult(request.seq, request.index, request.path, error=str(error))
        display, _ = fit_display(rgb, None)
        if self._loaded is None:
            return ViewResult(request.seq, request.index, request.path, display)
        if self._classifier is None:
            self._classifier = Classifier(self._loaded, "auto", None, topk=5)
        classifier = self._classifier
        probs, _, _ = classifier.predict_batch(self._loaded.preprocess(rgb)[None])
        top_p, top_i = probs[0].topk(classifier.topk)
        topk = [(classifier.class_names[i], float(p)) for p, i in zip(top_p.tolist(), top_i.tolist())]
        return ViewResult(request.seq, request.index, request.path, display, topk=topk)
