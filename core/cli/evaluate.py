"""What `train.py --evaluate MODEL --data DIR [--out DIR]` does: the report of an existing model on a
labelled folder (core/reporting/evaluate_model.py), with a progress bar.

Exit codes as train.py's: 0 written, 1 it failed while running (a full disk), 2 it could not start
(a model file that cannot be loaded, a folder without the model's classes, --out holding files),
130 interrupted (143 SIGTERM, 129 SIGHUP). A failure is one line on stderr and leaves no folder.
"""
from __future__ import annotations

import re
import shlex
import sys

from tqdm.contrib.logging import logging_redirect_tqdm

from core.cli.progress import progress_bar
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
                if note.startswith("not in the file, so assumed:"):  # "state them", with options train.py lacks
                    print(f"note: to state them, save them into a model file once: {_stating(job)}", file=sys.stderr)
            print(f"evaluating {job.loaded.arch} ({job.model_path.name}) on {job.total} images of {job.data}")
            run = job.run()
            try:
                for progress in run:
                    if progress.stage == "classifying":
                        if bar is None:
                            bar = progress_bar(total=progress.total, unit="img", desc="classifying")
                        bar.update(progress.done - bar.n)
                    elif progress.done == 0:
                        bar.close()
                        print("writing the report (figures, heatmaps of the mistakes)…", file=sys.stderr)
            finally:
                run.close()  # an interrupt in this loop's body: the half-written folder is removed now
        except (ModelFileError, EvaluationError, FileNotFoundError) as error:
            _drop(bar)
            print(f"error: {with_way_out(error, args.evaluate)}", file=sys.stderr)
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


# predict.py's model options (core/cli/model_options.py) as a command line shows them, and those that state
# each setting a model file may leave unsaid (LoadedModel.assumed).
_SHOWN = {"--arch": "--arch NAME", "--input-size": "--input-size N", "--resize-mode": "--resize-mode MODE",
          "--mean": "--mean R,G,B", "--std": "--std R,G,B", "--classes": "--classes A,B,...",
          "--classes-file": "--classes-file FILE", "--trust-pickle": "--trust-pickle"}
_STATED_BY = {"input_size": ["--input-size"], "resize_mode": ["--resize-mode"], "mean": ["--mean", "--std"],
              "std": ["--mean", "--std"], "class_names": ["--classes"]}
_MODEL_OPTION = re.compile(r"--(?:arch|input-size|resize-mode|mean|std|classes-file|classes|trust-pickle)\b")


def save_first(model: str, options, then: str = "--evaluate mine.pt") -> str:
    """How to state what a model file leaves unsaid: train.py --evaluate takes the settings from the file alone,
    so predict.py writes them into a GradLens model file, once. `options`: predict.py's flags, or as shown."""
    shown = " ".join(_SHOWN.get(option, option) for option in dict.fromkeys(options))
    return f"predict.py --model {shlex.quote(str(model))} {shown} --save-model mine.pt, then {then}"


def _stating(job) -> str:
    options = [flag for key in job.loaded.assumed for flag in _STATED_BY[key]]
    if job.named_by_folders:  # saved without them, the file would name its classes class_0.. and match no folder
        options.append(f"--classes {shlex.quote(','.join(job.loaded.class_names))}")
    return save_first(job.model_path, options)


def with_way_out(error: Exception, model: str, *, window: bool = False) -> str:
    """The loader's words name predict.py's model options (--trust-pickle, --arch NAME), which train.py does not
    take: the way out through predict.py --save-model is said with them. `window`: for Evaluate a Model… in the
    training window, which has no options to give them to."""
    then, purpose = ("evaluate mine.pt", "to evaluate it here") if window else ("--evaluate mine.pt", "for --evaluate")
    from core.models.modelfile import PickledModelRefused
    text = str(error)
    if isinstance(error, PickledModelRefused) and " If you trust its source" in text:
        return (text.split(" If you trust its source")[0] + " If you trust its source, convert it once: "
                + save_first(model, ["--trust-pickle"], then))
    named = list(dict.fromkeys(_MODEL_OPTION.findall(text)))
    if not named or "predict.py" in text:  # none named, or the way out is said already
        return text
    if "--classes" in named and "--classes-file" in named:  # the one or the other: predict.py takes one
        named.remove("--classes-file")
    return f"{text}; {purpose}, give {', '.join(named)} to predict.py once: {save_first(model, named, then)}"
