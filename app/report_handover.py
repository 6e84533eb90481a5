"""The training window's Report tab → the main window: "Use this model" and a confusion-matrix cell.

Both work on whatever the Report tab shows: a training run (its best.pt, its held-out test images)
or an evaluation (core/reporting/evaluated_folder.py: the model file it evaluated, the images of
its labelled folder). The folders of links are made off the GUI thread
(core/reporting/review_folders.py), then opened in the main window.
"""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QMessageBox

from ui.widgets.background import run_in_background


class ReportHandover(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller, self.window = controller, controller.window
        self.window.report.useModelRequested.connect(self.use_model)
        self.window.report.cellClicked.connect(self.review_cell)

    def _shown_run(self) -> Path:
        shown = self.window.report.run_dir()
        return Path(shown) if shown else Path(self.controller.run_dir or "")

    def use_model(self, model_path: str) -> None:
        """Load the model in the main window and open the images it was evaluated on there."""
        from core.reporting.review_folders import evaluation_folder
        self.controller.main.open_model(model_path)
        run_dir = self._shown_run()
        missing = self.window.tr("This run has no test images to show.")
        run_in_background(lambda: evaluation_folder(run_dir), lambda folder: self._show_in_main(folder, missing),
                          self._cannot_open_images, owner=self.window)

    def review_cell(self, true_class: str, predicted: str) -> None:
        """Open the test images of one confusion-matrix cell in the main window."""
        from core.reporting.review_folders import cell_folder
        run_dir = self._shown_run()
        model = self.window.report.best_model_path() or run_dir / "best.pt"
        missing = self.window.tr("This run has no evaluation images to show.")

        def made(found) -> None:
            has_model, folder = found
            if has_model:
                self.controller.main.open_model(str(model))
            self._show_in_main(folder, missing)
        run_in_background(lambda: (model.exists(), cell_folder(run_dir, true_class, predicted)), made,
                          self._cannot_open_images, owner=self.window)

    def _show_in_main(self, folder, missing: str) -> None:
        if folder is None:
            self.window.status.setText(missing)
            return
        main = self.controller.main
        main.open_folder(str(folder))
        main.window.raise_()
        main.window.activateWindow()

    def _cannot_open_images(self, message: str) -> None:
        QMessageBox.warning(self.window, self.window.tr("Cannot open the images"), message)
