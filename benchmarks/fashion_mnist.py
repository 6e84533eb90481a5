"""Fashion-MNIST with GradLens's training engine: test accuracy within a time budget, and loop speed.

    python benchmarks/fashion_mnist.py [--budget-min 15] [--input-size 28] [--classes A,B,C] [--model NAME]
                                       [--progressive-resize 0.6] ...

Needs the Fashion-MNIST files (Debian: apt-get install dataset-fashion-mnist); the ImageFolder
tree is written once to --data. Reports:
  1. the default recipe, which is what `train.py --budget 15min` plans (core/training/budget.py:
     architecture, epochs, batch size and optimiser from a few bare steps' measured speed, inside
     the budget), trained through `core.training.train.train`; the engine's test report on the
     official 10,000 test images (with the planned test-time augmentation), checked again through
     predict's classifier. `--classes T-shirt,Trouser,Bag --input-size 96` runs the same recipe on
     a 3-class subset at 96 px (the recipe is not tuned to the benchmark);
  2. training images/s of our loop vs a bare PyTorch loop (same model, batch, cached data and
     augmentation), one epoch each on a 6,000-image subset. Goal: >= 0.95x.
Published references (test accuracy): AutoML Vision (24 h) 93.9 %, ResNet18 94.9 %, human 83.5 %.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))
from core.data.augment import build_augment  # noqa: E402
from core.data.dataset import ImageDataset  # noqa: E402
from core.data.preprocess import Preprocess  # noqa: E402
from core.data.splits import find_splits  # noqa: E402
from core.device import mixed_precision_pays  # noqa: E402
from core.inference.predict import Classifier, classify_files  # noqa: E402
from core.models.modelfile import load_model_file  # noqa: E402
from core.models.registry import build_model  # noqa: E402
from core.training.train import train  # noqa: E402
from core.training.train_events import DatasetReady, EpochEnd, Finished, Message  # noqa: E402
from core.training.trainconfig import TrainConfig  # noqa: E402


def ensure_tree(data: Path, source: str) -> None:
    if (data / "train").is_dir() and (data / "test").is_dir():
        return
    import fashion_mnist
    code = fashion_mnist.main(["--src", source, "--out", str(data)])
    if code:
        raise SystemExit(code)


def accuracy_on(folder: Path, best: Path, classes=None) -> tuple[float, int, float]:
    loaded = load_model_file(best)
    classifier = Classifier(loaded, "auto", None)
    from core.data.scan import scan_images
    paths = [p for p in scan_images(folder) if not classes or Path(p).parent.name in classes]
    start = time.perf_counter()
    results = list(classify_files(classifier, paths, folder, batch_size=256))
    correct = sum(bool(r.correct) for r in results)
    return correct / len(results), len(results), len(results) / (time.perf_counter() - start)


def subset(data: Path, out: Path, per_class: int) -> Path:
    """A small train/val ImageFolder of symlinks, for the loop-speed comparison."""
    if out.exists():
        return out
    for split, count in (("train", per_class), ("val", per_class // 6)):
        source_split = "train" if split == "train" else "test"
        for class_dir in sorted((data / source_split).iterdir()):
            target = out / split / class_dir.name
            target.mkdir(parents=True)
            for path in sorted(class_dir.iterdir())[:count]:
                os.symlink(path.resolve(), target / path.name)
    return out


def bare_loop_rate(config: TrainConfig, folder: Path) -> float:
    """The textbook loop over the same cached dataset: forward, loss, backward, step."""
    torch.manual_seed(0)
    splits = find_splits(folder, seed=0)
    preprocess = Preprocess(config.input_size, config.resize_mode, config.mean, config.std)
    dataset = ImageDataset(splits.train, preprocess, build_augment(config.augment, config.input_size), cache=True)
    dataset.preload()
    loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=True, num_workers=0, drop_last=True)
    # Channels-last as the engine does, so the ratio measures the loop's overhead, not the layout.
    model = build_model(config.model, len(splits.class_names), config.input_size).train()
    model = model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    amp = config.amp and mixed_precision_pays(torch.device("cpu"))  # bfloat16 where the engine uses it too
    seen, start = 0, time.perf_counter()
    for x, y in loader:
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", enabled=amp):
            logits = model(x.contiguous(memory_format=torch.channels_last))
        criterion(logits.float(), y).backward()
        optimizer.step()
        seen += len(y)
    return seen / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "fashion-mnist"))
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--budget-min", type=float, default=15.0)
    parser.add_argument("--input-size", type=int, default=28)
    parser.add_argument("--classes", default=None, help="comma-separated class folders (default: all ten)")
    parser.add_argument("--model", default=None, help="keep this architecture (default: the budget's plan)")
    parser.add_argument("--epochs", type=int, default=None, help="keep this many epochs (default: the plan's)")
    parser.add_argument("--progressive-resize", type=float, default=None,
                        help="keep this start size of progressive resizing, e.g. 0.6 (default: the plan's)")
    parser.add_argument("--seed", type=int, default=0,
                        help="the run's seed (initial weights, shuffling, the validation split): another seed "
                             "shows how much of a difference between two recipes is chance")
    parser.add_argument("--out", default="/tmp/gradlens_bench_runs")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-loop", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the loop comparison")
    args = parser.parse_args()
    data = Path(args.data)
    ensure_tree(data, args.source)
    start = time.perf_counter()
    budget = args.budget_min * 60
    # The default recipe is what `train.py --budget` plans (core/training/budget.py): only the input
    # size, the budget and what is asked for here are given.
    given = {"model": args.model, "epochs": args.epochs, "progressive_resize": args.progressive_resize,
             "classes": args.classes.split(",") if args.classes else None}
    config = TrainConfig(data=str(data), out=args.out, input_size=(args.input_size,) * 2, workers=0, seed=args.seed,
                         budget=f"{args.budget_min:g}min", **{k: v for k, v in given.items() if v is not None})
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; budget {args.budget_min:g} min at "
          f"{args.input_size} px{'; classes ' + args.classes if args.classes else ''}", flush=True)
    if not args.skip_accuracy:
        stop = {"now": False}
        finished = planned = None
        predicted_end = []  # (epoch, of epochs, when the time-left estimate said the run would end)
        for event in train(config, should_stop=lambda: stop["now"]):
            if isinstance(event, Message) and event.text.startswith(("time budget", "progressive")) and ":" in event.text:
                print(f"  {event.text}", flush=True)
            if isinstance(event, DatasetReady):
                planned = TrainConfig.from_dict(json.loads((Path(event.run_dir) / "config.json").read_text()))
                print(f"  recipe: {planned.model}, batch {planned.batch_size}, {planned.optimizer} lr {planned.lr:g} "
                      f"{planned.schedule} over {planned.epochs} epochs, {'+'.join(planned.augment)}, label "
                      f"smoothing {planned.label_smoothing}, test-time augmentation {planned.tta}, progressive "
                      f"resizing from {planned.progressive_resize:.0%} of the side", flush=True)
            if isinstance(event, EpochEnd):
                elapsed = time.perf_counter() - start
                m = event.metrics
                print(f"  epoch {m['epoch']}: val acc {m['val_acc']:.4f}, {m['images_per_s']:.0f} img/s, "
                      f"{elapsed / 60:.1f} min, {event.eta_s / 60:.1f} min left by the engine's estimate", flush=True)
                predicted_end.append((m["epoch"], event.epochs, elapsed + event.eta_s))
                # A run that falls far behind its plan (a busy machine) stops before an epoch that
                # would not finish within the budget.
                stop["now"] = elapsed + m["epoch_time_s"] > budget * 1.1
            if isinstance(event, Finished):
                finished = event
        wall = time.perf_counter() - start
        test = finished.test_metrics
        print(f"test accuracy {test.get('test_accuracy', float('nan')):.4f} (engine's report, "
              f"{test.get('n_test', '?')} test images) after {wall / 60:.1f} min, budget {args.budget_min:g} min; "
              f"goal >= 0.939 on all ten classes", flush=True)
        said = [f"after epoch {epoch}/{epochs} {end / 60:.1f} min" for epoch, epochs, end in predicted_end
                if epoch in {1, 2, round(epochs / 4), round(epochs / 2), round(epochs * 3 / 4), epochs - 1}]
        print(f"time-left estimate, the run's end it predicted: {'; '.join(said)}; it ended at {wall / 60:.1f} min",
              flush=True)
        accuracy, count, rate = accuracy_on(data / "test", Path(finished.best_path), config.classes)
        print(f"check through predict's classifier: {accuracy:.4f} on {count} images; inference {rate:.0f} img/s",
              flush=True)
        config = planned or config
    if not args.skip_loop:
        # Alternate the two loops: on a shared machine the load drifts, and alternating spreads
        # the drift over both instead of charging it to whichever ran second.
        small = subset(data, Path(args.out) / "subset", 600)
        loop_config = TrainConfig(**{**config.to_dict(), "data": str(small), "epochs": 1, "test_ratio": 0.0,
                                     "input_size": config.input_size, "mean": config.mean, "std": config.std})
        ratios = []
        for round_number in range(1, args.rounds + 1):
            ours = next(e.metrics["images_per_s"] for e in train(loop_config) if isinstance(e, EpochEnd))
            bare = bare_loop_rate(config, small)
            ratios.append(ours / bare)
            print(f"training loop, round {round_number}: ours {ours:.0f} img/s, bare PyTorch {bare:.0f} img/s, "
                  f"ratio {ours / bare:.2f}x", flush=True)
        print(f"training loop: median ratio {sorted(ratios)[len(ratios) // 2]:.2f}x over {len(ratios)} rounds "
              "(goal >= 0.95x)", flush=True)

if __name__ == "__main__":
    main()
