"""Live training charts: loss per batch and per epoch, accuracy per epoch, learning rate.

A run of 300 epochs x 1,000 batches sends 300,000 batch events, so the data calls only write into
growing numpy buffers (a few microseconds each) and mark the charts dirty; a timer redraws at most
every REDRAW_MS, and only when something changed. The per-batch lines are bucket-averaged down to
MAX_POINTS for display: a screen is ~2,000 pixels wide anyway, and matplotlib's cost grows with points.

The x axis is the fractional epoch: batch b of B in epoch e sits at e - 1 + b/B, so epoch e ends
at x = e, where its validation numbers are plotted. The epoch's mean train loss is plotted at
e - 0.5, the middle of the batches it averages, so it lies on the per-batch curve instead of
trailing it by half an epoch.

Most of a redraw's time goes to constrained layout (measuring every tick label), so the layout is
computed on resize and a few other occasions, then frozen (layout engine "none") between them.

matplotlib's object API with the Qt canvas, never pyplot: pyplot keeps global figures alive.
"""
from __future__ import annotations

import logging
import math
import time

import numpy as np
from matplotlib import ticker
from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PyQt5.QtCore import QEvent, QTimer
from PyQt5.QtGui import QPalette
from PyQt5.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

REDRAW_MS = 500
MAX_REDRAW_MS = 2000       # slow machine: wait longer between redraws, keeping the GUI thread mostly free
DRAW_SHARE = 0.2           # ... so that drawing takes at most this share of it
FEW_EPOCHS = 30            # markers on the per-epoch lines up to this many epochs (as in the report)
MAX_POINTS = 2000          # per-batch points drawn per line, at most
SMOOTH_BATCHES = 50        # window of the exponential smoothing, in batches ...
SMOOTH_EPOCH_SHARE = 0.25  # ... but no more than this share of an epoch (short epochs would lag)
LOG_LR_SPAN = 10.0         # learning rates spanning more than a decade get a log axis
LOG_LR_DECADES = 4         # ... showing at most this many decades below the largest (cosine ends near 0)
RELAYOUT_S = 5.0           # tick labels change as data arrive: lay out again at least this often
_TRAIN, _VAL, _LR = "tab:blue", "tab:orange", "tab:green"
_EPOCH_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr")


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


