"""What an exported model says about itself, and telling export formats apart by name or content.

An ONNX or TorchScript file leaves GradLens, so it must carry what a GradLens model file carries
for using it: class names in output order and the preprocessing (input size, resize mode,
mean/std), plus the architecture for the curious. ONNX keeps them as `metadata_props` (string
to string, shown by Netron and readable from any onnxruntime binding); TorchScript as one
extra file, `gradlens.json`, next to the code (`torch.jit.load(..., _extra_files=...)`, also
from C++). Torch-free: the window names the formats with it and predict.py recognises a
TorchScript export before torch is imported.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

FORMATS = ("onnx", "torchscript")
SUFFIXES = {"onnx": ".onnx", "torchscript": ".pt"}
EXPORT_FORMAT = "gradlens-export"  # the value of the "format" key: a file GradLens exported
EXPORT_VERSION = 1
TORCHSCRIPT_EXTRA = "gradlens.json"  # the TorchScript archive's extra file holding the metadata
# Plain strings; the other keys hold JSON (lists of numbers or names).
_TEXT_KEYS = ("format", "arch", "resize_mode", "layout")
LAYOUT = "NCHW float32 RGB, resized and normalised as resize_mode, mean and std say"


def format_for(path, chosen: str | None = None) -> str | None:
    """The export format a file name asks for: .onnx is ONNX; .pt/.pth/.ts/.torchscript are
    TorchScript; otherwise `chosen` (the save dialog's filter), else None."""
    suffix = Path(path).suffix.lower()
    if suffix == ".onnx":
        return "onnx"
    if suffix in (".pt", ".pth", ".ts", ".torchscript"):
        return "torchscript"
    return chosen if chosen in FORMATS else None


def export_values(arch: str, class_names, preprocess: dict) -> dict:
    """The metadata of an export as plain values (TorchScript's gradlens.json holds them as JSON).
    `preprocess`: Preprocess.to_dict() (input_size [h, w], resize_mode, mean, std)."""
    return {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION, "arch": arch,
            "class_names": list(class_names), "input_size": list(preprocess["input_size"]),
            "resize_mode": preprocess["resize_mode"], "mean": list(preprocess["mean"]),
            "std": list(preprocess["std"]), "layout": LAYOUT}


def as_strings(values: dict) -> dict[str, str]:
    """Plain values -> strings, what ONNX metadata_props holds: text as it is, the rest as JSON."""
    return {key: value if key in _TEXT_KEYS else json.dumps(value, ensure_ascii=False) for key, value in values.items()}


def read_export_metadata(props: dict[str, str]) -> dict | None:
    """Metadata strings -> plain values (class_names, input_size, resize_mode, mean, std, arch);
    None when the file was not exported by GradLens."""
    if props.get("format") != EXPORT_FORMAT:
        return None
    values = {}
    for key, text in props.items():
        if key in _TEXT_KEYS:
            values[key] = text
        else:
            try:
                values[key] = json.loads(text)
            except ValueError:
                continue  # a key another tool added: not ours to judge
    return values


def torchscript_export_in(path) -> bool:
    """Whether `path` is a TorchScript archive (a zip holding code/ and constants), GradLens's
    export or not; read as a zip, nothing in it runs."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return any("/code/" in name for name in names) and any(name.endswith("constants.pkl") for name in names)
