"""train.py as users run it: argument errors, --split-only, --find-lr, --resume, and torchrun."""
import os
import re
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
    with pytest.raises(SystemExit) as refused:  # taken as 2 without a word, it was
        train_cli.main(["--resume", str(run_dir), "--epochs", "1"])
    assert refused.value.code == 2 and "--epochs 1 is fewer than the run's 2: a resumed run is extended, never " \
        "shortened" in capsys.readouterr().err
    # A finished run resumed as it is: tested again and said so, not taken for training that did nothing.
    assert train_cli.main(["--resume", str(run_dir), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert "all 2 epochs are trained: testing the best model again and writing its report (--epochs N trains " \
           "further)" in out and "test accuracy" in out
    assert len((run_dir / "metrics.csv").read_text().splitlines()) == 3


def test_split_only_copies_and_never_overwrites(data, tmp_path, capsys):
    destination = tmp_path / "split"
    assert train_cli.main(["--data", str(data), "--split-only", str(destination)]) == 0
    copied = sorted(p.relative_to(destination) for p in destination.rglob("*.png"))
    assert len(copied) == 24 and {p.parts[0] for p in copied} == {"train", "val", "test"}
    said = capsys.readouterr().out.splitlines()  # not a Python dict of dicts
    assert said[0].startswith("train: ") and f"2 classes -> {destination / 'train'}" in said[0]
    assert sum(int(line.split(": ")[1].split()[0]) for line in said[:3]) == 24 and "{" not in "".join(said)
    assert train_cli.main(["--data", str(data), "--split-only", str(destination)]) == 2
    assert "error:" in capsys.readouterr().err
    assert sorted(p.relative_to(destination) for p in destination.rglob("*.png")) == copied


def test_find_lr_suggests_a_rate_and_saves_its_curve(data, tmp_path, capsys):
    assert train_cli.main(args(data, tmp_path, "--find-lr", "--find-lr-steps", "30", "--batch-size", "4")) == 0
    out = capsys.readouterr().out
    # As the training form writes a rate and --lr takes it: 1.4e-4, not 0.000142.
    assert re.search(r"^suggested learning rate: \d\.\de-?\d+$", out, re.M) or "no suggestion" in out, out
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


def test_another_architectures_weights_are_refused_before_the_dataset(data, tmp_path, capsys, monkeypatch):
    import torch

    from core.models.registry import build_model
    from core.training import run_data

    def no_scan(*a, **k):
        raise AssertionError("the dataset was scanned before the weights were tried")
    monkeypatch.setattr(run_data.Data, "__init__", no_scan)
    path = tmp_path / "mobilenet.pth"
    torch.save(build_model("mobilenet_v3_small", 10).state_dict(), path)
    assert train_cli.main(args(data, tmp_path, "--pretrained", str(path))) == 2
    printed = capsys.readouterr()
    assert printed.err.startswith("error: the weights are not a resnet18: missing ") and printed.err.count("\n") == 1
    assert printed.out == "" and not (tmp_path / "runs").exists()


@pytest.mark.parametrize("names, ways", [
    (("a", "b"), "put images in it, remove the folder or leave it out with --classes a,b"),
    (("a",), "put images in it or remove the folder"),   # leaving it out would leave one class: no classifier
])
def test_an_empty_class_folder_says_how_to_go_on(tmp_path, capsys, write_square_classes, names, ways):
    data = write_square_classes(tmp_path / "data", names, 4, 16, seed=6)
    (data / "empty class").mkdir()
    assert train_cli.main(["--data", str(data), "--out", str(tmp_path / "runs")]) == 2
    assert capsys.readouterr().err == f"error: class 'empty class' has no images in {data / 'empty class'}: {ways}\n"
    assert not (tmp_path / "runs").exists()


def test_each_dataset_warning_is_said_once(tmp_path, write_square_classes):
    """A corrupt image, a duplicate and a class of 2 images: each warning under the table, not also logged
    above it and repeated after "caching … images"."""
    import shutil
    data = write_square_classes(tmp_path / "data", ("a", "b"), 12, 20, seed=4)
    write_square_classes(tmp_path / "few", ("c",), 2, 20, seed=5)
    shutil.move(tmp_path / "few" / "c", data / "c")
    (data / "a" / "bad.png").write_bytes(b"not an image")
    shutil.copy(data / "b" / "0.png", data / "b" / "copy.png")
    command = [sys.executable, "train.py", *args(data, tmp_path, "--device", "cpu", "--cache", "on")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    dataset_txt = next((tmp_path / "runs").iterdir()) / "dataset.txt"
    warnings = [line for line in dataset_txt.read_text(encoding="utf-8").splitlines() if line.startswith("warning:")]
    assert "warning: 1 unreadable file left out" in warnings and any("fewer than 10" in w for w in warnings)
    printed = (result.stdout + result.stderr).splitlines()
    assert [line for line in printed if line.startswith("warning:")] == warnings
    for warning in warnings:
        assert sum(warning.removeprefix("warning: ") in line for line in printed) == 1, warning


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
    said = f"interrupted by {signame}: {run_dir}/last.pt holds the last finished epoch; continue with --resume {run_dir}"
    assert said in out
    assert "Traceback" not in err
    assert load_model_file(run_dir / "last.pt").arch == "resnet18"
    assert not list(run_dir.rglob("*.tmp"))


# --- pretrained weights: downloaded first, through a mirror, before anything slow (tests/weights_server.py)

@pytest.fixture
def hub_dir(tmp_path):
    """torch's hub cache in tmp_path (TORCH_HOME for child processes), restored afterwards."""
    import torch
    old = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / "torch" / "hub"))
    yield tmp_path / "torch" / "hub"
    torch.hub.set_dir(old)


@pytest.fixture(scope="module")
def squeezenet_weights():
    """A real squeezenet1_1 state dict (5 MB, the smallest torchvision model here) and its sha256."""
    import hashlib
    import io

    import torch

    from core.models.registry import build_model
    torch.manual_seed(7)
    buffer = io.BytesIO()
    torch.save(build_model("squeezenet1_1", 1000).state_dict(), buffer)
    return buffer.getvalue(), hashlib.sha256(buffer.getvalue()).hexdigest()


def squeezenet_source(server, hub_dir, weights):
    """Served by the test server under torch.hub's naming; the checksum in its name is the file's own."""
    from core.models.weights_source import WeightsSource
    data, sha = weights
    name = f"squeezenet1_1-{sha[:8]}.pth"
    server.add(f"models/{name}", data)
    return WeightsSource(f"https://download.pytorch.org/models/{name}", hub_dir / "checkpoints" / name, len(data),
                         sha[:8])


def no_report(monkeypatch):
    """Training without its final report: matplotlib's figures take seconds, and these tests are
    about the weights (the report has its own tests)."""
    from core.training import train as job

    def skipped(*args):
        return {}
        yield
    monkeypatch.setattr(job, "_final_report", skipped)


def squeeze_args(data, tmp_path, *extra):
    return [*args(data, tmp_path, "--model", "squeezenet1_1", "--input-size", "64", "--pretrained", "torchvision"),
            *extra]


@pytest.mark.parametrize("extra", [[], ["--find-lr"]])
def test_unreachable_weights_fail_before_the_dataset_and_leave_no_run_folder(
        data, tmp_path, hub_dir, capsys, monkeypatch, extra):
    from core.training import run_data
    from tests.weights_server import unused_url

    def no_scan(*a, **k):
        raise AssertionError("the dataset was scanned before the weights were there")
    monkeypatch.setattr(run_data.Data, "__init__", no_scan)
    host = unused_url("").rstrip("/")
    code = train_cli.main(args(data, tmp_path, "--pretrained", "torchvision", "--weights-mirror", host, *extra))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    path = hub_dir / "checkpoints" / "resnet18-f37072fd.pth"
    assert err[-1] == f"error: could not download {host}/models/resnet18-f37072fd.pth to {path}: connection refused"
    assert not (tmp_path / "runs").exists(), "no run folder, no lr_finder folder"


@pytest.mark.parametrize("job", ["train", "find_lr"])
def test_the_jobs_themselves_check_the_weights_first(data, tmp_path, hub_dir, monkeypatch, job):
    """The window runs train() and find_lr() without this command line: they check before the scan too."""
    from core.models.weights_download import DownloadError
    from core.training import run_data
    from core.training.lr_finder import find_lr
    from core.training.train import train
    from tests.weights_server import unused_url

    def no_scan(*a, **k):
        raise AssertionError("the dataset was scanned before the weights were there")
    monkeypatch.setattr(run_data.Data, "__init__", no_scan)
    config = TrainConfig(data=str(data), out=str(tmp_path / "runs"), pretrained="torchvision")
    host = unused_url("").rstrip("/")
    with pytest.raises(DownloadError, match="connection refused"):
        list(train(config, weights_mirror=host)) if job == "train" else find_lr(config, tmp_path / "runs" / "lr",
                                                                                 weights_mirror=host)
    assert not (tmp_path / "runs").exists()


def test_a_bad_mirror_is_a_clear_error(data, tmp_path, capsys, monkeypatch):
    assert train_cli.main(args(data, tmp_path, "--pretrained", "torchvision", "--weights-mirror", "mirror.lan")) == 2
    assert "the weights mirror 'mirror.lan' is not an http:// or https:// URL" in capsys.readouterr().err
    assert not (tmp_path / "runs").exists()
    # A machine-wide variable gone wrong stops only the runs that download, not one from random weights.
    monkeypatch.setenv("GRADLENS_WEIGHTS_MIRROR", "mirror.lan")
    assert train_cli.main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "runs")]) == 2
    assert capsys.readouterr().err.startswith("error: data folder not found:")


