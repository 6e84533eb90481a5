"""core.data.decode: every format decodes to RGB uint8, every bad file becomes one ImageReadError."""
import io
import os
import struct
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

import core.data.decode
from core.data.decode import ImageReadError, load_rgb

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def _save(im: Image.Image, path, **kw):
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, **kw)
    return path


def _check_rgb(arr, shape):
    assert isinstance(arr, np.ndarray)
    assert arr.dtype == np.uint8
    assert arr.shape == shape
    assert arr.flags["C_CONTIGUOUS"]


def _close(pixel, expected, tol=6):
    assert np.all(np.abs(np.asarray(pixel, int) - np.asarray(expected, int)) <= tol), pixel


def _reason(path) -> str:
    with pytest.raises(ImageReadError) as info:
        load_rgb(path)
    assert type(info.value) is ImageReadError
    msg = str(info.value)
    assert msg.strip() and "\n" not in msg
    return msg


def _png_with_header(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims width x height, with no real pixel data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


# --- formats that must decode ---------------------------------------------------------------

@pytest.mark.parametrize("ext, kw", [(".jpg", {"quality": 95}), (".png", {}), (".bmp", {}),
                                     (".webp", {"lossless": True}), (".tif", {})])
def test_common_formats(tmp_path, ext, kw):
    im = Image.new("RGB", (5, 3), BLUE)
    im.putpixel((0, 0), RED)
    arr = load_rgb(_save(im, tmp_path / f"a{ext}", **kw))
    _check_rgb(arr, (3, 5, 3))
    _close(arr[2, 4], BLUE, tol=0 if ext != ".jpg" else 40)
    if ext != ".jpg":
        assert tuple(arr[0, 0]) == RED


def test_non_ascii_path_and_str_path(tmp_path):
    path = _save(Image.new("RGB", (4, 4), GREEN), tmp_path / "图像 ü" / "猫.jpg")
    for p in (path, str(path)):
        arr = load_rgb(p)
        _check_rgb(arr, (4, 4, 3))
        _close(arr[1, 1], GREEN, tol=10)


def test_exif_orientation_is_applied(tmp_path):
    im = Image.new("RGB", (4, 2), RED)  # width 4, height 2
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise when shown
    arr = load_rgb(_save(im, tmp_path / "rot.jpg", exif=exif))
    _check_rgb(arr, (4, 2, 3))


@pytest.mark.parametrize("mode, value, expected", [("L", 77, (77, 77, 77)),
                                                   ("1", 1, WHITE),
                                                   ("1", 0, (0, 0, 0))])
def test_grayscale(tmp_path, mode, value, expected):
    arr = load_rgb(_save(Image.new(mode, (3, 2), value), tmp_path / "g.png"))
    _check_rgb(arr, (2, 3, 3))
    assert tuple(arr[1, 2]) == expected


def test_rgba_transparent_pixels_become_white(tmp_path):
    im = Image.new("RGBA", (3, 1), (255, 0, 0, 0))  # fully transparent red
    im.putpixel((1, 0), (0, 0, 255, 255))  # opaque blue
    im.putpixel((2, 0), (0, 0, 0, 128))  # half-transparent black
    arr = load_rgb(_save(im, tmp_path / "t.png"))
    _check_rgb(arr, (1, 3, 3))
    assert tuple(arr[0, 0]) == WHITE
    assert tuple(arr[0, 1]) == BLUE
    _close(arr[0, 2], (127, 127, 127), tol=1)


def test_la_transparent_becomes_white(tmp_path):
    im = Image.new("LA", (2, 1), (0, 0))
    im.putpixel((1, 0), (10, 255))
    arr = load_rgb(_save(im, tmp_path / "la.png"))
    assert tuple(arr[0, 0]) == WHITE and tuple(arr[0, 1]) == (10, 10, 10)


def test_palette_with_transparency(tmp_path):
    im = Image.new("P", (2, 1), 0)
    im.putpalette([0, 0, 0, 0, 255, 0] + [0] * 762)  # index 0 black, index 1 green
    im.putpixel((1, 0), 1)
    arr = load_rgb(_save(im, tmp_path / "p.png", transparency=0))
    assert tuple(arr[0, 0]) == WHITE  # transparent black, not black
    assert tuple(arr[0, 1]) == GREEN


def test_palette_without_transparency(tmp_path):
    im = Image.new("P", (2, 1), 1)
    im.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    assert tuple(load_rgb(_save(im, tmp_path / "p.gif"))[0, 0]) == BLUE


@pytest.mark.parametrize("dtype, name", [("<u2", "g16.png"), (">u2", "g16b.tif"),
                                         ("<u2", "g16l.tif")])
def test_16_bit_is_scaled_not_clipped(tmp_path, dtype, name):
    data = np.array([[65535, 32768, 256, 0]], dtype=dtype)
    im = Image.fromarray(data)
    assert im.mode.startswith("I;16")
    arr = load_rgb(_save(im, tmp_path / name))
    _check_rgb(arr, (1, 4, 3))
    assert [int(v) for v in arr[0, :, 0]] == [255, 128, 1, 0]
    assert np.all(arr[..., 0] == arr[..., 2])


def test_32_bit_int_scaled_by_max(tmp_path):
    im = Image.fromarray(np.array([[0, 100_000, 200_000]], dtype=np.int32))
    assert im.mode == "I"
    arr = load_rgb(_save(im, tmp_path / "i32.tif"))
    assert [int(v) for v in arr[0, :, 1]] == [0, 127, 255]


def test_32_bit_int_in_8_bit_range_kept(tmp_path):
    im = Image.fromarray(np.array([[0, 7, 200]], dtype=np.int32))
    assert [int(v) for v in load_rgb(_save(im, tmp_path / "i8.tif"))[0, :, 0]] == [0, 7, 200]


@pytest.mark.parametrize("values, expected", [([0.0, 0.5, 1.0], [0, 128, 255]),
                                              ([-2.0, 0.0, 2.0], [0, 128, 255]),
                                              ([3.0, 3.0, 3.0], [255, 255, 255]),
                                              ([-1.0, -1.0, 0.25], [0, 0, 255])])
def test_float_images(tmp_path, values, expected):
    im = Image.fromarray(np.array([values], dtype=np.float32))
    assert im.mode == "F"
    assert [int(v) for v in load_rgb(_save(im, tmp_path / "f.tif"))[0, :, 0]] == expected


def test_cmyk_jpeg(tmp_path):
    im = Image.new("CMYK", (4, 4), (0, 255, 255, 0))  # no cyan, full magenta + yellow: red
    arr = load_rgb(_save(im, tmp_path / "cmyk.jpg", quality=95))
    _check_rgb(arr, (4, 4, 3))
    _close(arr[2, 2], RED, tol=40)


def test_ycbcr_jpeg(tmp_path):
    im = Image.new("RGB", (2, 2), GREEN).convert("YCbCr")
    arr = load_rgb(_save(im, tmp_path / "y.jpg", quality=95))
    _close(arr[0, 0], GREEN, tol=40)


@pytest.mark.parametrize("ext, kw", [(".gif", {"duration": 50, "loop": 0}),
                                     (".webp", {"lossless": True}), (".tif", {})])
def test_animated_and_multipage_first_frame(tmp_path, ext, kw):
    frames = [Image.new("RGB", (3, 3), c) for c in (RED, GREEN, BLUE)]
    path = _save(frames[0], tmp_path / f"anim{ext}", save_all=True, append_images=frames[1:], **kw)
    with Image.open(path) as check:
        assert getattr(check, "n_frames", 1) == 3
    arr = load_rgb(path)
    _check_rgb(arr, (3, 3, 3))
    assert tuple(arr[1, 1]) == RED


def test_png_named_jpg_decodes(tmp_path):
    path = tmp_path / "really_a_png.jpg"
    Image.new("RGB", (2, 2), BLUE).save(path, format="PNG")
    assert tuple(load_rgb(path)[0, 0]) == BLUE


# --- bad files: one ImageReadError each, with a specific reason -------------------------------

def test_truncated_jpeg(tmp_path):
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(buf, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    assert "truncated" in _reason(path)


def test_truncated_png(tmp_path):
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (64, 64, 3), np.uint8)).save(buf, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    msg = _reason(path)
    assert "truncated" in msg or "corrupt" in msg


def test_empty_file(tmp_path):
    (tmp_path / "e.jpg").write_bytes(b"")
    assert _reason(tmp_path / "e.jpg") == "empty file (0 bytes)"


def test_random_bytes_named_jpg(tmp_path):
    (tmp_path / "r.jpg").write_bytes(np.random.default_rng(2).bytes(2000))
    assert "not an image" in _reason(tmp_path / "r.jpg")


def test_text_named_png(tmp_path):
    (tmp_path / "notes.png").write_text("hello, I am not a picture\n")
    assert "not an image" in _reason(tmp_path / "notes.png")


def test_huge_header_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_with_header(50000, 50000))
    assert path.stat().st_size < 100
    msg = _reason(path)
    assert "too large" in msg and "2,500 MP" in msg and "limit 100 MP" in msg


