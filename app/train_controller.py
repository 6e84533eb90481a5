"""The training window's behaviour: form, dataset scan, runs, live charts, report, history.

Training runs in a child process (app/train_worker.py relays its events from a thread of its own),
so the main window stays usable (browse and classify with another model) while a model trains.
Run folders are read off the GUI thread too (core/training/run_folder.py, as background tasks).
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PyQt5.QtCore import QObject, QTimer, pyqtSignal
from PyQt5.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.architecture_choices import architecture_choices
from app.evaluate_flow import EvaluateFlow
from app.form_memory import remember_form, restore_form
from app.language_menu import add_language_menu
from app.paths import runs_folder
from app.report_handover import ReportHandover
from app.theme import Theme
from app.theme_menu import add_theme_menu
from app.train_worker import TrainWorker, scan_dataset
from app.weights_flow import WeightsFlow
from core.rate_text import short_float
from core.reporting.evaluated_folder import runs_and_evaluations
from core.training import run_folder
from ui.training.problem_text import translate_problem
from ui.training.train_charts import loaded_batches
from ui.training.train_window import TrainWindow
from ui.widgets.background import run_in_background, start_in_thread, stop_thread
from ui.widgets.formatting import as_sentence
from ui.widgets.formatting import duration as _duration
from ui.widgets.retranslate import on_language_change

log = logging.getLogger(__name__)
SHUTDOWN_WAIT_MS = 120_000  # closing waits this long at most for a stopping run to write last.pt
PROGRESS_STEPS = 1000  # the progress bar's range while a run trains: a share of its time, in thousandths
SHOW_AFTER_MS = 1  # a window just built is shown on a timer this long, so that the main window's events come between
WAITING_TICK_MS = 1000  # before the first batch (a budget's measuring, the data's preparing) the elapsed time counts


def _batches_of(run_dir: str):
    """The run's per-batch loss for the charts, or None: a batches.csv that cannot be read costs the charts their
    per-batch line before the resume, never the resume or the opening of the run."""
    try:
        return loaded_batches(run_folder.read_batches(run_dir))
    except (OSError, ValueError) as error:
        log.warning("%s: batches.csv cannot be read: %s", run_dir, error)
        return None


class TrainController(QObject):
    _train = pyqtSignal(dict, object)
    _find_lr = pyqtSignal(dict, str)
    _prepare = pyqtSignal()
    runFinished = pyqtSignal(object)  # core.training.train_events.Finished
    runFailed = pyqtSignal(str)

    def __init__(self, main_controller, settings):
        super().__init__()
        self.main, self.settings = main_controller, settings
        self.window = TrainWindow()
        self.running = False
        self.run_dir: str | None = None
        self._close_confirmed = False  # the user said Yes to "Stop training?" for this run
        self._stop_asked = False  # the user stopped this run: Stop clicked, or Yes to "Stop training?" on closing
        self._after_shutdown = None
        self._history_for = None  # the open_run whose metrics.csv is being read for the charts
        self._scan_stop = threading.Event()  # set: the dataset scan in progress is of a folder no longer wanted
        # The status line speaks of the form as it was (what to fix, why its settings failed): an edit ends that.
        self._status_of_form = False
        # Until the first batch the status line counts the time: a time budget's measuring took 90-117 s on a busy
        # machine behind a moving bar and nothing else, and the budget's clock runs through it.
        self._waiting = QTimer(self, interval=WAITING_TICK_MS)
        self._waiting.timeout.connect(self._say_waiting)
        self._waiting_for: str | None = None  # the time budget ("15min": measuring this computer's speed), or None
        self._job_started = 0.0
        self._last_batch = None  # the run's latest BatchEnd, which the status line shows
        self._lr_test = False  # the job running is the learning-rate range test (Find LR), not a training run
        self._resuming: str | None = None  # the run folder the job running resumes
        self.worker = TrainWorker()
        self.thread = start_in_thread(self.worker, "trainer")
        self._train.connect(self.worker.train)
        self._find_lr.connect(self.worker.find_lr)
        self._prepare.connect(self.worker.prepare)
        w = self.worker
        w.started.connect(self._on_started)
        w.summary.connect(lambda summary: self.window.summary.set_summary(summary))
        w.batches.connect(self._on_batches)
        w.progress.connect(self._on_progress)
        w.epoch.connect(self._on_epoch)
        w.message.connect(lambda text, level: self.window.append_log(text if level == "info" else f"{level}: {text}"))
        w.planned.connect(self._on_planned)
        w.finished.connect(self._on_finished)
        w.failed.connect(self._on_failed)
        w.refused.connect(self._on_refused)
        w.stoppedBeforeTraining.connect(self._on_stopped_before_training)
        w.lrFound.connect(self._on_lr_found)
        w.lrProgress.connect(self._on_lr_progress)
        v = self.window
        v.start.clicked.connect(self.start)  # start() takes no argument: clicked(bool) must not reach a parameter
        v.stop.clicked.connect(self.stop)
        v.resume.clicked.connect(self.choose_resume)
        v.load_preset.clicked.connect(self.load_preset)
        v.save_preset.clicked.connect(self.save_preset)
        v.form.datasetChosen.connect(self.scan)
        v.form.datasetGone.connect(self._dataset_gone)
        v.form.findLrRequested.connect(self.find_lr)
        v.form.changed.connect(self._remember_form)
        v.form.changed.connect(self._forget_stale_status)
        self.weights = WeightsFlow(v, settings)
        v.form.mirrorRequested.connect(self.weights.edit_settings)
        v.mirror_settings.triggered.connect(self.weights.edit_settings)
        add_language_menu(v.view_menu, main_controller.language)
        add_theme_menu(v.view_menu, Theme.for_app(QApplication.instance()))
        self.weights.mirrorChanged.connect(self._mirror_changed)
        v.history.openRequested.connect(self.open_run)
        v.history.resumeRequested.connect(self.resume)
        v.history.refreshRequested.connect(self.refresh_history)
        self.handover = ReportHandover(self)  # Use this model, a confusion-matrix cell
        self.evaluation = EvaluateFlow(self)  # File → Evaluate a Model…
        v.closing.connect(self._on_close)
        restore_form(v.form, settings)
        if "out" not in v.form.chosen():
            v.form.set_values({"out": runs_folder()}, chosen=())
        v.form.announce_folders()  # the remembered folder's classes and split, not "Choose a dataset folder"
        run_in_background(architecture_choices, self._on_choices,
                          lambda message: self.window.append_log(f"cannot list models: {message}"), owner=self.window)
        self.weights.list_weights()
        self.worker.set_environment(self.weights.child_environment())
        self._prepare.emit()  # a training process loads the engine while the user fills in the form
        self._built_now = True  # show() waits for the next event-loop turn

    def show(self) -> None:
        if self._built_now:
            # Just built: shown after the events that came meanwhile. Building (the form's fields) and the first
            # layout were one pause of the main window; as two, each is shorter. A timer of 1 ms, not 0: Qt 5 runs a
            # 0-ms single shot among the posted events (the new widgets' own), in the same pass, as one pause again.
            self._built_now = False
            QTimer.singleShot(SHOW_AFTER_MS, self._show_now)
        else:
            self._show_now()

    def _show_now(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.refresh_history()

    def _on_choices(self, choices: dict) -> None:
        form = self.window.form
        form.set_architectures(choices["architectures"])
        # Their descriptions are translated as they are set: set them again after a language switch.
        on_language_change(form, lambda: form.set_architectures(choices["architectures"]))
        form.set_devices([tuple(d) for d in choices["devices"]])

    def _mirror_changed(self) -> None:
        self.worker.set_environment(self.weights.child_environment())

    def _remember_form(self) -> None:
        remember_form(self.window.form, self.settings)

    def _forget_stale_status(self) -> None:
        """An edit after a refused or failed start: "Operation not permitted: /sys/gradlens_runs" stayed on the
        Progress tab above later, unrelated problems. The form's own list says what is wrong now."""
        if self._status_of_form and not self.running:
            self._status_of_form = False
            self.window.status.say(lambda: self.window.tr("Not running"))

    # --- dataset ---

    def scan(self, folder: str) -> None:
        """What the dataset holds for the classes the form names; a problem found refuses Start while the form
        names that folder and those classes."""
        values = self.window.form.values()
        self.window.summary.set_busy(self.window.tr("Scanning {0}…").format(folder))
        self.window.tabs.setCurrentWidget(self.window.summary)
        self._stop_scan()
        stop = self._scan_stop = threading.Event()

        def wanted() -> bool:
            """False once another folder or other classes were chosen (a later scan answers) or none is named."""
            return not stop.is_set() and self.window.form.values().get("data") == values["data"]

        def failed(message: str) -> None:
            if wanted():  # a folder gone while it was read (a removed stick) is no problem of the one chosen since
                self.window.summary.set_error(message)

        def done(result):
            if not wanted():
                return
            self.window.form.set_dataset_problem(values["data"], result.get("problem"), values["classes"])
            if result.get("problem"):
                self.window.summary.set_error(result["problem"])
                self.window.form.set_dataset_split(None)
                return
            self.window.summary.set_summary(result["summary"])
            self.window.form.set_dataset_split(result["source"] == "folders")
        run_in_background(lambda: scan_dataset(values, stop.is_set), done, failed, owner=self.window)

    def _stop_scan(self) -> None:
        """The scan in progress stops at its next file: reading a folder of thousands of images takes minutes, and
        it kept a core busy (and a place in the task pool) for a folder the user had left."""
        self._scan_stop.set()

    def _dataset_gone(self) -> None:
        self._stop_scan()
        self.window.summary.set_summary(None)

    # --- running ---

    def start(self) -> None:
        """Start Training: a new run from the form, once its pretrained weights are on disk."""
        if self.running or self.window.form.validate():
            self._start_job(resume=None)  # says what to fix
        else:
            self.weights.before_start(self.window.form.values(), lambda: self._start_job(resume=None))

    def _start_job(self, resume: str | None) -> None:
        if self.running:
            return
        self._lr_test = False
        self._resuming = resume
        self._close_confirmed = False
        self._stop_asked = False
        if resume:
            self.window.form.validate()
        elif self._say_problems():
            return
        values = self.window.form.values()
        self.running = True
        self._status_of_form = False
        self.window.set_running(True)
        self.window.charts.reset()
        self._last_batch = None
        self._history_for = None  # a run's history still being read is no longer wanted
        self.window.tabs.setCurrentIndex(1)
        self.window.progress.setRange(0, 0)
        if values.get("budget") and not resume:  # timing candidate networks takes a while before the data
            self.window.status.say(lambda: self.window.tr("Time budget: measuring how fast this computer trains…"))
        else:
            self.window.status.say(lambda: self.window.tr("Preparing the data…"))
        self._waiting_for = values["budget"] if values.get("budget") and not resume else None
        self._job_started = time.perf_counter()
        self._waiting.start()
        self.window.append_log(self.window.tr("resuming {0}").format(resume) if resume else
                               self.window.tr("starting: {0} on {1}").format(values["model"], values["data"]))
        self._started_at = time.perf_counter()
        self.worker.expect_job()
        self._train.emit(values, resume)

    def stop(self) -> None:
        if self.running:
            self._waiting.stop()
            self._stop_asked = True
            self.worker.request_stop()
            self.window.status.say(lambda: self.window.tr("Stopping after the current batch…"))

    def choose_resume(self) -> None:
        # Opened in the run this window last ran (stopped, most likely): choosing it is one click.
        last = self.run_dir if self.run_dir and Path(self.run_dir).is_dir() else None
        folder = QFileDialog.getExistingDirectory(self.window, self.window.tr("Run folder to resume"),
                                                  last or self.window.form.values().get("out", ""))
        if folder:
            self.resume(folder)

    def resume(self, run_dir: str) -> None:
        """Continue a run: its config.json fills the form while it trains and its metrics.csv the charts
        (both read off the GUI thread), then the job starts."""
        def read():
            return run_folder.read_config(run_dir), run_folder.read_history(run_dir), _batches_of(run_dir)

        def start(found) -> None:
            config, history, batches = found
            if self.running:
                return  # another job started meanwhile
            if config is None:  # the form's settings would stand in for the run's: "Choose a dataset folder"
                self._cannot_read_run(self.window.tr("Cannot resume {0}: it has no config.json (the run's settings), "
                                                     "so it is not a run folder to resume").format(run_dir))
                return
            self.window.form.show_resumed(config, run_dir)  # shown while it trains; the user's own come back after
            self._start_job(resume=run_dir)
            # Its clock goes on from the epochs already trained: the bar and "elapsed" count the whole run,
            # not 10 % at epoch 25 of 27 after the stop had shown 89 %.
            self._started_at -= sum(row.get("epoch_time_s", 0.0) for row in history)
            self.window.charts.load_history(history, batches)
        run_in_background(read, start, self._cannot_read_run, owner=self.window)

    def _cannot_read_run(self, message: str) -> None:
        self.window.status.setText(as_sentence(message))
        self.window.append_log(f"error: {message}")

    def _on_planned(self, event) -> None:
        self.window.form.show_plan(event.values, event.planned, event.budget)
        self._waiting_for = None
        if self._waiting.isActive():  # not after a Stop: "Stopping after the current batch…" stays
            self._say_waiting()

    def _say_waiting(self) -> None:
        """What the run does before its first batch, and for how long it has done so."""
        w, budget = self.window, self._waiting_for
        elapsed = _duration(time.perf_counter() - self._job_started)
        if budget:
            w.status.say(lambda: w.tr("Time budget {0}: measuring how fast this computer trains · elapsed {1}").format(
                budget, elapsed))
        else:
            w.status.say(lambda: w.tr("Preparing the data · elapsed {0}").format(elapsed))

    def _on_started(self, run_dir: str) -> None:
        self.run_dir = run_dir
        self.window.append_log(self.window.tr("run folder: {0}").format(run_dir))
        self.window.history.set_training(run_dir)
        self.refresh_history()  # a new run is listed while it trains

    def _on_batches(self, batches: list) -> None:
        for event in batches:  # core.training.train_events.BatchEnd
            self.window.charts.add_batch(event)

    def _on_progress(self, event) -> None:
        self._waiting.stop()  # training: its own line below counts the time
        self._last_batch = event
        self._say_progress(event.epochs, event.eta_s)

    def _say_progress(self, epochs: int, eta_s: float) -> None:
        """The status line and bar at the latest batch, with the run's epoch count and time left as last told."""
        w, event = self.window, self._last_batch
        elapsed = time.perf_counter() - self._started_at
        # The bar shows the share of the run's time gone by, as the time left counts it (each epoch at its
        # size): a count of batches ran ahead of the clock under progressive resizing, whose early batches
        # are small (55 % with 58 s of 102 left). It never steps back as the estimate wobbles.
        w.progress.setRange(0, PROGRESS_STEPS)
        share = elapsed / (elapsed + eta_s) if elapsed + eta_s > 0 else 0.0
        w.progress.setValue(max(w.progress.value(), round(PROGRESS_STEPS * share)))
        w.status.say(lambda: w.tr("Epoch {0}/{1} · batch {2}/{3} · {4:.0f} images/s · elapsed {5} · about {6} left").format(
            event.epoch, epochs, event.batch, event.batches, event.images_per_s, _duration(elapsed),
            _duration(eta_s)))

    def _on_epoch(self, event) -> None:
        from core.cli.train import epoch_line
        self.window.charts.add_epoch(event.metrics)
        self.window.append_log(epoch_line(event))
        self.window.form.follow_epochs(event.epochs)  # a budget's count, refit or rebudgeted at this epoch's end
        # The same count and time left in the status line: its last batch's said "Epoch 43/63 · about 1:21 left"
        # until the next batch, beside the form's 47 epochs and the log's "epoch 43/47 … ETA 0.3 min" (an epoch
        # of one batch at full size took its whole length). Not after a Stop: "Stopping…" stays.
        if self._last_batch is not None and self._last_batch.epoch == event.epoch and not self._stop_asked:
            self._say_progress(event.epochs, event.eta_s)

    def _on_finished(self, event) -> None:
        from core.cli.train import finished_lines
        self.running = False
        self._waiting.stop()
        w = self.window
        w.set_running(False)
        w.history.set_training(None)
        complete = not event.failed and not (event.stopped and self._stop_asked)  # early stopping completes it
        if complete or w.progress.maximum() != PROGRESS_STEPS:
            w.progress.setRange(0, 1)
            w.progress.setValue(1 if complete else 0)
        # else stopped or failed while training: the bar stays at the share of the time it got to
        for line in finished_lines(event):
            w.append_log(line)
        w.status.say(lambda: as_sentence(translate_problem(event.reason, w.tr)))
        if event.failed:
            QMessageBox.warning(w, w.tr("Training stopped"), as_sentence(translate_problem(event.reason, w.tr)))
        elif w.report.load(event.run_dir):
            w.tabs.setCurrentWidget(w.report)
        self.refresh_history()
        self.runFinished.emit(event)

    def _on_failed(self, message: str) -> None:
        self.running = False
        self._waiting.stop()
        self.window.set_running(False)
        self.window.charts.show_range_test(False)
        self.window.history.set_training(None)
        if self.window.progress.maximum() != PROGRESS_STEPS:  # not the training's share of time: stop the busy bar
            self.window.progress.setRange(0, 1)
        # In the window's words: core's name train.py's options ("leave it out with --classes a,b"), the form's
        # fields are what the window has. The log keeps the line train.py prints.
        said = as_sentence(translate_problem(message, self.window.tr))
        self.window.status.setText(said)
        self._status_of_form = True  # the form's settings failed: once they change, they may not
        self.window.append_log(f"error: {message}")
        self.runFailed.emit(message)
        QMessageBox.warning(self.window, self.window.tr("Training failed"), said)

    def _on_refused(self, out: str, problem: str) -> None:
        """The job found, before its training process was involved, that no run folder can be made in the output
        folder: said on the form's field like the other problems, not as "Training failed"."""
        self.running = False
        self._waiting.stop()
        self.window.set_running(False)
        self.window.charts.show_range_test(False)
        self.window.progress.setRange(0, 1)
        self.window.progress.setValue(0)
        self.window.append_log(f"error: {problem}")
        self.window.form.set_output_problem(out, problem)
        self._say_problems()

    def _on_stopped_before_training(self, measuring: bool) -> None:
        """Stopped while a time budget measured this computer's speed, or while the data was read and checked: no
        run folder was made, none to resume."""
        self.running = False
        self._waiting.stop()
        w = self.window
        w.set_running(False)
        w.progress.setRange(0, 1)
        w.progress.setValue(0)
        if self._resuming:  # its folder was there before: "no run folder was made" read as if it had gone
            name = Path(self._resuming).name
            w.status.say(lambda: w.tr("Stopped before training resumed: {0} is as it was.").format(name))
        else:
            w.status.say(lambda: w.tr("Stopped before training began: no run folder was made."))
        w.append_log(w.tr("stopped while measuring this computer's speed; nothing was trained or written") if measuring
                     else w.tr("stopped while preparing the data; nothing was trained or written"))

    def find_lr(self) -> None:
        if self.running:
            return
        if not self._say_problems():
            self.weights.before_start(self.window.form.values(), self._find_lr_now)

    def _say_problems(self) -> bool:
        """Whether the form has problems; the status line lists them until the form is edited."""
        problems = self.window.form.validate()
        if problems:
            self.window.status.say(lambda: self.window.tr("Please fix: {0}").format("; ".join(problems)))
            self._status_of_form = True
        return bool(problems)

    def _find_lr_now(self) -> None:
        if self.running:
            return
        values = self.window.form.values()
        self.running = True
        self._lr_test = True
        self._close_confirmed = False  # a Yes to closing during an earlier run was about that run
        self._stop_asked = False
        self._status_of_form = False
        self.window.set_running(True)
        self.window.tabs.setCurrentIndex(1)  # the Progress tab: its bar and status follow the test
        self.window.progress.setRange(0, 0)
        self.window.status.say(lambda: self.window.tr("Learning-rate range test: preparing the data…"))
        self.window.charts.show_range_test(True)
        self.window.append_log(self.window.tr("learning-rate range test: {0} on {1}").format(values["model"],
                                                                                            values["data"]))
        self.worker.expect_job()
        self._find_lr.emit(values, str(Path(values["out"]) / "lr_finder"))

    def _on_lr_progress(self, step: int, steps: int) -> None:
        self.window.progress.setRange(0, steps)
        self.window.progress.setValue(step)
        self.window.status.say(lambda: self.window.tr("Learning-rate range test: step {0} of {1}").format(step, steps))

    def _on_lr_found(self, result: dict) -> None:
        self.running = False
        self.window.set_running(False)
        self.window.charts.show_range_test(False)
        if result["stopped"]:  # what the sweep did: a Stop that came as it ended left it whole, and its files written
            # The sweep ended at its smallest rates: Stop at step 9 of 100 suggested 3.1e-7 (Use beside it) under a
            # full bar, where the whole sweep suggested 9.8e-5.
            self.window.progress.setRange(0, 1)
            self.window.progress.setValue(0)
            self.window.form.set_lr_suggestion(None)
            self.window.status.say(lambda: self.window.tr(
                "Learning-rate range test stopped before it tried every rate: no learning rate suggested."))
            self.window.append_log(self.window.tr("range test stopped before it tried every rate; lr_finder.png and "
                                                  "lr_finder.csv were not written"))
            return
        self.window.progress.setRange(0, 1)
        self.window.progress.setValue(1)
        self.window.form.set_lr_suggestion(result["suggestion"], result["plot"])
        # As the form writes it, and Use puts it in the field: the status line said 0.000142 beside "Suggested: 1.4e-4".
        said = short_float(result["suggestion"]) if result["suggestion"] else None
        self.window.status.say(lambda: self.window.tr("Suggested learning rate: {0}").format(
            said or self.window.tr("none (the loss did not fall)")))
        self.window.append_log(self.window.tr("suggested learning rate: {0}; curve: {1}").format(
            said or self.window.tr("none (the loss did not fall)"), result["plot"]))

    # --- presets and history ---

    def save_preset(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, self.window.tr("Save Preset"), "preset.json",
                                              self.window.tr("Presets (*.json)"))
        if path:
            self.window.form.save_preset(path)

    def load_preset(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.window.tr("Load Preset"), "",
                                              self.window.tr("Presets (*.json)"))
        if path:
            try:
                self.window.form.load_preset(path)
            except (OSError, ValueError) as error:
                QMessageBox.warning(self.window, self.window.tr("Cannot load preset"), str(error))

    def refresh_history(self) -> None:
        out = self.window.form.values().get("out") or runs_folder()
        run_in_background(lambda: runs_and_evaluations(out), self.window.history.set_runs, owner=self.window)

    def open_run(self, run_dir: str) -> None:
        self.window.charts.reset()
        self._history_for = token = object()

        def show_history(found) -> None:
            if self._history_for is token:  # not when a job or another run took the charts meanwhile
                self.window.charts.load_history(*found)
        run_in_background(lambda: (run_folder.read_history(run_dir), _batches_of(run_dir)),
                          show_history, self._cannot_read_run, owner=self.window)
        if self.window.report.load(run_dir):
            self.window.tabs.setCurrentWidget(self.window.report)

    # --- closing ---

    def confirm_close(self) -> bool:
        """Ask before closing while training; stopping keeps last.pt. True when it may close.

        Asked once per run: after a Yes, closing the other window does not ask again."""
        if not self.running or self._close_confirmed:
            return True
        tr = self.window.tr
        if self._lr_test:  # it writes no last.pt and is no run to resume: asked about a run, the user was misled
            title, text = tr("Learning-rate range test is running"), tr(
                "Stop the learning-rate range test? It will suggest no learning rate; Find LR runs it again.")
        else:
            title, text = tr("Training is running"), tr(
                "Stop training? last.pt keeps the last finished epoch, so the run can be resumed later.")
        answer = QMessageBox.question(self.window, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        self._close_confirmed = True
        self._stop_asked = True
        self.worker.request_stop()
        return True

    def _on_close(self, event) -> None:
        if self.confirm_close():
            event.accept()
        else:
            event.ignore()

    def shutdown(self) -> None:
        """End the worker and its training process; waits, so call it once no job runs."""
        self._stop_scan()
        self.weights.cancel()
        self.worker.close()
        stop_thread(self.thread, self.worker, 30_000)
        self.worker.discard_standby()

    def shutdown_later(self, done) -> None:
        """Stop the running job and end the worker without blocking the GUI (the training process
        finishes its batch and writes last.pt first: seconds for a big model on a CPU); `done()`
        runs on the GUI thread once the worker's thread has ended, or after SHUTDOWN_WAIT_MS in
        any case: a training process whose parent is gone stops by itself and keeps last.pt."""
        self.window.hide()
        self._after_shutdown = done
        self._stop_scan()
        self.weights.cancel()  # a download's .partial stays for next time
        self.worker.close()
        self.thread.finished.connect(self._on_thread_ended)
        self.thread.quit()  # leaves the thread's loop once the job's slot returns
        QTimer.singleShot(SHUTDOWN_WAIT_MS, self._on_thread_ended)

    def _on_thread_ended(self) -> None:
        done, self._after_shutdown = self._after_shutdown, None
        if done is not None:
            if not self.thread.isRunning():
                self.worker.discard_standby()
            done()
