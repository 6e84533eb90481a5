"""What a classification run leaves on disk: overlays mirroring the input tree, results.csv/.txt.

Nothing here overwrites a file that existed before the run unless the caller says so, and every
file is written atomically, so an interrupted run never leaves half a CSV behind.
"""
from __future__ import annotations

import csv
import io
import logging
import queue
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path, PurePosixPath

import numpy as np

from core.atomic import atomic_write_bytes, atomic_write_text
from core.metrics import ConfusionMatrix
from core.overlay import blend, colorize, encode, to_original

log = logging.getLogger(__name__)

OVERLAY_DIR = "overlays"
PANEL_DIR = "panels"  # optional three-panel figures (original | heatmap | overlay), same tree
RESULT_FILES = ("results.csv", "results.txt")


class OutputExists(FileExistsError):
    """The run would overwrite files that were there before it (`existing`, relative to `out_dir`)."""

    def __init__(self, message: str, out_dir: Path | None = None, existing: list[str] | None = None):
        super().__init__(message)
        self.out_dir, self.existing = out_dir, list(existing or [])


def overlay_names(relpaths: list[str], fmt: str = "jpg") -> dict[str, str]:
    """Relative overlay path for each input: same folders, same name with the new extension.

    "a/cat.png" -> "overlays/a/cat.jpg". When two inputs in one folder share a stem ("cat.png"
    and "cat.jpg") both keep their old extension ("cat.png.jpg") so neither replaces the other.
    """
    stems = Counter(str(PurePosixPath(rel).with_suffix("")).casefold() for rel in relpaths)
    names, used = {}, set()
    for rel in relpaths:
        path = PurePosixPath(rel)
        clash = stems[str(path.with_suffix("")).casefold()] > 1
        base = path.name if clash else path.stem
        name = str(PurePosixPath(OVERLAY_DIR) / path.parent / f"{base}.{fmt}")
        n = 1
        while name.casefold() in used:  # "x.png" kept as "x.png.jpg" can still meet "x.png.jpg" itself
            n += 1
            name = str(PurePosixPath(OVERLAY_DIR) / path.parent / f"{base}~{n}.{fmt}")
        used.add(name.casefold())
        names[rel] = name
    return names


def check_no_overwrite(out_dir: Path, relpaths: list[str]) -> None:
    """Raise OutputExists when any planned output file is already there."""
    existing = [name for name in (*RESULT_FILES, *relpaths) if (out_dir / name).exists()]
    if existing:
        raise OutputExists(f"{len(existing)} file(s) in {out_dir} would be overwritten (e.g. {existing[0]}); "
                           "choose another output folder or allow overwriting (--overwrite)", out_dir, existing)


class OverlayWriter:
    """Blends, encodes and writes overlays on a background thread while the model works.

    `submit` blocks when the queue is full, so memory stays bounded however fast decoding is.
    Failures (a full disk, a read-only folder) are recorded per file, not raised.
    """

    def __init__(self, out_dir: Path, alpha: float = 0.5, colormap: str = "jet", fmt: str = "jpg",
                 panels: bool = False):
        self.out_dir, self.alpha, self.colormap, self.fmt = Path(out_dir), alpha, colormap, fmt
        self.panels = panels
        self.failures: dict[str, str] = {}
        self._queue: queue.Queue = queue.Queue(maxsize=32)
        self._thread = threading.Thread(target=self._run, name="overlay-writer", daemon=True)
        self._thread.start()

    def submit(self, relpath: str, rgb, cam, geometry) -> None:
        self._queue.put((relpath, rgb, cam, geometry))

    def close(self) -> dict[str, str]:
        self._queue.put(None)
        self._thread.join()
        return self.failures

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            relpath, rgb, cam, geometry = job
            try:
                heat = to_original(cam, geometry)
                picture = blend(rgb, heat, self.alpha, self.colormap)
                atomic_write_bytes(self.out_dir / relpath, encode(picture, self.fmt))
                if self.panels:
                    figure = three_panels(rgb, colorize(heat, self.colormap), picture)
                    atomic_write_bytes(self.out_dir / panel_name(relpath), encode(figure, self.fmt))
            except (OSError, ValueError) as error:
                self.failures[relpath] = f"overlay not written: {error.strerror or error}" \
                    if isinstance(error, OSError) else f"overlay not written: {error}"
                log.error("%s: %s", relpath, self.failures[relpath])


