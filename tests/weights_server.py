"""A real HTTP server on 127.0.0.1 that serves weights files, and misbehaves on request.

Tests point downloads at it instead of the internet (nothing may leave this machine). It serves
the files under its folder, answers Range requests (206) the way download.pytorch.org does, and
has switches for the ways a real download goes wrong:

    def test_something(weights_server):               # the fixture in tests/conftest.py
        url = weights_server.add("models/w-0123abcd.pth", data)   # -> http://127.0.0.1:PORT/models/w-0123abcd.pth
        weights_server.throttle = 200_000     # bytes per second: progress and Cancel can be observed
        weights_server.stop_after = 1000      # close the connection after 1000 body bytes (a cut download)
        weights_server.hang_after = 1000      # send 1000 body bytes, then nothing (a timeout)
        weights_server.corrupt = True         # the same number of bytes, some of them wrong
        weights_server.not_found = True       # 404 for everything
        weights_server.ignore_range = True    # answer Range requests with the whole file (200)
        weights_server.requests               # [(path, Range header or None, status)] as they came in
        weights_server.mirror                 # http://127.0.0.1:PORT, for GRADLENS_WEIGHTS_MIRROR

Switches apply to every response until set back. `unused_url()` is a URL on which nothing listens
(connection refused). The server runs on daemon threads and stops when the fixture ends.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHUNK = 4096


class WeightsServer:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.throttle: int | None = None
        self.stop_after: int | None = None
        self.hang_after: int | None = None
        self.corrupt = False
        self.not_found = False
        self.ignore_range = False
        self.requests: list[tuple[str, str | None, int]] = []
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="weights-server",
                                        daemon=True)  # a short poll: the fixture's teardown waits for it

    @property
    def mirror(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, relative: str) -> str:
        return f"{self.mirror}/{relative.lstrip('/')}"

    def add(self, relative: str, data: bytes) -> str:
        """Serve `data` at /relative; returns its URL."""
        relative = relative.lstrip("/")  # "/a/b" must stay inside the server's folder
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return self.url(relative)

    def start(self) -> "WeightsServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()  # handlers hanging on purpose let go
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def unused_url(path: str = "models/weights.pth") -> str:
    """A 127.0.0.1 URL on which nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/{path}"


def _handler(server: WeightsServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep the test output quiet
            pass

        def do_HEAD(self):
            self._answer(body=False)

        def do_GET(self):
            self._answer(body=True)

        def _answer(self, body: bool):
            relative = unquote(urlsplit(self.path).path).lstrip("/")
            file = (server.root / relative).resolve()
            wanted = self.headers.get("Range")
            if server.not_found or not file.is_file() or server.root.resolve() not in file.parents:
                return self._status(404, relative, wanted)
            data = file.read_bytes()
            if server.corrupt:
                data = bytes(b ^ 0x5A if i % 97 == 0 else b for i, b in enumerate(data))
            start, status = 0, 200
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted or "")
            if match and not server.ignore_range:
                start = int(match.group(1))
                end = int(match.group(2)) if match.group(2) else len(data) - 1
                if start >= len(data) or end < start:
                    server.requests.append((relative, wanted, 416))
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data, status = data[start:end + 1], 206
                total = file.stat().st_size
            server.requests.append((relative, wanted, status))
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Accept-Ranges", "none" if server.ignore_range else "bytes")
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{start + len(data) - 1}/{total}")
            self.end_headers()
            if body:
                self._send(data)

        def _send(self, data: bytes):
            sent = 0
            began = time.monotonic()
            try:
                while sent < len(data):
                    if server.stop_after is not None and sent >= server.stop_after:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)  # cut: the client sees a short body
                        return
                    if server.hang_after is not None and sent >= server.hang_after:
                        self.wfile.flush()
                        server._closing.wait(60)  # silence: the client's timeout must end it
                        self.close_connection = True
                        return
                    limit = min(x for x in (server.stop_after, server.hang_after, len(data)) if x is not None)
                    piece = data[sent:min(sent + CHUNK, limit)]
                    self.wfile.write(piece)
                    sent += len(piece)
                    if server.throttle:
                        lag = began + sent / server.throttle - time.monotonic()
                        if lag > 0:
                            time.sleep(lag)
            except (BrokenPipeError, ConnectionResetError, OSError):
                self.close_connection = True  # the client cancelled or gave up: nothing to tell it

        def _status(self, code: int, relative: str, wanted):
            server.requests.append((relative, wanted, code))
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler
