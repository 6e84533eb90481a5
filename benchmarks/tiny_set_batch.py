"""A time budget on a tiny dataset: test accuracy by the batch's steps an epoch.

    python benchmarks/tiny_set_batch.py [--per-class 90] [--budget 90s] [--batches 0,243,60,30,15] [--seeds 0,1,2]
                                        [--work runs/tiny_set_batch]

Trains `train.py --budget` on the first --per-class training images of three close Fashion-MNIST
classes (T-shirt, Pullover, Shirt: 243 training and 27 validation images at 90) and tests each run
on 1,000 official test images per class (their test/ folder), once per batch and seed, in turn, so
that a machine's drift falls on every batch alike. Batch 0 is what the budget plans (no --batch-size).
Prints each run's test accuracy, its epochs and whether the budget cut it short (a busy machine:
such a run says little about the batch). The budget's rule (core/training/budget.py, MIN_STEPS)
came from these runs: one batch of 243 images, one step an epoch, 53-64 %; 4-16 steps, 74-75 %.

Needs the Fashion-MNIST files (Debian: apt-get install dataset-fashion-mnist).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("T-shirt", "Pullover", "Shirt")


def make_dataset(work: Path, per_class: int) -> Path:
    """work/tiny/train: the first `per_class` training images of each class; work/tiny/test: 1,000 test images each."""
    full, tiny = work / "fashion-mnist", work / "tiny"
    if not (full / "train").is_dir():
        subprocess.run([sys.executable, str(ROOT / "data" / "fashion_mnist.py"), "--out", str(full),
                        "--limit-per-class", "1000"], check=True)
    shutil.rmtree(tiny, ignore_errors=True)
    for name in CLASSES:
        (tiny / "train" / name).mkdir(parents=True)
        for path in sorted((full / "train" / name).iterdir())[:per_class]:
            shutil.copy(path, tiny / "train" / name / path.name)
        shutil.copytree(full / "test" / name, tiny / "test" / name)
    return tiny


def run(data: Path, out: Path, budget: str, batch: int, seed: int) -> tuple[float | None, int, bool, str]:
    """(test accuracy, epochs trained, whether the budget cut the run short, the plan's line)."""
    command = [sys.executable, str(ROOT / "train.py"), "--data", str(data), "--budget", budget, "--seed", str(seed),
               "--out", str(out)] + (["--batch-size", str(batch)] if batch else [])
    text = subprocess.run(command, capture_output=True, text=True, cwd=ROOT).stdout
    accuracy = re.search(r"test accuracy ([\d.]+)", text)
    epochs = len(re.findall(r"^epoch \d+/", text, re.MULTILINE))
    plan = next((line for line in text.splitlines()
                 if line.startswith("time budget") and re.search(r"epochs? of", line)), "")
    cut = "the time budget ended the run" in text
    return (float(accuracy.group(1)) if accuracy else None), epochs, cut, plan


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--per-class", type=int, default=90)
    p.add_argument("--budget", default="90s")
    p.add_argument("--batches", default="0,243,60,30,15", help="0: what the budget plans")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--work", type=Path, default=ROOT / "runs" / "tiny_set_batch")
    args = p.parse_args()
    data = make_dataset(args.work, args.per_class)
    batches = [int(b) for b in args.batches.split(",")]
    results: dict[int, list[str]] = {batch: [] for batch in batches}
    for seed in (int(s) for s in args.seeds.split(",")):
        for batch in batches:
            accuracy, epochs, cut, plan = run(data, args.work / f"b{batch}_s{seed}", args.budget, batch, seed)
            shown = "failed" if accuracy is None else f"{accuracy:.1%}"
            results[batch].append(f"{shown} ({epochs} epochs{', cut short' if cut else ''})")
            print(f"batch {batch or 'planned'}, seed {seed}: {shown}, {epochs} epochs{', cut short' if cut else ''}"
                  + (f"\n  {plan}" if batch == 0 else ""), flush=True)
    print(f"\n{args.per_class * 3} images of {', '.join(CLASSES)}, budget {args.budget}, tested on 3,000 images:")
    for batch, shown in results.items():
        print(f"  batch {batch or 'planned'}: {'; '.join(shown)}")


if __name__ == "__main__":
    main()
