"""Foreign model files used right: stated settings, what was assumed, odd key layouts, files with code."""
import os
import pickle
import subprocess
import timeit
from pathlib import Path

import pytest
import torch
from torch import nn

from core.models.model_settings import (
    ModelSettings,
    SettingsError,
    parse_class_names,
    parse_size,
    parse_triple,
    read_class_names_file,
)
from core.models.modelfile import FORMAT, ModelFileError, PickledModelRefused, load_model_file, save_model_file
from core.models.registry import build_model


@pytest.fixture(scope="module")
def resnet3():
    torch.manual_seed(0)
    return build_model("resnet18", 3).eval()


@pytest.fixture
def foreign(tmp_path, resnet3):
    path = tmp_path / "foreign.pth"
    torch.save(resnet3.state_dict(), path)
    return path


# ---------------------------------------------------------------- settings the user states


def test_foreign_file_says_everything_it_assumed(foreign):
    loaded = load_model_file(foreign)
    assert loaded.assumed == ["class_names", "input_size", "resize_mode", "mean", "std"]
    assumed = [n for n in loaded.notes if n.startswith("not in the file, so assumed")]
    assert len(assumed) == 1
    for words in ("input size 224×224 (--input-size)", "resize mode stretch (--resize-mode)",
                  "ImageNet mean/std (--mean/--std)", "class names class_0..class_2 (--classes or --classes-file)"):
        assert words in assumed[0]
    assert any("recognised as resnet18" in n for n in loaded.notes)


def test_stated_settings_are_used_and_nothing_is_assumed(foreign):
    settings = ModelSettings(arch="resnet18", input_size=(64, 96), resize_mode="letterbox", mean=(0.5, 0.5, 0.5),
                             std=(0.25, 0.25, 0.25), class_names=("ant", "bee", "cat"))
    loaded = load_model_file(foreign, settings=settings)
    assert loaded.assumed == [] and loaded.notes == []
    assert loaded.preprocess.input_size == (64, 96) and loaded.preprocess.resize_mode == "letterbox"
    assert loaded.preprocess.mean == (0.5, 0.5, 0.5) and loaded.preprocess.std == (0.25, 0.25, 0.25)
    assert loaded.class_names == ["ant", "bee", "cat"]


def test_settings_saved_by_a_training_script_are_read(tmp_path, resnet3):
    path = tmp_path / "script.pt"
    torch.save({"model_state_dict": resnet3.state_dict(), "classes": ["a", "b", "c"],
                "args": {"arch": "resnet18", "img_size": 64, "mean": [123.675, 116.28, 103.53],
                         "std": [0.229, 0.224, 0.225]}}, path)
    loaded = load_model_file(path)
    assert loaded.arch == "resnet18" and loaded.class_names == ["a", "b", "c"]
    assert loaded.preprocess.input_size == (64, 64)
    assert loaded.preprocess.mean == pytest.approx((0.485, 0.456, 0.406))  # the 0..255 scale recognised
    assert loaded.assumed == ["resize_mode"]


def test_a_stated_size_for_a_gradlens_file_wins_and_is_noted(tmp_path, foreign):
    ours = tmp_path / "ours.pt"
    save_model_file(ours, load_model_file(foreign, settings=ModelSettings(input_size=(96, 96))))
    loaded = load_model_file(ours, settings=ModelSettings(input_size=(64, 64)))
    assert loaded.preprocess.input_size == (64, 64)
    assert loaded.notes == ["input size 64×64 as given, not the file's 96×96"]


def test_saving_as_a_gradlens_file_asks_once(tmp_path, foreign):
    settings = ModelSettings(input_size=(64, 64), class_names=("ant", "bee", "cat"))
    first = load_model_file(foreign, settings=settings)
    ours = tmp_path / "ours.pt"
    save_model_file(ours, first)
    again = load_model_file(ours)
    assert again.assumed == [] and again.notes == []
    assert again.class_names == ["ant", "bee", "cat"] and again.preprocess == first.preprocess
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(again.model(x), first.model(x))