def panel_name(overlay_relpath: str) -> str:
    """overlays/a/cat.jpg -> panels/a/cat.jpg"""
    return str(PurePosixPath(PANEL_DIR, *PurePosixPath(overlay_relpath).parts[1:]))


def three_panels(*images, gap: int = 4):
    """Images of one size side by side with white gaps: original | heatmap | overlay."""
    height = images[0].shape[0]
    spacer = np.full((height, gap, 3), 255, dtype=np.uint8)
    parts = []
    for image in images:
        parts += [image, spacer]
    return np.hstack(parts[:-1])


def _topk_text(topk) -> str:
    return "; ".join(f"{name}:{prob:.4f}" for name, prob in topk)


def write_results_csv(path: Path, predictions, labelled: bool) -> None:
    columns = ["path", "predicted", "probability", "top_k"]
    columns += ["true_class", "correct"] if labelled else []
    columns += ["cam_target", "heatmap", "error"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for p in predictions:
        row = [p.relpath, p.predicted or "", "" if p.probability is None else f"{p.probability:.6f}", _topk_text(p.topk)]
        if labelled:
            row += [p.true_class or "", "" if p.correct is None else int(p.correct)]
        row += [p.target_class or "", p.heatmap or "", p.error or ""]
        writer.writerow(row)
    atomic_write_text(path, buffer.getvalue())


def summarize(predictions, class_names: list[str]) -> tuple[ConfusionMatrix | None, list]:
    """(confusion matrix over images with a known true class or None, unreadable predictions)."""
    errors = [p for p in predictions if p.error and p.predicted is None]
    known = [p for p in predictions if p.true_class is not None and p.predicted is not None]
    if not known:
        return None, errors
    matrix = ConfusionMatrix(class_names)
    index = {name: i for i, name in enumerate(class_names)}
    matrix.add_many([index[p.true_class] for p in known], [index[p.predicted] for p in known])
    return matrix, errors


def write_results_txt(path: Path, predictions, class_names: list[str], header: dict) -> str:
    """A report a person can read; returns its summary part (also printed by predict.py)."""
    matrix, errors = summarize(predictions, class_names)
    width = max([len(p.relpath) for p in predictions] + [4])
    lines = [f"GradLens results — {datetime.now():%Y-%m-%d %H:%M}"]
    lines += [f"{key}: {value}" for key, value in header.items()]
    lines.append("")
    for p in predictions:
        if p.predicted is None:
            lines.append(f"{p.relpath:<{width}}  UNREADABLE: {p.error}")
            continue
        mark = "" if p.correct is None else ("  ✓" if p.correct else f"  ✗ (true: {p.true_class})")
        note = f"  [{p.error}]" if p.error else ""
        lines.append(f"{p.relpath:<{width}}  {p.predicted}  {p.probability:.3f}{mark}{note}")
    summary = summary_text(predictions, matrix, errors)
    lines += ["", summary]
    atomic_write_text(path, "\n".join(lines) + "\n")
    return summary


def summary_text(predictions, matrix, errors) -> str:
    lines = [f"{len(predictions)} file(s): {len(predictions) - len(errors)} classified, {len(errors)} unreadable"]
    for p in errors:
        lines.append(f"  unreadable: {p.relpath}: {p.error}")
    if matrix is not None:
        lines.append(f"accuracy {matrix.accuracy:.4f} on {matrix.total} labelled image(s)")
        lines.append(matrix.report())
    return "\n".join(lines)
