"""The training job on a tiny generated dataset: outputs, resume, freezing, schedules, failures."""
import csv
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core.models.modelfile import load_model_file
from core.training import train as train_module
from core.training.checkpoint import read_resume_state
from core.training.run_folder import read_batches
from core.training.schedule import lr_factor
from core.training.train import train
from core.training.train_events import BatchEnd, DatasetReady, EpochEnd, Finished, Message
from core.training.trainconfig import TrainConfig

COLOURS = {"red": (220, 30, 30), "green": (30, 200, 30), "blue": (30, 30, 220)}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """Three classes told apart by the colour of a square at a random place; 16 images each."""
    root = tmp_path_factory.mktemp("colours")
    rng = np.random.default_rng(0)
    for name, colour in COLOURS.items():
        (root / name).mkdir()
        for i in range(16):
            image = rng.integers(0, 90, (24, 30, 3), dtype=np.uint8)
            top, left = rng.integers(0, 14), rng.integers(0, 20)
            image[top:top + 10, left:left + 10] = colour
            Image.fromarray(image).save(root / name / f"{i}.png")
    return root


def config(dataset, tmp_path, **overrides) -> TrainConfig:
    values = dict(data=str(dataset), out=str(tmp_path / "runs"), model="resnet18", input_size=(32, 32), epochs=2,
                  batch_size=8, lr=3e-3, val_ratio=0.25, test_ratio=0.25, workers=0, seed=0, augment=["hflip", "crop"])
    values.update(overrides)
    return TrainConfig(**values)


def run(cfg, should_stop=None, resume=None) -> list:
    return list(train(cfg, should_stop, resume))


def finished(events) -> Finished:
    return next(e for e in events if isinstance(e, Finished))


def test_a_run_writes_its_folder_and_reports(dataset, tmp_path):
    events = run(config(dataset, tmp_path))
    kinds = [type(e) for e in events]
    assert kinds[0] is DatasetReady and kinds[-1] is Finished
    assert kinds.count(EpochEnd) == 2 and BatchEnd in kinds
    done = finished(events)
    assert not done.failed and done.reason == "finished"
    run_dir = Path(done.run_dir)
    assert json.loads((run_dir / "config.json").read_text())["model"] == "resnet18"
    rows = list(csv.DictReader((run_dir / "metrics.csv").open(encoding="utf-8-sig")))
    assert [int(r["epoch"]) for r in rows] == [1, 2]
    assert all(0 <= float(r["val_acc"]) <= 1 and float(r["lr"]) >= 0 for r in rows)
    best = load_model_file(run_dir / "best.pt")
    assert best.class_names == ["blue", "green", "red"] and best.preprocess.input_size == (32, 32)
    assert "test_accuracy" in best.metrics and best.config["epochs"] == 2
    assert read_resume_state(run_dir / "last.pt")["resume"]["epoch"] == 2
    for name in ("curves.png", "confusion_matrix.png", "per_class.csv", "roc.png", "pr.png", "summary.png",
                 "test_predictions.csv",
                 "most_confident_wrong.png", "metrics.json"):
        assert (run_dir / "report" / name).stat().st_size > 100, name
    assert done.test_metrics["n_test"] == 12
    title = (run_dir / "report" / "per_class.txt").read_text(encoding="utf-8").splitlines()[0]
    assert title == run_dir.name and title.endswith("-resnet18")  # the folder names the model: said once


@pytest.mark.parametrize("loading", [dict(cache="on", workers=0), dict(cache="off", workers=2)],
                         ids=["cached-in-process", "uncached-2-workers"])
def test_stopped_then_resumed_equals_uninterrupted(dataset, tmp_path, loading):
    # Workers decode and augment in their own processes (with their own RNGs) and, being persistent,
    # would carry RNG state from epoch to epoch that a resumed run cannot have.
    straight = finished(run(config(dataset, tmp_path / "a", epochs=3, **loading)))
    seen = []

    def stop_in_epoch_two():
        return len(seen) > 0 and seen[-1].epoch == 2

    events = []
    for event in train(config(dataset, tmp_path / "b", epochs=3, **loading), stop_in_epoch_two):
        events.append(event)
        if isinstance(event, BatchEnd):
            seen.append(event)
    stopped = finished(events)
    assert stopped.stopped and "resume" in stopped.reason
    assert read_resume_state(Path(stopped.run_dir) / "last.pt")["resume"]["epoch"] == 1
    resumed = finished(run(config(dataset, tmp_path / "b", epochs=3, **loading), resume=stopped.run_dir))
    assert resumed.run_dir == stopped.run_dir and not resumed.stopped
    a = read_resume_state(Path(straight.run_dir) / "last.pt")["state_dict"]
    b = read_resume_state(Path(resumed.run_dir) / "last.pt")["state_dict"]
    assert all(torch.equal(a[k], b[k]) for k in a), "resumed weights differ from the uninterrupted run"
    history = list(csv.DictReader((Path(resumed.run_dir) / "metrics.csv").open(encoding="utf-8-sig")))
    assert [int(r["epoch"]) for r in history] == [1, 2, 3]
    # The per-batch losses kept for the charts: epoch 1 from before the stop, the stopped epoch 2 trained once,
    # and every number as the uninterrupted run's.
    whole = read_batches(straight.run_dir)
    assert read_batches(resumed.run_dir) == whole
    assert [int(r["epoch"]) for r in whole] == sorted(int(r["epoch"]) for r in whole)
    assert {int(r["epoch"]) for r in whole} == {1, 2, 3} and all(r["loss"] > 0 for r in whole)


