"""The training loop's images/s with each option of the modern recipe, against the same loop without.

    python benchmarks/recipe_speed.py --data /tmp/fmnist_recipe [--model shufflenet_v2_x1_0] [--rounds 2] [--batches N]

--data is an ImageFolder tree (data/fashion_mnist.py --out DIR --limit-per-class 300 writes one).
Each variant trains one epoch through core.training.engine.train_one_epoch, as train.py does
(cached images, loading in the training process, the same model, batch and seed); the variants
take turns, `--rounds` times, so a machine shared with other work slows them alike, and each is
reported as a ratio to the plain variant's mean.
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
from core.models.pretrained import create_model  # noqa: E402
from core.training import distributed  # noqa: E402
from core.training.ema import weight_average  # noqa: E402
from core.training.engine import Step, memory_format, train_one_epoch  # noqa: E402
from core.training.mixing import batch_mix  # noqa: E402
from core.training.run_data import Data, seed_everything  # noqa: E402
from core.training.schedule import make_scheduler  # noqa: E402
from core.training.train import make_optimizer  # noqa: E402
from core.training.trainconfig import TrainConfig  # noqa: E402

VARIANTS = {  # each adds to the plain run's hflip
    "plain": {},
    "translate": {"augment": ["hflip", "translate"]},
    "trivialaugment": {"augment": ["hflip", "trivialaugment"]},
    "randaugment": {"augment": ["hflip", "randaugment"]},
    "mixup": {"mixup": 0.2},
    "cutmix": {"cutmix": 1.0},
    "ema": {"ema": 0.999},
    "all": {"augment": ["hflip", "translate", "trivialaugment"], "mixup": 0.2, "cutmix": 1.0, "ema": 0.999},
}


def images_per_s(config: TrainConfig, cluster, batches: int | None) -> float:
    seed_everything(config.seed)
    data = Data(config, cluster)
    model, _ = create_model(config.model, len(data.class_names), config.input_size, None)
    layout = memory_format(config.model)
    model.to(cluster.device, memory_format=layout).train()
    optimizer = make_optimizer(model, config)
    step = Step(model, nn.CrossEntropyLoss(label_smoothing=config.label_smoothing), optimizer,
                make_scheduler(optimizer, len(data.train_loader), config), None, cluster.device, layout, False, 0.0,
                batch_mix(config, len(data.class_names)), weight_average(model, config))
    data.start_epoch(1)
    ends = []  # when each batch's step ended; the first two (oneDNN's first-call set-up) are not timed
    epoch = train_one_epoch(step, model, data.train_loader, 1, 1, lambda: batches is not None and len(ends) >= batches)
    for _ in epoch:
        ends.append(time.perf_counter())
    if len(ends) < 4:
        raise SystemExit("too few batches to time: lower --batch-size or raise --batches")
    return (len(ends) - 2) * config.batch_size / (ends[-1] - ends[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", default="shufflenet_v2_x1_0")
    parser.add_argument("--input-size", type=int, default=48)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"some of {', '.join(VARIANTS)}")
    parser.add_argument("--batches", type=int, default=None, help="train this many batches of each epoch (default all)")
    args = parser.parse_args(argv)
    base = dict(data=args.data, model=args.model, input_size=(args.input_size,) * 2, batch_size=args.batch_size,
                augment=["hflip"], cache="on", workers=0, device="cpu", epochs=1, lr=3e-3, label_smoothing=0.1,
                schedule="onecycle", test_ratio=0.0)
    cluster = distributed.start("cpu")
    chosen = ["plain"] + [name for name in args.variants.split(",") if name in VARIANTS and name != "plain"]
    rates: dict[str, list[float]] = {name: [] for name in chosen}
    for round_ in range(args.rounds):
        for name in chosen:
            rates[name].append(images_per_s(TrainConfig(**{**base, **VARIANTS[name]}), cluster, args.batches))
            print(f"round {round_ + 1}  {name:<16} {rates[name][-1]:7.1f} img/s", flush=True)
    plain = statistics.mean(rates["plain"])
    print(f"\n{args.model} at {args.input_size} px, batch {args.batch_size}, {torch.get_num_threads()} threads")
    for name, values in rates.items():
        mean = statistics.mean(values)
        print(f"{name:<16} {mean:7.1f} img/s  {mean / plain:5.2f}×  ({', '.join(f'{v:.0f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
