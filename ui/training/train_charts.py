"""Live training charts: loss per batch and per epoch, accuracy per epoch, learning rate.

A run of 300 epochs x 1,000 batches sends 300,000 batch events, so the data calls only write into
growing numpy buffers (a few microseconds each) and mark the charts dirty; a timer redraws at most
every REDRAW_MS, and only when something changed. The per-batch lines are bucket-averaged down to
MAX_POINTS for display: a screen is ~2,000 pixels wide anyway, and matplotlib's cost grows with points.
Past BAND_POINTS batches the raw losses are shown as a band, each bucket's lowest to highest loss,
instead of a line: a noisy line zigzags over the same pixels many times, and Agg, holding the GIL
while it strokes, stalled the GUI thread 25-40 ms per frame at 2,000 points; a filled band of 500
buckets costs under 10 ms and shows the spread as clearly.

The x axis is the fractional epoch: batch b of B in epoch e sits at e - 1 + b/B, so epoch e ends
at x = e, where its validation numbers are plotted. The epoch's mean train loss is plotted at
e - 0.5, the middle of the batches it averages, so it lies on the per-batch curve instead of
trailing it by half an epoch. Epochs that progressive resizing trained on smaller images are
shaded (metrics' train_scale below 1): their validation, at full size, dips, and the shade says why.

The widget never runs matplotlib: a redraw sends a snapshot (the series, the size in device
pixels, palette colours, translated texts) to a ChartRenderer on its own thread
(ui/training/chart_renderer.py) and paints the image that comes back. One render is in flight at most;
changes meanwhile are coalesced into the next one. Until a fresh image arrives after a resize,
the last one is painted stretched to the new size.
"""
from __future__ import annotations

import logging
import math
import os
from collections import Counter
from typing import NamedTuple

import numpy as np
from PyQt5.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt, QTimer, pyqtSignal, pyqtSlot
from PyQt5.QtGui import QImage, QPainter, QPalette
from PyQt5.QtWidgets import QSizePolicy, QWidget

from core.training.train_events import BatchEnd
from ui.theme_colours import CHART_ROLES, colour
from ui.training.chart_renderer import ChartRenderer, ChartRequest
from ui.widgets.background import start_in_thread, stopper

log = logging.getLogger(__name__)

REDRAW_MS = 500
MAX_REDRAW_MS = 5000       # slow machine: wait longer between redraws ...
# ... so that drawing takes at most this share of the time. Training on the CPU keeps every core
# busy, so what a render takes (~0.1-0.25 s of CPU) is taken from training, and the more so the
# fewer the cores: on 2 cores a render every ~2 s cost training ~15 % of its speed
# (benchmarks/train_ui_latency.py). 4 % there, 10 % from 5 cores up.
DRAW_SHARE = min(0.1, 0.02 * (os.cpu_count() or 1))
EPOCH_MS = 2000            # a finished epoch is drawn within this, however stretched the interval: with epochs of
                           # a few seconds the accuracy chart stayed epochs behind the status line ...
EPOCH_DRAW_SHARE = 0.25    # ... and within REDRAW_MS where drawing takes at most this share of the time then: 2 s
                           # still left the charts 5-7 epochs behind the log with epochs of 0.4 s (57/100, charts at 50)
RESIZE_MS = 50             # after a resize, render at the new size this soon (a drag sends many resizes)
MAX_POINTS = 2000          # per-batch points drawn per line, at most
BAND_POINTS = 500          # raw losses up to this many are a line, beyond it a band of this many buckets
SMOOTH_BATCHES = 50        # window of the exponential smoothing, in batches ...
SMOOTH_EPOCH_SHARE = 0.25  # ... but no more than this share of an epoch (short epochs would lag)
FLUSH_WAIT_S = 30.0        # flush() waits this long for a render at most (a loaded 2-core machine)
STOP_WAIT_MS = 10_000      # a render in progress finishes first; one takes well under a second
_EPOCH_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr", "train_scale")


def _number(value) -> float:
    """A metrics cell as a float: None, '' or text (a row read from metrics.csv) -> NaN."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _bucket_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of each run of k values (the last run may be shorter), ignoring NaN; all-NaN -> NaN."""
    n = len(values)
    pad = -n % k
    if pad:
        values = np.concatenate([values, np.full(pad, np.nan)])
    values = values.reshape(-1, k)
    finite = np.isfinite(values)
    sums = np.where(finite, values, 0.0).sum(axis=1)
    counts = finite.sum(axis=1)
    return np.divide(sums, counts, out=np.full(len(sums), np.nan), where=counts > 0)


