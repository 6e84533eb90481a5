"""Turn Fashion-MNIST's IDX files into an ImageFolder tree, and build the GUI's demo folder.

    python data/fashion_mnist.py [--src /usr/share/datasets/fashion-mnist] --out data/fashion-mnist
                                 [--limit-per-class N] [--demo data/demo --demo-per-class 5]

--out writes OUT/train/<class>/<index>.png and OUT/test/<class>/<index>.png (28×28 grayscale;
<index> is the image's position in its IDX file, zero-padded). --demo writes DEMO/<class>/<index>.png
with the first N *test* images of each class. Existing files are never overwritten: identical
ones (same pixels) are skipped, and any that differ stop the run before anything is written.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `core` when run as data/fashion_mnist.py
from core.data.idx import read_idx  # noqa: E402
from core.plural import counted  # noqa: E402

DEFAULT_SRC = "/usr/share/datasets/fashion-mnist"
CLASS_NAMES = ("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot")  # label order of the IDX files; "T-shirt/top" lost its slash to be a folder
FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
HOW_TO_GET = ("install them with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu, into "
              f"{DEFAULT_SRC}) or download the four .gz files from "
              "https://github.com/zalandoresearch/fashion-mnist#get-the-data and pass --src DIR")


def find_file(src: Path, stem: str) -> Path | None:
    """``stem.gz``, ``stem``, or the ``train-images.idx3-ubyte`` spelling some archives use."""
    dotted = stem.replace("-idx", ".idx")
    for name in (f"{stem}.gz", stem, f"{dotted}.gz", dotted):
        if (src / name).is_file():
            return src / name
    return None


def load_split(src, split: str) -> tuple[np.ndarray, np.ndarray]:
    """(images N×28×28 uint8, labels N) of "train" or "test"."""
    src = Path(src)
    found = {stem: find_file(src, stem) for stem in FILES[split]}
    missing = [stem for stem, path in found.items() if path is None]
    if missing:
        raise FileNotFoundError(f"Fashion-MNIST files not found in {src}: {', '.join(m + '[.gz]' for m in missing)}; "
                                + HOW_TO_GET)
    images, labels = (read_idx(found[stem]) for stem in FILES[split])
    if images.ndim != 3 or images.dtype != np.uint8 or labels.shape != images.shape[:1]:
        raise ValueError(f"unexpected Fashion-MNIST {split} arrays: images {images.shape} {images.dtype}, "
                         f"labels {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= len(CLASS_NAMES)):
        raise ValueError(f"Fashion-MNIST {split} labels outside 0..{len(CLASS_NAMES) - 1}")
    return images, labels


def first_per_class(labels: np.ndarray, limit: int | None) -> list[int]:
    """Indices of the first ``limit`` images of every class, in file order (all when None)."""
    taken = [0] * len(CLASS_NAMES)
    chosen = []
    for i, label in enumerate(labels.tolist()):
        if limit is None or taken[label] < limit:
            taken[label] += 1
            chosen.append(i)
    return chosen


def plan(images, labels, indices, folder: Path) -> list[tuple[Path, np.ndarray]]:
    width = max(5, len(str(len(labels) - 1)))
    return [(folder / CLASS_NAMES[labels[i]] / f"{i:0{width}d}.png", images[i]) for i in indices]


def encode_png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _same(path: Path, pixels: np.ndarray) -> bool:
    if path.read_bytes() == encode_png(pixels):
        return True
    try:  # written by another encoder: compare what it shows, not its bytes
        with Image.open(path) as im:
            return np.array_equal(np.asarray(im.convert("L")), pixels)
    except Exception:  # noqa: BLE001 - unreadable counts as different
        return False


def write_all(items: list[tuple[Path, np.ndarray]]) -> tuple[int, int]:
    """Write every (path, pixels) as PNG; returns (written, skipped). Checks all first."""
    todo, skipped, conflicts = [], 0, []
    for path, pixels in items:
        if not path.exists():
            todo.append((path, pixels))
        elif _same(path, pixels):
            skipped += 1
        else:
            conflicts.append(path)
    if conflicts:
        differ = "differs from Fashion-MNIST:" if len(conflicts) == 1 else "differ from Fashion-MNIST, e.g."
        raise FileExistsError(f"{counted(len(conflicts), 'existing file')} {differ} {conflicts[0]}; "
                              "nothing was written (remove them or choose another folder)")
    for path, pixels in todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = encode_png(pixels)
        with open(path, "xb") as f:  # "x": a file that appeared meanwhile is not overwritten
            f.write(data)
    return len(todo), skipped


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--src", default=DEFAULT_SRC, help="folder with the four IDX files (default: %(default)s)")
    p.add_argument("--out", type=Path, help="ImageFolder tree to write (train/ and test/)")
    p.add_argument("--limit-per-class", type=int, metavar="N", help="only the first N images per class and split")
    p.add_argument("--demo", type=Path, help="demo folder to write: DEMO/<class>/<index>.png from the test set")
    p.add_argument("--demo-per-class", type=int, default=5, metavar="N")
    args = p.parse_args(argv)
    if args.out is None and args.demo is None:
        p.error("give --out, --demo or both")
    if (args.limit_per_class is not None and args.limit_per_class < 1) or args.demo_per_class < 1:
        p.error("per-class counts must be at least 1")
    try:
        items = []
        test = load_split(args.src, "test")
        if args.out is not None:
            train = load_split(args.src, "train")
            for split, (images, labels) in (("train", train), ("test", test)):
                items += plan(images, labels, first_per_class(labels, args.limit_per_class), args.out / split)
        if args.demo is not None:
            items += plan(*test, first_per_class(test[1], args.demo_per_class), args.demo)
        written, skipped = write_all(items)
    except (FileNotFoundError, FileExistsError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {written} images, skipped {skipped} identical existing ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
