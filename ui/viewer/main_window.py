"""The main window's layout: the image triptych in the middle, movable docks around it, actions.

A view only: it builds widgets and actions and reports what the user does through signals and
QActions. app/controller.py decides what happens.
"""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QFont, QFontDatabase, QFontMetrics, QIcon, QKeySequence
from PyQt5.QtWidgets import (
    QAction,
    QActionGroup,
    QCheckBox,
    QDockWidget,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

from ui.viewer.cam_controls import CamControls
from ui.viewer.image_triptych import ImageTriptych
from ui.viewer.metrics_panel import MetricsPanel
from ui.viewer.results_panel import ResultsPanel
from ui.viewer.topk_bars import TopKBars
from ui.widgets.screen_fit import fit_to_screen

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
NARROW = 1280  # px: below this width the Metrics dock is a tab beside Results
TABLE_ROWS = 8  # rows of the results table the default layout makes room for
TAB_BAR = 30  # px: the tab bar under tabbed docks (Results | Log)


def fixed_width_font() -> QFont:
    """The system's fixed-width font; where a platform names none (Qt's offscreen one gives a
    proportional font), the fontconfig alias "monospace" with the typewriter hint."""
    font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
    metrics = QFontMetrics(font)
    if metrics.horizontalAdvance("iiii") != metrics.horizontalAdvance("MMMM"):
        font = QFont("monospace")
        font.setStyleHint(QFont.TypeWriter)
    return font


def icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


class MainWindow(QMainWindow):
    dropped = pyqtSignal(list)  # local paths dropped onto the window
    closing = pyqtSignal(object)  # the QCloseEvent: the controller accepts or ignores it

    def __init__(self):
        super().__init__()
        self.setWindowTitle("GradLens")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.triptych = ImageTriptych()
        self.setCentralWidget(self.triptych)
        self.results = ResultsPanel()
        self.topk = TopKBars()
        self.cam = CamControls()
        self.metrics = MetricsPanel()
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setMaximumBlockCount(20000)  # a week-long session must not grow without bound
        self.log.setFont(fixed_width_font())  # its per-class table lines up
        self.log.setPlaceholderText(self.tr("Results appear here as they arrive."))
        self.docks = {}
        # Default layout: probabilities and CAM controls on the right; results beside the
        # metrics along the bottom, with the log behind the results.
        self._dock("topk", self.tr("Top-k"), self.topk, Qt.RightDockWidgetArea)
        self._dock("cam", self.tr("Heatmap"), self.cam, Qt.RightDockWidgetArea)
        self._dock("results", self.tr("Results"), self.results, Qt.BottomDockWidgetArea)
        self._dock("metrics", self.tr("Metrics"), self.metrics, Qt.BottomDockWidgetArea)
        self.splitDockWidget(self.docks["results"], self.docks["metrics"], Qt.Horizontal)
        self._dock("log", self.tr("Log"), self.log, Qt.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["results"], self.docks["log"])
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self.layout_restored = False  # the controller sets it when it restores a saved layout
        self._shown_once = False
        fit_to_screen(self, 1360, 900)
        if self.width() < NARROW:
            # Too narrow for table and matrix side by side: tabs, the table first. The right-hand
            # docks then run from the toolbars to the status bar, so the table below the images
            # does not share its height with them.
            self.tabifyDockWidget(self.docks["results"], self.docks["metrics"])
            self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.docks["results"].raise_()
        self.share_space()

    def share_space(self) -> None:
        """The default split of the window: the table gets the height of TABLE_ROWS rows (at least
        two fifths of the window, at most three), the right-hand docks a fifth of the width."""
        width, height = self.width(), self.height()
        chrome = self.docks["results"].height() - self.results.height() + TAB_BAR
        wanted = self.results.height_for_rows(TABLE_ROWS) + chrome
        self.resizeDocks([self.docks["results"]], [min(max(int(height * 0.4), wanted), int(height * 0.6))],
                         Qt.Vertical)
        if not self.docks["metrics"].isHidden() and self.tabifiedDockWidgets(self.docks["metrics"]) == []:
            self.resizeDocks([self.docks["results"], self.docks["metrics"]], [int(width * 0.45), int(width * 0.55)],
                             Qt.Horizontal)
        self.resizeDocks([self.docks["topk"]], [max(280, int(width * 0.2))], Qt.Horizontal)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self.layout_restored:  # sizes are only known once shown and laid out
                QTimer.singleShot(0, self.share_space)

    def _dock(self, key: str, title: str, widget: QWidget, area) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")  # saveState() needs object names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _action(self, text: str, shortcut=None, icon_name: str | None = None, tip: str = "", checkable=False) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.NativeText)})"
                              if shortcut else tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        return action

    def _build_actions(self) -> None:
        tr = self.tr
        self.open_folder = self._action(tr("Open Image Folder…"), "Ctrl+O", "folder-open",
                                        tr("Choose the folder of images to classify"))
        self.open_image = self._action(tr("Open Image…"), "Ctrl+Shift+O", None, tr("Look at a single image"))
        self.save_folder = self._action(tr("Choose Save Folder…"), "Ctrl+U", "save-folder",
                                        tr("Where overlays and results are written"))
        self.load_model = self._action(tr("Load Model…"), "Ctrl+M", "model", tr("Load a model file (.pt/.pth)"))
        self.model_settings = self._action(tr("Model Settings…"), None, None,
                                           tr("Input size, normalisation and class names the model is used with"))
        self.save_model_as = self._action(tr("Save Model as GradLens File…"), None, None,
                                          tr("Write the model with its settings into one GradLens model file"))
        self.export_model = self._action(tr("Export Model…"), None, None,
                                         tr("Save the model as ONNX or TorchScript, for use without GradLens"))
        self.run = self._action(tr("Run"), "Ctrl+R", "run", tr("Classify the whole folder"))
        self.stop = self._action(tr("Stop"), "Esc", "stop", tr("Stop classifying"))
        self.previous = self._action(tr("Previous"), ["Left", "A"], "previous", tr("Previous image"))
        self.next = self._action(tr("Next"), ["Right", "D"], "next", tr("Next image"))
        self.play = self._action(tr("Play"), "Space", "play", tr("Autoplay through the images"), checkable=True)
        self.export = self._action(tr("Export Results…"), "Ctrl+E", "export", tr("Save the results as CSV or text"))
        self.save_panels = self._action(tr("Also Save Three-Panel Figures"), None, None,
                                        tr("With a save folder, also write original | heatmap | overlay per image"),
                                        checkable=True)
        self.copy_wrong = self._action(tr("Copy Misclassified Images…"), None, None,
                                       tr("Copy or move the wrongly classified images to a folder for review"))
        self.zoom_in = self._action(tr("Zoom In"), "Ctrl++", "zoom-in", tr("Zoom in"))
        self.zoom_out = self._action(tr("Zoom Out"), "Ctrl+-", "zoom-out", tr("Zoom out"))
        self.zoom_fit = self._action(tr("Fit to Window"), "Ctrl+0", "zoom-fit", tr("Fit the images to the window"))
        self.train = self._action(tr("Train a Model…"), "Ctrl+T", None, tr("Open the training window"))
        self.shortcuts = self._action(tr("Keyboard Shortcuts"), "F1", None, tr("List the keyboard shortcuts"))
        self.about = self._action(tr("About GradLens"), None, None, tr("About this program"))
        self.quit = self._action(tr("Quit"), "Ctrl+Q", None, tr("Close GradLens"))
        self.mode_group = QActionGroup(self)
        self.modes = {}
        for key, text, shortcut in (("all", tr("Side by Side"), "1"), ("original", tr("Original Only"), "2"),
                                    ("heatmap", tr("Heatmap Only"), "3"), ("overlay", tr("Overlay Only"), "4")):
            action = self._action(text, shortcut, None, text, checkable=True)
            action.setData(key)
            self.mode_group.addAction(action)
            self.modes[key] = action
        self.modes["all"].setChecked(True)
        self.run.setEnabled(False)
        self.stop.setEnabled(False)
        self.model_settings.setEnabled(False)
        self.save_model_as.setEnabled(False)
        self.export_model.setEnabled(False)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("toolbar_main")
        bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        for action in (self.open_folder, self.save_folder, self.load_model):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.run)
        bar.addAction(self.stop)
        self.addToolBar(bar)
        self.addToolBarBreak()  # navigation gets a row of its own: it holds the position slider
        nav = QToolBar(self.tr("Navigation"), self)
        nav.setObjectName("toolbar_navigation")
        nav.addAction(self.previous)
        nav.addAction(self.play)
        nav.addAction(self.next)
        self.position = QSlider(Qt.Horizontal)
        self.position.setMinimumWidth(120)
        self.position.setToolTip(self.tr("Move through the images"))
        self.position_box = QSpinBox()
        self.position_box.setToolTip(self.tr("Image number"))
        self.position_total = QLabel("/ 0")
        self.interval = QDoubleSpinBox(suffix=self.tr(" s"), minimum=0.1, maximum=60.0, singleStep=0.1, value=1.0,
                                       decimals=1)
        self.interval.setToolTip(self.tr("Autoplay interval (can be changed while playing)"))
        self.loop = QCheckBox(self.tr("Loop"))
        self.loop.setToolTip(self.tr("Start again at the first image after the last"))
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(4, 0, 4, 0)
        for widget in (self.position, self.position_box, self.position_total, QLabel(self.tr("Interval")),
                       self.interval, self.loop):
            row.addWidget(widget)
        row.setStretch(0, 1)
        nav.addWidget(holder)
        nav.addSeparator()
        for action in (self.zoom_out, self.zoom_fit, self.zoom_in):
            nav.addAction(action)
        self.addToolBar(nav)
        self.set_position_range(0)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.open_folder, self.open_image, self.save_folder, self.load_model):
            menu.addAction(action)
        self.recent_folders = QMenu(self.tr("Recent Folders"), self)
        self.recent_models = QMenu(self.tr("Recent Models"), self)
        menu.addMenu(self.recent_folders)
        menu.addMenu(self.recent_models)
        menu.addAction(self.model_settings)
        menu.addAction(self.save_model_as)
        menu.addAction(self.export_model)
        menu.addAction(self.save_panels)
        menu.addSeparator()
        menu.addAction(self.export)
        menu.addAction(self.copy_wrong)
        menu.addSeparator()
        menu.addAction(self.quit)
        menu = self.menuBar().addMenu(self.tr("&Run"))
        for action in (self.run, self.stop, self.previous, self.play, self.next):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.train)
        self.heatmap_menu = self.menuBar().addMenu(self.tr("&Heatmap"))  # its tools add themselves (app/heatmap_tools.py)
        menu = self.menuBar().addMenu(self.tr("&View"))
        for action in self.modes.values():
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.zoom_in, self.zoom_out, self.zoom_fit):
            menu.addAction(action)
        menu.addSeparator()
        for dock in self.docks.values():
            menu.addAction(dock.toggleViewAction())
        menu = self.menuBar().addMenu(self.tr("&Help"))
        menu.addAction(self.shortcuts)
        menu.addAction(self.about)

    def _build_status_bar(self) -> None:
        self.model_status = QLabel(self.tr("No model"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.progress_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.model_status)

    # --- small view helpers the controller uses ---

    def set_position_range(self, count: int) -> None:
        for widget in (self.position, self.position_box):
            widget.blockSignals(True)
        self.position.setRange(1, max(1, count))
        self.position_box.setRange(1 if count else 0, max(count, 0))
        self.position_total.setText(f"/ {count}")
        self.position.setEnabled(count > 0)
        self.position_box.setEnabled(count > 0)
        for widget in (self.position, self.position_box):
            widget.blockSignals(False)

    def set_position(self, number: int) -> None:
        for widget in (self.position, self.position_box):
            widget.blockSignals(True)
            widget.setValue(number)
            widget.blockSignals(False)

    def set_playing(self, playing: bool) -> None:
        self.play.blockSignals(True)
        self.play.setChecked(playing)
        self.play.blockSignals(False)
        self.play.setIcon(icon("pause" if playing else "play"))
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def append_log(self, text: str) -> None:
        self.log.appendPlainText(text)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.dropped.emit(paths)
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:
        self.closing.emit(event)
