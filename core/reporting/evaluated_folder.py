"""A folder written by `train.py --evaluate` (or the training window's Evaluate a Model…): its files,
its name, and reading it back. Torch-free, so the training window lists and opens evaluations too.

    EVAL/evaluation.json                what was evaluated: the model file, the labelled folder, when, notes
    EVAL/report/                        the report a training run ends with (core/reporting/report.py)
    EVAL/report/probabilities.csv       every image's probability of every class
    EVAL/report/test_predictions.csv    one row per image, so a confusion-matrix cell opens its images

It is laid out like a run folder (report/ inside), so everything that opens a run's report opens
an evaluation's; evaluation.json, not config.json, says which of the two it is.
"""
from __future__ import annotations

import json
import logging
import re
import time
from datetime import datetime
from pathlib import Path

from core.training.run_folder import list_runs, read_report_metrics

log = logging.getLogger(__name__)

EVALUATION = "evaluation.json"
PROBABILITIES_CSV = "probabilities.csv"
KIND = "evaluation"
SPLIT_NAMES = ("train", "val", "test")   # a folder named so is known by its parent's name too


def read_evaluation(folder) -> dict | None:
    """evaluation.json as a dict; None when the folder is not an evaluation or the file cannot be read."""
    path = Path(folder) / EVALUATION
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("cannot read %s: %s", path, error)
        return None
    return found if isinstance(found, dict) and found.get("kind") == KIND else None


def list_evaluations(out_dir) -> list[dict]:
    """The evaluations in an output folder, as list_runs gives runs (the Runs tab shows both)."""
    root = Path(out_dir)
    found = []
    if not root.is_dir():
        return found
    for folder in root.iterdir():
        if not (folder / EVALUATION).is_file():
            continue
        evaluation = read_evaluation(folder)
        if evaluation is None:
            continue
        try:
            metrics = read_report_metrics(folder) or {}
            modified = (folder / EVALUATION).stat().st_mtime
        except (OSError, ValueError) as error:
            log.warning("skipping evaluation %s: %s", folder, error)
            continue
        found.append({"path": str(folder), "name": folder.name, "kind": KIND,
                      "model": str(evaluation.get("model_name") or evaluation.get("arch") or "?"),
                      "epochs": None, "best_val_acc": None, "test_accuracy": metrics.get("accuracy"),
                      "finished": True, "data": str(evaluation.get("data") or ""),
                      "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(modified))})
    return found


def runs_and_evaluations(out_dir) -> list[dict]:
    """Training runs and evaluations in one list, newest first."""
    return sorted(list_runs(out_dir) + list_evaluations(out_dir), key=lambda r: r["date"], reverse=True)


def _label(path: Path, plain: tuple[str, ...]) -> str:
    """A file or folder's name as a person knows it: best.pt by its run, test/ by its dataset."""
    name = path.stem if path.suffix else path.name
    if name.lower() in plain and path.parent.name:
        name = f"{path.parent.name}-{name}"
    name = re.sub(r'[<>:"/\\|?*\s]+', "_", name).strip("._") or "model"
    return name[:40]


def folder_name(model, data, when: datetime | None = None) -> str:
    """"20250302-091500-eval-<model>-on-<data>": sorts with the runs, and says what was evaluated on what."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return (f"{stamp}-eval-{_label(Path(model), ('best', 'last', 'model', 'checkpoint'))}"
            f"-on-{_label(Path(data).resolve(), SPLIT_NAMES)}")


def new_folder_path(parent, model, data) -> Path:
    """A folder under `parent` that does not exist yet, named by folder_name (-2, -3 ... on a clash)."""
    base = Path(parent) / folder_name(model, data)
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path
