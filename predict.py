"""Classify a folder or an image and explain each prediction with a CAM overlay.

    python predict.py --model weights/demo_fashion_mnist.pt --input data/demo --out out/demo
    python predict.py --model theirs.pth --input-size 64 --classes-file names.txt --save-model mine.pt
"""
from __future__ import annotations

import argparse
import logging
import sys

from core.cli.model_options import add_model_options
from core.cli.parser import Parser
from core.explain.cam_settings import CAM_METHOD_NAMES, COLORMAP_NAMES
from core.models.model_settings import TTA_MODES


def parse_args(argv=None) -> argparse.Namespace:
    # Written out: argparse's own line showed [--input INPUT] [--out OUT], optional, though a run needs both;
    # only a conversion (--save-model alone) goes without them, which argparse cannot say.
    usage = ("%(prog)s --model FILE --input DIR_OR_FILE --out DIR [options]\n"
             "       %(prog)s --model FILE [settings the file lacks] --save-model FILE")
    parser = Parser(prog="predict.py", usage=usage, description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, metavar="FILE", help="model file (GradLens, or a foreign state dict)")
    parser.add_argument("--input", metavar="DIR_OR_FILE", help="an image folder (searched recursively) or one image "
                                                               "(required, except with --save-model alone)")
    parser.add_argument("--out", metavar="DIR", help="folder for results.csv, results.txt and overlays/ (required, "
                                                     "except with --save-model alone)")
    parser.add_argument("--cam", default="gradcam", choices=[*CAM_METHOD_NAMES, "none"], help="CAM method (default gradcam)")
    parser.add_argument("--target", default=None, help="explain this class (name or index) instead of the prediction")
    parser.add_argument("--layer", default=None, help="CAM target layer, e.g. layer3 (default: the model's)")
    parser.add_argument("--eigen-smooth", action="store_true",
                        help="heatmaps from the main component of the weighted activations (less noise)")
    parser.add_argument("--aug-smooth", action="store_true",
                        help="heatmaps averaged over mirrored and brighter/darker copies (steadier, 6× slower)")
    parser.add_argument("--cam-score", action="store_true",
                        help="score each heatmap's faithfulness (what removing what it highlights does to the "
                             "prediction) into results.csv, summarised in results.txt; 15 forward passes an image, where "
                             "the heatmap takes about one")
    parser.add_argument("--sanity-check", action="store_true",
                        help="instead of classifying: test whether the --cam method's maps at --layer depend on the "
                             "learned weights (cascading weight randomisation, head first) on --sample images of "
                             "--input; prints a table and a verdict and writes sanity_check.csv into --out")
    parser.add_argument("--sample", type=int, default=16,
                        help="images for --sanity-check, evenly spread over --input (default 16)")
    parser.add_argument("--topk", type=int, default=5, help="how many top classes to report (default 5)")
    parser.add_argument("--batch-size", type=int, default=16, help="images per batch (default 16)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    parser.add_argument("--alpha", type=float, default=0.5, help="heatmap opacity in overlays, 0..1 (default 0.5)")
    parser.add_argument("--colormap", default="jet", choices=COLORMAP_NAMES, help="heatmap colours (default jet)")
    parser.add_argument("--format", default="jpg", choices=["jpg", "png"], help="overlay file format (default jpg)")
    parser.add_argument("--panels", action="store_true",
                        help="also write three-panel figures (original | heatmap | overlay) under panels/")
    parser.add_argument("--tta", default=None, choices=TTA_MODES,
                        help="test-time augmentation: average the probabilities over the image and its mirror image "
                             "(flip), and four shifted copies (flip_shift); heatmaps stay on the plain image "
                             "(default: what the model was tested with in training, else off)")
    parser.add_argument("--overwrite", action="store_true", help="replace results from an earlier run in --out")
    parser.add_argument("--trust-pickle", action="store_true",
                        help="allow a whole pickled model file (runs code from the file: only for files you trust)")
    add_model_options(parser)
    args = parser.parse_args(argv)
    missing = [option for option, value in (("--input", args.input), ("--out", args.out)) if value is None]
    if len(missing) == 2 and not args.save_model:
        parser.error("the following arguments are required: --input, --out (or only --save-model FILE to convert)")
    if len(missing) == 1:  # only what is missing: the other one was given
        parser.error(f"the following arguments are required: {missing[0]}")
    for flag in ("topk", "batch_size", "sample"):
        if getattr(args, flag) < 1:
            parser.error(f"--{flag.replace('_', '-')} must be at least 1, got {getattr(args, flag)}")
    if args.sanity_check and args.cam == "none":
        parser.error("--sanity-check tests a heatmap method: give --cam METHOD, not none")
    if not 0.0 <= args.alpha <= 1.0:
        parser.error("--alpha must be between 0 and 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    from core.cli.predict import run_cli  # imports torch: only after the arguments are known to be good
    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
