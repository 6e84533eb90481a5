"""numpy image arrays -> QImage / QPixmap, copied so the array can be freed right after.

A QImage built on a numpy buffer only borrows it: when the array is garbage-collected the image
points at freed memory. Every image made here is `.copy()`-ed and owns its pixels.
"""
from __future__ import annotations

import numpy as np
from PyQt5.QtGui import QImage, QPixmap

_FORMATS = {1: QImage.Format_Grayscale8, 3: QImage.Format_RGB888, 4: QImage.Format_RGBA8888}


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """HxWx3 RGB, HxWx4 RGBA or HxW grey uint8 -> a QImage that owns a copy of the pixels.

    Any strides work (slices, views, Fortran order): the array is made C-contiguous first.
    """
    array = np.asarray(rgb)
    if array.dtype != np.uint8:
        raise TypeError(f"expected a uint8 image, got {array.dtype}")
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    channels = 1 if array.ndim == 2 else (array.shape[2] if array.ndim == 3 else 0)
    if channels not in _FORMATS:
        raise ValueError(f"expected an HxW, HxWx3 or HxWx4 image, got shape {array.shape}")
    height, width = array.shape[:2]
    if height == 0 or width == 0:
        raise ValueError(f"empty image, shape {array.shape}")
    array = np.ascontiguousarray(array)
    # bytesPerLine given explicitly: QImage otherwise assumes rows padded to 4 bytes.
    image = QImage(array.data, width, height, array.strides[0], _FORMATS[channels])
    return image.copy()


def rgb_to_pixmap(rgb: np.ndarray) -> QPixmap:
    """Like rgb_to_qimage, as a QPixmap (needs a QGuiApplication)."""
    return QPixmap.fromImage(rgb_to_qimage(rgb))
