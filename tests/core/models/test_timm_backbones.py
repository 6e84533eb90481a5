"""timm backbones ("timm/<name>"): the curated ten build, train, predict and explain, and their static rows
are what timm says; any other timm name works; pretrained weights load by timm's own mechanism from a
local file; a model file rebuilds the model with no download."""
import sys
from pathlib import Path

import numpy as np
import pytest
import timm
import torch
from safetensors.torch import save_file

from core.data.preprocess import Preprocess
from core.explain.cam import to_nchw
from core.inference.predict import Classifier, classify_files
from core.models import timm_backbones
from core.models.model_settings import ARCHITECTURE_NAMES, ModelSettings
from core.models.modelfile import LoadedModel, load_model_file, read_model_file, save_model_file
from core.models.registry import ARCHITECTURES, build_model, get_architecture, get_module, parameter_count
from core.training.progressive import resizable, scaled
from core.training.trainconfig import TrainConfig

CURATED = [name for name in ARCHITECTURES if name.startswith("timm/")]
SIZE = 64  # every curated backbone's CAM layer is 2×2 here (ViTs: 4×4 patches); enough to see a map


def test_at_least_ten_curated_backbones_follow_the_torchvision_rows():
    others = [n for n in ARCHITECTURES if "/" not in n]  # torchvision's 28, then those for small images
    assert len(CURATED) >= 10 and list(ARCHITECTURES)[:len(others)] == others and len(others) >= 28
    assert tuple(ARCHITECTURES) == ARCHITECTURE_NAMES


@pytest.mark.parametrize("name", CURATED)
def test_curated_backbone_builds_trains_predicts_and_explains(name):
    torch.manual_seed(0)
    arch = get_architecture(name)
    model = build_model(name, 3, (SIZE, SIZE))
    # The row listed without timm says what timm says.
    cfg = timm.get_pretrained_cfg(timm_backbones.model_name(name))
    assert timm_backbones.find_cam_layer(model, (SIZE, SIZE)) == (arch.layout, arch.cam_layer)
    assert arch.head == (cfg.classifier if isinstance(cfg.classifier, str) else cfg.classifier[0])
    assert arch.default_size == cfg.input_size[-1]
    if arch.layout == "tokens":  # its position embedding is sized for the default input, where it is counted
        with torch.device("meta"):
            assert parameter_count(name, 3) == sum(p.numel() for p in build_model(name, 3).parameters())
    else:
        assert parameter_count(name, 3) == sum(p.numel() for p in model.parameters())
    assert timm_backbones.CURATED_HUB_IDS[timm_backbones.model_name(name)] == cfg.hf_hub_id
    assert not cfg.hf_hub_filename

    batch, labels = torch.randn(2, 3, SIZE, SIZE), torch.tensor([0, 2])
    before = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    model.train()
    loss = torch.nn.functional.cross_entropy(model(batch), labels)
    loss.backward()
    optimizer.step()
    assert torch.isfinite(loss)
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters()))
    if resizable(name):  # progressive resizing trains its first epochs at 3/4 of the side
        assert model(torch.randn(2, 3, *scaled((SIZE, SIZE), 0.75))).shape == (2, 3)
    else:
        assert arch.layout == "tokens"

    # As tests/core/models/test_registry_smoke.py: opposite head rows for classes 0 and 1, so one of
    # the two has positive evidence somewhere even in an untrained network.
    head = get_module(model, arch.head)
    with torch.no_grad():
        head.weight.normal_(std=0.05)
        head.weight[1] = -head.weight[0]
        head.bias.zero_()
    loaded = LoadedModel(model.eval(), name, ["a", "b", "c"], Preprocess((SIZE, SIZE)), arch.cam_layer)
    classifier = Classifier(loaded, device="cpu", cam_method="gradcam")
    grids = []
    hook = get_module(model, arch.cam_layer).register_forward_hook(
        lambda _m, _i, out: grids.append(tuple(to_nchw(out, arch.layout).shape[-2:])))
    probs, maps_0, _ = classifier.predict_batch(batch, 0)
    _, maps_1, _ = classifier.predict_batch(batch, 1)
    hook.remove()
    assert probs.shape == (2, 3) and torch.allclose(probs.sum(dim=1), torch.ones(2))
    assert min(grids[0]) > 1, f"{name}: a {grids[0]} map at {SIZE} px"
    assert maps_0.shape == maps_1.shape == (2, SIZE, SIZE)
    assert np.isfinite(maps_0).all() and np.isfinite(maps_1).all()
    for image, pair in enumerate(zip(maps_0, maps_1)):
        assert max(cam.max() - cam.min() for cam in pair) > 0.5, f"{name}: flat CAM for image {image}"


