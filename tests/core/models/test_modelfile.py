"""core/models/modelfile.py: GradLens model files, foreign weight files, pickled models, damaged files."""
import json
import pickle
import zipfile
from pathlib import Path

import pytest
import torch

import core.models.modelfile as modelfile
from core.data.preprocess import Preprocess
from core.models.modelfile import (
    FORMAT,
    FORMAT_VERSION,
    LoadedModel,
    ModelFileError,
    PickledModelRefused,
    load_model_file,
    save_model_file,
)
from core.models.registry import build_model


def _eval_logits(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


@pytest.fixture(scope="module")
def resnet4():
    torch.manual_seed(0)
    model = build_model("resnet18", 4).eval()
    # Non-trivial batch-norm statistics, so a lost buffer would change the outputs.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    return model


@pytest.fixture(scope="module")
def x64():
    return torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))


@pytest.fixture(scope="module")
def expected(resnet4, x64):
    return _eval_logits(resnet4, x64)


def _loaded(model, **kw):
    args = dict(model=model, arch="resnet18", class_names=["cat", "dog", "emu", "yak"],
                preprocess=Preprocess((64, 96), "letterbox", (0.5, 0.4, 0.3), (0.2, 0.25, 0.3)),
                cam_layer="layer3", config={"epochs": 7, "lr": 0.01, "data": Path("/data/pets")},
                metrics={"val_accuracy": 0.875, "per_class": {"cat": 0.9}})
    args.update(kw)
    return LoadedModel(**args)


# ---------------------------------------------------------------- GradLens files


def test_round_trip_keeps_everything(tmp_path, resnet4, x64, expected):
    path = tmp_path / "model.pt"
    save_model_file(path, _loaded(resnet4), extra={"epoch": 3})
    loaded = load_model_file(path)
    assert loaded.arch == "resnet18"
    assert loaded.class_names == ["cat", "dog", "emu", "yak"]
    assert loaded.num_classes == 4
    assert loaded.preprocess == Preprocess((64, 96), "letterbox", (0.5, 0.4, 0.3), (0.2, 0.25, 0.3))
    assert loaded.preprocess.input_size == (64, 96) and isinstance(loaded.preprocess.input_size, tuple)
    assert loaded.cam_layer == "layer3"
    assert loaded.config == {"epochs": 7, "lr": 0.01, "data": "/data/pets"}
    assert loaded.metrics == {"val_accuracy": 0.875, "per_class": {"cat": 0.9}}
    assert loaded.path == str(path)
    assert loaded.notes == []
    assert not loaded.model.training
    assert all(not m.training for m in loaded.model.modules())
    with torch.no_grad():
        assert torch.allclose(loaded.model(x64), expected, atol=1e-6)


def test_raw_file_is_weights_only_plain_data(tmp_path, resnet4):
    path = tmp_path / "model.pt"
    save_model_file(path, _loaded(resnet4), extra={"epoch": 3, "optimizer": {"lr": 0.1}})
    raw = torch.load(path, weights_only=True)
    assert raw["format"] == FORMAT == "gradlens-model"
    assert raw["format_version"] == FORMAT_VERSION
    assert raw["epoch"] == 3 and raw["optimizer"] == {"lr": 0.1}
    assert raw["arch"] == "resnet18"
    assert raw["input_size"] == [64, 96]
    assert raw["config"]["data"] == "/data/pets"  # a Path is stored as its text
    json.dumps(raw["config"])
    json.dumps(raw["metrics"])
    assert set(raw["state_dict"]) == set(resnet4.state_dict())
    assert all(t.device.type == "cpu" for t in raw["state_dict"].values())


def test_gradlens_file_arch_and_class_names_must_agree(tmp_path, resnet4):
    path = tmp_path / "model.pt"
    save_model_file(path, _loaded(resnet4))
    assert load_model_file(path, arch="resnet18", class_names=["cat", "dog", "emu", "yak"]).arch == "resnet18"
    with pytest.raises(ModelFileError, match="holds a resnet18, not a resnet34"):
        load_model_file(path, arch="resnet34")
    with pytest.raises(ModelFileError, match="own class names"):
        load_model_file(path, class_names=["a", "b", "c", "d"])


def test_newer_format_version_refused(tmp_path, resnet4):
    path = tmp_path / "model.pt"
    save_model_file(path, _loaded(resnet4), extra={"format_version": 99})
    with pytest.raises(ModelFileError, match="newer GradLens") as info:
        load_model_file(path)
    assert "99" in str(info.value)


