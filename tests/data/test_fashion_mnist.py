"""data/fashion_mnist.py and core.data.idx: IDX parsing, the ImageFolder tree, the demo folder."""
import gzip
import importlib.util
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.data.idx import read_idx

SCRIPT = Path(__file__).resolve().parents[2] / "data" / "fashion_mnist.py"
_CODES = {np.dtype("u1"): 0x08, np.dtype("i1"): 0x09, np.dtype(">i2"): 0x0B, np.dtype(">i4"): 0x0C,
          np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}


@pytest.fixture(scope="module")
def fm():
    spec = importlib.util.spec_from_file_location("fashion_mnist_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _idx_bytes(array: np.ndarray) -> bytes:
    """IDX written by hand: magic (0, 0, type, ndim), big-endian dims, big-endian values."""
    big = array.astype(array.dtype.newbyteorder(">"))
    header = bytes([0, 0, _CODES[big.dtype], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + big.tobytes()


def _write_idx(path: Path, array, gz=True) -> Path:
    data = _idx_bytes(np.asarray(array))
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def test_read_idx_plain_and_gzip(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    plain = _write_idx(tmp_path / "a-idx3-ubyte", images, gz=False)
    assert plain.read_bytes()[:8] == bytes([0, 0, 8, 3, 0, 0, 0, 2])  # the format, spelled out
    for path in (plain, _write_idx(tmp_path / "b.gz", images), _write_idx(tmp_path / "c", images)):
        got = read_idx(path)
        assert got.dtype == np.uint8 and got.shape == (2, 3, 4) and np.array_equal(got, images)
    wide = np.array([[1, -2], [300, -40000]], dtype=">i4")
    got = read_idx(_write_idx(tmp_path / "i.gz", wide))
    assert got.dtype == np.dtype("=i4") and got.tolist() == [[1, -2], [300, -40000]]
    floats = np.array([0.5, -1.25], dtype=">f4")
    assert read_idx(_write_idx(tmp_path / "f", floats)).tolist() == [0.5, -1.25]


def test_read_idx_rejects_bad_files(tmp_path):
    (tmp_path / "text").write_bytes(b"hello world")
    with pytest.raises(ValueError, match="not an IDX file"):
        read_idx(tmp_path / "text")
    data = _idx_bytes(np.zeros((3, 2, 2), np.uint8))
    (tmp_path / "short").write_bytes(data[:-1])
    with pytest.raises(ValueError, match="expected 12 data bytes"):
        read_idx(tmp_path / "short")


def _fake_src(root: Path, n_train=30, n_test=20, gz=True) -> tuple[Path, dict]:
    rng = np.random.default_rng(0)
    root.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for split, stem, n in (("train", "train", n_train), ("test", "t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = (np.arange(n) % 3 * 3).astype(np.uint8)  # classes 0, 3, 6: T-shirt, Dress, Shirt
        suffix = ".gz" if gz else ""
        _write_idx(root / f"{stem}-images-idx3-ubyte{suffix}", images, gz)
        _write_idx(root / f"{stem}-labels-idx1-ubyte{suffix}", labels, gz)
        arrays[split] = (images, labels)
    return root, arrays


def _pngs(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))


@pytest.mark.parametrize("gz", [True, False])
def test_script_writes_the_tree(tmp_path, fm, capsys, gz):
    src, arrays = _fake_src(tmp_path / "src", gz=gz)
    out = tmp_path / "out"
    assert fm.main(["--src", str(src), "--out", str(out)]) == 0
    files = _pngs(out)
    assert len(files) == 50
    assert {f.split("/")[1] for f in files} == {"T-shirt", "Dress", "Shirt"}
    for split, (images, labels) in arrays.items():
        for i in (0, 4, len(labels) - 1):
            path = out / split / fm.CLASS_NAMES[labels[i]] / f"{i:05d}.png"
            with Image.open(path) as im:
                assert im.mode == "L" and im.size == (28, 28)
                assert np.array_equal(np.asarray(im), images[i])
    assert "wrote 50 images" in capsys.readouterr().out
    assert fm.main(["--src", str(src), "--out", str(out)]) == 0  # identical files: skipped
    assert "skipped 50" in capsys.readouterr().out


def test_script_limit_and_demo(tmp_path, fm):
    src, arrays = _fake_src(tmp_path / "src")
    assert fm.main(["--src", str(src), "--out", str(tmp_path / "out"), "--limit-per-class", "2",
                    "--demo", str(tmp_path / "demo"), "--demo-per-class", "3"]) == 0
    assert len(_pngs(tmp_path / "out" / "train")) == 6 and len(_pngs(tmp_path / "out" / "test")) == 6
    # the demo holds the first 3 *test* images of each class
    assert _pngs(tmp_path / "demo") == sorted(
        f"{fm.CLASS_NAMES[label]}/{i:05d}.png" for i, label in enumerate(arrays["test"][1]) if i < 9)


def test_script_never_overwrites_a_different_file(tmp_path, fm, capsys):
    src, arrays = _fake_src(tmp_path / "src")
    out = tmp_path / "out"
    assert fm.main(["--src", str(src), "--out", str(out)]) == 0
    victim = out / "train" / "Dress" / "00001.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(victim)
    mine = victim.read_bytes()
    gone = out / "test" / "Shirt" / "00002.png"
    gone.unlink()
    capsys.readouterr()
    assert fm.main(["--src", str(src), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "1 existing file differs from Fashion-MNIST: " in err and "00001.png" in err
    assert victim.read_bytes() == mine and not gone.exists()  # nothing written at all


def test_script_explains_missing_files(tmp_path, fm, capsys):
    (tmp_path / "empty").mkdir()
    assert fm.main(["--src", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "apt-get install dataset-fashion-mnist" in err and "t10k-images-idx3-ubyte" in err
    assert not (tmp_path / "out").exists()
