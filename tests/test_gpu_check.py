"""benchmarks/gpu_check.py keeps working where no GPU is: a session lent one has 15 minutes of it, and
a check broken since it was last run there would spend them. Its CPU dry run takes the engine and the
predict-with-heatmaps steps; without CUDA the full check says so and exits 2."""
import subprocess
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "gpu_check.py"


def run(*args, cwd):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_the_cpu_dry_run_trains_loads_and_predicts_with_heatmaps(tmp_path):
    done = run("--device", "cpu", "--model", "small_resnet_s", "--size", "32", "--per-class", "12",
               "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("PASS engine: one epoch with AMP") for line in lines)
    assert any(line.startswith("PASS predict with Grad-CAM") and "36 images" in line for line in lines)
    assert lines[-1] == "2 of 2 checks passed"
    assert len(list((tmp_path / "predict" / "gradcam" / "overlays").rglob("*.jpg"))) == 36  # the heatmaps, on disk


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_without_cuda_the_full_check_says_so_and_exits_2(tmp_path):
    done = run(cwd=tmp_path)
    assert done.returncode == 2 and "no CUDA device" in done.stdout
