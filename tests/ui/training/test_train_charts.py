"""TrainCharts: the plotted series follow the data calls, long runs are decimated, redraws coalesce
and are drawn on the renderer's own thread at the widget's size."""
import threading
import time

import numpy as np
import pytest
from matplotlib.colors import to_hex
from PyQt5.QtGui import QColor, QPalette

from core.training.train_events import BatchEnd
from ui.training import train_charts
from ui.training.train_charts import BAND_POINTS, MAX_POINTS, TrainCharts, bucket_range, decimate
from ui.widgets import background


def batch_end(epoch: int, batch: int, batches: int, loss: float, lr: float) -> BatchEnd:
    """What the training job reports after a batch (only these fields reach the charts)."""
    return BatchEnd(epoch, epochs=epoch, batch=batch, batches=batches, loss=loss, lr=lr, images_per_s=0.0, eta_s=0.0)


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
    widget.flush()   # the first frame is on show and nothing is scheduled: each test starts from rest
    return widget


@pytest.fixture
def draws(qtbot, charts):
    """Counts the frames put on show from here on (after the first show has been drawn)."""
    assert charts.image() is not None and not charts._timer.isActive()
    calls = []
    charts.rendered.connect(lambda: calls.append(1))
    return calls


def row(epoch, train_loss=1.0, val_loss=1.2, train_acc=0.5, val_acc=0.4, lr=1e-3):
    return {"epoch": epoch, "train_loss": train_loss, "train_acc": train_acc, "val_loss": val_loss,
            "val_acc": val_acc, "val_f1": 0.3, "lr": lr, "epoch_time_s": 1.5, "images_per_s": 100.0}


def test_empty_charts_plot_nothing(charts):
    s = charts.series()
    assert all(len(values) == 0 for values in s.values())
    assert charts.batch_count() == 0


def test_add_batch_series(charts):
    charts.add_batch(batch_end(1, 1, 100, 2.0, 0.1))
    charts.add_batch(batch_end(1, 2, 100, 1.0, 0.2))
    charts.add_batch(batch_end(1, 100, 100, float("nan"), 0.3))   # a diverged batch: kept raw, skipped by the smoothing
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
    charts.add_batch(batch_end(1, 1, 10, 3.0, 0.1))
    charts.add_epoch(row(7))
    # As read back from metrics.csv: every value a string.
    rows = [{key: str(value) for key, value in row(e, train_loss=2 / e, lr=0.1 / e).items()} for e in (1, 2, 3)]
    charts.load_history(rows)
    s = charts.series()
    assert charts.batch_count() == 0 and len(s["batch_x"]) == 0
    np.testing.assert_array_equal(s["epoch"], [1, 2, 3])
    np.testing.assert_allclose(s["train_loss"], [2, 1, 2 / 3])
    np.testing.assert_allclose(s["epoch_lr"], [0.1, 0.05, 0.1 / 3])
    charts.add_batch(batch_end(3, 1, 2, 0.5, 0.01))                 # the resumed run goes on with epoch 3
    s = charts.series()
    np.testing.assert_allclose(s["batch_x"], [2.5])
    np.testing.assert_array_equal(s["epoch_lr_x"], [1, 2])   # per-batch rates take over from epoch 3


def test_reset_clears_everything(charts):
    charts.add_batch(batch_end(1, 1, 2, 1.0, 0.1))
    charts.add_epoch(row(1))
    charts.reset()
    assert all(len(values) == 0 for values in charts.series().values())
    charts.add_batch(batch_end(1, 1, 2, 4.0, 0.1))
    assert charts.series()["batch_loss_smooth"][0] == pytest.approx(4.0)   # smoothing restarted too


