"""Training speed of the architectures for small images, at 28 px on this machine's CPU threads.

    python benchmarks/small_input_speed.py [--steps 100] [--rounds 2] [--threads 2] [--size 28]

A bare loop (SGD with momentum, batch 128, random pixels: the speed does not depend on them;
channels-last, as core/training/engine.py trains convolutional nets) over
each architecture in turn, `--rounds` times round-robin, so a machine shared with other work slows
them alike: compare the ratios within one run, and the best round of each. For scale it also times
resnet18 (whose stem shrinks 28 px to 7×7) and the 6-convolution network of the airbench CIFAR-10
work (widths 64/256/256, GELU, max-pools) that reached 93.5 % on Fashion-MNIST in 14 min on 2 cores.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.models.model_settings import SMALL_INPUT_NAMES  # noqa: E402
from core.models.registry import build_model  # noqa: E402


def airbench_reference(classes: int) -> nn.Module:
    def group(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(cout), nn.GELU(),
                nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.GELU()]
    return nn.Sequential(nn.Conv2d(3, 24, 2), nn.GELU(), *group(24, 64), *group(64, 256), *group(256, 256),
                         nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(256, classes))


def images_per_s(model: nn.Module, steps: int, batch: torch.Tensor, labels: torch.Tensor) -> float:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()
    for step in range(steps + 2):  # two warm-up steps: oneDNN picks its kernels on the first
        if step == 2:
            start = time.perf_counter()
        loss = nn.functional.cross_entropy(model(batch), labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return steps * len(batch) / (time.perf_counter() - start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--models", default=",".join(("airbench", "resnet18") + SMALL_INPUT_NAMES))
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batch = torch.randn(args.batch_size, 3, args.size, args.size)
    labels = torch.randint(0, 10, (args.batch_size,))
    names = args.models.split(",")
    models = {name: (airbench_reference(10) if name == "airbench" else build_model(name, 10)
                     ).to(memory_format=torch.channels_last) for name in names}
    batch = batch.contiguous(memory_format=torch.channels_last)
    best = dict.fromkeys(names, 0.0)
    for round_ in range(1, args.rounds + 1):
        for name, model in models.items():
            speed = images_per_s(model, args.steps, batch, labels)
            best[name] = max(best[name], speed)
            print(f"round {round_}  {name:22s} {speed:7.1f} img/s", flush=True)
    reference = best.get("airbench") or next(iter(best.values()))
    print(f"\nbest of {args.rounds} rounds, {args.steps} steps of {args.batch_size} at {args.size} px, "
          f"{args.threads} threads:")
    for name, speed in best.items():
        params = sum(p.numel() for p in models[name].parameters()) / 1e6
        print(f"{name:22s} {params:6.2f} M parameters  {speed:7.1f} img/s  {speed / reference:5.2f}× airbench")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
