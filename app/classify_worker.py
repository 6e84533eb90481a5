"""Classifies a whole folder on a background thread, streaming results to the window in chunks.

With a save folder it runs the same job as predict.py (overlays mirroring the folder, then
results.csv/.txt); without one it only classifies, at bare-inference speed, since the viewer
computes heatmaps on demand.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot

from core.explain.cam_settings import CamSettings
from ui.viewer.result_row import ResultRow

log = logging.getLogger(__name__)

CHUNK_SECONDS = 0.1  # deliver results at most ~10 times a second: smooth for the eye, cheap for the GUI


@dataclass
class ClassifyJob:
    loaded: object  # core.models.modelfile.LoadedModel
    folder: str
    save_dir: str | None
    settings: CamSettings  # for the saved overlays
    overwrite: bool = False
    panels: bool = False  # also save original | heatmap | overlay figures
    batch_size: int = 16
    device: str = "auto"


class ClassifyWorker(QObject):
    planned = pyqtSignal(int, bool, str)  # total files, labelled, root folder
    results = pyqtSignal(list)  # [ResultRow]
    progress = pyqtSignal(int, int, float, float)  # done, total, images/s, seconds left
    finished = pyqtSignal(str)  # summary text ("" when stopped before anything)
    failed = pyqtSignal(str)
    needsOverwrite = pyqtSignal(str, int, str)  # save folder, how many earlier files, one of them: ask first

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()
        self.saved = False  # whether the last run's results.csv/.txt are in its save folder
        self.stopped: tuple[int, int] | None = None  # (done, total) when Stop ended the last run early
        self.outcome = ""  # in core's English, what a stopped run left in its save folder; "" when it finished

    def request_stop(self) -> None:
        self._stop.set()

    @pyqtSlot(object)
    def run(self, job: ClassifyJob) -> None:
        from core.inference.outputs import OutputFolderError, OutputWriteError

        self._stop.clear()
        self.saved, self.stopped, self.outcome = False, None, ""
        try:
            self._run(job)
        except (OutputWriteError, OutputFolderError, FileNotFoundError) as error:
            # A full disk, a file open in another program, a save folder that is a file: the same
            # plain sentence predict.py prints, with what was kept; no type name, no traceback.
            log.error("classification: %s", error)
            self.failed.emit(str(error))
        except Exception as error:  # report, never let it escape into Qt
            log.exception("classification failed")
            self.failed.emit(f"{type(error).__name__}: {error}")

    def _run(self, job: ClassifyJob) -> None:
        from pathlib import Path

        from core.data.scan import is_labelled, scan_images
        from core.inference.outputs import OutputExists
        from core.inference.predict import Classifier, classify_files
        from core.inference.predict_folder import FolderPrediction

        root = Path(job.folder)
        settings = job.settings
        if job.save_dir:
            try:
                folder_job = FolderPrediction(
                    job.loaded, root, job.save_dir, cam=settings.method, cam_layer=settings.layer,
                    target=settings.target, batch_size=job.batch_size, device=job.device,
                    overwrite=job.overwrite, alpha=settings.alpha, colormap=settings.colormap,
                    panels=job.panels, eigen_smooth=settings.eigen_smooth, aug_smooth=settings.aug_smooth)
            except OutputExists as error:
                self.needsOverwrite.emit(str(error.out_dir), len(error.existing), error.existing[0])
                return
            total, labelled = folder_job.total, folder_job.labelled
            stream = folder_job.run(self._stop.is_set)
        else:
            folder_job = None
            paths = scan_images(root)
            total, labelled = len(paths), root.is_dir() and is_labelled(root, job.loaded.class_names)
            classifier = Classifier(job.loaded, job.device, None)
            stream = classify_files(classifier, paths, root if root.is_dir() else root.parent, job.batch_size,
                                    should_stop=self._stop.is_set)
        self.planned.emit(total, labelled, str(root))
        started = last = time.perf_counter()
        chunk, done = [], 0
        # The lambda reads chunk and done when an error comes, not now: what was classified so far.
        for prediction in _delivering_on_error(stream, lambda: self._deliver(chunk, done, total,  # noqa: B023
                                                                                 time.perf_counter() - started)):
            chunk.append(ResultRow(done, prediction.relpath, prediction.path, prediction.predicted,
                                   prediction.probability, prediction.true_class, prediction.error,
                                   list(prediction.topk), prediction.target_class, prediction.heatmap))
            done += 1
            now = time.perf_counter()
            # Images come in bursts, a batch at a time: delivered at a batch's end, the rate counts the whole
            # batch. At its first image it counted one in the time of sixteen: "0.3 images/s, 22:37 left".
            if now - last >= CHUNK_SECONDS and done % job.batch_size == 0:
                self._deliver(chunk, done, total, now - started)
                chunk, last = [], now
        self._deliver(chunk, done, total, time.perf_counter() - started)
        self.saved = folder_job is not None and folder_job.written
        self.stopped = (done, total) if self._stop.is_set() and done < total else None
        if folder_job is not None and not (folder_job.written and not folder_job.stopped):
            self.outcome = folder_job.outcome  # stopped: what happened to the save folder (with Replace, the earlier
            # results stay); the window says it in its language after the summary
        self.finished.emit(folder_job.summary if folder_job is not None else "")

    def _deliver(self, chunk, done, total, elapsed) -> None:
        if chunk:
            self.results.emit(chunk)
        rate = done / elapsed if elapsed > 0 else 0.0
        self.progress.emit(done, total, rate, (total - done) / rate if rate > 0 else 0.0)


def _delivering_on_error(stream, deliver):
    """Iterate `stream`; when it fails at the end (the outputs could not be written), hand over
    the rows still held back first, so the table shows every image that was classified."""
    try:
        yield from stream
    except Exception:
        deliver()
        raise
