"""Train an image classifier on a folder of images (one sub-folder per class).

    python train.py --data data/fashion-mnist --model resnet18 --epochs 10 --out runs/
    torchrun --nproc_per_node 2 train.py --data ...        (several processes or GPUs)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from core.data.augment import AUGMENTATIONS
from core.models.registry import ARCHITECTURES
from core.training.trainconfig import BALANCING, MONITORS, OPTIMIZERS, SCHEDULES, TrainConfig, file_in_the_way


def _size(text: str) -> tuple[int, int]:
    """"224" or "192,512" (height,width)."""
    try:
        parts = [int(p) for p in text.replace("x", ",").split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or HEIGHT,WIDTH, got {text!r}") from None
    if len(parts) == 1:
        parts *= 2
    if len(parts) != 2 or min(parts) < 16:
        raise argparse.ArgumentTypeError(f"expected sizes of at least 16 as N or HEIGHT,WIDTH, got {text!r}")
    return parts[0], parts[1]


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _ints(text: str) -> list[int]:
    try:
        return [int(part) for part in _names(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") from None


def make_parser() -> argparse.ArgumentParser:
    d = TrainConfig()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    g = p.add_argument_group("data")
    g.add_argument("--data", default=None,
                   help="ImageFolder root; train/ val/ test/ sub-folders are used when present (required, except "
                        "with --resume: a run continues on its own data; give --data there only if that folder moved)")
    g.add_argument("--out", default=d.out, help="runs are written to OUT/<timestamp>-<model>/")
    g.add_argument("--classes", type=_names, default=None, help="train on these classes only: a,b,c")
    g.add_argument("--val-ratio", type=float, default=d.val_ratio, help="validation share when there is no val/")
    g.add_argument("--test-ratio", type=float, default=d.test_ratio, help="test share when there is no test/")
    g.add_argument("--input-size", type=_size, default=d.input_size, help="N or HEIGHT,WIDTH")
    g.add_argument("--resize-mode", default=d.resize_mode, choices=["stretch", "letterbox", "center_crop"])
    g.add_argument("--augment", type=_names, default=d.augment, help=f"comma-separated from {','.join(AUGMENTATIONS)}; 'none' for none")
    g.add_argument("--balance", default=d.balance, choices=BALANCING, help="counter class imbalance")
    g.add_argument("--cache", default=d.cache, choices=["auto", "on", "off"], help="keep decoded images in memory")
    g.add_argument("--workers", type=int, default=d.workers, help="data-loading processes (-1 = choose)")
    g = p.add_argument_group("model")
    g.add_argument("--model", default=d.model, choices=list(ARCHITECTURES))
    g.add_argument("--pretrained", default=d.pretrained,
                   help="'torchvision' (cached ImageNet weights, never downloaded) or a weights file")
    g.add_argument("--cam-layer", default=d.cam_layer,
                   help="CAM target layer saved with the model, e.g. layer3 (default: the architecture's)")
    g.add_argument("--freeze-epochs", type=int, default=d.freeze_epochs, help="train only the head for N epochs first")
    g.add_argument("--backbone-lr-scale", type=float, default=d.backbone_lr_scale,
                   help="backbone LR factor after the freeze stage")
    g = p.add_argument_group("optimisation")
    g.add_argument("--epochs", type=int, default=argparse.SUPPRESS,
                   help=f"passes over the training images (default: {d.epochs}; with --resume: the run's own, "
                        "or more to extend it)")
    g.add_argument("--batch-size", type=int, default=d.batch_size)
    g.add_argument("--lr", type=float, default=d.lr)
    g.add_argument("--optimizer", default=d.optimizer, choices=OPTIMIZERS)
    g.add_argument("--momentum", type=float, default=d.momentum, help="sgd only")
    g.add_argument("--nesterov", action="store_true", help="sgd only")
    g.add_argument("--weight-decay", type=float, default=d.weight_decay)
    g.add_argument("--label-smoothing", type=float, default=d.label_smoothing)
    g.add_argument("--grad-clip", type=float, default=d.grad_clip, help="max gradient norm (0 = off)")
    g.add_argument("--schedule", default=d.schedule, choices=SCHEDULES)
    g.add_argument("--warmup-epochs", type=float, default=d.warmup_epochs, help="linear warm-up length")
    g.add_argument("--step-size", type=int, default=d.step_size, help="'step': decay every N epochs")
    g.add_argument("--milestones", type=_ints, default=d.milestones, help="'multistep': epochs to decay at")
    g.add_argument("--gamma", type=float, default=d.gamma, help="decay factor for step/multistep")
    g.add_argument("--early-stopping", type=int, default=d.early_stopping, help="patience in epochs (0 = off)")
    g.add_argument("--monitor", default=d.monitor, choices=MONITORS, help="metric for best.pt and early stopping")
    g = p.add_argument_group("run")
    g.add_argument("--device", default=d.device, help="auto, cpu, cuda or cuda:N")
    g.add_argument("--no-amp", action="store_true", help="no mixed precision on CUDA")
    g.add_argument("--seed", type=int, default=d.seed)
    g.add_argument("--tensorboard", action="store_true", help="also log to OUT/<run>/tensorboard (if installed)")
    g.add_argument("--resume", default=None, help="continue a stopped run: its folder or its last.pt")
    g.add_argument("--find-lr", action="store_true", help="run the learning-rate range test and exit")
    g.add_argument("--find-lr-steps", type=int, default=100, help="batches in the learning-rate range test")
    g.add_argument("--split-only", metavar="DST", default=None,
                   help="copy DATA into DST/train, DST/val, DST/test with the ratios and exit (never overwrites)")
    g.add_argument("--link", action="store_true", help="with --split-only: hard-link instead of copying")
    return p


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The TrainConfig the GUI must also build from the same choices."""
    augment = [] if args.augment == ["none"] else args.augment
    return TrainConfig(
        data=args.data, out=args.out, model=args.model, pretrained=args.pretrained, cam_layer=args.cam_layer, input_size=args.input_size,
        resize_mode=args.resize_mode, classes=args.classes, val_ratio=args.val_ratio, test_ratio=args.test_ratio,
        epochs=getattr(args, "epochs", TrainConfig.epochs), batch_size=args.batch_size, lr=args.lr, optimizer=args.optimizer,
        momentum=args.momentum, nesterov=args.nesterov, weight_decay=args.weight_decay,
        label_smoothing=args.label_smoothing, grad_clip=args.grad_clip, schedule=args.schedule,
        warmup_epochs=args.warmup_epochs, step_size=args.step_size, milestones=args.milestones, gamma=args.gamma,
        freeze_epochs=args.freeze_epochs, backbone_lr_scale=args.backbone_lr_scale,
        early_stopping=args.early_stopping, monitor=args.monitor, augment=augment, balance=args.balance,
        cache=args.cache, workers=args.workers, device=args.device, amp=not args.no_amp, seed=args.seed,
        tensorboard=args.tensorboard)


