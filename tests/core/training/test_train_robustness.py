"""Training under hostile conditions: a disk that fills up, kills that leave temp files behind,
unreadable data, nonsense options. Each ends in one plain line, and nothing written is lost."""
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

import train as train_cli
from core.models.modelfile import load_model_file
from core.training import distributed
from core.training.checkpoint import read_resume_state
from core.training.train import train
from core.training.train_events import Finished, Message
from core.training.trainconfig import TrainConfig
from tests.full_disk import fill_at

ROOT = Path(__file__).resolve().parents[3]
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # SIGTERM ends a process at once on Windows


@pytest.fixture(scope="module")
def data(tmp_path_factory, write_square_classes) -> Path:
    return write_square_classes(tmp_path_factory.mktemp("robust_data"), ("a", "b"), 8, 20, seed=2)


def config(data, tmp_path, **changes) -> TrainConfig:
    values = dict(data=str(data), out=str(tmp_path / "runs"), model="resnet18", input_size=(32, 32), epochs=2,
                  batch_size=8, lr=3e-3, val_ratio=0.25, test_ratio=0.25, workers=0, seed=0, augment=["hflip"])
    values.update(changes)
    return TrainConfig(**values)


def finished(events) -> Finished:
    return next(e for e in events if isinstance(e, Finished))


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".*.tmp"))


def cli_args(data, tmp_path, *extra) -> list[str]:
    return ["--data", str(data), "--out", str(tmp_path / "runs"), "--model", "resnet18", "--input-size", "32",
            "--epochs", "2", "--batch-size", "8", "--workers", "0", "--val-ratio", "0.25", "--test-ratio", "0.25",
            *extra]


# --- a full disk -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, occurrence, kept", [
    ("config.json", 1, "no checkpoint was written yet: free space and start the run again"),
    ("best.pt", 1, "last.pt still holds the untrained start: free space and continue with --resume {run}"),
    ("metrics.csv", 2, "last.pt still holds epoch 1: free space and continue with --resume {run}"),
    ("last.pt", 3, "last.pt still holds epoch 1: free space and continue with --resume {run}"),
    ("per_class.csv", 1, "last.pt still holds epoch 2: free space and continue with --resume {run}"),  # report/
])
def test_a_full_disk_ends_the_run_in_one_sentence_and_keeps_what_was_written(data, tmp_path, monkeypatch,
                                                                               name, occurrence, kept):
    disk = fill_at(name, occurrence, setattr=monkeypatch.setattr)
    done = finished(list(train(config(data, tmp_path))))
    assert disk["full"] and done.failed
    run_dir = Path(done.run_dir)
    what = f"a file could not be written in {run_dir / 'report'}" if name == "per_class.csv" else \
        f"{name} could not be written in {run_dir}"
    assert done.reason == f"the disk is full: {what}; " + kept.format(run=run_dir)
    assert temp_files(run_dir) == [], "a half-written temp file was left behind"
    if (run_dir / "last.pt").exists():  # what was written before the disk filled is whole
        epoch = read_resume_state(run_dir / "last.pt")["resume"]["epoch"]
        assert f"holds epoch {epoch}" in done.reason or (epoch == 0 and "untrained start" in done.reason)
    if (run_dir / "metrics.csv").exists():
        assert [int(r["epoch"]) for r in csv.DictReader((run_dir / "metrics.csv").open(encoding="utf-8-sig"))]
    monkeypatch.undo()  # space freed: the advice given works
    if "--resume" in kept:
        resumed = finished(list(train(config(data, tmp_path), resume=run_dir)))
        assert not resumed.failed and resumed.run_dir == str(run_dir)
        assert read_resume_state(run_dir / "last.pt")["resume"]["epoch"] == 2
        assert "test_accuracy" in load_model_file(run_dir / "best.pt").metrics
        assert temp_files(run_dir) == []


def error_lines(err: str) -> list[str]:
    """The "error:" lines of stderr (progress bars share it, ending in carriage returns)."""
    return [line for line in err.replace("\r", "\n").splitlines() if "error:" in line]