def decimate(max_points: int, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays unchanged (copied) when short enough, else averaged in buckets to <= max_points."""
    n = len(arrays[0]) if arrays else 0
    if n <= max_points:
        return tuple(np.array(a, dtype=float) for a in arrays)
    k = math.ceil(n / max_points)
    return tuple(_bucket_mean(np.asarray(a, dtype=float), k) for a in arrays)


class _Canvas(FigureCanvasQTAgg):
    """The Qt canvas, timing its draws so the redraw timer can back off when drawing is slow."""

    last_draw_s = 0.0

    def draw(self):
        started = time.perf_counter()
        super().draw()
        self.last_draw_s = time.perf_counter() - started


class TrainCharts(QWidget):
    """Three panels (loss, accuracy, learning rate) fed by add_batch / add_epoch or a whole history."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self._dirty = False
        self._wide: bool | None = None
        self._lr_log = False
        self._layout_at = -math.inf

        self._figure = Figure(layout="constrained")
        self._canvas = _Canvas(self._figure)
        self._canvas.setParent(self)
        self._canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self._canvas.setMinimumSize(self.fontMetrics().height() * 12, self.fontMetrics().height() * 10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._canvas)
        self._canvas.mpl_connect("draw_event", self._freeze_layout)

        fig = self._figure
        self._ax_loss = fig.add_subplot(2, 2, 1)
        self._ax_acc = fig.add_subplot(2, 2, 2, sharex=self._ax_loss)
        self._ax_lr = fig.add_subplot(2, 2, (3, 4), sharex=self._ax_loss)
        self._ax_loss.xaxis.set_major_locator(ticker.MaxNLocator(integer=True, min_n_ticks=1))
        ax = self._ax_loss
        self._raw = ax.plot([], [], color=_TRAIN, alpha=0.25, linewidth=0.8)[0]
        self._smooth = ax.plot([], [], color=_TRAIN, linewidth=1.6)[0]
        self._train_loss = ax.plot([], [], color="tab:purple", marker="o", markersize=3.5, linewidth=1.0)[0]
        self._val_loss = ax.plot([], [], color=_VAL, marker="o", markersize=3.5, linewidth=1.4)[0]
        self._train_acc = self._ax_acc.plot([], [], color=_TRAIN, marker="o", markersize=3.5, linewidth=1.4)[0]
        self._val_acc = self._ax_acc.plot([], [], color=_VAL, marker="o", markersize=3.5, linewidth=1.4)[0]
        self._ax_acc.set_ylim(0, 100)
        self._ax_acc.yaxis.set_major_formatter(ticker.PercentFormatter(xmax=100, decimals=0))
        self._batch_lr = self._ax_lr.plot([], [], color=_LR, linewidth=1.4)[0]
        self._epoch_lr = self._ax_lr.plot([], [], color=_LR, marker="o", markersize=3, linewidth=1.0,
                                          linestyle="--")[0]
        self._linear_lr_ticks()
        self._empty = {ax: ax.text(0.5, 0.5, "", ha="center", va="center", transform=ax.transAxes, alpha=0.6,
                                   fontsize=9) for ax in self._axes()}
        for ax in self._axes():
            ax.tick_params(labelsize=8)
            ax.grid(alpha=0.3)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)

        self._clear_data()
        self._apply_palette()
        self._retranslate()
        self._arrange(True)
        self._dirty = True
        self._redraw_now()

    # -- data API ---------------------------------------------------------------------------------
    def add_batch(self, epoch: int, batch: int, batches: int, loss: float, lr: float) -> None:
        """One training batch (epoch and batch count from 1). Only stores it: drawing comes later."""
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
        self._changed()

    def add_epoch(self, row: dict) -> None:
        """One row of metrics.csv (keys epoch, train_loss, train_acc, val_loss, val_acc, lr, ...)."""
        epoch = _number(row.get("epoch"))
        if not math.isfinite(epoch):
            epoch = float(max(self._rows, default=0) + 1)
        self._rows[int(epoch)] = {key: _number(row.get(key)) for key in _EPOCH_KEYS}
        self._changed()

    def load_history(self, rows: list[dict]) -> None:
        """Show a whole history (a resumed run, or a finished one opened later): replaces everything."""
        self._clear_data()
        for row in rows:
            self.add_epoch(row)
        self._relayout()
        self._changed()

    def reset(self) -> None:
        self._clear_data()
        self._relayout()
        self._changed()

    def batch_count(self) -> int:
        """Batches received (before decimation)."""
        return self._n

    def series(self) -> dict[str, np.ndarray]:
        """The arrays the charts plot (per-batch ones decimated), from the data received so far."""
        n = self._n
        batch_x, loss, smooth, lr = decimate(MAX_POINTS, self._bx[:n], self._bloss[:n], self._bsmooth[:n],
                                             self._blr[:n])
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
                "epoch": epochs, "train_loss_x": epochs - 0.5, "train_loss": columns["train_loss"],
                "val_loss": columns["val_loss"],
                "train_acc": columns["train_acc"] * scale, "val_acc": columns["val_acc"] * scale,
                "epoch_lr_x": epochs[older], "epoch_lr": columns["lr"][older]}

    @property
    def canvas(self) -> FigureCanvasQTAgg:
        return self._canvas

    @property
    def figure(self) -> Figure:
        return self._figure

    def flush(self) -> None:
        """Redraw now if anything changed, instead of at the next timer tick."""
        self._timer.stop()
        self._redraw()

    # -- storage ----------------------------------------------------------------------------------
    def _clear_data(self) -> None:
        capacity = 4096
        self._bx, self._bloss, self._bsmooth, self._blr = (np.empty(capacity) for _ in range(4))
        self._n = 0
        self._ema = self._ema_weight = 0.0
        self._first_batch_epoch: int | None = None
        self._rows: dict[int, dict] = {}

    def _grow(self) -> None:
        def bigger(a):
            b = np.empty(2 * len(a))
            b[:len(a)] = a
            return b
        self._bx, self._bloss, self._bsmooth, self._blr = map(bigger, (self._bx, self._bloss, self._bsmooth,
                                                                       self._blr))

    def _changed(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            wait = self._canvas.last_draw_s * 1000 / DRAW_SHARE
            self._timer.start(int(min(MAX_REDRAW_MS, max(REDRAW_MS, wait))))

    # -- drawing ----------------------------------------------------------------------------------
    def _axes(self):
        return self._ax_loss, self._ax_acc, self._ax_lr

    def _redraw(self) -> None:
        if not self._dirty or not self.isVisible():
            return  # hidden: showEvent draws what was missed
        self._redraw_now()

    def _redraw_now(self) -> None:
        self._dirty = False
        s = self.series()
        self._raw.set_data(s["batch_x"], s["batch_loss"])
        self._smooth.set_data(s["batch_x"], s["batch_loss_smooth"])
        self._train_loss.set_data(s["train_loss_x"], s["train_loss"])
        self._val_loss.set_data(s["epoch"], s["val_loss"])
        self._train_acc.set_data(s["epoch"], s["train_acc"])
        self._val_acc.set_data(s["epoch"], s["val_acc"])
        self._batch_lr.set_data(s["batch_x"], s["batch_lr"])
        marker = "o" if len(s["epoch"]) <= FEW_EPOCHS else "None"
        for line in (self._train_loss, self._val_loss, self._train_acc, self._val_acc, self._epoch_lr):
            line.set_marker(marker)
        self._epoch_lr.set_data(s["epoch_lr_x"], s["epoch_lr"])

        xs = np.concatenate([s["batch_x"], s["epoch"]])
        right = max(1.0, float(np.nanmax(xs))) if xs.size else 1.0
        self._ax_loss.set_xlim(0, right + max(0.05, 0.02 * right))
        self._scale_loss(s)
        self._scale_lr(np.concatenate([s["batch_lr"], s["epoch_lr"]]))
        has_loss = bool(s["batch_x"].size or np.isfinite(s["train_loss"]).any() or np.isfinite(s["val_loss"]).any())
        has_acc = bool(np.isfinite(s["train_acc"]).any() or np.isfinite(s["val_acc"]).any())
        has_lr = bool(np.isfinite(s["batch_lr"]).any() or np.isfinite(s["epoch_lr"]).any())
        self._empty[self._ax_loss].set_visible(not has_loss)
        self._empty[self._ax_acc].set_visible(not has_acc)
        self._empty[self._ax_lr].set_visible(not has_lr)
        self._legends()
        if time.monotonic() - self._layout_at > RELAYOUT_S:
            self._relayout()
        self._canvas.draw_idle()

    def _relayout(self) -> None:
        """Let constrained layout place the axes at the next draw (then they are frozen again)."""
        self._layout_at = time.monotonic()
        self._figure.set_layout_engine("constrained")

    def _freeze_layout(self, _event) -> None:
        if isinstance(self._figure.get_layout_engine(), ConstrainedLayoutEngine):
            self._figure.set_layout_engine("none")   # keeps the positions just computed

    def _scale_loss(self, s: dict) -> None:
        # Bottom at zero; the top from the smoothed and per-epoch losses plus the raw line's bulk, so
        # the first few batches (loss ~ ln(classes), far above the rest) do not flatten the chart.
        parts = [s["batch_loss_smooth"], s["train_loss"], s["val_loss"]]
        raw = s["batch_loss"][np.isfinite(s["batch_loss"])]
        if raw.size:
            parts.append(np.array([np.percentile(raw, 99)]))
        values = np.concatenate(parts)
        values = values[np.isfinite(values)]
        if not values.size:
            self._ax_loss.set_ylim(0, 1)
            return
        low, high = min(0.0, float(values.min())), float(values.max())
        self._ax_loss.set_ylim(low, high * 1.08 if high > 0 else 1.0)

    def _scale_lr(self, lr: np.ndarray) -> None:
        positive = lr[np.isfinite(lr) & (lr > 0)]
        log_scale = bool(positive.size) and positive.max() / positive.min() > LOG_LR_SPAN
        if log_scale != self._lr_log:
            self._lr_log = log_scale
            self._ax_lr.set_yscale("log" if log_scale else "linear")
            if not log_scale:
                self._linear_lr_ticks()
            self._relayout()
        if not positive.size:
            self._ax_lr.set_ylim(0, 1)
        elif log_scale:
            high = positive.max()
            low = max(positive.min(), high / 10 ** LOG_LR_DECADES)
            self._ax_lr.set_ylim(low / 1.5, high * 1.5)
        else:
            self._ax_lr.set_ylim(0, positive.max() * 1.1)

    def _linear_lr_ticks(self) -> None:
        # 1e-3 style offsets instead of 0.0010, 0.0015 ... on a linear axis
        self._ax_lr.yaxis.set_major_formatter(ticker.ScalarFormatter(useMathText=True))
        self._ax_lr.ticklabel_format(axis="y", style="sci", scilimits=(-2, 3))

    def _legends(self) -> None:
        # Fixed corners: loc="best" scans every plotted point on each redraw.
        for ax, lines, corner in ((self._ax_loss, (self._raw, self._smooth, self._train_loss, self._val_loss),
                                   "upper right"),
                                  (self._ax_acc, (self._train_acc, self._val_acc), "lower right"),
                                  (self._ax_lr, (self._batch_lr, self._epoch_lr), "upper right")):
            shown = [line for line in lines if np.isfinite(np.asarray(line.get_ydata(), dtype=float)).any()]
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
            if len(shown) > 1 or (shown and ax is not self._ax_lr):   # one lr line needs no legend
                ax.legend(handles=shown, loc=corner, fontsize=7.5, framealpha=0.7)

    def _arrange(self, wide: bool) -> None:
        """Loss and accuracy side by side over the learning rate, or all three stacked when narrow."""
        if wide == self._wide:
            return
        self._wide = wide
        fig = self._figure
        if wide:
            grid = fig.add_gridspec(2, 2, height_ratios=[3, 1.2])
            specs = (grid[0, 0], grid[0, 1], grid[1, :])
        else:
            grid = fig.add_gridspec(3, 1, height_ratios=[3, 2, 1.4])
            specs = (grid[0, 0], grid[1, 0], grid[2, 0])
        for ax, spec in zip(self._axes(), specs):
            ax.set_subplotspec(spec)
        # Stacked, only the bottom panel needs epoch numbers under it.
        self._ax_loss.tick_params(labelbottom=wide)
        self._ax_acc.tick_params(labelbottom=wide)
        self._ax_loss.set_xlabel(self.tr("epoch") if wide else "")
        self._ax_acc.set_xlabel(self.tr("epoch") if wide else "")
        self._relayout()

    # -- Qt events --------------------------------------------------------------------------------
    def resizeEvent(self, event):
        self._relayout()   # before the canvas's own resize handling draws
        size = event.size()
        self._arrange(size.width() >= 45 * self.fontMetrics().averageCharWidth()
                      and size.width() >= 1.1 * size.height())
        super().resizeEvent(event)

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self._changed()

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
            self._relayout()
            self._changed()
        elif event.type() == QEvent.PaletteChange:
            self._apply_palette()
            self._changed()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._ax_loss.set_title(self.tr("Loss"), fontsize=9)
        self._ax_acc.set_title(self.tr("Accuracy"), fontsize=9)
        self._ax_lr.set_title(self.tr("Learning rate"), fontsize=9)
        self._ax_lr.set_xlabel(self.tr("epoch"), fontsize=8)
        if self._wide:
            self._ax_loss.set_xlabel(self.tr("epoch"))
            self._ax_acc.set_xlabel(self.tr("epoch"))
        for ax in self._axes():
            ax.xaxis.label.set_fontsize(8)
        self._raw.set_label(self.tr("per batch"))
        self._smooth.set_label(self.tr("smoothed"))
        self._train_loss.set_label(self.tr("train, epoch mean"))
        self._val_loss.set_label(self.tr("validation"))
        self._train_acc.set_label(self.tr("train"))
        self._val_acc.set_label(self.tr("validation"))
        self._batch_lr.set_label(self.tr("per batch"))
        self._epoch_lr.set_label(self.tr("per epoch (earlier run)"))
        self._empty[self._ax_loss].set_text(self.tr("No batches yet"))
        self._empty[self._ax_acc].set_text(self.tr("Shown after the first epoch"))
        self._empty[self._ax_lr].set_text(self.tr("No batches yet"))

    def _apply_palette(self) -> None:
        """Follow the Qt palette (dark themes too) instead of matplotlib's white figure."""
        palette = self.palette()
        window, base = palette.color(QPalette.Window).name(), palette.color(QPalette.Base).name()
        text, mid = palette.color(QPalette.WindowText).name(), palette.color(QPalette.Mid).name()
        self._figure.set_facecolor(window)
        for ax in self._axes():
            ax.set_facecolor(base)
            ax.tick_params(colors=text, which="both")
            ax.title.set_color(text)
            ax.xaxis.label.set_color(text)
            ax.yaxis.label.set_color(text)
            ax.yaxis.get_offset_text().set_color(text)
            for spine in ax.spines.values():
                spine.set_color(mid)
            self._empty[ax].set_color(text)
