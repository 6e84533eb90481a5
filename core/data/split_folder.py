"""Copy (or link) an unsplit ImageFolder tree into ``train/``, ``val/`` and ``test/`` folders.

The split is ``find_splits``' stratified one, so the same seed and ratios pick the same images
whether one trains on the source folder or on the split copy. Nothing that exists is ever
deleted or overwritten: every destination is checked before the first file is placed, and files
are placed exclusively, so a file that appears meanwhile is not overwritten either. A copy is
written beside its destination first, so a full disk or a kill leaves no half-copied image.
"""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from core.atomic import remove_leftover_temps
from core.data.splits import SPLITS, find_splits
from core.plural import counted
from core.training.trainconfig import file_in_the_way

log = logging.getLogger(__name__)

MODES = ("copy", "link", "symlink")


def split_folder(src, dst, val_ratio: float = 0.1, test_ratio: float = 0.1, seed: int = 0,
                 mode: str = "copy", classes: list[str] | None = None, progress=None, left_out=None) -> dict:
    """Place ``src/<class>/...`` as ``dst/<split>/<class>/...`` (sub-folders kept, so equal names
    cannot collide). ``mode``: copy, link (hard link, same file system) or symlink. Returns
    ``{split: {class: count}}``; ``progress(done, total)`` is called after each file.

    Files that cannot be read as images are left out before the split is drawn, as training leaves them
    out: copied, they were counted as images and made the splits uneven. ``left_out`` (a list) receives
    them as (path, reason)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    src, dst = Path(src), Path(dst)
    _check_places(src, dst)
    splits = find_splits(src, val_ratio, test_ratio, seed, classes)
    if splits.source != "split":
        raise ValueError(f"{src} is already split (it has a train/ folder)")
    from core.data.audit import summarize  # decodes every image once: imports the decoders only here
    unreadable = summarize(splits, check_images=True)[0].unreadable
    if unreadable:
        splits = find_splits(src, val_ratio, test_ratio, seed, classes, exclude={path for path, _ in unreadable})
        if left_out is not None:
            left_out.extend(unreadable)
    plan, counts = [], {split: {name: 0 for name in splits.class_names} for split in SPLITS}
    for split, samples in splits.items():
        for path, label in samples:
            name = splits.class_names[label]
            plan.append((path, dst / split / name / path.relative_to(src / name)))
            counts[split][name] += 1
    existing = [target for _, target in plan if os.path.lexists(target)]
    if existing:
        exist = "already exists:" if len(existing) == 1 else "already exist, e.g."
        raise FileExistsError(f"{counted(len(existing), 'destination file')} {exist} {existing[0]}; "
                              "nothing was copied (choose another destination)")
    for split in SPLITS:  # a killed split's half copies (its placed files stay: never overwritten)
        remove_leftover_temps(dst / split, recursive=True)
    for done, (source, target) in enumerate(plan):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(source, target, mode)
        except OSError as error:
            log.error("split stopped after placing %d of %d files in %s", done, len(plan), dst)
            error.filename = error.filename or str(target)  # a failed write() names no file
            raise
        if progress is not None:
            progress(done + 1, len(plan))
    log.info("%s %d files from %s into %s", mode, len(plan), src, dst)
    return counts


def _check_places(src: Path, dst: Path) -> None:
    blocker = file_in_the_way(dst)
    if blocker is not None:
        raise ValueError(f"destination {dst}: {blocker} is a file, not a folder")
    src_real, dst_real = src.resolve(), dst.resolve()
    if dst_real == src_real or src_real in dst_real.parents:
        # The copies would be found as new images of the source (and split again next time).
        raise ValueError(f"destination {dst} is inside the source folder {src}")
    for split in SPLITS:
        place = dst_real / split
        if src_real == place or place in src_real.parents:
            raise ValueError(f"source {src} lies inside the destination's {split}/ folder")


def _place(source: Path, target: Path, mode: str) -> None:
    if mode == "copy":
        _copy_exclusive(source, target)
    elif mode == "link":
        try:
            os.link(source, target)
        except OSError as e:
            if e.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                raise OSError(e.errno, f"cannot hard-link {source} to {target} ({e.strerror}); hard links need "
                                       "the same file system: use mode 'copy' or 'symlink'") from None
            raise
    else:
        os.symlink(source.resolve(), target)


def _copy_exclusive(source: Path, target: Path) -> None:
    """Copy into a temp file beside `target`, then link it into place only if `target` still does
    not exist: a full disk or an interruption leaves no half-copied image under the target's name
    (which a second try would refuse as existing), and a file that appeared meanwhile is kept."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fout, open(source, "rb") as fin:
            shutil.copyfileobj(fin, fout, 1 << 20)
        shutil.copystat(source, tmp)
        try:
            os.link(tmp, target)  # fails if target exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT, some network shares)
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, "destination file appeared meanwhile", str(target)) from None
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
