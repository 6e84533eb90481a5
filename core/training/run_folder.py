"""A run folder's files: their names, and the one place they are read and written.

    RUN/config.json                  the TrainConfig, written when the run starts
    RUN/dataset.txt                  the dataset summary, for people
    RUN/metrics.csv                  one row per finished epoch (METRIC_COLUMNS)
    RUN/batches.csv                  the training loss per batch, thinned (core/training/batch_trace.py)
    RUN/last.pt, RUN/best.pt         the checkpoint to resume, the model chosen on validation
    RUN/report/metrics.json          the evaluation; written last, so its presence means the report is whole
    RUN/report/per_class.csv         per-class scores (core.reporting writes the report/ folder)
    RUN/report/<split>_predictions.csv   one row per evaluated image (PREDICTION_COLUMNS)

Every write is atomic (core.atomic). The CSVs a person opens in Excel are written and read as
utf-8-sig: Excel then reads UTF-8, and the byte-order mark never joins the first column's name.
Torch-free (csv, json, numpy), so the training window's views read runs with it too.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.atomic import atomic_write_text

log = logging.getLogger(__name__)

CONFIG = "config.json"
DATASET = "dataset.txt"
METRICS_CSV = "metrics.csv"
BATCHES_CSV = "batches.csv"
LAST = "last.pt"
BEST = "best.pt"
REPORT_DIR = "report"
REPORT_METRICS = "metrics.json"
PER_CLASS_CSV = "per_class.csv"
CSV_ENCODING = "utf-8-sig"   # CSVs a person opens: written and read with a byte-order mark
EVALUATION_SPLITS = ("test", "val")   # what a run was evaluated on, best first
# train_scale: the side of the images that epoch trained on, as a share of the input size (progressive
# resizing's small epochs are below 1).
METRIC_COLUMNS = ["epoch", "train_loss", "train_acc", "val_loss", "val_acc", "val_f1", "lr", "epoch_time_s",
                  "images_per_s", "train_scale"]
BATCH_COLUMNS = ["epoch", "batch", "batches", "loss", "lr"]
PREDICTION_COLUMNS = ["path", "true_class", "predicted", "probability"]
TABLE_KEYS = ("precision", "recall", "f1", "support", "auc", "ap")   # per_class.csv's score columns
READ_ERRORS = (OSError, ValueError, KeyError, TypeError)   # a report that cannot be read, whatever the cause


def report_dir(run: Path) -> Path:
    return Path(run) / REPORT_DIR


def predictions_path(run: Path, split: str) -> Path:
    return report_dir(run) / f"{split}_predictions.csv"


# -- writing (the training job) -------------------------------------------------------------------

def write_metrics_csv(path: Path, history: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, METRIC_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(history)
    atomic_write_text(path, buffer.getvalue(), encoding=CSV_ENCODING)


def write_batches_csv(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, BATCH_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "loss": f"{row['loss']:.6g}", "lr": f"{row['lr']:.6g}"} for row in rows)
    atomic_write_text(path, buffer.getvalue(), encoding=CSV_ENCODING)


def write_predictions_csv(path: Path, samples, class_names: list[str], result: dict) -> None:
    """One row per evaluated image, so a confusion-matrix cell can be opened as a set of files."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PREDICTION_COLUMNS)
    for (image, _), label, probs in zip(samples, result["labels"], result["probs"]):
        best = int(probs.argmax())
        writer.writerow([str(image), class_names[int(label)], class_names[best], f"{probs[best]:.6f}"])
    atomic_write_text(path, buffer.getvalue(), encoding=CSV_ENCODING)


# -- reading ------------------------------------------------------------------------------------

def read_config(run: Path) -> dict | None:
    """config.json as a dict; None when there is none. OSError or ValueError when it cannot be read."""
    path = Path(run) / CONFIG
    if not path.is_file():
        return None
    config = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(config, dict):
        raise ValueError(f"{path} holds no settings")
    return config


def read_model_name(run: Path) -> str | None:
    """The architecture config.json names, or None (no config.json, or an unreadable one)."""
    try:
        model = (read_config(run) or {}).get("model")
    except (OSError, ValueError):
        return None
    return str(model) if model else None


