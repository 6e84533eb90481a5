"""TrainCharts: the plotted series follow the data calls, long runs are decimated, redraws coalesce."""
import time

import numpy as np
import pytest

from ui import train_charts
from ui.train_charts import MAX_POINTS, TrainCharts, decimate

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"),  # offscreen plugin and headless-box noise:
              pytest.mark.qt_log_ignore("does not support propagateSizeHints", "XDG_RUNTIME_DIR not set")]


@pytest.fixture(autouse=True)
def quick_timer(monkeypatch):
    """Redraw after 50 ms, however slow drawing is on this box: the tests wait for redraws."""
    monkeypatch.setattr(train_charts, "REDRAW_MS", 50)
    monkeypatch.setattr(train_charts, "DRAW_SHARE", 1.0)


@pytest.fixture
def charts(qtbot):
    widget = TrainCharts()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def draws(qtbot, charts, monkeypatch):
    """Counts canvas.draw_idle calls from here on (after the first show has settled)."""
    qtbot.waitUntil(lambda: not charts._timer.isActive())
    calls = []
    original = charts.canvas.draw_idle
    monkeypatch.setattr(charts.canvas, "draw_idle", lambda *a, **k: (calls.append(1), original(*a, **k)))
    return calls


def row(epoch, train_loss=1.0, val_loss=1.2, train_acc=0.5, val_acc=0.4, lr=1e-3):
    return {"epoch": epoch, "train_loss": train_loss, "train_acc": train_acc, "val_loss": val_loss,
            "val_acc": val_acc, "val_f1": 0.3, "lr": lr, "epoch_time_s": 1.5, "images_per_s": 100.0}


def test_empty_charts_plot_nothing(charts):
    s = charts.series()
    assert all(len(values) == 0 for values in s.values())
    assert charts.batch_count() == 0


def test_add_batch_series(charts):
    charts.add_batch(1, 1, 100, 2.0, 0.1)
    charts.add_batch(1, 2, 100, 1.0, 0.2)
    charts.add_batch(1, 100, 100, float("nan"), 0.3)   # a diverged batch: kept raw, skipped by the smoothing
    s = charts.series()
    np.testing.assert_allclose(s["batch_x"], [0.01, 0.02, 1.0])
    np.testing.assert_allclose(s["batch_loss"], [2.0, 1.0, np.nan])
    np.testing.assert_allclose(s["batch_lr"], [0.1, 0.2, 0.3])
    smooth = s["batch_loss_smooth"]
    assert smooth[0] == pytest.approx(2.0)              # debiased: starts at the first loss, not at 0
    assert 1.0 < smooth[1] < 2.0
    assert smooth[2] == smooth[1]
    assert charts.batch_count() == 3
    assert len(s["epoch"]) == 0


def test_add_epoch_series(charts):
    charts.add_epoch(row(1, train_loss=1.5, val_loss=1.7, train_acc=0.5, val_acc=0.25))
    charts.add_epoch(row(2, train_loss=1.0, val_loss=None, train_acc=0.75, val_acc=""))  # no validation
    s = charts.series()
    np.testing.assert_array_equal(s["epoch"], [1, 2])
    np.testing.assert_array_equal(s["train_loss_x"], [0.5, 1.5])   # the mean of the epoch's batches
    np.testing.assert_allclose(s["train_loss"], [1.5, 1.0])
    np.testing.assert_allclose(s["val_loss"], [1.7, np.nan])
    np.testing.assert_allclose(s["train_acc"], [50, 75])          # fractions shown as percent
    np.testing.assert_allclose(s["val_acc"], [25, np.nan])
    np.testing.assert_allclose(s["epoch_lr"], [1e-3, 1e-3])        # no batches: per-epoch rates shown


def test_load_history_replaces_everything_then_live_batches_continue(charts):
    charts.add_batch(1, 1, 10, 3.0, 0.1)
    charts.add_epoch(row(7))
    # As read back from metrics.csv: every value a string.
    rows = [{key: str(value) for key, value in row(e, train_loss=2 / e, lr=0.1 / e).items()} for e in (1, 2, 3)]
    charts.load_history(rows)
    s = charts.series()
    assert charts.batch_count() == 0 and len(s["batch_x"]) == 0
    np.testing.assert_array_equal(s["epoch"], [1, 2, 3])
    np.testing.assert_allclose(s["train_loss"], [2, 1, 2 / 3])
    np.testing.assert_allclose(s["epoch_lr"], [0.1, 0.05, 0.1 / 3])
    charts.add_batch(3, 1, 2, 0.5, 0.01)                 # the resumed run goes on with epoch 3
    s = charts.series()
    np.testing.assert_allclose(s["batch_x"], [2.5])
    np.testing.assert_array_equal(s["epoch_lr_x"], [1, 2])   # per-batch rates take over from epoch 3


def test_reset_clears_everything(charts):
    charts.add_batch(1, 1, 2, 1.0, 0.1)
    charts.add_epoch(row(1))
    charts.reset()
    assert all(len(values) == 0 for values in charts.series().values())
    charts.add_batch(1, 1, 2, 4.0, 0.1)
    assert charts.series()["batch_loss_smooth"][0] == pytest.approx(4.0)   # smoothing restarted too


