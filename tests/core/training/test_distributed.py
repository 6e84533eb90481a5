"""Training under torchrun with two CPU processes (gloo): validation is shared between the processes and
its metrics are the whole split's, as one process measures them; synchronised batch norm on CPUs is
refused in one line."""
import csv
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from core.models.modelfile import load_model_file
from core.training.distributed import Cluster, sync_batch_norm
from core.training.engine import evaluate
from core.training.run_data import Data
from core.training.trainconfig import TrainConfig

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def data(tmp_path_factory, write_square_classes) -> Path:
    return write_square_classes(tmp_path_factory.mktemp("ddp_data"), ("a", "b", "c"), 10, 20, seed=3)


def _torchrun(*argv):
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
               "train.py", *[str(a) for a in argv]]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=env)


def _args(data, out, *extra):
    return ["--data", data, "--out", out, "--model", "resnet18", "--input-size", "32", "--epochs", "1",
            "--batch-size", "4", "--workers", "0", "--val-ratio", "0.3", "--test-ratio", "0.1", "--device", "cpu",
            *extra]


@pytest.mark.slow  # real torchrun processes
def test_validation_is_shared_and_measures_the_whole_split(data, tmp_path):
    result = _torchrun(*_args(data, tmp_path / "runs"))
    assert result.returncode == 0, result.stderr[-3000:]
    run_dir = next((tmp_path / "runs").iterdir())
    with open(run_dir / "metrics.csv", newline="", encoding="utf-8-sig") as handle:
        row = next(csv.DictReader(handle))

    # One process evaluates the saved model on the same split, in the same batches of 4.
    config = TrainConfig.from_dict(json.loads((run_dir / "config.json").read_text(encoding="utf-8")))
    whole = Data(config, Cluster(0, 1, torch.device("cpu")))
    assert len(whole.val_set) % 2 == 1  # the processes get 5 and 4 images: nothing is padded or counted twice
    best = load_model_file(run_dir / "best.pt", device="cpu")
    single = evaluate(best.model, whole.val_loader, torch.device("cpu"), nn.CrossEntropyLoss(), False)
    assert float(row["val_acc"]) == single["acc"]
    assert float(row["val_f1"]) == single["f1"]
    assert float(row["val_loss"]) == pytest.approx(single["loss"], rel=1e-5)


@pytest.mark.slow  # real torchrun processes
def test_sync_bn_on_cpus_is_refused_in_one_line(data, tmp_path):
    result = _torchrun(*_args(data, tmp_path / "runs", "--sync-bn"))
    assert result.returncode != 0
    line = ("error: --sync-bn needs CUDA GPUs: torch's synchronised batch norm does not run on CPUs; "
            "train without it")
    assert result.stderr.count(line) == 1, result.stderr[-2000:]
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_sync_bn_in_one_process_changes_nothing():
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
    same, note = sync_batch_norm(model, Cluster(0, 1, torch.device("cpu")))
    assert same is model and isinstance(model[1], nn.BatchNorm2d)
    assert note == "synchronised batch norm: one process, nothing to synchronise"


@pytest.mark.slow  # two real train.py processes
def test_a_failed_download_on_the_first_process_stops_the_others_at_once(data, tmp_path):
    """As on two machines (no torchrun agent to end the others): the second process used to wait at
    the rendezvous for the process group's 30 minutes; now it stops as soon as the first says why."""
    from tests.weights_server import unused_url
    mirror = unused_url().rsplit("/models/", 1)[0]  # nothing listens there: the download is refused
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TORCH_HOME": str(tmp_path / "torch"), "MASTER_ADDR": "127.0.0.1",
           "MASTER_PORT": str(port), "WORLD_SIZE": "2"}
    command = [sys.executable, "train.py", *_args(data, tmp_path / "runs", "--model", "squeezenet1_1",
                                                  "--pretrained", "torchvision", "--weights-mirror", mirror)]
    processes = [subprocess.Popen(command, cwd=REPO, env={**env, "RANK": str(rank), "LOCAL_RANK": str(rank)},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for rank in (0, 1)]
    try:
        (_, first), (_, second) = [process.communicate(timeout=240) for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert processes[0].returncode == 1 and "error: " in first and "Traceback" not in first, first[-2000:]
    assert processes[1].returncode == 1, second[-2000:]
    assert "error: process 2 of 2 stopped: the first process" in second and "Traceback" not in second
    assert not (tmp_path / "runs").exists()