def test_failed_save_leaves_old_file_intact(tmp_path, resnet4, x64, expected, monkeypatch):
    path = tmp_path / "best.pt"
    save_model_file(path, _loaded(resnet4))
    before = path.read_bytes()

    def broken_save(obj, handle, *args, **kwargs):
        handle.write(b"PK\x03\x04 half a file")
        raise OSError("No space left on device")

    monkeypatch.setattr(modelfile.torch, "save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        save_model_file(path, _loaded(resnet4, class_names=["a", "b", "c", "d"]))
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.pt"]
    assert not list(tmp_path.glob(".*.tmp"))
    with torch.no_grad():
        assert torch.allclose(load_model_file(path).model(x64), expected, atol=1e-6)


# ---------------------------------------------------------------- foreign files


def _prefixed(state_dict, prefix):
    return {prefix + k: v for k, v in state_dict.items()}


FOREIGN_LAYOUTS = {
    "bare": lambda sd: sd,
    "state_dict": lambda sd: {"state_dict": sd},
    "model_state_dict": lambda sd: {"model_state_dict": sd, "epoch": 5, "optimizer_state_dict": {}},
    "model": lambda sd: {"model": sd},
    "module.": lambda sd: _prefixed(sd, "module."),
    "_orig_mod.": lambda sd: _prefixed(sd, "_orig_mod."),
    "module._orig_mod.": lambda sd: {"state_dict": _prefixed(sd, "module._orig_mod.")},
    "lightning": lambda sd: {"state_dict": _prefixed(sd, "model."), "epoch": 9, "global_step": 900,
                             "pytorch-lightning_version": "2.3.0"},
}


@pytest.mark.parametrize("layout", list(FOREIGN_LAYOUTS))
def test_foreign_layouts_load_with_same_outputs(tmp_path, resnet4, x64, expected, layout):
    path = tmp_path / "foreign.pt"
    torch.save(FOREIGN_LAYOUTS[layout](resnet4.state_dict()), path)
    loaded = load_model_file(path)
    assert loaded.arch == "resnet18"
    assert loaded.class_names == ["class_0", "class_1", "class_2", "class_3"]
    assert any("recognised as resnet18" in note for note in loaded.notes)
    assert any("class_0..class_3" in note for note in loaded.notes)
    assert loaded.preprocess == Preprocess((224, 224))
    assert loaded.cam_layer == "layer4"
    assert not loaded.model.training
    with torch.no_grad():
        assert torch.allclose(loaded.model(x64), expected, atol=1e-6)


def test_foreign_non_fc_head_squeezenet(tmp_path):
    torch.manual_seed(2)
    model = build_model("squeezenet1_1", 4).eval()
    x = torch.randn(1, 3, 64, 64)
    path = tmp_path / "squeeze.pth"
    torch.save({"model_state_dict": _prefixed(model.state_dict(), "module.")}, path)
    loaded = load_model_file(path)
    assert (loaded.arch, loaded.num_classes, loaded.cam_layer) == ("squeezenet1_1", 4, "features")
    with torch.no_grad():
        assert torch.allclose(loaded.model(x), model(x), atol=1e-6)


def test_foreign_class_names_from_classes_list(tmp_path, resnet4):
    path = tmp_path / "f.pt"
    torch.save({"state_dict": resnet4.state_dict(), "classes": ["w", "x", "y", "z"]}, path)
    loaded = load_model_file(path)
    assert loaded.class_names == ["w", "x", "y", "z"]
    assert not any("class_0" in note for note in loaded.notes)


def test_foreign_class_names_from_class_to_idx_in_index_order(tmp_path, resnet4):
    path = tmp_path / "f.pt"
    mapping = {"dog": 2, "cat": 0, "bird": 3, "ant": 1}  # insertion order is not index order
    torch.save({"model_state_dict": resnet4.state_dict(), "class_to_idx": mapping}, path)
    assert load_model_file(path).class_names == ["cat", "ant", "dog", "bird"]


def test_foreign_arch_and_class_names_from_arguments(tmp_path, resnet4, x64, expected):
    path = tmp_path / "f.pt"
    torch.save(resnet4.state_dict(), path)
    loaded = load_model_file(path, arch="resnet18", class_names=["a", "b", "c", "d"])
    assert loaded.arch == "resnet18"
    assert loaded.class_names == ["a", "b", "c", "d"]
    assert not any("recognised" in note for note in loaded.notes)
    assert not any("class_0" in note for note in loaded.notes)
    with torch.no_grad():
        assert torch.allclose(loaded.model(x64), expected, atol=1e-6)


def test_foreign_arch_named_in_file(tmp_path, resnet4):
    path = tmp_path / "f.pt"
    torch.save({"state_dict": resnet4.state_dict(), "arch": "resnet18"}, path)
    loaded = load_model_file(path)
    assert loaded.arch == "resnet18"
    assert not any("recognised" in note for note in loaded.notes)


def test_foreign_wrong_number_of_class_names(tmp_path, resnet4):
    path = tmp_path / "f.pt"
    torch.save(resnet4.state_dict(), path)
    with pytest.raises(ModelFileError) as info:
        load_model_file(path, class_names=["a", "b"])
    assert "4 classes" in str(info.value) and "2 class names" in str(info.value)


def test_foreign_wrong_architecture_given(tmp_path):
    path = tmp_path / "r34.pt"
    torch.save(build_model("resnet34", 4).state_dict(), path)
    with pytest.raises(ModelFileError) as info:
        load_model_file(path, arch="resnet18")
    # recognised: the architecture to give, not 21 unexpected parameter names
    assert str(info.value) == "these weights are a resnet34's: --arch resnet34, or leave --arch out"


def test_foreign_nonsense_keys_names_candidates(tmp_path):
    path = tmp_path / "junk.pt"
    torch.save({"encoder.w": torch.zeros(4, 4), "decoder.w": torch.zeros(4, 4)}, path)
    with pytest.raises(ModelFileError, match=r"junk\.pt: .*nearest by parameter names: \w+, \w+, \w+"):
        load_model_file(path)


def test_foreign_dict_without_weights(tmp_path):
    path = tmp_path / "meta.pt"
    torch.save({"epoch": 4, "lr": 0.1}, path)
    with pytest.raises(ModelFileError, match="no model weights found.*epoch, lr"):
        load_model_file(path)


# ---------------------------------------------------------------- pickled models, GPU files


def test_whole_pickled_model_refused_then_trusted(tmp_path, resnet4, x64, expected):
    path = tmp_path / "whole.pt"
    torch.save(resnet4, path)
    with pytest.raises(PickledModelRefused) as info:
        load_model_file(path)
    message = str(info.value)
    assert isinstance(info.value, ModelFileError)
    assert "pickled" in message and "trust" in message
    assert "state_dict()" in message and "--trust-pickle" in message
    loaded = load_model_file(path, trust_pickle=True)
    assert loaded.arch == "resnet18" and loaded.num_classes == 4
    with torch.no_grad():
        assert torch.allclose(loaded.model(x64), expected, atol=1e-6)


def _save_as_if_on_gpu(monkeypatch, save):
    monkeypatch.setattr(torch.serialization, "location_tag", lambda storage: "cuda:0")
    save()
    monkeypatch.undo()


@pytest.mark.skipif(torch.cuda.is_available(), reason="simulates a CUDA file on a machine without CUDA")
def test_file_saved_on_gpu_loads_on_cpu(tmp_path, resnet4, x64, expected, monkeypatch):
    foreign, ours = tmp_path / "gpu_foreign.pt", tmp_path / "gpu_ours.pt"
    _save_as_if_on_gpu(monkeypatch, lambda: (torch.save({"state_dict": resnet4.state_dict()}, foreign),
                                             save_model_file(ours, _loaded(resnet4))))
    for path in (foreign, ours):
        with pytest.raises(RuntimeError, match="CUDA"):  # the simulation is real
            torch.load(path, weights_only=True)
        loaded = load_model_file(path)
        assert next(loaded.model.parameters()).device.type == "cpu"
        with torch.no_grad():
            assert torch.allclose(loaded.model(x64), expected, atol=1e-6)


# ---------------------------------------------------------------- damaged inputs


def _check_clean_error(info, path=None):
    assert type(info.value) in (ModelFileError,)
    assert not isinstance(info.value, (zipfile.BadZipFile, pickle.UnpicklingError, KeyError))
    message = str(info.value)
    assert "\n" not in message and len(message) < 400
    if path is not None:
        assert path.name in message
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    with pytest.raises(ModelFileError) as info:
        load_model_file(path)
    assert "empty" in _check_clean_error(info, path)


def test_truncated_model_file(tmp_path, resnet4):
    good = tmp_path / "good.pt"
    save_model_file(good, _loaded(resnet4))
    data = good.read_bytes()
    path = tmp_path / "truncated.pt"
    path.write_bytes(data[:len(data) // 2])
    with pytest.raises(ModelFileError) as info:
        load_model_file(path)
    assert "truncated.pt is damaged (cut short or corrupted)" in _check_clean_error(info, path)


@pytest.mark.parametrize("name,data,says", [
    ("random.pt", bytes(range(256)) * 8, "random.pt is not a model file (neither a PyTorch file nor a pickle)"),
    ("photo.pt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x13\x37" * 300,
     "photo.pt is not a model file: it is a JPEG image"),
    ("notes.pt", b"these are my notes\nnot a model\n", "notes.pt is not a model file: it is text starting 'these are my"),
    ("one.pt", b"x", "one.pt is not a model file: it is text starting 'x'"),
])
def test_not_a_pytorch_file(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ModelFileError) as info:
        load_model_file(path)
    assert not isinstance(info.value, PickledModelRefused)
    assert says in _check_clean_error(info, path)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(ModelFileError, match="not found") as info:
        load_model_file(tmp_path / "nope.pt")
    _check_clean_error(info, tmp_path / "nope.pt")
    folder = tmp_path / "folder.pt"
    folder.mkdir()
    with pytest.raises(ModelFileError) as info:
        load_model_file(folder)
    _check_clean_error(info, folder)