def test_a_missing_weights_file_fails_before_the_dataset(data, tmp_path, capsys, monkeypatch):
    from core.training import run_data

    def no_scan(*a, **k):
        raise AssertionError("the dataset was scanned before the weights were there")
    monkeypatch.setattr(run_data.Data, "__init__", no_scan)
    assert train_cli.main(args(data, tmp_path, "--pretrained", str(tmp_path / "gone.pth"))) == 2
    assert capsys.readouterr().err.strip() == f"error: weights file not found: {tmp_path / 'gone.pth'}"
    assert not (tmp_path / "runs").exists()


def _not_weights(tmp_path, kind: str) -> tuple[Path, str]:
    """A file a user might give --pretrained that holds no weights, and the one line it gets (predict.py's words)."""
    import torch
    path = tmp_path / f"{kind}.pt"
    if kind == "empty":
        path.write_bytes(b"")
        return path, "empty.pt is empty (0 bytes)"
    if kind == "random":
        path.write_bytes(bytes(range(7, 256)) * 20)
        return path, "random.pt is not a model file (neither a PyTorch file nor a pickle)"
    if kind == "text":
        path.write_text("these are my notes, not a model\n", encoding="utf-8")
        return path, "text.pt is not a model file: it is text starting 'these are my notes, not a model'"
    if kind == "torchscript":
        torch.jit.script(torch.nn.Linear(2, 2)).save(str(path))
        return path, ("torchscript.pt is a TorchScript file (an export, for running without GradLens), not weights: "
                      "start from the GradLens model file it was exported from")
    torch.save(torch.nn.Linear(2, 2), path)
    return path, ("pickle.pt contains code: it is a whole pickled model (torch.nn.modules.linear.Linear), not just "
                  "weights. Opening it would run that code, so GradLens did not open it. If you trust its source, "
                  f"convert it once to plain weights: predict.py --model {path} --trust-pickle --save-model "
                  "weights.pt, then start from weights.pt")


