"""What flips and shifts cost per image: in the loader image by image, or on the whole batch.

    python benchmarks/augment_cost.py [--size 28] [--images 20000] [--batch 256] [--rounds 3]

Serves a cached dataset (random pixels; the cost does not depend on them) through the training
DataLoader in the main process, as a cached run does: once with no augmentation, once with
"hflip,translate" per sample (core/data/augment.py), and once plain plus the same augmentation on
each batch (core/data/batch_augment.py). Prints µs per image for each, best of --rounds, and the
augmentation's own cost (minus the plain loader) in each path. For scale, small_resnet_s trains at
28 px in ~1.3 ms an image on 2 CPU cores (benchmarks/small_input_speed.py).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.data.augment import build_augment  # noqa: E402
from core.data.batch_augment import BatchAugment  # noqa: E402
from core.data.dataset import ImageDataset  # noqa: E402
from core.data.preprocess import Preprocess  # noqa: E402

NAMES = ["hflip", "translate"]


def per_image_us(dataset: ImageDataset, batch: int, on_batch=None) -> float:
    start = time.perf_counter()
    for x, _ in DataLoader(dataset, batch_size=batch, shuffle=True, num_workers=0):
        if on_batch is not None:
            on_batch(x)
    return (time.perf_counter() - start) / len(dataset) * 1e6


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--images", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    size = (args.size, args.size)
    preprocess = Preprocess(size, "stretch", (0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
    samples = [(f"image{i}.png", i % 10) for i in range(args.images)]
    pixels = np.random.default_rng(0).integers(0, 256, (args.images, *size, 3), dtype=np.uint8)

    def cached(augment):
        dataset = ImageDataset(samples, preprocess, augment, cache=True)
        dataset.images = pixels  # as preload() leaves it
        return dataset
    plain, per_sample = cached(None), cached(build_augment(NAMES, size))
    batch_augment = BatchAugment(NAMES, 0.125)
    cases = {"plain loader": (plain, None), "per image (loader)": (per_sample, None),
             "on the batch": (plain, batch_augment)}
    best = dict.fromkeys(cases, float("inf"))
    for round_number in range(1, args.rounds + 1):  # round-robin: a shared machine's drift hits all alike
        for name, (dataset, on_batch) in cases.items():
            best[name] = min(best[name], per_image_us(dataset, args.batch, on_batch))
        print(f"round {round_number}: " + ", ".join(f"{name} {best[name]:.1f}" for name in cases), flush=True)
    base = best["plain loader"]
    print(f"\n{args.images} images of {args.size}×{args.size}, batch {args.batch}, {torch.get_num_threads()} threads, "
          f"best of {args.rounds} (µs per image):")
    for name in cases:
        extra = "" if name == "plain loader" else f"   augmentation itself {best[name] - base:6.1f}"
        print(f"  {name:20s} {best[name]:6.1f}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
