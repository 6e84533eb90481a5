"""CAM engine: every method runs, the fast path equals pytorch-grad-cam, and maps point at objects."""
import gc

import numpy as np
import pytest
import torch
from pytorch_grad_cam import EigenCAM, GradCAM, GradCAMElementWise, XGradCAM
from pytorch_grad_cam.ablation_layer import AblationLayerVit
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
from torch import nn
from torchvision.models.swin_transformer import SwinTransformer

from core.data.preprocess import Preprocess
from core.explain.cam import CAM_METHODS, FAST_METHODS, CamExplainer, to_nchw
from core.explain.cam_support import MethodUnsupported, explain_cam_failure, unsupported_reason
from core.explain.overlay import to_original
from core.models.registry import build_model, get_architecture, get_module

COLOURS = np.array([[220, 40, 40], [40, 200, 40], [40, 60, 230]], dtype=np.uint8)  # class = colour of the object


def tiny_cnn(num_classes=3):
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 48, 3, padding=1), nn.BatchNorm2d(48), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(48, num_classes))


def make_image(rng, shape):
    """Noise, a grey distractor square, and a coloured square whose colour is the class."""
    height, width = shape
    image = rng.integers(60, 140, (height, width, 3), dtype=np.uint8)
    side = int(rng.integers(10, 15))
    label = int(rng.integers(3))
    while True:
        top, left = rng.integers(0, height - side), rng.integers(0, width - side)
        d_top, d_left = rng.integers(0, height - side), rng.integers(0, width - side)
        if abs(top - d_top) > side or abs(left - d_left) > side:
            break
    image[d_top:d_top + side, d_left:d_left + side] = 200
    image[top:top + side, left:left + side] = COLOURS[label]
    return image, label, (top, left, side)


