"""core.inference.outputs, core.explain.overlay, core.inference.predict_folder: what a classification run leaves on disk."""
import csv
import errno
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import core.inference.outputs
from core.data.decode import load_rgb
from core.data.preprocess import Preprocess
from core.explain.overlay import blend, colorize, encode, to_original
from core.inference.outputs import OutputExists, OutputFolderError, check_no_overwrite, enlarged, overlay_names
from core.inference.predict_folder import FolderPrediction

LABELLED_HEADER = ["path", "predicted", "probability", "top_k", "true_class", "correct", "cam_target", "heatmap",
                   "heatmap_note", "error"]
PLAIN_HEADER = ["path", "predicted", "probability", "top_k", "cam_target", "heatmap", "heatmap_note", "error"]


def _read_csv(path: Path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def _read_rgb(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        assert im.mode == "RGB"
        return np.asarray(im)


def _job(loaded, input_path, out, **kwargs):
    kwargs.setdefault("device", "cpu")
    kwargs.setdefault("batch_size", 4)
    return FolderPrediction(loaded, input_path, out, **kwargs)


# --- overlay names and the overwrite check ---------------------------------------------------

def test_overlay_names_mirror_relative_paths():
    names = overlay_names(["a/cat.png", "b/c/dog.jpeg", "top.bmp"])
    assert names == {"a/cat.png": "overlays/a/cat.jpg", "b/c/dog.jpeg": "overlays/b/c/dog.jpg",
                     "top.bmp": "overlays/top.jpg"}
    assert overlay_names(["a/cat.jpg"], "png") == {"a/cat.jpg": "overlays/a/cat.png"}


def test_overlay_names_same_stem_keep_their_extension():
    names = overlay_names(["a/x.jpg", "a/x.png", "b/x.jpg"])
    assert names == {"a/x.jpg": "overlays/a/x.jpg.jpg", "a/x.png": "overlays/a/x.png.jpg", "b/x.jpg": "overlays/b/x.jpg"}
    # case-insensitive file systems would merge "X.jpg" and "x.png" overlays: also kept apart
    assert len(set(overlay_names(["X.jpg", "x.png"]).values())) == 2


def test_overlay_names_same_file_name_in_different_folders():
    names = overlay_names(["one/img1.jpg", "two/img1.jpg", "one/sub/img1.jpg"])
    assert sorted(names.values()) == ["overlays/one/img1.jpg", "overlays/one/sub/img1.jpg", "overlays/two/img1.jpg"]


@pytest.mark.parametrize("relpaths", [
    ["a/x.jpg", "a/x.png", "a/x.png.jpg"],  # "x.png" keeps its extension: "x.png.jpg", like the third's stem
    ["x.jpg", "x.png", "x.jpg.png", "X.JPG.gif"],
    ["p.gif", "p.png", "p.png.bmp", "p.png.tif"],
])
def test_overlay_names_never_collide(relpaths):
    names = overlay_names(relpaths)
    assert set(names) == set(relpaths)
    folded = [name.casefold() for name in names.values()]
    assert len(set(folded)) == len(relpaths), names
    assert all(name.startswith("overlays/") and name.endswith(".jpg") for name in names.values())


def test_check_no_overwrite(tmp_path):
    check_no_overwrite(tmp_path / "missing", ["overlays/a.jpg"])  # nothing there: fine
    check_no_overwrite(tmp_path, ["overlays/a.jpg"])
    (tmp_path / "overlays").mkdir()
    (tmp_path / "overlays" / "a.jpg").write_bytes(b"old")
    with pytest.raises(OutputExists, match=r"\(1 file, e.g. overlays/a.jpg.*--overwrite"):
        check_no_overwrite(tmp_path, ["overlays/a.jpg", "overlays/b.jpg"])
    (tmp_path / "results.txt").write_text("old")
    with pytest.raises(OutputExists, match=r"\(2 files, e.g. .*results.txt"):
        check_no_overwrite(tmp_path, ["overlays/a.jpg"])
    assert issubclass(OutputExists, FileExistsError)


def test_the_overwrite_check_counts_every_file_replacing_removes(tmp_path):
    """An earlier run of another folder: only results.csv/.txt clash, but replacing takes its overlays and
    panels too; the question counted 2 files and 50 overlays went. Nothing else in the folder counts."""
    for name in ("results.txt", "overlays/cat/1.jpg", "overlays/cat/2.jpg", "panels/cat/1.jpg",
                 "notes.txt", "mine/keep.jpg", "overlays/cat/mine.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("old")
    (tmp_path / "results.csv").write_text("path,heatmap\ncat/1.png,overlays/cat/1.jpg\ncat/2.png,overlays/cat/2.jpg\n"
                                          "cat/3.png,overlays/cat/3.jpg\n")  # 3.jpg is gone since; mine.jpg no run's
    with pytest.raises(OutputExists, match=r"5 files, e.g. results.csv") as raised:
        check_no_overwrite(tmp_path, ["overlays/dog/1.jpg"])
    assert sorted(raised.value.existing) == ["overlays/cat/1.jpg", "overlays/cat/2.jpg", "panels/cat/1.jpg",
                                             "results.csv", "results.txt"]


# --- core.explain.overlay ----------------------------------------------------------------------------

def _spot_image(h, w, row, col):
    rgb = np.zeros((h, w, 3), np.uint8)
    rgb[row - 2:row + 3, col - 2:col + 3] = 255
    return rgb


def _peak_cam(shape, row, col, sigma=1.5):
    rr, cc = np.mgrid[:shape[0], :shape[1]]
    return np.exp(-((rr - row) ** 2 + (cc - col) ** 2) / (2 * sigma ** 2)).astype(np.float32)


@pytest.mark.parametrize("mode, spot", [("stretch", (20, 90)), ("letterbox", (20, 90)), ("center_crop", (40, 70))])
@pytest.mark.parametrize("input_size", [(64, 64), (80, 48)])
def test_to_original_maps_a_hotspot_back(mode, spot, input_size):
    h, w = 60, 120
    pre = Preprocess(input_size, mode)
    rgb = _spot_image(h, w, *spot)
    seen = pre.resize(rgb).astype(int).sum(axis=2)
    landed = np.unravel_index(np.argmax(seen), seen.shape)  # where the model sees the spot
    geometry = pre.geometry(h, w)
    heat = to_original(_peak_cam(input_size, *landed), geometry)
    assert heat.shape == (h, w) and heat.dtype == np.float32
    back = np.unravel_index(np.argmax(heat), heat.shape)
    scale = max(h / input_size[0], w / input_size[1])
    assert abs(back[0] - spot[0]) <= scale + 2 and abs(back[1] - spot[1]) <= scale + 2, (landed, back)


def test_to_original_letterbox_drops_the_pads():
    pre = Preprocess((64, 64), "letterbox")
    geometry = pre.geometry(60, 120)  # content rows 16..48
    cam = np.zeros((64, 64), np.float32)
    cam[:16] = 1.0  # heat on the pad only: the original image gets none of it
    cam[60:] = 1.0
    heat = to_original(cam, geometry)
    assert heat.shape == (60, 120) and heat.max() == 0.0


def test_to_original_center_crop_leaves_unseen_parts_cold():
    pre = Preprocess((64, 64), "center_crop")
    heat = to_original(np.ones((64, 64), np.float32), pre.geometry(60, 120))  # middle 60×60 seen
    assert heat.shape == (60, 120)
    assert (heat[:, :30] == 0).all() and (heat[:, 90:] == 0).all()
    assert np.allclose(heat[:, 30:90], 1.0)


def test_colorize_is_rgb():
    top = colorize(np.ones((3, 4), np.float32))
    bottom = colorize(np.zeros((3, 4), np.float32))
    assert top.shape == (3, 4, 3) and top.dtype == np.uint8
    assert (top[..., 0] > top[..., 2]).all()  # jet's maximum is red
    assert (bottom[..., 2] > bottom[..., 0]).all()  # and its minimum blue
    assert colorize(np.full((2, 2), 1.0), "hot")[0, 0].tolist() == [255, 255, 255]
    with pytest.raises(ValueError, match="unknown colour map 'rainbow'.*jet"):
        colorize(np.zeros((2, 2)), "rainbow")


def test_blend():
    rgb = np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)
    heat = np.linspace(0, 1, 35, dtype=np.float32).reshape(5, 7)
    assert np.array_equal(blend(rgb, heat, 0.0), rgb)
    assert np.array_equal(blend(rgb, heat, 1.0), colorize(heat))
    half = blend(rgb, heat, 0.5)
    assert half.shape == (5, 7, 3) and half.dtype == np.uint8
    expected = (rgb.astype(float) + colorize(heat).astype(float)) / 2
    assert np.abs(half - expected).max() <= 1
    for alpha in (-0.1, 1.5):
        with pytest.raises(ValueError, match="opacity"):
            blend(rgb, heat, alpha)
    with pytest.raises(ValueError, match="colour map"):
        blend(rgb, heat, 0.5, "nope")


def test_encode_keeps_rgb_order():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[..., 0] = 255
    rgb[0, 0] = (0, 0, 255)
    png = encode(rgb, "png")
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")), rgb)
    jpg = encode(np.full((16, 16, 3), (255, 0, 0), np.uint8), "jpg")
    assert jpg[:2] == b"\xff\xd8"
    r, g, b = np.asarray(Image.open(io.BytesIO(jpg)).convert("RGB")).reshape(-1, 3).mean(axis=0)
    assert r > 240 and g < 15 and b < 15


# --- a whole run -------------------------------------------------------------------------------

@pytest.fixture
def labelled(tmp_path, write_image):
    root = tmp_path / "in"
    write_image(root / "cat" / "a.png", seed=1)
    (root / "cat" / "b.jpg").write_bytes(b"\x00garbage" * 50)
    write_image(root / "dog" / "c.png", seed=2)
    write_image(root / "bird" / "sub" / "d.png", seed=3)
    write_image(root / "e.png", seed=4)
    (root / "notes.txt").write_text("not an image")
    return root


def test_labelled_run_writes_csv_txt_and_overlays(labelled, tiny_loaded, tmp_path):
    out = tmp_path / "out"
    job = _job(tiny_loaded, labelled, out)
    assert job.labelled and job.total == 5 and not out.exists()  # planning writes nothing
    results = list(job)
    assert [r.relpath for r in results] == ["bird/sub/d.png", "cat/a.png", "cat/b.jpg", "dog/c.png", "e.png"]
    header, rows = _read_csv(out / "results.csv")
    assert header == LABELLED_HEADER
    assert [row["path"] for row in rows] == [r.relpath for r in results]
    by_path = {row["path"]: row for row in rows}
    bad = by_path["cat/b.jpg"]
    assert "not an image" in bad["error"] and bad["predicted"] == bad["heatmap"] == bad["probability"] == ""
    for rel, true in [("bird/sub/d.png", "bird"), ("cat/a.png", "cat"), ("dog/c.png", "dog"), ("e.png", "")]:
        row = by_path[rel]
        assert row["true_class"] == true and row["error"] == ""
        assert row["predicted"] in ("cat", "dog", "bird") and row["cam_target"] == row["predicted"]
        assert row["correct"] == ("" if not true else str(int(row["predicted"] == true)))
        assert row["heatmap"] == "overlays/" + rel[:-4] + ".jpg" and (out / row["heatmap"]).is_file()
        names = [part.split(":")[0] for part in row["top_k"].split("; ")]
        probs = [float(part.split(":")[1]) for part in row["top_k"].split("; ")]
        assert sorted(names) == ["bird", "cat", "dog"] and names[0] == row["predicted"]
        assert float(row["probability"]) == pytest.approx(probs[0], abs=1e-4)
    text = (out / "results.txt").read_text(encoding="utf-8")
    for r in results:
        assert r.relpath in text
    assert "UNREADABLE: not an image" in text
    assert "heatmaps: gradcam at layer " in text and "for the predicted class" in text
    assert "5 files: 4 classified, 1 unreadable" in text
    assert "accuracy " in text and "on 3 labelled images" in text and "precision" in text
    assert job.summary in text and not job.stopped
    assert sorted(p.relative_to(out).as_posix() for p in (out / "overlays").rglob("*.jpg")) == \
        ["overlays/bird/sub/d.jpg", "overlays/cat/a.jpg", "overlays/dog/c.jpg", "overlays/e.jpg"]


def test_unlabelled_run_has_no_truth_columns(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    write_image(root / "x" / "a.png")
    write_image(root / "b.png", seed=1)
    out = tmp_path / "out"
    job = _job(tiny_loaded, root, out, cam=None)
    list(job)
    assert not job.labelled
    header, rows = _read_csv(out / "results.csv")
    assert header == PLAIN_HEADER and [row["path"] for row in rows] == ["b.png", "x/a.png"]
    assert all(row["heatmap"] == "" and row["predicted"] for row in rows)
    text = (out / "results.txt").read_text(encoding="utf-8")
    assert "accuracy" not in text and "2 files: 2 classified, 0 unreadable" in text
    assert not (out / "overlays").exists()


def _shrunk(image: np.ndarray, like: tuple[int, ...]) -> np.ndarray:
    """A saved overlay back at the original's size: every k-th pixel of one enlarged k times (enlarged())."""
    factor = image.shape[0] // like[0]
    assert image.shape[:2] == (like[0] * factor, like[1] * factor), (image.shape, like)
    return image[factor // 2::factor, factor // 2::factor]


def test_small_images_are_saved_enlarged_by_a_whole_factor_without_smoothing():
    small = np.arange(28 * 30 * 3, dtype=np.uint8).reshape(28, 30, 3)
    big = enlarged(small)
    assert big.shape == (28 * 8, 30 * 8, 3)  # the shorter side at least 224 px
    assert np.array_equal(big[::8, ::8], small) and np.array_equal(big[7::8, 7::8], small)  # squares, nothing new
    photo = np.zeros((300, 400, 3), np.uint8)
    assert enlarged(photo) is photo  # large enough: as it is
    strip = np.zeros((2, 1000, 3), np.uint8)
    assert enlarged(strip).shape == (4, 2000, 3)  # not past 2048 px


@pytest.mark.parametrize("fmt", ["png", "jpg"])
def test_overlays_have_the_original_resolution_and_colours(tmp_path, write_image, tiny_loaded, fmt):
    """Pixel for pixel the original's, enlarged by a whole factor when small (test images are)."""
    root = tmp_path / "in"
    rr, cc = np.mgrid[:37, :81]
    smooth = np.stack([cc * 3, rr * 6, 255 - cc * 3], axis=2).astype(np.uint8)  # JPEG-friendly, no symmetry
    write_image(root / "noise.png", rgb=smooth)
    red = np.zeros((37, 81, 3), np.uint8)
    red[..., 0] = 255
    write_image(root / "red.png", rgb=red)
    tall = write_image(root / "tall.bmp", size=(90, 20), seed=6)
    out = tmp_path / "out"
    list(_job(tiny_loaded, root, out, alpha=0.0, overlay_format=fmt))
    noise = _shrunk(_read_rgb(out / "overlays" / f"noise.{fmt}"), (37, 81))
    red_overlay = _shrunk(_read_rgb(out / "overlays" / f"red.{fmt}"), (37, 81))
    tall_overlay = _shrunk(_read_rgb(out / "overlays" / f"tall.{fmt}"), (90, 20))
    original = load_rgb(root / "noise.png")
    if fmt == "png":  # alpha 0: the overlay is the picture itself
        assert np.array_equal(noise, original) and np.array_equal(red_overlay, red)
        assert np.array_equal(tall_overlay, load_rgb(tall))
    else:
        assert np.abs(noise.astype(int) - original).mean() < 3  # JPEG: lossy, but close
        assert np.abs(noise.astype(int) - original).max() < 40
        r, g, b = red_overlay.reshape(-1, 3).mean(axis=0)
        assert r > 240 and g < 15 and b < 15  # red stays red: no BGR/RGB swap


def test_overlay_is_the_heatmap_at_full_opacity(tmp_path, write_image, tiny_loaded):
    from core.inference.predict import Classifier, classify_files
    root = tmp_path / "in"
    path = write_image(root / "a.png", size=(37, 81), seed=7)
    out = tmp_path / "out"
    list(_job(tiny_loaded, root, out, alpha=1.0, overlay_format="png"))
    (r,) = classify_files(Classifier(tiny_loaded, "cpu", "gradcam"), [path], root)
    expected = enlarged(colorize(to_original(r.cam, r.geometry)))
    assert np.abs(_read_rgb(out / "overlays" / "a.png").astype(int) - expected).max() <= 1


def test_three_panel_figures_mirror_the_overlays(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    original = write_image(root / "sub" / "a.png", size=(30, 50), seed=3)
    out = tmp_path / "out"
    list(_job(tiny_loaded, root, out, overlay_format="png", panels=True))
    panel = _read_rgb(out / "panels" / "sub" / "a.png")
    overlay = _read_rgb(out / "overlays" / "sub" / "a.png")
    side = enlarged(_read_rgb(original))  # 30×50 px: each panel enlarged 8 times
    height, width = side.shape[:2]
    assert (height, width) == (240, 400) and panel.shape == (height, 3 * width + 2 * 4, 3)
    assert np.array_equal(panel[:, :width], side)
    assert np.array_equal(panel[:, -width:], overlay)
    assert (panel[:, width:width + 4] == 255).all()
    with pytest.raises(OutputExists) as raised:  # the panels are planned outputs too
        _job(tiny_loaded, root, out, overlay_format="png", panels=True)
    assert "panels/sub/a.png" in raised.value.existing
    (out / "results.csv").unlink()  # a panel no results.csv lists is the user's: never replaced nor mixed with
    (out / "results.txt").unlink()
    (out / "overlays" / "sub" / "a.png").unlink()
    with pytest.raises(OutputFolderError, match=r"panels holds 1 file that no earlier GradLens run wrote"):
        _job(tiny_loaded, root, out, overlay_format="png", panels=True, overwrite=True)


def test_same_stem_and_same_name_do_not_collide(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    write_image(root / "a" / "x.jpg", seed=1)
    write_image(root / "a" / "x.png", seed=2)
    write_image(root / "one" / "img1.jpg", seed=3)
    write_image(root / "two" / "img1.jpg", seed=4)
    out = tmp_path / "out"
    list(_job(tiny_loaded, root, out))
    _, rows = _read_csv(out / "results.csv")
    heatmaps = {row["path"]: row["heatmap"] for row in rows}
    assert heatmaps == {"a/x.jpg": "overlays/a/x.jpg.jpg", "a/x.png": "overlays/a/x.png.jpg",
                        "one/img1.jpg": "overlays/one/img1.jpg", "two/img1.jpg": "overlays/two/img1.jpg"}
    files = [out / h for h in heatmaps.values()]
    assert all(f.is_file() for f in files)
    assert len({f.read_bytes() for f in files}) == 4  # four different pictures, none replaced


def test_existing_results_are_not_overwritten(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    write_image(root / "a.png")
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.csv").write_text("precious")
    with pytest.raises(OutputExists, match="results.csv"):
        _job(tiny_loaded, root, out)
    assert (out / "results.csv").read_text() == "precious" and sorted(p.name for p in out.iterdir()) == ["results.csv"]
    job = _job(tiny_loaded, root, out, overwrite=True)
    list(job)
    assert _read_csv(out / "results.csv")[1][0]["path"] == "a.png"


def test_existing_overlay_blocks_the_run_only_when_overlays_are_made(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    write_image(root / "a.png")
    out = tmp_path / "out"
    (out / "overlays").mkdir(parents=True)
    (out / "overlays" / "a.jpg").write_bytes(b"mine")
    for overwrite in (False, True):  # a folder of the user's that bears the name: no run puts overlays among them
        with pytest.raises(OutputFolderError, match=r"overlays holds 1 file that no earlier GradLens run wrote "
                                                    r"\(e.g. a.jpg\)"):
            _job(tiny_loaded, root, out, overwrite=overwrite)
    list(_job(tiny_loaded, root, out, cam="none"))  # no overlays planned: nothing to clash with
    assert (out / "overlays" / "a.jpg").read_bytes() == b"mine" and (out / "results.csv").is_file()


def test_output_folder_inside_input_is_not_scanned(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    write_image(root / "cat" / "a.png", seed=1)
    write_image(root / "b.png", seed=2)
    out = root / "out"
    first = _job(tiny_loaded, root, out)
    list(first)
    assert (out / "overlays" / "cat" / "a.jpg").is_file()
    second = _job(tiny_loaded, root, out, overwrite=True)
    assert second.total == 2
    list(second)
    _, rows = _read_csv(out / "results.csv")
    assert [row["path"] for row in rows] == ["b.png", "cat/a.png"]


def test_stopped_run_writes_what_was_done(tmp_path, write_image, tiny_loaded):
    root = tmp_path / "in"
    for i in range(6):
        write_image(root / f"img{i}.png", seed=i)
    out = tmp_path / "out"
    job = _job(tiny_loaded, root, out, batch_size=2)
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 2

    done = list(job.run(should_stop=stop))
    assert len(done) == 4 and job.stopped
    _, rows = _read_csv(out / "results.csv")
    assert [row["path"] for row in rows] == ["img0.png", "img1.png", "img2.png", "img3.png"]
    text = (out / "results.txt").read_text(encoding="utf-8")
    assert "stopped: after 4 of 6 files" in text and "img3.png" in text and "img4.png" not in text
    assert sorted(p.name for p in (out / "overlays").iterdir()) == ["img0.jpg", "img1.jpg", "img2.jpg", "img3.jpg"]


def test_single_image_as_input(tmp_path, write_image, tiny_loaded):
    image = write_image(tmp_path / "pics" / "cat" / "photo.png", size=(37, 81))
    out = tmp_path / "out"
    job = _job(tiny_loaded, image, out)
    (result,) = list(job)
    assert job.total == 1 and not job.labelled and result.true_class is None
    header, rows = _read_csv(out / "results.csv")
    assert header == PLAIN_HEADER and len(rows) == 1
    assert rows[0]["path"] == "photo.png" and rows[0]["heatmap"] == "overlays/photo.jpg"
    assert _read_rgb(out / "overlays" / "photo.jpg").shape == (37 * 7, 81 * 7, 3)  # enlarged to 224+ px


def test_overlay_write_failure_is_recorded_not_raised(tmp_path, write_image, tiny_loaded, monkeypatch):
    root = tmp_path / "in"
    for name in ("a.png", "b.png", "c.png"):
        write_image(root / name, seed=ord(name[0]))
    real_write = core.inference.outputs.atomic_write_bytes

    def one_bad_name(path, data):  # a per-file failure (a full disk stops the run: test_predict_robustness)
        if Path(path).name == "b.jpg":
            raise OSError(errno.ENAMETOOLONG, "File name too long")
        real_write(path, data)

    monkeypatch.setattr(core.inference.outputs, "atomic_write_bytes", one_bad_name)
    out = tmp_path / "out"
    job = _job(tiny_loaded, root, out)
    assert len(list(job)) == 3
    _, rows = _read_csv(out / "results.csv")
    by_path = {row["path"]: row for row in rows}
    assert by_path["b.png"]["error"] == "overlay not written: File name too long"
    assert by_path["b.png"]["heatmap"] == "" and by_path["b.png"]["predicted"] in ("cat", "dog", "bird")
    for name in ("a.png", "c.png"):
        assert by_path[name]["error"] == "" and (out / by_path[name]["heatmap"]).is_file()
    assert not (out / "overlays" / "b.jpg").exists()
    text = (out / "results.txt").read_text(encoding="utf-8")
    assert "[overlay not written: File name too long]" in text and "3 classified, 0 unreadable" in text


def test_bad_plans_fail_before_any_work(tmp_path, write_image, tiny_loaded):
    write_image(tmp_path / "in" / "a.png")
    with pytest.raises(FileNotFoundError, match="input not found"):
        _job(tiny_loaded, tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ValueError, match="cat, dog, bird"):
        _job(tiny_loaded, tmp_path / "in", tmp_path / "out", target="horse")
    assert not (tmp_path / "out").exists()
    job = _job(tiny_loaded, tmp_path / "in", tmp_path / "out", target="dog")
    assert {r.target_class for r in job} == {"dog"}


def test_results_txt_lines_up_its_probabilities_whatever_the_class_names(tmp_path):
    from core.inference.outputs import write_results_txt
    from core.inference.predict import Prediction
    names = ["Ankle boot", "Bag"]
    predictions = [Prediction("/d/a.png", "Ankle boot/00000.png", "Ankle boot", [("Ankle boot", 0.874), ("Bag", 0.1)]),
                   Prediction("/d/b.png", "Bag/00018.png", "Bag", [("Bag", 0.939), ("Ankle boot", 0.05)])]
    write_results_txt(tmp_path / "results.txt", predictions, names, {"model": "m"})
    lines = [line for line in (tmp_path / "results.txt").read_text(encoding="utf-8").splitlines()
             if line.startswith(("Ankle boot/", "Bag/"))]
    assert len(lines) == 2 and len({re.search(r" \d\.\d{3} ", line).start() for line in lines}) == 1, lines


def test_saving_into_the_image_folder_classifies_its_images_and_never_its_own_outputs(tmp_path, write_image,
                                                                                     tiny_loaded):
    """The save folder chosen as the image folder too: the run once found no image at all ("Done: 0 images")."""
    root = tmp_path / "photos"
    for name in ("cat/a.png", "dog/b.png"):
        write_image(root / name, size=(40, 40))
    first = _job(tiny_loaded, root, root)
    assert [r.relpath for r in first] == ["cat/a.png", "dog/b.png"]
    assert (root / "overlays" / "cat" / "a.jpg").is_file() and (root / "results.csv").is_file()
    with pytest.raises(OutputExists):
        _job(tiny_loaded, root, root)  # asks before replacing, as for any earlier run
    again = _job(tiny_loaded, root, root, overwrite=True)
    assert [r.relpath for r in again] == ["cat/a.png", "dog/b.png"]  # not overlays/cat/a.jpg
    assert (root / "cat" / "a.png").is_file() and (root / "dog" / "b.png").is_file()


def test_images_inside_the_outputs_a_run_replaces_are_refused(tmp_path, write_image, tiny_loaded):
    """Classifying save/overlays/ into save/ would delete the images being classified when it replaced them."""
    save = tmp_path / "save"
    for name in ("overlays/cat/a.jpg", "panels/cat/a.jpg"):
        write_image(save / name, size=(40, 40))
    for inside in (save / "overlays", save / "overlays" / "cat", save / "panels"):
        with pytest.raises(OutputFolderError, match="an earlier run's outputs that this run would replace"):
            _job(tiny_loaded, inside, save, overwrite=True)
    assert (save / "overlays" / "cat" / "a.jpg").is_file()


def test_a_tiny_images_heatmap_is_noted_flat_in_results_csv(tmp_path, write_image, tiny_loaded):
    """The window called a 1×1 image's heatmap flat while results.csv said nothing of it."""
    root = tmp_path / "in"
    write_image(root / "dot.png", rgb=np.full((1, 1, 3), 200, np.uint8))
    write_image(root / "photo.png", size=(40, 56))
    out = tmp_path / "out"
    list(_job(tiny_loaded, root, out))
    notes = {row["path"]: row["heatmap_note"] for row in _read_csv(out / "results.csv")[1]}
    assert notes["dot.png"] == "flat" and notes["photo.png"] == ""
