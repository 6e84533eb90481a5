"""The train/val/test splits of an ImageFolder tree, found from names only (fast, no file is opened).

`find_splits` uses train/ (val/, test/) folders when the tree has them, and otherwise draws a
seeded, stratified split from the class folders (`_split_sizes` says how many per class). Labels
follow the natural order of the class names. Checking that the files decode is `core.data.audit`.
"""
from __future__ import annotations

import logging
import os
import random
import shlex
from dataclasses import dataclass
from pathlib import Path

from natsort import natsorted, ns

from core.data.scan import is_image_name, scan_images

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")
VAL_NAMES = ("val", "valid", "validation")  # the names a validation folder may have


@dataclass
class Splits:
    class_names: list[str]  # natural order; index = label
    train: list[tuple[Path, int]]
    val: list[tuple[Path, int]]
    test: list[tuple[Path, int]]
    source: str  # "folders": root had train/ (val/, test/); "split": drawn from class folders

    def items(self) -> list[tuple[str, list[tuple[Path, int]]]]:
        return [(name, getattr(self, name)) for name in SPLITS]


def find_splits(root, val_ratio: float = 0.1, test_ratio: float = 0.1, seed: int = 0,
                classes: list[str] | None = None, exclude=frozenset()) -> Splits:
    """The splits of an ImageFolder tree (class = immediate subfolder, images found recursively).

    If ``root`` has a ``train/`` folder its splits are used as they are: ``val/`` (or ``valid/``,
    ``validation/``) and ``test/`` beside it. A missing val split is carved out of train with
    ``val_ratio``; a missing test split stays empty (val is needed to pick the best epoch, a
    test set is optional). Otherwise every class is split with the ratios (see ``_split_sizes``).
    ``classes`` keeps a subset; labels follow the natural order of the kept names. ``exclude``: paths (str)
    left out before an unsplit folder is split (files known to be unreadable), so the ratios hold for the rest.
    """
    if not (0 <= val_ratio < 1 and 0 <= test_ratio < 1 and val_ratio + test_ratio < 1):
        raise ValueError(f"val ratio {val_ratio} and test ratio {test_ratio} must be in [0, 1) and "
                         "leave images for training")
    root = Path(root)
    if not root.exists():
        raise ValueError(f"data folder not found: {root}")
    if not root.is_dir():
        raise ValueError(f"data path is not a folder: {root}")
    dirs = _subdirs(root)
    train_dir = _pick(root, dirs, ("train",))
    if train_dir is None:
        names = _select(_class_dirs(root, dirs), classes, root)
        per_class = [[path for path in paths if str(path) not in exclude] for paths in _class_images(root, names)]
        train, val, test = _stratified(names, per_class, val_ratio, test_ratio, seed)
        return Splits(names, train, val, test, "split")

    val_dir, test_dir = _pick(root, dirs, VAL_NAMES), _pick(root, dirs, ("test",))
    others = set(dirs) - {d.name for d in (train_dir, val_dir, test_dir) if d is not None}
    if others:
        log.warning("ignoring folders beside train/ in %s: %s", root, ", ".join(natsorted(others)))
    train_classes = _class_dirs(train_dir, _subdirs(train_dir))
    names = _select(train_classes, classes, train_dir)
    for folder in (val_dir, test_dir):
        stray = [c for c in _subdirs(folder) if c not in train_classes] if folder else []
        if classes is not None:
            stray = [c for c in stray if c in classes]
        if stray:
            folders, have = ("class folder", "has") if len(stray) == 1 else ("class folders", "have")
            raise ValueError(f"{folders} {', '.join(natsorted(stray))} in {folder} {have} no "
                             f"counterpart in {train_dir}: every class needs training images")
    train_images = _class_images(train_dir, names)
    if val_dir is None:
        train, val, _ = _stratified(names, train_images, val_ratio, 0.0, seed)
    else:
        train = _samples(train_images)
        val = _samples([_optional_images(val_dir / name) for name in names])
    test = _samples([_optional_images(test_dir / name) for name in names]) if test_dir else []
    return Splits(names, train, val, test, "folders")


def _split_sizes(n: int, val_ratio: float, test_ratio: float) -> tuple[int, int]:
    """(val, test) sizes for a class of n images.

    Sizes are rounded (half up). Training keeps at least one image. A class of >= 3 images gets
    at least one val and one test image when the ratio is > 0. Tiny classes: 1 image -> train
    only; 2 images -> 1 train + 1 val (or 1 test when val_ratio is 0), because val decides which
    epoch is kept and so needs every class more than test does.
    """
    if n < 2:
        return 0, 0
    if n == 2:
        return (1, 0) if val_ratio > 0 else (0, 1 if test_ratio > 0 else 0)
    n_val = max(1, int(n * val_ratio + 0.5)) if val_ratio > 0 else 0
    n_test = max(1, int(n * test_ratio + 0.5)) if test_ratio > 0 else 0
    while n_val + n_test > n - 1:
        if n_val >= n_test:
            n_val -= 1
        else:
            n_test -= 1
    return n_val, n_test


