"""Which devices mixed precision pays on: CUDA always, a CPU only with bfloat16 in hardware."""
from pathlib import Path

import pytest
import torch

from core import device as device_module
from core.device import available_devices, cpu_has_bfloat16, mixed_precision_pays


@pytest.mark.parametrize("amx, avx512_bf16, expected", [(True, False, True), (False, True, True), (False, False, False)])
def test_a_cpu_has_bfloat16_with_amx_or_avx512_bf16(monkeypatch, amx, avx512_bf16, expected):
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: avx512_bf16)
    assert cpu_has_bfloat16() is expected
    assert mixed_precision_pays(torch.device("cpu")) is expected
    assert mixed_precision_pays(torch.device("cuda", 0)) is True
    cpu = available_devices()[0]
    assert cpu[0] == "cpu" and cpu[2] is expected and ("bfloat16" in cpu[1]) is expected


def test_a_torch_without_the_private_checks_trains_in_float32(monkeypatch):
    monkeypatch.delattr(torch.cpu, "_is_amx_tile_supported")
    assert device_module.cpu_has_bfloat16() is False


def test_this_cpu_answers_as_its_flags_say():
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        pytest.skip("no /proc/cpuinfo to compare with")
    flags = cpuinfo.read_text().split()
    assert cpu_has_bfloat16() is bool({"amx_bf16", "avx512_bf16"} & set(flags))
