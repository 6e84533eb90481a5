"""Draws the live training charts into an image on a thread of its own.

A matplotlib draw of the three panels takes 100-600 ms on a laptop CPU while training keeps the
cores busy; on the GUI thread that froze the window. Here the widget (ui/training/train_charts.py) sends
a ChartRequest, a snapshot of everything a frame shows, and a ChartRenderer living in its own
QThread (ui/widgets/background.py's start_in_thread) draws it with its own Figure on the plain
Agg canvas (never pyplot: it keeps global figures alive), copies the pixels into a QImage and sends
it back with `rendered`. Only that thread touches the Figure. QImage, unlike QPixmap, may be made
off the GUI thread.

Most of a draw's time goes to constrained layout (measuring every tick label), so the layout is
computed when the size, arrangement, texts or learning-rate scale change, when the data were
replaced, and every RELAYOUT_S, then frozen (layout engine "none") between them.
"""
from __future__ import annotations

import logging
import math
import sys
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import ScaledTranslation
from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot
from PyQt5.QtGui import QImage

from core.plot_fonts import font_families

log = logging.getLogger(__name__)

DPI = 100                  # matplotlib's default figure dpi, per device-independent pixel (as FigureCanvasQT)
FEW_EPOCHS = 30            # markers on the per-epoch lines up to this many epochs (as in the report)
SPIKE = 5.0                # a validation loss this many times the other losses' top runs off the loss chart
LOG_LR_SPAN = 10.0         # learning rates spanning more than a decade get a log axis
LOG_LR_DECADES = 4         # ... showing at most this many decades below the largest (cosine ends near 0)
RELAYOUT_S = 5.0           # tick labels change as data arrive: lay out again at least this often
LABEL_DROP_PT = 17         # axis label's top below the axes: tick 3.5 + pad 3.5 + an 8 pt tick label's height
# Legend corners in order of preference, where each chart's lines usually are not: losses fall from the
# upper left, accuracy climbs from the lower left, the learning rate warms up then decays.
LOSS_CORNERS = ("upper right", "lower left", "center right", "lower right", "upper left")
ACCURACY_CORNERS = ("lower right", "upper left", "center right", "lower left", "upper right")
LR_CORNERS = ("upper right", "lower left", "upper left", "lower right")
LEGEND_SAMPLES = 200       # points per line tested against a legend corner (segments between epochs too)
LEGEND_MARGIN_PX = 3       # a line this close to the legend's frame counts as under it
_TRAIN, _VAL, _LR = "tab:blue", "tab:orange", "tab:green"
# ARGB32 is one 32-bit word per pixel: bytes B, G, R, A in memory on little-endian machines.
_ARGB32_ORDER = [2, 1, 0, 3] if sys.byteorder == "little" else [3, 0, 1, 2]


def _display_points(ax, lines) -> np.ndarray:
    """The visible lines' points in display pixels, each line resampled along its x range so that the
    segments between sparse epoch points count too. Shapes (the loss band) are left out: the smoothed
    line runs through them."""
    parts = []
    for line in lines:
        if not hasattr(line, "get_xdata"):
            continue
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        if x.size > 1 and x.size < LEGEND_SAMPLES and np.all(np.diff(x) > 0):
            grid = np.linspace(x[0], x[-1], LEGEND_SAMPLES)
            x, y = grid, np.interp(grid, x, y)
        if x.size:
            parts.append(np.column_stack([x, y]))
    if not parts:
        return np.empty((0, 2))
    points = ax.transData.transform(np.concatenate(parts))
    return points[np.isfinite(points).all(axis=1)]  # a log axis sends zeros to -inf


@dataclass
class ChartRequest:
    """One frame: the data (TrainCharts.series()) and how to show it."""

    series: dict[str, np.ndarray]
    size: tuple[int, int]          # width, height in device pixels
    ratio: float                   # device pixel ratio of the screen the widget is on
    colors: dict[str, str]         # palette roles window, base, text, mid and the lines' ui/theme_colours.py
                                   # roles chart_train, chart_val, chart_lr, chart_epoch, as "#rrggbb"
    texts: dict[str, str]          # translated labels by key (see ChartRenderer._apply_texts)
    wide: bool                     # loss and accuracy side by side, else all three stacked
    relayout: bool = False         # the data were replaced: lay out again now
    done: threading.Event = field(default_factory=threading.Event, repr=False)   # set once answered


