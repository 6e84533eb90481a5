"""Progressive resizing: small images first, the full size at the end, and the time budget knows the cost."""
import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

from core.training import budget, budget_run
from core.training.budget import Plan, fitting_epochs, plan, refit_epochs
from core.training.progressive import epoch_size, never_shrinks, progressive_sentence, sizes
from core.training.trainconfig import TrainConfig

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"


@pytest.mark.parametrize("epochs, sides", [
    (1, [28]), (2, [20, 28]), (3, [20, 20, 28]),
    (8, [20, 20, 20, 20, 24, 24, 28, 28]),
    (11, [20] * 6 + [24, 24] + [28] * 3)])
def test_the_first_half_trains_small_and_the_last_fifth_at_full_size(epochs, sides):
    assert [size[0] for size in sizes(epochs, (28, 28), 0.75)] == sides


def test_off_keeps_the_input_size_and_sides_scale_alike():
    assert set(sizes(10, (28, 28), 1.0)) == {(28, 28)}
    assert epoch_size(1, 10, (224, 160), 0.7) == (156, 112)  # each side a multiple of 4
    assert epoch_size(10, 10, (224, 160), 0.7) == (224, 160)


def test_a_count_changed_mid_run_may_move_the_sizes_to_come_but_not_shrink_them():
    assert sizes(6, (28, 28), 0.6)[3] == (20, 20)  # epoch 4 of 6 trained at 20 px
    assert never_shrinks(4, 8, (28, 28), 0.6, (20, 20))  # 8: epochs 5-8 at 20, 24, 28, 28
    assert not never_shrinks(4, 12, (28, 28), 0.6, (20, 20))  # 12: epoch 5 back at 16 px
    assert never_shrinks(4, 5, (28, 28), 0.6, (20, 20))  # fewer: the full size comes sooner


def test_the_log_says_which_epochs_train_at_which_size():
    assert progressive_sentence(1, 8, (28, 28), 0.75) == (
        "progressive resizing: epochs 1-4 train at 20×20 px, then larger up to the full 28×28 px")
    assert progressive_sentence(7, 8, (28, 28), 0.75) == "progressive resizing: epochs 7-8 train at the full 28×28 px"


def small_plan(epochs=8, start=0.75, low_cost=0.5, kept=()):
    return Plan("small_resnet_s", epochs, 256, 500.0, 900.0, kept, 54_000, 6_000, (28, 28), start, low_cost)


def test_smaller_epochs_cost_less_in_the_plan_and_validation_does_not_shrink():
    costs = small_plan().epoch_costs(8)
    validation = 6_000 * budget.EVAL_SHARE
    low = (54_000 * 0.5 + validation) / (54_000 + validation)
    assert costs[0] == pytest.approx(low) and costs[-1] == pytest.approx(1.0)
    assert costs[0] < costs[4] < costs[6]  # 20 px, 24 px, 28 px
    assert small_plan(start=1.0).epoch_costs(8) == [1.0] * 8


def test_more_epochs_fit_when_the_first_ones_are_small():
    assert fitting_epochs(small_plan(start=1.0), 8.0) == 8
    progressive = fitting_epochs(small_plan(), 8.0)
    assert progressive == 11 and sum(small_plan().epoch_costs(11)) <= 8.0 < sum(small_plan().epoch_costs(12))


def test_the_refit_scales_a_small_first_epoch_to_the_full_size():
    # The first epoch (20 px) took 50 s: a full-size epoch takes 50 / epoch_costs[0] s.
    planned = small_plan(epochs=8)
    full_epoch_s = 50.0 / planned.epoch_costs(8)[0]
    left = 900 * budget.MARGIN - 150.0 - 10_000 * budget.EVAL_SHARE * 2 / (1000.0 * 0.5)
    epochs = refit_epochs(planned, 50.0, 150.0, 10_000, 1000.0, "flip")
    assert sum(small_plan().epoch_costs(epochs)[1:]) <= left / full_epoch_s < sum(small_plan().epoch_costs(epochs + 1)[1:])
    assert refit_epochs(small_plan(kept=("epochs",)), 50.0, 150.0, 10_000, 1000.0, "flip") == 8