def test_decimation_caps_plotted_points_and_keeps_the_shape(qtbot, charts):
    batches, epochs = 500, 60                        # 30,000 batches
    for e in range(1, epochs + 1):
        for b in range(1, batches + 1):
            charts.add_batch(batch_end(e, b, batches, 5 - (e - 1 + b / batches) / 20, 1e-3))
    s = charts.series()
    assert charts.batch_count() == 30_000
    assert 0.5 * MAX_POINTS <= len(s["batch_x"]) <= MAX_POINTS
    assert len(s["batch_loss"]) == len(s["batch_loss_smooth"]) == len(s["batch_lr"]) == len(s["batch_x"])
    assert s["batch_x"][0] < 1 and s["batch_x"][-1] > epochs - 1
    np.testing.assert_allclose(s["batch_loss"], 5 - s["batch_x"] / 20)   # bucket means of a straight line
    charts.flush()
    raw_line, smooth_line = charts.figure.axes[0].lines[:2]
    assert len(smooth_line.get_xdata()) == len(s["batch_x"])
    assert len(raw_line.get_xdata()) == 0            # the raw losses are a band now (next test)


def test_many_batches_show_their_raw_losses_as_a_band(qtbot, charts):
    batches = 2 * BAND_POINTS
    for b in range(1, batches + 1):
        charts.add_batch(batch_end(1, b, batches, 1.0 + (b % 2), 1e-3))   # alternating 2, 1: every bucket spans 1..2
    s = charts.series()
    assert len(s["band_x"]) == BAND_POINTS
    np.testing.assert_array_equal(s["batch_loss_low"], 1.0)
    np.testing.assert_array_equal(s["batch_loss_high"], 2.0)
    charts.flush()
    ax = charts.figure.axes[0]
    band = next(c for c in ax.collections if c.get_visible())
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == pytest.approx(1.0) and ys.max() == pytest.approx(2.0)
    assert "per batch (range)" in [t.get_text() for t in ax.get_legend().get_texts()]
    charts.reset()                                   # few batches again: a line, no band
    charts.add_batch(batch_end(1, 1, 10, 1.0, 0.1))
    charts.flush()
    assert len(ax.lines[0].get_xdata()) == 1 and not any(c.get_visible() for c in ax.collections)


def test_bucket_range_takes_each_buckets_extremes_and_ignores_nan():
    x = np.arange(7.0)
    y = np.array([3.0, 1.0, np.nan, 5.0, np.nan, np.nan, 2.0])
    bx, low, high = bucket_range(4, x, y)            # buckets of 2: [3, 1], [nan, 5], [nan, nan], [2]
    np.testing.assert_allclose(bx, [0.5, 2.5, 4.5, 6.0])
    np.testing.assert_allclose(low, [1.0, 5.0, np.nan, 2.0])
    np.testing.assert_allclose(high, [3.0, 5.0, np.nan, 2.0])


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
        charts.add_batch(batch_end(1, b, 1000, 1.0, 1e-3))
    charts.add_epoch(row(1))
    assert draws == []                               # data calls never draw
    qtbot.waitUntil(lambda: len(draws) >= 1)
    assert len(draws) == 1                           # 1,001 changes, one redraw
    assert not charts._timer.isActive()              # nothing changed since: nothing scheduled
    charts.add_batch(batch_end(2, 1, 1000, 0.9, 1e-3))
    assert charts._timer.isActive()
    qtbot.waitUntil(lambda: len(draws) >= 2)
    assert len(draws) == 2
    assert len(charts.figure.axes[0].lines[1].get_xdata()) == 1001   # the smoothed line


def test_hidden_charts_draw_when_shown(qtbot, charts, draws):
    charts.hide()
    charts.add_batch(batch_end(1, 1, 10, 1.0, 0.1))
    qtbot.waitUntil(lambda: not charts._timer.isActive())
    assert draws == []
    charts.show()
    qtbot.waitUntil(lambda: len(draws) == 1)
    assert len(charts.figure.axes[0].lines[0].get_xdata()) == 1


def test_learning_rate_axis_is_logarithmic_past_a_decade(charts):
    for b, lr in enumerate([1e-3, 5e-4, 2e-4], start=1):
        charts.add_batch(batch_end(1, b, 3, 1.0, lr))
    charts.flush()
    ax_lr = charts.figure.axes[2]
    assert ax_lr.get_yscale() == "linear"
    charts.add_batch(batch_end(2, 1, 3, 1.0, 1e-5))
    charts.flush()
    assert ax_lr.get_yscale() == "log"
    low, high = ax_lr.get_ylim()
    assert low < 1e-5 and high > 1e-3


