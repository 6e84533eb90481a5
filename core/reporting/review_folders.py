"""Folders of links that show a run's evaluation images in the main window, labelled by class.

"Use this model" opens the run's test images (never its training images: the main window's
metrics must be honest), also for a run stopped before its test pass, and a confusion-matrix cell
opens the images of that cell. Both are
folders of `<class>/<image>` links inside the run folder, so the main window sees a labelled
folder and the user's dataset is never touched. Torch-free, so the GUI's workers can call it.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from core.data.splits import find_splits
from core.training.run_folder import CONFIG, EVALUATION_SPLITS, read_config, read_predictions


class DatasetChanged(ValueError):
    """The data folder changed after the run drew its split: drawn again, it may hold training images."""

    def __init__(self, data):
        super().__init__(f"{data} has changed since the run drew its split from it")
        self.data = str(data)


def evaluation_folder(run_dir: Path) -> Path | None:
    """A labelled folder of the images the run held out: the dataset's own test/ (or val/) folder
    when it has one, else links to the split's images under run_dir/review/<split>/. None when the
    run has none; ValueError (core.data.splits' reason, or DatasetChanged) when a run stopped before
    its test pass cannot have its split drawn again."""
    run_dir = Path(run_dir)
    try:
        config = read_config(run_dir) or {}
    except (OSError, ValueError):
        config = {}
    data = Path(config.get("data") or "")
    if config.get("data"):
        for split in EVALUATION_SPLITS:
            if (data / split).is_dir():
                return data / split
    found = read_predictions(run_dir)
    if found is None and config.get("data"):
        found = held_out_split(config, (run_dir / CONFIG).stat().st_mtime)
    if found is None:
        return None
    split, rows = found
    return link_images(rows, run_dir / "review" / split)


def held_out_split(config: dict, drawn_at: float) -> tuple[str, list[dict]] | None:
    """(split, rows with path and true_class) of the images a run held out, drawn again from its
    config.json: a run stopped before its test pass wrote no predictions, but training drew its split
    from the data folder, ratios, seed and classes alone (core.data.splits, names only, no file
    opened), so the same draw gives the same images while the folder is unchanged. The test split,
    else the validation split. `drawn_at`: when the run drew it (config.json is written just after);
    DatasetChanged when an image was added, removed or renamed in the folder since, as a folder's
    time says (the data folder and every folder under it): a class's draw depends on
    its every file, and the images shown as held out could then be training images."""
    data = Path(config["data"])
    splits = find_splits(data, float(config.get("val_ratio", 0.1)), float(config.get("test_ratio", 0.1)),
                         int(config.get("seed", 0)), config.get("classes"))
    if _changed_since(data, drawn_at):
        raise DatasetChanged(data)
    for split in EVALUATION_SPLITS:
        samples = getattr(splits, split)
        if samples:
            return split, [{"path": str(path), "true_class": splits.class_names[label]} for path, label in samples]
    return None


def _changed_since(root: Path, when: float) -> bool:
    """Whether a folder under root, at any depth, was changed after `when`: scanning finds images in
    every subfolder (core.data.scan), so an image added deep in a class folder changes its draw too.
    Only folders are looked at, not files: a dataset of 70,000 images in 10 folders costs 11 stat calls.
    Linked folders are followed as scanning does, each real folder once, so a loop ends."""
    seen, stack = set(), [root]
    while stack:
        folder = stack.pop()
        try:
            status = folder.stat()
            if (status.st_dev, status.st_ino) in seen:
                continue
            seen.add((status.st_dev, status.st_ino))
            if status.st_mtime > when:
                return True
            with os.scandir(folder) as entries:
                stack += [Path(entry.path) for entry in entries if not entry.name.startswith(".") and entry.is_dir()]
        except OSError:
            continue   # unreadable here: find_splits has said what it could read
    return False


def cell_folder(run_dir: Path, true_class: str, predicted: str) -> Path | None:
    """The evaluation images of one confusion-matrix cell, under run_dir/review/<true> → <predicted>/."""
    found = read_predictions(run_dir)
    if found is None:
        return None
    _, rows = found
    rows = [r for r in rows if r["true_class"] == true_class and r["predicted"] == predicted]
    return link_images(rows, Path(run_dir) / "review" / f"{safe_name(true_class)} → {safe_name(predicted)}")


def link_images(rows: list[dict], folder: Path) -> Path:
    """folder/<true_class>/<name> for each row, a link to row['path'] (a copy where links are not
    allowed). Existing links are kept; two images with one name get ~2, ~3 suffixes."""
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        source = Path(row["path"])
        target_dir = folder / safe_name(row["true_class"])
        target_dir.mkdir(exist_ok=True)
        link, n = target_dir / source.name, 1
        while os.path.lexists(link) and not _points_to(link, source):
            n += 1
            link = target_dir / f"{source.stem}~{n}{source.suffix}"
        if os.path.lexists(link):
            continue
        try:
            os.symlink(source, link)
        except OSError:  # no symlinks (some Windows set-ups): a copy keeps the review usable
            shutil.copy2(source, link)
    return folder


def _points_to(link: Path, source: Path) -> bool:
    return link.is_symlink() and Path(os.readlink(link)) == source


def safe_name(name: str) -> str:
    """A class name as a folder name on any file system."""
    return "".join("_" if c in '<>:"/\\|?*' else c for c in name) or "_"
