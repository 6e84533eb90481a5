"""core.data.split_folder: copy or link an ImageFolder into train/val/test, never overwriting."""
import os

import numpy as np
import pytest
from PIL import Image

from core.data.split_folder import split_folder
from core.data.splits import find_splits


def _src(root, counts=None):
    counts = counts or {"cat": 10, "dog": 6}
    rng = np.random.default_rng(0)
    for name, n in counts.items():
        for i in range(n):
            path = root / name / ("sub" if i % 2 else "") / f"{i % 3}.png"  # same names in sub-folders
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                Image.fromarray(rng.integers(0, 256, (5, 5, 3), dtype=np.uint8)).save(path)
    return root


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


@pytest.mark.parametrize("mode", ["copy", "link", "symlink"])
def test_split_places_find_splits_choice(tmp_path, mode):
    src, dst = _src(tmp_path / "src"), tmp_path / "out"
    counts = split_folder(src, dst, 0.2, 0.2, seed=4, mode=mode)
    expected = find_splits(src, 0.2, 0.2, seed=4)
    for split, samples in expected.items():
        assert sum(counts[split].values()) == len(samples)
        for path, _label in samples:
            target = dst / split / path.relative_to(src)
            assert target.read_bytes() == path.read_bytes()
            if mode == "link":
                assert os.stat(target).st_ino == os.stat(path).st_ino
            assert target.is_symlink() == (mode == "symlink")
    assert sum(sum(c.values()) for c in counts.values()) == len(_files(src))
    again = find_splits(dst)  # the copy reads back as a folder layout with the same split
    assert again.source == "folders" and again.class_names == ["cat", "dog"]
    assert [len(s) for _, s in again.items()] == [len(s) for _, s in expected.items()]


def test_refuses_to_overwrite_and_copies_nothing(tmp_path):
    src, dst = _src(tmp_path / "src"), tmp_path / "out"
    first = find_splits(src).train[0][0]
    blocker = dst / "train" / first.relative_to(src)
    blocker.parent.mkdir(parents=True)
    blocker.write_bytes(b"mine")
    with pytest.raises(FileExistsError, match=r"1 destination file already exists: .*nothing was copied"):
        split_folder(src, dst)
    assert _files(dst) == [blocker.relative_to(dst).as_posix()] and blocker.read_bytes() == b"mine"


def test_refuses_bad_places_and_modes(tmp_path):
    src = _src(tmp_path / "src")
    for dst in (src, src / "split", src / "cat" / "x"):
        with pytest.raises(ValueError, match="inside the source"):
            split_folder(src, dst)
    inner = _src(tmp_path / "d" / "train")
    with pytest.raises(ValueError, match="inside the destination's train/"):
        split_folder(inner, tmp_path / "d")  # copies would land among the source's own files
    with pytest.raises(ValueError, match="mode"):
        split_folder(src, tmp_path / "o", mode="move")
    split_folder(src, tmp_path / "o")
    with pytest.raises(ValueError, match="already split"):
        split_folder(tmp_path / "o", tmp_path / "o2")
    assert not (tmp_path / "o2").exists() and not (src / "split").exists()


def test_unreadable_files_are_left_out_before_the_split_is_drawn(tmp_path, capsys):
    """They were copied and counted as images (147 where training counted 145), and made the split uneven."""
    import train as train_cli
    src = _src(tmp_path / "src", {"cat": 10, "dog": 10})
    (src / "cat" / "broken.png").write_bytes(b"not a picture")
    (src / "dog" / "cut short.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    readable = len(_files(src)) - 2
    assert train_cli.main(["--data", str(src), "--split-only", str(tmp_path / "out"), "--val-ratio", "0.1",
                           "--test-ratio", "0.1"]) == 0
    out = capsys.readouterr().out
    placed = _files(tmp_path / "out")
    assert len(placed) == readable and not any("broken" in p or "cut short" in p for p in placed)
    assert "2 unreadable files left out, not placed: cat/broken.png (" in out
    said = {line.split(":")[0]: int(line.split(":")[1].split()[0]) for line in out.splitlines()
            if line.startswith(("train:", "val:", "test:"))}
    assert said == {"train": 8, "val": 2, "test": 2}  # 6 readable images a class: 4 / 1 / 1 each
    assert said == {split: len([p for p in placed if p.startswith(split + "/")]) for split in said}
