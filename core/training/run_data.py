"""The data of one training run: splits checked, datasets built (cached in memory when they fit), loaders.

`Data` finds the splits, audits every file once (`core.data.audit`), builds the three
`ImageDataset`s with the model's preprocessing and the training augmentation, and the loaders.
`start_epoch` re-seeds every random draw of loading from (seed, epoch), which is what makes a
resumed run repeat the uninterrupted one batch for batch. `core.training.lr_finder` uses the same
data as training through this class.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch.utils.data import DataLoader, DistributedSampler, RandomSampler, Subset

from core.data.audit import require_readable, summarize
from core.data.augment import build_augment
from core.data.batch_augment import BatchAugment, batch_capable
from core.data.dataset import ImageDataset, should_cache
from core.data.preprocess import Preprocess
from core.data.sampling import SeededSampler, balanced_sampler
from core.data.splits import VAL_NAMES, find_splits
from core.training.batchnorm_statistics import images_to_recompute
from core.training.trainconfig import TrainConfig


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def no_validation_reason(data: str, val_ratio: float) -> str:
    """Why a run has no validation images, in words that fit the case: a ratio of 0.5 over classes of one image
    each was told to "set a validation ratio above 0"."""
    val_folder = next((Path(data) / name for name in VAL_NAMES if (Path(data) / name).is_dir()), None)
    if val_folder is not None:
        return f"no validation images: {val_folder} holds none; add images to its class folders"
    if val_ratio <= 0:
        return "no validation images: set a validation ratio above 0, or add a val/ folder"
    return ("no validation images: every class has a single image, which stays for training; validation takes "
            "one from each class of 2 images or more")


class Data:
    """Splits, datasets and loaders for one run."""

    def __init__(self, config: TrainConfig, cluster, progress: Callable[[str], None] | None = None,
                 should_stop: Callable[[], bool] | None = None):
        """`should_stop()`: asked while every file is read and decoded (minutes on a big folder); when it says yes,
        StoppedEarly (core/stopped_early.py) is raised."""
        self.config = config
        splits = find_splits(config.data, config.val_ratio, config.test_ratio, config.seed, config.classes)
        self.preprocess = Preprocess(config.input_size, config.resize_mode, config.mean, config.std)
        total = len(splits.train) + len(splits.val) + len(splits.test)
        cache = config.cache == "on" or (config.cache == "auto" and should_cache(total, config.input_size))
        # The summary decodes every image to check it; when caching, it keeps them (resized), so
        # the cache is filled without decoding the dataset a second time.
        decoded: dict[str, np.ndarray] = {}

        def keep(path, rgb):
            decoded[str(path)] = self.preprocess.resize(rgb)
        self.summary, splits = summarize(splits, keep=keep if cache else None, should_stop=should_stop)
        require_readable(self.summary, splits, config.data)
        if not splits.val:
            raise ValueError(no_validation_reason(config.data, config.val_ratio))
        self.splits = splits
        self.class_names = splits.class_names
        # Flips and shifts alone run on the whole batch in the training step (core/data/batch_augment.py);
        # any other augmentation keeps the list per sample, in the loader.
        on_batch = batch_capable(config.augment)
        self.batch_augment = BatchAugment(config.augment, config.translate) if on_batch else None
        augment = None if on_batch else build_augment(config.augment, config.input_size, translate=config.translate)
        self.train_set = ImageDataset(splits.train, self.preprocess, augment, cache=cache)
        self.val_set = ImageDataset(splits.val, self.preprocess, None, cache=cache)
        self.test_set = ImageDataset(splits.test, self.preprocess, None, cache=cache)
        if cache:
            for name, dataset in (("train", self.train_set), ("val", self.val_set), ("test", self.test_set)):
                if progress:
                    progress(f"caching {len(dataset)} {name} images in memory")
                dataset.preload(decoded=decoded)
        # Decoded images are served from memory faster than worker processes can pickle them.
        workers = config.workers if config.workers >= 0 else (0 if cache else min(4, torch.get_num_threads()))
        pin = cluster.device.type == "cuda"
        # Every random draw of loading is re-seeded from (seed, epoch) in start_epoch: the order by
        # the shuffle generator, each sample's augmentation by the seed SeededSampler sends with its
        # index (workers' own RNGs are not used), the loader's own draw by its generator.
        self.generator = torch.Generator()
        self.shuffle_generator = torch.Generator()
        if cluster.active:
            sampler = DistributedSampler(self.train_set, cluster.world, cluster.rank, shuffle=True, seed=config.seed)
        elif config.balance == "sampler":
            sampler = balanced_sampler(self.train_set.labels, len(self.class_names), config.seed)
            sampler.generator = self.shuffle_generator
        else:
            sampler = RandomSampler(self.train_set, generator=self.shuffle_generator)
        self.sampler = sampler
        self.seeded_sampler = SeededSampler(sampler, salt=cluster.rank)
        common = {"batch_size": config.batch_size, "num_workers": workers, "pin_memory": pin,
                  "persistent_workers": workers > 0}
        self.train_loader = DataLoader(self.train_set, sampler=self.seeded_sampler, generator=self.generator,
                                       drop_last=len(self.train_set) > config.batch_size, **common)
        # Under torchrun each process validates every N-th image (no padding: DistributedSampler's
        # repeated images would count twice) and engine.gather_evaluation puts the split back together.
        # Fewer images than processes: each validates all of them, and the first one's result counts.
        sharded = cluster.active and len(self.val_set) >= cluster.world
        self.val_share = list(range(cluster.rank, len(self.val_set), cluster.world)) if sharded else None
        self.val_loader = DataLoader(Subset(self.val_set, self.val_share) if sharded else self.val_set,
                                     shuffle=False, **common)
        self.whole_val_loader = DataLoader(self.val_set, shuffle=False, **common) if sharded else self.val_loader
        self.test_loader = DataLoader(self.test_set, shuffle=False, **common) if len(self.test_set) else None
        # A short epoch's batch-norm statistics are recomputed before validation (core/training/
        # batchnorm_statistics.py) from one fixed draw of training images, unaugmented, sharing the cache.
        recomputed = images_to_recompute(len(self.train_set), config.batch_size)
        self.statistics_loader = None
        if recomputed:
            plain = ImageDataset(splits.train, self.preprocess, None, cache=cache)
            plain.images = self.train_set.images
            chosen = torch.randperm(len(plain), generator=torch.Generator().manual_seed(config.seed))[:recomputed]
            self.statistics_loader = DataLoader(Subset(plain, chosen.tolist()), shuffle=False, **common)

    def start_epoch(self, epoch: int) -> None:
        """Shuffling and augmentation depend only on (seed, epoch), so a resumed run repeats them
        whatever the loader's workers and cache."""
        epoch_seed = self.config.seed * 1000 + epoch
        seed_everything(epoch_seed)
        self.generator.manual_seed(epoch_seed)
        self.shuffle_generator.manual_seed(epoch_seed)
        self.seeded_sampler.set_epoch_seed(epoch_seed)
        if isinstance(self.sampler, DistributedSampler):
            self.sampler.set_epoch(epoch)