def main(argv=None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.resume:
        recorded = _recorded_config(parser, args.resume, args.data)
        args.data = _resumed_data(parser, args.resume, args.data, recorded)
        if not hasattr(args, "epochs"):
            args.epochs = recorded.get("epochs", TrainConfig.epochs)
    elif not args.data:
        parser.error("the following arguments are required: --data")
    if args.find_lr_steps < 1:
        parser.error(f"--find-lr-steps must be at least 1, got {args.find_lr_steps}")
    if args.split_only and file_in_the_way(args.split_only):
        parser.error(f"--split-only {args.split_only}: {file_in_the_way(args.split_only)} is a file, not a folder")
    config = config_from_args(args)
    try:
        config.validate()
    except ValueError as error:
        parser.error(str(error))
    from core.cli.train import run_cli  # imports torch: only once the arguments are known to be good
    return run_cli(config, args)


def _recorded_config(parser: argparse.ArgumentParser, resume: str, given: str | None) -> dict:
    """The config.json of the run being resumed ({} when it cannot be read but --data is given)."""
    if not os.path.exists(resume):
        parser.error(f"--resume {resume}: no such run folder or file")
    run_dir = Path(resume) if not Path(resume).is_file() else Path(resume).parent
    try:
        recorded = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
        if isinstance(recorded, dict) and recorded.get("data"):
            return recorded
    except (OSError, ValueError):
        pass
    if not given:
        parser.error(f"--resume {resume}: cannot tell the run's data folder (no readable config.json in "
                     f"{run_dir}); give it with --data")
    return {}


def _resumed_data(parser: argparse.ArgumentParser, resume: str, given: str | None, recorded_config: dict) -> str:
    """The data folder for the resumed run.

    Rule: a resumed run continues on the data it started with. --data may be left out; given, it
    must name that same folder, unless that folder no longer exists (it moved): then --data says
    where it is now.
    """
    recorded = recorded_config.get("data")
    if not recorded:
        return given
    if not given or _same_folder(given, recorded):
        return recorded
    if os.path.isdir(recorded):
        parser.error(f"--data {given} is not the data of the run being resumed ({recorded}): a resumed run "
                     "continues on its own data; leave out --data")
    return given  # the run's folder is gone: the user says where it moved


def _same_folder(a: str, b: str) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


if __name__ == "__main__":
    sys.exit(main())
