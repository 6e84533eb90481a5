"""core/models/pretrained.py: starting weights from the torch cache, downloaded when missing (from the
local test server, never the internet), or from a file."""
import hashlib
import io
import logging

import pytest
import torch

from core.models import pretrained
from core.models.pretrained import (
    PretrainedUnavailable,
    check_pretrained,
    create_model,
    ensure_weights,
    torchvision_weights_cached,
    torchvision_weights_file,
    weights_source,
)
from core.models.registry import build_model, get_architecture
from core.models.statedict import WeightsMismatch, load_into
from core.models.weights_download import MIRROR_VARIABLE, DownloadError
from core.models.weights_source import WeightsSource
from tests.weights_server import unused_url


@pytest.fixture
def hub_dir(tmp_path):
    """torch's hub cache redirected to an empty folder, restored afterwards."""
    old = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / "hub"))
    yield tmp_path / "hub"
    torch.hub.set_dir(old)


@pytest.fixture(scope="module")
def imagenet_resnet18():
    torch.manual_seed(3)
    return build_model("resnet18", 1000).state_dict()


def test_no_pretrained_weights(tmp_path):
    model, notes = create_model("resnet18", 3)
    assert notes == []
    assert model.fc.out_features == 3
    with torch.no_grad():
        assert model.eval()(torch.randn(1, 3, 32, 32)).shape == (1, 3)


def batchnorm_momenta(model) -> set:
    return {m.momentum for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)}


def test_from_scratch_raises_slow_batchnorm_momentum_and_says_so(tmp_path):
    assert batchnorm_momenta(build_model("mobilenet_v3_small", 3)) == {0.01}   # torchvision's choice
    model, notes = create_model("mobilenet_v3_small", 3)
    assert batchnorm_momenta(model) == {0.1}
    assert len(notes) == 1 and "0.01 raised to 0.1" in notes[0]
    # Fine-tuning keeps the momentum the weights were trained with.
    path = tmp_path / "mnv3.pth"
    torch.save(build_model("mobilenet_v3_small", 3).state_dict(), path)
    tuned, _ = create_model("mobilenet_v3_small", 3, pretrained=path)
    assert batchnorm_momenta(tuned) == {0.01}


def test_weights_source_of_a_torchvision_architecture(hub_dir):
    source = weights_source("resnet18")
    assert source.url == "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    assert source.path == hub_dir / "checkpoints" / "resnet18-f37072fd.pth"
    assert source.sha256_prefix == "f37072fd" and source.kind == "torchvision"
    assert source.size == round(44.661 * 2**20)  # torchvision's "_file_size", in MB of 2**20 bytes
    assert not source.cached
    assert weights_source("mnasnet1_0").sha256_prefix == "f206786ef8"  # "mnasnet1.0_top1_73.512-f206786ef8.pth"
    assert weights_source("no_such_model") is None
    assert torchvision_weights_file("resnet18") == (source.path, source.url)


def test_unreachable_weights_name_the_file_and_the_url(hub_dir, monkeypatch):
    """No claim about the machine ("offline"): what was tried, where it would go, and what happened."""
    host = unused_url("").rstrip("/")
    monkeypatch.setenv(MIRROR_VARIABLE, host)
    with pytest.raises(DownloadError) as info:
        create_model("resnet18", 3, pretrained="torchvision")
    path = hub_dir / "checkpoints" / "resnet18-f37072fd.pth"
    assert str(info.value) == (f"could not download {host}/models/resnet18-f37072fd.pth to {path}: "
                               "connection refused")
    assert not path.exists() and not path.with_name(path.name + ".partial").exists()


def test_the_real_url_goes_to_the_mirror_and_its_checksum_is_checked(hub_dir, monkeypatch, weights_server):
    """torchvision's own URL for resnet18, its host replaced by the mirror's; these bytes are not
    the real file, so its sha256 prefix (f37072fd, from the file name) refuses them."""
    weights_server.add("models/resnet18-f37072fd.pth", b"not the real weights" * 1000)
    monkeypatch.setenv(MIRROR_VARIABLE, weights_server.mirror)
    with pytest.raises(DownloadError, match="checksum mismatch .*expected f37072fd…\\): the file was deleted"):
        create_model("resnet18", 3, pretrained="torchvision")
    assert weights_server.requests == [("models/resnet18-f37072fd.pth", None, 200)]
    assert not torchvision_weights_cached("resnet18")


@pytest.fixture(scope="module")
def squeezenet_file():
    """A real (small, 5 MB) squeezenet1_1 state dict as bytes, and its sha256."""
    torch.manual_seed(5)
    buffer = io.BytesIO()
    torch.save(build_model("squeezenet1_1", 1000).state_dict(), buffer)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def serve_squeezenet(server, hub_dir, monkeypatch, squeezenet_file) -> WeightsSource:
    """weights_source("squeezenet1_1") -> a file of the test's own, torch.hub-named, checksum-verified."""
    data, sha = squeezenet_file
    name = f"squeezenet1_1-{sha[:8]}.pth"
    server.add(f"models/{name}", data)
    source = WeightsSource(f"https://download.pytorch.org/models/{name}", hub_dir / "checkpoints" / name, len(data),
                           sha[:8])
    monkeypatch.setattr(pretrained, "weights_source", lambda arch: source if arch == "squeezenet1_1" else None)
    monkeypatch.setenv(MIRROR_VARIABLE, server.mirror)
    return source


