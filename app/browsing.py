"""Moving through the images: the order the table's filters give, Previous/Next, autoplay, and
what the viewer thread sends back (the pictures, top-k, the caption). Part of the main window's
controller (app/controller.py), whose state (window, loaded model, paths, rows) it shares.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from app.training_import import import_training_window
from app.view_worker import ViewRequest
from core.explain.cam_settings import CamSettings
from core.explain.map_quality import TINY_SIDE
from ui.file_problem_text import said
from ui.viewer.caption import DEGENERATE_MAPS, caption_html, degenerate_map_html, error_html, faithfulness_html
from ui.widgets.background import run_in_background

log = logging.getLogger("app.controller")  # "first heatmap on screen" is looked for under this name
PREFETCH = 3


class Browsing:
    """Mixed into Controller: showing one image and stepping through the others."""

    def _order(self) -> list[int]:
        """Browse order: the table's (sorted, filtered) order once there are results, else the folder's."""
        if self.rows:
            return self.window.results.visible_indices()
        return list(range(len(self.paths)))

    def _on_order_changed(self) -> None:
        """Filters or sorting changed: the slider counts what is shown, and the image on screen is
        one of them (the first, when the one shown was filtered out)."""
        self._sync_position()
        order = self._order()
        if self.current in order:
            return
        if order:
            self.show(order[0])
        else:
            self.set_playing(False)
            self.current = -1
            self.window.triptych.set_images(None, None, None)
            self.window.triptych.set_caption(lambda: self.window.tr("No image matches the filters."))
            self.window.topk.clear()

    def _sync_position(self) -> None:
        """After a run the browse order is the table's (a sorted table: the image shown is not the first), and
        the number box, slider and selection say where the image on screen stands in it."""
        order = self._order()
        self.window.set_position_range(len(order))
        if self.current in order:
            self.window.set_position(order.index(self.current) + 1)
            self.window.results.select_index(self.current)

    def show(self, index: int, manual: bool = False) -> None:
        if not (0 <= index < len(self.paths)):
            return
        if manual:
            self.set_playing(False)
        self.current = index
        order = self._order()
        if index in order:
            position = order.index(index)
            self.window.set_position(position + 1)
            following = order[position + 1:position + 1 + PREFETCH]
        else:
            following = []
        self.window.results.select_index(index)
        self.window.setWindowTitle(f"GradLens — {self.paths[index]}")
        self.seq += 1
        self.viewer.note_request(self.seq)
        self._render.emit(ViewRequest(self.seq, index, self.paths[index], self._cam_settings(),
                                      [(i, self.paths[i]) for i in following]))

    def step(self, delta: int, manual: bool = False) -> bool:
        order = self._order()
        if not order:
            return False
        position = order.index(self.current) if self.current in order else -1
        target = position + delta
        if target >= len(order):
            if not self.window.loop.isChecked():
                return False
            target = 0
        if target < 0:
            target = len(order) - 1 if self.window.loop.isChecked() else 0
        self.show(order[target], manual=manual)
        return True

    def set_playing(self, playing: bool) -> None:
        self.window.set_playing(playing)
        if not playing:
            self._autoplay.stop()
        elif self.current >= 0:
            order = self._order()
            if order and self.current == order[-1] and not self.window.loop.isChecked():
                self.show(order[0])  # Play at the end starts again from the first, as a player does; it blinked
            self._autoplay.start(int(self.window.interval.value() * 1000))

    def _autoplay_step(self) -> None:
        if not self.window.play.isChecked():
            return
        if not self.step(+1):
            self.set_playing(False)

    def _on_scored(self, seq: int, score, explained: str, tta: str) -> None:
        """The heatmap on screen was scored: its faithfulness goes under the caption."""
        shown_seq, caption = getattr(self, "_shown", (None, str))
        if seq == shown_seq == self.seq:
            from core.explain.faithfulness import FRACTIONS
            self.window.triptych.set_caption(lambda: caption() + faithfulness_html(self.window, score, explained, tta))
            self.window.triptych.faithfulness_curve.set_curves(FRACTIONS, score.deletion, score.insertion)

    def _on_view_ready(self, result) -> None:
        if result.seq != self.seq:
            return  # the user has moved on
        self.last_view = result
        w = self.window
        if result.error:
            w.triptych.set_images(None, None, None)
            w.triptych.set_colorbar(None)
            w.triptych.set_message("original", w.tr("Cannot show this file: {0}").format(said(result.error)))
            w.triptych.set_caption(lambda: error_html(Path(result.path).name, said(result.error)))
            w.topk.clear()
        elif not result.topk:  # no model loaded: the picture, and what the other two panels wait for
            w.triptych.set_images(result.original, None, None)
            w.triptych.set_colorbar(None)
            for panel in ("heatmap", "overlay"):
                w.triptych.set_message(panel, w.tr("No model loaded"))
            w.triptych.set_caption(lambda: w.tr("Load a model to classify and explain images."))
            w.topk.clear()
        else:
            w.triptych.set_images(result.original, result.heatmap, result.overlay)
            w.triptych.set_colorbar(result.colorbar)
            if result.heatmap is None and result.note:  # the method failed: the image, and why
                for panel in ("heatmap", "overlay"):
                    w.triptych.set_message(panel, result.note)
            row = self.rows.get(result.index)
            true_class = row.true_class if row is not None else self._true_class(result.path)
            w.topk.set_topk(result.topk, true_class)
            predicted, probability = result.topk[0]
            def caption():  # made again in the new language after a language switch
                text = caption_html(w, Path(result.path).name, predicted, probability, true_class, result.target)
                degenerate = result.heatmap is not None and result.note in DEGENERATE_MAPS
                if not degenerate:
                    return text
                height, width = result.original.shape[:2]
                if result.note == "flat" and min(height, width) < TINY_SIDE:  # no layer or method can help
                    return text + degenerate_map_html(w, "tiny", (width, height))
                return text + degenerate_map_html(w, result.note)
            w.triptych.set_caption(caption)
            self._shown = (result.seq, caption)  # the faithfulness line joins it when scored
            if not self._heatmap_shown and result.heatmap is not None:
                self._heatmap_shown = True  # logged once: start-up time, and what the end-to-end tests wait for
                log.info("first heatmap on screen %.1f s after the window was built (%s)",
                         time.perf_counter() - self._built_at, Path(result.path).name)
                run_in_background(import_training_window)
            if not self._probed:  # once per model, after its first image: which methods cannot run on it
                self._probed = True
                self._probe_methods.emit()
        self.displayed.emit(result.index)
        if w.play.isChecked():  # the interval counts from when the image is on screen
            self._autoplay.start(int(w.interval.value() * 1000))

    def _true_class(self, path: str) -> str | None:
        if not self.folder or self.loaded is None or not Path(self.folder).is_dir():
            return None
        from core.data.scan import true_class  # torch-free: safe on the GUI thread
        return true_class(self.folder, path, self.loaded.class_names)

    def _caption_from_row(self, row) -> None:
        if row.predicted:
            self.window.triptych.set_caption(lambda: caption_html(self.window, Path(row.path).name, row.predicted,
                                                              row.probability, row.true_class, None))

    def _cam_settings(self) -> CamSettings:
        settings = self.window.cam.settings()
        if self.loaded is not None and not settings.layer:
            settings = replace(settings, layer=self.default_layer or self.loaded.cam_layer)
        return settings

    def _on_cam_settings(self, _settings: CamSettings) -> None:
        if self.current >= 0:
            self.show(self.current)
