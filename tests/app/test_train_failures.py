"""Failures of a training started from the window say what the command line says: a full disk
in the training process, a dataset of unreadable images, a training process that died."""
import os
import signal
from pathlib import Path

import pytest

from app.train_worker import scan_dataset
from tests.full_disk import SITECUSTOMIZE
from tests.user import click

ROOT = Path(__file__).resolve().parents[2]
WAIT = 180_000  # ms: the training process imports torch, then trains, on a loaded 2-core machine


@pytest.fixture
def full_disk_in_training_process(tmp_path, monkeypatch):
    """arm(name, n): training processes started from now on find the disk full from the n-th
    write of `name` (tests/full_disk.py, installed by a sitecustomize on their PYTHONPATH)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("GRADLENS_TEST_ROOT", str(ROOT))
    return lambda name, occurrence: monkeypatch.setenv("GRADLENS_TEST_FULL_DISK", f"{name}:{occurrence}")


def test_a_full_disk_in_the_training_process_is_said_in_the_window_as_train_py_says_it(
        qtbot, gui, tmp_path, dataset, full_disk_in_training_process):
    full_disk_in_training_process("last.pt", 3)  # the start and epoch 1 are kept, epoch 2 is not
    window, controller = gui
    window.train.trigger()  # the window keeps a training process waiting: armed before it starts
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    training.window.form.set_values({
        "data": str(dataset), "out": str(tmp_path / "runs"), "model": "resnet18", "input_size": (32, 32),
        "epochs": 2, "batch_size": 8, "workers": 0, "val_ratio": 0.25, "test_ratio": 0.25, "augment": []})
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    event = finished.args[0]
    run_dir = Path(event.run_dir)
    expected = (f"the disk is full: last.pt could not be written in {run_dir}; last.pt still holds epoch 1: "
                f"free space and continue with --resume {run_dir}")
    assert event.failed and event.reason == expected
    said = expected[:1].upper() + expected[1:]  # a sentence in the window, as core's log line it starts lower-case
    assert training.window.status.text() == said
    assert controller.warnings[-1] == said  # the message box
    assert sorted(run_dir.rglob(".*.tmp")) == []


def test_the_form_hears_that_no_image_of_the_dataset_can_be_read(tmp_path):
    broken = tmp_path / "broken"
    for name in ("cats", "dogs"):
        (broken / name).mkdir(parents=True)
        for i in range(3):
            (broken / name / f"{i}.png").write_bytes(b"\x89PNG but not really")
    problem = scan_dataset({"data": str(broken)})["problem"]
    assert problem.startswith(f"no image in {broken} could be read (6 unreadable file(s)): cats{os.sep}0.png: ")
    assert "and 3 more" in problem and "val/" not in problem


def test_a_dead_training_process_is_explained_where_there_is_no_sigkill(monkeypatch):
    from app.train_process import TrainingProcess

    class Ended:
        exitcode = -9

        def join(self, timeout=None):
            pass
    monkeypatch.delattr(signal, "SIGKILL", raising=False)  # as on Windows
    child = TrainingProcess.__new__(TrainingProcess)
    child.process = Ended()
    assert child.death() == "it crashed (SIGKILL)"
