"""core/models/pretrained.py: starting weights from the torch cache or a file, never from the network."""
import logging

import pytest
import torch

from core.models.pretrained import PretrainedUnavailable, create_model, torchvision_weights_cached, torchvision_weights_file
from core.models.registry import build_model, get_architecture
from core.models.statedict import WeightsMismatch, load_into


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


def test_torchvision_weights_missing_names_path_and_url(hub_dir):
    path, url = torchvision_weights_file("resnet18")
    assert path == hub_dir / "checkpoints" / "resnet18-f37072fd.pth"
    assert url.startswith("https://") and url.endswith("/resnet18-f37072fd.pth")
    assert not torchvision_weights_cached("resnet18")
    with pytest.raises(PretrainedUnavailable) as info:
        create_model("resnet18", 3, pretrained="torchvision")
    assert isinstance(info.value, FileNotFoundError)
    assert str(path) in str(info.value)
    assert url in str(info.value)
    assert not path.exists()  # nothing was downloaded


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
    with pytest.raises(ValueError, match="cannot read weights from half.pth") as info:
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
