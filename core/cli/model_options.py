"""The model options every command line that reads a model file shares: what the file may not say
(--arch, --input-size, --resize-mode, --mean/--std, --classes/--classes-file) and --save-model
to write the answers into a GradLens model file, so they are given once."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.models.model_settings import (
    RESIZE_MODES,
    ModelSettings,
    SettingsError,
    parse_class_names,
    parse_size,
    parse_triple,
    read_class_names_file,
)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("what a model file does not say (a file from elsewhere; GradLens files know)")
    g.add_argument("--arch", default=None, help="architecture, as train.py names it (default: recognised from the weights)")
    g.add_argument("--input-size", type=_checked(parse_size), default=None, metavar="N|H,W",
                   help="input size the model was trained at, e.g. 64 or 64,96 (default 224)")
    g.add_argument("--resize-mode", default=None, choices=RESIZE_MODES, help="how images were fitted to the input "
                   "size (default stretch)")
    g.add_argument("--mean", type=_checked(lambda t: parse_triple(t, "--mean")), default=None, metavar="R,G,B",
                   help="normalisation mean on the 0..1 scale (default ImageNet's)")
    g.add_argument("--std", type=_checked(lambda t: parse_triple(t, "--std", positive=True)), default=None,
                   metavar="R,G,B", help="normalisation std on the 0..1 scale (default ImageNet's)")
    names = g.add_mutually_exclusive_group()
    names.add_argument("--classes", type=_checked(parse_class_names), default=None, metavar="A,B,...",
                       help="class names in index order")
    names.add_argument("--classes-file", type=_checked(read_class_names_file), default=None, metavar="FILE",
                       help="class names in index order, one a line")
    g.add_argument("--save-model", default=None, metavar="FILE",
                   help="save the model with these settings as a GradLens model file (never replaces a file)")


def _checked(parse):
    def parse_option(text):
        try:
            return parse(text)
        except SettingsError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return parse_option


def settings_from_args(args) -> ModelSettings:
    return ModelSettings(arch=args.arch, input_size=args.input_size, resize_mode=args.resize_mode, mean=args.mean,
                         std=args.std, class_names=args.classes or args.classes_file)


def load_for_cli(args):
    """Load --model with the stated settings, print what was assumed, write --save-model if asked.
    Raises ModelFileError (or ValueError for --save-model) with a one-line reason."""
    from core.models.modelfile import load_model_file, save_model_file
    if args.save_model and Path(args.save_model).is_dir():
        raise ValueError(f"--save-model {args.save_model} is a folder: give the name of the file to write in it "
                         f"({Path(args.save_model) / 'NAME.pt'})")
    if args.save_model and Path(args.save_model).exists():
        raise ValueError(f"--save-model {args.save_model} already exists; GradLens never replaces a file: "
                              "choose another name")
    loaded = load_model_file(args.model, settings=settings_from_args(args), trust_pickle=args.trust_pickle)
    for note in loaded.notes:
        print(f"note: {note}", file=sys.stderr)
    # The layer the window would explain with, so predict.py's heatmaps and a --save-model file agree with it.
    from core.explain.cam_layers import default_for
    loaded.cam_layer = default_for(loaded)
    if args.save_model:
        save_model_file(args.save_model, loaded)
        print(f"saved {args.save_model}: a GradLens model file with these settings; open it without the options "
              "next time", file=sys.stderr)
    return loaded
