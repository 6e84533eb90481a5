"""core.data.preprocess: one preprocessing function, its geometry, and its round trip through a model file."""
import numpy as np
import pytest
import torch

from core.data.preprocess import IMAGENET_MEAN, IMAGENET_STD, RESIZE_MODES, Geometry, Preprocess


def _rgb(h, w, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


@pytest.mark.parametrize("mode", RESIZE_MODES)
@pytest.mark.parametrize("shape", [(37, 81), (120, 30), (48, 80), (5, 5)])
def test_output_shape_for_non_square_input_size(mode, shape):
    pre = Preprocess((48, 80), mode)
    out = pre(_rgb(*shape))
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float32
    assert tuple(out.shape) == (3, 48, 80)
    assert pre.resize(_rgb(*shape)).shape == (48, 80, 3)


def test_uniform_mean_image_normalises_to_zero():
    pre = Preprocess((16, 24))
    mean_rgb = np.round(np.array(IMAGENET_MEAN) * 255).astype(np.uint8)  # (124, 116, 104)
    out = pre(np.broadcast_to(mean_rgb, (30, 30, 3)).copy())
    assert out.abs().max().item() < 0.5 / 255 / min(IMAGENET_STD) + 1e-6


def test_normalisation_values_and_channel_order():
    pre = Preprocess((8, 8))
    red = np.zeros((8, 8, 3), np.uint8)
    red[..., 0] = 255
    out = pre(red)
    expected = [(1 - IMAGENET_MEAN[0]) / IMAGENET_STD[0], -IMAGENET_MEAN[1] / IMAGENET_STD[1],
                -IMAGENET_MEAN[2] / IMAGENET_STD[2]]
    for channel, value in enumerate(expected):
        assert torch.allclose(out[channel], torch.full((8, 8), value), atol=1e-5)


def test_custom_mean_std():
    pre = Preprocess((8, 8), mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
    out = pre(np.full((8, 8, 3), 255, np.uint8))
    assert torch.allclose(out, torch.ones(3, 8, 8))


def test_geometry_stretch():
    assert Preprocess((64, 64), "stretch").geometry(60, 120) == Geometry((0, 0, 64, 64), (0, 0, 60, 120), (60, 120))


def test_geometry_letterbox():
    # scale = min(64/60, 64/120) = 0.5333: 32×64 content, centred vertically
    assert Preprocess((64, 64), "letterbox").geometry(60, 120) == Geometry((16, 0, 32, 64), (0, 0, 60, 120), (60, 120))
    assert Preprocess((64, 64), "letterbox").geometry(120, 60) == Geometry((0, 16, 64, 32), (0, 0, 120, 60), (120, 60))


def test_geometry_center_crop():
    # scale = max(64/60, 64/120) = 1.0667: the middle 60×60 of the original fills the input
    assert Preprocess((64, 64), "center_crop").geometry(60, 120) == Geometry((0, 0, 64, 64), (0, 30, 60, 60), (60, 120))
    # non-square input: 48×80 from a 100×100 image takes the middle 60×100
    assert Preprocess((48, 80), "center_crop").geometry(100, 100) == Geometry((0, 0, 48, 80), (20, 0, 60, 100), (100, 100))


def test_letterbox_pads_with_the_mean_so_pads_are_zero():
    pre = Preprocess((64, 64), "letterbox")
    white = np.full((60, 120, 3), 255, np.uint8)
    resized = pre.resize(white)
    assert (resized[16:48] == 255).all()
    assert (resized[:16] == np.round(np.array(IMAGENET_MEAN) * 255)).all()
    out = pre(white)
    assert out[:, :16].abs().max().item() < 0.02 and out[:, 16:48].min().item() > 2.0


def test_center_crop_keeps_the_middle():
    rgb = np.zeros((60, 120, 3), np.uint8)
    rgb[:, :30] = (255, 0, 0)  # left quarter: cropped away
    rgb[:, 30:90] = (0, 255, 0)
    rgb[:, 90:] = (0, 0, 255)  # right quarter: cropped away
    resized = Preprocess((64, 64), "center_crop").resize(rgb)
    assert (resized[..., 1] == 255).all() and (resized[..., [0, 2]] == 0).all()


def test_stretch_keeps_everything():
    rgb = np.zeros((60, 120, 3), np.uint8)
    rgb[:, :60] = (255, 0, 0)
    rgb[:, 60:] = (0, 0, 255)
    resized = Preprocess((64, 64), "stretch").resize(rgb)
    assert (resized[:, :30] == (255, 0, 0)).all() and (resized[:, 34:] == (0, 0, 255)).all()


def test_to_dict_from_dict_round_trip():
    pre = Preprocess((48, 80), "letterbox", (0.1, 0.2, 0.3), (0.4, 0.5, 0.6))
    data = pre.to_dict()
    assert data == {"input_size": [48, 80], "resize_mode": "letterbox", "mean": [0.1, 0.2, 0.3], "std": [0.4, 0.5, 0.6]}
    assert Preprocess.from_dict(data) == pre
    assert Preprocess.from_dict({"input_size": [32, 32]}) == Preprocess((32, 32))
    assert Preprocess([40, 50], mean=[0.5, 0.5, 0.5]).input_size == (40, 50)  # lists normalised to tuples


@pytest.mark.parametrize("kwargs", [{"resize_mode": "squash"}, {"resize_mode": ""}, {"input_size": (4, 64)}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="resize mode|too small"):
        Preprocess(**{"input_size": (64, 64), **kwargs})
