"""bfloat16 against float32 training on this machine's CPU, per architecture: the figures behind
core/training/precision_choice.py, which trains the networks slower in bfloat16 in float32.

    python benchmarks/cpu_precision.py [--rounds 3] [--pairs 4] [--models resnet18,mobilenet_v3_small,...]

Bare training steps (forward, loss, backward, SGD step; channels-last where the engine uses it) on random
images, float32 and bfloat16 interleaved step by step, `--rounds` times round-robin over the architectures
so a machine shared with other work slows them alike; each round's ratio is float32's fastest step over
bfloat16's. Run it on a quiet machine: on 2 cores busy with other work, resnet18's rounds ranged from 0.3×
to 3.4×. On a CPU without bfloat16 in hardware it says so: runs there train in float32.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.device import cpu_has_bfloat16  # noqa: E402
from core.models.registry import build_model  # noqa: E402
from core.training.engine import memory_format  # noqa: E402
from core.training.precision_choice import bfloat16_pays  # noqa: E402

CASES = {  # architecture -> (input side, batch)
    "small_resnet_s": (28, 256), "small_resnet_l": (28, 256), "resnet18_small_input": (32, 128),
    "resnet18": (224, 16), "mobilenet_v3_small": (224, 16), "mobilenet_v3_large": (224, 16),
    "mobilenet_v2": (224, 16), "efficientnet_b0": (224, 16), "regnet_y_400mf": (224, 16),
    "shufflenet_v2_x1_0": (224, 16), "convnext_tiny": (224, 16), "timm/mobilenetv4_conv_small": (224, 16),
}


def speed_up(name: str, side: int, batch: int, pairs: int) -> float:
    """float32's fastest step over bfloat16's, from `pairs` interleaved steps of each after one untimed pair."""
    layout = memory_format(name)
    model = build_model(name, 10, (side, side)).train().to(memory_format=layout)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(batch, 3, side, side).contiguous(memory_format=layout), torch.randint(0, 10, (batch,))
    times = {False: [], True: []}
    for pair in range(pairs + 1):
        for bfloat16 in (False, True):
            started = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cpu", enabled=bfloat16):
                logits = model(x)
            nn.functional.cross_entropy(logits.float(), y).backward()
            optimizer.step()
            if pair:  # the first builds oneDNN's kernels
                times[bfloat16].append(time.perf_counter() - started)
    return min(times[False]) / min(times[True])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--models", default=",".join(CASES))
    args = parser.parse_args()
    if not cpu_has_bfloat16():
        print("this CPU has no bfloat16 in hardware: training runs in float32 here, nothing to compare")
        return 0
    names = [name for name in args.models.split(",") if name]
    ratios = {name: [] for name in names}
    for _ in range(args.rounds):
        for name in names:
            ratios[name].append(speed_up(name, *CASES.get(name, (224, 16)), args.pairs))
    print(f"{'architecture':28s} {'size':>5s}  bfloat16 speed / float32 (rounds)        GradLens trains it in")
    for name in names:
        rounds = " ".join(f"{ratio:4.2f}" for ratio in ratios[name])
        print(f"{name:28s} {CASES.get(name, (224, 16))[0]:5d}  {statistics.median(ratios[name]):4.2f}× ({rounds})"
              f"{'':12s}{'bfloat16' if bfloat16_pays(name) else 'float32'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
