"""Classifying the open folder: Run, Stop, the Replace question, and results streaming into the
table, the metrics and the log. Part of the main window's controller (app/controller.py), whose
state (window, loaded model, folder, rows) it shares.
"""
from __future__ import annotations

import time

from PyQt5.QtWidgets import QMessageBox

from app.classify_worker import ClassifyJob
from ui.file_problem_text import said
from ui.run_failure_text import failure_said
from ui.run_summary_text import outcome_said, summary_said
from ui.widgets.formatting import duration as _duration


class FolderRuns:
    """Mixed into Controller: the methods that run a classification and take in its results."""

    def run(self) -> None:
        if self.loaded is None or not self.folder or self.running:
            return
        self._start_run(overwrite=False)

    def _start_run(self, overwrite: bool) -> None:
        settings = self._cam_settings()
        self._run_panels = self.window.save_panels.isChecked()
        self.results_dir = self.save_dir  # what the rows' heatmap paths are relative to, whatever is chosen later
        job = ClassifyJob(self.loaded, self.folder, self.save_dir, settings, overwrite=overwrite,
                          panels=self._run_panels)
        self.running = True
        self.window.progress.setRange(0, 0)
        self.window.progress.show()
        self.window.progress_label.say(lambda: self.window.tr("Starting…"))
        self._run_started = time.perf_counter()
        self._update_actions()
        self._classify.emit(job)  # the table is cleared when the run has really begun (_on_planned)

    def stop(self) -> None:
        if self.running:
            self.classifier.request_stop()
            self.window.progress_label.say(lambda: self.window.tr("Stopping…"))

    def _on_needs_overwrite(self, folder: str, count: int, example: str) -> None:
        """The save folder holds an earlier run's files. Nothing has been cleared yet: No keeps
        the table, the metrics and the files as they are."""
        self.running = False
        self._update_actions()
        self.window.progress.hide()
        self.window.progress_label.clear()  # not "Starting…" while the question waits for an answer
        w = self.window
        earlier = (w.tr("The save folder {0} already holds results of an earlier run (1 file, {1}).").format(
            folder, example) if count == 1 else w.tr("The save folder {0} already holds results of an earlier run "
                                                      "({1} files, e.g. {2}).").format(folder, count, example))
        box = QMessageBox(QMessageBox.Question, w.tr("Replace earlier results?"), earlier, parent=w)
        box.setInformativeText(w.tr("Replacing removes all of them (results.csv, results.txt and the overlays and "
                                    "panels that run wrote) for this run's results; nothing else in the folder is "
                                    "touched. Or keep them and choose another save folder."))
        replace = box.addButton(w.tr("Replace"), QMessageBox.DestructiveRole)
        choose = box.addButton(w.tr("Choose Another Folder…"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(choose)
        box.exec_()
        if box.clickedButton() is replace:
            self._start_run(overwrite=True)
        elif box.clickedButton() is choose:
            self.window.progress_label.clear()
            if self.choose_save_folder():
                self.run()
        else:
            # For a while: it stayed through later exports, filters and dialogs.
            w.statusBar().showMessage(w.tr("Not run: the earlier results in the save folder are kept."), 10000)

    def _on_planned(self, total: int, labelled: bool, root: str) -> None:
        self.rows = {}
        self.window.results.clear()
        self.window.metrics.reset()
        self._show_labelled(labelled)
        self.window.progress.setRange(0, max(total, 1))
        self.window.progress.setValue(0)

    def _show_labelled(self, labelled: bool) -> None:
        """True-class columns, filters and metrics on or off. Said when a folder opens and when a model loads,
        not only at Run: the previous folder's columns and metrics stayed until then."""
        self.labelled = labelled
        self.window.results.set_labelled(labelled)
        self.window.docks["metrics"].setEnabled(labelled)
        self.window.metrics.set_labelled(labelled)

    def _on_results(self, rows: list) -> None:
        if self._discard_results:
            return
        w = self.window
        w.results.append_rows(rows)
        pairs, lines = [], []
        stamp = time.strftime("%H:%M:%S")
        for row in rows:
            self.rows[row.index] = row
            if row.predicted is not None and row.true_class is not None:
                pairs.append((row.true_class, row.predicted))
            lines.append(f"{stamp}  {row.relpath}  →  {row.predicted} ({row.probability:.3f})" if row.predicted
                         else f"{stamp}  {row.relpath}  ✗ {said(row.error)}")
        if pairs:
            w.metrics.add_results(pairs)
        outside = sum(row.predicted is not None and row.true_class is None for row in rows) if self.labelled else 0
        if outside:
            w.metrics.add_outside(outside)
        w.append_log("\n".join(lines))
        shown = self.last_view is not None and self.last_view.index == self.current and not self.last_view.error
        if not shown and self.current in self.rows and any(row.index == self.current for row in rows):
            self._caption_from_row(self.rows[self.current])  # the picture is still coming: say the result now

    def _on_progress(self, done: int, total: int, rate: float, eta: float) -> None:
        w = self.window
        w.progress.setValue(done)
        w.progress.setFormat(f"{done} / {total}")
        w.progress_label.say(lambda: w.tr("{0:.1f} images/s, {1} left").format(rate, _duration(eta)))

    def _on_run_finished(self, summary: str) -> None:
        self.running = False
        if self._discard_results:
            self._discard_results = False
            self.window.progress.hide()
            self.window.progress_label.say(lambda: self.window.tr("Stopped"))
            self._update_actions()
            self.runFinished.emit()
            return
        w = self.window
        elapsed = time.perf_counter() - self._run_started
        w.progress.hide()
        done = len(self.rows)
        stopped = self.classifier.stopped
        # A count of one has a line of its own: "Done: 1 images in 0:00" (Chinese says both alike).
        if stopped and stopped[1] == 1:
            w.progress_label.say(lambda: w.tr("Stopped after 0 of 1 image ({0})").format(_duration(elapsed)))
        elif stopped:
            w.progress_label.say(lambda: w.tr("Stopped after {0} of {1} images ({2})").format(
                stopped[0], stopped[1], _duration(elapsed)))
        else:
            unreadable = sum(row.predicted is None for row in self.rows.values())
            if unreadable and done == 1:
                w.progress_label.say(lambda: w.tr("Done: the 1 image could not be read ({0})").format(
                    _duration(elapsed)))
            elif unreadable and unreadable == done:  # "3 images, 3 unreadable" read as if 3 had been classified
                w.progress_label.say(lambda: w.tr("Done: none of the {0} images could be read ({1})").format(
                    done, _duration(elapsed)))
            elif unreadable:  # they were only in the Log tab
                w.progress_label.say(lambda: w.tr("Done: {0} images in {1}, {2} unreadable").format(
                    done, _duration(elapsed), unreadable))
            elif done == 1:
                w.progress_label.say(lambda: w.tr("Done: 1 image in {0}").format(_duration(elapsed)))
            else:
                w.progress_label.say(lambda: w.tr("Done: {0} images in {1}").format(done, _duration(elapsed)))
        if summary:  # core's English, as results.txt has it: said in the window's language
            w.append_log(summary_said(summary, metrics=w.log.fontMetrics()))
        outcome = outcome_said(self.classifier.outcome)
        if stopped and outcome:  # with a save folder: what became of it
            w.append_log(w.tr("Stopped after 0 of 1 image: {0}").format(outcome) if stopped[1] == 1 else
                         w.tr("Stopped after {0} of {1} images: {2}").format(*stopped, outcome))
        elif stopped:
            w.append_log(w.tr("Stopped after 0 of 1 image") if stopped[1] == 1 else
                         w.tr("Stopped after {0} of {1} images").format(*stopped))
        elif outcome:
            w.append_log(outcome)
        # Not when Stop kept the earlier results, nor after Stop at all: its line says where the results are.
        if self.save_dir and summary and self.classifier.saved and not stopped:
            written = (w.tr("results.csv, results.txt, overlays and three-panel figures written to {0}")
                       if self._run_panels else w.tr("results.csv, results.txt and overlays written to {0}"))
            w.append_log(written.format(self.save_dir))
        self._sync_position()
        self._update_actions()
        self.runFinished.emit()

    def _on_run_failed(self, message: str) -> None:
        self.running = False
        self._discard_results = False
        self.window.progress.hide()
        self.window.progress_label.clear()  # it said "Starting…" below the failure for good
        self._update_actions()
        # core's English, in the window's language and with advice the window can follow
        self._warn(self.window.tr("Classification failed"), failure_said(message))
        self.runFinished.emit()
