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
         "layercam": "LayerCAM", "eigengradcam": "EigenGrad-CAM", "eigencam": "Eigen-CAM", "scorecam": "Score-CAM",
         "ablationcam": "Ablation-CAM", "fullgrad": "FullGrad", "shapleycam": "ShapleyCAM", "finercam": "Finer-CAM"}
# Methods that fail on some architectures and are cheap enough to try once per model on a blank
# image (Score-CAM and Ablation-CAM need a pass per channel: they are judged on first use).
PROBED = ("shapleycam", "fullgrad", "finercam")


def explain_cam_failure(method: str, layer: str, arch: str, error: BaseException) -> tuple[str, str]:
    """(one sentence for the user: why `method` gave no heatmap and what to choose instead, what is
    at fault: "method" for a method that cannot run on this network, "layer", or "unknown")."""
    name = NAMES.get(method, method)
    text = str(error)
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
