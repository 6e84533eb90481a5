"""Download one weights file: resumable, verified, cancellable, and never a bad file where a good one is expected.

The file grows as `<name>.partial` next to its final place and is renamed there (atomically) only
once it is complete and its checksum matches, so a cut connection, a kill or a full disk leaves at
most a `.partial`, which the next download continues with an HTTP Range request. Every failure is
a DownloadError whose message is one line naming the file, the URL tried and the reason; it never
guesses at the cause ("this machine is offline" is often false: a proxy, a mirror, a firewall).

Torch-free (urllib, hashlib, threading): the window and the command line both call it.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from core.models.weights_source import WeightsSource

if os.name == "posix":
    import fcntl
else:
    fcntl = None

MIRROR_VARIABLE = "GRADLENS_WEIGHTS_MIRROR"
# Read whatever has arrived, up to this much, so Cancel and progress answer fast on a slow line.
CHUNK = 64 * 1024
# Seconds without a byte before giving up: long enough for a slow mirror, short enough that a dead
# connection does not hang a training run that is waiting for its weights.
TIMEOUT_S = 30.0
PROGRESS_INTERVAL_S = 0.1  # progress at most ~10 times a second: a GUI signal or a tqdm redraw each


class DownloadError(Exception):
    """A weights file could not be downloaded; str() is one line: file, URL, reason."""

    def __init__(self, message: str, url: str = "", path: Path | None = None, reason: str = ""):
        super().__init__(message)
        self.url, self.path, self.reason = url, path, reason


class DownloadCancelled(DownloadError):
    """The user cancelled; the part downloaded is kept in the .partial file for the next try."""


@dataclass
class Progress:
    done: int  # bytes of the file on disk so far (a resumed download starts above 0)
    total: int | None  # the file's size, when the server says it
    bytes_per_second: float  # over this download so far (resumed bytes do not count)


def mirror_url(url: str, mirror: str | None) -> str:
    """`url` with its scheme and host replaced by the mirror's; a mirror's path prefixes the URL's path.

    mirror_url("https://download.pytorch.org/models/a.pth", "https://m.example/pytorch")
    -> "https://m.example/pytorch/models/a.pth"
    """
    if not mirror:
        return url
    source, target = urlsplit(url), urlsplit(mirror)
    return urlunsplit((target.scheme, target.netloc, target.path.rstrip("/") + source.path, source.query, ""))


def configured_mirror(explicit: str | None = None) -> str | None:
    """The weights mirror to use: `explicit` when given (not empty), else GRADLENS_WEIGHTS_MIRROR, else None.

    Raises ValueError, naming where the value came from, when it is not an http(s) URL with a host.
    """
    origin, value = ("the weights mirror", explicit) if explicit and explicit.strip() else \
        (MIRROR_VARIABLE, os.environ.get(MIRROR_VARIABLE))
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{origin} {value!r} is not an http:// or https:// URL with a host "
                         "(e.g. https://mirror.example.org/pytorch)")
    return value


def partial_path(path: Path) -> Path:
    """Where the download of `path` grows until it is complete and verified."""
    path = Path(path)
    return path.with_name(path.name + ".partial")


def download(source: WeightsSource, mirror: str | None = None, progress: Callable[[Progress], None] | None = None,
             cancel: threading.Event | None = None) -> Path:
    """Fetch `source` (through `mirror` when given) to source.path and return it.

    Continues an earlier .partial; verifies source.sha256_prefix when given. Raises DownloadError
    (DownloadCancelled when `cancel` is set; the .partial is then kept for the next try).
    """
    url = mirror_url(source.url, mirror)
    final = Path(source.path)
    job = _Job(url, final, progress, cancel)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise job.error(f"cannot make the folder {final.parent}: {error.strerror or error}") from None
    for attempt in (1, 2):
        resumed = job.fetch()
        if not source.sha256_prefix:
            break
        digest = _sha256(job.partial)
        if digest.startswith(source.sha256_prefix.lower()):
            break
        job.partial.unlink(missing_ok=True)
        if not (resumed and attempt == 1):  # a resumed file may hold stale bytes: one clean try more
            raise job.error(f"checksum mismatch (sha256 {digest[:len(source.sha256_prefix)]}…, expected "
                            f"{source.sha256_prefix}…): the file was deleted")
    try:
        os.replace(job.partial, final)
    except OSError as error:
        raise job.error(f"cannot rename {job.partial.name} to {final.name}: {error.strerror or error}") from None
    return final


class _Job:
    """One file's download: its URL, its .partial, the progress callback's pace and the cancel flag."""

    def __init__(self, url: str, final: Path, progress, cancel):
        self.url, self.final, self.partial = url, final, partial_path(final)
        self.progress, self.cancel = progress, cancel

    def error(self, reason: str, kind=DownloadError) -> DownloadError:
        return kind(f"could not download {self.url} to {self.final}: {reason}", self.url, self.final, reason)

    def fetch(self) -> bool:
        """Bring the .partial to the whole file; True when it continued an earlier one."""
        offset = self.partial.stat().st_size if self.partial.is_file() else 0
        response = self._open(offset)
        with response:
            start = _range_start(response) if offset else None
            if offset and start is not None and start != offset:  # part of the file, from elsewhere: ask for all
                response.close()
                self.partial.unlink(missing_ok=True)
                return self.fetch()
            if start != offset:  # the server ignored Range and sends the whole file: begin again
                offset = 0
            length = response.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
            self._check_space(total, offset)
            with self._open_partial(offset) as out:
                self._copy(response, out, offset, total)
        return offset > 0

    def _open(self, offset: int):
        headers = {"User-Agent": "GradLens", "Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            return urllib.request.urlopen(urllib.request.Request(self.url, headers=headers), timeout=TIMEOUT_S)
        except urllib.error.HTTPError as error:
            if error.code == 416 and offset:  # the partial is as long as the file or longer: not ours
                self.partial.unlink(missing_ok=True)
                return self._open(0)
            raise self.error(f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise self.error(_network_reason(error.reason)) from None
        except (OSError, http.client.HTTPException) as error:
            raise self.error(_network_reason(error)) from None

    def _check_space(self, total: int | None, offset: int) -> None:
        if total is None:
            return
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(self.final.parent).free
            if free < total - offset:
                raise self.error(f"the disk is full: {_mb(total - offset)} needed, {_mb(free)} free in "
                                 f"{self.final.parent}")

    @contextlib.contextmanager
    def _open_partial(self, offset: int):
        try:
            out = open(self.partial, "ab" if offset else "wb")
        except OSError as error:
            raise self.error(f"cannot write {self.partial}: {error.strerror or error}") from None
        with out:
            if fcntl is not None:  # two programs appending to one .partial would interleave their bytes
                try:
                    fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    raise self.error(f"another program is downloading it right now into {self.partial}") from None
            yield out

    def _copy(self, response, out, offset: int, total: int | None) -> None:
        done, began, last_report = offset, time.monotonic(), 0.0
        self._report(done, total, offset, began)
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise self.error(f"cancelled after {_mb(done)}{_of(total)}; the part is kept in {self.partial} "
                                 "and the next download continues from there" if done else
                                 "cancelled before any data arrived", DownloadCancelled)
            try:
                chunk = response.read1(CHUNK)
            except (TimeoutError, socket.timeout):
                raise self.error(f"no data for {TIMEOUT_S:g} s after {_mb(done)}{_of(total)}; run it again to "
                                 f"continue from {self.partial.name}") from None
            except (OSError, http.client.HTTPException):
                chunk = b""  # a cut connection: said below, with the byte count
            if not chunk:
                break
            try:
                out.write(chunk)
            except OSError as error:
                if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                    raise self.error(f"the disk is full after {_mb(done)}{_of(total)}; free space and run it "
                                     f"again to continue from {self.partial.name}") from None
                raise self.error(f"cannot write {self.partial}: {error.strerror or error}") from None
            done += len(chunk)
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL_S:
                last_report = now
                self._report(done, total, offset, began)
        try:
            out.flush()
            os.fsync(out.fileno())  # the rename must never publish bytes still in the page cache only
        except OSError as error:
            raise self.error(f"cannot write {self.partial}: {error.strerror or error}") from None
        if total is not None and done < total:
            raise self.error(f"the connection closed after {_mb(done)}{_of(total)}; run it again to continue "
                             f"from {self.partial.name}")
        self._report(done, total, offset, began)

    def _report(self, done: int, total: int | None, offset: int, began: float) -> None:
        if self.progress is not None:
            elapsed = time.monotonic() - began
            self.progress(Progress(done, total, (done - offset) / elapsed if elapsed > 0 else 0.0))


def _range_start(response) -> int | None:
    """Where a 206 answer's bytes begin; None for a whole-file answer (the server ignored Range)."""
    if response.status != 206:
        return None
    match = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None


def _network_reason(reason) -> str:
    """The reason a connection failed, in words that claim no more than what happened."""
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {TIMEOUT_S:g} s"
    if isinstance(reason, socket.gaierror):
        return "the host name could not be resolved"
    text = getattr(reason, "strerror", None) or str(reason)
    return text.splitlines()[0] if text else type(reason).__name__


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"  # MB as torchvision's "_file_size" counts them (2**20 bytes)


def _of(total: int | None) -> str:
    return f" of {_mb(total)}" if total else ""
