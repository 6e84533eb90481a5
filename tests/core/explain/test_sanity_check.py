"""The model-randomisation sanity check tells a map that follows the weights from one that does not."""
import numpy as np
import pytest
import torch

from core.explain.sanity_check import THRESHOLD, cascade, run_sanity_check, sample_paths, spearman
from tests.core.explain.test_cam import trained  # noqa: F401  (the fixture: a tiny CNN on coloured squares)

HEAD = "13"  # tiny_cnn's Linear


@pytest.fixture(scope="module")
def batch(trained):  # noqa: F811
    model, preprocess, held_out = trained
    return model, torch.stack([preprocess(image) for image, _, _ in held_out[:12]])


def test_grad_cam_passes_and_every_step_is_recorded(batch):
    model, images = batch
    result = run_sanity_check(model, HEAD, "8", "gradcam", images)
    assert result.passes and result.verdict == "passes"
    assert result.steps[0].mean < THRESHOLD
    assert [s.randomised for s in result.steps] == ["head", "head to 9", "head to 8", "head to 5", "head to 4"]
    assert all(len(s.similarities) == 12 for s in result.steps)
    assert "passes" in result.sentence("Grad-CAM") and "Grad-CAM at 8" in result.sentence("Grad-CAM")
    assert [row["step"] for row in result.rows()] == [1, 2, 3, 4, 5]


def test_eigen_cam_fails_it(batch):
    model, images = batch
    result = run_sanity_check(model, HEAD, "8", "eigencam", images, steps=2)
    assert not result.passes and result.steps[0].mean > 0.95
    assert "fails" in result.sentence() and "not what the model learned" in result.sentence()


def test_the_callers_model_is_never_touched(batch):
    model, images = batch
    before = {key: value.clone() for key, value in model.state_dict().items()}
    run_sanity_check(model, HEAD, "8", "gradcam", images[:4], steps=3)
    after = model.state_dict()
    assert all(torch.equal(before[key], after[key]) for key in before)


def test_the_cascade_goes_from_the_head_down_and_opens_a_lone_container():
    from torchvision.models import mobilenet_v3_small, resnet18

    labels = [label for label, _ in cascade(resnet18(num_classes=3), "fc")]
    assert labels == ["head", "head to layer4", "head to layer3", "head to layer2", "head to layer1"]
    steps = cascade(mobilenet_v3_small(num_classes=3), "classifier.3")
    assert steps[1][1] == ["classifier.3", "classifier.0"] and steps[2][1][-1].startswith("features.")
    # it goes on until the CAM layer's own block is random: what follows the layer cannot change its activations
    deeper = cascade(mobilenet_v3_small(num_classes=3), "classifier.3", layer="features.9")
    assert deeper[-1][1][-1] == "features.9" and len(deeper) == 6


def test_spearman_and_the_sample():
    ramp = np.arange(16.0).reshape(4, 4)
    assert spearman(ramp, ramp ** 2) == pytest.approx(1.0)
    assert spearman(ramp, -ramp) == pytest.approx(-1.0)
    assert spearman(ramp, np.zeros_like(ramp)) == 0.0  # a map that became flat keeps nothing
    assert sample_paths(list(range(100)), 4) == [0, 33, 66, 99]
    assert sample_paths([1, 2], 16) == [1, 2]
