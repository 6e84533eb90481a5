"""A GradLens model file that contradicts itself is damaged, and every command line that loads a model says so in
one line. predict.py said "give --arch resnet34" for a file that says resnet18 but holds a resnet34's weights,
and --arch resnet34 then met "the file holds a resnet18, not a resnet34": no option opens such a file (core keeps
a GradLens file's own architecture and class names). A foreign file (a plain state dict) keeps its advice."""
import pytest
import torch
import torchvision

import export
import predict
import train

DAMAGED_ARCH = ("damaged.pt is damaged: it says resnet18, but holds a resnet34's weights; no option opens it, "
                "use an undamaged copy\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory, tiny_model_file):
    """The tiny GradLens file (resnet18: cat, dog, bird) with a real torchvision resnet34's weights put in, with one
    class name more than its outputs, and the resnet34's weights alone in a file that says resnet18."""
    folder = tmp_path_factory.mktemp("damaged")
    resnet34 = torchvision.models.resnet34(num_classes=3).state_dict()
    saved = torch.load(tiny_model_file, weights_only=True)
    torch.save({**saved, "state_dict": resnet34}, folder / "damaged.pt")
    torch.save({**saved, "class_names": ["cat", "dog", "bird", "fox"]}, folder / "names.pt")
    torch.save({"arch": "resnet18", "state_dict": resnet34}, folder / "foreign.pt")
    return folder


def _run(capsys, cli, *argv):
    code = cli.main([str(a) for a in argv])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("arch", [None, "resnet18", "resnet34"])
def test_predict_says_the_file_is_damaged_whatever_arch_is_given(files, tmp_path, capsys, arch):
    given = ["--arch", arch] if arch else []
    code, err = _run(capsys, predict, "--model", files / "damaged.pt", *given, "--input", tmp_path,
                     "--out", tmp_path / "out")
    assert (code, err) == (2, f"error: {DAMAGED_ARCH}")
    assert not (tmp_path / "out").exists()


def test_names_that_do_not_fit_the_outputs_make_it_damaged_too(files, tmp_path, capsys):
    code, err = _run(capsys, predict, "--model", files / "names.pt", "--input", tmp_path, "--out", tmp_path / "out")
    assert (code, err) == (2, "error: names.pt is damaged: it names 4 classes for its 3 outputs; no option opens it, "
                              "use an undamaged copy\n")


def test_evaluate_and_export_say_it_as_predict_does(files, tmp_path, capsys):
    (tmp_path / "data" / "cat").mkdir(parents=True)
    code, err = _run(capsys, train, "--evaluate", files / "damaged.pt", "--data", tmp_path / "data",
                     "--out", tmp_path / "report")
    assert (code, err) == (2, f"error: {DAMAGED_ARCH}")
    code, err = _run(capsys, export, "--model", files / "damaged.pt", "--out", tmp_path / "damaged.onnx")
    assert (code, err) == (2, f"error: {DAMAGED_ARCH}")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data"]


def test_a_foreign_file_keeps_its_arch_advice(files, tmp_path, capsys):
    code, err = _run(capsys, predict, "--model", files / "foreign.pt", "--input", tmp_path, "--out", tmp_path / "out")
    assert (code, err) == (2, "error: these weights are a resnet34's, though the file says resnet18: give --arch "
                              "resnet34\n")