def test_the_freeze_stage_leaves_the_backbone_unchanged(dataset, tmp_path, monkeypatch):
    from core.training.time_left import TimeLeft
    clocks = []
    monkeypatch.setattr(train_module, "TimeLeft", lambda *args: clocks.append(TimeLeft(*args)) or clocks[-1])
    snapshots = {}
    run_dir = None
    for event in train(config(dataset, tmp_path, freeze_epochs=1, epochs=2)):
        if isinstance(event, DatasetReady):
            run_dir = Path(event.run_dir)
        if isinstance(event, BatchEnd) and "start" not in snapshots:
            snapshots["start"] = read_resume_state(run_dir / "last.pt")["state_dict"]
        if isinstance(event, EpochEnd):
            snapshots[event.epoch] = read_resume_state(run_dir / "last.pt")["state_dict"]
    start, frozen, thawed = snapshots["start"], snapshots[1], snapshots[2]
    backbone = [k for k in start if not k.startswith("fc.")]
    assert all(torch.equal(start[k], frozen[k]) for k in backbone), "the backbone moved while frozen"
    assert not torch.equal(start["fc.weight"], frozen["fc.weight"]), "the head did not train"
    assert not torch.equal(frozen["conv1.weight"], thawed["conv1.weight"]), "the backbone did not train after thawing"
    assert clocks[0].paced_from == 1  # the time left stopped going by the head-only epoch's pace


@pytest.mark.parametrize("options", [
    {"optimizer": "sgd", "nesterov": True, "schedule": "step", "step_size": 1},
    {"optimizer": "adam", "schedule": "multistep", "milestones": [1], "label_smoothing": 0.1},
    {"optimizer": "adamw", "schedule": "onecycle", "grad_clip": 1.0, "warmup_epochs": 0.5},
    {"balance": "loss", "augment": ["rotate", "color", "blur", "erase", "vflip"], "cache": "off"},
    {"balance": "sampler", "resize_mode": "letterbox", "input_size": (32, 48), "monitor": "val_loss"},
    {"classes": ["red", "blue"], "monitor": "val_f1", "schedule": "none"},
])
def test_each_option_runs(dataset, tmp_path, options):
    events = run(config(dataset, tmp_path, epochs=1, **options))
    done = finished(events)
    assert not done.failed and Path(done.best_path).exists()
    best = load_model_file(done.best_path)
    assert best.num_classes == len(options.get("classes", COLOURS))


def test_a_nan_loss_stops_the_run_and_keeps_the_last_good_checkpoint(dataset, tmp_path):
    events = run(config(dataset, tmp_path, optimizer="sgd", lr=1e30, momentum=0.0, schedule="none", epochs=3))
    done = finished(events)
    assert done.failed and ("nan" in done.reason.lower() or "inf" in done.reason.lower())
    assert any(isinstance(e, Message) and e.level == "error" for e in events)
    state = read_resume_state(Path(done.run_dir) / "last.pt")
    assert all(torch.isfinite(v).all() for v in state["state_dict"].values() if v.is_floating_point())


