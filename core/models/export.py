"""Exporting a model for use outside GradLens: ONNX (onnxruntime, any language) or TorchScript
(PyTorch or LibTorch without GradLens's code), each with its class names and preprocessing inside.

The export is made in memory, run against PyTorch (core/models/export_check.py) and only then
written, atomically: a file at the destination is always a checked export, and one that failed
the check or the export is never there to be mistaken for a good one.
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch

from core.atomic import atomic_write_bytes
from core.models.export_check import CHECK_COUNT, TOLERANCE, ExportCheck, check_inputs, compare
from core.models.export_metadata import FORMATS, TORCHSCRIPT_EXTRA, as_strings, export_values
from core.models.modelfile import LoadedModel
from core.models.registry import build_model

log = logging.getLogger(__name__)

# Opset 18 (2022): every onnxruntime since 1.14 runs it, 1.32 included, and it has all the
# operators the registry's architectures need (LayerNorm came in 17). A newer one would only
# lock out older runtimes that users deploy on.
ONNX_OPSET = 18
FORMAT_NAMES = {"onnx": "ONNX", "torchscript": "TorchScript"}


class ExportError(ValueError):
    """The model could not be exported, or the export did not compute what the model does; the
    message says why in one line."""


class ExportCheckFailed(ExportError):
    def __init__(self, message: str, check: ExportCheck):
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    size: int  # bytes
    check: ExportCheck

    def written_line(self) -> str:
        what = (f"ONNX opset {ONNX_OPSET}, dynamic batch" if self.format == "onnx"
                else "TorchScript (traced), any batch size")
        inside = "class names and preprocessing in its metadata" if self.format == "onnx" else \
            f"class names and preprocessing in its {TORCHSCRIPT_EXTRA}"
        return f"wrote {self.path} ({self.size / 1e6:.1f} MB): {what}, {inside}"


def export_model(loaded: LoadedModel, fmt: str, out, *, overwrite: bool = False, check_images=None,
                 check_count: int = CHECK_COUNT, tolerance: float = TOLERANCE) -> ExportResult:
    """Export `loaded` as `fmt` ("onnx" or "torchscript") to `out`, checked before it is written.

    Raises FileExistsError when `out` exists (unless `overwrite`), CheckInputError when the named
    check images cannot be used, ExportError when the model cannot be exported, ExportCheckFailed
    when the export's logits differ from PyTorch's by more than `tolerance` (nothing is written).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose {' or '.join(FORMATS)}")
    out = Path(out)
    if out.is_dir():
        raise FileExistsError(f"{out} is a folder; name the file to write")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} already exists; choose another name or pass --overwrite to replace it")
    batch, inputs, source = check_inputs(loaded.preprocess, check_images, check_count)
    model = _fresh_copy(loaded)
    # Traced with another batch size than the check's (its batch, and 1): a size the trace fixed shows up.
    example = batch[:1].repeat(2 if len(batch) != 2 else 3, 1, 1, 1)
    values = export_values(loaded.arch, loaded.class_names, loaded.preprocess.to_dict())
    try:
        if fmt == "onnx":
            data, run = _to_onnx(model, example, values)
        else:
            data, run = _to_torchscript(model, example, values)
        check = compare(model, run, batch, inputs, source, tolerance)
    except ExportError:
        raise
    except Exception as error:  # the exporters raise anything from RuntimeError to their own types
        log.debug("exporting %s to %s failed", loaded.arch, fmt, exc_info=True)
        raise ExportError(f"cannot export {loaded.arch} to {FORMAT_NAMES[fmt]}: {_reason(error)}") from error
    if not check.ok:
        raise ExportCheckFailed(f"the {FORMAT_NAMES[fmt]} export of {loaded.arch} does not compute what the model does "
                                f"({check.line()}); {out} was not written", check)
    atomic_write_bytes(out, data)
    return ExportResult(out, fmt, len(data), check)


def _fresh_copy(loaded: LoadedModel) -> torch.nn.Module:
    """The model rebuilt on the CPU from its weights: the original may be on a GPU, classifying
    in another thread, or carrying a CAM library's hooks, none of which belongs in an export."""
    model = build_model(loaded.arch, loaded.num_classes, loaded.preprocess.input_size)
    model.load_state_dict(loaded.model.state_dict())  # with its _metadata: MNASNet reads its version from there
    return model.float().eval()


