"""The architectures for small images (core/models/small_input_*.py): each builds, trains a step, predicts
and explains with a map of useful resolution at 28 and 64 px; the torchvision variants take their base's
ImageNet weights (a local file, served as download.pytorch.org would); a model file rebuilds them.
tests/core/models/test_registry_smoke.py runs them at 64 px with every other row."""
import hashlib
import io

import numpy as np
import pytest
import torch

from core.data.preprocess import Preprocess
from core.explain.cam_layers import default_layer, layer_maps
from core.inference.predict import Classifier, classify_files
from core.models import pretrained, small_input_torchvision
from core.models.model_settings import SMALL_INPUT_NAMES
from core.models.modelfile import LoadedModel, load_model_file, read_model_file, save_model_file
from core.models.pretrained import create_model, torchvision_weights_cached, weights_source
from core.models.registry import ARCHITECTURES, build_model, get_architecture, get_module, infer_architecture
from core.models.weights_download import MIRROR_VARIABLE

COMPACT = ["small_resnet_s", "small_resnet_m", "small_resnet_l"]
VARIANTS = list(small_input_torchvision.BASES)
# The CAM layer training records (cam_layers.default_layer at the input size) and its map there.
EXPECTED_MAPS = {
    **{(name, 28): ("layer3", (7, 7)) for name in COMPACT + VARIANTS},
    **{(name, 64): ("layer3", (16, 16)) for name in COMPACT},
    **{(name, 64): ("layer4", (8, 8)) for name in VARIANTS},  # layer4 is 4×4 at 28 px: too coarse there
}


def test_listed_between_torchvisions_and_timms_rows_with_their_parameter_counts():
    names = list(ARCHITECTURES)
    assert names[28:34] == COMPACT + VARIANTS == list(SMALL_INPUT_NAMES)
    counts = {name: sum(p.numel() for p in build_model(name, 10).parameters()) for name in COMPACT}
    assert 0.2e6 < counts["small_resnet_s"] < counts["small_resnet_m"] < counts["small_resnet_l"] < 3e6
    for name in COMPACT + VARIANTS:
        assert "for small images 16–96 px" in get_architecture(name).description


@pytest.mark.parametrize("name", COMPACT + VARIANTS)
def test_builds_trains_predicts_and_explains_at_28_and_64_px(name):
    torch.manual_seed(0)
    arch = get_architecture(name)
    model = build_model(name, 3)
    stem = model.stem[0] if name in COMPACT else model.conv1
    assert (stem.kernel_size, stem.stride) == ((3, 3), (1, 1))
    assert not any(isinstance(m, torch.nn.MaxPool2d) for m in model.modules())

    batch, labels = torch.randn(4, 3, 28, 28), torch.tensor([0, 2, 1, 0])
    before = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    loss = torch.nn.functional.cross_entropy(model(batch), labels)
    loss.backward()
    optimizer.step()
    assert torch.isfinite(loss)
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters()))

    # As test_registry_smoke.py: opposite head rows for classes 0 and 1, so one of the two has positive
    # evidence somewhere even in a nearly untrained network.
    with torch.no_grad():
        model.fc.weight.normal_(std=0.05)
        model.fc.weight[1] = -model.fc.weight[0]
        model.fc.bias.zero_()
    model.eval()
    for size in (28, 64):
        layer = default_layer(layer_maps(model, name, (size, size), arch.cam_layer), arch.cam_layer)
        expected_layer, expected_map = EXPECTED_MAPS[name, size]
        assert layer == expected_layer
        grids = []
        hook = get_module(model, layer).register_forward_hook(
            lambda _m, _i, out, grids=grids: grids.append(out.shape[-2:]))
        loaded = LoadedModel(model, name, ["a", "b", "c"], Preprocess((size, size)), layer)
        classifier = Classifier(loaded, device="cpu", cam_method="gradcam")
        images = torch.randn(2, 3, size, size)
        probs, maps_0, _ = classifier.predict_batch(images, 0)
        _, maps_1, _ = classifier.predict_batch(images, 1)
        hook.remove()
        assert tuple(grids[0]) == expected_map
        assert probs.shape == (2, 3) and torch.allclose(probs.sum(dim=1), torch.ones(2))
        assert maps_0.shape == maps_1.shape == (2, size, size)
        assert np.isfinite(maps_0).all() and np.isfinite(maps_1).all()
        for image, pair in enumerate(zip(maps_0, maps_1)):
            assert max(cam.max() - cam.min() for cam in pair) > 0.5, f"{name}: flat CAM for image {image} at {size}"


def test_a_bare_state_dict_is_recognised_and_the_7x7_resnet_stays_a_resnet():
    for name in COMPACT + VARIANTS + ["resnet18"]:
        with torch.device("meta"):
            state_dict = build_model(name, 5).state_dict()
        assert infer_architecture(state_dict) == (name, 5)


def test_weights_are_the_base_architectures_file():
    assert weights_source("resnet18_small_input") == weights_source("resnet18")
    assert weights_source("resnet50_small_input").url == weights_source("resnet50").url
    assert all(weights_source(name) is None for name in COMPACT)


