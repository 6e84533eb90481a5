"""Exporting to ONNX and TorchScript: the file computes what the model does (any batch size), carries
its class names and preprocessing, is checked before it is written, and failures say why in a line."""
import io
import json
import warnings

import numpy as np
import onnxruntime
import pytest
import torch

from core.data.preprocess import Preprocess
from core.models import export as export_module
from core.models.export import ExportCheckFailed, ExportError, export_model
from core.models.export_check import CheckInputError, check_inputs
from core.models.export_metadata import TORCHSCRIPT_EXTRA, format_for, read_export_metadata, torchscript_export_in

SMALL = [("mobilenet_v3_small", (32, 32)), ("resnet18", (32, 48)), ("small_resnet_m", (28, 28))]


@pytest.fixture
def images(tmp_path, write_image):
    """Six real-looking images in two class folders, of other sizes than the model's input."""
    for i in range(6):
        write_image(tmp_path / "imgs" / ("a" if i % 2 else "b") / f"{i}.png", size=(40 + i, 52), seed=i)
    return tmp_path / "imgs"


def _logits(model, batch):
    with torch.no_grad():
        return model(batch).numpy()


@pytest.mark.parametrize("arch,size", SMALL)
def test_onnx_export_computes_the_model_and_says_what_it_needs(make_tiny_loaded, images, tmp_path, arch, size):
    loaded = make_tiny_loaded(arch, size, "letterbox")
    out = tmp_path / "m.onnx"
    result = export_model(loaded, "onnx", out, check_images=images)
    assert result.check.ok and result.check.count == 6 and result.check.inputs == "images"
    assert result.check.line().startswith("checked on 6 images from ") and "(≤ 1e-4), same top-1 on 6/6" in \
        result.check.line()
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    meta = read_export_metadata(session.get_modelmeta().custom_metadata_map)
    assert meta["class_names"] == ["cat", "dog", "bird"] and meta["arch"] == arch
    assert meta["input_size"] == list(size) and meta["resize_mode"] == "letterbox"
    assert meta["mean"] == list(loaded.preprocess.mean) and meta["std"] == list(loaded.preprocess.std)
    assert isinstance(session.get_inputs()[0].shape[0], str)  # a dynamic batch axis
    batch = torch.randn(5, 3, *size)
    assert np.abs(session.run(None, {"input": batch.numpy()})[0] - _logits(loaded.model, batch)).max() <= 1e-4


def test_torchscript_export_computes_the_model_with_its_metadata(make_tiny_loaded, tmp_path):
    loaded = make_tiny_loaded("resnet18", (32, 32))
    out = tmp_path / "m.pt"
    result = export_model(loaded, "torchscript", out)
    assert result.check.ok and result.check.count == 8  # the bundled demo images by default
    assert torchscript_export_in(out) and format_for(out) == "torchscript"
    extra = {TORCHSCRIPT_EXTRA: ""}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # torch 2.14 calls torch.jit deprecated; it still loads
        scripted = torch.jit.load(str(out), _extra_files=extra)
    meta = json.loads(extra[TORCHSCRIPT_EXTRA])
    assert meta["format"] == "gradlens-export" and meta["class_names"] == ["cat", "dog", "bird"]
    assert meta["input_size"] == [32, 32]
    batch = torch.randn(3, 3, 32, 32)
    with torch.no_grad():
        assert (scripted(batch) - loaded.model(batch)).abs().max() <= 1e-4


def test_an_existing_file_is_kept_unless_overwrite(make_tiny_loaded, tmp_path):
    out = tmp_path / "m.onnx"
    out.write_bytes(b"mine")
    with pytest.raises(FileExistsError, match="already exists"):
        export_model(make_tiny_loaded("mobilenet_v3_small", (32, 32)), "onnx", out)
    assert out.read_bytes() == b"mine"
    export_model(make_tiny_loaded("mobilenet_v3_small", (32, 32)), "onnx", out, overwrite=True)
    assert out.read_bytes() != b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["m.onnx"]  # no temp file left beside it


def test_an_export_that_computes_something_else_is_not_written(make_tiny_loaded, tmp_path, monkeypatch):
    real = export_model.__globals__["_to_torchscript"]

    def off_by_a_little(model, example, values):
        data, run = real(model, example, values)
        return data, lambda batch: run(batch) + 1e-3
    monkeypatch.setattr(export_module, "_to_torchscript", off_by_a_little)
    out = tmp_path / "m.pt"
    with pytest.raises(ExportCheckFailed) as failed:
        export_model(make_tiny_loaded("resnet18", (32, 32)), "torchscript", out)
    assert "does not compute what the model does" in str(failed.value)
    assert "max |Δlogit| 1.0e-03 (more than the 1e-4 allowed)" in str(failed.value)
    assert "was not written" in str(failed.value) and not out.exists() and list(tmp_path.iterdir()) == []


class _Unexportable(torch.nn.Module):
    def forward(self, x):
        return torch.special.bessel_j0(x).mean(dim=(2, 3))  # no ONNX translation for this operator


def test_a_model_that_cannot_be_exported_says_why_in_one_line(make_tiny_loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "build_model", lambda *args, **kw: _Unexportable())
    monkeypatch.setattr(export_module, "_export_based", lambda *args: (_ for _ in ()).throw(RuntimeError("also not")))
    monkeypatch.setattr(export_module, "_fresh_copy", lambda loaded: _Unexportable())
    with pytest.raises(ExportError) as failed:
        export_model(make_tiny_loaded("resnet18", (32, 32)), "onnx", tmp_path / "m.onnx")
    message = str(failed.value)
    assert message.startswith("cannot export resnet18 to ONNX: ") and "bessel_j0" in message
    assert "\n" not in message and "Please" not in message
    assert not (tmp_path / "m.onnx").exists()


def test_check_inputs_random_without_images_and_refused_when_named_but_empty(tmp_path, monkeypatch):
    monkeypatch.setattr("core.models.export_check.DEMO_IMAGES", tmp_path / "none")
    batch, inputs, source = check_inputs(Preprocess((24, 24)))
    assert batch.shape == (8, 3, 24, 24) and inputs == "random inputs" and source == "no images at hand"
    assert torch.equal(batch, check_inputs(Preprocess((24, 24)))[0])  # seeded: the same check each time
    (tmp_path / "empty").mkdir()
    with pytest.raises(CheckInputError, match="no readable images"):
        check_inputs(Preprocess((24, 24)), tmp_path / "empty")


def test_format_from_the_name_or_the_chosen_filter(tmp_path):
    assert format_for("a/m.ONNX") == "onnx" and format_for("m.ts") == "torchscript"
    assert format_for("model", "torchscript") == "torchscript" and format_for("model") is None
    assert not torchscript_export_in(tmp_path / "missing.pt")
    plain = io.BytesIO()
    torch.save({"w": torch.zeros(1)}, plain)
    (tmp_path / "weights.pt").write_bytes(plain.getvalue())
    assert not torchscript_export_in(tmp_path / "weights.pt")  # a weights file is a zip too, without code