def _to_onnx(model: torch.nn.Module, example: torch.Tensor, values: dict):
    import onnx
    import onnxruntime

    try:
        data = _torchscript_based(model, example)
    except Exception as first:
        # What the older exporter has no translation for (adaptive pooling to a size that does not
        # divide the input's: VGG and AlexNet below 224 px) the torch.export-based one decomposes.
        log.info("the TorchScript-based ONNX exporter failed (%s); trying the torch.export-based one", first)
        try:
            data = _export_based(model, example)
        except Exception:
            raise first from None  # the first exporter's reason is the one a user can act on
    proto = onnx.load_from_string(data)
    for key, text in as_strings(values).items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, text
    proto.doc_string = (f"{values['arch']} exported by GradLens: input NCHW float32 RGB at "
                        f"{values['input_size'][0]}×{values['input_size'][1]}, normalised with the mean/std in the "
                        "metadata; output logits in class_names order")
    data = proto.SerializeToString()
    session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])

    def run(batch: torch.Tensor) -> torch.Tensor:
        return torch.from_numpy(session.run(None, {"input": batch.numpy()})[0])
    return data, run


def _torchscript_based(model: torch.nn.Module, example: torch.Tensor) -> bytes:
    """The TorchScript-based exporter (dynamo=False), tried first, deliberately: where both work its
    exports pass the same check as the torch.export-based one's, in a fraction of the time
    (mobilenet_v3_small: 0.6 s instead of 24 s, which a user waits through in the window), and the
    batch axis is made dynamic with plain dynamic_axes. torch 2.14 calls it deprecated;
    when it is gone, _export_based alone is the way."""
    buffer = io.BytesIO()
    # Not under no_grad: there nn.MultiheadAttention takes its fast path, one fused operator
    # (aten::_native_multi_head_attention) that this exporter cannot translate (vit_b_16).
    with warnings.catch_warnings(), _quiet_onnx_log():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)  # the check judges the trace
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
        torch.onnx.export(model, (example,), buffer, dynamo=False, opset_version=ONNX_OPSET,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet_onnx_log():
    """Keep the TorchScript-based exporter from dumping its whole graph on stdout when it fails.

    Its setup_onnx_logging reads `_C._jit_is_onnx_log_enabled` without calling it (torch 2.14,
    torch/onnx/_internal/torchscript_exporter/utils.py), so the function object counts as "on":
    every export switches the C++ ONNX log on, and a failed one prints "Torch IR graph at
    exception: ..." (hundreds of lines) before the exception a user is told about in one line.
    """
    try:
        from torch.onnx._internal.torchscript_exporter import utils
        original = utils.setup_onnx_logging
    except (ImportError, AttributeError):  # a torch without the bug's home: nothing to work around
        yield
        return
    utils.setup_onnx_logging = lambda verbose: contextlib.nullcontext()
    torch._C._jit_set_onnx_log_enabled(False)
    try:
        yield
    finally:
        utils.setup_onnx_logging = original


def _export_based(model: torch.nn.Module, example: torch.Tensor) -> bytes:
    """The torch.export-based exporter (dynamo=True, through onnxscript): slower, more complete."""
    batch = torch.export.Dim("batch", min=1, max=65536)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        program = torch.onnx.export(model, (example,), dynamo=True, opset_version=ONNX_OPSET, input_names=["input"],
                                    output_names=["logits"], dynamic_shapes=({0: batch},), verbose=False)
    return program.model_proto.SerializeToString()


def _to_torchscript(model: torch.nn.Module, example: torch.Tensor, values: dict):
    # Traced, not scripted: tracing takes any architecture that runs (torch.jit.script refuses
    # Python the TorchScript compiler does not know); the check catches what a trace fixes.
    # torch 2.14 calls torch.jit deprecated (FutureWarning) in favour of torch.export, whose files
    # LibTorch cannot run; TorchScript is still what C++ and older PyTorch deployments load.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)  # the check judges the trace
        warnings.filterwarnings("ignore", category=FutureWarning, message=r".*torch\.jit.*deprecated")
        traced = torch.jit.trace(model, example, check_trace=False)
        buffer = io.BytesIO()
        torch.jit.save(traced, buffer, _extra_files={TORCHSCRIPT_EXTRA: json.dumps(values, ensure_ascii=False)})
        data = buffer.getvalue()
        loaded = torch.jit.load(io.BytesIO(data), map_location="cpu")  # what a user gets back, not the trace in memory

    def run(batch: torch.Tensor) -> torch.Tensor:
        return loaded(batch)
    return data, run


def _reason(error: BaseException) -> str:
    """The exporter's first sentence, without its advice to file an issue."""
    text = str(error).strip() or type(error).__name__
    line = next((line.strip() for line in text.splitlines() if line.strip()), text)
    line = re.split(r"\s+(Please (feel free|report|open|file)|Learn more)", line)[0]
    return f"{type(error).__name__}: {line[:300]}" if type(error).__name__ not in line else line[:300]