def test_the_model_list_needs_no_timm(monkeypatch):
    """Names, sizes, parameter counts and weights files of the curated ten, without `import timm` (seconds)."""
    monkeypatch.setitem(sys.modules, "timm", None)  # any `import timm` now fails
    for name in CURATED:
        arch = get_architecture(name)
        assert parameter_count(name) > 1e6 and arch.cam_layer and arch.description
        assert timm_backbones.weights_source(name).url.startswith("https://huggingface.co/timm/")
    with pytest.raises(ImportError):
        get_architecture("timm/resnet10t")  # the check is real: an unlisted name needs timm


def test_any_timm_name_works_and_an_unknown_one_gets_close_names():
    arch = get_architecture("timm/resnet10t")  # not listed: described by running it on "meta"
    assert (arch.head, arch.cam_layer, arch.layout, arch.default_size) == ("fc", "layer4", "nchw", 176)
    assert "timm/resnet10t" not in ARCHITECTURES and "timm/resnet10t" in ARCHITECTURE_NAMES
    assert "model" not in TrainConfig(model="timm/resnet10t").problems()
    assert "model" in TrainConfig(model="timm/Res Net").problems()
    with pytest.raises(ValueError) as error:
        build_model("timm/convnextv2_attto", 3)
    assert "timm/convnextv2_atto" in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(ValueError) as error:  # nothing close: where the names are, not an empty list
        build_model("timm/zzqqxx", 3)
    assert str(error.value) == ("unknown timm model 'timm/zzqqxx'; no name is close "
                                "(all of them: python -c \"import timm; print(timm.list_models())\")")
    with pytest.raises(ValueError, match="ra2_in1k"):
        get_architecture("timm/resnet18d.in22k")
    with pytest.raises(ValueError, match="square"):
        build_model("timm/vit_tiny_patch16_224", 3, (64, 96))
    with pytest.raises(ValueError, match="multiples of 16"):
        build_model("timm/vit_tiny_patch16_224", 3, (72, 72))


def test_weights_come_from_the_hugging_face_file_timm_would_fetch():
    hub = Path(torch.hub.get_dir()) / "checkpoints" / "timm"
    source = timm_backbones.weights_source("timm/resnet18d")
    assert source.url == "https://huggingface.co/timm/resnet18d.ra2_in1k/resolve/main/model.safetensors"
    assert source.path == hub / "timm--resnet18d.ra2_in1k" / "model.safetensors"
    assert (source.kind, source.size, source.sha256_prefix) == ("timm", None, None)
    tagged = timm_backbones.weights_source("timm/resnet18d.ra4_e3600_r224_in1k")  # a tag picks other weights
    assert tagged.url == "https://huggingface.co/timm/resnet18d.ra4_e3600_r224_in1k/resolve/main/model.safetensors"
    assert timm_backbones.weights_source("timm/botnet50ts_256") is None  # timm has no weights for it


