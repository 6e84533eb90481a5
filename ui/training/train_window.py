"""The training window's layout: the set-up form on the left, dataset/progress/report/history tabs.

A view only; app/train_controller.py gives it behaviour.
"""
from __future__ import annotations

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.training.dataset_summary_view import DatasetSummaryView
from ui.training.report_view import ReportView
from ui.training.run_history import RunHistory
from ui.training.train_charts import TrainCharts
from ui.training.train_form import TrainForm
from ui.viewer.main_window import icon
from ui.widgets.log_view import LogView
from ui.widgets.retranslate import Retranslating, TranslatedLabel
from ui.widgets.screen_fit import fit_to_screen


class TrainWindow(Retranslating, QMainWindow):
    closing = pyqtSignal(object)  # the QCloseEvent; the controller may ignore it

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowIcon(icon("app"))
        self.form = TrainForm()
        self.summary = DatasetSummaryView()
        self.charts = TrainCharts()
        self.report = ReportView()
        self.history = RunHistory()
        self.log = LogView()
        self.load_preset = QPushButton()
        self.save_preset = QPushButton()
        self.start = QPushButton(icon("run"), "")
        self.stop = QPushButton(icon("stop"), "")
        self.resume = QPushButton()
        self.stop.setEnabled(False)
        self.file_menu = self.menuBar().addMenu("")
        self.evaluate_model = self.file_menu.addAction(icon("model"), "")  # app/evaluate_flow.py
        # Settings of this computer rather than of a run (the weights mirror) live in a menu, not the form.
        self.settings_menu = self.menuBar().addMenu("")
        self.mirror_settings = self.settings_menu.addAction("")
        self.view_menu = self.menuBar().addMenu("")  # Language and Theme add themselves
        self._running = False
        self.form.problemsChanged.connect(lambda bad: self.start.setEnabled(not bad and not self._running))
        self.status = TranslatedLabel()  # the controller says how the run goes, from its data
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.tabs = QTabWidget()
        progress_tab = QWidget()
        column = QVBoxLayout(progress_tab)
        column.addWidget(self.status)
        column.addWidget(self.progress)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.charts)
        splitter.addWidget(self.log)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        column.addWidget(splitter, 1)
        for page in (self.summary, progress_tab, self.report, self.history):
            self.tabs.addTab(page, "")
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.form, 1)
        presets = QHBoxLayout()
        presets.addWidget(self.load_preset)
        presets.addWidget(self.save_preset)
        left_column.addLayout(presets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start, 1)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.resume)
        left_column.addLayout(buttons)
        main = QSplitter(Qt.Horizontal)
        main.addWidget(left)
        main.addWidget(self.tabs)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        self.setCentralWidget(main)
        self.retranslate()
        self.status.say(lambda: self.tr("Not running"))
        fit_to_screen(self, 1380, 860)
        main.setSizes([int(self.width() * 0.4), int(self.width() * 0.6)])

    def retranslate(self) -> None:
        """Every fixed text, in the current language: from the constructor and on a language switch."""
        tr = self.tr
        self.setWindowTitle(tr("GradLens — Train a Model"))
        self.log.setPlaceholderText(tr("The same lines train.py prints appear here."))
        for button, text, tip in (
                (self.load_preset, tr("Load Preset…"), tr("Fill the form from a saved JSON preset")),
                (self.save_preset, tr("Save Preset…"), tr("Save the form as a JSON preset")),
                (self.start, tr("Start Training"), tr("Train with these settings in the background")),
                (self.stop, tr("Stop"), tr("Stop after the current batch; last.pt keeps the last finished epoch")),
                (self.resume, tr("Resume a Run…"), tr("Continue a stopped or crashed run from its folder"))):
            button.setText(text)
            button.setToolTip(tip)
        self.file_menu.setTitle(tr("&File"))
        self.evaluate_model.setText(tr("&Evaluate a Model…"))
        self.evaluate_model.setStatusTip(tr("The report of an existing model file on a labelled folder: confusion "
                                            "matrix, per-class scores, ROC/PR, mistakes with heatmaps"))
        self.settings_menu.setTitle(tr("&Settings"))
        self.mirror_settings.setText(tr("Weights &Mirror…"))
        self.mirror_settings.setStatusTip(tr("Download pretrained weights through a mirror"))
        self.view_menu.setTitle(tr("&View"))
        for index, text in enumerate((tr("Dataset"), tr("Progress"), tr("Report"), tr("Runs"))):
            self.tabs.setTabText(index, text)

    def set_running(self, running: bool) -> None:
        """While a job runs; Start also waits (after the first try) until the form has no problems."""
        self._running = running
        self.start.setEnabled(not running and not self.form.invalid_fields())
        self.resume.setEnabled(not running)
        self.stop.setEnabled(running)
        self.form.set_running(running)

    def append_log(self, text: str) -> None:
        self.log.appendPlainText(text)

    def closeEvent(self, event) -> None:
        self.closing.emit(event)
