"""core.data.scan: recursive natural-order image listing, and true labels from folder names."""
import os
import sys
from pathlib import Path

import pytest

from core.data.scan import IMAGE_EXTENSIONS, is_image_name, is_labelled, scan_images, true_class


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")  # scan looks at names only, so contents do not matter


def _rel(root: Path, paths) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_extensions_are_lower_case_with_dot():
    assert {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif"} <= IMAGE_EXTENSIONS
    assert all(e.startswith(".") and e == e.lower() for e in IMAGE_EXTENSIONS)


@pytest.mark.parametrize("name, ok", [("a.jpg", True), ("B.JPG", True), ("c.Jpeg", True),
                                      ("d.WebP", True), ("x/y/e.tiff", True),
                                      ("notes.txt", False), ("jpg", False), (".hidden.jpg", False),
                                      ("Thumbs.db", False), (".DS_Store", False),
                                      ("desktop.ini", False), ("archive.jpg.zip", False)])
def test_is_image_name(name, ok):
    assert is_image_name(name) is ok
    assert is_image_name(Path(name)) is ok


def test_natural_sort_of_files_and_folders(tmp_path):
    _touch(tmp_path, "img10.jpg", "img2.jpg", "img1.png", "10/a.jpg", "2/a.jpg", "2/img10.jpg",
           "2/img9.jpg", "B.jpg", "a.jpg")
    got = _rel(tmp_path, scan_images(tmp_path))
    assert got.index("img2.jpg") < got.index("img10.jpg")
    assert got.index("2/img9.jpg") < got.index("2/img10.jpg")
    assert got.index("2/a.jpg") < got.index("10/a.jpg")
    assert got.index("a.jpg") < got.index("B.jpg")  # case does not split the order
    assert sorted(got) == sorted(["img10.jpg", "img2.jpg", "img1.png", "10/a.jpg", "2/a.jpg",
                                  "2/img10.jpg", "2/img9.jpg", "B.jpg", "a.jpg"])


def test_recursion_and_filters(tmp_path):
    _touch(tmp_path, "a.jpg", "deep/er/still/b.PNG", "c.TIFF", "notes.txt", "model.pt",
           ".hidden.jpg", ".cache/x.jpg", "sub/.git/y.png", "sub/Thumbs.db", "sub/.DS_Store",
           "sub/desktop.ini", "sub/d.webp")
    assert _rel(tmp_path, scan_images(tmp_path)) == ["a.jpg", "c.TIFF", "deep/er/still/b.PNG",
                                                     "sub/d.webp"]


def test_paths_are_joined_onto_the_given_root(tmp_path, monkeypatch):
    _touch(tmp_path, "data/x/1.jpg")
    monkeypatch.chdir(tmp_path)
    assert scan_images("data") == [Path("data/x/1.jpg")]
    assert scan_images(tmp_path / "data") == [tmp_path / "data" / "x" / "1.jpg"]


def test_empty_folder(tmp_path):
    assert scan_images(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loop_terminates_and_lists_each_image_once(tmp_path):
    _touch(tmp_path, "a/1.jpg", "a/b/2.jpg")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "loop")  # a/b/loop -> a
    os.symlink(tmp_path, tmp_path / "a" / "up")  # a/up -> root
    got = _rel(tmp_path, scan_images(tmp_path))
    assert got == ["a/1.jpg", "a/b/2.jpg"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlinked_folder_outside_root_is_followed(tmp_path):
    _touch(tmp_path, "elsewhere/e.jpg", "root/r.jpg")
    os.symlink(tmp_path / "elsewhere", tmp_path / "root" / "link")
    assert _rel(tmp_path / "root", scan_images(tmp_path / "root")) == ["link/e.jpg", "r.jpg"]


def test_exclude_skips_subtree(tmp_path):
    _touch(tmp_path, "in/a.jpg", "in/out/heat/a.jpg", "in/out/b.jpg", "in/c/d.jpg")
    got = scan_images(tmp_path / "in", exclude=[tmp_path / "in" / "out", tmp_path / "missing"])
    assert _rel(tmp_path / "in", got) == ["a.jpg", "c/d.jpg"]
    assert scan_images(tmp_path / "in", exclude=[str(tmp_path / "in")]) == []


def test_unreadable_folder_is_skipped_with_warning(tmp_path, monkeypatch, caplog):
    _touch(tmp_path, "ok/a.jpg", "locked/b.jpg")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    with caplog.at_level("WARNING", logger="core.data.scan"):
        got = scan_images(tmp_path)
    assert _rel(tmp_path, got) == ["ok/a.jpg"]
    assert "locked" in caplog.text


def test_single_file_root(tmp_path):
    _touch(tmp_path, "one.jpg")
    assert scan_images(tmp_path / "one.jpg") == [tmp_path / "one.jpg"]
    assert scan_images(str(tmp_path / "one.jpg")) == [tmp_path / "one.jpg"]


def test_missing_root_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        scan_images(tmp_path / "nowhere")


CLASSES = ["cat", "dog"]


@pytest.mark.parametrize("rel, expected", [
    ("cat/x.jpg", "cat"),
    ("dog/deeper/x.jpg", "dog"),
    ("cat/dogfood.jpg", "cat"),  # the file name mentions another class: ignored
    ("mycat/x.jpg", None),  # a folder merely containing a class name is no label
    ("dogs/x.jpg", None),
    ("other/cat/x.jpg", None),  # only the immediate subfolder of root counts
    ("cat.jpg", None),  # directly in root
    ("cat", None),  # directly in root, even when named exactly like a class
    (".", None),  # root itself
    ("CAT/x.jpg", "cat"),  # unique case-insensitive match, spelled as the class is
])
def test_true_class(tmp_path, rel, expected):
    assert true_class(tmp_path, tmp_path / rel, CLASSES) == expected
    assert true_class(str(tmp_path), str(tmp_path / rel), tuple(CLASSES)) == expected


def test_true_class_exact_match_wins_and_ambiguous_case_is_none(tmp_path):
    assert true_class(tmp_path, tmp_path / "Cat" / "x.jpg", ["cat", "Cat"]) == "Cat"
    assert true_class(tmp_path, tmp_path / "CAT" / "x.jpg", ["cat", "Cat"]) is None


def test_true_class_outside_root_and_relative_paths(tmp_path, monkeypatch):
    assert true_class(tmp_path / "a", tmp_path / "b" / "cat" / "x.jpg", CLASSES) is None
    monkeypatch.chdir(tmp_path)
    assert true_class("data", tmp_path / "data" / "dog" / "x.jpg", CLASSES) == "dog"
    assert true_class(tmp_path / "data", Path("data/dog/x.jpg"), CLASSES) == "dog"


def test_is_labelled(tmp_path):
    _touch(tmp_path, "flat/a.jpg", "lab/cat/a.jpg", "lab/misc/b.jpg", "mixed/Dog/a.jpg",
           "trap/mycat/a.jpg", "trap/cat.jpg", "hidden/.cat/a.jpg")
    assert is_labelled(tmp_path / "lab", CLASSES)
    assert is_labelled(str(tmp_path / "mixed"), CLASSES)
    assert not is_labelled(tmp_path / "flat", CLASSES)
    assert not is_labelled(tmp_path / "trap", CLASSES)
    assert not is_labelled(tmp_path / "hidden", [".cat"])
    assert not is_labelled(tmp_path / "lab", [])
    assert not is_labelled(tmp_path / "flat" / "a.jpg", CLASSES)
    assert not is_labelled(tmp_path / "missing", CLASSES)


def test_scan_does_not_decode(tmp_path):
    # Names decide; a corrupt file is listed so that decoding can report it.
    (tmp_path / "broken.jpg").write_bytes(b"")
    assert scan_images(tmp_path) == [tmp_path / "broken.jpg"]
