"""The training recipe's options each do what they say: MixUp/CutMix, the weight average (EMA),
one-cycle's momentum, test-time augmentation in the final report, and a resumed run with all on."""
import csv
from pathlib import Path

import pytest
import torch
from torch import nn

from core.models.modelfile import load_model_file
from core.training import train as train_module
from core.training.checkpoint import read_resume_state
from core.training.ema import WeightAverage
from core.training.mixing import BatchMix, batch_mix, hard_labels
from core.training.schedule import MOMENTUM_HIGH, MOMENTUM_LOW, make_scheduler
from core.training.train import train
from core.training.train_events import BatchEnd, Finished, Message
from core.training.trainconfig import TrainConfig

RECIPE = dict(augment=["hflip", "translate", "trivialaugment"], mixup=0.2, cutmix=1.0, ema=0.9, batch_size=4,
              schedule="onecycle", optimizer="sgd", label_smoothing=0.1, tta="flip")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, write_square_classes) -> Path:
    return write_square_classes(tmp_path_factory.mktemp("recipe"), ("a", "b", "c"), 8, 24, seed=2)


def config(dataset, tmp_path, **overrides) -> TrainConfig:
    values = dict(data=str(dataset), out=str(tmp_path / "runs"), model="resnet18", input_size=(32, 32), epochs=1,
                  batch_size=8, lr=3e-3, val_ratio=0.25, test_ratio=0.25, workers=0, seed=0, cache="on")
    values.update(overrides)
    return TrainConfig(**values)


def finished(events) -> Finished:
    return next(e for e in events if isinstance(e, Finished))


@pytest.mark.parametrize("mixup, cutmix", [(0.2, 0.0), (0.0, 1.0), (0.4, 1.0)])
def test_mixed_batches_have_soft_targets_that_sum_to_one(mixup, cutmix):
    torch.manual_seed(0)
    images, labels = torch.rand(16, 3, 8, 8), torch.arange(16) % 4
    mixed, targets = BatchMix(mixup, cutmix, 4)(images.clone(), labels)
    assert mixed.shape == images.shape and not torch.equal(mixed, images)
    assert targets.shape == (16, 4) and torch.allclose(targets.sum(1), torch.ones(16))
    assert ((targets > 0) & (targets < 1)).any(), "nothing was mixed"
    assert torch.equal(hard_labels(targets), targets.argmax(1)) and torch.equal(hard_labels(labels), labels)
    # the cross-entropy takes the soft targets, label smoothing included
    loss = nn.CrossEntropyLoss(label_smoothing=0.1)(torch.randn(16, 4), targets)
    assert torch.isfinite(loss)


def test_no_mixing_unless_asked(dataset, tmp_path):
    assert batch_mix(config(dataset, tmp_path), 3) is None
    assert isinstance(batch_mix(config(dataset, tmp_path, cutmix=1.0), 3), BatchMix)


def test_the_weight_average_trails_the_model_and_keeps_batch_norm_statistics():
    model = nn.Sequential(nn.BatchNorm1d(4), nn.Linear(4, 4))
    ema = WeightAverage(model, 0.99)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(20):
        (model(torch.randn(8, 4) * 3 + 1) - 1).square().mean().backward()
        optimizer.step()
        optimizer.zero_grad()
        ema.update(model)
    assert ema.updates == 20 and ema.current_decay() == pytest.approx(21 / 30)  # warming up towards 0.99
    assert not torch.allclose(ema.module[1].weight, model[1].weight)
    # between the start and now: the running mean moved off its initial zeros, but not as far as the model's
    assert 0 < ema.module[0].running_mean.abs().sum() < model[0].running_mean.abs().sum()
    again = WeightAverage(model, 0.99)
    again.load_state_dict(ema.state_dict())
    assert again.updates == 20 and torch.equal(again.module[1].weight, ema.module[1].weight)


