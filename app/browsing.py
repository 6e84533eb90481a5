"""Moving through the images: the order the table's filters give, Previous/Next, autoplay, and
what the viewer thread sends back (the pictures, top-k, the caption). Part of the main window's
controller (app/controller.py), whose state (window, loaded model, paths, rows) it shares.
"""
from __future__ import annotations

import html
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
        """Browse order: the table's (sorted, filtered) order once there are results, else the folder's.
        Unfiltered, the images a run has not classified (yet, or at all when it was stopped) follow the
        table's in the folder's order: they are classified on view, as before a run."""
        if not self.rows:
            return list(range(len(self.paths)))
        order = self.window.results.visible_indices()
        if self.window.results.proxy.is_filtered():
            return order
        return order + [index for index in range(len(self.paths)) if index not in self.rows]

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
            self.show_nothing()

    def show_nothing(self) -> None:
        """No image on screen, and why: the folder has none GradLens reads, or the filters hide them all.
        Which of the two is asked here, not by the caller: a model arriving after an empty folder's scan
        (as at start-up) re-applies the filters, and the caption said "No image matches the filters."."""
        w = self.window
        self.set_playing(False)
        self.current = -1
        w.triptych.set_images(None, None, None)
        w.triptych.set_colorbar(None)
        w.topk.clear()  # not the previous folder's last image's classes
        if self.paths:
            w.triptych.set_caption(lambda: w.tr("No image matches the filters."))
        else:
            w.triptych.set_caption(lambda: w.tr("No images GradLens can read in this folder: it looks for JPEG, "
                                                "PNG, BMP, GIF, TIFF, WebP and similar files, in subfolders too."))

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
        request = ViewRequest(self.seq, index, self.paths[index], self._cam_settings(),
                              [(i, self.paths[i]) for i in following])
        # The picture and its prediction come from the preview thread at once; the heatmap when it is made.
        self._picture_due.stop()
        self._picture = None
        self.previewer.note_request(self.seq)
        self._preview.emit(request)
        if self.loaded is not None:
            self.viewer.note_request(request)
            self._render.emit(request)

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

    def can_play(self) -> bool:
        """Whether autoplay has a picture to show: an image not known to be unreadable (a run's rows say which
        are). Through a folder of unreadable files Play showed one "Cannot show this file" after another."""
        return len(self.paths) > sum(row.predicted is None for row in self.rows.values())

    def why_nothing_plays(self) -> str:
        """What Space, pressed while Play is off, says in the status bar."""
        w = self.window
        if not self.paths:
            return w.tr("Nothing to play: open a folder of images first.")
        return w.tr("No readable image to play.")

    def set_playing(self, playing: bool) -> None:
        self.window.set_playing(playing)
        if not playing:
            self._autoplay.stop()
        elif self.current >= 0:
            order = self._order()
            if order and self.current == order[-1] and not self.window.loop.isChecked():
                # Play at the end starts again from the first, as a player does (it blinked). The interval counts
                # once that image is on screen (_on_view_ready): counted from here, a heatmap slower than the
                # interval was passed over, and the run restarted at the second image.
                self.show(order[0])
                return
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

    def _on_picture_ready(self, result) -> None:
        """The picture and its prediction, before the heatmap: the whole view without a model; with one,
        shown when the heatmap has not come within a moment."""
        if result.seq != self.seq or self._view_seq == self.seq:
            return  # the user has moved on, or the heatmap came first (it was ready in the viewer's cache)
        if self.loaded is None:
            self._on_view_ready(result)
            return
        self._picture = result
        self._picture_due.start()

    def _show_picture(self) -> None:
        result, self._picture = self._picture, None
        if result is None or result.seq != self.seq or self._view_seq == self.seq:
            return
        w = self.window
        if result.error:
            self._show_error(result)
            return
        # Not the previous image's heatmap under this one. Its colour key stays: the map coming uses the same
        # colours, and the pictures would shift sideways twice if it went and came back.
        w.triptych.set_images(result.original, None, None)
        for panel in ("heatmap", "overlay"):
            w.triptych.set_message(panel, lambda: w.tr("Computing heatmap…"))
        if result.topk:
            self._show_prediction(result)
        else:  # the preview thread is still copying a model that has just loaded
            w.topk.clear()
            row = self.rows.get(result.index)
            if row is not None and row.predicted:
                self._caption_from_row(row)
            else:
                w.triptych.set_caption(lambda: html.escape(Path(result.path).name))

    def _on_view_ready(self, result) -> None:
        if result.seq != self.seq:
            return  # the user has moved on
        self._view_seq = result.seq
        self._picture_due.stop()
        self.last_view = result
        w = self.window
        if result.error:
            self._show_error(result)
        elif not result.topk:  # no model loaded: the picture, and what the other two panels wait for
            w.triptych.set_images(result.original, None, None)
            w.triptych.set_colorbar(None)
            for panel in ("heatmap", "overlay"):
                w.triptych.set_message(panel, lambda: w.tr("No model loaded"))
            w.triptych.set_caption(lambda: w.tr("Load a model to classify and explain images."))
            w.topk.clear()
        else:
            w.triptych.set_images(result.original, result.heatmap, result.overlay)
            w.triptych.set_colorbar(result.colorbar)
            if result.heatmap is None and result.note:  # the method failed: the image, and why
                for panel in ("heatmap", "overlay"):
                    w.triptych.set_message(panel, result.note)
            caption = self._show_prediction(result)
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

    def _show_error(self, result) -> None:
        w = self.window
        w.triptych.set_images(None, None, None)
        w.triptych.set_colorbar(None)
        w.triptych.set_message("original", lambda: w.tr("Cannot show this file: {0}").format(said(result.error)))
        w.triptych.set_caption(lambda: error_html(Path(result.path).name, said(result.error)))
        w.topk.clear()

    def _show_prediction(self, result):
        """Top-k and the caption of a result with a prediction; returns how the caption is made."""
        w = self.window
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
        return caption

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
