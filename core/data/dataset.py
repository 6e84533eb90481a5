"""The torch dataset of training: (normalised tensor, label) per sample, through the model's Preprocess.

`ImageDataset` decodes with `core.data.decode.load_rgb`, optionally caches the resized images in
one shared array (`preload`; `should_cache` says whether they fit), and applies the augmentation
with a per-sample seed when indexed through a `core.data.sampling.SeededSampler`. The splits it
serves come from `core.data.splits` and `core.data.audit`.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from core.data.decode import ImageReadError, load_rgb
from core.data.preprocess import Preprocess
from core.data.reading import map_in_threads, reading_threads

log = logging.getLogger(__name__)


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

    def __getitems__(self, keys) -> list[tuple[torch.Tensor, int]]:
        """A whole batch, as the DataLoader asks for it. From the cache with nothing to augment per
        image (validation, testing, and training whose flips and shifts run on the batch) it is
        converted and normalised in one operation instead of image by image: 78 µs an image became
        ~10 at 28 px, 6 % of a small network's training step (benchmarks/augment_cost.py)."""
        if self.cache and self.images is None:
            self.preload()
        if self.images is None or self.augment is not None:
            return [self[key] for key in keys]
        indices = [key[0] if isinstance(key, tuple) else key for key in keys]
        batch = self.preprocess.normalize_batch(self.images[indices])
        return [(image, self.samples[i][1]) for image, i in zip(batch, indices)]


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


def estimate_cache_bytes(n: int, input_size: tuple[int, int]) -> int:
    """Memory that ``preload`` needs for n images (uint8 RGB at input size)."""
    return int(n) * int(input_size[0]) * int(input_size[1]) * 3


def should_cache(n: int, input_size: tuple[int, int], budget_bytes: int = 4 * 2**30) -> bool:
    """True when n images at input size fit in the memory budget."""
    return estimate_cache_bytes(n, input_size) <= budget_bytes
