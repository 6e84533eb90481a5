"""Heatmap → Find the Best Layer…: score the candidate layers on a sample of the open folder and
propose one (issue 18); the user may use it in the Heatmap panel and save it into a model file.

The scoring (core/explain/layer_finder.py) runs off the GUI thread on its own copy of the model, so
its CAM hooks never meet the viewer's or the classifier's forward passes. "Use This Layer" picks
the layer in the panel's Layer menu as a click would; "Use and Save in a Model File…" also writes a
GradLens model file with that `cam_layer`, under a name the user confirms in a save dialog (which
asks before replacing a file), atomically and off the GUI thread, as Save Model as GradLens File does.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtWidgets import QComboBox, QFileDialog

from app.heatmap_menu import menu_item
from app.paths import dialog_start
from ui.viewer.cam_controls import METHODS
from ui.viewer.layer_finder_dialog import LayerFinderDialog, finding_reason
from ui.widgets.background import run_in_background

SAMPLE = 16  # images scored per layer (core.explain.layer_finder.SAMPLE, without importing torch here)


class LayerFinderFlow(QObject):
    _progress = pyqtSignal(int, int, str)  # from the scoring thread: layers done, of, last layer

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.sample = SAMPLE
        self.busy = False  # scoring or saving: the menu item stays off meanwhile
        self.dialog: LayerFinderDialog | None = None
        self.finding = None  # the last core.explain.layer_finder.LayerFinding
        self._scored = None  # the LoadedModel it was found for
        window = controller.window
        self.action = menu_item(window, lambda: self.tr("Find the Best &Layer…"), "find_best_layer",
            lambda: self.tr("Score each layer's heatmaps on a sample of the open folder and propose "
            "the most faithful one"),
            self.start)
        self._progress.connect(self._on_progress)

    def start(self) -> None:
        controller, window = self.controller, self.controller.window
        loaded, paths = controller.loaded, list(controller.paths)
        if loaded is None or not paths or self.busy:
            return
        settings = window.cam.settings()
        method = settings.method or "gradcam"
        default = controller.default_layer or loaded.cam_layer
        count = self.sample
        self._scored = loaded

        def work():
            from core.device import resolve_device
            from core.explain.layer_finder import find_best_layer, load_sample
            batch = load_sample(paths, loaded.preprocess, count)
            return find_best_layer(loaded.model, loaded.arch, batch, loaded.cam_layer, method, default=default,
                                   eigen_smooth=settings.eigen_smooth, aug_smooth=settings.aug_smooth,
                                   device=resolve_device("auto"), progress=self._progress.emit)
        self._set_busy(True)
        sample = min(count, len(paths))  # a folder of one image: "1 image", a line of its own
        window.statusBar().showMessage(self.tr("Scoring the layers' heatmaps on 1 image…") if sample == 1 else
                                       self.tr("Scoring the layers' heatmaps on {0} images…").format(sample))
        run_in_background(work, self._found, lambda message: self._failed(self.tr("Cannot score the layers"), message),
                          owner=window)

    def _on_progress(self, done: int, total: int, layer: str) -> None:
        if self.busy:
            self.controller.window.statusBar().showMessage(
                self.tr("Scoring the layers' heatmaps: {0} of {1} done ({2})…").format(done, total, layer))

    def _found(self, finding) -> None:
        self._set_busy(False)
        window = self.controller.window
        window.statusBar().clearMessage()
        if self.controller.loaded is not self._scored:  # another model was loaded meanwhile: not its layers
            return
        self.finding = finding
        window.append_log(self.tr("best layer for {0}: {1}").format(finding.method, finding_reason(self.tr, finding)))
        if not finding.rows:
            self._failed(self.tr("Cannot score the layers"), self.tr("this model has no layer with a map to score"))
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = LayerFinderDialog(window, finding, METHODS.get(finding.method, (finding.method,))[0])
        self.dialog.useLayer.connect(self.use)
        self.dialog.saveLayer.connect(self.use_and_save)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()  # window-modal without a nested event loop: the heatmap behind it still updates

    def _closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def use(self, layer: str) -> bool:
        """Pick `layer` in the Heatmap panel's Layer menu as a user would: the view re-renders."""
        combo = self.controller.window.cam.findChild(QComboBox, "layer")
        index = combo.findData(layer)
        if index < 0:
            self._failed(self.tr("Cannot use the layer"), self.tr("{0} is not in the Layer menu").format(layer))
            return False
        combo.setCurrentIndex(index)
        self.controller.window.statusBar().showMessage(self.tr("Heatmaps now use {0}").format(combo.itemText(index)),
                                                       5000)
        return True

    def use_and_save(self, layer: str) -> None:
        loaded, window = self.controller.loaded, self.controller.window
        if loaded is None or loaded is not self._scored or self.busy or not self.use(layer):
            return
        folder = dialog_start(os.path.dirname(os.path.abspath(loaded.path)) if loaded.path else None)
        stem = Path(loaded.path).stem if loaded.path else loaded.arch
        path, _ = QFileDialog.getSaveFileName(self.dialog or window, self.tr("Save Model with This Layer"),
                                              _free_name(folder, f"{stem}-{layer}"),
                                              self.tr("GradLens model files (*.pt)"))
        if not path:
            return
        if not path.lower().endswith((".pt", ".pth")):
            path += ".pt"
            if os.path.exists(path):  # a name the dialog did not ask about
                self._failed(self.tr("Cannot save model"), self.tr("{0} already exists").format(path))
                return
        # The chosen layer goes into the file's cam_layer and, as a person's choice, into its config
        # too: the viewer keeps a chosen layer even where its map is coarser than the default's rule.
        chosen = replace(loaded, cam_layer=layer, config={**(loaded.config or {}), "cam_layer": layer})

        def work():
            from core.models.modelfile import save_model_file
            save_model_file(path, chosen)
            return path
        self._set_busy(True)
        window.statusBar().showMessage(self.tr("Saving {0}…").format(path))
        run_in_background(work, self._saved, lambda message: self._failed(self.tr("Cannot save model"), message),
                          owner=window)

    def _saved(self, path: str) -> None:
        self._set_busy(False)
        window = self.controller.window
        window.append_log(self.tr("saved with its heatmap layer: {0}").format(path))
        window.statusBar().showMessage(self.tr("Saved {0}").format(path), 5000)

    def _failed(self, title: str, message: str) -> None:
        self._set_busy(False)
        self.controller.window.statusBar().clearMessage()
        self.controller._warn(title, message.splitlines()[0] if message else title)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.controller.heatmap_tools.update()


def _free_name(folder: str, stem: str) -> str:
    """`folder/stem.pt`, or with -2, -3… when that file exists: the suggestion never overwrites."""
    path, number = os.path.join(folder, f"{stem}.pt"), 1
    while os.path.exists(path):
        number += 1
        path = os.path.join(folder, f"{stem}-{number}.pt")
    return path

