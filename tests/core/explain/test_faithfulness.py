"""Faithfulness scores tell a map that points at the evidence from one that does not."""
import numpy as np
import pytest
import torch

from core.explain.cam import CamExplainer
from core.explain.faithfulness import FRACTIONS, blurred, score_maps
from tests.core.explain.test_cam import trained  # noqa: F401  (the fixture: a tiny CNN on coloured squares)


@pytest.fixture(scope="module")
def explained(trained):  # noqa: F811
    model, preprocess, held_out = trained
    batch = torch.stack([preprocess(image) for image, _, _ in held_out[:24]])
    labels = [label for _, label, _ in held_out[:24]]
    logits, maps = CamExplainer(model, "8", "gradcam")(batch, labels)
    return model, batch, maps, labels


def test_the_grad_cam_map_of_a_trained_model_beats_random_and_its_opposite(explained):
    model, batch, maps, labels = explained
    cam = score_maps(model, batch, maps, labels)
    opposite = score_maps(model, batch, -maps, labels)
    noise = score_maps(model, batch, np.random.default_rng(0).random(maps.shape), labels)
    mean = lambda scores, key: float(np.mean([getattr(s, key) for s in scores]))  # noqa: E731
    assert mean(cam, "before") > 0.8
    assert mean(cam, "after") < mean(cam, "after_random") - 0.2  # the highlighted 20 % holds the evidence
    assert mean(cam, "deletion_auc") < mean(noise, "deletion_auc") < mean(opposite, "deletion_auc")
    assert mean(cam, "insertion_auc") > mean(noise, "insertion_auc") > mean(opposite, "insertion_auc")
    assert sum(s.verdict == "faithful" for s in cam) >= 20
    assert sum(s.verdict == "unfaithful" for s in opposite) >= 20


def test_curves_start_at_the_prediction_and_end_on_the_blurred_image(explained):
    model, batch, maps, labels = explained
    score = score_maps(model, batch[:1], maps[:1], labels[:1])[0]
    assert len(score.deletion) == len(score.insertion) == len(FRACTIONS)
    with torch.inference_mode():
        whole = torch.softmax(model(batch[:1]), 1)[0, labels[0]].item()
        none = torch.softmax(model(blurred(batch[:1])), 1)[0, labels[0]].item()
    assert score.before == pytest.approx(whole, abs=1e-5) == pytest.approx(score.insertion[-1], abs=1e-5)
    assert score.deletion[-1] == pytest.approx(none, abs=1e-5) == pytest.approx(score.insertion[0], abs=1e-5)


def test_blurring_keeps_the_colour_and_takes_the_detail():
    image = torch.zeros(1, 3, 32, 32)
    image[:, 0, ::2, :] = 1.0  # red stripes on black
    soft = blurred(image)
    assert soft.shape == image.shape
    assert soft[:, 0].mean().item() == pytest.approx(0.5, abs=0.05)
    assert soft[:, 0].std().item() < 0.2 * image[:, 0].std().item()


def test_a_prediction_that_blurring_cannot_change_is_inconclusive_not_faithful(explained):
    model, batch, maps, labels = explained
    score = score_maps(model, batch[:1], maps[:1], labels[:1])[0]
    from dataclasses import replace
    untouchable = replace(score, deletion=(score.before,) * len(FRACTIONS), after=score.before,
                          after_random=score.before)
    assert untouchable.share is None and untouchable.verdict == "inconclusive"
