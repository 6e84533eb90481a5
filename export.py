"""Export a model for use outside GradLens: ONNX (onnxruntime) or TorchScript, checked against PyTorch.

    python export.py --model weights/demo_fashion_mnist.pt --format onnx --out demo.onnx
    python export.py --model theirs.pth --input-size 64 --classes-file names.txt --format torchscript --out theirs.ts.pt
"""
from __future__ import annotations

import argparse
import logging
import sys

from core.cli.model_options import add_model_options
from core.cli.parser import Parser
from core.models.export_metadata import FORMATS, format_for


def parse_args(argv=None) -> argparse.Namespace:
    parser = Parser(prog="export.py", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model file (GradLens, or a foreign state dict)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="onnx or torchscript (default: from --out's extension, .onnx or .pt)")
    parser.add_argument("--out", required=True, help="the file to write (never replaces one without --overwrite)")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    parser.add_argument("--check-images", default=None, metavar="DIR",
                        help="images to check the export on (up to 8, spread over the folder; default: the bundled "
                             "data/demo images, or random inputs where there are none)")
    parser.add_argument("--trust-pickle", action="store_true",
                        help="allow a whole pickled model file (runs code from the file: only for files you trust)")
    add_model_options(parser)
    args = parser.parse_args(argv)
    args.format = args.format or format_for(args.out)
    if args.format is None:
        parser.error("say --format onnx or --format torchscript (or name --out *.onnx or *.pt)")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    from core.cli.export import run_cli  # imports torch: only after the arguments are known to be good
    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