def test_the_7x7_stem_becomes_its_centre_rescaled_to_the_filters_norm():
    torch.manual_seed(1)
    kernel = torch.randn(64, 3, 7, 7)
    adapted, notes = small_input_torchvision.adapt_stem("resnet18_small_input", {"conv1.weight": kernel, "x": 1})
    stem = adapted["conv1.weight"]
    assert stem.shape == (64, 3, 3, 3) and adapted["x"] == 1 and len(notes) == 1
    scale = stem.flatten(1).norm(dim=1) / kernel[:, :, 2:5, 2:5].flatten(1).norm(dim=1)
    assert torch.allclose(stem, kernel[:, :, 2:5, 2:5] * scale[:, None, None, None])
    assert torch.allclose(stem.flatten(1).norm(dim=1), kernel.flatten(1).norm(dim=1))
    assert (scale > 1).all()
    # A 3×3 stem (a file of the variant itself) and the other architectures pass unchanged.
    same = {"conv1.weight": stem}
    assert small_input_torchvision.adapt_stem("resnet18_small_input", same) == (same, [])
    assert small_input_torchvision.adapt_stem("resnet18", {"conv1.weight": kernel})[1] == []


@pytest.fixture
def hub_dir(tmp_path):
    old = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / "hub"))
    yield tmp_path / "hub"
    torch.hub.set_dir(old)


class _Weights:
    """What torchvision's get_model_weights(...).DEFAULT gives: a URL in torch.hub's naming and a size."""
    def __init__(self, url, size):
        self.url, self.meta = url, {"_file_size": size / 2**20}


def test_pretrained_torchvision_downloads_the_base_file_and_adapts_only_the_stem(
        hub_dir, monkeypatch, weights_server):
    torch.manual_seed(2)
    imagenet = build_model("resnet18", 1000).state_dict()
    buffer = io.BytesIO()
    torch.save(imagenet, buffer)
    data = buffer.getvalue()
    name = f"resnet18-{hashlib.sha256(data).hexdigest()[:8]}.pth"  # torch.hub's naming: the checksum is checked
    weights_server.add(f"models/{name}", data)
    asked = []

    def get_model_weights(arch):
        asked.append(arch)
        if arch != "resnet18":
            raise ValueError(arch)
        return type("ResNet18_Weights", (), {"DEFAULT": _Weights(f"https://download.pytorch.org/models/{name}",
                                                                  len(data))})
    monkeypatch.setattr(pretrained, "get_model_weights", get_model_weights)
    monkeypatch.setenv(MIRROR_VARIABLE, weights_server.mirror)

    model, notes = create_model("resnet18_small_input", 4, pretrained="torchvision")
    assert set(asked) == {"resnet18"} and weights_server.requests == [(f"models/{name}", None, 200)]
    assert torchvision_weights_cached("resnet18")  # one file in the cache serves both
    state = model.state_dict()
    expected, _ = small_input_torchvision.adapt_stem("resnet18_small_input", imagenet)
    assert torch.equal(state["conv1.weight"], expected["conv1.weight"])
    for key in ("bn1.running_var", "layer1.0.conv1.weight", "layer4.1.bn2.weight", "layer2.0.downsample.0.weight"):
        assert torch.equal(state[key], imagenet[key]), key
    assert model.fc.out_features == 4 and isinstance(model.maxpool, torch.nn.Identity)
    assert notes[0] == f"starting weights: {hub_dir / 'checkpoints' / name}"
    assert any("centre 3×3" in note for note in notes) and any("1000 classes dropped" in note for note in notes)
    with torch.no_grad():
        assert model.eval()(torch.randn(2, 3, 28, 28)).shape == (2, 4)


def test_a_weights_file_of_the_variant_itself_loads_unchanged(tmp_path):
    torch.manual_seed(3)
    source = build_model("resnet18_small_input", 6).state_dict()
    path = tmp_path / "mine.pth"
    torch.save(source, path)
    model, notes = create_model("resnet18_small_input", 6, pretrained=path)
    assert all(torch.equal(model.state_dict()[k], v) for k, v in source.items())
    assert not any("centre" in note for note in notes)


@pytest.mark.parametrize("name", ["small_resnet_m", "resnet18_small_input"])
def test_a_model_file_rebuilds_it_and_predicts(tmp_path, write_image, name):
    torch.manual_seed(0)
    model = build_model(name, 3).eval()
    path = tmp_path / "model.pt"
    save_model_file(path, LoadedModel(model, name, ["cat", "dog", "emu"], Preprocess((28, 28)), "layer3"))
    assert read_model_file(path)["arch"] == name
    loaded = load_model_file(path)
    assert (loaded.arch, loaded.preprocess.input_size, loaded.cam_layer) == (name, (28, 28), "layer3")
    assert not loaded.assumed
    batch = torch.randn(2, 3, 28, 28)
    with torch.no_grad():
        assert torch.allclose(loaded.model(batch), model(batch), atol=1e-6)
    image = write_image(tmp_path / "images" / "one.png", size=(40, 48))
    [prediction] = classify_files(Classifier(loaded, device="cpu"), [image], batch_size=1, workers=1)
    assert prediction.error is None and prediction.predicted in loaded.class_names
    assert prediction.cam is not None and np.isfinite(prediction.cam).all()