@pytest.mark.parametrize("name, size", [("timm/resnet18d", None), ("timm/vit_tiny_patch16_224", (32, 32))])
def test_pretrained_weights_load_through_timm_into_a_new_head(tmp_path, name, size):
    torch.manual_seed(0)
    imagenet = build_model(name, 1000)  # at its default size: the file is what the hub would give
    path = tmp_path / "model.safetensors"
    save_file({k: v.contiguous() for k, v in imagenet.state_dict().items()}, path)
    model = timm_backbones.create_pretrained(name, 3, size, path)
    head = get_architecture(name).head
    assert model.get_submodule(head).weight.shape[0] == 3
    mine, theirs = model.state_dict(), imagenet.state_dict()
    body = [k for k in theirs if not k.startswith(head + ".") and k != "pos_embed"]
    assert all(torch.equal(mine[k], theirs[k]) for k in body)
    if size:  # timm's checkpoint filter resized the position embedding to the 2×2 grid (+ class token)
        assert mine["pos_embed"].shape == (1, 5, 192) and theirs["pos_embed"].shape == (1, 197, 192)


@pytest.mark.parametrize("name, size", [("timm/deit_tiny_patch16_224", (32, 32)), ("timm/resnet10t", (64, 64))])
def test_a_model_file_rebuilds_the_timm_model_and_predicts(tmp_path, write_image, name, size):
    torch.manual_seed(0)
    model = build_model(name, 3, size).eval()
    path = tmp_path / "model.pt"
    save_model_file(path, LoadedModel(model, name, ["cat", "dog", "emu"], Preprocess(size),
                                      get_architecture(name).cam_layer))
    raw = read_model_file(path)
    assert raw["arch"] == name and raw["input_size"] == list(size) and raw["timm_version"] == timm.__version__
    loaded = load_model_file(path)
    assert (loaded.arch, loaded.class_names, loaded.preprocess.input_size) == (name, ["cat", "dog", "emu"], size)
    assert loaded.cam_layer == get_architecture(name).cam_layer and not loaded.assumed
    batch = torch.randn(2, 3, *size)
    with torch.no_grad():
        assert torch.allclose(loaded.model(batch), model(batch), atol=1e-6)
    image = write_image(tmp_path / "images" / "one.png", size=(40, 48))
    [prediction] = classify_files(Classifier(loaded, device="cpu"), [image], batch_size=1, workers=1)
    assert prediction.error is None and prediction.predicted in loaded.class_names
    assert prediction.cam is not None and np.isfinite(prediction.cam).all()


def test_a_bare_timm_vit_state_dict_gives_its_input_size_away(tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "weights.pt"
    torch.save(build_model("timm/deit_tiny_patch16_224", 3, (32, 32)).state_dict(), path)
    settings = ModelSettings(arch="timm/deit_tiny_patch16_224", class_names=("a", "b", "c"))
    assert load_model_file(path, settings=settings).preprocess.input_size == (32, 32)
    larger = load_model_file(path, settings=ModelSettings(**{**settings.__dict__, "input_size": (64, 64)}))
    assert larger.model.pos_embed.shape == (1, 17, 192)  # 2×2 patches + class token resized to 4×4 + 1


def test_a_checkpoint_from_timms_own_train_script_loads_as_that_timm_model(tmp_path):
    torch.manual_seed(0)
    model = build_model("timm/resnet10t", 4).eval()
    path = tmp_path / "model_best.pth.tar"  # what timm's train.py writes: its model name, args, the weights
    torch.save({"epoch": 3, "arch": "resnet10t", "state_dict": model.state_dict(), "version": 2,
                "args": {"model": "resnet10t", "input_size": [3, 96, 96], "num_classes": 4}}, path)
    loaded = load_model_file(path)
    assert (loaded.arch, loaded.preprocess.input_size, loaded.num_classes) == ("timm/resnet10t", (96, 96), 4)
    assert any("timm's: built as timm/resnet10t" in note for note in loaded.notes)
    batch = torch.randn(1, 3, 96, 96)
    with torch.no_grad():
        assert torch.allclose(loaded.model(batch), model(batch), atol=1e-6)
