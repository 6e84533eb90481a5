"""What `predict.py` does once its arguments are parsed: load, run with a progress bar, report.

Exit codes: 0 when the run finished (even if some files were unreadable: they are listed),
1 when no file could be classified (every one unreadable: results.csv still says why) or the
outputs could not be written (a full disk, a file open in another program), 2 for a
problem that stops the run before it starts (bad model file, missing input, outputs that would be
overwritten, --out naming a file), 128 + the signal when stopped by one: 130 for Ctrl+C, 143 for
SIGTERM, 129 for SIGHUP (results so far are written; with --overwrite the earlier results stay).
Every failure is one line on stderr, never a traceback.

Under `torchrun --nproc_per_node N predict.py ...` each process classifies every N-th file and the
first writes the one results.csv/.txt and says what the run did (core/inference/predict_shards.py);
the others stay quiet. A problem before the start is said once, by the first process.
"""
from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import sys
from pathlib import Path

from tqdm.contrib.logging import logging_redirect_tqdm

from core.cli.model_options import load_for_cli, settings_from_args
from core.cli.progress import progress_bar
from core.inference.onnx_model import NO_CAM, is_onnx_file, load_onnx_model
from core.inference.outputs import OutputExists, OutputWriteError
from core.inference.predict_folder import FolderPrediction
from core.interrupts import Interrupted, deferred, pending, signals_as_interrupts
from core.models.export_metadata import torchscript_export_in
from core.models.modelfile import ModelFileError
from core.models.pretrained import PretrainedUnavailable
from core.plural import counted
from core.training import distributed


def _load_onnx(args):
    """An ONNX model (exported by GradLens or not) classifies under onnxruntime, without heatmaps."""
    name = Path(args.model).name
    cam_only = [option for option, given in (
        (f"--cam {args.cam}", args.cam not in ("gradcam", "none")), ("--target", args.target is not None),
        ("--eigen-smooth", args.eigen_smooth), ("--aug-smooth", args.aug_smooth), ("--cam-score", args.cam_score),
        ("--layer", args.layer is not None), ("--panels", args.panels), ("--alpha", args.alpha != 0.5),
        ("--colormap", args.colormap != "jet"), ("--format", args.format != "jpg")) if given]
    if cam_only:
        raise ValueError(f"{', '.join(cam_only)} {'is' if len(cam_only) == 1 else 'are'} for heatmaps, and {name} "
                         f"gets none: {NO_CAM}")
    if args.save_model:
        raise ValueError(f"--save-model writes a GradLens model file from PyTorch weights; {name} is an ONNX model")
    loaded = load_onnx_model(args.model, settings_from_args(args), device=args.device)
    for note in loaded.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.cam != "none":
        print(f"note: no heatmaps with {name}: {NO_CAM}", file=sys.stderr)
    return loaded


def _refuse_torchscript(path) -> None:
    if torchscript_export_in(path):
        raise ModelFileError(
            f"{Path(path).name} is a TorchScript file (an export, for running without GradLens): give predict.py "
            "the GradLens model file it was exported from, or an ONNX export (export.py --format onnx)")


