"""Ctrl+C, SIGTERM and SIGHUP all end a command-line run the same way: as an exception.

Python turns only SIGINT into KeyboardInterrupt; SIGTERM (kill, a closing service) and SIGHUP
(a closed terminal) end the process at once, so `finally` blocks never run and the results of
finished images were lost. Here each becomes `Interrupted`, a KeyboardInterrupt, so every
`except KeyboardInterrupt`/`finally` path treats them alike. While results are being written
(`deferred()`), a signal is only noted and raised afterwards, so a file is never cut in half by it.
"""
from __future__ import annotations

import contextlib
import signal
import threading

_state = {"installed": False, "deferring": 0, "pending": None, "raised": False}


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; `signum` and `name` say which."""

    def __init__(self, signum: int):
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP


def stop_signals() -> list[int]:
    signums = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):  # Windows has no SIGHUP
        signums.append(signal.SIGHUP)
    return signums


def _handler(signum, _frame):
    if _state["pending"] is not None:
        return  # already stopping: a second signal must not cut the results being written
    _state["pending"] = signum
    if not _state["deferring"]:
        _state["raised"] = True
        raise Interrupted(signum)


@contextlib.contextmanager
def signals_as_interrupts():
    """While inside, SIGINT/SIGTERM/SIGHUP raise Interrupted in the main thread (elsewhere: no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in stop_signals():
        previous[signum] = signal.signal(signum, _handler)
    _state.update(installed=True, deferring=0, pending=None, raised=False)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _state.update(installed=False, deferring=0, pending=None, raised=False)


@contextlib.contextmanager
def deferred():
    """Hold signals back while results are written; raise Interrupted afterwards if one came."""
    if not _state["installed"] or threading.current_thread() is not threading.main_thread():
        yield
        return
    _state["deferring"] += 1
    try:
        yield
    finally:
        _state["deferring"] -= 1
    if not _state["deferring"] and _state["pending"] is not None and not _state["raised"]:
        _state["raised"] = True
        raise Interrupted(_state["pending"])


def pending() -> int | None:
    """The signal that stopped (or is stopping) the run, if any."""
    return _state["pending"]