class ChartRenderer(QObject):
    """Owns the Figure; `render` runs in the renderer's thread and answers with one signal."""

    rendered = pyqtSignal(QImage, float)   # the frame (device pixel ratio set), seconds the render took
    failed = pyqtSignal(str)

    def __init__(self):
        super().__init__()
        self.figure: Figure | None = None      # made in the render thread, at the first request
        self.render_thread_id: int | None = None   # threading.get_ident() of the last render
        self._state: dict = {}

    @pyqtSlot(object)
    def render(self, request: ChartRequest) -> None:
        started = time.perf_counter()
        try:
            image = self._render(request)
        except Exception as error:  # shown in the widget; an exception escaping a slot would abort Qt
            log.exception("drawing the training charts failed")
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.rendered.emit(image, time.perf_counter() - started)
        finally:
            request.done.set()   # after the emit: whoever waits on it finds the answer already queued

    # -- one frame ----------------------------------------------------------------------------------
    def _render(self, request: ChartRequest) -> QImage:
        self.render_thread_id = threading.get_ident()
        if self.figure is None:
            self._build()
        state = self._state
        if request.relayout:
            self._relayout()
        width, height = request.size
        if (request.size, request.ratio) != state.get("size"):
            state["size"] = request.size, request.ratio
            dpi = DPI * request.ratio
            self.figure.set_dpi(dpi)
            # A hair over: Agg truncates the figure's size in pixels, and w / dpi * dpi can come out
            # a rounding error under w, which would lose a column.
            self.figure.set_size_inches((width + 1e-3) / dpi, (height + 1e-3) / dpi)
            self._relayout()
        if request.wide != state.get("wide"):
            state["wide"] = request.wide
            self._arrange(request.wide, request.texts)
        if request.texts != state.get("texts"):
            state["texts"] = request.texts
            self._apply_texts(request.texts, request.wide)
            self._relayout()
        if request.colors != state.get("colors"):
            state["colors"] = request.colors
            self._apply_colors(request.colors)
        self._plot(request.series)
        if time.monotonic() - state["layout_at"] > RELAYOUT_S:
            self._relayout()
        self._canvas.draw()
        if isinstance(self.figure.get_layout_engine(), ConstrainedLayoutEngine):
            self.figure.set_layout_engine("none")   # keeps the positions just computed
        # Agg's RGBA (opaque, so already premultiplied) in the byte order of Qt's ARGB32, the format
        # the GUI thread paints fastest. Shuffled by numpy and copied, not QImage.convertToFormat:
        # Qt runs a big conversion on its global thread pool and waits holding the GIL.
        rgba = np.asarray(self._canvas.buffer_rgba())
        pixels = np.ascontiguousarray(rgba[..., _ARGB32_ORDER])
        rows, columns = pixels.shape[:2]
        image = QImage(pixels.data, columns, rows, pixels.strides[0], QImage.Format_ARGB32_Premultiplied).copy()
        image.setDevicePixelRatio(request.ratio)
        return image

    def _relayout(self) -> None:
        """Let constrained layout place the axes at the next draw (then they are frozen again)."""
        self._state["layout_at"] = time.monotonic()
        self.figure.set_layout_engine("constrained")

    # -- the figure -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.figure = fig = Figure(layout="constrained", dpi=DPI)
        self._canvas = FigureCanvasAgg(fig)
        self._state = {"layout_at": -np.inf, "lr_log": False}
        self._ax_loss = fig.add_subplot(2, 2, 1)
        self._ax_acc = fig.add_subplot(2, 2, 2, sharex=self._ax_loss)
        self._ax_lr = fig.add_subplot(2, 2, (3, 4), sharex=self._ax_loss)
        self._ax_loss.xaxis.set_major_locator(ticker.MaxNLocator(integer=True, min_n_ticks=1))
        ax = self._ax_loss
        self._raw = ax.plot([], [], color=_TRAIN, alpha=0.25, linewidth=0.8)[0]
        self._band = ax.fill_between([], [], [], color=_TRAIN, alpha=0.2, linewidth=0)   # many batches
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
        # Epochs progressive resizing trained on smaller images, shaded: their validation (at full size) dips.
        self._smaller = [ax.axvspan(0, 1, alpha=0.1, linewidth=0, visible=False) for ax in (self._ax_loss, self._ax_acc)]
        self._linear_lr_ticks()
        self._empty = {ax: ax.text(0.5, 0.5, "", ha="center", va="center", transform=ax.transAxes, alpha=0.6,
                                   fontsize=9) for ax in self._axes()}
        # A validation loss far above the rest (a diverging epoch) runs off the top, its value written there.
        self._off_top = self._ax_loss.text(0, 0, "", ha="center", va="top", fontsize=7, color=_VAL, visible=False)
        # Axis labels at fixed places under the tick labels: placed automatically, every draw measured
        # the tick labels of all three axes (they share x) for each of them, a fifth of a frame.
        below_ticks = ScaledTranslation(0, -LABEL_DROP_PT / 72, fig.dpi_scale_trans)
        for ax in self._axes():
            ax.xaxis.set_label_coords(0.5, 0, transform=ax.transAxes + below_ticks)
            ax.yaxis.set_label_coords(0, 0.5)   # no y labels (titles instead): only skips the measuring
        for ax in self._axes():
            ax.tick_params(labelsize=8)
            ax.grid(alpha=0.3)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)

    def _axes(self):
        return self._ax_loss, self._ax_acc, self._ax_lr

    def _plot(self, s: dict) -> None:
        banded = bool(s["band_x"].size)   # then the raw losses are the band, not a line (train_charts)
        self._raw.set_data(*((s["batch_x"], s["batch_loss"]) if not banded else ([], [])))
        self._band.set_data(s["band_x"], s["batch_loss_low"], s["batch_loss_high"])
        self._band.set_visible(banded)
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
        smaller = s["smaller_epochs"]
        for span in self._smaller:  # from the first one's batches to the last one's validation point
            span.set_visible(bool(smaller.size))
            if smaller.size:
                span.set_x(smaller.min() - 1)
                span.set_width(smaller.max() - smaller.min() + 1)

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

    def _scale_loss(self, s: dict) -> None:
        # Bottom at zero; the top from the smoothed and per-epoch losses plus the raw line's bulk, so
        # the first few batches (loss ~ ln(classes), far above the rest) do not flatten the chart. A validation
        # loss SPIKE times the rest's top or more (one diverging epoch: 630 against ~1) runs off the top instead,
        # its value written there: scaled to it, every other line lay flat on the axis.
        val = s["val_loss"]
        parts = [s["batch_loss_smooth"], s["train_loss"]]
        raw = s["batch_loss"][np.isfinite(s["batch_loss"])]
        if raw.size:
            parts.append(np.array([np.percentile(raw, 99)]))
        rest = np.concatenate(parts)
        rest = rest[np.isfinite(rest)]
        finite_val = val[np.isfinite(val)]
        typical = max(float(rest.max()) if rest.size else 0.0, float(np.median(finite_val)) if finite_val.size else 0.0)
        spikes = np.isfinite(val) & (val > SPIKE * typical) if typical > 0 else np.zeros(len(val), dtype=bool)
        values = np.concatenate([rest, val[np.isfinite(val) & ~spikes]])
        self._off_top.set_visible(False)
        if not values.size:
            self._ax_loss.set_ylim(0, 1)
            return
        low, high = min(0.0, float(values.min())), float(values.max())
        top = high * 1.08 if high > 0 else 1.0
        self._ax_loss.set_ylim(low, top)
        if spikes.any():
            worst = int(np.argmax(np.where(spikes, val, -np.inf)))
            self._off_top.set_text(f"↑ {val[worst]:.3g}")
            self._off_top.set_position((float(s["epoch"][worst]), top))
            self._off_top.set_visible(True)

    def _scale_lr(self, lr: np.ndarray) -> None:
        positive = lr[np.isfinite(lr) & (lr > 0)]
        log_scale = bool(positive.size) and positive.max() / positive.min() > LOG_LR_SPAN
        if log_scale != self._state["lr_log"]:
            self._state["lr_log"] = log_scale
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
            self._log_lr_ticks(math.log10(high / low * 2.25))
        else:
            self._ax_lr.set_ylim(0, positive.max() * 1.1)

    def _log_lr_ticks(self, decades: float) -> None:
        """Labels at 1 and 3 × 10ⁿ across up to 2.5 decades, at 10ⁿ beyond, none on the minor ticks: matplotlib's
        own labelled minor ticks too when a span has at most one power of ten, and on the short learning-rate
        axis of a 1000×650 window "6×10⁻² 4×10⁻² 3×10⁻² …" lay on top of each other."""
        axis = self._ax_lr.yaxis
        axis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 3.0) if decades < 2.5 else (1.0,)))
        axis.set_major_formatter(ticker.LogFormatterSciNotation(labelOnlyBase=False))
        axis.set_minor_formatter(ticker.NullFormatter())

    def _linear_lr_ticks(self) -> None:
        # 1e-3 style offsets instead of 0.0010, 0.0015 ... on a linear axis
        self._ax_lr.yaxis.set_major_formatter(ticker.ScalarFormatter(useMathText=True))
        self._ax_lr.ticklabel_format(axis="y", style="sci", scilimits=(-2, 3))

    def _legends(self) -> None:
        for ax, lines, corners in ((self._ax_loss, (self._raw, self._smooth, self._train_loss, self._val_loss),
                                    LOSS_CORNERS),
                                   (self._ax_acc, (self._train_acc, self._val_acc), ACCURACY_CORNERS),
                                   (self._ax_lr, (self._batch_lr, self._epoch_lr), LR_CORNERS)):
            shown = [line for line in lines if np.isfinite(np.asarray(line.get_ydata(), dtype=float)).any()]
            if ax is self._ax_loss and self._band.get_visible():
                shown.insert(0, self._band)
            if ax is self._ax_acc and shown and self._smaller[1].get_visible():
                shown.append(self._smaller[1])
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
            if len(shown) > 1 or (shown and ax is not self._ax_lr):   # one lr line needs no legend
                colors = self._state.get("colors") or {}
                font = {"size": 7.5, "family": self._state.get("fonts")}
                legend = ax.legend(handles=shown, loc=corners[0], prop=font, framealpha=0.7,
                                   facecolor=colors.get("base"), edgecolor=colors.get("mid"),
                                   labelcolor=colors.get("text"))
                self._clear_corner(ax, legend, corners, shown)

    def _clear_corner(self, ax, legend, corners, lines) -> None:
        """Put the legend in the first of `corners` where it hides no data, else where it hides least: a
        fixed corner covered a hard task's low early validation accuracies in a 1000×650 window. Not
        loc="best", which measures every plotted point against every line segment at each redraw; here
        each line is sampled at LEGEND_SAMPLES points along its x range, and only the corners are tried."""
        points = _display_points(ax, lines)
        if not points.size:
            return
        renderer = self.figure.canvas.get_renderer()
        fewest = None
        for corner in corners:
            legend.set_loc(corner)
            box = legend.get_window_extent(renderer).padded(LEGEND_MARGIN_PX)
            hidden = int(np.count_nonzero((points[:, 0] >= box.x0) & (points[:, 0] <= box.x1)
                                          & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)))
            if hidden == 0:
                return
            if fewest is None or hidden < fewest[0]:
                fewest = (hidden, corner)
        legend.set_loc(fewest[1])

    def _arrange(self, wide: bool, texts: dict[str, str]) -> None:
        """Loss and accuracy side by side over the learning rate, or all three stacked when narrow."""
        fig = self.figure
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
        self._apply_texts(texts, wide)
        self._relayout()

    def _apply_texts(self, texts: dict[str, str], wide: bool) -> None:
        # zh_CN labels need a CJK font after DejaVu Sans (core/plot_fonts.py); set before the texts
        # change, so the relayout measures them in the font they are drawn in.
        self._state["fonts"] = fonts = font_families(texts.values())
        for text in (*self._empty.values(), *(t for ax in self._axes() for t in (ax.title, ax.xaxis.label))):
            text.set_fontfamily(fonts)
        # y given: matplotlib otherwise measures every x tick label at each draw to see whether the
        # title must move up (a quarter of a frame's time); nothing is drawn above these axes.
        self._ax_loss.set_title(texts["loss"], fontsize=9, y=1.0)
        self._ax_acc.set_title(texts["accuracy"], fontsize=9, y=1.0)
        self._ax_lr.set_title(texts["lr"], fontsize=9, y=1.0)
        self._ax_lr.set_xlabel(texts["epoch"], fontsize=8)
        self._ax_loss.set_xlabel(texts["epoch"] if wide else "", fontsize=8)
        self._ax_acc.set_xlabel(texts["epoch"] if wide else "", fontsize=8)
        self._raw.set_label(texts["per_batch"])
        self._band.set_label(texts["per_batch_range"])
        self._smooth.set_label(texts["smoothed"])
        self._train_loss.set_label(texts["train_epoch_mean"])
        self._val_loss.set_label(texts["validation"])
        self._train_acc.set_label(texts["train"])
        self._val_acc.set_label(texts["validation"])
        self._batch_lr.set_label(texts["per_batch"])
        self._epoch_lr.set_label(texts["per_epoch_earlier"])
        self._smaller[1].set_label(texts["smaller_images"])
        self._empty[self._ax_loss].set_text(texts["no_batches"])
        self._empty[self._ax_acc].set_text(texts["after_first_epoch"])
        self._empty[self._ax_lr].set_text(texts["no_rates"])

    def _apply_colors(self, colors: dict[str, str]) -> None:
        """Follow the Qt palette (dark themes too) instead of matplotlib's white figure."""
        text, mid = colors["text"], colors["mid"]
        self.figure.set_facecolor(colors["window"])
        for ax in self._axes():
            ax.set_facecolor(colors["base"])
            ax.tick_params(colors=text, which="both")
            ax.title.set_color(text)
            ax.xaxis.label.set_color(text)
            ax.yaxis.label.set_color(text)
            ax.yaxis.get_offset_text().set_color(text)
            for spine in ax.spines.values():
                spine.set_color(mid)
            self._empty[ax].set_color(text)
        for lines, role in (((self._raw, self._band, self._smooth, self._train_acc), "chart_train"),
                            ((self._val_loss, self._val_acc), "chart_val"),
                            ((self._batch_lr, self._epoch_lr), "chart_lr"), ((self._train_loss,), "chart_epoch")):
            for line in lines:
                line.set_color(colors[role])
        for span in self._smaller:
            span.set_color(text)  # faint at alpha 0.1, on light and dark themes alike
        self._legends()   # in the new colours