def test_gradlens_file_missing_keys_says_which_and_what_they_mean(tmp_path, foreign):
    ours = tmp_path / "ours.pt"
    save_model_file(ours, load_model_file(foreign))
    raw = torch.load(ours, weights_only=True)
    del raw["class_names"]
    torch.save(raw, tmp_path / "no_names.pt")
    loaded = load_model_file(tmp_path / "no_names.pt")
    assert loaded.notes[0] == "no_names.pt is a GradLens model file without 'class_names' (the class names in index order)"
    assert loaded.class_names == ["class_0", "class_1", "class_2"] and "class_names" in loaded.assumed
    assert load_model_file(tmp_path / "no_names.pt", class_names=["x", "y", "z"]).class_names == ["x", "y", "z"]
    del raw["state_dict"]
    torch.save(raw, tmp_path / "no_weights.pt")
    with pytest.raises(ModelFileError, match=r"no_weights.pt is a GradLens model file without 'state_dict' "
                                             r"\(the weights\)"):
        load_model_file(tmp_path / "no_weights.pt")
    assert raw["format"] == FORMAT


def test_dataparallel_inside_a_submodule_loads(tmp_path, resnet3):
    wrapped = build_model("resnet18", 3)
    wrapped.load_state_dict(resnet3.state_dict())
    wrapped.layer1 = nn.DataParallel(wrapped.layer1)
    state = wrapped.state_dict()
    assert any(k.startswith("layer1.module.") for k in state)  # the layout users arrive with
    torch.save({"module." + k: v for k, v in state.items()}, tmp_path / "dp.pt")
    loaded = load_model_file(tmp_path / "dp.pt")
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(loaded.model(x), resnet3(x))


# ---------------------------------------------------------------- files that hold code


class _RunsACommand:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize("writer", ["pickle", "torch"])
def test_a_file_with_code_is_refused_and_never_run(tmp_path, resnet3, writer):
    marker, path = tmp_path / "it_ran", tmp_path / "evil.pt"
    payload = {"state_dict": resnet3.state_dict(), "hook": _RunsACommand(marker)}
    if writer == "pickle":
        with open(path, "wb") as handle:
            pickle.dump(payload, handle, protocol=4)
    else:
        torch.save(payload, path)
    for trust in (False, True):  # trusting the file does not make a command a model
        with pytest.raises(ModelFileError) as info:
            load_model_file(path, trust_pickle=trust)
        message = str(info.value)
        assert not isinstance(info.value, PickledModelRefused)
        assert "evil.pt contains code that would run when the file is opened (it calls posix.system)" in message \
            or "(it calls nt.system)" in message
        assert "did not run it" in message and "state_dict()" in message
        assert "weights_only" not in message and "\n" not in message
    assert not marker.exists()


class _RunsAProgram:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return subprocess.call, (["touch", str(self.marker)],)


class _RunsPython:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return timeit.timeit, (f"open({str(self.marker)!r}, 'w')",)


class _HidesAPickle:
    """A "storage" whose bytes are a pickle that runs a command: torch.storage._load_from_bytes unpickles them."""

    def __init__(self, marker):
        self.inner = pickle.dumps(_RunsACommand(marker), protocol=2)

    def __reduce__(self):
        return torch.storage._load_from_bytes, (self.inner,)


@pytest.mark.parametrize("protocol", [2, 4])
@pytest.mark.parametrize("payload, called", [(_RunsAProgram, "subprocess.call"), (_RunsPython, "timeit.timeit"),
                                             (_HidesAPickle, f"{os.system.__module__}.system")],
                         ids=["subprocess", "timeit", "inside a storage"])
def test_code_the_old_list_missed_is_refused_even_when_the_file_is_trusted(tmp_path, resnet3, payload, called,
                                                                           protocol):
    """A protocol-2 pickle names subprocess "commands" (Python 2's name, mapped back when loading), other
    standard modules run code too, and a pickled storage's bytes are a pickle unpickled on opening: trusting the
    file ran `touch`."""
    marker, path = tmp_path / "it_ran", tmp_path / "evil.pt"
    with open(path, "wb") as handle:
        pickle.dump({"state_dict": resnet3.state_dict(), "hook": payload(marker)}, handle, protocol=protocol)
    for trust in (False, True):
        with pytest.raises(ModelFileError) as info:
            load_model_file(path, trust_pickle=trust)
        assert not isinstance(info.value, PickledModelRefused)  # never offered: --trust-pickle, the convert line
        assert f"evil.pt contains code that would run when the file is opened (it calls {called})" in str(info.value)
    assert not marker.exists()


