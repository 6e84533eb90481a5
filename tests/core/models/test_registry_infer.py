"""core/models/registry.py: the architecture table, recognising bare state dicts, dotted layer paths."""
import gc

import pytest
import torch
from torch import nn

from core.models import registry
from core.models.registry import ARCHITECTURES, build_model, get_architecture, get_module, head_classes, infer_architecture


def _meta_state_dict(name, num_classes=5, input_size=None):
    with torch.device("meta"):
        return build_model(name, num_classes, input_size).state_dict()


def test_infer_real_resnet18_state_dict():
    state_dict = build_model("resnet18", 5).state_dict()
    assert infer_architecture(state_dict) == ("resnet18", 5)


@pytest.mark.parametrize("name", ["resnet34", "mobilenet_v3_small", "squeezenet1_1", "densenet121"])
def test_infer_other_architectures(name):
    assert infer_architecture(_meta_state_dict(name)) == (name, 5)


def test_infer_vit_ignores_position_embedding_size():
    # A ViT trained at 32×32 has a 5-token position embedding, not the 197 of the 224 skeleton.
    state_dict = _meta_state_dict("vit_b_16", 7, (32, 32))
    assert state_dict["encoder.pos_embedding"].shape[1] == 5
    assert infer_architecture(state_dict) == ("vit_b_16", 7)


def test_infer_nonsense_keys_names_nearest_candidates():
    with pytest.raises(ValueError, match=r"nearest by parameter names: \w+, \w+, \w+"):
        infer_architecture({"foo.weight": torch.zeros(3), "bar.bias": torch.zeros(2)})


def test_infer_changed_backbone_shape_is_not_recognised():
    state_dict = _meta_state_dict("resnet18")
    state_dict["conv1.weight"] = torch.zeros(32, 3, 7, 7, device="meta")  # not a resnet18 any more
    with pytest.raises(ValueError, match="no supported architecture"):
        infer_architecture(state_dict)


def test_head_classes_for_conv_head():
    spec = get_architecture("squeezenet1_1")
    assert head_classes(_meta_state_dict("squeezenet1_1", 9), spec) == 9
    assert head_classes({}, spec) is None


def test_every_row_has_valid_head_and_cam_layer():
    for name, spec in ARCHITECTURES.items():
        if name.startswith("timm/"):  # checked against timm in test_timm_backbones.py; a meta build costs seconds
            continue
        model = registry._skeleton(name)
        head = get_module(model, spec.head)
        assert isinstance(head, (nn.Linear, nn.Conv2d)), name
        assert head.weight.shape[0] == 1000, name
        assert isinstance(get_module(model, spec.cam_layer), nn.Module), name


def test_get_module_negative_indices():
    with torch.device("meta"):
        mobilenet = build_model("mobilenet_v3_small", 3)
        vit = build_model("vit_b_16", 3, (32, 32))
    assert get_module(mobilenet, "features.-1") is mobilenet.features[len(mobilenet.features) - 1]
    assert get_module(mobilenet, "classifier.3") is mobilenet.classifier[3]
    assert get_module(vit, "encoder.layers.-1.ln_1") is vit.encoder.layers[-1].ln_1


@pytest.mark.parametrize("path", ["layer9", "features.99", "fc.0", "conv1.weight", "layer4.-7"])
def test_get_module_bad_path(path):
    with torch.device("meta"):
        model = build_model("resnet18", 3)
    model.features = nn.Sequential(nn.ReLU())
    with pytest.raises(ValueError, match="not found in ResNet"):
        get_module(model, path)


def test_get_architecture_unknown_says_where_the_choices_are():
    # All 40-odd names made a line that was cut mid-name, before the timm form: a few, and where the rest are
    with pytest.raises(ValueError) as info:
        get_architecture("resnet999")
    assert str(info.value) == ("unknown architecture 'resnet999': --arch NAME takes resnet18, resnet34, resnet50, "
                               "resnet101 or 40 others (see train.py --help), or timm/<name> for any timm model")


def test_build_model_rejects_zero_classes():
    with pytest.raises(ValueError, match="at least one class"):
        build_model("resnet18", 0)


@pytest.mark.parametrize("size", [(32, 48), (40, 40)])
def test_vit_needs_square_multiple_of_16(size):
    with pytest.raises(ValueError, match="square input whose side is a multiple of 16"):
        build_model("vit_b_16", 3, size)


def test_build_model_head_size_and_vit_image_size():
    with torch.device("meta"):
        assert build_model("densenet121", 4).classifier.out_features == 4
        vit = build_model("vit_b_16", 2, (48, 48))
    assert vit.image_size == 48
    assert vit.encoder.pos_embedding.shape[1] == 3 * 3 + 1


def test_counting_parameters_keeps_no_model_alive():
    # Cached skeletons were 110,000 live objects that every full garbage collection walked.
    def modules_alive():
        gc.collect()
        return sum(isinstance(o, nn.Module) for o in gc.get_objects())
    before = modules_alive()
    assert registry.parameter_count("resnet18", 10) == 11_181_642   # torchvision's resnet18 with a 10-class head
    assert modules_alive() == before


def test_real_skeletons_are_built_on_a_thread_that_ends():
    # its OpenMP team ends with it (see registry._skeleton); results and errors come back
    import threading
    seen = []
    assert registry._on_a_passing_thread(lambda: seen.append(threading.current_thread().name) or 7) == 7
    assert seen == ["skeleton"] and not any(t.name == "skeleton" for t in threading.enumerate())
    with pytest.raises(KeyError, match="boom"):
        registry._on_a_passing_thread(lambda: {}["boom"])
