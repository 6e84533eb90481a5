"""Batched prediction with a CAM for every image, streaming results in input order.

Decoding runs on a small thread pool ahead of the model (PIL and OpenCV release the GIL), so the
model is rarely idle waiting for files. Unreadable files become results with an error instead
of stopping the run.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
import torch

from core.data.decode import ImageReadError, load_rgb
from core.data.preprocess import Geometry
from core.data.scan import true_class
from core.device import resolve_device
from core.explain.cam import CamExplainer
from core.explain.faithfulness import Faithfulness, score_maps
from core.explain.map_quality import FLAT_SPAN, TINY_SIDE
from core.explain.overlay import to_original
from core.inference.tta import check_mode, model_mode, tta_probs
from core.models.modelfile import LoadedModel
from core.models.registry import get_architecture

log = logging.getLogger(__name__)


@dataclass
class Prediction:
    path: str
    relpath: str
    true_class: str | None = None
    topk: list[tuple[str, float]] = field(default_factory=list)  # best first
    target_class: str | None = None  # the class the CAM explains
    error: str | None = None
    cam: np.ndarray | None = None  # float32 0..1 over the model's input
    geometry: Geometry | None = None
    image: np.ndarray | None = None  # the decoded RGB image, only when asked for
    heatmap: str | None = None  # where its overlay was written, relative to the output folder
    heatmap_note: str | None = None  # why the heatmap shows nothing (core.explain.map_quality), else None
    faithfulness: Faithfulness | None = None  # with predict.py --cam-score

    @property
    def predicted(self) -> str | None:
        return self.topk[0][0] if self.topk else None

    @property
    def probability(self) -> float | None:
        return self.topk[0][1] if self.topk else None

    @property
    def correct(self) -> bool | None:
        if self.true_class is None or self.predicted is None:
            return None
        return self.predicted == self.true_class


class Classifier:
    """A loaded model on a device, with its CAM method: turns decoded images into predictions."""

    score_maps = False  # also score each heatmap's faithfulness (predict.py --cam-score)

    def __init__(self, loaded: LoadedModel, device: str = "auto", cam_method: str | None = "gradcam",
                 cam_layer: str | None = None, topk: int = 5, eigen_smooth: bool = False, aug_smooth: bool = False,
                 tta: str | None = None):
        self.loaded = loaded
        # test-time augmentation (core/inference/tta.py); None: as the model was tested in training
        self.tta = model_mode(loaded.config) if tta is None else check_mode(tta)
        self.device = resolve_device(device)
        self.model = loaded.model.to(self.device).eval()
        self.topk = max(1, min(topk, loaded.num_classes))
        self.explainer = None
        if cam_method and cam_method != "none":
            layout = get_architecture(loaded.arch).layout
            self.explainer = CamExplainer(self.model, cam_layer or loaded.cam_layer, cam_method, layout,
                                          eigen_smooth=eigen_smooth, aug_smooth=aug_smooth)

    @property
    def map_quality(self) -> list[str | None]:
        """For each map of the last batch: None, or why it shows nothing (core.explain.map_quality.NOTES)."""
        return list(self.explainer.last_quality) if self.explainer is not None else []

    @property
    def class_names(self) -> list[str]:
        return self.loaded.class_names

    def class_index(self, target: str | int | None) -> int | None:
        """A class given by name or index -> its index; None means "the predicted class"."""
        if target is None or target == "":
            return None
        names = self.class_names
        if isinstance(target, str) and target in names:
            return names.index(target)
        if str(target).lstrip("-").isdigit() and 0 <= int(target) < len(names):
            return int(target)
        raise ValueError(f"unknown class {target!r}; the model's classes are: {', '.join(names)}")

    def predict_batch(self, batch: torch.Tensor, target: int | None = None):
        """(probabilities as a CPU tensor, CAMs or None, target index per image)."""
        batch = batch.to(self.device, non_blocking=True)
        if self.tta != "off":
            return self._predict_tta(batch, target)
        if self.explainer is None:
            with torch.inference_mode():
                logits = self.model(batch)
            maps = None
        else:
            logits, maps = self.explainer(batch, target)
        probs = torch.softmax(logits.float(), dim=1).cpu()
        targets = probs.argmax(dim=1) if target is None else torch.full((len(probs),), target)
        return probs, maps, targets.tolist()

    def _predict_tta(self, batch: torch.Tensor, target: int | None):
        """Probabilities averaged over the TTA views; the heatmap on the plain image, for the class
        the TTA predicts (or the asked one)."""
        with torch.inference_mode():
            probs = tta_probs(self.model, batch, self.tta).cpu()
        targets = probs.argmax(dim=1).tolist() if target is None else [target] * len(probs)
        maps = None if self.explainer is None else self.explainer(batch, targets)[1]
        return probs, maps, targets

    def to_predictions(self, probs, maps, targets, items) -> list[Prediction]:
        top_p, top_i = probs.topk(self.topk, dim=1)
        results = []
        for row, item in enumerate(items):
            item.topk = [(self.class_names[i], float(p)) for p, i in zip(top_p[row].tolist(), top_i[row].tolist())]
            item.target_class = self.class_names[targets[row]]
            item.cam = None if maps is None else maps[row]
            quality = self.map_quality
            item.heatmap_note = quality[row] if maps is not None and row < len(quality) else None
            if item.heatmap_note is None and item.cam is not None and flat_on_the_image(item.cam, item.geometry):
                item.heatmap_note = "flat"  # as the window says of it: resized to a tiny image, one colour
            results.append(item)
        return results


def flat_on_the_image(cam, geometry: Geometry | None) -> bool:
    """Whether a map that varies over the model's input is one colour over an image under TINY_SIDE px (a
    1×1 image's map is one pixel). Only such images are checked: resizing every map would cost time."""
    if geometry is None or min(geometry.original_size) >= TINY_SIDE:
        return False
    heat = to_original(np.asarray(cam, dtype=np.float32), geometry)
    return float(heat.max()) - float(heat.min()) < FLAT_SPAN