def test_a_checkpoint_with_its_training_arguments_and_paths_can_still_be_trusted(tmp_path, resnet3):
    """What training scripts put beside a whole model (argparse.Namespace, pathlib paths, dates) is data."""
    import argparse
    import datetime
    path = tmp_path / "checkpoint.pt"
    torch.save({"model": resnet3, "args": argparse.Namespace(lr=0.1, data=Path("/data/train")),
                "saved": datetime.datetime(2026, 1, 2)}, path)
    with pytest.raises(PickledModelRefused):
        load_model_file(path)
    loaded = load_model_file(path, trust_pickle=True)
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(loaded.model(x), resnet3(x))


def test_a_whole_pickled_model_says_it_contains_code_and_how_to_convert(tmp_path, resnet3):
    path = tmp_path / "whole.pt"
    torch.save(resnet3, path)
    with pytest.raises(PickledModelRefused) as info:
        load_model_file(path)
    message = str(info.value)
    assert message.startswith("whole.pt contains code: it is a whole pickled model (torchvision.models.resnet.ResNet")
    assert "did not open it" in message and "--trust-pickle" in message
    assert "torch.save(torch.load('whole.pt', weights_only=False).state_dict(), 'weights.pt')" in message


# ---------------------------------------------------------------- parsing what the user typed


def test_parse_settings():
    assert parse_size("64") == (64, 64) and parse_size("64,96") == (64, 96) and parse_size("64x96") == (64, 96)
    for bad in ("0", "8", "64,", "a", "1,2,3", "99999"):
        with pytest.raises(SettingsError):
            parse_size(bad)
    assert parse_triple("0.5", "--mean") == (0.5, 0.5, 0.5)
    assert parse_triple("0.485, 0.456,0.406", "--mean") == (0.485, 0.456, 0.406)
    with pytest.raises(SettingsError, match=r"looks like 0..255, i.e. 0.4851,0.456,0.406"):
        parse_triple("123.7,116.28,103.53", "--mean")
    for bad in ("nan", "inf,1,1", "1,2", "x"):
        with pytest.raises(SettingsError):
            parse_triple(bad, "--mean")
    with pytest.raises(SettingsError, match="above 0"):
        parse_triple("0.2,0,0.2", "--std", positive=True)


def test_class_names_are_checked():
    assert parse_class_names(" cat, dog ,emu") == ("cat", "dog", "emu")
    with pytest.raises(SettingsError, match="no class names in --classes ','"):
        parse_class_names(",")
    with pytest.raises(SettingsError, match="'cat' appears twice"):
        parse_class_names("cat,dog,cat")


def test_class_names_file(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("\ufeff猫\n\ndog \n", encoding="utf-8")
    assert read_class_names_file(path) == ("猫", "dog")
    with pytest.raises(SettingsError, match="not found"):
        read_class_names_file(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("\n\n")
    with pytest.raises(SettingsError, match="no class names in empty.txt"):
        read_class_names_file(tmp_path / "empty.txt")


def test_exports_are_named_for_what_they_are(tmp_path, resnet3):
    """A TorchScript file got torch's raw UserWarning and was called "a whole pickled model" with a convert line
    that runs its code; an ONNX file "neither a PyTorch file nor a pickle"."""
    import warnings
    scripted = tmp_path / "scripted.pt"
    torch.jit.trace(resnet3.eval(), torch.randn(1, 3, 32, 32)).save(str(scripted))
    onnx = tmp_path / "model.onnx"
    onnx.write_bytes(b"\x08\x07\x12\x07pytorch")
    for path, said in ((scripted, "scripted.pt is a TorchScript file (an export, for running without GradLens)"),
                       (onnx, "model.onnx is an ONNX model, an export already: give the GradLens model file (.pt) it "
                              "was exported from (predict.py --model model.onnx classifies with it, without heatmaps)")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning on the way
            with pytest.raises(ModelFileError) as info:
                load_model_file(path, trust_pickle=True)
        assert str(info.value).startswith(said) and not isinstance(info.value, PickledModelRefused)


def test_a_folder_given_as_the_model_is_called_a_folder(tmp_path):
    """--model runs/x.pt, a folder, said "model file not found"."""
    (tmp_path / "dir.pt").mkdir()
    with pytest.raises(ModelFileError, match=r"dir.pt is a folder, not a model file: choose the .pt file in it"):
        load_model_file(tmp_path / "dir.pt")