def test_max_pixels_is_our_limit(tmp_path, monkeypatch):
    path = _save(Image.new("RGB", (30, 20), RED), tmp_path / "big.png")
    monkeypatch.setattr(core.data.decode, "MAX_PIXELS", 500)
    msg = _reason(path)
    assert "too large" in msg and "30×20" in msg


def test_pil_bomb_warning_does_not_escape(tmp_path, monkeypatch, recwarn):
    # Between PIL's own warning threshold and ours the image decodes, without a warning.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 400)
    path = _save(Image.new("RGB", (25, 20), RED), tmp_path / "mid.png")
    assert load_rgb(path).shape == (20, 25, 3)
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # now PIL's hard error fires first
    assert "too large" in _reason(path)


def test_directory(tmp_path):
    assert "directory" in _reason(tmp_path)


def test_missing_file(tmp_path):
    assert _reason(tmp_path / "nope.jpg") == "file not found"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="permissions are not enforced here")
def test_permission_denied(tmp_path):
    path = _save(Image.new("RGB", (2, 2)), tmp_path / "locked.png")
    path.chmod(0)
    try:
        assert "permission denied" in _reason(path)
    finally:
        path.chmod(0o644)


def test_permission_error_from_open_is_wrapped(tmp_path, monkeypatch):
    # Works as root too, where chmod cannot lock a file.
    path = _save(Image.new("RGB", (2, 2)), tmp_path / "locked.png")

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Image, "open", denied)
    assert _reason(path) == "permission denied"


def test_unexpected_errors_are_wrapped(tmp_path, monkeypatch):
    path = _save(Image.new("RGB", (2, 2)), tmp_path / "ok.png")

    def boom(*a, **k):
        raise RuntimeError("decoder exploded")
    monkeypatch.setattr(core.data.decode, "_to_rgb", boom)
    assert "decoder exploded" in _reason(path)
    monkeypatch.setattr(core.data.decode, "_to_rgb", lambda *a: (_ for _ in ()).throw(MemoryError()))
    assert "memory" in _reason(path)
