"""Multi-process training under `torchrun`: which process am I, and which device is mine.

Without torchrun (or with one process) everything here is a no-op, so the training loop has a
single code path. `gloo` serves CPUs, `nccl` CUDA GPUs where it is built in (not on Windows).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

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