@pytest.mark.parametrize("kind", ["empty", "random", "text", "torchscript", "pickle"])
def test_a_weights_file_without_weights_is_one_line_before_the_dataset(data, tmp_path, capsys, monkeypatch, kind):
    from core.training import run_data

    def no_scan(*a, **k):
        raise AssertionError("the dataset was scanned before the weights file was read")
    monkeypatch.setattr(run_data.Data, "__init__", no_scan)
    path, line = _not_weights(tmp_path, kind)
    assert train_cli.main(args(data, tmp_path, "--pretrained", str(path))) == 2
    printed = capsys.readouterr()
    assert printed.err == f"error: {line}\n" and printed.out == ""
    assert not (tmp_path / "runs").exists()


def test_weights_download_through_the_mirror_then_fine_tune(data, tmp_path, hub_dir, capsys, monkeypatch,
                                                            weights_server, squeezenet_weights):
    import json

    from core.models import pretrained
    source = squeezenet_source(weights_server, hub_dir, squeezenet_weights)
    monkeypatch.setattr(pretrained, "weights_source", lambda arch: source)
    monkeypatch.setenv("GRADLENS_WEIGHTS_MIRROR", "http://127.0.0.1:9")  # the option wins over the variable
    no_report(monkeypatch)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as in a terminal: the bars are drawn
    assert train_cli.main(squeeze_args(data, tmp_path, "--epochs", "2", "--weights-mirror", weights_server.mirror)) == 0
    out, err = capsys.readouterr()
    assert f"downloading the ImageNet weights of squeezenet1_1 (4.7 MB): {weights_server.mirror}/models/" in out
    assert source.path.name in err and "B/s" in err  # tqdm's bar: file, size, speed
    assert source.path.read_bytes() == squeezenet_weights[0]
    assert weights_server.requests == [(f"models/{source.path.name}", None, 200)]
    assert "fine-tuning: the backbone stays frozen for the first 1 of 2 epochs" in out
    assert "epochs 1-1: backbone frozen" in out and "epoch 2: backbone unfrozen" in out
    run_dir = next((tmp_path / "runs").iterdir())
    saved = (run_dir / "config.json").read_text(encoding="utf-8")
    assert json.loads(saved)["freeze_epochs"] == 1
    assert "127.0.0.1" not in saved and "mirror" not in saved, "the mirror belongs to the machine, not the run"
    assert len(weights_server.requests) == 1


