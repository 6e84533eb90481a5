"""The ImageTriptych: original | heatmap | overlay side by side, with the caption and the colour bar.

Three ImagePanels (ui/viewer/image_panel.py) shown together or one alone (`set_mode`), kept on
the same zoom and scroll position so the same pixel sits under the cursor in all three; the
heatmap's colour key stands beside the heatmap and the prediction caption (predicted class and
probability, true class with a green ✓ or red ✗) runs underneath.
"""
from __future__ import annotations

import html
import math

import numpy as np
from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import QWIDGETSIZE_MAX, QHBoxLayout, QVBoxLayout, QWidget

from ui.theme_colours import colour_name
from ui.viewer.colour_bar import ColourBar
from ui.viewer.faithfulness_curve import FaithfulnessCurve
from ui.viewer.image_panel import ImagePanel
from ui.widgets.formatting import readable
from ui.widgets.retranslate import Retranslating
from ui.widgets.steady_label import SteadyLabel

PANELS = ("original", "heatmap", "overlay")
MODES = ("all",) + PANELS


class ImageTriptych(Retranslating, QWidget):
    """Original, heatmap and overlay side by side (or one of them), zoomed and panned together."""

    zoomChanged = pyqtSignal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._panels = {name: ImagePanel(parent=self) for name in PANELS}
        self._render_caption = None  # how the caption is said, to say it again after a language switch
        self._mode = "all"
        self._syncing = False
        self._colorbar_rgb = None
        self._colour_bar = ColourBar(self)
        self._colour_bar.hide()
        row = self._row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(0)  # these two centre a single picture with its key (_hug); else they stay empty
        for name, panel in self._panels.items():
            row.addWidget(panel, 1)
            if name == "heatmap":
                row.addWidget(self._colour_bar)
            panel.userZoomed.connect(lambda *_, source=panel: self._propagate(source))
            panel.scrolled.connect(lambda source=panel: self._follow_scroll(source))
            panel.zoomChanged.connect(lambda scale, source=panel: self._forward_zoom(source, scale))
        row.addStretch(0)
        self._caption = SteadyLabel(self)  # the pictures above it keep still from one image to the next
        self._caption.setObjectName("caption")
        self._caption.setTextFormat(Qt.RichText)
        self._caption.setAlignment(Qt.AlignCenter)
        self._caption.setWordWrap(True)
        self._caption.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._caption.hide()
        self.faithfulness_curve = FaithfulnessCurve(self)
        # Its place is kept while it waits for a heatmap's score, so the caption beside it is not wrapped anew.
        policy = self.faithfulness_curve.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.faithfulness_curve.setSizePolicy(policy)
        under = QHBoxLayout()
        under.setSpacing(8)
        under.addWidget(self._caption, 1)
        under.addWidget(self.faithfulness_curve, 0, Qt.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row, 1)
        layout.addLayout(under)
        self.retranslate()

    def panel(self, name: str) -> ImagePanel:
        if name not in self._panels:
            raise ValueError(f"unknown panel {name!r}; choose one of: {', '.join(PANELS)}")
        return self._panels[name]

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """"all", or one of "original", "heatmap", "overlay" alone."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of: {', '.join(MODES)}")
        self._mode = mode
        for name, panel in self._panels.items():
            panel.setVisible(mode in ("all", name))
        # The key right of the picture it explains: beside the heatmap (between it and the overlay when
        # all three show), and right of the overlay when it shows alone, not left of it.
        beside = self._panels["overlay" if mode == "overlay" else "heatmap"]
        self._row.removeWidget(self._colour_bar)
        self._row.insertWidget(self._row.indexOf(beside) + 1, self._colour_bar)
        self.set_colorbar(self._colorbar_rgb)
        self._hug()

    def set_images(self, original: np.ndarray | None, heatmap: np.ndarray | None,
                   overlay: np.ndarray | None) -> None:
        for name, rgb in zip(PANELS, (original, heatmap, overlay)):
            self._panels[name].set_image(rgb)
        lead = self._lead()
        if not lead.is_fit():
            self._propagate(lead)
        self._hug()

    def set_colorbar(self, rgb: np.ndarray | None) -> None:
        """The heatmap's colour key (a column of RGB, high at the top); None hides it."""
        self._colorbar_rgb = rgb
        self._colour_bar.set_colours(rgb if self._mode in ("all", "heatmap", "overlay") else None)
        self._hug()

    def _hug(self) -> None:
        """One picture alone, fitted: the panel is only as wide as the picture, centred, so its colour
        key stands right beside it rather than at the far edge of the pane. Zoomed in, or with all
        three panels, every panel takes the full width again."""
        limit = QWIDGETSIZE_MAX
        panel = self._panels.get(self._mode)
        size = panel.current_image_size() if panel is not None else None
        if size is not None and panel.is_fit():
            width, height = size
            key = self._colour_bar.sizeHint().width() + self._row.spacing() if self._colour_bar.isVisibleTo(self) else 0
            needed = math.ceil(width * panel.view().viewport().height() / height)
            if 0 < needed < self.width() - key:
                limit = needed
        for each in self._panels.values():
            each.setMaximumWidth(limit if each is panel else QWIDGETSIZE_MAX)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._hug()

    def colour_bar(self) -> ColourBar:
        return self._colour_bar

    def retranslate(self) -> None:
        for name, title, empty in (("original", self.tr("Original"), self.tr("No image")),
                                   ("heatmap", self.tr("Heatmap"), self.tr("No heatmap")),
                                   ("overlay", self.tr("Overlay"), self.tr("No heatmap"))):
            self._panels[name].set_title(title)
            self._panels[name].set_empty_text(empty)
        if self._render_caption is not None:
            self._caption.setText(self._render_caption())

    def set_message(self, panel_name: str, text) -> None:
        """Words in place of a panel's picture; a function that makes them is asked again after a language
        switch (ImagePanel.set_placeholder)."""
        self.panel(panel_name).set_placeholder(text)

    def caption(self) -> str:
        """The caption's rich text as it reads (without the marks that keep phrases on one line)."""
        return readable(self._caption.text())

    def set_caption(self, text) -> None:
        """Rich text under the panels, or a function that makes it in the current language (said
        again after a language switch); empty hides it. A new caption is a new picture: its curves
        come with its faithfulness score, if ever (faithfulness_curve.set_curves)."""
        self._render_caption = text if callable(text) else None
        text = text() if callable(text) else text
        self._caption.setText(text)
        self._caption.setVisible(bool(text))
        self.faithfulness_curve.set_curves(None, None, None)

    def set_prediction(self, predicted: str, probability: float, true_class: str | None = None) -> None:
        """The usual caption: "Predicted: Shirt (93.1%) — True: Shirt ✓" with a green ✓ / red ✗."""
        self.set_caption(lambda: self._prediction_html(predicted, probability, true_class))

    def _prediction_html(self, predicted: str, probability: float, true_class: str | None) -> str:
        text = self.tr("Predicted: <b>%1</b> (%2%)").replace("%1", html.escape(predicted)).replace(
            "%2", f"{probability * 100:.1f}")
        if true_class is not None:
            mark = (f'<span style="color:{colour_name("good")}">✓</span>' if true_class == predicted
                    else f'<span style="color:{colour_name("bad")}">✗</span>')
            text += " — " + self.tr("True: %1").replace("%1", html.escape(true_class)) + " " + mark
        return text

    # zoom, applied to every panel
    def zoom(self) -> float:
        return self._lead().zoom()

    def zoom_in(self) -> None:
        self._run_on_lead(ImagePanel.zoom_in)

    def zoom_out(self) -> None:
        self._run_on_lead(ImagePanel.zoom_out)

    def fit(self) -> None:
        self._run_on_lead(ImagePanel.fit)

    def actual_size(self) -> None:
        self._run_on_lead(ImagePanel.actual_size)

    def _run_on_lead(self, action) -> None:
        lead = self._lead()
        action(lead)
        self._propagate(lead)

    def _lead(self) -> ImagePanel:
        """The panel the others follow: the first visible one showing an image."""
        visible = [self._panels[name] for name in (PANELS if self._mode == "all" else (self._mode,))]
        with_image = [p for p in visible if p.current_image_size() is not None]
        return (with_image or visible or list(self._panels.values()))[0]

    def _propagate(self, source: ImagePanel) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for panel in self._panels.values():
                if panel is not source:
                    if source.is_fit():
                        panel.fit()
                    else:
                        panel.set_zoom(source.zoom())
                    panel.set_scroll_position(source.scroll_position())
        finally:
            self._syncing = False

    def _follow_scroll(self, source: ImagePanel) -> None:
        if self._syncing or source.current_image_size() is None:
            return
        self._syncing = True
        try:
            for panel in self._panels.values():
                if panel is not source:
                    panel.set_scroll_position(source.scroll_position())
        finally:
            self._syncing = False

    def _forward_zoom(self, source: ImagePanel, scale: float) -> None:
        if source is self._lead():
            self.zoomChanged.emit(scale)
            self._hug()
