"""The time left in a run: each epoch costs its training size's share, validation and the test pass included."""
from pathlib import Path

import pytest

from core.training.progressive import area_share, sizes
from core.training.time_left import TimeLeft

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"
FULL = (28, 28)


def run_at_area_cost(epochs, start, full_train_s=30.0):
    """(each epoch's size, its training seconds): a machine where training time follows the area exactly."""
    return [(size, full_train_s * area_share(size, FULL)) for size in sizes(epochs, FULL, start)]


def test_without_resizing_it_is_the_epochs_left_times_the_last_ones_pace_plus_the_test_pass():
    clock = TimeLeft(FULL, 1.0, test_share=2.0)
    clock.epoch_done(FULL, 30.0, 2.0)
    assert clock.after_epoch(1, 10) == pytest.approx(9 * 32.0 + 2 * 2.0)
    assert clock.after_epoch(10, 10) == pytest.approx(4.0)  # only the test pass, twice over with flip TTA


def test_the_small_early_epochs_do_not_make_the_full_size_ones_look_cheap():
    epochs = run_at_area_cost(20, 0.6)
    clock = TimeLeft(FULL, 0.6)
    for size, train_s in epochs[:3]:
        clock.epoch_done(size, train_s, 2.0)
    truth = sum(train_s + 2.0 for _, train_s in epochs[3:])
    assert clock.after_epoch(3, 20) == pytest.approx(truth)
    naive = (epochs[2][1] + 2.0) * 17  # the last epoch's duration times the epochs left
    assert naive < 0.6 * truth


def test_a_measured_start_cost_replaces_the_areas_share():
    clock = TimeLeft(FULL, 0.6, low_cost=0.5)  # a 16-px epoch costs half a 28-px one here, not 0.33
    clock.epoch_done((16, 16), 15.0, 0.0)
    assert clock.after_epoch(1, 2) == pytest.approx(30.0)  # the second, last epoch trains at full size
    clock.low_cost = None  # the area's share: 16² / 28²
    assert clock.after_epoch(1, 2) == pytest.approx(15.0 / area_share((16, 16), FULL))


def test_the_pace_comes_from_the_latest_epochs():
    clock = TimeLeft(FULL, 1.0)
    for train_s in (100.0, 10.0, 20.0, 30.0):  # the machine got faster after the first
        clock.epoch_done(FULL, train_s, 0.0)
    assert clock.after_epoch(4, 5) == pytest.approx(20.0)


def test_during_the_first_epoch_its_own_batches_set_the_pace():
    clock = TimeLeft(FULL, 0.6)
    # 10 of 40 batches of a 16-px epoch in 5 s: 15 s to go in it, and each later epoch costs its area.
    left = clock.during_epoch(1, 2, 10, 40, 5.0)
    assert left == pytest.approx(15.0 + 20.0 / area_share((16, 16), FULL))
    clock.epoch_done((16, 16), 20.0, 3.0)
    # Then the rest of this epoch goes at its own pace, the later ones at the finished ones', each validated.
    assert sizes(3, FULL, 0.6) == [(16, 16), (16, 16), FULL]
    assert clock.during_epoch(2, 3, 10, 40, 6.0) == pytest.approx(18.0 + 3.0 + 20.0 / area_share((16, 16), FULL) + 3.0)


def test_a_resumed_run_goes_by_the_pace_of_its_earlier_epochs():
    """Resumed, a run had only its own first batches to go by, start-up included: 2:05 left at the stop said 5:51."""
    epochs = run_at_area_cost(10, 0.6)
    history = [{"epoch": e, "epoch_time_s": train_s + 2.0, "images_per_s": 6000 / train_s}
               for e, (_, train_s) in enumerate(epochs[:4], start=1)]
    resumed, straight = TimeLeft(FULL, 0.6), TimeLeft(FULL, 0.6)
    resumed.replay(history, 10, train_images=6000)
    for size, train_s in epochs[:4]:
        straight.epoch_done(size, train_s, 2.0)
    assert [size for size, _, _ in resumed.done] == [size for size, _, _ in straight.done]
    assert [t for _, *times in resumed.done for t in times] == pytest.approx([t for _, *times in straight.done
                                                                               for t in times])
    # 3 of 40 batches into epoch 5, slowly (the start-up): the earlier epochs' pace still sets the later ones'.
    assert resumed.during_epoch(5, 10, 3, 40, 6.0) == pytest.approx(straight.during_epoch(5, 10, 3, 40, 6.0))
    fresh = TimeLeft(FULL, 0.6)  # what a resumed run estimated before
    assert fresh.during_epoch(5, 10, 3, 40, 6.0) > 1.5 * resumed.during_epoch(5, 10, 3, 40, 6.0)


def test_unfreezing_the_backbone_starts_the_pace_again():
    clock = TimeLeft(FULL, 1.0)
    clock.epoch_done(FULL, 10.0, 2.0)  # the head alone trained: quick
    clock.forget_pace()
    assert clock.after_epoch(1, 4) == 0.0  # nothing to go by until an unfrozen epoch ends...
    assert clock.during_epoch(2, 4, 5, 10, 15.0) == pytest.approx(15.0 + 2.0 + 2 * (30.0 + 2.0))  # ...but its batches
    clock.epoch_done(FULL, 30.0, 2.0)
    assert clock.after_epoch(2, 4) == pytest.approx(2 * 32.0)


def test_a_refitted_epoch_count_is_followed():
    clock = TimeLeft(FULL, 1.0)
    clock.epoch_done(FULL, 10.0, 0.0)
    assert clock.after_epoch(1, 5) == pytest.approx(40.0) and clock.after_epoch(1, 8) == pytest.approx(70.0)


def test_a_run_reports_the_time_left_from_its_epochs_sizes(tmp_path, monkeypatch):
    """A progressive run on the demo folder tells its estimate each epoch's trained size, and its
    progress and epoch events carry what the estimate says."""
    from core.training import train as train_module
    from core.training.train_events import BatchEnd, EpochEnd
    from core.training.trainconfig import TrainConfig
    clocks, said = [], []

    class Recorded(TimeLeft):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            clocks.append(self)

        def after_epoch(self, epoch, epochs):
            said.append(super().after_epoch(epoch, epochs))
            return said[-1]
    monkeypatch.setattr(train_module, "TimeLeft", Recorded)
    events = list(train_module.train(TrainConfig(
        data=str(DEMO), out=str(tmp_path / "runs"), input_size=(32, 32), epochs=4, progressive_resize=0.5,
        model="small_resnet_s", batch_size=8, workers=0, seed=0, tta="flip")))
    clock, = clocks
    assert [size for size, _, _ in clock.done] == [(16, 16), (16, 16), (24, 24), (32, 32)]
    assert all(train_s > 0 and val_s > 0 for _, train_s, val_s in clock.done)
    # 10 test images (one a class), twice with flip TTA, over the 40 each validation waits for: its 10 and the 30
    # training images its batch-norm statistics are recomputed on (3 steps an epoch)
    assert clock.test_share == 0.5
    assert [e.eta_s for e in events if isinstance(e, EpochEnd)] == said and said[0] > said[-1] > 0
    batches = [e for e in events if isinstance(e, BatchEnd)]
    assert batches and all(e.eta_s > 0 for e in batches)
    # each batch says its epoch's training scale, as the epoch's metrics row does after it (the charts' shade)
    rows = {e.epoch: e.metrics["train_scale"] for e in events if isinstance(e, EpochEnd)}
    assert rows == {1: 0.5, 2: 0.5, 3: 0.75, 4: 1.0} and all(e.train_scale == rows[e.epoch] for e in batches)