def test_a_short_log_axis_labels_few_ticks_that_do_not_overlap(charts):
    """At 1000×650, a learning rate from 3e-3 to 6e-2 (a one-cycle warm-up) labelled "6×10⁻² 4×10⁻² 3×10⁻² …"
    on top of each other: matplotlib labels minor ticks too where a span has at most one power of ten."""
    charts.resize(560, 390)  # the training window's chart area at 1000×650
    for b, lr in enumerate(np.geomspace(3e-3, 6e-2, 30), start=1):
        charts.add_batch(batch_end(1, b, 30, 1.0, lr))
    charts.flush()
    ax = charts.figure.axes[2]
    assert ax.get_yscale() == "log"
    low, high = ax.get_ylim()
    canvas = charts.renderer.figure.canvas
    canvas.draw()
    boxes = [label.get_window_extent() for label in ax.get_yticklabels(minor=False) + ax.get_yticklabels(minor=True)
             if label.get_text() and label.get_visible() and low <= label.get_position()[1] <= high]
    assert 2 <= len(boxes) <= 4, [label.get_text() for label in ax.get_yticklabels()]
    boxes.sort(key=lambda box: box.y0)
    assert all(lower.y1 <= upper.y0 for lower, upper in zip(boxes, boxes[1:]))  # none overlaps the next


def test_epochs_trained_on_smaller_images_are_shaded_and_named_in_the_legend(charts):
    # As metrics.csv records progressive resizing: epochs 1-2 at 16 of 28 px, then 24 px, then full size;
    # an older run's rows have no train_scale at all.
    for epoch, scale in ((1, "0.571"), (2, "0.571"), (3, "0.857"), (4, "1.0")):
        charts.add_epoch({**row(epoch), "train_scale": scale})
    charts.flush()
    np.testing.assert_array_equal(charts.series()["smaller_epochs"], [1, 2, 3])
    loss_ax, acc_ax, lr_ax = charts.figure.axes
    for ax in (loss_ax, acc_ax):
        spans = [patch for patch in ax.patches if patch.get_visible()]
        assert len(spans) == 1 and (spans[0].get_x(), spans[0].get_width()) == (0, 3)  # epoch 1's batches to 3's end
    legend = [text.get_text() for text in acc_ax.get_legend().get_texts()]
    assert legend == ["train", "validation", "trained on smaller images"]
    charts.load_history([row(1), row(2)])
    charts.flush()
    assert not any(patch.get_visible() for patch in acc_ax.patches)
    assert "trained on smaller images" not in [text.get_text() for text in acc_ax.get_legend().get_texts()]


def _hidden_points(ax, lines) -> int:
    """How many of the lines' drawn points, and points along their segments, the legend covers."""
    figure = ax.figure
    box = ax.get_legend().get_window_extent(figure.canvas.get_renderer())
    hidden = 0
    for line in lines:
        x, y = (np.asarray(values, dtype=float) for values in line.get_data())
        grid = np.linspace(x[0], x[-1], 1000)  # the segments between epochs count
        points = ax.transData.transform(np.column_stack([grid, np.interp(grid, x, y)]))
        hidden += int(np.count_nonzero([box.contains(px, py) for px, py in points]))
    return hidden


