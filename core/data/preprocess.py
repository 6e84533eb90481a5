"""The one preprocessing function: RGB image -> normalised tensor, and the geometry to map back.

It is saved inside every model file, so training, `predict.py` and the GUI feed a model exactly
what it was trained on. `Geometry` records where the image landed in the input tensor, so a
heatmap computed on the tensor can be laid over the original picture.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import cv2
import numpy as np
import torch

from core.models.model_settings import IMAGENET_MEAN, IMAGENET_STD, RESIZE_MODES  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Geometry:
    """The part of the input tensor (top, left, height, width) showing the part of the original
    image (top, left, height, width), plus the original's full size."""
    content: tuple[int, int, int, int]
    source: tuple[int, int, int, int]
    original_size: tuple[int, int]


@dataclass(frozen=True)
class Preprocess:
    input_size: tuple[int, int] = (224, 224)  # (height, width)
    resize_mode: str = "stretch"
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD

    def __post_init__(self):
        if self.resize_mode not in RESIZE_MODES:
            raise ValueError(f"resize mode must be one of {', '.join(RESIZE_MODES)}, got {self.resize_mode!r}")
        height, width = self.input_size
        if height < 8 or width < 8:
            raise ValueError(f"input size too small: {height}×{width}")
        object.__setattr__(self, "input_size", (int(height), int(width)))
        object.__setattr__(self, "mean", tuple(float(m) for m in self.mean))
        object.__setattr__(self, "std", tuple(float(s) for s in self.std))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["input_size"] = list(self.input_size)
        data["mean"], data["std"] = list(self.mean), list(self.std)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Preprocess":
        return cls(tuple(data["input_size"]), data.get("resize_mode", "stretch"),
                   tuple(data.get("mean", IMAGENET_MEAN)), tuple(data.get("std", IMAGENET_STD)))

    def geometry(self, height: int, width: int) -> Geometry:
        """Where an image of this size lands in the input tensor."""
        in_h, in_w = self.input_size
        if self.resize_mode == "stretch":
            return Geometry((0, 0, in_h, in_w), (0, 0, height, width), (height, width))
        if self.resize_mode == "letterbox":
            scale = min(in_h / height, in_w / width)
            new_h, new_w = max(1, round(height * scale)), max(1, round(width * scale))
            top, left = (in_h - new_h) // 2, (in_w - new_w) // 2
            return Geometry((top, left, new_h, new_w), (0, 0, height, width), (height, width))
        # center_crop: scale so the input is covered, then cut the middle (the ImageNet eval recipe).
        scale = max(in_h / height, in_w / width)
        crop_h, crop_w = min(height, round(in_h / scale)), min(width, round(in_w / scale))
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        return Geometry((0, 0, in_h, in_w), (top, left, crop_h, crop_w), (height, width))

    def resize(self, rgb: np.ndarray) -> np.ndarray:
        """The image as the model sees it, still uint8 HxWx3 (also used for augmentation)."""
        geo = self.geometry(*rgb.shape[:2])
        top, left, height, width = geo.source
        region = rgb[top:top + height, left:left + width]
        c_top, c_left, c_h, c_w = geo.content
        # INTER_AREA averages when shrinking (no aliasing); it falls back to bilinear when enlarging.
        resized = cv2.resize(region, (c_w, c_h), interpolation=cv2.INTER_AREA)
        if (c_h, c_w) == self.input_size:
            return resized
        canvas = np.zeros((*self.input_size, 3), dtype=np.uint8)
        canvas[:] = np.round(np.array(self.mean) * 255).astype(np.uint8)  # pads become zeros after normalising
        canvas[c_top:c_top + c_h, c_left:c_left + c_w] = resized
        return canvas

    def normalize(self, rgb: np.ndarray) -> torch.Tensor:
        """uint8 HxWx3 already at input size -> float32 CxHxW."""
        return self.normalize_batch(np.asarray(rgb)[None])[0]

    def normalize_batch(self, rgb: np.ndarray) -> torch.Tensor:
        """uint8 NxHxWx3 already at input size -> float32 NxCxHxW, each image as `normalize` makes it."""
        tensor = torch.from_numpy(np.ascontiguousarray(rgb)).permute(0, 3, 1, 2).float().div_(255)
        mean = torch.tensor(self.mean).view(1, 3, 1, 1)
        std = torch.tensor(self.std).view(1, 3, 1, 1)
        return tensor.sub_(mean).div_(std)

    def __call__(self, rgb: np.ndarray) -> torch.Tensor:
        return self.normalize(self.resize(rgb))
