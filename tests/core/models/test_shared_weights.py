"""The window's per-thread copies of a model read one set of weights (vit_b_16 was 327 MiB a copy)."""
import torch
import torchvision

from core.models.shared_weights import copy_sharing_weights


def _model():
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=3).eval()
    with torch.no_grad():  # running statistics that are not the initial 0/1, so sharing them is seen
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    return model


def test_the_copy_reads_the_originals_weights_and_predicts_the_same():
    model = _model()
    copied = copy_sharing_weights(model).eval()
    pairs = list(zip(model.state_dict().values(), copied.state_dict().values()))
    assert pairs and all(a.data_ptr() == b.data_ptr() for a, b in pairs if a.numel())
    images = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(model(images), copied(images))


def test_hooks_gradients_and_moves_stay_with_the_copy():
    model = _model()
    copied = copy_sharing_weights(model).eval()
    seen = []
    copied.layer4.register_forward_hook(lambda *_: seen.append("copy"))
    model(torch.randn(1, 3, 64, 64)).sum().backward()
    assert seen == []  # a CAM's hook on the viewer's copy never sees another thread's image
    assert model.fc.weight.grad is not None and copied.fc.weight.grad is None
    copied.to(torch.float64)  # as Module.to(device) does: param.data assigned in place
    assert model.fc.weight.dtype == torch.float32 and copied.fc.weight.dtype == torch.float64
    with torch.no_grad():
        assert torch.allclose(model(torch.ones(1, 3, 64, 64)).double(), copied(torch.ones(1, 3, 64, 64).double()),
                              atol=1e-4)


def test_a_scripted_model_is_copied_too():
    model = torch.jit.script(_model())
    copied = copy_sharing_weights(model)
    images = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(model(images), copied(images))