def test_the_legends_move_off_the_lines(qtbot, charts):
    """A hard task: validation accuracy stays low for the first epochs, where the accuracy legend's usual
    lower-right corner is; and a validation loss that climbs again, where the loss legend usually is."""
    charts.resize(500, 330)  # the charts' share of a 1000×650 window
    accuracies = [(0.12, 0.10), (0.18, 0.15), (0.22, 0.19), (0.26, 0.21)]
    for epoch, (train_acc, val_acc) in enumerate(accuracies, 1):
        charts.add_epoch(row(epoch, train_loss=2.0 - 0.3 * epoch, val_loss=1.0 + 0.3 * epoch,
                             train_acc=train_acc, val_acc=val_acc))
    qtbot.waitUntil(lambda: charts.image() is not None and charts.image().width() == 500)
    charts.flush()
    loss_ax, acc_ax, _ = charts.figure.axes
    lines = [line for line in acc_ax.get_lines() if line.get_label() in ("train", "validation")]
    assert len(lines) == 2 and _hidden_points(acc_ax, lines) == 0
    lines = [line for line in loss_ax.get_lines() if line.get_label() in ("train, epoch mean", "validation")]
    assert len(lines) == 2 and _hidden_points(loss_ax, lines) == 0


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
        charts.add_batch(batch_end(i // 1000 + 1, i % 1000 + 1, 1000, 1.0, 1e-3))
    assert (time.perf_counter() - started) / 20_000 < 100e-6


def test_slow_draws_stretch_the_redraw_interval(charts, monkeypatch):
    monkeypatch.setattr(train_charts, "DRAW_SHARE", 0.2)
    charts.add_batch(batch_end(1, 1, 1, 1.0, 1e-3))
    charts.add_epoch(row(1))
    charts.flush()  # the first batch and epoch are on show
    monkeypatch.setattr(charts, "last_render_s", 0.3)   # drawing may take at most DRAW_SHARE (20 %)
    charts.add_batch(batch_end(1, 1, 1, 1.0, 1e-3))
    assert charts._timer.interval() == 1500
    charts.flush()
    monkeypatch.setattr(charts, "last_render_s", 5.0)
    charts.add_batch(batch_end(1, 1, 1, 1.0, 1e-3))
    assert charts._timer.interval() == train_charts.MAX_REDRAW_MS


def test_renders_off_the_gui_thread_at_the_widget_size(qtbot, charts):
    charts.add_batch(batch_end(1, 1, 10, 1.0, 0.1))
    charts.flush()
    assert charts.renderer.render_thread_id not in (None, threading.get_ident())
    image = charts.image()
    assert image.size() == charts.size() * image.devicePixelRatio()
    assert image.devicePixelRatio() == charts.devicePixelRatioF()
    charts.resize(500, 700)                           # narrow: the three panels stacked
    stale = charts.image()
    assert stale is image                             # stretched until the new frame arrives ...
    charts.grab()                                     # ... and painting it so is fine
    with qtbot.waitSignal(charts.rendered):           # ... which comes by itself, soon after the resize
        pass
    assert charts.image().size() == charts.size() * image.devicePixelRatio()
    loss, acc, lr = (ax.get_position() for ax in charts.figure.axes)
    assert loss.y0 > acc.y0 > lr.y0 and abs(loss.x0 - acc.x0) < 0.05
    charts.resize(1000, 500)                          # wide: loss and accuracy side by side
    charts.flush()
    loss, acc, lr = (ax.get_position() for ax in charts.figure.axes)
    assert abs(loss.y0 - acc.y0) < 0.05 and acc.x0 > loss.x1 and lr.y1 < loss.y0


def test_changes_during_a_render_are_coalesced_into_the_next(qtbot, charts, draws):
    charts.add_batch(batch_end(1, 1, 10, 1.0, 0.1))
    charts.flush()
    charts.add_batch(batch_end(1, 2, 10, 1.0, 0.1))
    charts._timer.stop()
    charts._redraw()                                  # a render in flight ...
    in_flight = charts._request
    for b in range(3, 11):                            # ... while more data arrive
        charts.add_batch(batch_end(1, b, 10, 1.0, 0.1))
    charts._timer.stop()
    charts._redraw()
    assert charts._request is in_flight               # never a second one at the same time
    qtbot.waitUntil(lambda: len(draws) == 3, timeout=10_000)   # the flush, the one in flight, one for the rest
    charts.flush()
    assert len(draws) == 3
    assert len(charts.figure.axes[0].lines[0].get_xdata()) == 10


def test_follows_the_palette(qtbot, charts):
    palette = charts.palette()
    palette.setColor(QPalette.Window, QColor("#202124"))
    palette.setColor(QPalette.Base, QColor("#2b2c30"))
    palette.setColor(QPalette.WindowText, QColor("#e8eaed"))
    charts.setPalette(palette)
    charts.flush()
    figure = charts.figure
    assert to_hex(figure.get_facecolor()) == "#202124"
    assert to_hex(figure.axes[0].get_facecolor()) == "#2b2c30"
    assert to_hex(figure.axes[0].title.get_color()) == "#e8eaed"
    corner = charts.image().pixelColor(1, 1)
    assert corner.name() == "#202124"


def test_destroying_the_widget_stops_its_render_thread(qtbot):
    widget = TrainCharts()
    widget.resize(400, 300)
    widget.show()
    widget.add_batch(batch_end(1, 1, 1, 1.0, 0.1))
    widget.flush()
    thread = widget._render_thread
    assert thread.isRunning() and thread in background.running_threads()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not thread.isRunning())
    assert thread not in background.running_threads()


def test_a_failed_render_is_shown_and_the_next_one_replaces_it(charts):
    def broken(request):
        raise ValueError("no fonts")
    charts.renderer._render = broken                  # read in the renderer's thread, at the next request
    charts.add_batch(batch_end(1, 1, 10, 1.0, 0.1))
    charts.flush()
    assert "no fonts" in charts._error
    del charts.renderer._render                       # the class's own again
    charts.add_batch(batch_end(1, 2, 10, 1.0, 0.1))
    charts.flush()
    assert charts._error == "" and len(charts.figure.axes[0].lines[0].get_xdata()) == 2


def test_chinese_chart_labels_are_drawn_in_a_cjk_font(qtbot, charts):
    """In zh_CN the titles, axis labels and legends are Chinese: none of their glyphs may be
    missing from the fonts, or matplotlib draws them as boxes (core/plot_fonts.py)."""
    import warnings

    from PyQt5.QtWidgets import QApplication

    from app.i18n import TsTranslator
    from app.translatable_strings import TS_FILE
    from core.plot_fonts import fallback_font
    if fallback_font() is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    app, translator = QApplication.instance(), TsTranslator(TS_FILE)
    app.installTranslator(translator)  # posts LanguageChange: the charts translate their labels
    app.processEvents()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for batch in range(1, 5):
                charts.add_batch(batch_end(1, batch, 4, 2.0 / batch, 1e-3))
            charts.add_epoch(row(1))
            charts.flush()
    finally:
        app.removeTranslator(translator)
    assert [ax.get_title() for ax in charts.renderer.figure.axes] == ["损失", "准确率", "学习率"]
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_the_first_batch_and_the_first_epoch_are_drawn_soon_however_slow_drawing_is(charts, monkeypatch):
    """On 2 busy cores the stretched interval left "No batches yet" on show for 5 s after the first batch."""
    monkeypatch.setattr(train_charts, "DRAW_SHARE", 0.04)
    monkeypatch.setattr(charts, "last_render_s", 1.0)   # 25 s of drawing budget: capped at MAX_REDRAW_MS
    charts.add_batch(batch_end(1, 1, 3, 1.0, 1e-3))
    assert charts._timer.interval() == train_charts.REDRAW_MS
    charts.flush()
    charts.last_render_s = 1.0  # as slow again (the flush measured this machine's render)
    charts.add_batch(batch_end(1, 2, 3, 0.9, 1e-3))
    assert charts._timer.interval() == train_charts.MAX_REDRAW_MS  # batches on show: the usual pace
    charts.add_epoch(row(1))  # the first epoch's point, while the batch's redraw waits
    assert charts._timer.interval() == train_charts.REDRAW_MS  # restarted sooner, not left at its 5 s
    charts.flush()
    charts.reset()  # the next run starts from an empty frame: its first batch is drawn soon again
    charts.flush()
    charts.last_render_s = 1.0
    charts.add_batch(batch_end(1, 1, 3, 1.0, 1e-3))
    assert charts._timer.interval() == train_charts.REDRAW_MS


def test_each_finished_epoch_is_drawn_within_two_seconds_however_slow_drawing_is(charts, monkeypatch):
    """With epochs of a few seconds on 2 busy cores, the accuracy chart showed epoch 1 while the status said
    epoch 3: the stretched interval (5 s) spans several epochs. Batches alone keep the stretched pace."""
    monkeypatch.setattr(train_charts, "DRAW_SHARE", 0.04)
    for epoch in (1, 2):
        charts.add_batch(batch_end(epoch, 1, 3, 1.0, 1e-3))
        charts.add_epoch(row(epoch))
        charts.flush()
    charts.last_render_s = 1.0
    charts.add_batch(batch_end(3, 1, 3, 0.9, 1e-3))
    assert charts._timer.interval() == train_charts.MAX_REDRAW_MS
    charts.add_epoch(row(3))
    assert charts._timer.interval() == train_charts.EPOCH_MS


def test_the_epoch_in_progress_is_shaded_while_it_trains_on_smaller_images(charts):
    """The shade came with the epoch's metrics row, an epoch behind the log's "epochs 1-16 train at 20×20 px"."""
    from dataclasses import replace
    charts.add_epoch({**row(1), "train_scale": "0.714"})
    charts.add_batch(replace(batch_end(2, 1, 4, 1.0, 1e-3), train_scale=0.714))
    charts.flush()
    np.testing.assert_array_equal(charts.series()["smaller_epochs"], [1, 2])
    spans = [patch for patch in charts.figure.axes[0].patches if patch.get_visible()]
    assert [(span.get_x(), span.get_width()) for span in spans] == [(0, 2)]  # epoch 2 too, as it trains
    charts.add_epoch({**row(2), "train_scale": "0.714"})
    charts.add_batch(batch_end(3, 1, 4, 1.0, 1e-3))  # full size from epoch 3
    np.testing.assert_array_equal(charts.series()["smaller_epochs"], [1, 2])


def test_a_runs_batches_csv_loads_as_the_live_batches_drew(charts):
    """Read off the GUI thread into arrays (300 epochs of 100 points, one add_batch each, held it 100 ms), with
    the same smoothing the live curve had; a resumed run's live batches go on from it."""
    from ui.training.train_charts import loaded_batches
    rng = np.random.default_rng(0)
    points = [{"epoch": e, "batch": b, "batches": 40, "loss": float(v), "lr": 1e-3}
              for e in (1, 2) for b, v in zip(range(1, 41), rng.uniform(0.5, 2.0, 40))]
    for p in points:
        charts.add_batch(batch_end(p["epoch"], p["batch"], 40, p["loss"], 1e-3))
    live = charts.series()
    charts.load_history([row(1), row(2)], loaded_batches(points))
    loaded = charts.series()
    for key in ("batch_x", "batch_loss", "batch_loss_smooth"):
        np.testing.assert_allclose(loaded[key], live[key])
    charts.add_batch(batch_end(3, 1, 40, 1.0, 1e-3))
    assert charts.batch_count() == 81 and charts.series()["batch_x"][-1] == pytest.approx(2 + 1 / 40)
    thinned = loaded_batches([{"epoch": 1, "batch": 10 * b, "batches": 1000, "loss": 1.0, "lr": 1e-3}
                              for b in range(1, 101)])  # 100 points for 1,000 batches: each stands for 10
    assert thinned.x[-1] == 1.0 and thinned.first_epoch == 1 and np.allclose(thinned.smooth, 1.0)
    assert loaded_batches([]).first_epoch is None


def test_a_diverging_validation_loss_runs_off_the_top_with_its_value_written(charts):
    """One epoch's validation loss of 630 against ~1 elsewhere scaled the chart to 630: every other line lay flat."""
    for epoch, val in ((1, 1.1), (2, 630.0), (3, 0.9), (4, 0.8)):
        charts.add_batch(batch_end(epoch, 1, 1, 1.2 - 0.1 * epoch, 1e-3))
        charts.add_epoch({**row(epoch), "train_loss": 1.2 - 0.1 * epoch, "val_loss": val})
    charts.flush()
    loss_ax = charts.figure.axes[0]
    assert loss_ax.get_ylim()[1] < 2  # scaled to the other losses
    spike = [t for t in loss_ax.texts if t.get_visible() and t.get_text().startswith("↑")]
    assert [t.get_text() for t in spike] == ["↑ 630"] and spike[0].get_position()[0] == 2
    charts.add_epoch({**row(2), "val_loss": 1.0})  # no spike: nothing written, the top follows the data
    charts.flush()
    assert not any(t.get_visible() and t.get_text().startswith("↑") for t in loss_ax.texts)