def test_the_refit_measures_what_the_loop_adds_at_the_start_size():
    # A slower AMD machine's figures: bare steps at 555 img/s at 28 px and 1,700 at 16 px; the first epoch
    # (16 px) trained at 1,515 img/s, its epochs took 38 s at 16 px, 55 at 20, 69 at 24 and 103 at 28.
    guessed = replace(small_plan(epochs=10, start=0.6, low_cost=0.45), rate=555 * budget.LOOP_SHARE)
    planned = replace(guessed, start_rate=1700.0)
    added = 1 / 1515 - 1 / 1700  # the loop's own seconds per image
    assert planned.calibrated(1515.0).low_cost == pytest.approx((1 / 1515) / (1 / 555 + added))
    assert 0.34 < planned.calibrated(1515.0).low_cost < 0.36
    refitted = refit_epochs(planned, 38.0, 100.0, 10_000, 1515.0, "flip")
    real_s = {16: 38, 20: 55, 24: 69, 28: 103}
    spent = [real_s[side] for side, _ in sizes(refitted, (28, 28), 0.6)]
    assert refitted == 12 and 100 + sum(spent) < 900 * budget.MARGIN
    # The guess alone fitted 14 epochs, which ran past the budget.
    assert refit_epochs(guessed, 38.0, 100.0, 10_000, 1515.0, "flip") == 14
    assert 100 + sum(real_s[side] for side, _ in sizes(14, (28, 28), 0.6)) > 900
    # A loop faster than the bare steps adds nothing; unmeasured or a first epoch at full size: the guess stays.
    assert planned.calibrated(2000.0).low_cost == pytest.approx(555 / 2000)
    assert guessed.calibrated(1515.0) == guessed
    assert replace(planned, epochs=1).calibrated(1515.0).low_cost == 0.45


def test_a_budget_plans_progressive_resizing_and_measures_the_small_size():
    measured = []

    def measure(name, size, batch, classes, device=None):
        measured.append((name, size))
        return 1100.0 if size == (28, 28) else 2000.0
    planned, chosen = plan(TrainConfig(data="d", input_size=(28, 28), budget="15min", model="small_resnet_s"),
                           54_000, 6_000, 10_000, 10, measure=measure)
    assert measured == [("small_resnet_s", (28, 28)), ("small_resnet_s", (16, 16))]  # 60 % of a small image's side
    assert planned.progressive_resize == budget.SMALL_PROGRESSIVE_START == chosen.start
    # The bare steps at 16 px take 1/2000 s an image; the loop adds what it adds at full size, 18 % of its time.
    loop_rate = 1100 * budget.LOOP_SHARE
    assert chosen.low_cost == pytest.approx((1 / 2000 + (1 - budget.LOOP_SHARE) / loop_rate) * loop_rate)
    assert 0.6 < chosen.low_cost < 0.65
    assert (chosen.rate / budget.LOOP_SHARE, chosen.start_rate) == pytest.approx((1100.0, 2000.0))  # for the refit
    full_only = int((900 * budget.MARGIN - 70_000 * budget.PREPARE_S_PER_IMAGE - 7_000 / 902)
                    // (56_100 / 902))  # the full-size epochs that fit at 1,100 × 0.82 img/s
    assert planned.epochs > full_only


def test_a_start_size_the_user_set_is_kept_and_a_chosen_epoch_count_needs_no_second_measurement():
    measured = []

    def measure(name, size, batch, classes, device=None):
        measured.append(size)
        return 1000.0
    config = TrainConfig(data="d", input_size=(28, 28), budget="15min", model="small_resnet_s", progressive_resize=0.5)
    planned, chosen = plan(config, 54_000, 6_000, 10_000, 10, measure=measure)
    assert measured == [(28, 28), (16, 16)]
    assert planned.progressive_resize == 0.5 and "progressive_resize" in chosen.kept
    measured.clear()
    planned, chosen = plan(TrainConfig(data="d", input_size=(28, 28), budget="15min", model="small_resnet_s", epochs=9),
                           54_000, 6_000, 10_000, 10, measure=measure)
    assert measured == [(28, 28)] and planned.epochs == 9 and planned.progressive_resize == budget.SMALL_PROGRESSIVE_START


def test_a_budgeted_run_trains_small_first_and_says_so(tmp_path, monkeypatch):
    from core.training import train as train_module
    from core.training.time_left import TimeLeft
    from core.training.train_events import EpochEnd, Message
    monkeypatch.setattr(budget_run, "measure_rate", lambda name, size, *args, **kwargs: 1.0 if size == (28, 28) else 2.0)
    clocks = []
    monkeypatch.setattr(train_module, "TimeLeft", lambda *args: clocks.append(TimeLeft(*args)) or clocks[-1])
    events = list(train_module.train(TrainConfig(data=str(DEMO), out=str(tmp_path / "runs"), input_size=(28, 28),
                                                 budget="1min", workers=0, seed=0, epochs=3)))
    said = [e.text for e in events if isinstance(e, Message)]
    assert "progressive resizing: epochs 1-2 train at 16×16 px, then larger up to the full 28×28 px" in said
    assert "progressive resizing: epoch 3 trains at the full 28×28 px" in said
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2, 3]
    recorded = json.loads(next((tmp_path / "runs").glob("*/config.json")).read_text())
    assert recorded["progressive_resize"] == 0.6 and recorded["input_size"] == [28, 28]
    with next((tmp_path / "runs").glob("*/metrics.csv")).open(encoding="utf-8-sig", newline="") as handle:
        assert [row["train_scale"] for row in csv.DictReader(handle)] == ["0.571", "0.571", "1.0"]  # 16 of 28 px
    assert clocks[0].low_cost is None  # the epoch count was chosen, so the start size was not timed: its area


