"""A count with its noun in proper English: "1 file", "24 files", "1,200 images". Command lines and logs say it so
instead of "24 file(s)"; the window's own texts use Qt's %n plurals instead."""
from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and `noun`, plural unless n is 1; `plural` where adding s (es after s, x or sh) is wrong ("batches":
    "epochs" shows why -ch is not guessed)."""
    if n == 1:
        return f"{n:,} {noun}"
    if plural is None:
        plural = noun + ("es" if noun.endswith(("s", "x", "sh")) else "s")
    return f"{n:,} {plural}"
