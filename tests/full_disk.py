"""A disk that fills up while GradLens writes a chosen file, for the "disk full" tests.

GradLens writes through core.atomic's temp files (tempfile.mkstemp, then os.fdopen). From the
n-th temp file made for a target called NAME on, every temp file accepts BUDGET more bytes
(the first of them gets half written) and then its write raises OSError(ENOSPC), as a full disk
does; the disk stays full.

In-process: ``fill_at("last.pt", 2, setattr=monkeypatch.setattr)``. In a child process (the
training window's): put SITECUSTOMIZE in a folder on PYTHONPATH and set GRADLENS_TEST_FULL_DISK
to "NAME:N" and GRADLENS_TEST_ROOT to the repository.
"""
import errno
import os
import tempfile

SITECUSTOMIZE = '''
import os, sys
if os.environ.get("GRADLENS_TEST_FULL_DISK"):
    sys.path.insert(0, os.environ["GRADLENS_TEST_ROOT"])
    from tests.full_disk import fill_at
    name, occurrence = os.environ["GRADLENS_TEST_FULL_DISK"].rsplit(":", 1)
    fill_at(name, int(occurrence))
'''


class _FullFile:
    def __init__(self, real, budget: int):
        self._real, self._budget = real, budget

    def write(self, data):
        if len(data) > self._budget:
            self._real.write(data[:self._budget])
            self._budget = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._budget -= len(data)
        return self._real.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()
        return False

    def __getattr__(self, name):
        return getattr(self._real, name)


def fill_at(name: str, occurrence: int = 1, budget: int = 64, setattr=setattr) -> dict:
    """Make the disk full from the `occurrence`-th write of a file called `name`. Returns a dict
    whose "full" says whether that happened."""
    real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen
    state = {"seen": 0, "full": False, "doomed": set()}

    def mkstemp(*args, **kwargs):
        fd, path = real_mkstemp(*args, **kwargs)
        base = os.path.basename(path)
        if base.startswith(f".{name}.") and base.endswith(".tmp"):
            state["seen"] += 1
            state["full"] = state["full"] or state["seen"] >= occurrence
        if state["full"]:
            state["doomed"].add(fd)
        return fd, path

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        if fd in state["doomed"]:
            state["doomed"].discard(fd)
            return _FullFile(handle, budget)
        return handle

    setattr(tempfile, "mkstemp", mkstemp)
    setattr(os, "fdopen", fdopen)
    return state
