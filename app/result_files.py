"""What the main window writes from a run's results: an export (CSV or text, the files predict.py
writes) and the misclassified images copied or moved for review. Dialogs here, the writing off
the GUI thread."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QFileDialog, QMessageBox

from app.dialog_folders import EXPORTS, REVIEW, remember, start_folder
from ui.widgets.background import run_in_background
from ui.widgets.folder_dialog import choose_new_or_existing_folder


def unused_name(folder: Path, stem: str) -> Path:
    """folder/<stem>-results.csv, or …-results-2.csv and so on: Export Results proposed results.csv in the
    save folder, the run's own file, one Enter away from replacing it."""
    for number in range(1, 1000):
        path = folder / f"{stem}-results{'' if number == 1 else f'-{number}'}.csv"
        if not path.exists():
            return path
    return folder / f"{stem}-results.csv"


class ResultFiles(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller

    def export(self) -> None:
        w = self.controller.window
        if not self.controller.rows:
            self.controller._warn(w.tr("Nothing to export"), w.tr("Run a classification first."))
            return
        indices = self._which_rows()
        if not indices:
            return
        settings = self.controller.settings
        start = unused_name(Path(start_folder(settings, EXPORTS, self.controller.save_dir or self.controller.folder)),
                            Path(self.controller.folder or "results").name)
        text_filter = w.tr("Text (*.txt)")
        path, chosen = QFileDialog.getSaveFileName(w, w.tr("Export Results"), str(start),
                                                   w.tr("CSV (*.csv)") + ";;" + text_filter)
        if not path:
            return
        remember(settings, EXPORTS, path)
        # The name's own extension decides; a name without one gets the chosen type's (Qt's dialog adds none).
        as_text = path.lower().endswith(".txt") or (not path.lower().endswith(".csv") and chosen == text_filter)
        if not path.lower().endswith((".csv", ".txt")):
            path += ".txt" if as_text else ".csv"
            if Path(path).exists() and not self._may_replace(path):  # a name the dialog did not ask about
                return
        rows = [self.controller.rows[i] for i in indices]
        labelled, class_names = self.controller.labelled, list(self.controller.loaded.class_names)
        header = {"model": self.controller.loaded.path or self.controller.loaded.arch, "input": self.controller.folder or "",
                  "classes": ", ".join(class_names)}  # as predict.py's results.txt says them
        results_dir = self.controller.results_dir

        def write():
            # The same files predict.py writes, from the rows the table holds.
            from core.inference.outputs import write_results_csv, write_results_txt
            from core.inference.predict import Prediction
            if as_text:
                results = [Prediction(r.path, r.relpath, r.true_class, list(r.topk), target_class=r.cam_target,
                                      error=r.error, heatmap=r.heatmap) for r in rows]
                write_results_txt(Path(path), results, class_names, header)
            else:
                # Whole paths: relative ones (to the image folder, to the save folder) led nowhere from where the
                # exported file lies.
                def whole(heatmap):
                    return os.path.abspath(os.path.join(results_dir, heatmap)) if heatmap and results_dir else heatmap
                results = [Prediction(r.path, os.path.abspath(r.path), r.true_class, list(r.topk),
                                      target_class=r.cam_target, error=r.error, heatmap=whole(r.heatmap)) for r in rows]
                write_results_csv(Path(path), results, labelled)
            return path
        run_in_background(write, lambda p: w.statusBar().showMessage(
                              w.tr("Exported 1 result to {0}").format(p) if len(rows) == 1 else
                              w.tr("Exported {0} results to {1}").format(len(rows), p), 5000),
                          lambda message: self.controller._warn(w.tr("Export failed"), message), owner=w)

    def _may_replace(self, path: str) -> bool:
        w = self.controller.window
        answer = QMessageBox.question(w, w.tr("Export Results"),
                                      w.tr("{0} already exists. Replace it?").format(Path(path).name),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def _which_rows(self) -> list[int]:
        """The run indices to export: all of them in run order, or, when the table's filters hide some, those
        shown in the table's order if the user says so ([] when they cancel). Exporting everything while 40
        of 4,000 rows were shown wrote 4,000 without a word."""
        w, rows = self.controller.window, self.controller.rows
        every = sorted(rows)
        shown = [i for i in w.results.visible_indices() if i in rows]
        if len(shown) == len(every):
            return every
        box = QMessageBox(QMessageBox.Question, w.tr("Export Results"),
                          w.tr("The table shows {0} of {1} results.").format(len(shown), len(every)), parent=w)
        box.setInformativeText(w.tr("Export only those shown, in the table's order, or all of them in folder "
                                    "order?"))
        only_shown = box.addButton(w.tr("Only the {0} Shown").format(len(shown)), QMessageBox.AcceptRole)
        everything = box.addButton(w.tr("All {0}").format(len(every)), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(only_shown)
        box.exec_()
        return shown if box.clickedButton() is only_shown else every if box.clickedButton() is everything else []

    def copy_misclassified(self) -> None:
        w = self.controller.window
        wrong = [self.controller.rows[i] for i in sorted(self.controller.rows) if self.controller.rows[i].correct is False]
        if not wrong:
            self.controller._warn(w.tr("No misclassified images"),
                       w.tr("Run a labelled folder first: images are compared with their folder's class."))
            return
        settings = self.controller.settings
        target, created = choose_new_or_existing_folder(
            w, w.tr("Folder for the misclassified images"),
            start_folder(settings, REVIEW, self.controller.save_dir or self.controller.folder))
        if not target:
            return
        remember(settings, REVIEW, target)
        box = QMessageBox(QMessageBox.Question, w.tr("Copy or move?"),
                          w.tr("1 misclassified image will go to {0}, in a sub-folder named 'true class → "
                               "predicted'.").format(target) if len(wrong) == 1 else
                          w.tr("{0} misclassified images will go to {1}, in sub-folders named "
                               "'true class → predicted'.").format(len(wrong), target), parent=w)
        copy_button = box.addButton(w.tr("Copy"), QMessageBox.AcceptRole)
        move_button = box.addButton(w.tr("Move"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec_()
        if box.clickedButton() not in (copy_button, move_button):
            if created:  # the folder typed into the dialog was made for this: Cancel leaves nothing behind
                with contextlib.suppress(OSError):
                    os.rmdir(target)  # only while empty
            return
        move = box.clickedButton() is move_button

        def transfer():
            from core.inference.misclassified import transfer_misclassified
            return transfer_misclassified(wrong, Path(target), move)
        def done(count: int) -> None:
            if count == 1:
                text = (w.tr("1 misclassified image moved to {0}") if move
                        else w.tr("1 misclassified image copied to {0}")).format(target)
            else:
                text = (w.tr("{0} misclassified images moved to {1}") if move
                        else w.tr("{0} misclassified images copied to {1}")).format(count, target)
            w.append_log(text)
            w.statusBar().showMessage(text, 15000)
        run_in_background(transfer, done,
            lambda m: self.controller._warn(w.tr("Move failed") if move else w.tr("Copy failed"), m), owner=w)