def _sanity_check(args, loaded) -> int:
    """--sanity-check: the cascading randomisation test on --sample images of --input, no classification."""
    from core.atomic import atomic_open
    from core.data.scan import scan_images
    from core.device import resolve_device
    from core.explain.sanity_check import check_loaded

    paths = scan_images(args.input, exclude=[args.out])
    if not paths:
        raise FileNotFoundError(f"no images found in {args.input}")
    loaded.model.to(resolve_device(args.device))
    result = check_loaded(loaded, args.cam, args.layer, paths, args.sample, eigen_smooth=args.eigen_smooth,
                          aug_smooth=args.aug_smooth)
    rows = result.rows()
    print(f"sanity check: {args.cam} at {result.layer}, {counted(result.images, 'image')}, "
          "Spearman correlation of each map with the trained model's")
    width = max(len(row["randomised"]) for row in rows)
    print(f"{'step':>4}  {'randomised':<{width}}  {'mean':>6}  {'min':>6}  {'max':>6}")
    for row in rows:
        print(f"{row['step']:>4}  {row['randomised']:<{width}}  {row['mean']:>6.2f}  {row['min']:>6.2f}  {row['max']:>6.2f}")
    print(result.sentence())
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with atomic_open(out / "sanity_check.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    except OSError as error:
        print(f"error: could not write {out / 'sanity_check.csv'}: {error}", file=sys.stderr)
        return 1
    print(f"results: {out / 'sanity_check.csv'}")
    return 0


def run_cli(args) -> int:
    cluster = distributed.start(args.device) if int(os.environ.get("WORLD_SIZE", "1")) > 1 else None
    try:
        return _run(args, cluster)
    finally:
        if cluster is not None:
            distributed.stop(cluster)


def _under_torchrun(args, cluster) -> None:
    if args.sanity_check:
        raise ValueError("--sanity-check runs in one process: start it without torchrun")
    if not cluster.is_main:
        args.save_model = None  # the first process writes it
    # Each process would log its share's unreadable files as it meets them, out of order: the
    # first process's summary lists them all once, in the folder's order.
    logging.getLogger("core.inference.predict").setLevel(logging.ERROR)


def _agree(cluster, problem: str | None) -> str | None:
    """Under torchrun, the first problem any process met (each says it before the run would start)."""
    if cluster is None:
        return problem
    problems = distributed.everyone(cluster, problem)
    first = next(((rank, text) for rank, text in enumerate(problems) if text), None)
    if first is None:
        return None
    rank, text = first
    return text if rank == 0 or text == problems[0] else f"process {rank + 1} of {cluster.world}: {text}"


def _run(args, cluster) -> int:
    main = cluster is None or cluster.is_main
    problem, job = None, None
    try:
        if cluster is not None:
            _under_torchrun(args, cluster)
        onnx = is_onnx_file(args.model)
        if not onnx:
            _refuse_torchscript(args.model)
        # Under torchrun every process loads the model: the first one says what it assumed.
        with contextlib.nullcontext() if main else contextlib.redirect_stderr(io.StringIO()):
            loaded = _load_onnx(args) if onnx else load_for_cli(args)
        if args.input is None:
            return 0  # only --save-model was asked for
        if not onnx and args.layer and args.cam != "none":  # typed by the user: a layer with a map, or a clear word
            from core.explain.cam_layers import check_layer
            check_layer(loaded.model, loaded.arch, loaded.preprocess.input_size, loaded.cam_layer, args.layer)
        if args.sanity_check:
            if onnx:
                raise ValueError(f"--sanity-check is for heatmaps, and {Path(args.model).name} gets none: {NO_CAM}")
            return _sanity_check(args, loaded)
        job = FolderPrediction(loaded, args.input, args.out, cam="none" if onnx else args.cam, cam_layer=args.layer,
                               target=args.target,
                               topk=args.topk, batch_size=args.batch_size,
                               device=str(cluster.device) if cluster is not None else args.device,
                               overwrite=args.overwrite, overlay_format=args.format, alpha=args.alpha,
                               colormap=args.colormap, panels=args.panels, eigen_smooth=args.eigen_smooth,
                               aug_smooth=args.aug_smooth, cam_score=args.cam_score and not onnx, cluster=cluster,
                               tta=getattr(args, "tta", None))
        if job.total == 0:
            problem = f"no images found in {args.input}"
    except (ModelFileError, OutputExists, PretrainedUnavailable, FileNotFoundError, ValueError) as error:
        problem = str(error)
    problem = _agree(cluster, problem)
    if problem is not None:
        if main:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    return _classify(job, main)


def _classify(job: FolderPrediction, main: bool) -> int:
    status, stopped_by = 0, None
    say = print if main else (lambda *a, **k: None)
    tta = getattr(job.classifier, "tta", "off")
    if tta != "off":
        say(f"test-time augmentation: {tta} (probabilities averaged over the copies; heatmaps on the plain image; "
            "--tta off classifies each image as it is)", file=sys.stderr)
    with signals_as_interrupts():
        # A signal stops the run between batches (should_stop) and is raised once the results are written
        # (deferred), never inside the code running when it comes: raised there, it once landed in a lock's
        # __enter__ (the decoding pool's semaphore), left the lock held, and the process hung for good.
        run = job.run(should_stop=lambda: pending() is not None)
        try:
            # A file's warning (too large, truncated) gets a line of its own above the bar, not the bar's tail.
            with deferred(), logging_redirect_tqdm():
                for _ in progress_bar(run, shown=main, total=job.share, unit="img", desc="classifying"):
                    pass
        except KeyboardInterrupt as stop:  # Ctrl+C, SIGTERM, SIGHUP: the results so far are kept
            status = stop.exit_code if isinstance(stop, Interrupted) else 130
            stopped_by = f"stopped by {stop.name if isinstance(stop, Interrupted) else 'SIGINT'}"
        except OutputWriteError:
            pass  # job.error says what happened
        finally:
            with contextlib.suppress(OutputWriteError):
                run.close()  # an interrupt in this loop's body: the run writes its results now
    if job.summary:
        say(job.summary)
    if job.error is not None or job.failure:
        say(f"error: {stopped_by + ', then ' if stopped_by else ''}{job.error}", file=sys.stderr)
        return 1
    if stopped_by is not None:
        say(f"{stopped_by} after {len(job.results)} of {counted(job.total, 'image')}: "
            f"{job.outcome or 'nothing was written'}", file=sys.stderr)
        return status
    written = sum(1 for p in job.results if p.heatmap)  # none when every file was unreadable
    say(f"results: {job.out_dir / 'results.csv'}, {job.out_dir / 'results.txt'}"
        + (f", {counted(written, 'overlay')} in {job.out_dir / 'overlays'}" if written else ""))
    if main and job.results and not any(p.predicted is not None for p in job.results):
        # A script that checks the exit status must not take a run that classified nothing for one that worked.
        none = ("the 1 file could not be classified (the reason is" if len(job.results) == 1 else
                f"none of the {len(job.results)} files could be classified (the reasons are")
        say(f"error: {none} above and in results.csv)", file=sys.stderr)
        return 1
    return status