def test_train_py_says_the_disk_is_full_in_one_line_and_exits_1(data, tmp_path, monkeypatch, capsys):
    fill_at("last.pt", 2, setattr=monkeypatch.setattr)   # the start is kept, epoch 1 is not
    assert train_cli.main(cli_args(data, tmp_path)) == 1
    out, err = capsys.readouterr()
    run_dir = next((tmp_path / "runs").iterdir())
    assert error_lines(err) == [f"error: the disk is full: last.pt could not be written in {run_dir}; "
                                f"last.pt still holds the untrained start: free space and continue "
                                f"with --resume {run_dir}"]
    assert "Traceback" not in out + err and "enforce fail" not in out + err
    assert temp_files(tmp_path) == []


def test_a_full_disk_during_the_lr_range_test_is_one_line(data, tmp_path, monkeypatch, capsys):
    fill_at("lr_finder.png", 1, setattr=monkeypatch.setattr)
    assert train_cli.main(cli_args(data, tmp_path, "--find-lr", "--find-lr-steps", "5", "--batch-size", "4")) == 1
    out, err = capsys.readouterr()
    (line,) = error_lines(err)
    assert line == (f"error: the disk is full: a file could not be written in {tmp_path / 'runs' / 'lr_finder'}; "
                    "files written earlier are intact")
    assert "Traceback" not in out + err
    assert temp_files(tmp_path) == []


def test_a_model_file_write_that_fails_is_an_os_error_not_torchs_enforce_fail(data, tmp_path, monkeypatch):
    from core.models.modelfile import save_model_file
    run_dir = Path(finished(list(train(config(data, tmp_path, epochs=1)))).run_dir)
    best = load_model_file(run_dir / "best.pt")
    before = (run_dir / "best.pt").read_bytes()
    fill_at("best.pt", 1, setattr=monkeypatch.setattr)
    with pytest.raises(OSError) as error:
        save_model_file(run_dir / "best.pt", best)
    assert error.value.errno == 28 and error.value.filename == str(run_dir / "best.pt")
    assert (run_dir / "best.pt").read_bytes() == before and temp_files(run_dir) == []


# --- kills, and the temp files they leave ---------------------------------------------------------

KILLED_WRITE = """
import os, sys
sys.path.insert(0, sys.argv[1])
from core.atomic import atomic_open
with atomic_open(sys.argv[2], "wb") as handle:
    handle.write(b"x" * 3_000_000)
    handle.flush()
    os.kill(os.getpid(), int(sys.argv[3]))
"""


def kill_while_writing(target: Path) -> Path:
    """A process killed in the middle of GradLens's atomic write of `target`; returns the temp file
    it left, made to look a few minutes old (as when the user comes back to resume)."""
    before = set(target.parent.glob(".*.tmp")) if target.parent.exists() else set()
    result = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(ROOT), str(target), str(int(KILL))],
                            capture_output=True, timeout=120)
    assert result.returncode != 0
    (left,) = set(target.parent.glob(".*.tmp")) - before
    old = time.time() - 600
    os.utime(left, (old, old))
    return left


def test_resume_removes_the_temp_files_of_killed_writes_and_only_those(data, tmp_path):
    run_dir = Path(finished(list(train(config(data, tmp_path, epochs=1)))).run_dir)
    last_before = (run_dir / "last.pt").read_bytes()
    leftovers = [kill_while_writing(run_dir / "last.pt"), kill_while_writing(run_dir / "report" / "roc.png")]
    assert (run_dir / "last.pt").read_bytes() == last_before, "a killed write must not touch the file"
    mine = [run_dir / "notes.tmp", run_dir / ".notes.tmp", run_dir / "report" / ".draft.tmp"]
    for path in mine:
        path.write_text("the user's own")
    events = list(train(config(data, tmp_path, epochs=2), resume=run_dir))
    assert not finished(events).failed
    assert not any(path.exists() for path in leftovers)
    assert all(path.read_text() == "the user's own" for path in mine)
    assert any(isinstance(e, Message) and "2 leftover temp file" in e.text for e in events)


