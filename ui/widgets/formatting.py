"""Small text formats shared by the views."""
from __future__ import annotations


def duration(seconds: float) -> str:
    """3:07 for minutes and seconds, 2h05 beyond an hour."""
    seconds = int(max(0, seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else f"{seconds // 3600}h{seconds % 3600 // 60:02d}"


WORD_JOINER, NO_BREAK_SPACE = "\u2060", "\u00a0"


def unbreakable(text: str) -> str:
    """`text` that a word-wrapping label never splits across lines: spaces become no-break spaces and
    a word joiner (invisible) sits between characters, which Chinese text could otherwise break
    between. For short phrases such as "（随机移除 20%：47%）" that read wrong when split."""
    return WORD_JOINER.join(text.replace(" ", NO_BREAK_SPACE))


def readable(text: str) -> str:
    """`text` with unbreakable()'s marks taken out again (for tests and copies to the clipboard)."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


def as_sentence(text: str) -> str:
    """`text` starting with a capital: core's one-line messages start in lower case, as log lines do, and a
    status line beside capitalised ones read as cut off ("finished", "no class folders in …")."""
    return text[:1].upper() + text[1:]