@pytest.fixture(scope="module")
def trained():
    """A tiny CNN trained on the synthetic task; non-square input (56x72), mixed image shapes."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    preprocess = Preprocess((56, 72))
    shapes = [(64, 64), (48, 96), (80, 60)]
    data = [make_image(rng, shapes[i % 3]) for i in range(900)]
    x = torch.stack([preprocess(image) for image, _, _ in data])
    y = torch.tensor([label for _, label, _ in data])
    model = tiny_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(6):
        for batch in torch.randperm(len(x)).split(32):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
    model.zero_grad(set_to_none=True)
    model.eval()
    held_out = [make_image(rng, shapes[i % 3]) for i in range(120)]
    return model, preprocess, held_out


def test_pointing_game_peak_lies_on_the_object(trained):
    model, preprocess, held_out = trained
    explainer = CamExplainer(model, "8", "gradcam")  # the last conv block, 14x18 at this input size
    hits = correct = 0
    for image, label, (top, left, side) in held_out:
        logits, maps = explainer(preprocess(image)[None])
        correct += int(logits.argmax()) == label
        heat = to_original(maps[0], preprocess.geometry(*image.shape[:2]))
        assert heat.shape == image.shape[:2]
        row, col = np.unravel_index(np.argmax(heat), heat.shape)
        hits += top <= row < top + side and left <= col < left + side
    assert correct / len(held_out) >= 0.9, "the toy model did not learn its task"
    assert hits / len(held_out) >= 0.9, f"peak on the object for only {hits}/{len(held_out)} images"


def test_fast_path_matches_pytorch_grad_cam(trained):
    model, preprocess, held_out = trained
    batch = torch.stack([preprocess(image) for image, _, _ in held_out[:8]])
    for targets in (None, 2):
        logits, ours = CamExplainer(model, "8", "gradcam")(batch, targets)
        chosen = logits.argmax(1).tolist() if targets is None else [targets] * len(batch)
        reference = GradCAM(model, [model[8]])
        try:
            theirs = reference(batch, [ClassifierOutputTarget(c) for c in chosen])
        finally:
            reference.activations_and_grads.release()
        for a, b in zip(ours, theirs):
            assert np.corrcoef(a.ravel(), b.ravel())[0, 1] >= 0.99


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v3_small", "swin_t"])
def test_fast_path_matches_pytorch_grad_cam_on_registry_models(name):
    torch.manual_seed(1)
    arch = get_architecture(name)
    model = build_model(name, 4).eval()
    batch = torch.randn(2, 3, 64, 64)
    logits, ours = CamExplainer(model, arch.cam_layer, "gradcam", arch.layout)(batch)
    reference = GradCAM(model, [get_module(model, arch.cam_layer)], reshape_transform=lambda t: to_nchw(t, arch.layout))
    try:
        theirs = reference(batch, [ClassifierOutputTarget(int(c)) for c in logits.argmax(1)])
    finally:
        reference.activations_and_grads.release()
    for a, b in zip(ours, theirs):
        assert np.corrcoef(a.ravel(), b.ravel())[0, 1] >= 0.99


def test_the_target_class_changes_the_map(trained):
    model, preprocess, held_out = trained
    image, label, _ = held_out[0]
    explainer = CamExplainer(model, "8", "gradcam")
    _, own = explainer(preprocess(image)[None], label)
    _, other = explainer(preprocess(image)[None], (label + 1) % 3)
    assert not np.allclose(own, other, atol=0.05)


@pytest.mark.parametrize("method", CAM_METHODS)
def test_every_method_gives_one_map_per_image_even_with_a_frozen_backbone(trained, method):
    model, preprocess, held_out = trained
    batch = torch.stack([preprocess(image) for image, _, _ in held_out[:3]])
    model.zero_grad(set_to_none=True)  # other tests ran the library's backward on this model
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    try:
        logits, maps = CamExplainer(model, "8", method)(batch, [0, 1, 2])
    finally:
        for parameter in model.parameters():
            parameter.requires_grad_(True)
    assert logits.shape == (3, 3)
    assert maps.shape == (3, 56, 72) and maps.dtype == np.float32
    assert np.isfinite(maps).all() and maps.min() >= 0 and maps.max() <= 1 + 1e-6
    assert all(m.max() - m.min() > 0.1 for m in maps), "a degenerate (flat) map"
    assert all(p.grad is None for p in model.parameters()), "CAM must not leave gradients in the model"


def test_hooks_are_released_and_memory_stays_flat():
    torch.manual_seed(0)
    model = tiny_cnn().eval()
    batch = torch.randn(1, 3, 16, 16)

    def rss_mb():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    explainer = CamExplainer(model, "8", "gradcam")
    for _ in range(200):
        explainer(batch)
    gc.collect()
    before = rss_mb()
    for i in range(2000):
        explainer(batch, i % 3)
    gc.collect()
    assert rss_mb() - before < 30
    for module in model.modules():
        assert not module._forward_hooks and not module._backward_hooks and not module._forward_pre_hooks


def test_unknown_method_and_layer_are_refused():
    model = tiny_cnn()
    with pytest.raises(ValueError, match="gradcam"):
        CamExplainer(model, "8", "magiccam")
    with pytest.raises(ValueError, match="not found"):
        CamExplainer(model, "99", "gradcam")


def test_fast_methods_cover_the_gradient_family():
    assert {"gradcam", "gradcam++", "xgradcam", "hirescam", "layercam", "eigengradcam"} <= set(FAST_METHODS)
    assert {"scorecam", "ablationcam", "fullgrad", "shapleycam", "finercam", "eigencam"} <= set(CAM_METHODS)


@pytest.fixture(scope="module")
def swin():
    """torchvision's Swin at a tenth of swin_t's width and depth: the same channels-last layout and
    final norm, but Ablation-CAM's one forward pass per channel takes seconds, not minutes."""
    torch.manual_seed(2)
    return SwinTransformer(patch_size=[4, 4], embed_dim=8, depths=[1, 1, 1, 1], num_heads=[1, 1, 1, 1],
                           window_size=[2, 2], num_classes=3).eval()