def test_an_explicit_freeze_stage_is_kept_and_other_weights_get_none(data, tmp_path):
    """The same rule as the training form's, so the form and the command line build the same config."""
    from core.training.trainconfig import fine_tuning_freeze_epochs

    def freeze(*extra):
        parsed = train_cli.make_parser().parse_args(args(data, tmp_path, "--epochs", "10", *extra))
        return train_cli.config_from_args(parsed).freeze_epochs
    assert freeze("--pretrained", "torchvision") == 2 == fine_tuning_freeze_epochs(10)
    assert freeze("--pretrained", "torchvision", "--freeze-epochs", "0") == 0
    assert freeze("--pretrained", "torchvision", "--freeze-epochs", "3") == 3
    assert freeze() == 0 and freeze("--pretrained", str(tmp_path / "own.pth")) == 0
    assert [fine_tuning_freeze_epochs(n) for n in (1, 2, 5, 10, 50)] == [0, 1, 1, 2, 10]


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_keeps_the_partial_download_and_the_next_run_continues_it(
        data, tmp_path, hub_dir, capsys, monkeypatch, weights_server, squeezenet_weights):
    import signal
    import time

    from core.models import pretrained
    source = squeezenet_source(weights_server, hub_dir, squeezenet_weights)
    weights_server.throttle = 500_000  # 10 s for the whole file: Ctrl+C comes long before its end
    launcher = tmp_path / "launch.py"  # train.py, its weights_source answering with the test's file
    launcher.write_text(
        "import sys\nfrom pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from core.models import pretrained\nfrom core.models.weights_source import WeightsSource\n"
        f"source = WeightsSource({source.url!r}, Path({str(source.path)!r}), {source.size}, {source.sha256_prefix!r})\n"
        "pretrained.weights_source = lambda arch: source\n"
        "import train\nsys.exit(train.main(sys.argv[1:]))\n", encoding="utf-8")
    partial = source.path.with_name(source.path.name + ".partial")
    command = [sys.executable, str(launcher), *squeeze_args(data, tmp_path, "--weights-mirror", weights_server.mirror)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (partial.is_file() and partial.stat().st_size > 100_000) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err
    line = [text for text in out.splitlines() if text.startswith("interrupted")]
    assert len(line) == 1 and f"{partial} is kept and the next run continues from there" in line[0]
    assert "Traceback" not in err
    kept = partial.read_bytes()
    assert 100_000 < len(kept) < len(squeezenet_weights[0]) and squeezenet_weights[0].startswith(kept)
    assert not source.path.exists() and not (tmp_path / "runs").exists()

    weights_server.throttle = None
    monkeypatch.setattr(pretrained, "weights_source", lambda arch: source)
    no_report(monkeypatch)
    assert train_cli.main(squeeze_args(data, tmp_path, "--weights-mirror", weights_server.mirror)) == 0
    assert f"continuing after {len(kept) / 2**20:.1f} MB" in capsys.readouterr().out
    assert weights_server.requests[-1] == (f"models/{source.path.name}", f"bytes={len(kept)}-", 206)
    assert source.path.read_bytes() == squeezenet_weights[0]


def test_any_timm_backbone_trains_into_a_flat_run_folder(data, tmp_path, capsys, monkeypatch):
    no_report(monkeypatch)
    code = train_cli.main(["--data", str(data), "--out", str(tmp_path / "runs"), "--model", "timm/resnet10t",
                           "--input-size", "32", "--epochs", "1", "--batch-size", "8", "--workers", "0"])
    assert code == 0, capsys.readouterr().err
    (run,) = (tmp_path / "runs").iterdir()
    assert run.name.endswith("-timm-resnet10t") and (run / "best.pt").is_file()


def test_a_misspelt_timm_name_is_refused_before_the_dataset_with_close_names(tmp_path, capsys):
    code = train_cli.main(["--data", str(tmp_path / "not scanned"), "--out", str(tmp_path / "runs"),
                           "--model", "timm/resnet10tt", "--epochs", "1"])
    assert code != 0
    err = capsys.readouterr().err
    assert "timm/resnet10t" in err and "not scanned" not in err
    assert not (tmp_path / "runs").exists()


def test_the_modern_recipe_from_the_command_line_then_predict_with_the_models_tta(data, tmp_path, capsys):
    import json

    import predict
    from core.models.modelfile import load_model_file
    recipe = ["--epochs", "2", "--augment", "hflip,translate,trivialaugment,randaugment", "--translate", "0.1",
              "--mixup", "0.2", "--cutmix", "1.0", "--ema", "0.9", "--schedule", "onecycle", "--optimizer", "sgd",
              "--tta", "flip_shift", "--label-smoothing", "0.1"]
    assert train_cli.main(args(data, tmp_path, *recipe)) == 0
    out = capsys.readouterr().out
    assert "with test-time augmentation (flip_shift)" in out and "test accuracy" in out
    run_dir = next((tmp_path / "runs").iterdir())
    config = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
    assert config["augment"] == ["hflip", "translate", "trivialaugment", "randaugment"] and config["translate"] == 0.1
    assert (config["mixup"], config["cutmix"], config["ema"], config["tta"]) == (0.2, 1.0, 0.9, "flip_shift")
    assert load_model_file(run_dir / "best.pt").config["tta"] == "flip_shift"
    assert predict.main(["--model", str(run_dir / "best.pt"), "--input", str(data), "--out", str(tmp_path / "p"),
                         "--device", "cpu"]) == 0
    assert "test-time augmentation: flip_shift" in capsys.readouterr().err  # the model's own, said
    assert (tmp_path / "p" / "results.csv").is_file()


def test_a_mistyped_option_is_said_in_one_line(capsys):
    """argparse printed its 10-line usage first, then Python's "invalid literal for int() with base 10: 'abc', got
    'abc'"."""
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--data", "x", "--epochs", "abc"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == ("train.py: error: argument --epochs: expected a whole number, got 'abc' "
                                       "(see train.py --help)\n")


