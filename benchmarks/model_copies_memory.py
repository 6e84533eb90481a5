"""Memory the window's per-thread model copies take: a plain deepcopy each (before) against copies that
read the loaded model's weights (core/models/shared_weights.py, now).

    python benchmarks/model_copies_memory.py [--models resnet18,convnext_tiny,vit_b_16] [--copies 3]

The window runs a loaded model on the folder run's thread and keeps a copy for the heatmap viewer, the
picture preview and Compare Methods. Each case runs in a fresh process: the resident memory after building
the model, then after `--copies` copies and a forward pass through each (what the threads do first).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _resident_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def _one(name: str, copies: int, how: str) -> dict:
    import copy

    import torch

    sys.path.insert(0, str(ROOT))
    from core.models.registry import build_model
    from core.models.shared_weights import copy_sharing_weights

    torch.set_num_threads(1)
    side = 224
    model = build_model(name, 10, (side, side)).eval()
    images = torch.randn(1, 3, side, side)
    with torch.no_grad():
        model(images)
    before = _resident_mib()
    kept = []
    for _ in range(copies):
        kept.append((copy.deepcopy(model) if how == "deepcopy" else copy_sharing_weights(model)).eval())
        with torch.no_grad():
            kept[-1](images)
    weights = sum(t.numel() * t.element_size() for t in model.state_dict().values()) / 2**20
    return {"weights_mib": weights, "added_mib": _resident_mib() - before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="resnet18,convnext_tiny,vit_b_16")
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("MODEL", "HOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one[0], args.copies, args.one[1])))
        return
    print(f"{'model':<16}{'weights MiB':>12}{'deepcopy ×' + str(args.copies):>16}{'shared ×' + str(args.copies):>14}")
    for name in args.models.split(","):
        figures = {}
        for how in ("deepcopy", "shared"):
            out = subprocess.run([sys.executable, __file__, "--copies", str(args.copies), "--one", name, how],
                                 capture_output=True, text=True, check=True).stdout
            figures[how] = json.loads(out.strip().splitlines()[-1])
        print(f"{name:<16}{figures['shared']['weights_mib']:>12.0f}{figures['deepcopy']['added_mib']:>13.0f} MiB"
              f"{figures['shared']['added_mib']:>11.0f} MiB")


if __name__ == "__main__":
    main()
