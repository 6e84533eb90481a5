"""What the main window writes from a run's results: an export (CSV or text, the files predict.py
writes) and the misclassified images copied or moved for review. Dialogs here, the writing off
the GUI thread."""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QFileDialog, QMessageBox

from app.paths import dialog_start
from ui.widgets.background import run_in_background


class ResultFiles(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller

    def export(self) -> None:
        w = self.controller.window
        if not self.controller.rows:
            self.controller._warn(w.tr("Nothing to export"), w.tr("Run a classification first."))
            return
        start = Path(dialog_start(self.controller.save_dir or self.controller.folder)) / "results.csv"
        path, chosen = QFileDialog.getSaveFileName(w, w.tr("Export Results"), str(start),
                                                   w.tr("CSV (*.csv);;Text (*.txt)"))
        if not path:
            return
        rows = [self.controller.rows[i] for i in sorted(self.controller.rows)]
        as_text = path.lower().endswith(".txt") or "txt" in chosen
        labelled, class_names = self.controller.labelled, list(self.controller.loaded.class_names)
        header = {"model": self.controller.loaded.path or self.controller.loaded.arch, "input": self.controller.folder or ""}

        def write():
            # The same files predict.py writes, from the rows the table holds.
            from core.inference.outputs import write_results_csv, write_results_txt
            from core.inference.predict import Prediction
            results = [Prediction(r.path, r.relpath, r.true_class, list(r.topk), target_class=r.cam_target,
                                  error=r.error, heatmap=r.heatmap) for r in rows]
            if as_text:
                write_results_txt(Path(path), results, class_names, header)
            else:
                write_results_csv(Path(path), results, labelled)
            return path
        run_in_background(write, lambda p: w.statusBar().showMessage(w.tr("Exported to {0}").format(p), 5000),
                          lambda message: self.controller._warn(w.tr("Export failed"), message), owner=w)

    def copy_misclassified(self) -> None:
        w = self.controller.window
        wrong = [self.controller.rows[i] for i in sorted(self.controller.rows) if self.controller.rows[i].correct is False]
        if not wrong:
            self.controller._warn(w.tr("No misclassified images"),
                       w.tr("Run a labelled folder first: images are compared with their folder's class."))
            return
        target = QFileDialog.getExistingDirectory(w, w.tr("Folder for the misclassified images"))
        if not target:
            return
        box = QMessageBox(QMessageBox.Question, w.tr("Copy or move?"),
                          w.tr("{0} misclassified images will go to {1}, in sub-folders named "
                               "'true class → predicted'.").format(len(wrong), target), parent=w)
        copy_button = box.addButton(w.tr("Copy"), QMessageBox.AcceptRole)
        move_button = box.addButton(w.tr("Move"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec_()
        if box.clickedButton() not in (copy_button, move_button):
            return
        move = box.clickedButton() is move_button

        def transfer():
            from core.inference.misclassified import transfer_misclassified
            return transfer_misclassified(wrong, Path(target), move)
        def done(count: int) -> None:
            text = (w.tr("{0} misclassified images moved to {1}") if move
                    else w.tr("{0} misclassified images copied to {1}")).format(count, target)
            w.append_log(text)
            w.statusBar().showMessage(text, 15000)
        run_in_background(transfer, done,
            lambda m: self.controller._warn(w.tr("Move failed") if move else w.tr("Copy failed"), m), owner=w)
