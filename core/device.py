"""Turn "auto", "cpu", "cuda" or "cuda:N" into a torch.device, with a clear error when it is absent."""
from __future__ import annotations

import torch


def resolve_device(name: str = "auto") -> torch.device:
    name = (name or "auto").strip().lower()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise ValueError(f"unknown device {name!r}: use auto, cpu, cuda or cuda:N") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"device {name} requested, but no CUDA GPU is available here (use cpu or auto)")
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            raise ValueError(f"device {name} requested, but this machine has {count} CUDA device(s)")
    elif device.type != "cpu":
        raise ValueError(f"unsupported device {name!r}: use auto, cpu, cuda or cuda:N")
    return device


def available_devices() -> list[tuple[str, str]]:
    """(device name, human description) for every device a user can pick."""
    devices = [("cpu", f"CPU ({torch.get_num_threads()} threads)")]
    for index in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
        props = torch.cuda.get_device_properties(index)
        devices.append((f"cuda:{index}", f"{props.name} ({props.total_memory / 2**30:.0f} GiB)"))
    return devices
