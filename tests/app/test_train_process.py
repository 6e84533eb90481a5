"""Training jobs run in a child process: failures in it are explained, a crash of it is survived,
and it never trains on after the window that started it is gone."""
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from PyQt5.QtCore import QObject, pyqtSignal

from app.train_process import TrainingProcess
from app.train_worker import TrainWorker, config_from_values
from core.training.train_events import BatchEnd, DatasetReady, EpochEnd, Finished
from ui.widgets.background import start_in_thread, stop_thread

WAIT = 180_000  # ms: a child imports torch, then trains, on a loaded 2-core machine


class Requests(QObject):
    """Reaches the worker's slots in its own thread, as the window's controller does."""
    train = pyqtSignal(dict, object)


@pytest.fixture
def worker(qtbot):
    worker = TrainWorker()
    thread = start_in_thread(worker, "trainer")
    requests = Requests()
    requests.train.connect(worker.train)
    yield worker, requests
    worker.close()
    stop_thread(thread, worker, 30_000)
    worker.discard_standby()
    assert not multiprocessing.active_children()


def values(data, out, **changes) -> dict:
    return {"data": str(data), "out": str(out), "model": "resnet18", "input_size": (32, 32), "epochs": 2,
            "batch_size": 8, "workers": 0, "val_ratio": 0.25, "test_ratio": 0.25, "augment": [], **changes}


def test_an_error_raised_in_the_child_reaches_the_window_as_its_message(qtbot, worker, tmp_path, dataset):
    worker, requests = worker
    single = tmp_path / "one_class"
    (single / "red").mkdir(parents=True)
    for image in (dataset / "red").iterdir():
        (single / "red" / image.name).write_bytes(image.read_bytes())
    with qtbot.waitSignal(worker.failed, timeout=WAIT) as failed:
        requests.train.emit(values(single, tmp_path / "runs"), None)
    assert failed.args[0].startswith("a classifier needs at least 2 classes") and failed.args[0].endswith("only one: red")


def test_a_killed_training_process_is_reported_and_its_checkpoints_stay(qtbot, worker, tmp_path, dataset):
    worker, requests = worker
    run_dirs = []
    worker.started.connect(run_dirs.append)

    def kill_the_child(_event):
        for child in multiprocessing.active_children():  # during a job, only the job's own process
            os.kill(child.pid, signal.SIGKILL)

    worker.epoch.connect(kill_the_child)
    with qtbot.waitSignal(worker.failed, timeout=WAIT) as failed:
        requests.train.emit(values(dataset, tmp_path / "runs", epochs=50), None)
    message = failed.args[0]
    assert "ended unexpectedly" in message and "SIGKILL" in message and "Resume" in message
    assert (Path(run_dirs[0]) / "last.pt").stat().st_size > 0
    # The worker carries on: the next child is made ready for the next Start.
    with qtbot.waitSignal(worker.engineReady, timeout=WAIT):
        pass


def test_the_child_stops_and_keeps_last_pt_when_the_window_is_gone(tmp_path, dataset):
    child = TrainingProcess()
    assert child.wait_ready(lambda: False)
    child.start_job(("train", config_from_values(values(dataset, tmp_path / "runs", epochs=50)), None))
    seen = []

    def read_until(kind):
        while not isinstance(seen[-1] if seen else None, kind):
            event = child.next_event(WAIT / 1000)
            assert event is not None, f"no event for {WAIT / 1000:.0f} s"
            seen.append(event)

    read_until(EpochEnd)
    child._commands.close()  # what the window's process dying does to the child's command pipe
    read_until(Finished)
    finished = seen[-1]
    run_dir = next(e.run_dir for e in seen if isinstance(e, DatasetReady))
    assert finished.stopped and finished.run_dir == run_dir
    assert sum(isinstance(e, EpochEnd) for e in seen) < 50
    assert (Path(run_dir) / "last.pt").stat().st_size > 0
    assert any(isinstance(e, BatchEnd) for e in seen)
    child.process.join(30)
    assert child.process.exitcode == 0