def test_a_new_run_and_the_lr_range_test_clear_what_killed_ones_left_in_the_output_folder(data, tmp_path, capsys):
    run_dir = Path(finished(list(train(config(data, tmp_path, epochs=1)))).run_dir)
    runs = tmp_path / "runs"
    leftovers = [kill_while_writing(run_dir / "best.pt"), kill_while_writing(runs / "lr_finder" / "lr_finder.png")]
    fresh = kill_while_writing(runs / "other" / "x.csv")
    os.utime(fresh)  # written just now: perhaps by a GradLens still at work, so kept
    keep = runs / "notes" / ".plan.abcdefgh.tmp"  # a GradLens-like name, but outside any run folder
    keep.parent.mkdir()
    keep.write_text("mine")
    os.utime(keep, (time.time() - 600, time.time() - 600))
    assert not finished(list(train(config(data, tmp_path, epochs=1)))).failed  # a new run in the same folder
    assert not any(path.exists() for path in leftovers) and fresh.exists() and keep.read_text() == "mine"
    leftover = kill_while_writing(runs / "lr_finder" / "lr_finder.csv")
    assert train_cli.main(cli_args(data, tmp_path, "--find-lr", "--find-lr-steps", "3", "--batch-size", "4")) == 0
    assert not leftover.exists() and fresh.exists() and keep.read_text() == "mine"


def test_a_killed_train_py_resumes_with_only_resume_given(data, tmp_path):
    command = [sys.executable, "train.py", *cli_args(data, tmp_path, "--epochs", "3")]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"})
    try:
        for line in process.stdout:
            if line.startswith("epoch 1/3"):
                break
        os.kill(process.pid, KILL)
    finally:
        process.wait(60)
        process.stdout.close()
    assert process.returncode != 0
    (run_dir,) = (tmp_path / "runs").iterdir()
    assert train_cli.main(["--resume", str(run_dir)]) == 0
    rows = list(csv.DictReader((run_dir / "metrics.csv").open(encoding="utf-8-sig")))
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3]
    assert temp_files(run_dir) == []


# --- where the outputs go ------------------------------------------------------------------------

def test_out_naming_an_existing_file_is_refused_and_the_file_kept(data, tmp_path, capsys):
    existing = tmp_path / "results.txt"
    existing.write_text("keep me")
    for out in (existing, existing / "runs"):
        with pytest.raises(SystemExit) as exit_info:
            train_cli.main(["--data", str(data), "--out", str(out)])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert f"{existing} is a file, not a folder" in err and "Traceback" not in err
    assert existing.read_text() == "keep me"
    with pytest.raises(ValueError, match="is a file, not a folder"):
        next(train(config(data, tmp_path, out=str(existing))))  # the window's way in


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only disk", "no permission"])
def test_an_output_folder_that_cannot_be_written_is_refused_before_the_run(data, tmp_path, capsys, monkeypatch,
                                                                          read_only):
    """A read-only disk was found only by the run, as "Read-only file system: …" after the window had switched to
    its progress page. The disk's answers are faked here: making a read-only mount needs root."""
    import os
    closed = tmp_path / "closed"
    closed.mkdir()
    real_access, real_statvfs = os.access, os.statvfs
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != closed and real_access(path, mode, **kw))
    flags = os.ST_RDONLY if read_only else 0
    monkeypatch.setattr(os, "statvfs", lambda path: type("Stat", (), {"f_flag": flags})() if Path(path) == closed
                        else real_statvfs(path))
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--data", str(data), "--out", str(closed / "runs")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    said = f"{closed} is on a read-only disk" if read_only else f"no permission to write in {closed}"
    assert said in err and "Traceback" not in err and not (closed / "runs").exists()
    with pytest.raises(ValueError, match=said):
        next(train(config(data, tmp_path, out=str(closed / "runs"))))  # the window's way in


def test_split_only_into_an_existing_file_is_refused_and_the_file_kept(data, tmp_path, capsys):
    from core.data.split_folder import split_folder
    existing = tmp_path / "split.zip"
    existing.write_bytes(b"PK keep me")
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--data", str(data), "--split-only", str(existing)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"{existing} is a file, not a folder" in err and "Traceback" not in err
    with pytest.raises(ValueError, match="is a file, not a folder"):
        split_folder(data, existing / "inside")
    assert existing.read_bytes() == b"PK keep me"


# --- unreadable data -----------------------------------------------------------------------------

def write_unreadable(folder: Path) -> Path:
    for name in ("cats", "dogs"):
        (folder / name).mkdir(parents=True)
        for i in range(4):
            (folder / name / f"{i}.jpg").write_bytes(b"not a jpeg at all")
    return folder


def test_a_dataset_of_unreadable_images_says_so_with_the_reasons(tmp_path, capsys):
    broken = write_unreadable(tmp_path / "broken")
    assert train_cli.main(["--data", str(broken), "--out", str(tmp_path / "runs"), "--workers", "0"]) == 2
    out, err = capsys.readouterr()
    (line,) = error_lines(err)
    assert line.startswith(f"error: no image in {broken} could be read (8 unreadable files): ")
    assert f"cats{os.sep}0.jpg: " in line and "and 5 more" in line and "val/" not in line
    assert "Traceback" not in out + err


