"""What a classification run leaves on disk: overlays mirroring the input tree, results.csv/.txt.

Nothing here overwrites a file that existed before the run unless the caller says so, and every
file is written atomically, so an interrupted run never leaves half a CSV behind.
"""
from __future__ import annotations

import contextlib
import csv
import errno
import io
import logging
import math
import os
import queue
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path, PurePosixPath

import numpy as np

from core.atomic import atomic_write_bytes, atomic_write_text, is_temp_name
from core.explain.overlay import blend, colorize, encode, to_original
from core.plural import counted
from core.reporting.metrics import ConfusionMatrix

log = logging.getLogger(__name__)

OVERLAY_DIR = "overlays"
PANEL_DIR = "panels"  # optional three-panel figures (original | heatmap | overlay), same tree
RESULT_FILES = ("results.csv", "results.txt")
SMALL_SIDE = 224  # px: saved overlays and panels of smaller images are enlarged to at least this (enlarged())
LARGEST_SIDE = 2048  # px: ... but a long thin image not beyond this


# A full disk or an exhausted quota: every further write would fail too, so the run stops.
NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


class OutputWriteError(OSError):
    """The run's outputs could not be written; ``str(e)`` is one plain sentence for the user."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()  # the sentence alone, without "[Errno 28]"


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in NO_SPACE


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


class OutputFolderError(ValueError):
    """The output folder cannot be one: it names a file (or lies inside one)."""


def check_out_dir(out_dir: Path) -> None:
    """Raise OutputFolderError when `out_dir`, or the nearest part of it that exists, is not a folder."""
    path = Path(out_dir)
    for part in (path, *path.parents):
        if part.exists() or part.is_symlink():
            if not part.is_dir():
                where = "is a file" if part == path else f"lies inside {part}, which is a file"
                raise OutputFolderError(f"the output folder {path} {where}, not a folder: choose a folder "
                                        "(a new one is created)")
            return


OUTPUT_NAMES = (*RESULT_FILES, OVERLAY_DIR, PANEL_DIR)  # everything a run writes; nothing else is touched


def output_folders(input_path: Path, out_dir: Path) -> list[Path]:
    """What a scan of the input leaves out: an output folder inside the input as a whole, and always its
    overlays/ and panels/ (an earlier run's pictures, not images to classify). Not the output folder when it
    is the input itself: saving next to one's images once made a run find none ("Done: 0 images")."""
    same = _same(input_path, out_dir)
    return ([] if same else [Path(out_dir)]) + [Path(out_dir) / OVERLAY_DIR, Path(out_dir) / PANEL_DIR]


def check_not_inside_outputs(input_path: Path, out_dir: Path) -> None:
    """Raise OutputFolderError when the input lies in the output folder's overlays/ or panels/: replacing the
    earlier results removes those, so a run would delete the very images it classifies."""
    resolved = Path(input_path).resolve()
    for name in (OVERLAY_DIR, PANEL_DIR):
        folder = (Path(out_dir) / name).resolve()
        if resolved == folder or folder in resolved.parents:
            raise OutputFolderError(f"the images to classify are in {Path(out_dir) / name}, an earlier run's "
                                    f"outputs that this run would replace: choose another save folder")


def check_own_output_folders(out_dir: Path, planned: list[str], earlier: list[str] | None = None) -> None:
    """Raise OutputFolderError when the run would write its overlays (or panels) among files of the user's:
    - into an overlays/ or panels/ folder that no earlier run wrote into (its results.csv lists none of its
      files): a folder of the user's that bears the name. Replacing the run later deleted such files,
      originals included, and a scan of the input had left them out without a word;
    - over a file in an earlier run's overlays/ that the run did not write (the user put it there).
    Files of the user's beside an earlier run's overlays are kept when it is replaced (commit_outputs).
    `earlier`: earlier_outputs(out_dir), when the caller has it already (it reads results.csv)."""
    out_dir = Path(out_dir)
    ours = set(earlier_outputs(out_dir) if earlier is None else earlier)
    for name in (OVERLAY_DIR, PANEL_DIR):
        files = [relpath for relpath in _files_under(out_dir, name)
                 if not is_temp_name(PurePosixPath(relpath).name)]  # a killed write's temp files are removed
        theirs = [relpath for relpath in files if relpath not in ours]
        if theirs and len(theirs) == len(files):
            raise OutputFolderError(
                f"{out_dir / name} holds {counted(len(theirs), 'file')} that no earlier GradLens run wrote (e.g. "
                f"{PurePosixPath(theirs[0]).relative_to(name)}), and a run saves its {name} there: choose another "
                "save folder, or move that folder")
    clashing = [relpath for relpath in planned if relpath not in ours and (out_dir / relpath).exists()]
    if clashing:
        raise OutputFolderError(f"{out_dir / clashing[0]} was not written by an earlier run, and this run would "
                                f"write its {PurePosixPath(clashing[0]).parts[0]} under that name: move it, or choose "
                                "another save folder")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def commit_outputs(staging: Path, out_dir: Path, replace: bool) -> None:
    """Move a finished run's outputs from `staging` into `out_dir`.

    With `replace`, the earlier run's files (earlier_outputs: its results.csv, results.txt and the overlays and
    panels it lists) are first moved aside into `staging` (removed with it later) and the new ones moved in, so
    the folder holds one run or the other, never a mix of both; nothing else in `out_dir` is touched, a file of
    the user's inside overlays/ included. When a step fails (a file open in another program), everything moved
    is put back and the error raised. Without `replace` the new files join what is there and an existing file
    is never replaced.
    """
    if not replace:
        for name in OUTPUT_NAMES:
            if (staging / name).exists():
                _merge(staging / name, out_dir / name)
        return
    aside = staging / ".replaced"
    aside.mkdir(exist_ok=True)
    new = [relpath for name in OUTPUT_NAMES for relpath in _files_under(staging, name)]
    moved_old, moved_new = [], []
    try:
        for relpath in earlier_outputs(out_dir):  # results files first: the ones another program most often holds open
            (aside / relpath).parent.mkdir(parents=True, exist_ok=True)
            _rename(out_dir / relpath, aside / relpath)
            moved_old.append(relpath)
        for relpath in new:
            target = out_dir / relpath
            if target.exists() or target.is_symlink():
                raise OutputExists(f"{target} is not from an earlier run; it was not replaced", out_dir, [relpath])
            target.parent.mkdir(parents=True, exist_ok=True)
            _rename(staging / relpath, target)
            moved_new.append(relpath)
    except OSError:
        for relpath in reversed(moved_new):
            with contextlib.suppress(OSError):
                os.rename(out_dir / relpath, staging / relpath)
        for relpath in reversed(moved_old):
            with contextlib.suppress(OSError):
                os.rename(aside / relpath, out_dir / relpath)
        raise
    finally:
        for name in (OVERLAY_DIR, PANEL_DIR):  # the folders the moves emptied, deepest first
            for folder, _, _ in sorted(os.walk(out_dir / name), key=lambda entry: -len(entry[0])):
                with contextlib.suppress(OSError):
                    os.rmdir(folder)


def _rename(source: Path, target: Path) -> None:
    try:
        os.rename(source, target)
    except PermissionError as error:
        from core.atomic import FileBusyError
        what = f"{source.name} in {source.parent}" if source.is_file() else f"a file in {source}"
        raise FileBusyError(error.errno, f"{what} could not be replaced: it is open in another program "
                            "(close it there, e.g. in Excel) or you may not change it") from None


def _merge(source: Path, target: Path) -> None:
    if not target.exists() and not target.is_symlink():
        _rename(source, target)
    elif source.is_dir() and target.is_dir():
        for child in sorted(source.iterdir()):
            _merge(child, target / child.name)
    else:
        raise OutputExists(f"{target} appeared while the run was writing; it was not replaced",
                           target.parent, [target.name])


def check_no_overwrite(out_dir: Path, relpaths: list[str], earlier: list[str] | None = None) -> None:
    """Raise OutputExists when any planned output file is already there. Its `existing` lists every file
    that replacing would remove (earlier_outputs: the earlier run's results files, overlays and panels), those
    the run would overwrite first: counting only those once said "2 files" for a folder whose 50 overlays
    then went too."""
    clashing = [name for name in (*RESULT_FILES, *relpaths) if (out_dir / name).exists()]
    if clashing:
        known = set(clashing)
        earlier = earlier_outputs(out_dir) if earlier is None else earlier
        existing = clashing + [name for name in earlier if name not in known]
        raise OutputExists(f"{out_dir} holds an earlier run's results ({counted(len(existing), 'file')}, e.g. "
                           f"{existing[0]}); choose another output folder, or replace them all (results.csv, "
                           "results.txt and that run's overlays and panels) with --overwrite", out_dir, existing)


def earlier_outputs(out_dir: Path) -> list[str]:
    """What an earlier run wrote in `out_dir` and replacing it removes (relative, "/"-separated): results.csv,
    results.txt, and the overlays and panels its results.csv lists that are still there. Files the user put in
    overlays/ are not among them: replacing once removed overlays/ as a whole, with their own pictures."""
    out_dir = Path(out_dir)
    found = [name for name in RESULT_FILES if (out_dir / name).exists() or (out_dir / name).is_symlink()]
    for overlay in _listed_overlays(out_dir / RESULT_FILES[0]):
        for relpath in (overlay, panel_name(overlay)):
            if (out_dir / relpath).is_file():
                found.append(relpath)
    return found


def _listed_overlays(results_csv: Path) -> list[str]:
    """The overlays an earlier results.csv names (its heatmap column), only those inside overlays/."""
    try:
        with results_csv.open(encoding="utf-8-sig", newline="") as handle:
            listed = [row.get("heatmap") or "" for row in csv.DictReader(handle)]
    except (OSError, ValueError, csv.Error):
        return []
    return [name for name in listed if PurePosixPath(name).parts[:1] == (OVERLAY_DIR,) and ".." not in
            PurePosixPath(name).parts]


def _files_under(root: Path, name: str) -> list[str]:
    """The files in root/name, relative to root ("/"-separated); a file root/name itself as [name]."""
    path = Path(root) / name
    if path.is_dir() and not path.is_symlink():
        return sorted(PurePosixPath(Path(folder, file).relative_to(root)).as_posix()
                      for folder, _, files in os.walk(path) for file in files)
    return [name] if path.exists() or path.is_symlink() else []


class OverlayWriter:
    """Blends, encodes and writes overlays on a background thread while the model works.

    `submit` blocks when the queue is full, so memory stays bounded however fast decoding is.
    Failures (a read-only folder, a name too long) are recorded per file, not raised. The first
    "disk full" is kept in `disk_full` and the overlays still queued are not attempted (each would
    fail the same way); the caller stops the run when it sees it.
    """

    def __init__(self, out_dir: Path, alpha: float = 0.5, colormap: str = "jet", fmt: str = "jpg",
                 panels: bool = False):
        self.out_dir, self.alpha, self.colormap, self.fmt = Path(out_dir), alpha, colormap, fmt
        self.panels = panels
        self.failures: dict[str, str] = {}
        self.disk_full: OSError | None = None
        self.written = 0
        self._discard = False
        self._queue: queue.Queue = queue.Queue(maxsize=32)
        self._thread = threading.Thread(target=self._run, name="overlay-writer", daemon=True)
        self._thread.start()

    def submit(self, relpath: str, rgb, cam, geometry) -> None:
        self._queue.put((relpath, rgb, cam, geometry))

    def close(self, discard: bool = False) -> dict[str, str]:
        """Wait for the queued overlays (or, with `discard`, drop them unwritten)."""
        self._discard = discard
        self._queue.put(None)
        self._thread.join()
        return self.failures

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            relpath, rgb, cam, geometry = job
            if self._discard:
                continue
            if self.disk_full is not None:
                self.failures[relpath] = "overlay not written: disk full"
                continue
            try:
                heat = to_original(cam, geometry)
                picture = blend(rgb, heat, self.alpha, self.colormap)
                atomic_write_bytes(self.out_dir / relpath, encode(enlarged(picture), self.fmt))
                if self.panels:
                    figure = three_panels(*map(enlarged, (rgb, colorize(heat, self.colormap), picture)))
                    try:
                        atomic_write_bytes(self.out_dir / panel_name(relpath), encode(figure, self.fmt))
                    except OSError:
                        # An overlay without its panel would be half a result: both or neither.
                        with contextlib.suppress(OSError):
                            os.unlink(self.out_dir / relpath)
                        raise
                self.written += 1
            except (OSError, ValueError) as error:
                if is_disk_full(error):
                    self.disk_full = error
                self.failures[relpath] = f"overlay not written: {error.strerror or error}" \
                    if isinstance(error, OSError) else f"overlay not written: {error}"
                log.error("%s: %s", relpath, self.failures[relpath])


def enlarged(image: np.ndarray) -> np.ndarray:
    """An image whose shorter side is under SMALL_SIDE px, enlarged by a whole factor with each pixel a square
    (no smoothing: no detail is made up): a 28×28 overlay or a 92×28 three-panel figure saved as it was
    could hardly be seen. Larger images are returned as they are."""
    side = min(image.shape[:2])
    if side >= SMALL_SIDE or side == 0:
        return image
    factor = min(math.ceil(SMALL_SIDE / side), max(1, LARGEST_SIDE // max(image.shape[:2])))
    return image if factor == 1 else np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


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
    columns += ["cam_target", "heatmap", "heatmap_note", "error"]
    scored = any(getattr(p, "faithfulness", None) is not None for p in predictions)
    columns += list(FAITHFULNESS_COLUMNS) if scored else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for p in predictions:
        row = [p.relpath, p.predicted or "", "" if p.probability is None else f"{p.probability:.6f}", _topk_text(p.topk)]
        if labelled:
            row += [p.true_class or "", "" if p.correct is None else int(p.correct)]
        row += [p.target_class or "", p.heatmap or "", getattr(p, "heatmap_note", None) or "", p.error or ""]
        if scored:
            row += _faithfulness_cells(getattr(p, "faithfulness", None))
        writer.writerow(row)
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")  # Excel needs the BOM to read UTF-8


# predict.py --cam-score: the explained class's probability as-is, with the heatmap's top 20 % blurred away and
# with a random 20 % blurred away, the deletion/insertion curves' areas, and the verdict they add up to.
FAITHFULNESS_COLUMNS = ("faithfulness", "prob_before", "prob_without_top20", "prob_without_random20",
                        "deletion_auc", "insertion_auc")


def _faithfulness_cells(score) -> list:
    if score is None:
        return [""] * len(FAITHFULNESS_COLUMNS)
    return [score.verdict, f"{score.before:.4f}", f"{score.after:.4f}", f"{score.after_random:.4f}",
            f"{score.deletion_auc:.4f}", f"{score.insertion_auc:.4f}"]


def faithfulness_summary(predictions) -> str:
    """One paragraph for results.txt: how the run's heatmaps scored, or "" when they were not scored."""
    scores = [p.faithfulness for p in predictions if getattr(p, "faithfulness", None) is not None]
    if not scores:
        return ""
    counts = Counter(s.verdict for s in scores)
    words = ", ".join(f"{counts[v]} {v}" for v in ("faithful", "weak", "unfaithful", "inconclusive") if counts[v])
    mean = lambda key: sum(getattr(s, key) for s in scores) / len(scores)  # noqa: E731
    return (f"heatmap faithfulness on {counted(len(scores), 'image')}: {words}\n"
            f"  removing each heatmap's top 20 %: probability {mean('before'):.3f} -> {mean('after'):.3f} "
            f"(a random 20 %: {mean('after_random'):.3f})\n"
            f"  deletion AUC {mean('deletion_auc'):.3f} (lower is better), "
            f"insertion AUC {mean('insertion_auc'):.3f} (higher is better)")


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
    named = max([len(str(p.predicted)) for p in predictions if p.predicted is not None] + [1])  # probabilities line up
    lines = [f"GradLens results — {datetime.now():%Y-%m-%d %H:%M}"]
    lines += [f"{key}: {value}" for key, value in header.items()]
    lines += [columns_line(predictions), ""]
    for p in predictions:
        if p.predicted is None:
            lines.append(f"{p.relpath:<{width}}  UNREADABLE: {p.error}")
            continue
        mark = "" if p.correct is None else ("  ✓" if p.correct else f"  ✗ (true: {p.true_class})")
        note = f"  [{p.error}]" if p.error else ""
        lines.append(f"{p.relpath:<{width}}  {p.predicted:<{named}}  {p.probability:.3f}{mark}{note}")
    summary = summary_text(predictions, matrix, errors)
    notes = Counter(p.heatmap_note for p in predictions if getattr(p, "heatmap_note", None))
    if notes:
        summary += "\nheatmaps that show nothing: " + ", ".join(f"{count} {note}" for note, count in notes.items())
    faithfulness = faithfulness_summary(predictions)
    summary += f"\n{faithfulness}" if faithfulness else ""
    lines += ["", summary]
    atomic_write_text(path, "\n".join(lines) + "\n")
    return summary


def columns_line(predictions) -> str:
    """What a row of results.txt says, in order: its rows have no names over them (results.csv's first
    row names its columns), and a reader of an exported file was left to guess what 0.874 was."""
    columns = ["file", "predicted class", "its probability (0-1)"]
    if any(p.correct is not None for p in predictions):
        columns.append("✓ right or ✗ wrong against the folder's class (true class when wrong)")
    text = "columns: " + ", ".join(columns)
    if any(p.predicted is not None and p.error for p in predictions):
        text += ", [a problem met on the way]"
    if any(p.predicted is None for p in predictions):
        text += "; a file that cannot be read: UNREADABLE and why"
    return text


def summary_text(predictions, matrix, errors) -> str:
    lines = [f"{counted(len(predictions), 'file')}: {len(predictions) - len(errors)} classified, {len(errors)} unreadable"]
    for p in errors:
        lines.append(f"  unreadable: {p.relpath}: {p.error}")
    if matrix is not None:
        lines.append(f"accuracy {matrix.accuracy:.4f} on {counted(matrix.total, 'labelled image')}")
        lines.append(matrix.report())
    return "\n".join(lines)
