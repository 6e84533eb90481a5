"""What a CAM method can do for a model: a quick check, and failures said in one plain sentence.

Some methods cannot run on some networks: Shapley-CAM needs second derivatives, which PyTorch
does not have for MobileNetV3's hard-sigmoid; a layer with no height and width (a classifier)
has no map. The library's own errors ("derivative for aten::hardsigmoid_backward is not
implemented", "Invalid grads shape") read as if the file were broken; these sentences say what
is wrong and what to do instead.
"""
from __future__ import annotations

import re

import torch

NAMES = {"gradcam": "Grad-CAM", "gradcam++": "Grad-CAM++", "xgradcam": "XGrad-CAM", "hirescam": "HiResCAM",
         "layercam": "LayerCAM", "eigengradcam": "EigenGrad-CAM", "eigencam": "Eigen-CAM",
         "gradcamelementwise": "Grad-CAM Element-wise", "scorecam": "Score-CAM",
         "ablationcam": "Ablation-CAM", "fullgrad": "FullGrad", "shapleycam": "ShapleyCAM", "finercam": "Finer-CAM"}
# Methods that cannot work on transformers ("tokens": ViT-style, "nhwc": Swin), whatever the model's weights,
# and why; they are not offered for such models.
_TRANSFORMER_LIMITS = {
    "fullgrad": "FullGrad adds up the gradients of convolution and batch-norm biases; a transformer keeps its "
                "biases in linear and layer-norm layers, so its map would show little more than the input gradient",
    "shapleycam": "the ShapleyCAM implementation GradLens uses cannot run on transformers (it clears their token "
                  "gradients in a way PyTorch forbids)",
}


class MethodUnsupported(ValueError):
    """A CAM method that cannot run on this kind of network; the message is the sentence for the user."""


def unsupported_reason(method: str, layout: str) -> str | None:
    """Why `method` is not offered for networks of this layout ("nchw", "nhwc", "tokens"), or None."""
    if layout in ("tokens", "nhwc") and method in _TRANSFORMER_LIMITS:
        return f"{NAMES[method]} is not available for transformers: {_TRANSFORMER_LIMITS[method]}."
    return None


# Methods that fail on some architectures and are cheap enough to try once per model on a blank
# image (Score-CAM and Ablation-CAM need a pass per channel: they are judged on first use).
PROBED = ("shapleycam", "fullgrad", "finercam")


def explain_cam_failure(method: str, layer: str, arch: str, error: BaseException) -> tuple[str, str]:
    """(one sentence for the user: why `method` gave no heatmap and what to choose instead, what is
    at fault: "method" for a method that cannot run on this network, "layer", or "unknown")."""
    name = NAMES.get(method, method)
    text = str(error)
    if isinstance(error, MethodUnsupported):
        return text, "method"
    missing = re.search(r"derivative for aten::(\w+?)_backward is not implemented", text)
    if missing:
        return (f"{name} needs second derivatives, which {arch}'s {missing.group(1)} activation does not have: "
                "choose another method.", "method")
    if "grads shape" in text:
        return f"Layer {layer} has no height and width, so it gives no map: choose another layer.", "layer"
    first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return f"{name} cannot explain this {arch} model ({type(error).__name__}: {first_line[:160]}).", "unknown"


def probe(classifier_for, input_size: tuple[int, int], methods=PROBED, should_stop=lambda: False
          ) -> dict[str, BaseException]:
    """Try each method once on a noise image; {method: the error} for those that fail.

    `classifier_for(method)` builds a core.inference.predict.Classifier for that method; `should_stop()`
    is asked between methods (the window may be closing)."""
    failures = {}
    # Noise, not zeros: a blank image can leave the activations where a missing derivative is never needed.
    blank = torch.rand(1, 3, *input_size, generator=torch.Generator().manual_seed(0))
    for method in methods:
        if should_stop():
            break
        try:
            classifier_for(method).predict_batch(blank)
        except Exception as error:  # the method cannot run on this model: that is what is asked
            failures[method] = error
    return failures
