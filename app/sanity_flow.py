"""Heatmap → Sanity Check…: do the current method's maps at the current layer depend on what the model
learned? (issue 18; Adebayo et al., 2018)

The cascading model-randomisation test (core/explain/sanity_check.py) runs off the GUI thread on up to
16 images spread over the open folder, on its own copy of the model, for the Heatmap panel's method
and layer. A dialog gives the verdict in plain words and the curve; a method that fails is marked
in the panel's Method list for this model (a new model clears the mark). A method that cannot run
is one line in a message box.
"""
from __future__ import annotations

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QMessageBox

from app.heatmap_menu import menu_item
from ui.viewer.cam_controls import METHODS
from ui.viewer.sanity_dialog import SanityDialog, SanityStepView
from ui.widgets.background import run_in_background

SAMPLE = 16  # images in the check: enough for a steady mean, a few seconds on a CPU


class SanityFlow(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.sample = SAMPLE
        self.busy = False  # the check is running: the menu item stays off meanwhile
        self.dialog: SanityDialog | None = None  # the last answer, for tests and screenshots
        self.result = None  # the last core.explain.sanity_check.SanityResult
        window = controller.window
        self.action = menu_item(window, lambda: self.tr("&Sanity Check…"), "sanity_check",
            lambda: self.tr("Check whether the current method's heatmaps change when the model's "
            "learned weights are randomised"),
            self.start)

    def start(self) -> None:
        controller, window = self.controller, self.controller.window
        loaded, paths = controller.loaded, list(controller.paths)
        if loaded is None or not paths or self.busy:
            return
        settings = controller._cam_settings()
        method, layer, count = settings.method, settings.layer, self.sample
        if not method or method == "none":
            self._failed(self.tr("Choose a heatmap method in the Heatmap panel first."))
            return

        def work():
            from core.explain import sanity_check
            try:
                return sanity_check.check_loaded(loaded, method, layer, paths, count,
                                                 eigen_smooth=settings.eigen_smooth, aug_smooth=settings.aug_smooth)
            except ValueError as error:  # a method that cannot run here, no readable image: its own words suffice
                return str(error)
        self._set_busy(True)
        sample = min(count, len(paths))  # a folder of one image: "1 image", a line of its own
        window.statusBar().showMessage(
            self.tr("Sanity check: randomising the model's weights and comparing the heatmaps of 1 image…")
            if sample == 1 else self.tr("Sanity check: randomising the model's weights and comparing the heatmaps "
                                        "of {0} images…").format(sample))
        run_in_background(work, lambda result: self._done(loaded, result), self._failed, owner=window)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.controller.heatmap_tools.update()

    def _done(self, loaded, result) -> None:
        if isinstance(result, str):
            self._failed(result)
            return
        self._set_busy(False)
        window = self.controller.window
        window.statusBar().clearMessage()
        self.result = result
        label = METHODS.get(result.method, (result.method, ""))[0]
        head = result.steps[0].mean
        if result.passes:
            verdict = self.tr("{0} at {1} passes: with the head's weights randomised its maps keep only {2:.2f} of "
                              "their ranking (Spearman), so they depend on what the model learned.")
        else:
            verdict = self.tr("{0} at {1} fails: with the head's weights randomised its maps are still {2:.2f} "
                              "alike (Spearman): they show the image's structure, not what the model learned.")
        verdict = verdict.format(label, result.layer, head)
        window.append_log(self.tr("sanity check on 1 image: {0}").format(verdict) if result.images == 1 else
                          self.tr("sanity check on {0} images: {1}").format(result.images, verdict))
        if not result.passes and loaded is self.controller.loaded:
            window.cam.set_method_warning(result.method, self.tr(
                "Fails the sanity check at {0}: its maps barely change when the model's weights are "
                "randomised ({1:.2f} alike)").format(result.layer, head))
        steps = [SanityStepView(step.randomised.split("head to ")[-1], step.mean, step.low, step.high)
                 for step in result.steps]
        self.dialog = SanityDialog(window, self.tr("Sanity Check: {0}").format(label), verdict, result.passes,
                                   steps, result.threshold)
        self.dialog.exec_()

    def _failed(self, message: str) -> None:
        if self.busy:
            self._set_busy(False)
        window = self.controller.window
        window.statusBar().clearMessage()
        QMessageBox.warning(window, self.tr("Sanity Check"), self.tr("Cannot run the sanity check: {0}").format(message))