def test_early_stopping_ends_the_run(dataset, tmp_path, monkeypatch):
    original = train_module.evaluate

    def flat(*args, **kwargs):
        result = original(*args, **kwargs)
        result.update(loss=1.0, acc=0.5, f1=0.5)  # never improves after the first epoch
        return result
    monkeypatch.setattr(train_module, "evaluate", flat)
    done = finished(run(config(dataset, tmp_path, epochs=5, early_stopping=2)))
    assert done.stopped and "early stopping" in done.reason
    rows = list(csv.DictReader((Path(done.run_dir) / "metrics.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 3


class Schedule:
    def __init__(self, **kw):
        self.__dict__.update(dict(epochs=10, schedule="cosine", warmup_epochs=0.0, step_size=3, gamma=0.1,
                                  milestones=[4, 7]))
        self.__dict__.update(kw)


def curve(steps_per_epoch=10, **kw):
    cfg = Schedule(**kw)
    return [lr_factor(step, steps_per_epoch, cfg) for step in range(cfg.epochs * steps_per_epoch)]


def test_schedules_follow_their_intended_curves():
    cosine = curve()
    assert cosine[0] == pytest.approx(1.0) and cosine[-1] < 0.001 and cosine[50] == pytest.approx(0.5, abs=0.02)
    assert all(a >= b for a, b in zip(cosine, cosine[1:]))
    step = curve(schedule="step")
    assert set(step[:30]) == {1.0} and step[30] == pytest.approx(0.1) and step[60] == pytest.approx(0.01)
    assert len(set(step[30:40])) == 1, "step schedules change only at epoch boundaries"
    multi = curve(schedule="multistep")
    assert multi[39] == 1.0 and multi[40] == pytest.approx(0.1) and multi[70] == pytest.approx(0.01)
    one = curve(schedule="onecycle")
    peak = int(np.argmax(one))
    assert 25 <= peak <= 35 and one[0] == pytest.approx(1 / 25) and one[-1] < 0.01
    warm = curve(warmup_epochs=2)
    assert warm[0] == pytest.approx(0.01) and warm[10] == pytest.approx(0.505, abs=0.01)
    assert warm[20] == pytest.approx(1.0) and warm[-1] < 0.01, "warm-up ends and hands over to the schedule"
    assert curve(schedule="none") == [1.0] * 100


def test_bad_configurations_are_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError) as error:
        TrainConfig(data="", epochs=0, lr=-1, model="nope", augment=["sparkles"]).validate()
    message = str(error.value)
    for part in ("dataset", "epochs", "learning rate", "unknown model", "sparkles"):
        assert part in message
    single = tmp_path / "one"
    (single / "only").mkdir(parents=True)
    Image.new("RGB", (8, 8)).save(single / "only" / "a.png")
    with pytest.raises(ValueError, match="2 classes"):
        run(TrainConfig(data=str(single), out=str(tmp_path / "runs")))


def test_convolutional_nets_train_channels_last(dataset, tmp_path, monkeypatch):
    assert train_module.memory_format("resnet18") == torch.channels_last
    assert train_module.memory_format("vit_b_16") == torch.contiguous_format   # patches, not convolutions
    seen = []
    original = torch.nn.Conv2d.forward
    monkeypatch.setattr(torch.nn.Conv2d, "forward",
                        lambda self, x: (seen.append(x.is_contiguous(memory_format=torch.channels_last)),
                                         original(self, x))[1])
    done = finished(run(config(dataset, tmp_path, epochs=1)))
    assert not done.failed and seen and all(seen[:5])
    # The saved weights load into an ordinary model: the memory layout is not part of the file.
    assert load_model_file(Path(done.best_path)).model(torch.randn(1, 3, 32, 32)).shape == (1, 3)


@pytest.mark.parametrize("amp, slower, in_bfloat16", [(True, False, True), (True, True, False), (False, False, False)])
def test_a_cpu_with_bfloat16_trains_in_the_faster_precision_unless_told_not_to(dataset, tmp_path, monkeypatch, amp,
                                                                                 slower, in_bfloat16):
    # As on a CPU with AMX (on one without, bfloat16 is emulated: slower, but it runs the same way), where bfloat16
    # trains small_resnet_s 1.5× as fast as float32 (`slower`: as if it were mobilenet_v3_small, at 0.55×).
    from core.training import precision_choice
    monkeypatch.setattr(train_module, "mixed_precision_pays", lambda device: True)
    if slower:
        monkeypatch.setitem(precision_choice.SLOWER_IN_BFLOAT16, "small_resnet_s", 0.55)
    dtypes = []
    original = torch.nn.Conv2d.forward
    monkeypatch.setattr(torch.nn.Conv2d, "forward",
                        lambda self, x: (lambda y: (dtypes.append((self.training, y.dtype)), y)[1])(original(self, x)))
    events = run(config(dataset, tmp_path, model="small_resnet_s", epochs=1, amp=amp))
    done = finished(events)
    assert not done.failed and done.test_metrics
    said = [e.text for e in events if isinstance(e, Message)]
    assert any(t.startswith("mixed precision: ") and "bfloat16" in t for t in said) is in_bfloat16
    assert any(t == "float32: this CPU computes bfloat16 in hardware, but small_resnet_s trains at about 0.55× "
                    "float32's speed in it, so training runs in float32" for t in said) is (amp and slower)
    trained = {dtype for training, dtype in dtypes if training}
    assert trained == ({torch.bfloat16} if in_bfloat16 else {torch.float32})
    # The weights stay float32; validation and the test report compute in float32, as predict.py does.
    assert {dtype for training, dtype in dtypes if not training} == {torch.float32}
    assert all(p.dtype == torch.float32 for p in load_model_file(Path(done.best_path)).model.parameters())
