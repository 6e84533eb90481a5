"""What `train.py` does once its arguments are parsed: run the job, print progress, report.

Exit codes: 0 finished (or early-stopped), 1 the run failed (the loss became NaN, the disk is
full, a file could not be written, the pretrained weights could not be downloaded), 2 it could not
start (bad data folder, a weights file that does not exist...), 130 interrupted (last.pt is kept,
or a download's .partial; 143 for SIGTERM, 129 for SIGHUP). Every failure a user can act on ends
in one line on stderr.

Pretrained weights are settled first (downloaded with a progress bar when missing), before the
dataset is scanned and before a run folder exists, so a refusal costs nothing and leaves nothing.
"""
from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path

from natsort import natsorted, ns

from core.cli.progress import progress_bar
from core.interrupts import Interrupted, signals_as_interrupts
from core.models import pretrained
from core.models.modelfile import ModelFileError
from core.models.pretrained import PretrainedUnavailable
from core.models.weights_download import DownloadError, configured_mirror, mirror_url, partial_path
from core.plural import counted
from core.rate_text import short_float
from core.training import distributed
from core.training.train_events import BatchEnd, DatasetReady, EpochEnd, Finished, Message


def run_cli(config, args) -> int:
    main_process = os.environ.get("RANK", "0") == "0"
    say = print if main_process else (lambda *a, **k: None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if getattr(args, "evaluate", None):
        from core.cli.evaluate import run_evaluate
        return run_evaluate(config, args, getattr(args, "evaluate_out", None))
    try:
        if args.split_only:
            from core.data.split_folder import split_folder
            left_out = []
            counts = split_folder(config.data, args.split_only, config.val_ratio, config.test_ratio, config.seed,
                                  mode="link" if args.link else "copy", classes=config.classes, left_out=left_out)
            if left_out:
                say(f"{counted(len(left_out), 'unreadable file')} left out, not placed: " +
                    "; ".join(f"{Path(path).relative_to(config.data)} ({reason})"
                              for path, reason in natsorted(left_out, alg=ns.PATH)[:3])
                    + ("; …" if len(left_out) > 3 else ""))
            for split, per_class in counts.items():
                if per_class:
                    say(f"{split}: {counted(sum(per_class.values()), 'image')} in {counted(len(per_class), 'class')} -> "
                        f"{Path(args.split_only) / split}")
            say(f"split {config.data} into {args.split_only}")
            return 0
        given = getattr(args, "weights_mirror", None)
        # A bad GRADLENS_WEIGHTS_MIRROR matters only to a run that downloads; a bad --weights-mirror always.
        mirror = configured_mirror(given) if given or config.pretrained == "torchvision" else None
        if not args.resume:  # a resumed run keeps its own freeze stage and has its weights in last.pt
            # Under torchrun the first process downloads while the others wait for its word.
            cluster = distributed.start(config.device) if int(os.environ.get("WORLD_SIZE", "1")) > 1 else None
            stopped = distributed.main_first(cluster, "weights", lambda: fetch_weights(config, mirror, say))
            if stopped is not None:
                return stopped
            note = fine_tuning_note(config, args)
            if note:
                say(note)
        if args.find_lr:
            from core.training.lr_finder import find_lr
            out = Path(config.out) / "lr_finder"
            if main_process:
                from core.atomic import remove_leftover_temps
                remove_leftover_temps(out)  # each range test reuses the folder: a killed one's temp files
            with progress_bar(total=args.find_lr_steps, desc="LR range test", shown=main_process) as bar:
                try:
                    result = find_lr(config, out, steps=args.find_lr_steps, weights_mirror=mirror,
                                     progress=lambda step, steps: bar.update(step - bar.n))
                except OSError as error:
                    error.filename = error.filename or str(out)  # a failed write() names no file
                    raise
            say(f"suggested learning rate: {short_float(result['suggestion'])}" if result["suggestion"]
                else "no suggestion: the loss did not fall during the test (check the data)")
            say(f"curve: {result['plot']}")
            return 0
        from core.training.train import train
        with signals_as_interrupts():  # SIGTERM, SIGHUP: stopped like Ctrl+C, last.pt kept whole
            return _loop(train(config, resume=args.resume, weights_mirror=mirror, stated=args.stated), say,
                         main_process)
    except distributed.FirstProcessFailed as error:  # the first process says why
        print(f"error: {error}", file=sys.stderr)
        return 1
    except DownloadError as error:  # the network or the mirror, not the user's options: the run failed
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError, FileExistsError, ModelFileError, PretrainedUnavailable) as error:
        if main_process:  # the run's settings or data: under torchrun every process meets it, one says it
            print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the disk, a permission, a file held open: the environment, not a bug
        logging.getLogger(__name__).debug("the job failed", exc_info=True)
        print(f"error: {os_error_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        by = f" by {stop.name}" if isinstance(stop, Interrupted) else ""
        say(f"interrupted{by} before the run began; nothing was trained")
        return stop.exit_code if isinstance(stop, Interrupted) else 130


def fine_tuning_note(config, args) -> str | None:
    """What train.py's config_from_args chose when ImageNet weights came without --freeze-epochs."""
    if config.pretrained != "torchvision" or hasattr(args, "freeze_epochs") or not config.freeze_epochs:
        return None
    return (f"fine-tuning: the backbone stays frozen for the first {config.freeze_epochs} of {config.epochs} epochs, "
            f"then learns at the learning rate × {config.backbone_lr_scale:g} (--freeze-epochs 0 turns this off)")


def fetch_weights(config, mirror: str | None, say) -> int | None:
    """Download missing ImageNet weights with a progress bar; the exit code when interrupted, else None.

    Ctrl+C (or SIGTERM, SIGHUP) keeps the .partial file, which the next run continues.
    """
    if config.pretrained != "torchvision":
        return None
    source = pretrained.weights_source(config.model)
    if source is None or source.cached:  # none at all: the job's own check says so
        return None
    partial = partial_path(source.path)
    have = partial.stat().st_size if partial.is_file() else 0
    size = f" ({source.size / 2**20:.1f} MB)" if source.size else ""
    again = f", continuing after {have / 2**20:.1f} MB" if have else ""
    say(f"downloading the ImageNet weights of {config.model}{size}{again}: {mirror_url(source.url, mirror)}")
    with progress_bar(total=source.size, initial=have, unit="B", unit_scale=True, unit_divisor=1024,
                      desc=source.path.name) as bar:
        def progress(p) -> None:
            if p.total and p.total != bar.total:
                bar.total = p.total
            bar.update(p.done - bar.n)
        try:
            with signals_as_interrupts():
                pretrained.ensure_weights(config.model, mirror, progress)
        except KeyboardInterrupt as stop:
            bar.leave = False  # the one line said next replaces the bar
            bar.close()
            by = f" by {stop.name}" if isinstance(stop, Interrupted) else ""
            kept = partial.stat().st_size if partial.is_file() else 0
            say(f"interrupted{by}: the download stopped after {kept / 2**20:.1f} MB; {partial} is kept and the "
                "next run continues from there" if kept else f"interrupted{by} before the download began")
            return stop.exit_code if isinstance(stop, Interrupted) else 130
        except BaseException:
            bar.leave = False  # the error line replaces the bar
            raise
    say(f"saved {source.path}")
    return None


def os_error_line(error: OSError) -> str:
    """One line for an OSError the job did not turn into words itself."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        what = (f"a file could not be written in {error.filename}" if error.filename and os.path.isdir(error.filename)
                else f"{error.filename} could not be written" if error.filename else "a file could not be written")
        return f"the disk is full: {what}; files written earlier are intact"
    return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")


def _loop(events, say, main_process: bool) -> int:
    bars, runs = [], []
    try:
        return _follow(events, say, main_process, bars, runs)
    except KeyboardInterrupt as stop:
        if bars:
            bars[-1].close()  # the line said next starts on a line of its own, not after the bar
        run_dir = runs[-1] if runs else None
        by = f" by {stop.name}" if isinstance(stop, Interrupted) else ""
        say(f"interrupted{by}: {run_dir}/last.pt holds the last finished epoch; continue with --resume {run_dir}"
            if run_dir else f"interrupted{by} before the run began; nothing was trained")
        return stop.exit_code if isinstance(stop, Interrupted) else 130


def _follow(events, say, main_process: bool, bars: list, runs: list) -> int:
    """Say each event; `bars` and `runs` receive the progress bar and the run folder for the caller's last word."""
    bar = None
    said_errors, said_warnings = set(), set()
    for event in events:
        if isinstance(event, DatasetReady):
            runs.append(event.run_dir)
            say(event.summary.text())
            said_warnings = set(event.summary.warnings)  # under the table; the window has them as messages
            say(f"run folder: {event.run_dir}")
        elif isinstance(event, Message) and event.level == "warning" and event.text in said_warnings:
            continue
        elif isinstance(event, Message):
            if bar is not None:
                bar.clear()
            if event.level == "error":
                said_errors.add(event.text)
                if main_process:
                    print(f"error: {event.text}", file=sys.stderr)
            else:
                say(f"{event.level}: {event.text}" if event.level != "info" else event.text)
        elif isinstance(event, BatchEnd):
            if bar is None or event.batch == 1:
                if bar is not None:
                    bar.close()
                bar = progress_bar(total=event.batches, desc=f"epoch {event.epoch}/{event.epochs}", unit="batch",
                                   leave=False, shown=main_process)
                bars.append(bar)
            bar.update(1)
            bar.set_postfix(loss=f"{event.loss:.4f}", lr=f"{event.lr:.2e}", img_s=f"{event.images_per_s:.0f}")
        elif isinstance(event, EpochEnd):
            if bar is not None:
                bar.close()
                bar = None
            say(epoch_line(event))
        elif isinstance(event, Finished):
            if bar is not None:
                bar.close()
            if event.failed:  # one line on stderr, which says where the run is and what it kept
                if event.reason not in said_errors and main_process:
                    print(f"error: {event.reason}", file=sys.stderr)
                return 1
            for line in finished_lines(event):
                say(line)
            return 0
    return 0


def epoch_line(event: EpochEnd) -> str:
    """One line per epoch, the same in the terminal and in the GUI's log."""
    m = event.metrics
    return (f"epoch {m['epoch']}/{event.epochs}  train loss {m['train_loss']:.4f} acc {m['train_acc']:.4f}  "
            f"val loss {m['val_loss']:.4f} acc {m['val_acc']:.4f} F1 {m['val_f1']:.4f}  lr {m['lr']:.2e}  "
            f"{m['images_per_s']:.0f} img/s  {m['epoch_time_s']:.0f}s{'  *best*' if event.improved else ''}"
            f"  ETA {event.eta_s / 60:.1f} min")


def finished_lines(event: Finished) -> list[str]:
    lines = [f"{event.reason}; run folder: {event.run_dir}"]
    t = event.test_metrics
    if t:
        split = "test" if "test_accuracy" in t else "val"

        def value(key):
            number = t.get(f"{split}_{key}")
            return "n/a" if number is None else f"{number:.4f}"
        lines.append(f"{split} accuracy {value('accuracy')}  macro F1 {value('macro_f1')}  macro AUC "
                     f"{value('macro_auc')}  on {t.get('n_test', '?')} images  (best model: {event.best_path})")
    return lines
