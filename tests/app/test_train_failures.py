"""Failures of a training started from the window say what the command line says: a full disk
in the training process, a dataset of unreadable images, a training process that died."""
import json
import os
import signal
import tempfile
from pathlib import Path

import pytest
from PyQt5.QtWidgets import QLabel

from app.train_worker import scan_dataset
from tests.full_disk import SITECUSTOMIZE
from tests.user import answer_file_dialog, click, type_into

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
    assert problem.startswith(f"no image in {broken} could be read (6 unreadable files): cats{os.sep}0.png: ")
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


def _sys_refuses_folders_that_permissions_allow() -> bool:
    try:
        os.rmdir(tempfile.mkdtemp(dir="/sys"))
    except OSError:
        return os.access("/sys", os.W_OK | os.X_OK) and not os.statvfs("/sys").f_flag & os.ST_RDONLY
    return False


@pytest.mark.skipif(not _sys_refuses_folders_that_permissions_allow(),
                    reason="needs a /sys that refuses new folders though its permissions allow them (Linux, as root)")
def test_an_output_folder_no_folder_can_be_made_in_is_refused_before_start_in_plain_words(qtbot, gui, tmp_path,
                                                                                          dataset):
    """/sys/gradlens_runs passed the form (root may write by the permission bits) and the run failed with a bare
    "Operation not permitted: /sys/gradlens_runs" in a "Training failed" box."""
    window, controller = gui
    window.train.trigger()
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    form = training.window.form
    form.set_values({"data": str(dataset), "model": "resnet18", "input_size": (32, 32), "epochs": 1,
                     "batch_size": 8, "workers": 0})
    type_into(qtbot, form.field("out"), "/sys/gradlens_runs")
    click(qtbot, training.window.start)
    said = "Output folder /sys/gradlens_runs: no folder can be made in /sys"
    problems = form.findChild(QLabel, "problems")
    qtbot.waitUntil(lambda: not training.running and said in problems.text(), timeout=5000)  # not after the engine
    assert not training.running and not training.window.start.isEnabled() and "out" in form.invalid_fields()
    assert training.window.status.text() == f"Please fix: {said}"
    assert controller.warnings == []  # no "Training failed" box
    type_into(qtbot, form.field("out"), str(tmp_path / "runs"))  # a folder that can be made: Start again
    qtbot.waitUntil(lambda: training.window.start.isEnabled(), timeout=WAIT)
    assert training.window.status.text() == "Not running"  # "Please fix" went with the problem


def test_the_output_folder_is_tried_by_making_a_folder_there_and_removing_it(tmp_path, monkeypatch):
    from ui.training import form_checks
    out = tmp_path / "runs" / "mine"
    assert form_checks.output_folder_problem(str(out)) is None
    assert list(tmp_path.iterdir()) == []  # nothing made is left, not even the output folder

    def refused(**where):
        raise PermissionError(1, "Operation not permitted", where["dir"])
    monkeypatch.setattr(form_checks.tempfile, "mkdtemp", refused)  # as /sys, a quota or a root-squashed share
    assert form_checks.output_folder_problem(str(out)) == f"output folder {out}: no folder can be made in {tmp_path}"


def test_a_failure_line_goes_from_the_progress_tab_once_the_form_is_edited(qtbot, gui, tmp_path, dataset):
    """A run that failed to start left its error at the top of the Progress tab during later, unrelated problems
    with the form; the log keeps it."""
    window, controller = gui
    window.train.trigger()
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    run = tmp_path / "runs" / "20260101-000000-resnet18"  # a run's settings, but no last.pt to resume from
    run.mkdir(parents=True)
    (run / "config.json").write_text(json.dumps({"data": str(dataset), "model": "resnet18", "out": str(run.parent)}),
                                     encoding="utf-8")
    answered = answer_file_dialog(qtbot, str(run))
    with qtbot.waitSignal(training.runFailed, timeout=WAIT) as failed:
        click(qtbot, training.window.resume)
    assert answered
    message = failed.args[0]
    assert message.startswith("model file not found:")
    status = training.window.status
    assert status.text().lower() == message.lower()  # as a sentence
    type_into(qtbot, training.window.form.field("budget"), "1e")  # an unrelated mistake
    assert status.text() == "Not running"
    assert message in training.window.log.toPlainText()