# --- nonsense options ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad, message", [
    (["--epochs", "-1"], "epochs must be at least 1, got -1"),
    (["--lr", "inf"], "learning rate must be a positive number, got inf"),
    (["--lr", "nan"], "learning rate must be a positive number, got nan"),
    (["--workers", "-5"], "workers must be 0 or more (-1 = choose), got -5"),
    (["--momentum", "nan"], "momentum must be in [0, 1), got nan"),
    (["--weight-decay", "inf"], "weight decay must be 0 or a positive number, got inf"),
    (["--grad-clip", "-1"], "gradient clipping must be 0 (off) or a positive number, got -1.0"),
    (["--label-smoothing", "nan"], "label smoothing must be in [0, 1), got nan"),
    (["--warmup-epochs", "inf"], "warm-up epochs must be 0 or more, got inf"),
    (["--warmup-epochs", "nan"], "warm-up epochs must be 0 or more, got nan"),
    (["--freeze-epochs", "-2"], "freeze epochs must be 0 or more, got -2"),
    (["--backbone-lr-scale", "inf"], "backbone lr scale must be in (0, 1], got inf"),
    (["--gamma", "nan"], "gamma must be in (0, 1], got nan"),
    (["--step-size", "0"], "step size must be at least 1 epoch, got 0"),
    (["--milestones", "0,5"], "milestones must be epochs of at least 1, got [0, 5]"),
    (["--early-stopping", "-1"], "early stopping patience must be 0 (off) or more epochs, got -1"),
    (["--val-ratio", "nan"], "val and test ratios must be in [0, 1)"),
    (["--seed", "-1"], "seed must be in 0..4294967295, got -1"),
    (["--find-lr-steps", "0"], "--find-lr-steps must be at least 1, got 0"),
])
def test_each_nonsense_option_gets_its_own_single_message(data, tmp_path, capsys, bad, message):
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(cli_args(data, tmp_path) + bad)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error: " in line]  # then "(see train.py --help)"
    assert len(errors) == 1, err
    said = errors[0].split("error: ", 1)[1]
    assert said.startswith(message)
    assert ";" not in said, f"one mistake, one message: {said}"
    assert not (tmp_path / "runs").exists()


def test_a_negative_epoch_count_is_not_also_a_warm_up_or_freeze_problem():
    with pytest.raises(ValueError) as error:
        TrainConfig(data="d", epochs=-1, warmup_epochs=1, freeze_epochs=1).validate()
    assert str(error.value) == "epochs must be at least 1, got -1"
    with pytest.raises(ValueError) as error:  # and two mistakes are two messages
        TrainConfig(data="d", epochs=2, warmup_epochs=3, freeze_epochs=2, lr=float("inf")).validate()
    assert str(error.value).split("; ") == ["learning rate must be a positive number, got inf",
                                            "warm-up must be shorter than the run (3 >= 2 epochs)",
                                            "freeze epochs must be fewer than epochs (2 >= 2)"]


# --- --resume knows its data ---------------------------------------------------------------------

def test_resume_takes_the_runs_own_data_and_refuses_another(data, tmp_path, capsys, write_square_classes):
    assert train_cli.main(cli_args(data, tmp_path, "--epochs", "1")) == 0
    (run_dir,) = (tmp_path / "runs").iterdir()
    other = write_square_classes(tmp_path / "other", ("a", "b"), 4, 20, seed=5)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--resume", str(run_dir), "--data", str(other)])
    assert exit_info.value.code == 2
    assert f"--data {other} is not the data of the run being resumed ({data})" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--epochs", "2"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: --data" in capsys.readouterr().err
    assert train_cli.main(["--resume", str(run_dir), "--data", str(data), "--epochs", "2"]) == 0  # the same: fine
    assert [int(r["epoch"]) for r in csv.DictReader((run_dir / "metrics.csv").open(encoding="utf-8-sig"))] == [1, 2]