def _stratified(names, per_class, val_ratio, test_ratio, seed):
    train, val, test = [], [], []
    for label, (name, paths) in enumerate(zip(names, per_class)):
        n_val, n_test = _split_sizes(len(paths), val_ratio, test_ratio)
        # Seeded per class (random.Random hashes the string with SHA-512, stable across runs and
        # platforms): a class gets the same split whichever other classes are selected.
        order = list(range(len(paths)))
        random.Random(f"{seed}/{name}").shuffle(order)
        chosen_test, chosen_val = set(order[:n_test]), set(order[n_test:n_test + n_val])
        for i, path in enumerate(paths):  # keep natural file order inside every split
            (test if i in chosen_test else val if i in chosen_val else train).append((path, label))
    return train, val, test


def _samples(per_class) -> list[tuple[Path, int]]:
    return [(path, label) for label, paths in enumerate(per_class) for path in paths]


def _subdirs(folder: Path) -> dict[str, Path]:
    try:
        with os.scandir(folder) as it:
            return {e.name: Path(e.path) for e in it if not e.name.startswith(".") and e.is_dir()}
    except OSError as e:
        raise ValueError(f"cannot list {folder}: {e.strerror or e}") from None


def _pick(root: Path, dirs: dict[str, Path], names) -> Path | None:
    """The one subfolder named like one of ``names`` (case-insensitive), or None."""
    found = [path for name, path in dirs.items() if name.casefold() in names]
    if len(found) > 1:
        raise ValueError(f"{root} has several folders for one split: {', '.join(sorted(p.name for p in found))}")
    return found[0] if found else None


def _class_dirs(folder: Path, dirs: dict[str, Path]) -> list[str]:
    loose = _loose_images(folder)
    if not dirs:
        hint = f" ({loose} images lie directly in it)" if loose else ""
        raise ValueError(f"no class folders in {folder}{hint}: expected one subfolder per class, "
                         f"e.g. {folder / 'cat'}, {folder / 'dog'}")
    if loose:
        log.warning("%d images directly in %s belong to no class and are ignored", loose, folder)
    return natsorted(sorted(dirs), alg=ns.IGNORECASE)  # sorted first: "Cat" vs "cat" tie-break


def _loose_images(folder: Path) -> int:
    with os.scandir(folder) as it:
        return sum(1 for e in it if e.is_file() and is_image_name(e.name))


def _select(available: list[str], classes, where: Path) -> list[str]:
    names = available
    if classes is not None:
        wanted = list(dict.fromkeys(classes))
        unknown = [c for c in wanted if c not in available]
        if unknown:
            raise ValueError(f"unknown {'class' if len(unknown) == 1 else 'classes'} {', '.join(unknown)} in {where}; "
                             f"available: {', '.join(available)}")
        names = [c for c in available if c in wanted]
    if len(names) < 2:
        found = f"only one: {names[0]}" if len(names) == 1 else "none"
        raise ValueError(f"a classifier needs at least 2 classes, one sub-folder of images each; "
                         f"{where} has {found}")
    return names


def _class_images(folder: Path, names: list[str]) -> list[list[Path]]:
    """Each class's images; a class without any stops the run, saying how to go on."""
    per_class = [scan_images(folder / name) for name in names]
    empty = [name for name, paths in zip(names, per_class) if not paths]
    if empty:
        rest = [name for name in names if name not in empty]
        one = len(empty) == 1
        ways = [f"put images in {'it' if one else 'them'}", f"remove the folder{'' if one else 's'}"]
        if len(rest) >= 2:  # a classifier needs two classes: with fewer left, leaving out is no way
            ways.append(f"leave {'it' if one else 'them'} out with --classes {shlex.quote(','.join(rest))}")
        what = (f"class '{empty[0]}' has no images in {folder / empty[0]}" if one
                else f"classes {', '.join(repr(name) for name in empty)} have no images in {folder}")
        raise ValueError(f"{what}: {', '.join(ways[:-1])} or {ways[-1]}")
    return per_class


def _optional_images(folder: Path) -> list[Path]:
    return scan_images(folder) if folder.is_dir() else []