def test_missing_weights_are_downloaded_verified_and_used(hub_dir, monkeypatch, weights_server, squeezenet_file):
    source = serve_squeezenet(weights_server, hub_dir, monkeypatch, squeezenet_file)
    model, notes = create_model("squeezenet1_1", 4, pretrained="torchvision")
    assert source.path.read_bytes() == squeezenet_file[0]
    expected = torch.load(source.path, weights_only=True)
    assert torch.equal(model.features[0].weight, expected["features.0.weight"])
    assert model.classifier[1].out_channels == 4
    assert notes[0] == f"starting weights: {source.path}"
    # Cached now: the next model starts without a request.
    assert ensure_weights("squeezenet1_1") == source.path
    create_model("squeezenet1_1", 4, pretrained="torchvision")
    assert len(weights_server.requests) == 1


def test_ensure_weights_reports_progress_and_refuses_architectures_without_weights(
        hub_dir, monkeypatch, weights_server, squeezenet_file):
    serve_squeezenet(weights_server, hub_dir, monkeypatch, squeezenet_file)
    seen = []
    ensure_weights("squeezenet1_1", progress=seen.append)
    assert seen[-1].done == seen[-1].total == len(squeezenet_file[0])
    with pytest.raises(PretrainedUnavailable, match="resnet18 has no pretrained weights"):
        ensure_weights("resnet18")  # this test's weights_source knows squeezenet1_1 only


def test_check_pretrained_before_anything_slow(tmp_path):
    assert check_pretrained("resnet18", None) is None
    with pytest.raises(PretrainedUnavailable, match="weights file not found"):
        check_pretrained("resnet18", tmp_path / "nope.pth")


def test_safetensors_weights_file(tmp_path, squeezenet_file):
    from safetensors.torch import save_file
    state = torch.load(io.BytesIO(squeezenet_file[0]), weights_only=True)
    path = tmp_path / "model.safetensors"
    save_file(state, str(path))
    model, notes = create_model("squeezenet1_1", 1000, pretrained=path)
    assert torch.equal(model.classifier[1].weight, state["classifier.1.weight"])
    assert notes[0] == f"starting weights: {path}"


def test_torchvision_weights_from_cache(hub_dir, imagenet_resnet18, caplog):
    path, _ = torchvision_weights_file("resnet18")
    path.parent.mkdir(parents=True)
    torch.save(imagenet_resnet18, path)
    assert torchvision_weights_cached("resnet18")
    with caplog.at_level(logging.INFO):
        model, notes = create_model("resnet18", 3, pretrained="torchvision")
    state = model.state_dict()
    for key in ("conv1.weight", "layer4.1.bn2.running_var", "layer2.0.downsample.0.weight"):
        assert torch.equal(state[key], imagenet_resnet18[key]), key
    assert model.fc.weight.shape == (3, 512)
    assert notes[0] == f"starting weights: {path}"
    head_note = "classifier head for 1000 classes dropped; a new head for 3 classes starts from random weights"
    assert head_note in notes
    assert head_note in caplog.messages


def test_local_weights_file_with_module_prefix(tmp_path, imagenet_resnet18):
    path = tmp_path / "ddp_checkpoint.pth"
    torch.save({"state_dict": {"module." + k: v for k, v in imagenet_resnet18.items()}, "epoch": 90}, path)
    model, notes = create_model("resnet18", 5, pretrained=path)
    assert torch.equal(model.conv1.weight, imagenet_resnet18["conv1.weight"])
    assert model.fc.out_features == 5
    assert any("1000 classes dropped" in note for note in notes)


def test_local_weights_same_head_size_kept(tmp_path, imagenet_resnet18):
    path = tmp_path / "same.pth"
    torch.save(imagenet_resnet18, path)
    model, notes = create_model("resnet18", 1000, pretrained=str(path))
    assert torch.equal(model.fc.weight, imagenet_resnet18["fc.weight"])
    assert not any("dropped" in note for note in notes)


def test_weights_of_wrong_architecture(tmp_path):
    path = tmp_path / "mobilenet.pth"
    torch.save(build_model("mobilenet_v3_small", 10).state_dict(), path)
    with pytest.raises(WeightsMismatch, match="not a resnet18") as info:
        create_model("resnet18", 3, pretrained=path)
    assert isinstance(info.value, ValueError)
    assert "missing" in str(info.value) and "unexpected" in str(info.value)


def test_missing_and_damaged_local_weights(tmp_path):
    with pytest.raises(PretrainedUnavailable, match="weights file not found"):
        create_model("resnet18", 3, pretrained=tmp_path / "nope.pth")
    damaged = tmp_path / "half.pth"
    damaged.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(ValueError, match=r"^half.pth is damaged \(cut short or corrupted\)") as info:
        create_model("resnet18", 3, pretrained=damaged)
    assert "\n" not in str(info.value)


def test_vit_position_embedding_resized():
    torch.manual_seed(4)
    small = build_model("vit_b_16", 3, (32, 32))
    state_dict = small.state_dict()
    assert state_dict["encoder.pos_embedding"].shape == (1, 5, 768)
    model = build_model("vit_b_16", 3, (48, 48))
    notes = load_into(model, get_architecture("vit_b_16"), state_dict)
    assert notes == ["position embedding resized from 5 to 10 tokens"]
    pos = model.encoder.pos_embedding
    assert pos.shape == (1, 10, 768)
    assert torch.equal(pos[:, 0], state_dict["encoder.pos_embedding"][:, 0])  # class token kept
    assert torch.equal(model.conv_proj.weight, state_dict["conv_proj.weight"])
    assert torch.equal(model.heads.head.weight, state_dict["heads.head.weight"])
    with torch.no_grad():
        assert model.eval()(torch.randn(1, 3, 48, 48)).shape == (1, 3)
