"""The window's end of a training child process (core/training/child_job.py explains why a process)."""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from typing import Callable

from core.reporting.figure_text import REPORT_LANG_VARIABLE
from core.training.child_job import READY, STOP, serve

log = logging.getLogger(__name__)

# A fresh interpreter, as train.py gets: forking a process with Qt, OpenMP and GUI threads running
# copies locks held by threads that do not exist in the child. Spawning imports the parent's main
# script in the child as `__mp_main__`, so a script that opens the window keeps its work under
# `if __name__ == "__main__":` (runui.py and the benchmarks do), or the child opens one too.
_CONTEXT = multiprocessing.get_context("spawn")
JOIN_S = 10.0  # after its last event the child only has to exit
ENVIRONMENT = "environment"  # ("environment", {name: value or None}) comes before the job


def _serve(commands_in, events_out) -> None:
    """The child's entry point: core's serve, with the environment the window sends before the job."""
    serve(_WithEnvironment(commands_in), events_out)


class _WithEnvironment:
    """The child's end of the command pipe. The window keeps a child waiting, engine imported, from
    before the user changes settings, and a process's environment is fixed when it starts; so the
    variables its job needs (GRADLENS_WEIGHTS_MIRROR, for a download the job makes itself) come
    with the job: set (a str) or removed (None) here, before serve sees the job."""

    def __init__(self, connection):
        self._connection = connection

    def recv(self):
        while True:
            message = self._connection.recv()
            if not (isinstance(message, tuple) and len(message) == 2 and message[0] == ENVIRONMENT):
                return message
            for name, value in message[1].items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def __getattr__(self, name):  # poll, close…: the connection's own
        return getattr(self._connection, name)


class TrainingProcess:
    """Starts a child that imports the engine at once, then runs one job sent to it."""

    def __init__(self):
        commands_in, self._commands = _CONTEXT.Pipe(duplex=False)
        self._events, events_out = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(target=_serve, args=(commands_in, events_out), name="GradLens training")
        self.process.start()
        # Only the child keeps its ends, so either side reads end-of-file once the other is gone.
        commands_in.close()
        events_out.close()
        self.ready = False
        self._early: list = []   # an event read while waiting for READY (a failed import)

    def wait_ready(self, give_up: Callable[[], bool], poll_s: float = 0.1) -> bool:
        """Block until the engine is imported in the child; False if it failed, died or we gave up."""
        while not self.ready and not self._early and not give_up():
            try:
                event = self._receive(poll_s)
            except EOFError:
                return False
            if event is not None:
                self._early.append(event)
        return self.ready

    def start_job(self, job: tuple, environment: dict[str, str | None] | None = None) -> None:
        """Send the job, after the environment variables it runs with (see _WithEnvironment); its
        report's figures speak the window's language of now (core/reporting/figure_text.py)."""
        from app.i18n import current_language  # here, in the window: the child imports this module, not Qt
        environment = {**(environment or {}), REPORT_LANG_VARIABLE: current_language()}
        self._commands.send((ENVIRONMENT, environment))
        self._commands.send(job)

    def stop(self) -> None:
        """Ask the job to end after its batch (it keeps last.pt); harmless once the child is gone."""
        try:
            self._commands.send(STOP)
        except OSError:
            pass

    def next_event(self, timeout_s: float):
        """The job's next event, or None if none came in time. EOFError: the child is gone."""
        if self._early:
            return self._early.pop(0)
        return self._receive(timeout_s)

    def _receive(self, timeout_s: float):
        while self._events.poll(timeout_s):
            event = self._events.recv()
            if event != READY:
                return event
            self.ready = True
        return None

    def has_unread(self) -> bool:
        """Whether the child has sent something not read yet (an event, or end of file)."""
        try:
            return bool(self._early) or self._events.poll(0)
        except OSError:
            return True  # closed: nothing more to wait for here, next_event says so

    def finish(self) -> None:
        """After the job's last event: let the child exit; end it if it hangs."""
        self._commands.close()
        self.process.join(JOIN_S)
        if self.process.is_alive():
            log.warning("the training process did not exit; ending it")
            self.discard()
        self._events.close()

    def discard(self) -> None:
        """End a child that has no job, or one that must go now (it has nothing to save)."""
        self._commands.close()
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(JOIN_S)
        self._events.close()

    def death(self) -> str:
        """Why the child ended without saying so, in words, for a message."""
        self.process.join(JOIN_S)
        code = self.process.exitcode
        if code is None:
            return "it stopped answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code == getattr(signal, "SIGKILL", None):  # POSIX only; Windows reports no signals
                return f"it was killed ({name}), most likely because the system ran out of memory"
            return f"it crashed ({name})"
        return f"exit code {code}"
