"""Small text formats shared by the views."""
from __future__ import annotations


def duration(seconds: float) -> str:
    """3:07 for minutes and seconds, 2h05 beyond an hour."""
    seconds = int(max(0, seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else f"{seconds // 3600}h{seconds % 3600 // 60:02d}"