def test_ablation_cam_runs_on_swin_and_leaves_the_model_as_it_was(swin):
    arch = get_architecture("swin_t")
    batch = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        before = swin(batch)
    _, maps = CamExplainer(swin, arch.cam_layer, "ablationcam", arch.layout)(batch)
    assert maps.shape == (1, 64, 64)
    assert type(get_module(swin, arch.cam_layer)) is nn.LayerNorm
    with torch.no_grad():
        assert torch.allclose(swin(batch), before, atol=1e-5)


def test_a_failed_ablation_never_leaves_its_layer_in_the_model(swin, monkeypatch):
    """The library swaps its ablation layer into the model; when ablating fails half-way (as it did
    on Swin before the layer was chosen by layout), the model must still predict afterwards."""
    def fail(self, x):
        raise RuntimeError("ablation failed")
    monkeypatch.setattr(AblationLayerVit, "__call__", fail)
    batch = torch.rand(1, 3, 64, 64)
    with pytest.raises(RuntimeError, match="ablation failed"):
        CamExplainer(swin, "norm", "ablationcam", "nhwc")(batch)
    assert type(get_module(swin, "norm")) is nn.LayerNorm
    with torch.no_grad():
        assert swin(batch).shape == (1, 3)


@pytest.mark.parametrize("method", ["fullgrad", "shapleycam"])
@pytest.mark.parametrize("layout", ["tokens", "nhwc"])
def test_methods_that_cannot_explain_transformers_are_refused_with_the_reason(swin, method, layout):
    with pytest.raises(MethodUnsupported, match="not available for transformers"):
        CamExplainer(swin, "norm", method, layout)
    reason, fault = explain_cam_failure(method, "norm", "swin_t", MethodUnsupported(unsupported_reason(method, layout)))
    assert fault == "method" and reason.startswith(("FullGrad", "ShapleyCAM"))



@pytest.mark.parametrize("method, library_class", [("xgradcam", XGradCAM), ("eigencam", EigenCAM)])
def test_densenet_maps_weigh_the_rectified_features_as_the_library_does(method, library_class):
    """DenseNet's target layer is followed by an in-place ReLU; weighing the raw batch-norm output
    instead gave maps anticorrelated with pytorch-grad-cam's (r -0.40 and -0.53 here)."""
    torch.manual_seed(0)
    model = build_model("densenet121", 4).eval()
    batch = torch.randn(2, 3, 64, 64)
    logits, ours = CamExplainer(model, "features", method)(batch)
    reference = library_class(model, [get_module(model, "features")])
    try:
        theirs = reference(batch, [ClassifierOutputTarget(int(c)) for c in logits.argmax(1)])
    finally:
        reference.activations_and_grads.release()
    for a, b in zip(ours, theirs):
        assert np.corrcoef(a.ravel(), b.ravel())[0, 1] >= 0.999


@pytest.mark.parametrize("method, library_class", [("gradcamelementwise", GradCAMElementWise), ("gradcam", GradCAM)])
@pytest.mark.parametrize("smoothing", [{}, {"eigen_smooth": True}, {"aug_smooth": True}])
def test_smoothing_and_the_element_wise_method_mean_what_they_mean_upstream(trained, method, library_class, smoothing):
    model, preprocess, held_out = trained
    batch = torch.stack([preprocess(image) for image, _, _ in held_out[:3]])
    logits, ours = CamExplainer(model, "8", method, **smoothing)(batch)
    reference = library_class(model, [model[8]])
    try:
        theirs = reference(batch, [ClassifierOutputTarget(int(c)) for c in logits.argmax(1)], **smoothing)
    finally:
        reference.activations_and_grads.release()
    for a, b in zip(ours, theirs):
        assert np.corrcoef(a.ravel(), b.ravel())[0, 1] >= 0.99
    if smoothing:
        _, plain = CamExplainer(model, "8", method)(batch)
        assert not np.allclose(plain, ours, atol=1e-3)  # the option changed the maps