def read_history(run: Path) -> list[dict[str, float]]:
    """metrics.csv's rows with numbers as floats (empty cells left out); [] when there is none."""
    path = Path(run) / METRICS_CSV
    if not path.exists():
        return []
    with path.open(encoding=CSV_ENCODING, newline="") as handle:
        return [{key: float(value) for key, value in row.items() if value} for row in csv.DictReader(handle)]


def read_batches(run: Path) -> list[dict[str, float]]:
    """batches.csv's rows (epoch, batch, batches, loss, lr as numbers); [] when there is none, as in runs
    from before it was kept. A row that cannot be read ends the list there (a file cut short)."""
    path = Path(run) / BATCHES_CSV
    if not path.exists():
        return []
    rows = []
    with path.open(encoding=CSV_ENCODING, newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                rows.append({key: float(row[key]) for key in BATCH_COLUMNS})
            except (KeyError, TypeError, ValueError):
                break
    return rows


def read_report_metrics(run: Path) -> dict | None:
    """report/metrics.json; None when the run has no report (yet)."""
    path = report_dir(run) / REPORT_METRICS
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def read_predictions(run: Path) -> tuple[str, list[dict]] | None:
    """(split, rows of report/<split>_predictions.csv) for the split the run was evaluated on."""
    for split in EVALUATION_SPLITS:
        table = predictions_path(run, split)
        if table.is_file():
            with table.open(encoding=CSV_ENCODING, newline="") as handle:
                return split, list(csv.DictReader(handle))
    return None


def list_runs(out_dir: str | Path) -> list[dict]:
    """The runs in an output folder with their key numbers, newest first (the training window's history)."""
    runs = []
    root = Path(out_dir)
    if not root.is_dir():
        return runs
    for run in root.iterdir():
        if not (run / CONFIG).is_file():
            continue
        try:
            settings = read_config(run) or {}
            rows = read_history(run)
            metrics = read_report_metrics(run) or {}
            modified = (run / CONFIG).stat().st_mtime
        except (OSError, ValueError) as error:
            log.warning("skipping run %s: %s", run, error)
            continue
        accuracies = [row["val_acc"] for row in rows if "val_acc" in row]
        runs.append({"path": str(run), "name": run.name, "model": settings.get("model", "?"),
                     "epochs": len(rows), "best_val_acc": max(accuracies, default=None),
                     "test_accuracy": metrics.get("accuracy"), "finished": bool(metrics),
                     "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(modified))})
    return sorted(runs, key=lambda r: r["date"], reverse=True)


# -- the report, as the training window shows it ------------------------------------------------

def number(value) -> float:
    """A metrics value as float; None (NaN in metrics.json), 'n/a' (per_class.csv) -> NaN."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


@dataclass
class ReportData:
    """What the report view shows, read from a run folder."""

    metrics: dict              # metrics.json as written
    names: list[str]           # class names in index order
    confusion: np.ndarray      # true x predicted counts, int64
    rows: list[dict]           # per-class scores: class, then TABLE_KEYS as floats (NaN when undefined)
    model_name: str | None     # from config.json, when there is one


def read_per_class_csv(path: Path) -> list[dict]:
    """Rows of per_class.csv with the scores as floats ('n/a' -> NaN)."""
    with open(path, newline="", encoding=CSV_ENCODING) as handle:
        return [{"class": row["class"], **{key: number(row.get(key)) for key in TABLE_KEYS}}
                for row in csv.DictReader(handle)]


def read_report(run: Path) -> ReportData:
    """run/report's numbers; raises one of READ_ERRORS when metrics.json cannot be read."""
    metrics = json.loads((report_dir(run) / REPORT_METRICS).read_text(encoding="utf-8"))
    names = [str(name) for name in metrics["class_names"]]
    confusion = np.asarray(metrics["confusion"], dtype=np.int64).reshape(len(names), len(names))
    try:
        rows = read_per_class_csv(report_dir(run) / PER_CLASS_CSV)
    except (OSError, KeyError, csv.Error) as error:
        log.info("%s not read (%s); using %s", PER_CLASS_CSV, error, REPORT_METRICS)
        rows = [{"class": str(row["class"]), **{key: number(row.get(key)) for key in TABLE_KEYS}}
                for row in metrics["per_class"]]
    return ReportData(metrics, names, confusion, rows, read_model_name(run))
