"""predict.py under `torchrun`: each process classifies its share of the files, the first one writes.

Process r of N takes files r, r + N, r + 2N... (every N-th file, so a folder whose large images
sit together is still shared evenly) and writes their overlays itself, into the first process's
staging folder (so the output folder must be one every process sees: the same machine, or a
shared file system). At the end each process sends its results to the first one, which puts them
back in the folder's order and writes one results.csv and results.txt exactly as one process would.

A process that fails (an exception, a full disk) leaves a note in the rendezvous store; the others
look for it between batches, stop, and the first process writes no results: a run that lost part
of its images is not passed off as a finished one. Waiting for the others polls the store instead
of blocking in a collective, so a process that never reports does not hold the rest for the
process group's 30-minute timeout, and a signal (Ctrl+C, torchrun stopping the job) still ends it.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from core.interrupts import pending
from core.training import distributed

log = logging.getLogger(__name__)

FAILED, STOP = "predict/failed", "predict/stop"
# After a signal the others get theirs too (Ctrl+C reaches the whole terminal, torchrun passes its
# own on) and report within seconds; torchrun kills what is left after 30 s.
SIGNAL_GRACE_S = 20.0


@dataclass
class Merged:
    """What the first process writes: every process's results in the folder's order."""
    results: list
    problem: OSError | None  # a full disk on some process: the run stopped and keeps what fits
    failure: str | None  # a process failed: no results are written


class Shards:
    """This process's share of the files and the notes the processes leave each other; with one
    process (cluster None or of one) it is the whole list and every note is absent."""

    def __init__(self, cluster=None):
        self.cluster = cluster if cluster is not None and cluster.active else None

    @property
    def active(self) -> bool:
        return self.cluster is not None

    @property
    def is_main(self) -> bool:
        return self.cluster is None or self.cluster.is_main

    def mine(self, items: list) -> list:
        return items if self.cluster is None else items[self.cluster.rank::self.cluster.world]

    def who(self, rank: int | None = None) -> str:
        rank = self.cluster.rank if rank is None else rank
        return f"process {rank + 1} of {self.cluster.world}"

    def fail(self, error: BaseException) -> None:
        """Tell the others this process failed, in words the first process prints."""
        if self.cluster is not None:
            words = str(error).strip().splitlines()
            reason = f"{type(error).__name__}: {words[0]}" if words else type(error).__name__
            distributed.post(self.cluster, FAILED, f"{self.who()} failed ({reason})")

    def halt(self, reason: str) -> None:
        """Ask the others to stop (this process's disk is full: theirs is the same disk)."""
        if self.cluster is not None:
            distributed.post(self.cluster, STOP, f"{self.who()}: {reason}")

    def halted(self) -> bool:
        """Another process failed or asked to stop: this one stops between batches too."""
        if self.cluster is None:
            return False
        return distributed.note(self.cluster, FAILED) is not None or distributed.note(self.cluster, STOP) is not None

    def failure(self) -> str | None:
        return None if self.cluster is None else distributed.note(self.cluster, FAILED)

    def exchange(self, results: list, problem: OSError | None) -> Merged | None:
        """Send this process's results to the first process once every process has finished its
        share (and its overlays). On the first process: the merged results, or None when some
        process never reported; on the others: None."""
        cluster = self.cluster
        distributed.post(cluster, f"predict/done/{cluster.rank}")
        signalled_at: list[float] = []

        def give_up() -> bool:
            if pending() is None:
                return False
            signalled_at[:] = signalled_at or [time.monotonic()]
            return time.monotonic() - signalled_at[0] > SIGNAL_GRACE_S

        if not distributed.wait_for(cluster, [f"predict/done/{rank}" for rank in range(cluster.world)], give_up):
            return None
        sent = (results, None if problem is None else (problem.errno, problem.strerror, problem.filename))
        try:
            everything = distributed.gather(cluster, sent)
        except RuntimeError:  # a process died after saying it was done (torchrun is stopping the job)
            log.debug("gathering the results failed", exc_info=True)
            return None
        if not cluster.is_main:
            return None
        world, merged, first_problem = cluster.world, [], None
        for rank, (part, trouble) in enumerate(everything):
            merged += [(rank + world * i, prediction) for i, prediction in enumerate(part)]
            if trouble is not None and first_problem is None:
                first_problem = OSError(*trouble)
        merged.sort(key=lambda pair: pair[0])
        return Merged([prediction for _, prediction in merged], first_problem, self.failure())
