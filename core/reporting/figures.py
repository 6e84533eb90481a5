"""Plumbing shared by the report's figures: fonts, PNG rendering, short labels, class colours.

Figures use matplotlib's object API with the Agg canvas, never pyplot: pyplot picks a GUI
backend (Qt, when the GUI is running), and the engine must stay headless and thread-agnostic.
`_style` sets compact fonts (with a CJK fallback) for a whole report, `_png` renders one figure.
"""
from __future__ import annotations

import contextlib
import io
import warnings

from matplotlib import colormaps, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.plot_fonts import fallback_font, font_families

DPI = 110


@contextlib.contextmanager
def _style(texts):
    """Compact fonts, and a CJK fallback font when a class name or the title needs one.

    rcParams are global: keep report rendering to one thread at a time.
    """
    rc = {"font.family": font_families(texts), "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9,
          "legend.fontsize": 8, "xtick.labelsize": 8, "ytick.labelsize": 8,
          "axes.spines.top": False, "axes.spines.right": False}
    with rc_context(rc), warnings.catch_warnings():
        if fallback_font() is None:
            # No CJK font on this computer: such glyphs are drawn as boxes; that is the fallback, not an error.
            warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        yield


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _class_style(k: int, c: int) -> dict:
    """Colour (and, past 20 classes, dash pattern) of class k's curve."""
    if c <= 10:
        return {"color": colormaps["tab10"](k)}
    return {"color": colormaps["tab20"](k % 20), "linestyle": ("-", "--", ":", "-.")[(k // 20) % 4]}


def _message(fig_or_ax, text: str) -> None:
    if isinstance(fig_or_ax, Figure):
        fig_or_ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=12, color="0.3", wrap=True)
    else:
        fig_or_ax.text(0.5, 0.5, text, ha="center", va="center", color="0.4", transform=fig_or_ax.transAxes)
