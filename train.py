"""Train an image classifier on a folder of images (one sub-folder per class).

    python train.py --data data/fashion-mnist --model resnet18 --epochs 10 --out runs/
    torchrun --nproc_per_node 2 train.py --data ...        (several processes or GPUs)
    python train.py --evaluate model.pt --data data/demo   (the report of an existing model on a labelled folder)
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

from core.cli.parser import Parser
from core.training.options import GROUPS
from core.training.trainconfig import SETTINGS, Setting, TrainConfig, file_in_the_way, fine_tuning_freeze_epochs


def _parser_of(setting: Setting):
    """The argparse `type` for a setting: the schema's own parsing, its message as the error."""
    def parse(text: str):
        try:
            value = {"int": int, "float": float}.get(setting.kind, str)(text)
        except ValueError:  # not Python's "invalid literal for int() with base 10"
            raise argparse.ArgumentTypeError(f"expected a {'whole ' if setting.kind == 'int' else ''}number, got "
                                             f"{text!r}") from None
        try:
            return setting.coerce(value)
        except (TypeError, ValueError) as error:
            raise argparse.ArgumentTypeError(f"{error}, got {text!r}" if setting.kind in ("int", "float") else
                                             str(error)) from None
    parse.__name__ = setting.kind  # argparse names it in "invalid int value"
    return parse


def _add(group, setting: Setting) -> None:
    """One argument, made from the field's Option: --name-with-dashes, or --no-name for an on-by-default bool."""
    opt, flag = setting.option, "--" + setting.key.replace("_", "-")
    help = (opt.cli_help or opt.help).replace("%", "%%")  # argparse formats help with %
    if setting.kind == "bool":
        if setting.default:
            group.add_argument(f"--no-{flag[2:]}", dest=setting.key, action="store_false", help=f"turn off: {help}")
        else:
            group.add_argument(flag, action="store_true", help=help)
        return
    kwargs = {"default": setting.default, "help": help}
    if setting.kind in ("text", "optional") and opt.choices:
        kwargs["choices"] = opt.choices  # as given: the architectures' also admits any timm/<name>
    else:
        kwargs["type"] = _parser_of(setting)
    if setting.key == "data":
        kwargs["default"] = None  # required, except with --resume (see main)
    if setting.key == "freeze_epochs":
        kwargs["default"] = argparse.SUPPRESS  # not given: the default follows the weights (config_from_args)
    if setting.key == "epochs":
        kwargs["default"] = argparse.SUPPRESS  # with --resume: the run's own
        help += f" (default: {setting.default}; with --resume: the run's own, or more to extend it)"
        kwargs["help"] = help
    group.add_argument(flag, **kwargs)


