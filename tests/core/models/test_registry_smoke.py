"""Every architecture in the table builds, runs, and explains: a 3-class model, a small batch, a CAM each."""
import numpy as np
import pytest
import torch

from core.explain.cam import CamExplainer
from core.models.registry import ARCHITECTURES, build_model, get_module
from core.training.progressive import resizable, scaled

SIZE = 64  # small enough for CI, large enough that every default target layer is at least 2x2


# timm's rows: tests/core/models/test_timm_backbones.py, with a training step and checks against timm.
@pytest.mark.parametrize("name", [name for name in ARCHITECTURES if not name.startswith("timm/")])
def test_build_forward_and_explain(name):
    torch.manual_seed(0)
    arch = ARCHITECTURES[name]
    model = build_model(name, 3, (SIZE, SIZE)).eval()
    # An untrained network may hold no positive evidence for a class anywhere, and its Grad-CAM
    # is then legitimately empty. Heads with opposite rows for classes 0 and 1 make sure one of
    # the two has some: their gradients, and so their maps before the ReLU, are negatives.
    head = get_module(model, arch.head)
    with torch.no_grad():
        head.weight.normal_(std=0.05)
        head.weight[1] = -head.weight[0]
        head.bias.zero_()
    batch = torch.randn(2, 3, SIZE, SIZE)
    explainer = CamExplainer(model, arch.cam_layer, "gradcam", arch.layout)
    logits, maps_0 = explainer(batch, 0)
    _, maps_1 = explainer(batch, 1)
    assert logits.shape == (2, 3)
    assert maps_0.shape == maps_1.shape == (2, SIZE, SIZE)
    assert np.isfinite(maps_0).all() and np.isfinite(maps_1).all()
    for image, pair in enumerate(zip(maps_0, maps_1)):
        spread = max(cam.max() - cam.min() for cam in pair)
        assert spread > 0.5, f"{name}: flat CAM for image {image}"
    assert sum(p.numel() for p in model.parameters()) > 0
    # Progressive resizing trains the first epochs at 3/4 of the side: every network that takes other
    # sizes runs at 48 px but alexnet (train.py turns it off for such a network, tests/core/training/test_progressive.py).
    smaller = torch.randn(2, 3, *scaled((SIZE, SIZE), 0.75))
    if resizable(name) and name != "alexnet":
        assert model.train()(smaller).shape == (2, 3)
    else:
        assert name in ("vit_b_16", "alexnet")
        with pytest.raises((RuntimeError, AssertionError)):
            model(smaller)
