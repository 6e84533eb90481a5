"""Heatmaps laid over the original picture: colour map, alpha blend, at the image's own resolution.

Everything here is RGB. OpenCV's colour maps come out BGR and are converted once, here.
"""
from __future__ import annotations

import cv2
import numpy as np

from core.data.preprocess import Geometry
from core.explain.cam_settings import COLORMAP_NAMES

COLORMAPS = {
    "jet": cv2.COLORMAP_JET, "turbo": cv2.COLORMAP_TURBO, "viridis": cv2.COLORMAP_VIRIDIS,
    "inferno": cv2.COLORMAP_INFERNO, "magma": cv2.COLORMAP_MAGMA, "plasma": cv2.COLORMAP_PLASMA,
    "hot": cv2.COLORMAP_HOT, "cividis": cv2.COLORMAP_CIVIDIS, "bone": cv2.COLORMAP_BONE,
}
assert tuple(COLORMAPS) == COLORMAP_NAMES, "core/explain/cam_settings.py names the same maps, torch-free"


def to_original(cam: np.ndarray, geometry: Geometry) -> np.ndarray:
    """A map over the model's input (values 0..1) -> the same map over the original image.

    Undoes letterboxing and cropping: parts of the original the model never saw get 0.
    """
    top, left, height, width = geometry.content
    region = cam[top:top + height, left:left + width]
    src_top, src_left, src_h, src_w = geometry.source
    resized = cv2.resize(region.astype(np.float32, copy=False), (src_w, src_h), interpolation=cv2.INTER_LINEAR)
    if (src_h, src_w) == tuple(geometry.original_size):
        return resized
    full = np.zeros(geometry.original_size, dtype=np.float32)
    full[src_top:src_top + src_h, src_left:src_left + src_w] = resized
    return full


def colorize(heat: np.ndarray, colormap: str = "jet") -> np.ndarray:
    """Values 0..1 (HxW) -> an RGB uint8 heatmap picture."""
    if colormap not in COLORMAPS:
        raise ValueError(f"unknown colour map {colormap!r}; choose one of: {', '.join(COLORMAPS)}")
    levels = np.clip(heat * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return cv2.cvtColor(cv2.applyColorMap(levels, COLORMAPS[colormap]), cv2.COLOR_BGR2RGB)


def blend(rgb: np.ndarray, heat: np.ndarray, alpha: float = 0.5, colormap: str = "jet") -> np.ndarray:
    """The heatmap over the image; `alpha` is the heatmap's opacity (0 = image only)."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"opacity must be between 0 and 1, got {alpha}")
    return cv2.addWeighted(rgb, 1.0 - alpha, colorize(heat, colormap), alpha, 0.0)


def encode(rgb: np.ndarray, fmt: str = "jpg", quality: int = 92) -> bytes:
    """RGB -> file bytes (jpg or png); written by the caller so non-ASCII paths work everywhere."""
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if fmt == "jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 3]
    ok, data = cv2.imencode("." + fmt, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), params)
    if not ok:
        raise ValueError(f"cannot encode the overlay as {fmt}")
    return data.tobytes()
