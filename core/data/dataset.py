"""Training data: find the train/val/test splits of an ImageFolder tree, check them, serve them.

``find_splits`` reads names only (fast); ``summarize`` reads every file once to count, hash and
decode it, and hands back the splits without the files that do not decode; ``ImageDataset`` feeds
them to a DataLoader through the model's own ``Preprocess``, optionally from memory.
"""
from __future__ import annotations

import hashlib
import logging
import os
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from natsort import natsorted, ns
from torch.utils.data import Dataset, Sampler, WeightedRandomSampler

from core.data.decode import ImageReadError, load_rgb
from core.data.preprocess import Preprocess
from core.data.scan import is_image_name, scan_images

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")
_VAL_NAMES = ("val", "valid", "validation")
IMBALANCE_RATIO = 3.0  # largest / smallest train class above this -> warning
TINY_CLASS = 10  # fewer train images than this -> warning
SMALL_FILE_BYTES = 64 * 1024  # median file size below which one reading thread is fastest


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
                classes: list[str] | None = None) -> Splits:
    """The splits of an ImageFolder tree (class = immediate subfolder, images found recursively).

    If ``root`` has a ``train/`` folder its splits are used as they are: ``val/`` (or ``valid/``,
    ``validation/``) and ``test/`` beside it. A missing val split is carved out of train with
    ``val_ratio``; a missing test split stays empty (val is needed to pick the best epoch, a
    test set is optional). Otherwise every class is split with the ratios (see ``_split_sizes``).
    ``classes`` keeps a subset; labels follow the natural order of the kept names.
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
        per_class = [_images(root / name, name) for name in names]
        train, val, test = _stratified(names, per_class, val_ratio, test_ratio, seed)
        return Splits(names, train, val, test, "split")

    val_dir, test_dir = _pick(root, dirs, _VAL_NAMES), _pick(root, dirs, ("test",))
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
            raise ValueError(f"class folder(s) {', '.join(natsorted(stray))} in {folder} have no "
                             f"counterpart in {train_dir}: every class needs training images")
    train_images = [_images(train_dir / name, name) for name in names]
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
            raise ValueError(f"unknown class(es) {', '.join(unknown)} in {where}; "
                             f"available: {', '.join(available)}")
        names = [c for c in available if c in wanted]
    if len(names) < 2:
        found = f"only one: {names[0]}" if len(names) == 1 else "none"
        raise ValueError(f"a classifier needs at least 2 classes, one sub-folder of images each; "
                         f"{where} has {found}")
    return names


def _images(folder: Path, name: str) -> list[Path]:
    paths = scan_images(folder)
    if not paths:
        raise ValueError(f"class '{name}' has no images in {folder}")
    return paths


def _optional_images(folder: Path) -> list[Path]:
    return scan_images(folder) if folder.is_dir() else []


@dataclass
class DatasetSummary:
    class_names: list[str]
    counts: dict[str, dict[str, int]]  # split -> class -> images (after unreadable ones are removed)
    unreadable: list[tuple[str, str]]  # (path, reason)
    duplicates: list[list[str]]  # identical files spread over more than one split (leakage)
    duplicates_within: int  # extra copies of a file inside one split
    warnings: list[str]

    def text(self) -> str:
        width = max([len("class"), len("total")] + [len(c) for c in self.class_names])
        lines = [f"{'class':<{width}}" + "".join(f"{s:>9}" for s in SPLITS) + f"{'total':>9}"]
        for name in self.class_names + ["total"]:
            row = [sum(self.counts[s].values()) if name == "total" else self.counts[s].get(name, 0)
                   for s in SPLITS]
            lines.append(f"{name:<{width}}" + "".join(f"{n:>9}" for n in row) + f"{sum(row):>9}")
        lines.append("")
        lines.append(f"unreadable files left out: {len(self.unreadable)}; identical files across splits: "
                     f"{len(self.duplicates)} groups; extra copies within a split: {self.duplicates_within}")
        lines += [f"  {path}: {reason}" for path, reason in self.unreadable[:10]]
        if len(self.unreadable) > 10:
            lines.append(f"  ... and {len(self.unreadable) - 10} more")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {"class_names": list(self.class_names),
                "counts": {s: dict(c) for s, c in self.counts.items()},
                "unreadable": [list(u) for u in self.unreadable],
                "duplicates": [list(g) for g in self.duplicates],
                "duplicates_within": self.duplicates_within, "warnings": list(self.warnings)}


def summarize(splits: Splits, check_images: bool = True, workers: int | None = None,
              progress=None, keep=None) -> tuple[DatasetSummary, Splits]:
    """Count, hash (SHA-1 of the bytes) and, with ``check_images``, decode every file once.

    Returns the summary and the splits without the files that could not be read or decoded.
    ``progress(done, total)`` is called from this thread, about 200 times per run at most.
    ``keep(path, rgb)``, when given, receives every decoded image (on the reading threads), so a
    caller that caches the images does not decode them a second time. ``workers``: reading
    threads, by default ``reading_threads`` of the files.
    """
    jobs = [(split, path) for split, samples in splits.items() for path, _ in samples]

    def inspect(path):
        try:
            digest = _sha1(path)
        except OSError as e:
            return None, f"cannot read file: {e.strerror or e}"
        if check_images:
            try:
                rgb = load_rgb(path)
            except ImageReadError as e:
                return None, str(e)
            if keep is not None:
                keep(path, rgb)
        return digest, None

    results = []
    step = max(1, len(jobs) // 200)
    paths = [p for _, p in jobs]
    threads = reading_threads(paths) if workers is None else workers
    for done, result in enumerate(map_in_threads(inspect, paths, threads), 1):
        results.append(result)
        if progress is not None and (done % step == 0 or done == len(jobs)):
            progress(done, len(jobs))

    unreadable = [(str(path), reason) for (_, path), (_, reason) in zip(jobs, results) if reason]
    bad = {path for path, _ in unreadable}
    cleaned = Splits(list(splits.class_names), *([s for s in samples if str(s[0]) not in bad]
                                                 for _, samples in splits.items()), splits.source)
    groups: dict[str, list[tuple[str, str]]] = {}
    for (split, path), (digest, _) in zip(jobs, results):
        if digest is not None:
            groups.setdefault(digest, []).append((split, str(path)))
    duplicates, within = [], 0
    for members in groups.values():
        split_names = [s for s, _ in members]
        within += len(split_names) - len(set(split_names))
        if len(set(split_names)) > 1:
            duplicates.append([p for _, p in sorted(members, key=lambda m: SPLITS.index(m[0]))])
    counts = {split: {name: 0 for name in cleaned.class_names} for split in SPLITS}
    for split, samples in cleaned.items():
        for _, label in samples:
            counts[split][cleaned.class_names[label]] += 1
    summary = DatasetSummary(list(cleaned.class_names), counts, unreadable, duplicates, within, [])
    summary.warnings = _warnings(summary)
    for warning in summary.warnings:
        log.warning("%s", warning)
    return summary, cleaned


def reading_threads(paths, most: int = 4) -> int:
    """How many threads are worth reading and decoding these files with.

    Decoders release the GIL, so large images decode in parallel. For small files the time goes
    to PIL's Python code, where threads only contend for the GIL: Fashion-MNIST's 28×28 PNGs took
    5.2 s per 20,000 on one thread and 9.2 s on four (2 cores). Judged by the median size of a
    sample of the files.
    """
    sizes = []
    for path in paths[::max(1, len(paths) // 32)]:
        try:
            sizes.append(os.path.getsize(path))
        except OSError:
            pass
    if not sizes or sorted(sizes)[len(sizes) // 2] < SMALL_FILE_BYTES:
        return 1
    return max(1, min(most, os.cpu_count() or 1))


def map_in_threads(function, items, threads: int, chunk: int = 64):
    """``map(function, items)`` in order, on ``threads`` threads; chunked, because a future per
    item costs about as much as reading a small image."""
    if threads <= 1:
        yield from map(function, items)
        return
    chunks = [items[start:start + chunk] for start in range(0, len(items), chunk)]
    with ThreadPoolExecutor(threads) as pool:
        for results in pool.map(lambda part: [function(item) for item in part], chunks):
            yield from results


def _sha1(path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _warnings(summary: DatasetSummary) -> list[str]:
    warnings = []
    train = summary.counts["train"]
    present = {name: n for name, n in train.items() if n > 0}
    empty = [name for name, n in train.items() if n == 0]
    if empty:
        warnings.append(f"no readable training images for: {', '.join(empty)}")
    if present:
        big, small = max(present, key=present.get), min(present, key=present.get)
        if present[big] > IMBALANCE_RATIO * present[small]:
            warnings.append(f"imbalanced classes: '{big}' has {present[big]} training images, '{small}' "
                            f"{present[small]} ({present[big] / present[small]:.1f}×); consider a balanced "
                            "sampler or class weights")
    tiny = [f"{name} ({n})" for name, n in present.items() if n < TINY_CLASS]
    if tiny:
        warnings.append(f"classes with fewer than {TINY_CLASS} training images: {', '.join(tiny)}")
    if summary.duplicates:
        example = " = ".join(summary.duplicates[0][:2])
        warnings.append(f"{len(summary.duplicates)} group(s) of identical files appear in more than one "
                        f"split, so evaluation sees training images (e.g. {example})")
    if summary.unreadable:
        warnings.append(f"{len(summary.unreadable)} unreadable file(s) left out")
    for split in ("val", "test"):
        if not any(summary.counts[split].values()):
            warnings.append(f"the {split} split is empty")
    return warnings


def require_readable(summary: DatasetSummary, splits: Splits, root, shown: int = 3) -> None:
    """Raise ValueError when unreadable files leave no image to train or to validate on.

    The message says that the images could not be read and gives the first reasons (not "no
    validation images", which sends a user looking for a missing val/ folder). ``splits`` are the
    cleaned ones ``summarize`` returns.
    """
    if not summary.unreadable or (splits.train and splits.val):
        return
    readable = len(splits.train) + len(splits.val) + len(splits.test)
    what = ("no image" if not readable else "no training image" if not splits.train else
            "no validation image")
    first = natsorted(summary.unreadable, alg=ns.PATH)[:shown]
    reasons = "; ".join(f"{_relative(path, root)}: {reason}" for path, reason in first)
    more = f"; and {len(summary.unreadable) - shown} more" if len(summary.unreadable) > shown else ""
    raise ValueError(f"{what} in {root} could be read ({len(summary.unreadable)} unreadable file(s)): "
                     f"{reasons}{more}")


def _relative(path, root) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


class ImageDataset(Dataset):
    """(normalised float32 CxHxW tensor, label) for each sample, through the model's Preprocess.

    Pipeline: ``load_rgb -> preprocess.resize -> augment -> preprocess.normalize``. With
    ``cache=True`` the resized uint8 images are decoded once (``preload``) into one contiguous
    N×H×W×3 array: forked DataLoader workers then share its pages instead of copying a Python
    object per image, and small-image datasets train at memory speed. Call ``preload`` before
    the DataLoader starts workers, or every worker would decode the whole set for itself.
    """

    def __init__(self, samples, preprocess: Preprocess, augment=None, cache: bool = False):
        self.samples = [(Path(path), int(label)) for path, label in samples]
        self.preprocess, self.augment, self.cache = preprocess, augment, cache
        self.images: np.ndarray | None = None
        self.failed: dict[str, str] = {}  # path -> reason, for files that did not decode here

    def __len__(self) -> int:
        return len(self.samples)

    @property
    def labels(self) -> list[int]:
        return [label for _, label in self.samples]

    def preload(self, workers: int | None = None, progress=None, decoded: dict | None = None) -> None:
        """Decode and resize every image once into ``self.images``; ``progress(done, total)``.

        ``decoded`` maps a path (str) to its image already resized (as summarize's ``keep`` can
        collect them); those are taken from it (and removed, to free them) instead of decoded again.
        """
        h, w = self.preprocess.input_size
        n = len(self.samples)
        log.info("caching %d images at %d×%d (%.1f MB)", n, h, w, estimate_cache_bytes(n, (h, w)) / 2**20)
        images = np.zeros((n, h, w, 3), dtype=np.uint8)
        decoded = {} if decoded is None else decoded
        missing = []
        for i, (path, _) in enumerate(self.samples):
            ready = decoded.pop(str(path), None)
            if ready is not None and ready.shape == images.shape[1:]:
                images[i] = ready
            else:
                missing.append(i)
        if progress is not None and n - len(missing):
            progress(n - len(missing), n)

        def fill(i):
            images[i] = self._load(i)

        threads = reading_threads([self.samples[i][0] for i in missing]) if workers is None else workers
        step = max(1, len(missing) // 200)
        for done, _ in enumerate(map_in_threads(fill, missing, threads), n - len(missing) + 1):
            if progress is not None and (done % step == 0 or done == n):
                progress(done, n)
        self.images = images

    def _load(self, i: int) -> np.ndarray:
        path = self.samples[i][0]
        try:
            return self.preprocess.resize(load_rgb(path))
        except ImageReadError as e:
            # The file decoded during the summary but not now (deleted, replaced, disk gone).
            # Raising would end hours of training over one image, and dropping the sample would
            # change the dataset's length under the sampler, so it is served black, with a
            # warning once per file; `failed` lets the caller report it.
            if str(path) not in self.failed:
                log.warning("serving a black image for %s: %s", path, e)
            self.failed[str(path)] = str(e)
            return np.zeros((*self.preprocess.input_size, 3), dtype=np.uint8)

    def __getitem__(self, key) -> tuple[torch.Tensor, int]:
        """``key``: an index, or (index, seed) from a ``SeededSampler``: the seed then alone decides
        the sample's augmentation, in whichever process it is loaded."""
        i, seed = key if isinstance(key, tuple) else (key, None)
        if self.cache and self.images is None:
            self.preload()
        if self.images is not None:
            rgb = self.images[i]
            if self.augment is not None:
                rgb = rgb.copy()  # an augmentation must never alter the cache
        else:
            rgb = self._load(i)
        if self.augment is not None:
            if seed is None:
                rgb = self.augment(rgb)
            else:
                rgb = _seeded(self.augment, rgb, seed)
        return self.preprocess.normalize(rgb), self.samples[i][1]


def _seeded(augment, rgb: np.ndarray, seed: int) -> np.ndarray:
    """Augment drawing from torch's CPU RNG seeded with `seed`, then give the caller its RNG back
    (in the main process it also drives dropout; only the CPU generator, never CUDA's)."""
    generator = torch.default_generator
    state = generator.get_state()
    generator.manual_seed(seed)
    try:
        return augment(rgb)
    finally:
        generator.set_state(state)


class SeededSampler(Sampler):
    """Wraps an index sampler to yield (index, seed): the seed is drawn from (epoch seed, salt,
    position in the epoch), so the augmentation of every sample depends on nothing else.

    DataLoader workers otherwise draw augmentations from their own RNGs, seeded once when the
    (persistent) workers start and then carried on from epoch to epoch: a resumed run starts its
    workers afresh and every tensor differed from the uninterrupted run. With the seed travelling
    with the index, an epoch's batches are the same with 0 or N workers, cached or not, resumed
    or not. ``salt`` tells apart processes under torchrun (their positions repeat).
    """

    def __init__(self, sampler, salt: int = 0):
        self.sampler, self.salt, self.epoch_seed = sampler, int(salt), 0

    def set_epoch_seed(self, seed: int) -> None:
        self.epoch_seed = int(seed)

    def __len__(self) -> int:
        return len(self.sampler)

    def __iter__(self):
        for position, index in enumerate(self.sampler):
            yield int(index), _mix(self.epoch_seed, self.salt, position)


def _mix(*values: int) -> int:
    """A well-spread 63-bit seed from integers (splitmix64 steps), the same on every platform and
    Python version (hash() of a tuple changed between versions)."""
    mask = 2**64 - 1
    x = 0
    for value in values:
        x = ((x ^ (value & mask)) + 0x9E3779B97F4A7C15) & mask
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
        x ^= x >> 31
    return x >> 1


def estimate_cache_bytes(n: int, input_size: tuple[int, int]) -> int:
    """Memory that ``preload`` needs for n images (uint8 RGB at input size)."""
    return int(n) * int(input_size[0]) * int(input_size[1]) * 3


def should_cache(n: int, input_size: tuple[int, int], budget_bytes: int = 4 * 2**30) -> bool:
    """True when n images at input size fit in the memory budget."""
    return estimate_cache_bytes(n, input_size) <= budget_bytes


def _class_counts(labels, num_classes: int) -> torch.Tensor:
    labels = torch.as_tensor(list(labels), dtype=torch.long)
    if labels.numel() == 0:
        raise ValueError("no labels")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in 0..{num_classes - 1}")
    return torch.bincount(labels, minlength=num_classes).double()


def class_weights(labels, num_classes: int) -> torch.Tensor:
    """Inverse class frequency, scaled so the classes present average 1 (float32). A class with
    no samples gets 1: it is never a target, so its weight never counts."""
    counts = _class_counts(labels, num_classes)
    present = counts > 0
    weights = torch.ones(num_classes, dtype=torch.float64)
    weights[present] = 1.0 / counts[present]
    weights[present] *= present.sum() / weights[present].sum()
    return weights.float()


def balanced_sampler(labels, num_classes: int, seed: int) -> WeightedRandomSampler:
    """Draws len(labels) samples per epoch, every class equally likely (with replacement)."""
    counts = _class_counts(labels, num_classes)
    weights = 1.0 / counts[torch.as_tensor(list(labels), dtype=torch.long)]
    generator = torch.Generator().manual_seed(int(seed))
    return WeightedRandomSampler(weights, len(weights), replacement=True, generator=generator)