def test_decimation_caps_plotted_points_and_keeps_the_shape(qtbot, charts):
    batches, epochs = 500, 60                        # 30,000 batches
    for e in range(1, epochs + 1):
        for b in range(1, batches + 1):
            charts.add_batch(e, b, batches, 5 - (e - 1 + b / batches) / 20, 1e-3)
    s = charts.series()
    assert charts.batch_count() == 30_000
    assert 0.5 * MAX_POINTS <= len(s["batch_x"]) <= MAX_POINTS
    assert len(s["batch_loss"]) == len(s["batch_loss_smooth"]) == len(s["batch_lr"]) == len(s["batch_x"])
    assert s["batch_x"][0] < 1 and s["batch_x"][-1] > epochs - 1
    np.testing.assert_allclose(s["batch_loss"], 5 - s["batch_x"] / 20)   # bucket means of a straight line
    charts.flush()
    raw_line = charts.figure.axes[0].lines[0]
    assert len(raw_line.get_xdata()) == len(s["batch_x"])


def test_decimate_averages_buckets_and_ignores_nan():
    x = np.arange(10.0)
    y = x.copy()
    y[2:4] = np.nan
    dx, dy = decimate(3, x, y)                       # buckets of 4: [0..3], [4..7], [8, 9]
    np.testing.assert_allclose(dx, [1.5, 5.5, 8.5])
    np.testing.assert_allclose(dy, [0.5, 5.5, 8.5])
    same = decimate(20, x)[0]
    np.testing.assert_array_equal(same, x)
    assert same is not x


def test_redraws_are_coalesced_and_only_after_changes(qtbot, charts, draws):
    for b in range(1, 1001):
        charts.add_batch(1, b, 1000, 1.0, 1e-3)
    charts.add_epoch(row(1))
    assert draws == []                               # data calls never draw
    qtbot.waitUntil(lambda: len(draws) >= 1)
    assert len(draws) == 1                           # 1,001 changes, one redraw
    assert not charts._timer.isActive()              # nothing changed since: nothing scheduled
    charts.add_batch(2, 1, 1000, 0.9, 1e-3)
    assert charts._timer.isActive()
    qtbot.waitUntil(lambda: len(draws) >= 2)
    assert len(draws) == 2
    assert len(charts.figure.axes[0].lines[0].get_xdata()) == 1001


def test_hidden_charts_draw_when_shown(qtbot, charts, draws):
    charts.hide()
    charts.add_batch(1, 1, 10, 1.0, 0.1)
    qtbot.waitUntil(lambda: not charts._timer.isActive())
    assert draws == []
    charts.show()
    qtbot.waitUntil(lambda: len(draws) == 1)
    assert len(charts.figure.axes[0].lines[0].get_xdata()) == 1


def test_learning_rate_axis_is_logarithmic_past_a_decade(charts):
    ax_lr = charts.figure.axes[2]
    for b, lr in enumerate([1e-3, 5e-4, 2e-4], start=1):
        charts.add_batch(1, b, 3, 1.0, lr)
    charts.flush()
    assert ax_lr.get_yscale() == "linear"
    charts.add_batch(2, 1, 3, 1.0, 1e-5)
    charts.flush()
    assert ax_lr.get_yscale() == "log"
    low, high = ax_lr.get_ylim()
    assert low < 1e-5 and high > 1e-3


def test_empty_state_messages(charts):
    charts.flush()
    loss_ax, acc_ax, _ = charts.figure.axes
    messages = [t for t in loss_ax.texts + acc_ax.texts if t.get_visible()]
    assert {t.get_text() for t in messages} == {"No batches yet", "Shown after the first epoch"}
    charts.add_epoch(row(1))
    charts.flush()
    assert not any(t.get_visible() for t in loss_ax.texts + acc_ax.texts)


def test_add_batch_is_cheap(charts, monkeypatch):
    # Catches drawing or copying in the data path; the real cost is a few microseconds.
    started = time.perf_counter()
    for i in range(20_000):
        charts.add_batch(i // 1000 + 1, i % 1000 + 1, 1000, 1.0, 1e-3)
    assert (time.perf_counter() - started) / 20_000 < 100e-6


def test_slow_draws_stretch_the_redraw_interval(charts, monkeypatch):
    monkeypatch.setattr(train_charts, "DRAW_SHARE", 0.2)
    monkeypatch.setattr(charts.canvas, "last_draw_s", 0.3)   # drawing may take at most DRAW_SHARE (20 %)
    charts.add_batch(1, 1, 1, 1.0, 1e-3)
    assert charts._timer.interval() == 1500
    charts.flush()
    monkeypatch.setattr(charts.canvas, "last_draw_s", 5.0)
    charts.add_batch(1, 1, 1, 1.0, 1e-3)
    assert charts._timer.interval() == train_charts.MAX_REDRAW_MS
