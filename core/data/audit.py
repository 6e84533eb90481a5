"""The audit of a dataset before training: counts per split and class, unreadable files, leakage.

`summarize` reads every file of the splits once (SHA-1 of the bytes, and a decode), leaves out
the files that do not decode, finds identical files across splits, and returns a `DatasetSummary`
with warnings (imbalance, tiny classes, empty splits); `require_readable` turns "nothing left to
train on" into one clear error naming the first unreadable files.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from natsort import natsorted, ns

from core.data.decode import ImageReadError, load_rgb
from core.data.reading import map_in_threads, reading_threads
from core.data.splits import SPLITS, Splits
from core.plural import counted
from core.stopped_early import stop_if_asked

IMBALANCE_RATIO = 3.0  # largest / smallest train class above this -> warning
TINY_CLASS = 10  # fewer train images than this -> warning


@dataclass
class DatasetSummary:
    class_names: list[str]
    counts: dict[str, dict[str, int]]  # split -> class -> images (after unreadable ones are removed)
    unreadable: list[tuple[str, str]]  # (path, reason)
    duplicates: list[list[str]]  # identical files spread over more than one split (leakage)
    duplicates_within: int  # extra copies of a file inside one split
    warnings: list[str]

    def text(self) -> str:
        width = max([len("class"), len("total")] + [len(c) for c in self.class_names])
        lines = [f"{'class':<{width}}" + "".join(f"{s:>9}" for s in SPLITS) + f"{'total':>9}"]
        for name in self.class_names + ["total"]:
            row = [sum(self.counts[s].values()) if name == "total" else self.counts[s].get(name, 0)
                   for s in SPLITS]
            lines.append(f"{name:<{width}}" + "".join(f"{n:>9}" for n in row) + f"{sum(row):>9}")
        lines.append("")
        lines.append(f"unreadable files left out: {len(self.unreadable)}; identical files across splits: "
                     f"{len(self.duplicates)} groups; extra copies within a split: {self.duplicates_within}")
        lines += [f"  {path}: {reason}" for path, reason in self.unreadable[:10]]
        if len(self.unreadable) > 10:
            lines.append(f"  ... and {len(self.unreadable) - 10} more")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {"class_names": list(self.class_names),
                "counts": {s: dict(c) for s, c in self.counts.items()},
                "unreadable": [list(u) for u in self.unreadable],
                "duplicates": [list(g) for g in self.duplicates],
                "duplicates_within": self.duplicates_within, "warnings": list(self.warnings)}


def summarize(splits: Splits, check_images: bool = True, workers: int | None = None,
              progress=None, keep=None, should_stop=None) -> tuple[DatasetSummary, Splits]:
    """Count, hash (SHA-1 of the bytes) and, with ``check_images``, decode every file once.

    Returns the summary and the splits without the files that could not be read or decoded.
    ``progress(done, total)`` is called from this thread, about 200 times per run at most.
    ``keep(path, rgb)``, when given, receives every decoded image (on the reading threads), so a
    caller that caches the images does not decode them a second time. ``workers``: reading
    threads, by default ``reading_threads`` of the files. ``should_stop()`` is asked after every file: when it
    says yes, StoppedEarly (core/stopped_early.py) is raised (a big folder takes minutes to read).
    """
    jobs = [(split, path) for split, samples in splits.items() for path, _ in samples]

    def inspect(path):
        stop_if_asked(should_stop)  # on the reading thread: a chunk of 64 large photos took 7 s on a busy machine
        try:
            digest = _sha1(path)
        except OSError as e:
            return None, f"cannot read file: {e.strerror or e}"
        if check_images:
            try:
                rgb = load_rgb(path)
            except ImageReadError as e:
                return None, str(e)
            if keep is not None:
                keep(path, rgb)
        return digest, None

    results = []
    step = max(1, len(jobs) // 200)
    paths = [p for _, p in jobs]
    threads = reading_threads(paths) if workers is None else workers
    for done, result in enumerate(map_in_threads(inspect, paths, threads), 1):
        results.append(result)
        if progress is not None and (done % step == 0 or done == len(jobs)):
            progress(done, len(jobs))

    unreadable = [(str(path), reason) for (_, path), (_, reason) in zip(jobs, results) if reason]
    bad = {path for path, _ in unreadable}
    cleaned = Splits(list(splits.class_names), *([s for s in samples if str(s[0]) not in bad]
                                                 for _, samples in splits.items()), splits.source)
    groups: dict[str, list[tuple[str, str]]] = {}
    for (split, path), (digest, _) in zip(jobs, results):
        if digest is not None:
            groups.setdefault(digest, []).append((split, str(path)))
    duplicates, within = [], 0
    for members in groups.values():
        split_names = [s for s, _ in members]
        within += len(split_names) - len(set(split_names))
        if len(set(split_names)) > 1:
            duplicates.append([p for _, p in sorted(members, key=lambda m: SPLITS.index(m[0]))])
    counts = {split: {name: 0 for name in cleaned.class_names} for split in SPLITS}
    for split, samples in cleaned.items():
        for _, label in samples:
            counts[split][cleaned.class_names[label]] += 1
    summary = DatasetSummary(list(cleaned.class_names), counts, unreadable, duplicates, within, [])
    # Not logged: every caller shows summary.warnings (under train.py's table, in the window's summary), and a
    # log line too made train.py say each warning twice more.
    summary.warnings = _warnings(summary)
    return summary, cleaned


def _sha1(path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _warnings(summary: DatasetSummary) -> list[str]:
    warnings = []
    train = summary.counts["train"]
    present = {name: n for name, n in train.items() if n > 0}
    empty = [name for name, n in train.items() if n == 0]
    if empty:
        warnings.append(f"no readable training images for: {', '.join(empty)}")
    if present:
        big, small = max(present, key=present.get), min(present, key=present.get)
        if present[big] > IMBALANCE_RATIO * present[small]:
            warnings.append(f"imbalanced classes: '{big}' has {present[big]} training images, '{small}' "
                            f"{present[small]} ({present[big] / present[small]:.1f}×); consider a balanced "
                            "sampler or class weights")
    tiny = [f"{name} ({n})" for name, n in present.items() if n < TINY_CLASS]
    if tiny:
        warnings.append(f"classes with fewer than {TINY_CLASS} training images: {', '.join(tiny)}")
    if summary.duplicates:
        example = " = ".join(summary.duplicates[0][:2])
        groups = len(summary.duplicates)
        warnings.append(f"{counted(groups, 'group')} of identical files {'appears' if groups == 1 else 'appear'} in "
                        f"more than one split, so evaluation sees training images (e.g. {example})")
    if summary.unreadable:
        warnings.append(f"{counted(len(summary.unreadable), 'unreadable file')} left out")
    for split in ("val", "test"):
        counts = summary.counts[split]
        if not any(counts.values()):
            warnings.append(f"the {split} split is empty")
        else:  # a class of one or two images keeps them for training: it is never validated (or tested)
            missing = [name for name, n in counts.items() if n == 0 and name in present]
            if missing:
                warnings.append(f"no {split} images for: {', '.join(missing)} (too few images to set some aside); "
                                f"its {split} scores will not cover them")
    return warnings


def require_readable(summary: DatasetSummary, splits: Splits, root, shown: int = 3) -> None:
    """Raise ValueError when unreadable files leave no image to train or to validate on.

    The message says that the images could not be read and gives the first reasons (not "no
    validation images", which sends a user looking for a missing val/ folder). ``splits`` are the
    cleaned ones ``summarize`` returns.
    """
    if not summary.unreadable or (splits.train and splits.val):
        return
    readable = len(splits.train) + len(splits.val) + len(splits.test)
    what = ("no image" if not readable else "no training image" if not splits.train else
            "no validation image")
    first = natsorted(summary.unreadable, alg=ns.PATH)[:shown]
    reasons = "; ".join(f"{_relative(path, root)}: {reason}" for path, reason in first)
    more = f"; and {len(summary.unreadable) - shown} more" if len(summary.unreadable) > shown else ""
    raise ValueError(f"{what} in {root} could be read ({counted(len(summary.unreadable), 'unreadable file')}): "
                     f"{reasons}{more}")


def _relative(path, root) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)
