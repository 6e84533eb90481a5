"""A whole classification run: a folder (or one file) in, overlays and result files out.

`predict.py` iterates over it with a progress bar; the GUI's worker will iterate over the same
object. Results are written at the end even when the run is stopped early, for what was done.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterator

from core.modelfile import LoadedModel
from core.outputs import (OverlayWriter, check_no_overwrite, overlay_names, panel_name, write_results_csv,
                          write_results_txt)
from core.predict import Classifier, Prediction, classify_files
from core.scan import is_labelled, scan_images

log = logging.getLogger(__name__)


class FolderPrediction:
    """Plan on construction (scan, output names, overwrite check); run by iterating."""

    def __init__(self, loaded: LoadedModel, input_path, out_dir, *, cam: str | None = "gradcam",
                 cam_layer: str | None = None, target=None, topk: int = 5, batch_size: int = 16,
                 device: str = "auto", overwrite: bool = False, overlay_format: str = "jpg",
                 alpha: float = 0.5, colormap: str = "jet", panels: bool = False):
        self.input_path, self.out_dir = Path(input_path), Path(out_dir)
        if not self.input_path.exists():
            raise FileNotFoundError(f"input not found: {self.input_path}")
        self.loaded, self.target, self.batch_size = loaded, target, batch_size
        self.alpha, self.colormap, self.overlay_format = alpha, colormap, overlay_format
        self.classifier = Classifier(loaded, device, cam, cam_layer, topk)
        self.classifier.class_index(target)  # an unknown class fails now, before any work
        self.root = self.input_path if self.input_path.is_dir() else self.input_path.parent
        self.paths = scan_images(self.input_path, exclude=[self.out_dir])
        self.labelled = self.input_path.is_dir() and is_labelled(self.input_path, loaded.class_names)
        relpaths = [p.relative_to(self.root).as_posix() for p in self.paths]
        self.overlays = overlay_names(relpaths, overlay_format) if cam and cam != "none" else {}
        self.panels = panels and bool(self.overlays)
        planned = list(self.overlays.values())
        if self.panels:
            planned += [panel_name(name) for name in planned]
        if not overwrite:
            check_no_overwrite(self.out_dir, planned)
        self.results: list[Prediction] = []
        self.summary = ""
        self.stopped = False

    @property
    def total(self) -> int:
        return len(self.paths)

    def __len__(self) -> int:
        return self.total

    def run(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Prediction]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        writer = (OverlayWriter(self.out_dir, self.alpha, self.colormap, self.overlay_format, self.panels)
                  if self.overlays else None)
        try:
            for prediction in classify_files(self.classifier, self.paths, self.root, self.batch_size, self.target,
                                             should_stop, keep_images=writer is not None):
                if writer is not None and prediction.cam is not None:
                    prediction.heatmap = self.overlays[prediction.relpath]
                    writer.submit(prediction.heatmap, prediction.image, prediction.cam, prediction.geometry)
                prediction.image = None  # the writer holds its own reference; do not keep every image
                prediction.cam = None
                self.results.append(prediction)
                yield prediction
        finally:
            failures = writer.close() if writer is not None else {}
            for prediction in self.results:
                if prediction.heatmap in failures:
                    prediction.error = failures[prediction.heatmap]
                    prediction.heatmap = None
            self.stopped = len(self.results) < self.total
            self._write_results()

    __iter__ = run

    def _write_results(self) -> None:
        header = {"model": self.loaded.path or self.loaded.arch, "input": str(self.input_path),
                  "classes": ", ".join(self.loaded.class_names)}
        if self.stopped:
            header["stopped"] = f"after {len(self.results)} of {self.total} file(s)"
        write_results_csv(self.out_dir / "results.csv", self.results, self.labelled)
        self.summary = write_results_txt(self.out_dir / "results.txt", self.results, self.loaded.class_names, header)
