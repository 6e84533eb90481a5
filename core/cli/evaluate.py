"""What `train.py --evaluate MODEL --data DIR [--out DIR]` does: the report of an existing model on a
labelled folder (core/reporting/evaluate_model.py), with a progress bar.

Exit codes as train.py's: 0 written, 1 it failed while running (a full disk), 2 it could not start
(a model file that cannot be loaded, a folder without the model's classes, --out holding files),
130 interrupted (143 SIGTERM, 129 SIGHUP). A failure is one line on stderr and leaves no folder.
"""
from __future__ import annotations

import sys

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from core.interrupts import Interrupted, signals_as_interrupts


def run_evaluate(config, args, out: str | None) -> int:
    """`out`: the report folder the user named, or None for a new one under config.out."""
    from core.cli.train import os_error_line
    from core.models.modelfile import ModelFileError
    from core.reporting.evaluate_model import EvaluationError, ModelEvaluation

    bar = None
    # logging through tqdm: a file's warning (too large, truncated) gets a line of its own above the bar
    with signals_as_interrupts(), logging_redirect_tqdm():
        try:
            job = ModelEvaluation(args.evaluate, config.data, out=out, out_parent=config.out, device=config.device,
                                  batch_size=config.batch_size)
            for note in job.notes:
                print(f"note: {note}", file=sys.stderr)
            print(f"evaluating {job.loaded.arch} ({job.model_path.name}) on {job.total} images of {job.data}")
            run = job.run()
            try:
                for progress in run:
                    if progress.stage == "classifying":
                        if bar is None:
                            bar = tqdm(total=progress.total, unit="img", desc="classifying", file=sys.stderr)
                        bar.update(progress.done - bar.n)
                    elif progress.done == 0:
                        bar.close()
                        print("writing the report (figures, heatmaps of the mistakes)…", file=sys.stderr)
            finally:
                run.close()  # an interrupt in this loop's body: the half-written folder is removed now
        except (ModelFileError, EvaluationError, FileNotFoundError) as error:
            _drop(bar)
            print(f"error: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            _drop(bar)
            print(f"error: {os_error_line(error)}; nothing was written", file=sys.stderr)
            return 1
        except KeyboardInterrupt as stop:
            _drop(bar)
            by = f" by {stop.name}" if isinstance(stop, Interrupted) else ""
            print(f"interrupted{by}: nothing was written", file=sys.stderr)
            return stop.exit_code if isinstance(stop, Interrupted) else 130
    for line in job.summary_lines():
        print(line)
    return 0


def _drop(bar) -> None:
    if bar is not None:
        bar.leave = False  # the one line said next replaces the bar
        bar.close()
