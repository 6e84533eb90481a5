"""Atomic file writes: a temp file next to the target, flushed, then renamed over it.

A crash, a full disk or a kill mid-write leaves either the old file or the new one, never half
of one. The temp file lives in the target's folder because os.replace is only atomic within one
file system. A kill can still leave the temp file itself behind; `remove_leftover_temps` clears
those (and abandoned staging folders) once their writer is gone.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

if os.name == "posix":  # flock tells whether a temp file's writer is still alive (see _in_use)
    import fcntl
else:
    fcntl = None


def _read_umask() -> int:
    mask = os.umask(0o022)  # os.umask can only be read by setting it; done once, at import
    os.umask(mask)
    return mask


# mkstemp makes private (0600) files; results and models should get the user's usual permissions.
FILE_MODE = 0o666 & ~_read_umask()

# Names only atomic_open and staging_folder make: ".<name>.<8 mkstemp characters>.tmp" and
# ".gradlens-staging-<pid>-<8 characters>". A user's "x.tmp" or ".x.tmp" never matches.
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
_STAGING_NAME = re.compile(r"^\.gradlens-staging-\d+-[a-z0-9_]{8}$")
STAGING_PREFIX = ".gradlens-staging-"
OWNER_FILE = ".owner.lock"
# A leftover is only removed when nothing has touched it for this long AND its writer is gone.
LEFTOVER_MIN_AGE = 60.0


class FileBusyError(PermissionError):
    """The target could not be replaced: another program holds it open (Excel on Windows)."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()  # the sentence alone, without "[Errno 28]"


def _lock(fd: int) -> None:
    """Hold an exclusive lock on an open file for as long as it stays open (POSIX only).

    The kernel drops it when the holder closes the file, exits or is killed, so a free lock on a
    temp file means its writer is gone. Windows needs no lock: an open file cannot be deleted there.
    """
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: the age rule still holds
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def atomic_open(path, mode: str = "w", **kwargs):
    """Open a temp file for writing; on success it replaces `path`, on error it is removed.

    Raises FileBusyError (a PermissionError) with a plain message when the target cannot be
    replaced because another program holds it open.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _lock(fd)
        os.chmod(tmp, FILE_MODE)
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.replace(tmp, path)
        except PermissionError as error:
            # Windows refuses to replace a file another program has open (Excel locks its CSVs).
            raise FileBusyError(error.errno, f"{path.name} in {path.parent} could not be replaced: it is open in "
                                "another program (close it there, e.g. in Excel) or you may not change it") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path, data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> None:
    """Write text atomically. CSVs a person opens pass encoding="utf-8-sig": with its byte-order
    mark, Excel reads UTF-8 (Chinese class names) instead of the local code page."""
    with atomic_open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def staging_folder(parent) -> tuple[Path, int | None]:
    """A new hidden folder inside `parent` for a run's outputs before they are swapped in, and
    an open handle that marks its owner as alive (close it when done; None where not needed)."""
    parent = Path(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    fd = os.open(folder / OWNER_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
    _lock(fd)
    return folder, fd


def remove_own_staging(parent) -> None:
    """Remove the staging folders this process made in `parent`: the cleanup after an interrupt that came
    while staging_folder was making one, before its caller held the path (Ctrl+C right after start).
    The pid in the name is this process's, so no other live writer's folder matches."""
    for folder in Path(parent).glob(f"{STAGING_PREFIX}{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def is_temp_name(name: str) -> bool:
    """Whether a file name is one atomic_open gives its temp files (".<name>.<8 chars>.tmp")."""
    return bool(_TEMP_NAME.match(name))


def remove_leftover_temps(folder, recursive: bool = False) -> list[Path]:
    """Remove the temp files and staging folders an interrupted GradLens write left in `folder`.

    Only names GradLens itself makes are considered (".<name>.<8 chars>.tmp" files from
    atomic_open, ".gradlens-staging-<pid>-<8 chars>" folders), never a user's "x.tmp". One of them
    is removed only when BOTH hold:
    - its writer is gone: on POSIX the writer keeps an flock on it until it closes or dies (pid
      checks would be fooled by reused pids and by other machines on a shared folder); on Windows
      a file still open cannot be deleted, so removing one that is in use simply fails;
    - nothing has modified it for LEFTOVER_MIN_AGE seconds: this covers the instant between
      creating a file and locking it, and file systems whose locks other machines do not see
      (a live writer keeps touching its file).
    Another GradLens process writing right now therefore keeps its files. Returns what was removed.
    """
    folder = Path(folder)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        try:
            if entry.is_symlink():
                continue
            if entry.is_file() and _TEMP_NAME.match(entry.name):
                if now - entry.stat().st_mtime >= LEFTOVER_MIN_AGE and _remove_if_abandoned(Path(entry.path)):
                    removed.append(Path(entry.path))
            elif entry.is_dir() and _STAGING_NAME.match(entry.name):
                if _remove_staging_if_abandoned(Path(entry.path), now):
                    removed.append(Path(entry.path))
            elif recursive and entry.is_dir():
                removed += remove_leftover_temps(entry.path, recursive=True)
        except OSError:
            continue  # vanished or unreadable: not ours to worry about
    return removed


def _in_use(path: Path) -> bool:
    """True when a live writer holds the lock on `path` (POSIX). Unknown counts as in use."""
    if fcntl is None:
        return False  # Windows: deletion itself fails for a file that is open
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # our own lock goes with it; nobody will reopen an abandoned temp file
    return False


def _remove_if_abandoned(path: Path) -> bool:
    if _in_use(path):
        return False
    try:
        os.unlink(path)
    except OSError:  # Windows: still open in its writer
        return False
    return True


def _remove_staging_if_abandoned(folder: Path, now: float) -> bool:
    owner = folder / OWNER_FILE
    try:
        if now - folder.stat().st_mtime < LEFTOVER_MIN_AGE:
            return False
    except OSError:
        return False
    if owner.exists() and not _remove_if_abandoned(owner):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return not folder.exists()
