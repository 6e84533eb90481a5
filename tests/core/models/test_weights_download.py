"""core/models/weights_download.py against a real HTTP server on 127.0.0.1 (tests/weights_server.py)."""
import errno
import hashlib
import os
import threading
from types import SimpleNamespace

import pytest

from core.models import weights_download
from core.models.weights_download import (
    MIRROR_VARIABLE,
    DownloadCancelled,
    DownloadError,
    configured_mirror,
    download,
    mirror_url,
    partial_path,
)
from core.models.weights_source import WeightsSource
from tests.weights_server import unused_url

DATA = os.urandom(600_000)
SHA = hashlib.sha256(DATA).hexdigest()


def source_for(tmp_path, url, data=DATA, sha256_prefix=SHA[:8]) -> WeightsSource:
    return WeightsSource(url, tmp_path / "hub" / "checkpoints" / f"w-{sha256_prefix}.pth", len(data), sha256_prefix)


def served(server, tmp_path, **kw) -> WeightsSource:
    return source_for(tmp_path, server.add(f"models/w-{SHA[:8]}.pth", DATA), **kw)


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text
    return text


def test_download_reports_progress_and_keeps_the_verified_file(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    weights_server.throttle = 1_500_000  # ~0.4 s: several progress reports
    seen = []
    assert download(source, progress=seen.append) == source.path
    assert source.path.read_bytes() == DATA and source.cached
    assert not partial_path(source.path).exists()
    done = [p.done for p in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == len(DATA)
    assert all(p.total == len(DATA) for p in seen)
    assert 3 <= len(seen) <= 12, "at most ~10 reports a second, plus the first and the last"
    assert 100_000 < seen[-1].bytes_per_second < 20_000_000


def test_mirror_url_replaces_scheme_and_host():
    url = "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    assert mirror_url(url, "http://127.0.0.1:8000") == "http://127.0.0.1:8000/models/resnet18-f37072fd.pth"
    assert mirror_url(url, "https://m.example/pytorch/") == "https://m.example/pytorch/models/resnet18-f37072fd.pth"
    assert mirror_url(url, None) == url and mirror_url(url, "") == url
    assert mirror_url("https://h.example/a/b.pth?x=1", "http://m:1") == "http://m:1/a/b.pth?x=1"


def test_configured_mirror_explicit_then_variable(monkeypatch):
    monkeypatch.delenv(MIRROR_VARIABLE, raising=False)
    assert configured_mirror() is None and configured_mirror("") is None
    monkeypatch.setenv(MIRROR_VARIABLE, "https://env.example/pt")
    assert configured_mirror() == "https://env.example/pt"
    assert configured_mirror("http://given.example") == "http://given.example"  # the explicit one wins
    monkeypatch.setenv(MIRROR_VARIABLE, "mirror.example")
    with pytest.raises(ValueError, match=f"{MIRROR_VARIABLE} 'mirror.example' is not an http:// or https:// URL"):
        configured_mirror()
    with pytest.raises(ValueError, match="the weights mirror 'ftp://x' is not"):
        configured_mirror("ftp://x")


def test_download_through_a_mirror(weights_server, tmp_path):
    source = source_for(tmp_path, "https://download.example.org/models/w.pth")
    weights_server.add("pytorch/models/w.pth", DATA)
    assert download(source, mirror=weights_server.mirror + "/pytorch").read_bytes() == DATA
    assert weights_server.requests == [("pytorch/models/w.pth", None, 200)]


def test_checksum_mismatch_deletes_the_file_and_says_so(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    weights_server.corrupt = True
    with pytest.raises(DownloadError) as info:
        download(source)
    text = one_line(info.value)
    assert "checksum mismatch" in text and "deleted" in text and source.url in text and str(source.path) in text
    assert not source.path.exists() and not partial_path(source.path).exists()


def test_a_cut_download_resumes_with_a_range_request(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    weights_server.stop_after = 200_000
    with pytest.raises(DownloadError, match="the connection closed after 0.2 MB of 0.6 MB") as info:
        download(source)
    assert source.url in one_line(info.value)
    assert not source.path.exists()
    assert partial_path(source.path).read_bytes() == DATA[:200_000]
    weights_server.stop_after = None
    seen = []
    download(source, progress=seen.append)
    assert source.path.read_bytes() == DATA
    assert weights_server.requests[-1] == (f"models/w-{SHA[:8]}.pth", "bytes=200000-", 206)
    assert seen[0].done == 200_000  # progress starts where the earlier download stopped


def test_a_server_ignoring_range_restarts_cleanly(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    partial_path(source.path).parent.mkdir(parents=True)
    partial_path(source.path).write_bytes(DATA[:50_000])
    weights_server.ignore_range = True
    download(source)
    assert source.path.read_bytes() == DATA  # not 50 000 bytes twice
    assert weights_server.requests == [(f"models/w-{SHA[:8]}.pth", "bytes=50000-", 200)]


@pytest.mark.parametrize("stale", [b"x" * 50_000, DATA + b"more"])
def test_a_bad_partial_is_replaced(weights_server, tmp_path, stale):
    """Bytes of another file (found by the checksum), or more bytes than the file has (HTTP 416)."""
    source = served(weights_server, tmp_path)
    partial_path(source.path).parent.mkdir(parents=True)
    partial_path(source.path).write_bytes(stale)
    download(source)
    assert source.path.read_bytes() == DATA
    assert [request[1:] for request in weights_server.requests] == [(f"bytes={len(stale)}-", 206 if len(stale) <
                                                                     len(DATA) else 416), (None, 200)]


def test_cancel_keeps_the_partial_and_no_file_at_the_final_path(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    weights_server.throttle = 1_000_000
    cancel = threading.Event()
    seen = []

    def progress(p):
        seen.append(p)
        if p.done >= 100_000:
            cancel.set()
    with pytest.raises(DownloadCancelled) as info:
        download(source, progress=progress, cancel=cancel)
    assert isinstance(info.value, DownloadError)
    text = one_line(info.value)
    assert "cancelled after" in text and "the part is kept" in text and "continues" in text
    assert not source.path.exists()
    kept = partial_path(source.path).read_bytes()
    assert 100_000 <= len(kept) < len(DATA) and DATA.startswith(kept)


def test_not_found_names_the_file_and_the_url(weights_server, tmp_path):
    source = served(weights_server, tmp_path)
    weights_server.not_found = True
    with pytest.raises(DownloadError) as info:
        download(source)
    assert one_line(info.value) == f"could not download {source.url} to {source.path}: HTTP 404 Not Found"
    assert info.value.url == source.url and info.value.reason == "HTTP 404 Not Found"
    assert not partial_path(source.path).exists()


def test_connection_refused_is_one_plain_line(tmp_path):
    source = source_for(tmp_path, unused_url())
    with pytest.raises(DownloadError) as info:
        download(source)
    assert one_line(info.value) == f"could not download {source.url} to {source.path}: connection refused"
    assert "offline" not in str(info.value)


def test_a_silent_server_times_out(weights_server, tmp_path, monkeypatch):
    monkeypatch.setattr(weights_download, "TIMEOUT_S", 0.3)
    source = served(weights_server, tmp_path)
    weights_server.hang_after = 70_000
    with pytest.raises(DownloadError, match=r"no data for 0.3 s after 0.1 MB of 0.6 MB; run it again"):
        download(source)
    assert not source.path.exists()


def test_a_full_disk_is_one_line_and_nothing_at_the_final_path(weights_server, tmp_path, monkeypatch):
    source = served(weights_server, tmp_path)

    class Full:
        def __init__(self, real):
            self.real, self.budget = real, 100_000

        def write(self, data):
            if len(data) > self.budget:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.budget -= len(data)
            return self.real.write(data)

        def __getattr__(self, name):
            return getattr(self.real, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.real.close()
    monkeypatch.setattr(weights_download, "open", lambda *a, **k: Full(open(*a, **k)), raising=False)
    # How many bytes were written before the refusal depends on how the socket splits the stream into reads.
    with pytest.raises(DownloadError, match=r"the disk is full after 0\.[01] MB of 0.6 MB; free space") as info:
        download(source)
    one_line(info.value)
    assert not source.path.exists()


def test_too_little_free_space_is_said_before_downloading(weights_server, tmp_path, monkeypatch):
    source = served(weights_server, tmp_path)
    monkeypatch.setattr(weights_download.shutil, "disk_usage", lambda path: SimpleNamespace(free=1000))
    with pytest.raises(DownloadError, match=r"the disk is full: 0.6 MB needed, 0.0 MB free in"):
        download(source)
    assert not source.path.exists()
