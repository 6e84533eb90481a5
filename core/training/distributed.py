"""Several processes under `torchrun` (training, predict.py): which process am I, which device is mine,
and how the processes tell each other that one of them failed.

Without torchrun (or with one process) everything here is a no-op, so the callers have a single
code path. `gloo` serves CPUs, `nccl` CUDA GPUs where it is built in (not on Windows).

A process that fails must not leave the others blocked in a collective until the process group's
timeout (30 minutes), which is what happens on other machines, whose torchrun does not see the
failure. So waits that may be long (another process downloading, classifying its share) are not
collectives: each process posts a note in the rendezvous store (`post`) and the others poll it
(`note`, `wait_for`), between batches or while waiting, and stop with the failed process's words.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable

import torch
import torch.distributed as dist

from core.device import resolve_device


@dataclass
class Cluster:
    rank: int
    world: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1


def start(device_name: str = "auto") -> Cluster:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Cluster(0, 1, resolve_device(device_name))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = torch.cuda.is_available() and device_name not in ("cpu",)
    if not dist.is_initialized():
        # NCCL exists only in Linux builds with CUDA; gloo everywhere (Windows' only backend).
        dist.init_process_group(backend(use_cuda))
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    return Cluster(dist.get_rank(), dist.get_world_size(), device)


def backend(use_cuda: bool) -> str:
    return "nccl" if use_cuda and dist.is_nccl_available() else "gloo"


def share(cluster: Cluster, value):
    """The main process's value, on every process (e.g. the run folder's name)."""
    if not cluster.active:
        return value
    box = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def wrap(model: torch.nn.Module, cluster: Cluster) -> torch.nn.Module:
    if not cluster.active:
        return model
    ids = [cluster.device.index] if cluster.device.type == "cuda" else None
    return torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)


def barrier(cluster: Cluster) -> None:
    if cluster.active:
        dist.barrier()


def stop(cluster: Cluster) -> None:
    if cluster.active and dist.is_initialized():
        dist.destroy_process_group()


def gather(cluster: Cluster, value) -> list | None:
    """Every process's value, in rank order, on the main process (None on the others)."""
    if not cluster.active:
        return [value]
    values = [None] * cluster.world if cluster.is_main else None
    dist.gather_object(value, values, dst=0)
    return values


def _store():
    # The store torchrun's rendezvous made (its agent serves it): reachable while the job lives, so
    # a process can leave a note there for the others without all of them meeting in a collective.
    return dist.distributed_c10d._get_default_store()


def post(cluster: Cluster, key: str, text: str = "") -> None:
    """Leave a note under `key` for every process (the first note under a key wins)."""
    if cluster.active:
        _store().compare_set(f"gradlens/{key}", "", text.encode("utf-8") or b" ")


def note(cluster: Cluster, key: str) -> str | None:
    """The note under `key` ("" for an empty one), or None while nobody has posted it."""
    if not cluster.active:
        return None
    store = _store()
    if not store.check([f"gradlens/{key}"]):
        return None
    return store.get(f"gradlens/{key}").decode("utf-8").strip()


def wait_for(cluster: Cluster, keys: list[str], give_up: Callable[[], bool] = lambda: False,
             period: float = 0.1) -> bool:
    """Wait until every key is posted (True) or `give_up()` says to stop waiting (False)."""
    if not cluster.active:
        return True
    names = [f"gradlens/{key}" for key in keys]
    while not _store().check(names):
        if give_up():
            return False
        time.sleep(period)
    return True


def everyone(cluster: Cluster, value) -> list:
    """Every process's value, in rank order, on every process (e.g. whether each could start)."""
    if not cluster.active:
        return [value]
    values = [None] * cluster.world
    dist.all_gather_object(values, value)
    return values


def check_sync_bn(cluster: Cluster) -> None:
    """Synchronised batch norm runs on CUDA only: DDP refuses it on CPUs ("SyncBatchNorm layers only work
    with GPU modules", torch 2.14), so say so before anything is made."""
    if cluster.active and cluster.device.type != "cuda":
        raise ValueError("--sync-bn needs CUDA GPUs: torch's synchronised batch norm does not run on CPUs; "
                         "train without it")


def sync_batch_norm(model: torch.nn.Module, cluster: Cluster) -> tuple[torch.nn.Module, str]:
    """The model with batch-norm layers that share their statistics across the processes, and what was done.

    The layers keep their parameters and buffers (the same names), so the model file loads as usual."""
    if not cluster.active:
        return model, "synchronised batch norm: one process, nothing to synchronise"
    return (torch.nn.SyncBatchNorm.convert_sync_batchnorm(model),
            f"batch norm synchronised across {cluster.world} processes")


def same_buffers(model: torch.nn.Module, cluster: Cluster) -> None:
    """Give every process the first one's buffers (batch-norm statistics). DDP sends them at the start
    of each forward pass, so after the last training step each process holds the ones its own share
    made; validation must use those the first process saves."""
    if cluster.active:
        for buffer in model.buffers():
            dist.broadcast(buffer.data, src=0)


class FirstProcessFailed(RuntimeError):
    """What the main process did for everyone failed there (it says why); this process stops too."""


def main_first(cluster: Cluster | None, key: str, work: Callable[[], object]):
    """`work()` on the main process only (a download), while the others wait for its note in the store.

    Waiting in the store, not at the rendezvous or in a collective: a failure there is known at once
    instead of after the process group's 30-minute timeout, which is what the others (on another
    machine, whose torchrun does not see the failure) waited before. The others get None, or
    FirstProcessFailed when the work failed or was interrupted."""
    if cluster is None or not cluster.active:
        return work()
    if cluster.is_main:
        try:
            result = work()
        except BaseException as error:
            post(cluster, key, f"failed: {str(error) or type(error).__name__}")
            raise
        post(cluster, key, "" if result is None else "stopped")
        return result
    who = f"process {cluster.rank + 1} of {cluster.world} stopped: the first process"
    try:
        wait_for(cluster, [key])
        outcome = note(cluster, key)
    except RuntimeError:  # its store is gone with it (torch's DistNetworkError and DistStoreError are RuntimeErrors)
        raise FirstProcessFailed(f"{who} is gone (it failed or was stopped: see its output)") from None
    if outcome:
        raise FirstProcessFailed(f"{who} {outcome}")
    return None
