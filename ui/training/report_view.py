"""A finished run's evaluation report: summary numbers, per-class table, clickable confusion matrix
and the report's figures.

Everything comes from the plain files the training job leaves in run_dir/report and
run_dir/config.json (core/training/run_folder.py reads them). metrics.json is written last, so its presence
means the report is complete.

Nothing slow runs on the GUI thread: a figure is decoded off it when its tab is first shown, a
report bigger than READ_NOW_BYTES (hundreds of classes) is read off it, and the per-class table
is filled TABLE_SLICE rows at a time.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PyQt5.QtCore import QEvent, Qt, QTimer, QUrl, pyqtSignal
from PyQt5.QtGui import QDesktopServices
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.reporting.evaluated_folder import read_evaluation
from core.training.run_folder import (
    BEST,
    READ_ERRORS,
    REPORT_DIR,
    REPORT_METRICS,
    TABLE_KEYS,
    ReportData,
    read_model_name,
    read_report,
)
from ui.training.report_cards import CardRow, card_values, grey
from ui.training.report_files import decode_figure, evaluation_title, off_thread
from ui.training.report_table import UNDEFINED, ScoreTable
from ui.viewer.image_panel import ImagePanel
from ui.viewer.metrics_panel import ConfusionMatrixView, style_score_table

log = logging.getLogger(__name__)

IMAGE_TABS = ("curves.png", "roc.png", "pr.png", "most_confident_wrong.png", "summary.png")
READ_NOW_BYTES = 256 * 1024   # metrics.json up to this size (~150 classes) parses in a few ms: read at once
TABLE_SLICE = 100             # table rows filled per event-loop turn (~10 ms; twice that on a busy 2-core machine)


class ReportView(QWidget):
    """Shows run_dir/report; `load(run_dir)` says whether there was one to show."""

    cellClicked = pyqtSignal(str, str)      # true class, predicted class
    useModelRequested = pyqtSignal(str)     # path of run_dir/best.pt

    def __init__(self, parent=None):
        super().__init__(parent)
        self._run_dir: Path | None = None
        self._evaluation: dict | None = None   # evaluation.json when the folder is an evaluation, not a run
        self._metrics: dict = {}
        self._rows: list[dict] = []
        self._model_name: str | None = None
        self._loaded_images: set[str] = set()
        self._generation = 0   # bumped by every load(): answers from the pool for an older one are dropped
        self._next_row = 0     # the per-class table is filled up to here
        self._slice_timer = QTimer(self, singleShot=True, interval=0)
        self._slice_timer.timeout.connect(self._fill_slice)
        self._message_text = str  # says the message on show in the current language (_show_message)

        # Not word-wrapped: a wrapping label makes the layout height-for-width, and the window taller.
        self._title = QLabel(objectName="title")
        self._title_text = ""
        font = self._title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self._title.setFont(font)
        self._title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self._open_button = QPushButton(objectName="openFolder")
        self._open_button.clicked.connect(self.open_folder)
        self._use_button = QPushButton(objectName="useModel")
        self._use_button.clicked.connect(self._use_model)
        top = QHBoxLayout()
        top.addWidget(self._title, 1)
        top.addWidget(self._open_button)
        top.addWidget(self._use_button)

        self._message = QLabel(objectName="message")
        self._message.setAlignment(Qt.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._message.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Expanding)

        self._cards = CardRow(self)
        self._matrix = ConfusionMatrixView(self)
        self._matrix.cellClicked.connect(self.cellClicked)
        self._matrix_hint = QLabel(objectName="matrixHint")
        self._matrix_hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        grey(self._matrix_hint)
        matrix_page = QWidget()
        matrix_layout = QVBoxLayout(matrix_page)
        matrix_layout.setContentsMargins(0, 4, 0, 0)
        matrix_layout.addWidget(self._matrix_hint)
        matrix_layout.addWidget(self._matrix, 1)

        self._table = ScoreTable(0, 1 + len(TABLE_KEYS), self)
        style_score_table(self._table)
        self._table.setSelectionBehavior(QAbstractItemView.SelectRows)
        header = self._table.horizontalHeader()
        header.setSortIndicator(-1, Qt.AscendingOrder)   # the model's class order until a header is clicked
        header.setTextElideMode(Qt.ElideRight)   # narrow: "Precisi…" rather than clipped at both ends
        self._table.setSortingEnabled(True)

        self._images = {name: ImagePanel(parent=self) for name in IMAGE_TABS}
        # The mistakes, two pairs a row, are read down the page: fitted whole, their captions were too small to read.
        self._images["most_confident_wrong.png"].set_fit_width(True)
        self._tabs = QTabWidget(self)
        self._tabs.setDocumentMode(True)
        self._tabs.addTab(matrix_page, "")
        self._tabs.addTab(self._table, "")
        for panel in self._images.values():
            self._tabs.addTab(panel, "")
        self._tabs.currentChanged.connect(self._show_tab)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self._cards)
        content_layout.addWidget(self._tabs, 1)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._message)
        self._stack.addWidget(content)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        self._retranslate()
        self._show_message(lambda: self.tr("No report loaded."))

    # -- API ----------------------------------------------------------------------------------
    def load(self, run_dir: str) -> bool:
        """Show run_dir's report (run_dir/report/metrics.json and per_class.csv); False, with a message
        in the view, when there is none or it cannot be read. run_dir may also be the report folder.

        A big report is read off the GUI thread: load() then returns True at once with "Loading…"
        on show, and a report that turns out unreadable shows its message when that is known."""
        run = Path(run_dir)
        if not (run / REPORT_DIR / REPORT_METRICS).is_file() and (run / REPORT_METRICS).is_file():
            run = run.parent   # given the report folder itself
        self._generation += 1
        self._slice_timer.stop()
        self._run_dir = run
        self._evaluation = read_evaluation(run)   # a few hundred bytes: read here, as config.json is
        self._metrics, self._rows, self._model_name = {}, [], None
        self._loaded_images.clear()
        self._update_buttons()
        self._set_title()
        metrics_path = self.report_dir() / REPORT_METRICS
        try:
            size = metrics_path.stat().st_size if metrics_path.is_file() else None
        except OSError:
            size = None
        if size is None:
            self._model_name = read_model_name(run)
            self._set_title()
            self._show_message(lambda: self.tr("No evaluation report in {0}.\nThe report is written when training "
                                               "ends; this run may still be training, or it stopped before the test.")
                               .format(run))
            return False
        if size > READ_NOW_BYTES:
            self._show_message(lambda: self.tr("Loading…"))
            off_thread(partial(read_report, run), partial(self._on_read, self._generation, run), owner=self)
            return True
        try:
            data = read_report(run)
        except READ_ERRORS as error:
            self._show_unreadable(run, error)
            return False
        self._show_report(data)
        return True

    def run_dir(self) -> Path | None:
        return self._run_dir

    def report_dir(self) -> Path | None:
        return None if self._run_dir is None else self._run_dir / REPORT_DIR

    def best_model_path(self) -> Path | None:
        """The run's best.pt, or the model file an evaluation evaluated."""
        if self._run_dir is None:
            return None
        return Path(self._evaluation["model"]) if self._evaluation else self._run_dir / BEST

    def message(self) -> str | None:
        """The message shown instead of a report, or None while a report is shown."""
        return self._message.text() if self._stack.currentIndex() == 0 else None

    def summary(self) -> dict[str, str]:
        """The header's numbers as shown, by key (accuracy, macro_f1, ..., and model when known)."""
        values = {key: card.value.text() for key, card in self._cards.cards.items()}
        if self._model_name:
            values["model"] = self._model_name
        return values

    def open_folder(self) -> None:
        folder = self.report_dir()
        if folder is not None and folder.is_dir():
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
                log.warning("no program to open %s", folder)
                self._say_where(folder)

    def _say_where(self, folder: Path) -> None:
        """No file manager answered (a bare desktop, a server session): the path, to copy, instead of nothing."""
        box = QMessageBox(QMessageBox.Information, self.tr("Open report folder"),
                          self.tr("No program on this computer opens folders. The report is in:"), parent=self)
        box.setInformativeText(str(folder))
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        copy = box.addButton(self.tr("Copy Path"), QMessageBox.ActionRole)
        box.addButton(QMessageBox.Ok)
        box.exec_()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(str(folder))

    @property
    def matrix(self) -> ConfusionMatrixView:
        return self._matrix

    @property
    def table(self) -> QTableWidget:
        return self._table

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    def image_panel(self, file_name: str) -> ImagePanel:
        return self._images[file_name]

    # -- reading ------------------------------------------------------------------------------
    def _on_read(self, generation: int, run: Path, result) -> None:
        if generation != self._generation:
            return   # another load() since
        if isinstance(result, READ_ERRORS):
            self._show_unreadable(run, result)
        elif isinstance(result, Exception):
            raise result   # a bug, not a bad file: the crash reporter shows it
        else:
            self._show_report(result)

    def _show_unreadable(self, run: Path, error: Exception) -> None:
        log.warning("cannot read the report in %s: %s", run, error)
        self._model_name = read_model_name(run)
        self._set_title()
        self._show_message(lambda: self.tr("The report in {0} cannot be read: {1}").format(run, error))

    # -- showing --------------------------------------------------------------------------------
    def _show_report(self, data: ReportData) -> None:
        self._metrics, self._rows, self._model_name = data.metrics, data.rows, data.model_name
        # An evaluation has no training history: no Curves tab.
        self._tabs.setTabVisible(self._tabs.indexOf(self._images["curves.png"]), not self._evaluation)
        self._set_title()
        self._matrix.set_data(data.names, data.confusion)
        self._fill_table()
        self._fill_cards()
        for panel in self._images.values():
            panel.set_placeholder(self.tr("Loading…"))
        self._stack.setCurrentIndex(1)
        self._message_text = str
        self._show_tab(self._tabs.currentIndex())

    def _show_message(self, say) -> None:  # say(): the message in the current language, again after a switch
        self._message_text = say
        self._message.setText(say())
        self._stack.setCurrentIndex(0)

    def _update_buttons(self) -> None:
        best, report = self.best_model_path(), self.report_dir()
        self._use_button.setEnabled(best is not None and best.is_file())
        self._open_button.setEnabled(report is not None and report.is_dir())
        self._use_button.setToolTip(str(best) if best is not None and best.is_file()
                                    else self.tr("The evaluated model file is gone: {0}").format(best)
                                    if self._evaluation else self.tr("This run has no best.pt"))

    def _fill_cards(self) -> None:
        m = self._metrics
        if not m:
            return
        values, tips = card_values(m, self.tr)
        for key, card in self._cards.cards.items():
            card.value.setText(values[key])
            card.setToolTip(tips.get(key, ""))
        self._cards.reflow()

    def _fill_table(self) -> None:
        table = self._table
        table.setSortingEnabled(False)   # or rows move while being filled
        table.setRowCount(len(self._rows))
        self._next_row = 0
        self._fill_slice()

    def _fill_slice(self) -> None:
        """The next TABLE_SLICE rows; the rest after the events queued meanwhile (repaints, input)."""
        table, na = self._table, UNDEFINED
        start = self._next_row
        end = self._next_row = min(len(self._rows), start + TABLE_SLICE)
        for row in range(start, end):
            table.set_scores(row, self._rows[row], na)
        if end < len(self._rows):
            self._slice_timer.start()
            return
        table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        table.setSortingEnabled(True)
        table.fit_columns()

    def _set_title(self) -> None:
        """"resnet18 — run_20250101-120000", elided in the middle when the window is narrow."""
        run = self._run_dir
        if run is None:
            self._title_text = ""
        elif self._evaluation:   # its folder's name says the same in fewer words: the title is this alone
            self._model_name = self._title_text = evaluation_title(self._evaluation, self.tr)
        elif self._model_name and self._model_name not in run.name:  # GradLens's run folders name their model
            self._title_text = self.tr("{0} — {1}").format(self._model_name, run.name)
        else:
            self._title_text = run.name
        self._title.setToolTip("" if run is None else str(run))
        self._elide_title()

    def _elide_title(self) -> None:
        self._title.setText(self._title.fontMetrics().elidedText(self._title_text, Qt.ElideMiddle,
                                                                 max(1, self._title.width())))

    def resizeEvent(self, event):
        super().resizeEvent(event)   # the layout has already given the title its new width
        self._elide_title()

    def _show_tab(self, index: int) -> None:
        panel = self._tabs.widget(index)
        name = next((name for name, p in self._images.items() if p is panel), None)
        if name is None or name in self._loaded_images or self.report_dir() is None or not self._metrics:
            return
        self._loaded_images.add(name)
        path = self.report_dir() / name
        if not path.is_file():
            panel.set_placeholder(self.tr("{0} is missing from the report.").format(name))
            return
        off_thread(partial(decode_figure, path), partial(self._on_figure, self._generation, name), owner=self)

    def _on_figure(self, generation: int, name: str, result) -> None:
        if generation != self._generation:
            return
        panel = self._images[name]
        if isinstance(result, ValueError):
            panel.set_placeholder(self.tr("{0} cannot be read.").format(name))
        elif isinstance(result, Exception):
            raise result
        else:
            panel.set_qimage(result)

    def _use_model(self) -> None:
        best = self.best_model_path()
        if best is not None and best.is_file():
            self.useModelRequested.emit(str(best))

    # -- translation ----------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._open_button.setText(self.tr("Open report folder"))
        self._use_button.setText(self.tr("Use this model"))
        self._matrix_hint.setText(self.tr("Click a cell to see those test images."))
        captions = {"accuracy": self.tr("accuracy"), "macro_f1": self.tr("macro F1"),
                    "macro_auc": self.tr("macro AUC"), "n_test": self.tr("test images"),
                    "n_classes": self.tr("classes"), "epochs": self.tr("epochs")}
        for key, card in self._cards.cards.items():
            card.caption.setText(captions[key])
        titles = [self.tr("Confusion matrix"), self.tr("Per class"), self.tr("Curves"), self.tr("ROC"),
                  self.tr("Precision-recall"), self.tr("Mistakes"), self.tr("Summary")]
        for index, title in enumerate(titles):
            self._tabs.setTabText(index, title)
        # Short: ImagePanel's title is one line, cut at both ends when the window is narrow.
        hints = {"curves.png": self.tr("Loss, accuracy and learning rate per epoch"),
                 "roc.png": self.tr("Each class against the rest; top left is best"),
                 "pr.png": self.tr("Each class against the rest; top right is best"),
                 "most_confident_wrong.png": self.tr("Wrong, and most sure of it"),
                 "summary.png": self.tr("The report on one page")}
        for name, panel in self._images.items():
            panel.set_title(hints[name])
        headers = [self.tr("Class"), self.tr("Precision"), self.tr("Recall"), self.tr("F1"), self.tr("Support"),
                   self.tr("AUC"), self.tr("AP")]
        tips = [self.tr("Class"), self.tr("Precision: share of the images predicted as this class that are it"),
                self.tr("Recall: share of this class's images found"), self.tr("F1: harmonic mean of precision "
                                                                             "and recall"),
                self.tr("Support: test images of this class"), self.tr("Area under the ROC curve, this class "
                                                                      "against the rest"),
                self.tr("Average precision (area under the precision-recall curve)")]
        for column, (text, tip) in enumerate(zip(headers, tips)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self._table.setHorizontalHeaderItem(column, item)
        self._update_buttons()
        self._fill_cards()
        self._set_title()
        self._message.setText(self._message_text())