def bucket_range(max_points: int, x: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Bucket mean of x, lowest and highest of values in <= max_points buckets (NaN ignored)."""
    k = max(1, math.ceil(len(values) / max_points))
    pad = -len(values) % k
    values = np.concatenate([np.asarray(values, dtype=float), np.full(pad, np.nan)]).reshape(-1, k)
    # fmin/fmax skip NaN without numpy's all-NaN warning; a bucket of only NaN stays NaN (a gap)
    return _bucket_mean(np.asarray(x, dtype=float), k), np.fmin.reduce(values, axis=1), np.fmax.reduce(values, axis=1)


def decimate(max_points: int, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays unchanged (copied) when short enough, else averaged in buckets to <= max_points."""
    n = len(arrays[0]) if arrays else 0
    if n <= max_points:
        return tuple(np.array(a, dtype=float) for a in arrays)
    k = math.ceil(n / max_points)
    return tuple(_bucket_mean(np.asarray(a, dtype=float), k) for a in arrays)


class LoadedBatches(NamedTuple):
    """A run's batches.csv as the charts store it: x, loss, its smoothing and lr per point, where the smoothing
    stands at the end, and the first epoch with batches."""
    x: np.ndarray
    loss: np.ndarray
    smooth: np.ndarray
    lr: np.ndarray
    ema: float
    ema_weight: float
    first_epoch: int | None


def loaded_batches(points: list[dict]) -> LoadedBatches:
    """batches.csv's rows (core/training/batch_trace.py) made into the charts' arrays, smoothed as add_batch smooths
    live batches, each point standing for the batches it averages. Pure numpy: for a background thread (300
    epochs of 100 points one by one took 100 ms of the GUI thread)."""
    n = len(points)
    epoch, batch, batches, loss, lr = (np.array([float(p[key]) for p in points], dtype=float)
                                       for key in ("epoch", "batch", "batches", "loss", "lr"))
    counts = Counter(epoch.tolist())  # each epoch's points, to weigh the smoothing
    span = np.maximum(1.0, batches / np.array([counts[e] for e in epoch.tolist()], dtype=float)) if n else epoch
    window = np.minimum(SMOOTH_BATCHES, np.maximum(1.0, batches * SMOOTH_EPOCH_SHARE)) / span
    x = np.where(batches > 0, epoch - 1 + batch / np.where(batches > 0, batches, 1), epoch)
    smooth, ema, weight = np.empty(n), 0.0, 0.0
    for i, (value, size) in enumerate(zip(loss.tolist(), window.tolist())):
        if math.isfinite(value):
            beta = 1.0 - 1.0 / size
            ema, weight = beta * ema + (1.0 - beta) * value, beta * weight + (1.0 - beta)
        smooth[i] = ema / weight if weight else math.nan
    return LoadedBatches(x, loss, smooth, lr, ema, weight, int(epoch[0]) if n else None)


class TrainCharts(QWidget):
    """Three panels (loss, accuracy, learning rate) fed by add_batch / add_epoch or a whole history."""

    rendered = pyqtSignal()   # a new image is on show
    _requested = pyqtSignal(object)   # a ChartRequest, to the renderer's thread

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self._dirty = True
        self._relayout = True
        self._wide = True
        self._request: ChartRequest | None = None   # the one in flight, if any
        self._image: QImage | None = None
        self._error = ""
        self.last_render_s = 0.0   # how long the last render took on the renderer's thread
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(self.fontMetrics().height() * 12, self.fontMetrics().height() * 10)

        self._renderer = renderer = ChartRenderer()
        self._render_thread = start_in_thread(renderer, "chart renderer", wait_ms=STOP_WAIT_MS)
        self._requested.connect(renderer.render)
        renderer.rendered.connect(self._on_rendered)
        renderer.failed.connect(self._on_failed)
        # Holds the thread, not self: the connection must not keep the widget alive.
        self.destroyed.connect(stopper(self._render_thread, STOP_WAIT_MS))

        self._range_test = False   # Find LR runs: the empty panels say so, not "No batches yet"
        self._clear_data()
        self._retranslate()

    # -- data API ---------------------------------------------------------------------------------
    def add_batch(self, event: BatchEnd) -> None:
        """One training batch (epoch and batch count from 1). Only stores it: drawing comes later."""
        epoch, batch, batches, loss, lr = event.epoch, event.batch, event.batches, event.loss, event.lr
        n = self._n
        if n == len(self._bx):
            self._grow()
        x = epoch - 1 + batch / batches if batches > 0 else float(epoch)
        if loss == loss and loss not in (math.inf, -math.inf):   # finite; NaN (divergence) keeps the curve
            window = min(SMOOTH_BATCHES, max(1.0, batches * SMOOTH_EPOCH_SHARE))
            beta = 1.0 - 1.0 / window
            self._ema = beta * self._ema + (1.0 - beta) * loss
            self._ema_weight = beta * self._ema_weight + (1.0 - beta)   # debiases the start (TensorBoard does too)
        self._bx[n] = x
        self._bloss[n] = loss
        self._bsmooth[n] = self._ema / self._ema_weight if self._ema_weight else math.nan
        self._blr[n] = lr
        self._n = n + 1
        if self._first_batch_epoch is None:
            self._first_batch_epoch = epoch
        self._training_scale = (epoch, getattr(event, "train_scale", 1.0))  # shaded while it trains, not after
        self._changed()

    def add_epoch(self, row: dict) -> None:
        """One row of metrics.csv (keys epoch, train_loss, train_acc, val_loss, val_acc, lr, ...)."""
        epoch = _number(row.get("epoch"))
        if not math.isfinite(epoch):
            epoch = float(max(self._rows, default=0) + 1)
        self._rows[int(epoch)] = {key: _number(row.get(key)) for key in _EPOCH_KEYS}
        self._changed()

    def load_history(self, rows: list[dict], batches: LoadedBatches | None = None) -> None:
        """Show a whole history (a resumed run, or a finished one opened later): replaces everything.
        `rows` are metrics.csv's; `batches` its batches.csv made into arrays off the GUI thread (loaded_batches)."""
        self._clear_data()
        for row in rows:
            self.add_epoch(row)
        if batches is not None and len(batches.x):
            n = len(batches.x)
            while len(self._bx) < n:
                self._grow()
            for store, values in ((self._bx, batches.x), (self._bloss, batches.loss), (self._bsmooth, batches.smooth),
                                  (self._blr, batches.lr)):
                store[:n] = values
            self._n, self._ema, self._ema_weight = n, batches.ema, batches.ema_weight  # live batches go on from here
            self._first_batch_epoch = batches.first_epoch
        self._relayout_next()
        self._changed()

    def reset(self) -> None:
        self._clear_data()
        self._relayout_next()
        self._changed()

    def show_range_test(self, running: bool) -> None:
        """While Find LR's range test runs the empty panels say what happens: "No batches yet" read as a run
        that had not begun, beside a status line counting the test's steps. Its curve is shown by the form."""
        self._range_test = running
        self._retranslate()
        self._relayout_next()
        self._replot_soon()  # at once: after a slow frame the redraw interval kept "Finding a learning rate…" 5 s

    def batch_count(self) -> int:
        """Batches received (before decimation)."""
        return self._n

    def series(self) -> dict[str, np.ndarray]:
        """The arrays the charts plot (per-batch ones decimated), from the data received so far."""
        n = self._n
        batch_x, loss, smooth, lr = decimate(MAX_POINTS, self._bx[:n], self._bloss[:n], self._bsmooth[:n],
                                             self._blr[:n])
        if n > BAND_POINTS:
            band_x, low, high = bucket_range(BAND_POINTS, self._bx[:n], self._bloss[:n])
        else:
            band_x = low = high = np.empty(0)
        epochs = np.array(sorted(self._rows), dtype=float)
        rows = [self._rows[e] for e in sorted(self._rows)]
        columns = {key: np.array([r[key] for r in rows], dtype=float) for key in _EPOCH_KEYS}
        acc = np.concatenate([columns["train_acc"], columns["val_acc"]])
        acc = acc[np.isfinite(acc)]
        scale = 100.0 if acc.size == 0 or acc.max() <= 1.0 else 1.0   # fractions, as core writes; or percent
        # Per-epoch learning rates only where no per-batch ones exist (a resumed run's earlier epochs).
        first = self._first_batch_epoch
        older = epochs < first if first is not None else np.ones(len(epochs), dtype=bool)
        return {"batch_x": batch_x, "batch_loss": loss, "batch_loss_smooth": smooth, "batch_lr": lr,
                "band_x": band_x, "batch_loss_low": low, "batch_loss_high": high,
                "epoch": epochs, "train_loss_x": epochs - 0.5, "train_loss": columns["train_loss"],
                "val_loss": columns["val_loss"],
                "train_acc": columns["train_acc"] * scale, "val_acc": columns["val_acc"] * scale,
                "epoch_lr_x": epochs[older], "epoch_lr": columns["lr"][older],
                "smaller_epochs": self._smaller_epochs(epochs, columns["train_scale"])}

    def _smaller_epochs(self, epochs: np.ndarray, scales: np.ndarray) -> np.ndarray:
        """The epochs progressive resizing trained smaller (train_scale below 1; NaN: not recorded), the one
        training now included: the shade lagged an epoch behind the log's "epochs 1-16 train at 20×20 px"."""
        smaller = epochs[scales < 1]
        epoch, scale = self._training_scale
        if epoch is not None and scale < 1 and epoch not in self._rows:
            smaller = np.append(smaller, float(epoch))
        return smaller

    @property
    def figure(self):
        """The renderer's matplotlib Figure, for inspection: read it only after flush(), when no render
        is in flight (it belongs to the renderer's thread). None before the first render."""
        return self._renderer.figure

    @property
    def renderer(self):
        """The ChartRenderer (lives in its own thread; tests check which one it draws on)."""
        return self._renderer

    def image(self) -> QImage | None:
        """The last rendered frame (its device pixel ratio set), or None before the first."""
        return self._image

    def flush(self) -> None:
        """Redraw now if anything changed, instead of at the next timer tick, and wait until the
        new image is on show. Blocks the GUI thread for a render: for tests and screenshots."""
        self._timer.stop()
        self._wait_for_render()    # one in flight first: it may predate the latest data
        self._redraw()
        self._wait_for_render()

    # -- storage ----------------------------------------------------------------------------------
    def _clear_data(self) -> None:
        capacity = 4096
        self._bx, self._bloss, self._bsmooth, self._blr = (np.empty(capacity) for _ in range(4))
        self._n = 0
        self._ema = self._ema_weight = 0.0
        self._first_batch_epoch: int | None = None
        self._training_scale: tuple[int | None, float] = (None, 1.0)  # the epoch in progress and its train_scale
        self._rows: dict[int, dict] = {}
        self._drawn = (0, 0)  # batches and epochs in the latest frame requested (the old frame goes too)

    def _grow(self) -> None:
        def bigger(a):
            b = np.empty(2 * len(a))
            b[:len(a)] = a
            return b
        self._bx, self._bloss, self._bsmooth, self._blr = map(bigger, (self._bx, self._bloss, self._bsmooth,
                                                                       self._blr))

    def _changed(self) -> None:
        self._dirty = True
        # batches: at the pace that keeps drawing's share of the time small
        soon = min(MAX_REDRAW_MS, max(REDRAW_MS, self.last_render_s * 1000 / DRAW_SHARE))
        if self._first_sight():  # soon, whatever drawing costs
            soon = REDRAW_MS
        elif len(self._rows) > self._drawn[1]:  # a finished epoch not drawn yet: soon, at a bounded cost
            soon = min(soon, EPOCH_MS, max(REDRAW_MS, self.last_render_s * 1000 / EPOCH_DRAW_SHARE))
        soon = int(soon)
        # Decided again at every change and after every render: an epoch whose redraw came due while a slow
        # frame was still being drawn then waited the batches' stretched interval.
        if not self._timer.isActive() or self._timer.remainingTime() > soon:
            self._timer.start(soon)

    def _first_sight(self) -> bool:
        """Whether the data hold batches or epochs and the frame drawn (or being drawn) none: a chart saying
        "No batches yet" while the status line says epoch 2 looks broken (on 2 busy cores the stretched
        interval kept it so for 5 s after the first batch)."""
        return bool(self._n and not self._drawn[0] or self._rows and not self._drawn[1])

    # -- drawing ----------------------------------------------------------------------------------
    def _redraw(self) -> None:
        if not self._dirty or not self.isVisible():
            return  # hidden: showEvent draws what was missed
        if self._request is not None:
            return  # one render at a time: _on_rendered schedules the next, with everything changed since
        self._dirty = False
        self._drawn = (self._n, len(self._rows))
        palette = self.palette()
        pixels = self._device_size()
        request = ChartRequest(
            series=self.series(), size=(pixels.width(), pixels.height()), ratio=self.devicePixelRatioF(),
            colors={"window": palette.color(QPalette.Window).name(), "base": palette.color(QPalette.Base).name(),
                    "text": palette.color(QPalette.WindowText).name(), "mid": palette.color(QPalette.Mid).name(),
                    **{role: colour(role, palette).name() for role in CHART_ROLES}},
            texts=self._texts, wide=self._wide, relayout=self._relayout)
        self._relayout = False
        self._request = request
        self._requested.emit(request)

    @pyqtSlot(QImage, float)
    def _on_rendered(self, image: QImage, seconds: float) -> None:
        self._request = None
        self._image, self._error = image, ""
        self.last_render_s = seconds
        self.update()
        self.rendered.emit()
        if image.size() != self._device_size():
            self._replot_soon()   # resized while it was drawn: the right size soon, not a redraw interval later
        elif self._dirty:
            self._changed()

    @pyqtSlot(str)
    def _on_failed(self, message: str) -> None:
        self._request = None
        self._error = self.tr("The charts cannot be drawn: {0}").format(message)
        self.update()

    def _wait_for_render(self) -> None:
        """Block until the render in flight has answered, then take its answer at once (the signal
        is already queued for this widget; delivered here without running a nested event loop)."""
        request = self._request
        if request is None:
            return
        if not request.done.wait(FLUSH_WAIT_S):
            log.warning("no chart render within %.0f s", FLUSH_WAIT_S)
            return
        QCoreApplication.sendPostedEvents(self, QEvent.MetaCall)

    def _device_size(self) -> QSize:
        """The widget's size in device pixels: the size of the image that fits it exactly."""
        return (self.size() * self.devicePixelRatioF()).expandedTo(QSize(1, 1))

    def _replot_soon(self) -> None:
        """Re-render at the new size shortly, whatever the redraw interval (the old frame is stretched)."""
        self._dirty = True
        if not self._timer.isActive() or self._timer.remainingTime() > RESIZE_MS:
            self._timer.start(RESIZE_MS)

    def _relayout_next(self) -> None:
        """Let the next render lay the panels out again (tick labels, titles or the data changed)."""
        self._relayout = True

    # -- Qt events --------------------------------------------------------------------------------
    def paintEvent(self, event):
        # `with`: the painter ends with the event even if something (a traceback, a profiler) keeps this
        # frame alive; destroyed later, perhaps by the garbage collector on another thread, it could crash Qt.
        with QPainter(self) as painter:
            image = self._image
            exact = image is not None and image.size() == self._device_size()
            if not exact:
                painter.fillRect(self.rect(), self.palette().color(QPalette.Window))
            if image is not None:
                painter.drawImage(QRectF(self.rect()), image)   # stretched while a render at the new size is due
            if self._error:
                painter.setPen(self.palette().color(QPalette.WindowText))
                painter.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignCenter | Qt.TextWordWrap, self._error)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        size = event.size()
        self._wide = (size.width() >= 45 * self.fontMetrics().averageCharWidth()
                      and size.width() >= 1.1 * size.height())
        self._relayout_next()
        self._replot_soon()

    def showEvent(self, event):
        super().showEvent(event)
        if self._image is None or self._dirty:
            self._replot_soon()   # an old frame or none (a theme switch while hidden): not a redraw interval

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
            self._relayout_next()
            self._changed()
        elif event.type() == QEvent.PaletteChange:
            self._replot_soon()   # View → Theme: at once, not a (slow machine's) redraw interval later
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._texts = {"loss": self.tr("Loss"), "accuracy": self.tr("Accuracy"), "lr": self.tr("Learning rate"),
                       "epoch": self.tr("epoch"), "per_batch": self.tr("per batch"),
                       "per_batch_range": self.tr("per batch (range)"), "smoothed": self.tr("smoothed"),
                       "train_epoch_mean": self.tr("train, epoch mean"), "validation": self.tr("validation"),
                       "train": self.tr("train"), "per_epoch_earlier": self.tr("per epoch (earlier run)"),
                       "no_batches": self.tr("No batches yet"), "after_first_epoch": self.tr("Shown after the first epoch"),
                       "no_rates": self.tr("No batches yet"), "smaller_images": self.tr("trained on smaller images")}
        if self._range_test:
            self._texts.update(no_batches=self.tr("Finding a learning rate…"),
                               after_first_epoch=self.tr("Not measured by Find LR"),
                               no_rates=self.tr("Its curve is shown in the form when it ends"))
