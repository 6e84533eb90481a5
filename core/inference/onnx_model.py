"""Classifying with an ONNX model under onnxruntime: `predict.py --model model.onnx`.

The images go through the same preprocessing as with the PyTorch model (core/data/preprocess.py,
with the input size, resize mode and mean/std GradLens wrote into the file's metadata), and the
results are the same Prediction objects, so results.csv and results.txt are written by the same
code. There are no heatmaps: every CAM method needs the model's gradients or its layers'
activations, and an ONNX graph run by onnxruntime gives neither. An ONNX file from elsewhere has
no GradLens metadata: what it does not say comes from the options (--input-size, --classes, ...)
or is assumed and said, as for a foreign PyTorch file.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from core.data.preprocess import Preprocess
from core.inference.predict import Classifier
from core.models.export_metadata import read_export_metadata
from core.models.model_settings import ModelSettings
from core.models.modelfile import ModelFileError, assumed_note, preprocess_from

log = logging.getLogger(__name__)

NO_CAM = ("heatmaps need the PyTorch model's gradients; an ONNX file has none: run predict.py with the .pt file "
          "for heatmaps")


def is_onnx_file(path) -> bool:
    return Path(path).suffix.lower() == ".onnx"


@dataclass
class OnnxModel:
    """An ONNX model ready to classify, with what FolderPrediction needs of a LoadedModel."""
    session: object  # onnxruntime.InferenceSession
    arch: str
    class_names: list[str]
    preprocess: Preprocess
    batch: int | None = None  # the file's fixed batch size, None when dynamic
    notes: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)
    path: str | None = None

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def classifier(self, topk: int = 5) -> OnnxClassifier:
        return OnnxClassifier(self, topk)


class OnnxClassifier(Classifier):
    """A Classifier whose model is an onnxruntime session: the same predictions, never a CAM."""

    def __init__(self, model: OnnxModel, topk: int = 5):  # not Classifier's: that one moves a torch model
        self.loaded = model
        self.device = torch.device("cpu")  # the batches stay where preprocessing made them
        self.model = None
        self.explainer = None
        self.topk = max(1, min(topk, model.num_classes))
        self._input = model.session.get_inputs()[0]

    def predict_batch(self, batch: torch.Tensor, target: int | None = None):
        array = batch.numpy().astype(np.float16 if self._input.type == "tensor(float16)" else np.float32, copy=False)
        step = self.loaded.batch or len(array)
        logits = np.concatenate([self.loaded.session.run(None, {self._input.name: array[i:i + step]})[0]
                                 for i in range(0, len(array), step)])
        probs = torch.softmax(torch.from_numpy(logits).float(), dim=1)
        targets = probs.argmax(dim=1) if target is None else torch.full((len(probs),), target)
        return probs, None, targets.tolist()


def load_onnx_model(path, settings: ModelSettings | None = None, threads: int = 0,
                    device: str = "auto") -> OnnxModel:
    """Open an ONNX classifier (NCHW float input, one logits output); raises ModelFileError with a
    reason. `threads`: onnxruntime's intra-op threads (0: its default, one per core)."""
    import onnxruntime

    settings, path = settings or ModelSettings(), Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    providers = ["CPUExecutionProvider"]
    if device != "cpu" and "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        providers.insert(0, "CUDAExecutionProvider")
    try:
        session = onnxruntime.InferenceSession(str(path), options, providers=providers)
    except Exception as error:  # onnxruntime raises its own Fail/InvalidGraph/... types
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelFileError(f"{path.name} is not an ONNX model onnxruntime can run: {text[:300]}") from None
    inputs, outputs = session.get_inputs(), session.get_outputs()
    if len(inputs) != 1 or len(inputs[0].shape) != 4 or len(outputs[0].shape) != 2:
        shapes = ", ".join(f"{i.name} {i.shape}" for i in inputs)
        raise ModelFileError(f"{path.name} is not an image classifier GradLens can feed: it takes {shapes} "
                             "(needed: one input of shape batch × 3 × height × width, logits out)")
    said = read_export_metadata(session.get_modelmeta().custom_metadata_map) or {}
    model = _resolve(session, said, settings, path.name)
    model.path = str(path)
    if device.startswith("cuda") and session.get_providers()[0] != "CUDAExecutionProvider":
        model.notes.append(f"--device {device}: this onnxruntime has no CUDA provider (pip install onnxruntime-gpu); "
                           "it runs on the CPU")
    return model


def _resolve(session, said: dict, settings: ModelSettings, name: str) -> OnnxModel:
    """What the user stated, else what the file's metadata says, else its static shapes, else assumed."""
    shape, assumed, notes = session.get_inputs()[0].shape, [], []
    static = tuple(shape[2:]) if all(isinstance(side, int) for side in shape[2:]) else None
    count = session.get_outputs()[0].shape[1]
    count = count if isinstance(count, int) else len(said.get("class_names") or []) or None
    names = list(settings.class_names or said.get("class_names") or [])
    if not names:
        if count is None:
            raise ModelFileError(f"{name} does not say how many classes it predicts: give --classes or --classes-file")
        names = [f"class_{i}" for i in range(count)]
        assumed.append("class_names")
    if count is not None and len(names) != count:
        raise ModelFileError(f"the model predicts {count} classes but {len(names)} class names were given")
    size = settings.input_size or (tuple(said["input_size"]) if said.get("input_size") else None) or static
    if size is None:
        size = (224, 224)
        assumed.append("input_size")
    if static is not None and tuple(size) != static:
        raise ModelFileError(f"{name} takes {static[0]}×{static[1]} inputs only, not {size[0]}×{size[1]}")
    preprocess = preprocess_from(size, settings, said, assumed)
    if not said:
        notes.append(f"{name} was not exported by GradLens: it says nothing about its classes or preprocessing")
    if assumed:
        notes.append(assumed_note(assumed, preprocess, names))
    batch = shape[0] if isinstance(shape[0], int) else None
    return OnnxModel(session, settings.arch or said.get("arch") or "onnx", names, preprocess, batch, notes, assumed)