def test_resume_follows_data_that_has_moved(data, tmp_path, write_square_classes):
    original = write_square_classes(tmp_path / "photos", ("a", "b"), 8, 20, seed=2)
    assert train_cli.main(cli_args(original, tmp_path, "--epochs", "1")) == 0
    (run_dir,) = (tmp_path / "runs").iterdir()
    moved = original.rename(tmp_path / "photos-moved")
    assert train_cli.main(["--resume", str(run_dir), "--data", str(moved), "--epochs", "2"]) == 0
    assert read_resume_state(run_dir / "last.pt")["config"]["data"] == str(moved)


# --- Windows -------------------------------------------------------------------------------------

def test_nccl_only_where_it_exists_and_cuda_is_used(monkeypatch):
    monkeypatch.setattr(torch.distributed, "is_nccl_available", lambda: False)  # Windows
    assert distributed.backend(use_cuda=True) == "gloo"
    monkeypatch.setattr(torch.distributed, "is_nccl_available", lambda: True)
    assert distributed.backend(use_cuda=True) == "nccl" and distributed.backend(use_cuda=False) == "gloo"


# --- --split-only ----------------------------------------------------------------------------------

def test_a_split_that_fills_the_disk_leaves_no_half_copied_image(data, tmp_path, monkeypatch, capsys):
    copied = []
    real_copy = __import__("shutil").copyfileobj

    def copy_until_full(source, target, length=0):
        if len(copied) == 5:  # the sixth image: half of it fits
            target.write(source.read(100))
            raise OSError(28, os.strerror(28))
        copied.append(source.name)
        return real_copy(source, target, length)
    monkeypatch.setattr("shutil.copyfileobj", copy_until_full)
    destination = tmp_path / "split"
    assert train_cli.main(["--data", str(data), "--split-only", str(destination)]) == 1
    (line,) = error_lines(capsys.readouterr().err)
    assert line.startswith("error: the disk is full: ") and "could not be written" in line
    placed = sorted(p for p in destination.rglob("*") if p.is_file())
    assert len(placed) == 5 and all(p.read_bytes() == (data / p.parts[-2] / p.name).read_bytes() for p in placed)
    assert temp_files(destination) == []


def test_ctrl_c_while_last_pt_is_written_waits_for_it_then_says_how_to_resume(data, tmp_path, capsys, monkeypatch):
    """A Ctrl+C that came while torch.save wrote last.pt printed a traceback ("unexpected pos …"); the message
    said "--resume RUN_FOLDER", a placeholder, after the progress bar on the same line."""
    from core.training import train as train_module
    real_save = train_module.save_last
    saves = []

    def save_then_ctrl_c(*args, **kwargs):
        if saves:  # epoch 1's save (the first is epoch 0's, before training)
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the file is being written
        real_save(*args, **kwargs)
        saves.append(args[0])
    monkeypatch.setattr(train_module, "save_last", save_then_ctrl_c)
    code = train_cli.main(["--data", str(data), "--out", str(tmp_path / "runs"), "--model", "resnet18",
                           "--input-size", "32", "--epochs", "3", "--batch-size", "8", "--workers", "0"])
    out, err = capsys.readouterr()
    assert code == 130 and "Traceback" not in out + err
    run_dir = Path(saves[-1]).parent
    assert f"interrupted by SIGINT: {run_dir}/last.pt holds the last finished epoch; continue with --resume {run_dir}" \
        in out.splitlines()
    assert read_resume_state(run_dir / "last.pt")["resume"]["epoch"] == 1  # written whole, then stopped


def test_too_few_images_to_validate_says_so_not_to_raise_a_ratio_already_raised(tmp_path, write_square_classes):
    """One image per class with --val-ratio 0.5 was told to "set a validation ratio above 0"."""
    tiny = write_square_classes(tmp_path / "tiny", ("a", "b"), 1, 20, seed=3)
    for ratio, said in ((0.5, "every class has a single image, which stays for training"),
                        (0.0, "set a validation ratio above 0, or add a val/ folder")):
        with pytest.raises(ValueError, match=said):
            next(e for e in train(config(tiny, tmp_path, val_ratio=ratio, test_ratio=0.0)) if isinstance(e, Finished))


def test_a_misspelt_cam_layer_is_refused_before_a_run_folder_is_made(data, tmp_path):
    """--cam-layer nope was found after the data had been read, leaving a run folder of config.json and dataset.txt
    that --resume then could not resume."""
    with pytest.raises(ValueError, match="layer 'nope' not found in ResNet"):
        next(train(config(data, tmp_path, cam_layer="nope")))
    assert not (tmp_path / "runs").exists()