def classify_files(classifier: Classifier, paths: Iterable, root=None, batch_size: int = 16,
                   target: str | int | None = None, should_stop: Callable[[], bool] | None = None,
                   keep_images: bool = False, workers: int | None = None) -> Iterator[Prediction]:
    """Yield one Prediction per path, in order. `root` gives relative paths and true classes."""
    target_index = classifier.class_index(target)
    preprocess = classifier.loaded.preprocess
    labels = classifier.class_names
    root = Path(root) if root is not None else None

    def load(path: Path):
        rgb = load_rgb(path)
        return rgb, preprocess(rgb), preprocess.geometry(*rgb.shape[:2])

    def describe(path: Path) -> Prediction:
        path = Path(path)
        if root is None or root == path:
            return Prediction(str(path), path.name)
        rel = os.path.relpath(path, root)
        return Prediction(str(path), Path(rel).as_posix(), true_class(root, path, labels))

    workers = workers or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="decode") as pool:
        pending: deque = deque()
        remaining = iter(paths)

        def top_up():
            while len(pending) < 2 * batch_size:
                path = next(remaining, None)
                if path is None:
                    return
                pending.append((path, pool.submit(load, Path(path))))

        top_up()
        while pending:
            if should_stop and should_stop():
                for _, future in pending:
                    future.cancel()
                return
            chunk, good, tensors = [], [], []
            while pending and len(chunk) < batch_size:
                path, future = pending.popleft()
                item = describe(path)
                try:
                    rgb, tensor, item.geometry = future.result()
                except ImageReadError as error:
                    item.error = str(error)
                    log.warning("%s: %s", item.relpath, item.error)
                else:
                    item.image = rgb if keep_images else None
                    good.append(item)
                    tensors.append(tensor)
                chunk.append(item)
            top_up()
            if tensors:
                batch = torch.stack(tensors)
                probs, maps, targets = classifier.predict_batch(batch, target_index)
                classifier.to_predictions(probs, maps, targets, good)
                if classifier.score_maps and maps is not None:
                    scores = score_maps(classifier.model, batch.to(classifier.device), maps, targets)
                    for item, score in zip(good, scores):
                        item.faithfulness = score
            yield from chunk