def test_the_time_left_counts_a_small_epoch_as_the_budgets_first_epoch_measured_it(tmp_path, monkeypatch):
    from core.training import train as train_module
    from core.training.time_left import TimeLeft
    monkeypatch.setattr(budget_run, "measure_rate", lambda name, size, *args, **kwargs: 50.0 if size == (28, 28) else 100.0)
    clocks = []
    monkeypatch.setattr(train_module, "TimeLeft", lambda *args: clocks.append(TimeLeft(*args)) or clocks[-1])
    config = TrainConfig(data=str(DEMO), out=str(tmp_path / "runs"), input_size=(28, 28), budget="1min", workers=0)
    events = train_module.train(config, should_stop=lambda: bool(clocks and clocks[0].done))  # stop in epoch 2
    planned = None
    for _ in events:
        if clocks and planned is None:
            planned = clocks[0].low_cost
    # The plan guessed a 16-px epoch at 0.59 of a full-size one from the faked speeds; the first epoch,
    # faster than 100 img/s, says the loop adds nothing there: the share is its seconds an image over 1/50.
    loop_rate = 50.0 * budget.LOOP_SHARE
    assert planned == pytest.approx((1 / 100 + (1 - budget.LOOP_SHARE) / loop_rate) * loop_rate)
    (size, train_s, _), = clocks[0].done
    per_image = train_s / 30  # the demo's 30 training images (one of each class validated, one tested)
    assert size == (16, 16) and per_image < 1 / 100
    assert clocks[0].low_cost == pytest.approx(per_image * 50, rel=1e-3) and clocks[0].low_cost < planned


def test_an_epoch_with_a_smaller_size_feeds_the_network_resized_batches():
    import torch
    from torch import nn

    from core.training.engine import Step, train_one_epoch
    from core.training.schedule import make_scheduler
    seen = []
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
    model.register_forward_pre_hook(lambda module, inputs: seen.append(tuple(inputs[0].shape)))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    config = TrainConfig(data="d", epochs=1, schedule="none")
    step = Step(model, nn.CrossEntropyLoss(), optimizer, make_scheduler(optimizer, 2, config), None,
                torch.device("cpu"), torch.channels_last, False, 0.0, size=(20, 20))
    loader = [(torch.rand(2, 3, 28, 28), torch.tensor([0, 1]))] * 2
    epoch = train_one_epoch(step, model, loader, 1, 1, lambda: False)
    while True:
        try:
            next(epoch)
        except StopIteration as done:
            stats = done.value
            break
    assert seen == [(2, 3, 20, 20), (2, 3, 20, 20)] and stats.seen == 4


def test_a_network_built_for_one_size_is_not_resized():
    problems = TrainConfig(data="d", model="vit_b_16", progressive_resize=0.75).problems()
    assert problems["progressive_resize"] == ("progressive resizing needs a network that takes any input size; "
                                              "vit_b_16 is built for one")
    assert "progressive_resize" not in TrainConfig(data="d", model="resnet18", progressive_resize=0.75).problems()
    measured = []

    def measure(name, size, batch, classes, device=None):
        measured.append(size)
        return 50.0
    planned, chosen = plan(TrainConfig(data="d", budget="1h", model="vit_b_16"), 2_000, 200, 200, 3, measure=measure)
    assert measured == [(224, 224)] and planned.progressive_resize == 1.0 and chosen.start == 1.0


def test_a_network_that_cannot_take_the_start_size_trains_at_full_size_and_says_why(tmp_path):
    from core.training.train import train
    from core.training.train_events import EpochEnd, Finished, Message
    # alexnet's stride-4 stem and three max-pools leave nothing of 48 px; 64 px works.
    events = list(train(TrainConfig(data=str(DEMO), out=str(tmp_path / "runs"), model="alexnet", input_size=(64, 64),
                                    epochs=2, batch_size=8, workers=0, progressive_resize=0.75)))
    said = [(e.text, e.level) for e in events if isinstance(e, Message)]
    assert ("progressive resizing off: alexnet cannot take images of 48×48 px, its start size; every epoch trains "
            "at 64×64", "warning") in said
    assert not any(text.startswith("progressive resizing:") for text, _ in said)
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2] and not events[-1].failed
    assert isinstance(events[-1], Finished)
    recorded = json.loads(next((tmp_path / "runs").glob("*/config.json")).read_text())
    assert recorded["progressive_resize"] == 1.0
