"""The training window's Report tab → the main window: "Use this model" and a confusion-matrix cell.

Both work on whatever the Report tab shows: a training run (its best.pt, its held-out test images)
or an evaluation (core/reporting/evaluated_folder.py: the model file it evaluated, the images of
its labelled folder). The folders of links are made off the GUI thread
(core/reporting/review_folders.py), then opened in the main window.

The main window always comes forward, since that is where the model went. A run with no held-out
images to show (its dataset moved, say) must not leave the new model silently classifying the
folder on show, whose classes are another model's: the main window says so and offers a folder.
"""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QMessageBox

from ui.training.problem_text import translate_problem
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
        """Load the model in the main window and open the images it was evaluated on there (for a run
        stopped before its test pass, the images its split held out)."""
        from core.reporting.review_folders import evaluation_folder
        self.controller.main.open_model(model_path)
        self._bring_main_forward()
        run_dir, name = self._shown_run(), Path(model_path).name

        def find():
            try:
                return evaluation_folder(run_dir), None
            except ValueError as error:   # its dataset moved or changed since: the reason, said in the main window
                return None, error

        def found(result) -> None:
            folder, error = result
            if folder is not None:
                self._open_in_main(folder)
            else:
                self._offer_folder(name, self._why(error))
        run_in_background(find, found, lambda message: self._offer_folder(name, message), owner=self.window)

    def _why(self, error: ValueError | None) -> str:
        from core.reporting.review_folders import DatasetChanged
        window = self.controller.main.window
        if isinstance(error, DatasetChanged):
            return window.tr("{0} has changed since this run drew its split from it, so which of its images were "
                             "held out is no longer known.").format(error.data)
        return "" if error is None else translate_problem(str(error), window.tr)

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
        self._open_in_main(folder)

    def _open_in_main(self, folder: Path) -> None:
        self.controller.main.open_folder(str(folder))
        self._bring_main_forward()

    def _bring_main_forward(self) -> None:
        main_window = self.controller.main.window
        main_window.raise_()
        main_window.activateWindow()

    def _offer_folder(self, model_name: str, reason: str) -> None:
        """Said in the main window, over the images still on show from before: they are not this model's."""
        main = self.controller.main
        window = main.window
        self._bring_main_forward()
        box = QMessageBox(QMessageBox.Information, window.tr("No test images for this model"),
                          window.tr("{0} is loaded, but this run has no held-out images to show: the images on "
                                    "show were not chosen for this model.").format(model_name), parent=window)
        if reason:
            box.setInformativeText(reason)
        choose = box.addButton(window.tr("Open Image Folder…"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Close)
        box.setDefaultButton(choose)
        box.exec_()
        if box.clickedButton() is choose:
            main.choose_folder()

    def _cannot_open_images(self, message: str) -> None:
        QMessageBox.warning(self.window, self.window.tr("Cannot open the images"), message)
