"""How a heatmap is asked for: the explanation settings the viewer's form gives, in one value.

The window's form (ui/viewer/cam_controls.py) makes one, the main window's controller fills in the
model's default layer, and the viewer and classification workers draw with it. Torch-free, so the
form uses it too.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

# The engine's names, torch-free for the form and the command line; core.explain.cam and
# core.explain.overlay check their tables against these when imported.
CAM_METHOD_NAMES = ("gradcam", "gradcam++", "xgradcam", "hirescam", "layercam", "eigengradcam", "eigencam",
                    "gradcamelementwise", "scorecam", "ablationcam", "fullgrad", "shapleycam", "finercam")
COLORMAP_NAMES = ("jet", "turbo", "viridis", "inferno", "magma", "plasma", "hot", "cividis", "bone")
# Remembered between sessions; class and layer belong to a model.
SAVED = ("method", "alpha", "colormap", "eigen_smooth", "aug_smooth")


@dataclass(frozen=True)
class CamSettings:
    method: str | None = "gradcam"   # a core.explain.cam method name, or "none" for the prediction alone
    target: str | None = None        # the class the heatmap explains; None: the predicted class
    layer: str | None = None         # the layer whose activations make the map; None: the model's default
    alpha: float = 0.5               # heatmap opacity over the image, 0..1
    colormap: str | None = "jet"     # a matplotlib colour map name
    eigen_smooth: bool = False       # pytorch-grad-cam's eigen_smooth: the main component instead of the sum
    aug_smooth: bool = False         # pytorch-grad-cam's aug_smooth: the mean map of six augmented copies

    def saved(self) -> dict:
        """The preferences kept between sessions (QSettings), as plain values."""
        return {key: value for key, value in asdict(self).items() if key in SAVED}

    @classmethod
    def from_saved(cls, values: dict) -> CamSettings:
        """Settings from what `saved` gave (read back from QSettings; numbers may come back as text)."""
        known = {key: values[key] for key in SAVED if values.get(key) is not None}
        if "alpha" in known:
            known["alpha"] = float(known["alpha"])
        for flag in ("eigen_smooth", "aug_smooth"):  # QSettings may give "true"/"false"
            if flag in known:
                known[flag] = known[flag] in (True, "true", "True", 1, "1")
        return cls(**known)
