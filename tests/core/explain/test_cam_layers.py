"""The default CAM layer depends on the input size; every offered layer is a map of the image."""
import pytest

from core.explain.cam_layers import default_layer, layer_maps, menu_layers
from core.explain.cam_support import explain_cam_failure
from core.models.registry import build_model, get_architecture


def offered(arch, size):
    model = build_model(arch, 3, size).eval()
    preferred = get_architecture(arch).cam_layer
    maps = layer_maps(model, arch, size, preferred)
    return default_layer(maps, preferred), [m.label() for m in menu_layers(maps, preferred)]


@pytest.mark.parametrize("size, default", [((32, 32), "layer1"), ((96, 96), "layer3"), ((224, 224), "layer4"),
                                           ((64, 160), "layer2")])
def test_resnet_default_is_the_deepest_stage_with_a_fine_enough_map(size, default):
    chosen, labels = offered("resnet18", size)
    assert chosen == default
    assert labels[:2] == [f"layer4 · {size[0] // 32}×{size[1] // 32}", f"layer3 · {size[0] // 16}×{size[1] // 16}"]


def test_channels_last_and_token_models_are_read_as_the_cam_code_reads_them():
    assert offered("swin_t", (224, 224)) == ("norm", ["norm · 7×7", "features.5 · 14×14", "features.3 · 28×28",
                                                      "features.1 · 56×56"])
    chosen, labels = offered("convnext_tiny", (64, 64))
    assert not any("block" in label for label in labels)  # its blocks work channels-last inside
    chosen, labels = offered("vit_b_16", (224, 224))
    assert chosen == "encoder.layers.-1.ln_1" and labels == ["encoder.layers.-1.ln_1 · 14×14"]


def test_a_layer_chosen_in_training_is_kept_when_it_is_fine_enough():
    model = build_model("mobilenet_v3_small", 3, (96, 96)).eval()
    maps = layer_maps(model, "mobilenet_v3_small", (96, 96), "features.8")
    assert default_layer(maps, "features.8") == "features.8"
    assert default_layer(maps, "features.-1") == "features.8"  # 3×3 at 96 px: too coarse


def test_failures_are_said_in_one_plain_sentence():
    error = RuntimeError("derivative for aten::hardsigmoid_backward is not implemented")
    text, fault = explain_cam_failure("shapleycam", "features.8", "mobilenet_v3_small", error)
    assert fault == "method" and "second derivatives" in text and "hardsigmoid" in text and "\n" not in text
    library_error = ValueError("Invalid grads shape.Shape of grads should be 4 (2D image) or 5 (3D image).")
    text, fault = explain_cam_failure("gradcam", "classifier", "resnet18", library_error)
    assert fault == "layer" and text.startswith("Layer classifier has no height and width")


def test_timm_backbones_offer_their_stages_and_their_last_blocks_norm():
    assert offered("timm/vit_tiny_patch16_224", (64, 64)) == ("blocks.-1.norm1", ["blocks.-1.norm1 · 4×4"])
    assert offered("timm/efficientvit_b0", (224, 224)) == (  # no Dropout on the image passes for a layer
        "head.in_conv", ["head.in_conv · 7×7", "stages.2 · 14×14", "stages.1 · 28×28", "stages.0 · 56×56",
                         "stem · 112×112"])
    assert offered("timm/convnextv2_atto", (96, 96)) == ("stages.2", ["stages · 3×3", "stages.2 · 6×6",
                                                                      "stages.1 · 12×12", "stem · 24×24"])