def make_parser() -> Parser:
    p = Parser(prog="train.py", description=__doc__.splitlines()[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    groups = {name: p.add_argument_group(name) for name in GROUPS}
    for setting in SETTINGS.values():
        if setting.option.group:  # mean and std come from a model file, not from the command line
            _add(groups[setting.option.group], setting)
    g = groups["run"]
    g.add_argument("--resume", default=None, help="continue a stopped run: its folder or its last.pt")
    g.add_argument("--find-lr", action="store_true", help="run the learning-rate range test and exit")
    g.add_argument("--find-lr-steps", type=int, default=100, help="batches in the learning-rate range test")
    g.add_argument("--split-only", metavar="DST", default=None,
                   help="copy DATA into DST/train, DST/val, DST/test with the ratios and exit (never overwrites)")
    g.add_argument("--link", action="store_true", help="with --split-only: hard-link instead of copying")
    g.add_argument("--evaluate", metavar="MODEL", default=None,
                   help="instead of training: write the evaluation report (confusion matrix, per-class scores, "
                        "ROC/PR, mistakes with heatmaps, every probability in a CSV) of this model file on the "
                        "labelled --data folder, into --out (a new folder; default: a new one under runs/); the "
                        "model's settings come from its file: a foreign file's are stated once with predict.py "
                        "--save-model")
    # The machine's way to the weights, not a property of the run: never saved in config.json.
    g.add_argument("--weights-mirror", metavar="URL", default=None,
                   help="download pretrained weights through this mirror of download.pytorch.org (replaces the "
                        "scheme and host of every weights URL; default: $GRADLENS_WEIGHTS_MIRROR)")
    return p


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The TrainConfig the GUI also builds, from the same schema."""
    values = {key: getattr(args, key) for key, s in SETTINGS.items() if s.option.group and hasattr(args, key)}
    config = TrainConfig(**values)
    if config.pretrained == "torchvision" and "freeze_epochs" not in values:  # as the form does: the head first
        config.freeze_epochs = fine_tuning_freeze_epochs(config.epochs)
    return config


def main(argv=None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.evaluate:
        _check_evaluate(parser, args, argv)
    if args.resume:
        recorded = _recorded_config(parser, args.resume, args.data)
        args.data = _resumed_data(parser, args.resume, args.data, recorded)
        if not hasattr(args, "epochs"):
            args.epochs = recorded.get("epochs", TrainConfig.epochs)
        elif args.epochs < recorded.get("epochs", 0):  # it was taken as the run's own count without a word
            parser.error(f"--epochs {args.epochs} is fewer than the run's {recorded['epochs']}: a resumed run is "
                         "extended, never shortened (give more, or leave --epochs out)")
    elif not args.data:
        parser.error("the following arguments are required: --data")
    if args.find_lr_steps < 1:
        parser.error(f"--find-lr-steps must be at least 1, got {args.find_lr_steps}")
    if args.split_only and file_in_the_way(args.split_only):
        parser.error(f"--split-only {args.split_only}: {file_in_the_way(args.split_only)} is a file, not a folder")
    config = config_from_args(args)
    # Given on the command line, a setting is the user's even at its default value: a time budget keeps it.
    args.stated = frozenset(_given_options(argv)) & frozenset(SETTINGS)
    problems = config.problems()
    if problems:
        parser.errors(problems.values())
    from core.cli.train import run_cli  # imports torch: only once the arguments are known to be good
    return run_cli(config, args)


# What --evaluate uses besides the model file. Any other option is training's and would be ignored without a word
# (--input-size 64 on a foreign file: a report made at 224 px), so it is refused.
EVALUATE_OPTIONS = ("evaluate", "data", "out", "device", "batch_size")
# Training options that state a model's settings, and predict.py's options that state them for a model file.
MODEL_SETTINGS = {"model": "--arch", "input_size": "--input-size", "resize_mode": "--resize-mode", "classes": "--classes"}


def _check_evaluate(parser: argparse.ArgumentParser, args: argparse.Namespace, argv) -> None:
    """--evaluate goes alone; its --out names the report folder itself, so whether it was given counts."""
    given = _given_options(argv)
    others = [flag for dest, flag in given.items() if dest not in EVALUATE_OPTIONS]
    settings = [_stated(dest, getattr(args, dest)) for dest in given if dest in MODEL_SETTINGS]
    if settings:
        from core.cli.evaluate import save_first
        parser.error(f"--evaluate cannot go with {', '.join(others)}: it takes the model's settings from its file; "
                     f"to state them, save them into a model file once: {save_first(args.evaluate, settings)}")
    if others:
        parser.error(f"--evaluate cannot go with {', '.join(others)}: it takes only --data, --out, --device and "
                     "--batch-size")
    if not args.data:
        parser.error("--evaluate MODEL needs --data: a labelled folder (one subfolder of images per class)")
    args.evaluate_out = args.out if "out" in given else None


def _stated(dest: str, value) -> str:
    """predict.py's option with the value given to train.py; for --classes its flag alone, as there it names the
    model's classes in index order, not the ones to train on."""
    if dest == "input_size":
        value = value[0] if value[0] == value[1] else f"{value[0]},{value[1]}"
    return MODEL_SETTINGS[dest] if dest == "classes" else f"{MODEL_SETTINGS[dest]} {shlex.quote(str(value))}"


def _given_options(argv) -> dict[str, str]:
    """{dest: its flag} for each option on the command line: parsed again with no defaults, only they are set."""
    probe = make_parser()
    for action in probe._actions:
        action.default = argparse.SUPPRESS
    flags = {action.dest: action.option_strings[0] for action in probe._actions if action.option_strings}
    return {dest: flags[dest] for dest in vars(probe.parse_args(argv))}


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
