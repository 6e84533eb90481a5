"""Test-time augmentation: the averaged softmax over the views, the classifier and predict.py --tta."""
import csv
import dataclasses

import numpy as np
import pytest
import torch

import predict
from core.inference.predict import Classifier
from core.inference.tta import model_mode, shifted, tta_probs, views


@pytest.fixture
def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Flatten(), torch.nn.Linear(4 * 14 * 14, 3)).eval()


def test_flip_averages_the_softmax_of_the_image_and_its_mirror(model):
    batch = torch.rand(2, 3, 16, 16)
    with torch.inference_mode():
        expected = (model(batch).softmax(1) + model(batch.flip(-1)).softmax(1)) / 2
        assert torch.allclose(tta_probs(model, batch, "flip"), expected, atol=1e-6)
        assert torch.allclose(tta_probs(model, batch, "off"), model(batch).softmax(1))
        six = list(views(batch, "flip_shift"))
        assert len(six) == 6 and all(v.shape == batch.shape for v in six)
        expected = sum(model(v).softmax(1) for v in six) / 6
        assert torch.allclose(tta_probs(model, batch, "flip_shift"), expected, atol=1e-6)
    assert torch.allclose(tta_probs(model, batch, "flip").sum(1), torch.ones(2))


def test_shifts_move_the_picture_and_reflect_the_edge():
    image = torch.arange(36.0).reshape(1, 1, 6, 6)
    down = shifted(image, 2, 0)
    assert torch.equal(down[..., 2:, :], image[..., :4, :])
    assert torch.equal(down[..., 0, :], image[..., 2, :]) and torch.equal(down[..., 1, :], image[..., 1, :])
    left = shifted(image, 0, -1)
    assert torch.equal(left[..., :5], image[..., 1:]) and torch.equal(left[..., 5], image[..., 4])


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="flip_shift"):
        list(views(torch.rand(1, 3, 8, 8), "rotate"))


def test_the_classifier_follows_the_model_and_maps_the_plain_image(tiny_loaded):
    loaded = dataclasses.replace(tiny_loaded, config={**tiny_loaded.config, "tta": "flip"})
    assert model_mode(loaded.config) == "flip" and model_mode({}) == "off" and model_mode(None) == "off"
    with_tta = Classifier(loaded, "cpu", "gradcam")
    assert with_tta.tta == "flip" and Classifier(loaded, "cpu", None, tta="off").tta == "off"
    torch.manual_seed(1)
    batch = torch.rand(1, 3, 64, 64)
    probs, maps, targets = with_tta.predict_batch(batch)
    with torch.inference_mode():
        expected = tta_probs(with_tta.model, batch, "flip")
    assert torch.allclose(probs, expected, atol=1e-5) and targets == [int(expected.argmax())]
    plain = Classifier(loaded, "cpu", "gradcam", tta="off")
    _, plain_maps, _ = plain.predict_batch(batch, targets[0])  # the same class, the image as it is
    assert np.allclose(maps, plain_maps, atol=1e-5)


def test_predict_cli_with_tta_writes_results_and_says_so(tiny_model_file, tmp_path, write_image, capsys):
    folder = tmp_path / "in"
    for i, name in enumerate(("cat", "dog", "bird")):
        write_image(folder / name / f"{i}.png", seed=i)
    runs = {}
    for mode in ("off", "flip_shift"):
        out = tmp_path / mode
        assert predict.main(["--model", str(tiny_model_file), "--input", str(folder), "--out", str(out),
                             "--device", "cpu", "--tta", mode, "--cam", "none"]) == 0
        err = capsys.readouterr().err
        assert ("test-time augmentation: flip_shift" in err) == (mode == "flip_shift")
        with open(out / "results.csv", newline="", encoding="utf-8-sig") as handle:
            runs[mode] = {row["path"]: float(row["probability"]) for row in csv.DictReader(handle)}
    assert len(runs["flip_shift"]) == 3 and runs["off"].keys() == runs["flip_shift"].keys()
    assert runs["off"] != runs["flip_shift"]  # the averaged probabilities differ from the plain ones
    with pytest.raises(SystemExit):
        predict.main(["--model", str(tiny_model_file), "--input", str(folder), "--out", str(tmp_path / "x"),
                      "--tta", "sideways"])
    assert "invalid choice" in capsys.readouterr().err
