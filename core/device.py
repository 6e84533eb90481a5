"""Turn "auto", "cpu", "cuda" or "cuda:N" into a torch.device, with a clear error when it is absent,
and say which devices compute faster in 16-bit floats (mixed precision)."""
from __future__ import annotations

import torch

from core.plural import counted


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
            raise ValueError(f"device {name} requested, but this machine has {counted(count, 'CUDA device')}")
    elif device.type != "cpu":
        raise ValueError(f"unsupported device {name!r}: use auto, cpu, cuda or cuda:N")
    return device


def cpu_has_bfloat16() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (Intel AMX or AVX-512 BF16: Xeon since
    Cooper Lake, AMD since Zen 4). Elsewhere bfloat16 is emulated and slower than float32."""
    try:  # torch's own checks (what oneDNN dispatches on); private, so a later torch may lack them
        return bool(torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported())
    except AttributeError:
        return False


def mixed_precision_pays(device: torch.device) -> bool:
    """Whether mixed precision speeds training up on `device`: float16 on CUDA GPUs; bfloat16 on CPUs
    that have it in hardware (small_resnet_s at 28 px on 2 Xeon cores with AMX: 1.7x the float32 speed)."""
    return device.type == "cuda" or (device.type == "cpu" and cpu_has_bfloat16())


def available_devices() -> list[tuple[str, str, bool]]:
    """(device name, human description, mixed precision pays there) for every device a user can pick."""
    cpu_bf16 = cpu_has_bfloat16()
    devices = [("cpu", f"CPU ({torch.get_num_threads()} threads{', bfloat16' if cpu_bf16 else ''})", cpu_bf16)]
    for index in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
        props = torch.cuda.get_device_properties(index)
        devices.append((f"cuda:{index}", f"{props.name} ({props.total_memory / 2**30:.0f} GiB)", True))
    return devices
