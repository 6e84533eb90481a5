"""Heatmaps that show nothing are named as such instead of being stretched into a confident picture."""
import numpy as np
import pytest
import torch
from torch import nn

from core.explain.cam import CamExplainer
from core.explain.map_quality import NOTES, assess
from tests.core.explain.test_cam import tiny_cnn


def test_each_kind_of_empty_map_is_told_apart_from_a_real_one():
    real = np.zeros((7, 7))
    real[2:4, 3:5] = 0.8
    nan = real.copy()
    nan[0, 0] = np.nan
    verdicts = assess(np.stack([real, nan, np.zeros((7, 7)), -real, real * 1e-19, np.full((7, 7), 0.3)]))
    assert verdicts == [None, "nan", "zero", "zero", "weak", "flat"]
    assert all(NOTES[v] for v in verdicts if v)
    assert assess(np.zeros((1, 1, 1))) == ["flat"]  # a 1×1 layer is too coarse, whatever its value


def test_a_model_whose_head_ignores_the_features_gets_empty_maps_not_purple_squares():
    """Like an untrained ViT (torchvision zero-initialises its head): no gradient reaches the layer."""
    torch.manual_seed(0)
    model = tiny_cnn().eval()
    nn.init.zeros_(model[-1].weight)
    batch = torch.rand(2, 3, 32, 32)
    for method in ("gradcam", "xgradcam", "hirescam"):
        explainer = CamExplainer(model, "8", method)
        _, maps = explainer(batch)
        assert explainer.last_quality == ["zero", "zero"], method
        assert np.isfinite(maps).all()


@pytest.mark.parametrize("method", ["gradcam", "scorecam"])
def test_a_model_that_uses_its_features_gets_maps_that_show_something(method):
    torch.manual_seed(0)
    model = tiny_cnn().eval()
    batch = torch.zeros(2, 3, 32, 32)
    batch[:, :, 8:16, 8:16] = 1  # one bright square the features respond to
    explainer = CamExplainer(model, "8", method)
    explainer(batch)
    assert explainer.last_quality == [None, None]
