"""Decode one image file to an RGB ``uint8`` array, turning every failure into ImageReadError.

Users point GradLens at real folders, so a bad file is normal input: ``load_rgb`` either returns
an HxWx3 array or raises :class:`ImageReadError` whose text is a one-line reason for the results
table and the log. Nothing else escapes.
"""
import logging
import os
import re
import stat
import warnings

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

MAX_PIXELS: int = 100_000_000  # decompression-bomb guard, checked on the header before decoding

_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_U16_DTYPES = {"I;16": "<u2", "I;16L": "<u2", "I;16B": ">u2", "I;16N": "=u2"}


class ImageReadError(Exception):
    """A file could not be decoded; ``str(e)`` is a short, user-readable reason."""


def _broken_link(path: str, error: OSError) -> str | None:
    """'broken link: target … does not exist' when `path` is a symlink that leads nowhere, else None."""
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        return None  # not a link: the plain reason stands
    if isinstance(error, FileNotFoundError):
        return f"broken link: target {target} does not exist"
    return f"broken link: {target} cannot be reached ({_one_line(error)})"  # e.g. a link that loops


def load_rgb(path) -> np.ndarray:
    """Return the first frame of ``path`` as a C-contiguous HxWx3 uint8 RGB array."""
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as e:
        raise ImageReadError(_broken_link(path, e) or "file not found") from None
    except PermissionError:
        raise ImageReadError("permission denied") from None
    except (OSError, ValueError) as e:
        raise ImageReadError((isinstance(e, OSError) and _broken_link(path, e))
                             or f"cannot access file: {_one_line(e)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageReadError("is a directory, not an image file")
    if not stat.S_ISREG(st.st_mode):
        raise ImageReadError("not a regular file")  # a FIFO or device would block or never end
    if st.st_size == 0:
        raise ImageReadError("empty file (0 bytes)")
    try:
        # Our MAX_PIXELS check below is the guard; PIL's own warning (at ~89 MP, below our limit)
        # would only print noise, so it is silenced here, and PIL's hard error is mapped below.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise ImageReadError(f"image too large: {w}×{h} pixels ({_limit()})")
                im.seek(0)  # animated GIF/WebP, multi-page TIFF: first frame
                im.load()  # decode errors (truncation) surface here, not later in convert()
                bits = _bits_per_sample(im)  # before transposing, which drops the TIFF tags
                return np.ascontiguousarray(_to_rgb(_exif_transpose(im), bits))
    except ImageReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        # PIL refuses very large headers inside Image.open, before our own check can run.
        m = re.search(r"\((\d+) pixels\)", str(e))
        size = f"{int(m.group(1)) / 1e6:,.0f} MP" if m else _one_line(e)
        raise ImageReadError(f"image too large: {size} ({_limit()})") from None
    except UnidentifiedImageError:
        raise ImageReadError("not an image file (cannot identify format)") from None
    except PermissionError:
        raise ImageReadError("permission denied") from None
    except MemoryError:
        raise ImageReadError("not enough memory to decode image") from None
    except Exception as e:  # noqa: BLE001 - any decoder failure is a bad file, never a crash
        msg = _one_line(e)
        if "truncated" in msg.lower():
            raise ImageReadError("truncated file") from None
        log.debug("decode failed for %s", path, exc_info=True)
        raise ImageReadError(f"corrupt or unsupported image: {msg or type(e).__name__}") from None


def _to_rgb(im: Image.Image, bits: int = 16) -> np.ndarray:
    mode = im.mode
    if mode == "RGB":
        return np.asarray(im)
    if mode in _U16_DTYPES:
        # PIL's convert("L") clips 16-bit values at 255; shift by the real bit depth instead.
        a = np.frombuffer(im.tobytes(), dtype=_U16_DTYPES[mode]).reshape(im.height, im.width)
        return _gray((a >> (bits - 8)).astype(np.uint8))
    if mode == "I":
        # 32-bit int: 8-bit data is kept; up to 65535 is taken as 16-bit (how older PIL held
        # 16-bit PNGs); beyond that we scale by the maximum, as there is no fixed depth to use.
        a = np.clip(np.asarray(im, dtype=np.int64), 0, None)
        top = int(a.max(initial=0))
        if top > 65535:
            a = a * 255 // top
        elif top > 255:
            a = a >> 8
        return _gray(a.astype(np.uint8))
    if mode == "F":
        # Float: data already in 0..1 is scaled as is (its meaning is absolute); any other range
        # (depth maps, raw sensor values) is min-max stretched so something visible comes out.
        # A flat image has no range to stretch and is clipped to 0..1 instead.
        a = np.nan_to_num(np.asarray(im, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(a.min()), float(a.max())
        if (lo < 0.0 or hi > 1.0) and hi > lo:
            a = (a - lo) / (hi - lo)
        return _gray(np.round(np.clip(a, 0.0, 1.0) * 255.0).astype(np.uint8))
    if mode == "P" and "transparency" in im.info:
        mode = "PA"
    if mode in _ALPHA_MODES:
        # Composite onto white: dropping alpha would expose whatever colour hides behind it.
        rgba = np.asarray(im.convert("RGBA"), dtype=np.uint16)
        alpha = rgba[..., 3:4]
        return ((rgba[..., :3] * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
    try:
        return np.asarray(im.convert("RGB"))  # L, 1, P, CMYK, YCbCr, LAB, HSV, RGBX ...
    except ValueError:
        raise ImageReadError(f"unsupported mode {im.mode}") from None


def _exif_transpose(im: Image.Image) -> Image.Image:
    # A malformed EXIF block should not cost the user an image whose pixels decoded fine.
    try:
        return ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001
        log.warning("ignoring unreadable EXIF orientation in %s", getattr(im, "filename", "?"))
        return im


def _gray(a: np.ndarray) -> np.ndarray:
    return np.repeat(a[..., None], 3, axis=2)


def _bits_per_sample(im: Image.Image) -> int:
    """Real bit depth of 16-bit-mode data: 12-bit TIFFs also open as I;16."""
    bits = getattr(im, "tag_v2", {}).get(258)  # TIFF BitsPerSample
    bits = bits[0] if isinstance(bits, tuple) and bits else bits
    return bits if isinstance(bits, int) and 8 < bits <= 16 else 16


def _limit() -> str:
    return f"limit {MAX_PIXELS / 1e6:g} MP"


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text[:200]