@pytest.mark.parametrize("flags, said", [
    (["--budget", "-5min"], "train.py: error: time budget '-5min': at least 30 seconds, so a few epochs fit\n"),
    (["--batch-size", "0", "--lr", "-1"], "train.py: error: batch size must be at least 1, got 0\n"
                                          "train.py: error: learning rate must be a positive number, got -1.0\n"),
    (["--budget", "--epochs", "3"], "train.py: error: argument --budget: expected one argument "),
])
def test_values_that_start_with_a_dash_and_mistakes_found_after_parsing_are_said_without_the_usage(capsys, flags,
                                                                                                   said):
    """`--budget -5min` was "expected one argument" (argparse took -5min for an option), and mistakes in the values
    came after the 10-line usage block."""
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(["--data", "x", *flags])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and err.rstrip().endswith("(see train.py --help)") and "usage:" not in err


def test_an_option_given_at_its_default_value_is_kept_by_a_time_budget(tmp_path, capsys, monkeypatch,
                                                                       write_square_classes):
    """`--batch-size 32` equals the default, and the budget planned the batch as if it had not been given (48 here,
    the whole training split; 256 on a larger one): an option on the command line is the user's choice."""
    import json

    from core.training import budget_run
    data = write_square_classes(tmp_path / "data", ("a", "b"), 30, 16, seed=1)  # 48 training images
    monkeypatch.setattr(budget_run, "measure_rate", lambda *a, **k: 5_000.0)  # not timed: the plan is the point
    no_report(monkeypatch)
    assert TrainConfig.batch_size == 32
    assert train_cli.main(["--data", str(data), "--out", str(tmp_path / "runs"), "--budget", "30s", "--workers", "0",
                           "--batch-size", "32", "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    assert "kept as you set them: batch_size, epochs" in out
    config = json.loads(next((tmp_path / "runs").glob("*/config.json")).read_text(encoding="utf-8"))
    assert config["batch_size"] == 32 and config["epochs"] == 1 and config["budget"] == ""
    assert config["model"].startswith("small_resnet_")  # what was not given is still the budget's to plan


def test_captured_output_has_each_message_on_a_line_of_its_own(data, tmp_path):
    """Captured (a log file, a CI job, a pipe), the progress bars' redraws ran into the messages: "epoch 1/2:  50%|█
    | 1/2 [..]" followed by the next line on the same line. Only a terminal gets the bars."""
    done = subprocess.run([sys.executable, "train.py", *args(data, tmp_path, "--epochs", "2")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\r" not in done.stdout + done.stderr and "batch/s" not in done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("epoch 1/2  train loss ") for line in lines)
    assert any(line.startswith("epoch 2/2  train loss ") for line in lines)
