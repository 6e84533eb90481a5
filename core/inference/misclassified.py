"""Misclassified images gathered for review: copied or moved into `<true> → <predicted>/` folders."""
from __future__ import annotations

import shutil
from pathlib import Path


def transfer_misclassified(rows, target: Path, move: bool) -> int:
    """Copy or move each row's file (rows have .path, .true_class, .predicted) into
    target/<true> → <predicted>/, never replacing an existing file (a clash gets "~2", "~3" …)."""
    count = 0
    for row in rows:
        folder = Path(target) / f"{row.true_class} → {row.predicted}"
        folder.mkdir(parents=True, exist_ok=True)
        source = Path(row.path)
        destination = folder / source.name
        n = 1
        while destination.exists():
            n += 1
            destination = folder / f"{source.stem}~{n}{source.suffix}"
        if move:
            shutil.move(str(source), destination)
        else:
            shutil.copy2(source, destination)
        count += 1
    return count
