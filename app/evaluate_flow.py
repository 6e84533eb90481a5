"""File → Evaluate a Model… in the training window: a model file and a labelled folder in, the report out.

The same job as `train.py --evaluate` (core/reporting/evaluate_model.py) runs on a worker thread of
its own; a progress dialog follows it and its Cancel stops it between batches (nothing is written
then). The finished folder goes into the form's output folder, beside the training runs, so the
Runs tab lists it; it opens in the Report tab at once. A refusal (a file that is not a model, a
folder without the model's classes) is one line in a message box.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PyQt5.QtCore import QObject, Qt, pyqtSignal, pyqtSlot
from PyQt5.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from app.i18n import current_language
from app.paths import runs_folder
from ui.widgets.background import error_message, start_in_thread

log = logging.getLogger(__name__)

STOP_WAIT_MS = 30_000   # quitting mid-report waits this long for the figures being drawn


class EvaluateWorker(QObject):
    """Runs ModelEvaluation jobs on its own thread and reports through signals only."""

    notes = pyqtSignal(list)                # what was assumed or left out, one line each
    progress = pyqtSignal(str, int, int)    # stage ("classifying" or "report"), done, total
    finished = pyqtSignal(str, list)        # the evaluation folder, the summary lines
    failed = pyqtSignal(str)
    stopped = pyqtSignal()

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """Any thread: the running job stops before its next batch."""
        self._stop.set()

    def expect_job(self) -> None:
        """From the GUI thread before a job is sent: a Cancel clicked before the job starts still counts."""
        self._stop.clear()

    @pyqtSlot(str, str, str, str, int, str)
    def evaluate(self, model: str, data: str, out_parent: str, device: str, batch_size: int, language: str) -> None:
        """`language`: the report's figures' ("en" or "zh_CN"), the window's when the job was started."""
        from core.models.modelfile import ModelFileError
        from core.reporting.evaluate_model import EvaluationError, EvaluationStopped, ModelEvaluation
        try:
            job = ModelEvaluation(model, data, out_parent=out_parent, device=device, batch_size=batch_size,
                                  report_language=language)
            self.notes.emit(list(job.notes))
            for step in job.run(self._stop.is_set):
                self.progress.emit(step.stage, step.done, step.total)
        except EvaluationStopped:
            self.stopped.emit()
        except (ModelFileError, EvaluationError, FileNotFoundError) as error:
            from core.cli.evaluate import with_way_out
            # Core names predict.py's options ("give --arch resnet18"), which this window has no place for: said
            # with the way to give them (predict.py --save-model once, then evaluate the file it writes).
            self.failed.emit(with_way_out(error, model, window=True))
        except OSError as error:
            self.failed.emit(error_message(error))
        except Exception as error:  # a bug: the log keeps the traceback, the user gets one line
            log.exception("evaluating %s on %s failed", model, data)
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.finished.emit(str(job.out_dir), job.summary_lines())


class EvaluateFlow(QObject):
    _evaluate = pyqtSignal(str, str, str, str, int, str)

    def __init__(self, controller):
        super().__init__(controller)
        self.controller, self.window = controller, controller.window
        self.worker: EvaluateWorker | None = None
        self.dialog: QProgressDialog | None = None
        self.window.evaluate_model.triggered.connect(self.start)
        self.window.history.evaluateRequested.connect(self.start)

    @property
    def running(self) -> bool:
        return self.dialog is not None

    def start(self) -> None:
        """Ask for the model file, then the labelled folder; start the job when both are given."""
        w = self.window
        if self.running:
            return
        values = w.form.values()
        model, _ = QFileDialog.getOpenFileName(
            w, w.tr("Model File to Evaluate"), values.get("out") or "",
            w.tr("Model files (*.pt *.pth *.pth.tar *.ckpt *.bin);;All files (*)"))
        if not model:
            return
        data = QFileDialog.getExistingDirectory(w, w.tr("Labelled Folder (one subfolder of images per class)"),
                                                values.get("data") or str(Path(model).parent))
        if not data:
            return
        self._start_job(model, data, values)

    def _start_job(self, model: str, data: str, values: dict) -> None:
        w = self.window
        if self.worker is None:
            self.worker = EvaluateWorker()
            start_in_thread(self.worker, "evaluator", wait_ms=STOP_WAIT_MS)
            self._evaluate.connect(self.worker.evaluate)
            self.worker.notes.connect(self._on_notes)
            self.worker.progress.connect(self._on_progress)
            self.worker.finished.connect(self._on_finished)
            self.worker.failed.connect(self._on_failed)
            self.worker.stopped.connect(self._close_dialog)
        self.dialog = QProgressDialog(w)
        self.dialog.setWindowTitle(w.tr("Evaluating a Model"))
        self.dialog.setLabelText(w.tr("Loading {0}…").format(Path(model).name))
        self.dialog.setWindowModality(Qt.NonModal)   # the training window stays usable meanwhile
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.setRange(0, 0)
        self.dialog.canceled.connect(self._cancel)
        self.dialog.setMinimumWidth(w.fontMetrics().horizontalAdvance("x" * 60))
        self.dialog.show()
        self._names = (Path(model).name, Path(data).name)
        w.evaluate_model.setEnabled(False)
        w.append_log(w.tr("evaluating {0} on {1}").format(model, data))
        self.worker.expect_job()
        self._evaluate.emit(model, data, values.get("out") or runs_folder(), values.get("device") or "auto",
                            int(values.get("batch_size") or 32), current_language())

    def _cancel(self) -> None:
        # Called here, on the GUI thread: a slot of the worker itself would wait in its thread's queue
        # until the job it is meant to stop has ended.
        self.worker.request_stop()

    def _on_notes(self, notes: list) -> None:
        for note in notes:
            self.window.append_log(f"note: {note}")

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        if self.dialog is None:
            return
        w, (model, data) = self.window, self._names
        if stage == "classifying":
            self.dialog.setRange(0, max(1, total))
            self.dialog.setValue(done)
            self.dialog.setLabelText(w.tr("{0} on {1}: classifying image {2} of {3}…").format(model, data, done, total))
        else:
            self.dialog.setRange(0, 0)
            self.dialog.setLabelText(w.tr("{0} on {1}: writing the report (figures, heatmaps of the "
                                          "mistakes)…").format(model, data))

    def _on_finished(self, folder: str, lines: list) -> None:
        self._close_dialog()
        w = self.window
        for line in lines:
            w.append_log(line)
        if w.report.load(folder):
            w.tabs.setCurrentWidget(w.report)
        self.controller.refresh_history()

    def _on_failed(self, message: str) -> None:
        self._close_dialog()
        self.window.append_log(f"error: {message}")
        QMessageBox.warning(self.window, self.window.tr("Cannot Evaluate the Model"), message)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.window.evaluate_model.setEnabled(True)