@pytest.mark.parametrize("optimizer, key", [("sgd", "momentum"), ("adamw", "betas"), ("adam", "betas")])
def test_one_cycle_cycles_the_momentum_against_the_rate(optimizer, key):
    cfg = TrainConfig(data="x", schedule="onecycle", optimizer=optimizer, epochs=2, lr=0.1)
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9) if optimizer == "sgd" else \
        getattr(torch.optim, {"adam": "Adam", "adamw": "AdamW"}[optimizer])(model.parameters(), lr=0.1)
    schedule = make_scheduler(opt, 10, cfg)
    rates, momenta = [], []
    for _ in range(20):
        group = opt.param_groups[0]
        rates.append(group["lr"])
        momenta.append(group[key] if key == "momentum" else group[key][0])
        opt.step()
        schedule.step()
    peak = rates.index(max(rates))
    assert momenta[0] == pytest.approx(MOMENTUM_HIGH) and momenta[peak] == pytest.approx(MOMENTUM_LOW)
    assert momenta.index(min(momenta)) == peak and momenta[-1] > 0.94
    if key == "betas":
        assert opt.param_groups[0]["betas"][1] == 0.999  # β2 untouched
    cfg.cycle_momentum = False
    opt2 = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    schedule2 = make_scheduler(opt2, 10, cfg)
    for _ in range(5):
        opt2.step()
        schedule2.step()
    assert opt2.param_groups[0]["momentum"] == 0.9


def test_validation_and_best_use_the_weight_average(dataset, tmp_path, monkeypatch):
    validated = []
    real_evaluate = train_module.evaluate

    def spy(model, *args, **kwargs):
        validated.append({k: v.detach().clone() for k, v in model.state_dict().items()})
        return real_evaluate(model, *args, **kwargs)
    monkeypatch.setattr(train_module, "evaluate", spy)
    done = finished(list(train(config(dataset, tmp_path, ema=0.5, batch_size=4))))  # 3 steps: 3 updates
    run_dir = Path(done.run_dir)
    last = read_resume_state(run_dir / "last.pt")
    average = {k.removeprefix("module."): v for k, v in last["resume"]["ema"].items() if k != "n_averaged"}
    best = load_model_file(run_dir / "best.pt").model.state_dict()
    assert all(torch.equal(validated[0][k].cpu(), average[k]) for k in average), "validation did not use the EMA"
    assert all(torch.equal(best[k], average[k]) for k in average), "best.pt is not the EMA"
    assert not torch.equal(last["state_dict"]["conv1.weight"], average["conv1.weight"]), "EMA equals the model"


def test_the_final_test_uses_test_time_augmentation(dataset, tmp_path, monkeypatch):
    modes = []
    real_evaluate = train_module.evaluate

    def spy(*args, tta="off", **kwargs):
        modes.append(tta)
        return real_evaluate(*args, tta=tta, **kwargs)
    monkeypatch.setattr(train_module, "evaluate", spy)
    events = list(train(config(dataset, tmp_path, tta="flip_shift")))
    assert modes == ["off", "flip_shift"]  # validation plain, the test with TTA
    assert any(isinstance(e, Message) and "test-time augmentation" in e.text for e in events)
    assert load_model_file(finished(events).best_path).config["tta"] == "flip_shift"


def test_stopped_then_resumed_with_the_whole_recipe_equals_uninterrupted(dataset, tmp_path):
    straight = finished(list(train(config(dataset, tmp_path / "a", epochs=2, **RECIPE))))
    assert not straight.failed
    seen = []
    events = []
    for event in train(config(dataset, tmp_path / "b", epochs=2, **RECIPE),
                       lambda: bool(seen) and seen[-1].epoch == 2):
        events.append(event)
        if isinstance(event, BatchEnd):
            seen.append(event)
    stopped = finished(events)
    assert stopped.stopped
    resumed = finished(list(train(config(dataset, tmp_path / "b", epochs=2, **RECIPE), resume=stopped.run_dir)))
    assert not resumed.failed and "test_accuracy" in resumed.test_metrics
    a_last, b_last = (read_resume_state(Path(done.run_dir) / "last.pt") for done in (straight, resumed))
    assert all(torch.equal(a_last["state_dict"][k], b_last["state_dict"][k]) for k in a_last["state_dict"]), \
        "resumed weights differ from the uninterrupted run (augmentation, mixing or momentum not repeated)"
    a, b = a_last["resume"], b_last["resume"]
    assert all(torch.equal(a["ema"][k], b["ema"][k]) for k in a["ema"]), "the resumed EMA differs"
    assert a["optimizer"]["param_groups"][0]["momentum"] == b["optimizer"]["param_groups"][0]["momentum"]
    rows = list(csv.DictReader((Path(resumed.run_dir) / "metrics.csv").open(encoding="utf-8-sig")))
    assert [int(r["epoch"]) for r in rows] == [1, 2]
