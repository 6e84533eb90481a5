"""train.py as users run it: argument errors, --split-only, --find-lr, --resume, and torchrun."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import train as train_cli
from core.training.trainconfig import TrainConfig

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(tmp_path_factory, write_square_classes) -> Path:
    return write_square_classes(tmp_path_factory.mktemp("cli_data"), ("a", "b"), 12, 20, seed=1)


def args(data, tmp_path, *extra):
    return ["--data", str(data), "--out", str(tmp_path / "runs"), "--model", "resnet18", "--input-size", "32",
            "--epochs", "1", "--batch-size", "8", "--workers", "0", *extra]


@pytest.mark.parametrize("bad, message", [
    (["--epochs", "0"], "epochs must be at least 1"),
    (["--input-size", "abc"], "HEIGHT,WIDTH"),
    (["--model", "resnet1000"], "invalid choice"),
    (["--augment", "hflip,sparkles"], "sparkles"),
    (["--val-ratio", "0.7", "--test-ratio", "0.5"], "ratios"),
])
def test_bad_arguments_exit_with_a_message(data, tmp_path, capsys, bad, message):
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(args(data, tmp_path) + bad)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_missing_data_folder_is_a_clear_error(tmp_path, capsys):
    code = train_cli.main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "runs")])
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_arguments_map_onto_the_config(data, tmp_path):
    parsed = train_cli.make_parser().parse_args(args(data, tmp_path, "--input-size", "48,64", "--augment", "none",
                                                     "--no-amp", "--classes", "a, b", "--milestones", "2,4"))
    config = train_cli.config_from_args(parsed)
    assert config.input_size == (48, 64) and config.augment == [] and config.amp is False
    assert config.classes == ["a", "b"] and config.milestones == [2, 4]
    defaults = TrainConfig(data=str(data))
    assert train_cli.config_from_args(train_cli.make_parser().parse_args(["--data", str(data)])) == defaults


def test_min_lr_is_an_option_and_the_schedule_ends_there(data, tmp_path, capsys):
    from core.training.schedule import lr_factor
    assert "--min-lr" in train_cli.make_parser().format_help()
    config = train_cli.config_from_args(train_cli.make_parser().parse_args(
        args(data, tmp_path, "--lr", "1e-3", "--min-lr", "1e-4")))
    assert config.min_lr == 1e-4
    for schedule in ("cosine", "onecycle"):
        config.schedule = schedule
        assert lr_factor(config.epochs * 10, 10, config) == pytest.approx(0.1)
    assert train_cli.main(args(data, tmp_path, "--epochs", "2", "--lr", "1e-3", "--min-lr", "4e-4")) == 0
    run_dir = next((tmp_path / "runs").iterdir())
    last = (run_dir / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()
    header, row = last[0].split(","), last[-1].split(",")
    assert float(row[header.index("lr")]) == pytest.approx(4e-4)  # without --min-lr: 0
    with pytest.raises(SystemExit):
        train_cli.main(args(data, tmp_path, "--lr", "1e-3", "--min-lr", "1e-2"))
    assert "minimum learning rate must be below the learning rate" in capsys.readouterr().err


def test_train_then_resume_from_the_command_line(data, tmp_path, capsys):
    assert train_cli.main(args(data, tmp_path)) == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "epoch 1/1" in out
    run_dir = next((tmp_path / "runs").iterdir())
    assert train_cli.main(args(data, tmp_path, "--epochs", "2", "--resume", str(run_dir))) == 0
    assert "resuming" in capsys.readouterr().out
    assert len((run_dir / "metrics.csv").read_text().splitlines()) == 3


def test_split_only_copies_and_never_overwrites(data, tmp_path, capsys):
    destination = tmp_path / "split"
    assert train_cli.main(["--data", str(data), "--split-only", str(destination)]) == 0
    copied = sorted(p.relative_to(destination) for p in destination.rglob("*.png"))
    assert len(copied) == 24 and {p.parts[0] for p in copied} == {"train", "val", "test"}
    assert train_cli.main(["--data", str(data), "--split-only", str(destination)]) == 2
    assert "error:" in capsys.readouterr().err
    assert sorted(p.relative_to(destination) for p in destination.rglob("*.png")) == copied


def test_find_lr_suggests_a_rate_and_saves_its_curve(data, tmp_path, capsys):
    assert train_cli.main(args(data, tmp_path, "--find-lr", "--find-lr-steps", "30", "--batch-size", "4")) == 0
    out = capsys.readouterr().out
    assert "suggested learning rate" in out or "no suggestion" in out
    assert (tmp_path / "runs" / "lr_finder" / "lr_finder.png").stat().st_size > 1000
    assert len((tmp_path / "runs" / "lr_finder" / "lr_finder.csv").read_text().splitlines()) > 5


def test_two_cpu_processes_under_torchrun(data, tmp_path):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29531",
               "train.py", *args(data, tmp_path, "--device", "cpu")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    runs = list((tmp_path / "runs").iterdir())
    assert len(runs) == 1, "both processes must share one run folder"
    assert (runs[0] / "best.pt").exists() and (runs[0] / "report" / "metrics.json").exists()
    assert result.stdout.count("epoch 1/1") == 1, "only the first process prints"


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_stops_training_like_ctrl_c(data, tmp_path, signame):
    """kill or a closed terminal: the same clean stop as Ctrl+C, last.pt whole, no temp files."""
    import signal
    import time

    from core.models.modelfile import load_model_file
    command = [sys.executable, "train.py", *args(data, tmp_path, "--epochs", "50", "--cache", "on")]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:  # the first finished epoch means last.pt exists
            if line.startswith("epoch 1/50"):
                break
        run_dir = next((tmp_path / "runs").iterdir())
        deadline = time.monotonic() + 60
        while not (run_dir / "last.pt").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(getattr(signal, signame))
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    number = getattr(signal, signame).value
    assert process.returncode == 128 + number, err
    assert f"interrupted by {signame}: last.pt holds the last finished epoch" in out
    assert "Traceback" not in err
    assert load_model_file(run_dir / "last.pt").arch == "resnet18"
    assert not list(run_dir.rglob("*.tmp"))
