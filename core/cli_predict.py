"""What `predict.py` does once its arguments are parsed: load, run with a progress bar, report.

Exit codes: 0 when the run finished (even if some files were unreadable: they are listed),
2 for a problem that stops the run before it starts (bad model file, missing input, outputs
that would be overwritten), 130 when interrupted with Ctrl+C (results so far are written).
"""
from __future__ import annotations

import sys

from tqdm import tqdm

from core.modelfile import ModelFileError, load_model_file
from core.outputs import OutputExists
from core.pretrained import PretrainedUnavailable
from core.predict_folder import FolderPrediction


def run_cli(args) -> int:
    classes = [c.strip() for c in args.classes.split(",")] if args.classes else None
    try:
        loaded = load_model_file(args.model, arch=args.arch, class_names=classes, trust_pickle=args.trust_pickle)
        for note in loaded.notes:
            print(f"note: {note}", file=sys.stderr)
        job = FolderPrediction(loaded, args.input, args.out, cam=args.cam, cam_layer=args.layer, target=args.target,
                               topk=args.topk, batch_size=args.batch_size, device=args.device,
                               overwrite=args.overwrite, overlay_format=args.format, alpha=args.alpha,
                               colormap=args.colormap, panels=args.panels)
    except (ModelFileError, OutputExists, PretrainedUnavailable, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if job.total == 0:
        print(f"error: no images found in {args.input}", file=sys.stderr)
        return 2
    status = 0
    try:
        for _ in tqdm(job.run(), total=job.total, unit="img", desc="classifying", file=sys.stderr):
            pass
    except KeyboardInterrupt:
        status = 130
    print(job.summary)
    print(f"results: {job.out_dir / 'results.csv'}, {job.out_dir / 'results.txt'}"
          + (f", overlays in {job.out_dir / 'overlays'}" if job.overlays else ""))
    return status
