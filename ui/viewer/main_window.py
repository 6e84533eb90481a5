"""The main window's layout: the image triptych in the middle, movable docks around it, actions.

A view only: it builds widgets and actions and reports what the user does through signals and
QActions. app/controller.py decides what happens.
"""
from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QEvent, Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QFont, QFontDatabase, QFontMetrics, QIcon, QKeySequence, QPixmap
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
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

from ui.theme_colours import colour_name, is_dark
from ui.viewer.cam_controls import CamControls
from ui.viewer.dock_arrangement import arrange, default_shape, wants_compact
from ui.viewer.image_triptych import ImageTriptych
from ui.viewer.metrics_panel import MetricsPanel
from ui.viewer.results_panel import ResultsPanel
from ui.viewer.run_progress_bar import RunProgressBar
from ui.viewer.topk_bars import TopKBars
from ui.widgets.disabled_shortcut import say_why_when_disabled
from ui.widgets.eliding_status_bar import ElidingStatusBar
from ui.widgets.log_view import LogView
from ui.widgets.mnemonic import without_mnemonic
from ui.widgets.retranslate import Retranslating, TranslatedLabel
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.shortcut_passthrough import let_shortcuts_through

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
FIT_AFTER_MS = 150  # a resize this long still is over: arrange the docks for the new size
TABLE_ROWS = 8  # rows of the results table the default layout makes room for
FEWEST_ROWS = 4  # on a short screen the table gives up rows down to this many, for the pictures
PICTURE_SHARE = 0.37  # of the window's height kept for the pictures and their caption, before table rows
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


# The icons' own colours (resources/icons) and the roles that replace them in the dark theme: their dark
# blue stroke was 2:1 against the dark window.
ICON_ROLES = {"#3b5b8c": "icon", "#2e7d32": "good", "#c62828": "bad"}


def icon(name: str, dark: bool = False) -> QIcon:
    path = ICONS / f"{name}.svg"
    if not dark:
        return QIcon(str(path))
    svg = path.read_text(encoding="utf-8")
    for drawn, role in ICON_ROLES.items():
        svg = svg.replace(drawn, colour_name(role, dark=True))
    themed = QIcon()
    for side in (24, 48):  # sharp on ordinary and on high-density screens
        pixmap = QPixmap()
        pixmap.loadFromData(svg.replace('width="24" height="24"', f'width="{side}" height="{side}"').encode(), "SVG")
        themed.addPixmap(pixmap)
    return themed


class MainWindow(Retranslating, QMainWindow):
    dropped = pyqtSignal(list)  # local paths dropped onto the window
    closing = pyqtSignal(object)  # the QCloseEvent: the controller accepts or ignores it

    def __init__(self):
        super().__init__()
        self.setWindowTitle("GradLens")
        self.setWindowIcon(icon("app"))
        self._icon_names: dict = {}  # action -> its icon's name, drawn again when the theme changes
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.triptych = ImageTriptych()
        self.setCentralWidget(self.triptych)
        self.results = ResultsPanel()
        self.topk = TopKBars()
        self.cam = CamControls()
        self.metrics = MetricsPanel()
        self.log = LogView()
        self.log.setFont(fixed_width_font())  # its per-class table lines up
        self.docks = {}
        # Default layout: probabilities and CAM controls on the right; results beside the
        # metrics along the bottom, with the log behind the results.
        self._dock("topk", self.topk, Qt.RightDockWidgetArea)
        self._dock("cam", self.cam, Qt.RightDockWidgetArea)
        self._dock("results", self.results, Qt.BottomDockWidgetArea)
        self._dock("metrics", self.metrics, Qt.BottomDockWidgetArea)
        self.splitDockWidget(self.docks["results"], self.docks["metrics"], Qt.Horizontal)
        self._dock("log", self.log, Qt.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["results"], self.docks["log"])
        self._build_actions()
        # Ctrl+E before any run: the menu shows Export Results greyed, the key says why.
        say_why_when_disabled(self.export, self, lambda: self.tr(
            "Nothing to export yet: classify a folder first (Run, Ctrl+R)."))
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self.retranslate()
        let_shortcuts_through(self)  # Ctrl+E exports from the search box too
        self.layout_restored = False  # the controller sets it when it restores a saved layout
        self._shown_once = False
        # After a resize has settled, not at each step of dragging the window's edge.
        self._fit_timer = QTimer(self, singleShot=True, interval=FIT_AFTER_MS)
        self._fit_timer.timeout.connect(self._fit_arrangement)
        fit_to_screen(self, 1360, 900)
        self._compact = wants_compact(self.size())  # the arrangement for the size, as it last changed
        if self._compact:
            arrange(self, compact=True)
        self.docks["results"].raise_()
        self.share_space()

    def share_space(self) -> None:
        """The default split of the window: the table gets the height of TABLE_ROWS rows (at least
        two fifths of the window, at most three), the right-hand docks a fifth of the width. On a
        short screen the pictures come first: the table gives up rows (down to FEWEST_ROWS) so the
        images and their caption keep PICTURE_SHARE of the height (at 1000×650 the pictures were
        70 px high beside an 8-row table; now 140-160 px beside 4-5 rows)."""
        width, height = self.width(), self.height()
        chrome = self.docks["results"].height() - self.results.height() + TAB_BAR
        wanted = self.results.height_for_rows(TABLE_ROWS) + chrome
        shared = self.centralWidget().height() + self.docks["results"].height()  # pictures above, table below
        room = max(shared - int(height * PICTURE_SHARE), self.results.height_for_rows(FEWEST_ROWS) + chrome)
        self.resizeDocks([self.docks["results"]], [min(max(int(height * 0.4), wanted), int(height * 0.6), room)],
                         Qt.Vertical)
        if not self.docks["metrics"].isHidden() and self.tabifiedDockWidgets(self.docks["metrics"]) == []:
            self.resizeDocks([self.docks["results"], self.docks["metrics"]], [int(width * 0.45), int(width * 0.55)],
                             Qt.Horizontal)
        self.resizeDocks([self.docks["topk"]], [max(280, int(width * 0.2))], Qt.Horizontal)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def _fit_arrangement(self) -> None:
        """Switch between the wide and compact arrangements (ui/viewer/dock_arrangement.py) when the size
        crossed the line since the last switch, and share the space again."""
        compact = wants_compact(self.size())
        if compact == self._compact:
            return
        self._compact = compact
        if default_shape(self):
            arrange(self, compact)
            self.share_space()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self.layout_restored:  # sizes are only known once shown and laid out
                QTimer.singleShot(0, self.share_space)

    def _dock(self, key: str, widget: QWidget, area) -> None:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")  # saveState() needs object names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _action(self, shortcut=None, icon_name: str | None = None, checkable=False) -> QAction:
        action = QAction(self)
        if icon_name:
            self._icon_names[action] = icon_name
            action.setIcon(icon(icon_name, is_dark(self.palette())))
        if shortcut:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setCheckable(checkable)
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        return action

    def _build_actions(self) -> None:
        self.open_folder = self._action("Ctrl+O", "folder-open")
        self.open_image = self._action("Ctrl+Shift+O")
        self.save_folder = self._action("Ctrl+U", "save-folder")
        self.load_model = self._action("Ctrl+M", "model")
        self.model_settings = self._action()
        self.save_model_as = self._action()
        self.export_model = self._action()
        self.run = self._action("Ctrl+R", "run")
        self.stop = self._action("Esc", "stop")
        self.previous = self._action(["Left", "A"], "previous")
        self.next = self._action(["Right", "D"], "next")
        self.play = self._action("Space", "play", checkable=True)
        self.export = self._action("Ctrl+E", "export")
        self.save_panels = self._action(checkable=True)
        self.copy_wrong = self._action()
        self.zoom_in = self._action("Ctrl++", "zoom-in")
        self.zoom_out = self._action("Ctrl+-", "zoom-out")
        self.zoom_fit = self._action("Ctrl+0", "zoom-fit")
        self.train = self._action("Ctrl+T")
        self.shortcuts = self._action("F1")
        self.about = self._action()
        self.quit = self._action("Ctrl+Q")
        self.mode_group = QActionGroup(self)
        self.modes = {}
        for key, shortcut in (("all", "1"), ("original", "2"), ("heatmap", "3"), ("overlay", "4")):
            action = self._action(shortcut, checkable=True)
            action.setData(key)
            self.mode_group.addAction(action)
            self.modes[key] = action
        self.modes["all"].setChecked(True)
        self.run.setEnabled(False)
        self.stop.setEnabled(False)
        self.model_settings.setEnabled(False)
        self.save_model_as.setEnabled(False)
        self.export_model.setEnabled(False)

    def _action_texts(self):
        """(action, text, tip) for every action, in the current language."""
        tr = self.tr
        return (
            (self.open_folder, tr("&Open Image Folder…"), tr("Choose the folder of images to classify")),
            (self.open_image, tr("Open &Image…"), tr("Look at a single image")),
            (self.save_folder, tr("Choose &Save Folder…"), tr("Where overlays and results are written")),
            (self.load_model, tr("&Load Model…"), tr("Load a model file (.pt/.pth)")),
            (self.model_settings, tr("Model Se&ttings…"),
             tr("Input size, normalisation and class names the model is used with")),
            (self.save_model_as, tr("Save Model as &GradLens File…"),
             tr("Write the model with its settings into one GradLens model file")),
            (self.export_model, tr("E&xport Model…"), tr("Save the model as ONNX or TorchScript, for use without GradLens")),
            (self.run, tr("&Run"), tr("Classify the whole folder")),
            (self.stop, tr("&Stop"), tr("Stop classifying")),
            (self.previous, tr("Pre&vious"), tr("Previous image")),
            (self.next, tr("&Next"), tr("Next image")),
            (self.play, tr("&Pause") if self.play.isChecked() else tr("&Play"), tr("Autoplay through the images")),
            (self.export, tr("&Export Results…"), tr("Save the results as CSV or text")),
            (self.save_panels, tr("Also Save Three-&Panel Figures"),
             tr("With a save folder, also write original | heatmap | overlay per image")),
            (self.copy_wrong, tr("&Copy Misclassified Images…"),
             tr("Copy or move the wrongly classified images to a folder for review")),
            (self.zoom_in, tr("Zoom &In"), tr("Zoom in")),
            (self.zoom_out, tr("Zoom O&ut"), tr("Zoom out")),
            (self.zoom_fit, tr("&Fit to Window"), tr("Fit the images to the window")),
            (self.train, tr("&Train a Model…"), tr("Open the training window")),
            (self.shortcuts, tr("&Keyboard Shortcuts"), tr("List the keyboard shortcuts")),
            (self.about, tr("&About GradLens"), tr("About this program")),
            (self.quit, tr("&Quit"), tr("Close GradLens")),
            *((self.modes[key], text, without_mnemonic(text)) for key, text in (
                ("all", tr("Side &by Side")), ("original", tr("&Original Only")),
                ("heatmap", tr("&Heatmap Only")), ("overlay", tr("O&verlay Only")))),
        )

    def retranslate(self) -> None:
        """Every fixed text, in the current language: from the constructor and on a language switch."""
        tr = self.tr
        for action, text, tip in self._action_texts():
            action.setText(text)
            action.setIconText(without_mnemonic(text))  # a toolbar button's words: Qt keeps the "(R)" of 运行(&R)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            action.setStatusTip(tip)
        self.log.setPlaceholderText(tr("Results appear here as they arrive."))
        for key, title, item in (("topk", tr("Top-k"), tr("Top-&k")), ("cam", tr("Heatmap"), tr("Heat&map")),
                                 ("results", tr("Results"), tr("&Results")), ("metrics", tr("Metrics"), tr("M&etrics")),
                                 ("log", tr("Log"), tr("Lo&g"))):
            self.docks[key].setWindowTitle(title)  # sets its View menu item's text too: the mnemonic goes on after
            self.docks[key].toggleViewAction().setText(item)
        self.main_bar.setWindowTitle(tr("Main"))
        self.nav_bar.setWindowTitle(tr("Navigation"))
        self.position.setToolTip(tr("Move through the images"))
        self.position_box.setToolTip(tr("Image number"))
        self.interval.setSuffix(tr(" s"))
        self.interval.setToolTip(tr("Autoplay interval (can be changed while playing)"))
        self.interval_label.setText(tr("Interval"))
        self.loop.setText(tr("Loop"))
        self.loop.setToolTip(tr("Start again at the first image after the last"))
        for menu, title in ((self.file_menu, tr("&File")), (self.recent_folders, tr("Recent &Folders")),
                            (self.recent_models, tr("Recent &Models")), (self.run_menu, tr("&Run")),
                            (self.heatmap_menu, tr("Heatma&p")), (self.view_menu, tr("&View")),
                            (self.help_menu, tr("&Help"))):
            menu.setTitle(title)

    def _build_toolbar(self) -> None:
        bar = self.main_bar = QToolBar(self)
        bar.setObjectName("toolbar_main")
        bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        for action in (self.open_folder, self.save_folder, self.load_model):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.run)
        bar.addAction(self.stop)
        self.addToolBar(bar)
        self.addToolBarBreak()  # navigation gets a row of its own: it holds the position slider
        nav = self.nav_bar = QToolBar(self)
        nav.setObjectName("toolbar_navigation")
        nav.addAction(self.previous)
        nav.addAction(self.play)
        nav.addAction(self.next)
        self.position = QSlider(Qt.Horizontal)
        self.position.setMinimumWidth(120)
        self.position_box = QSpinBox()
        # Typing "198" goes to image 198 on Enter, not through images 1 and 19 (each starting its heatmap) first.
        self.position_box.setKeyboardTracking(False)
        self.position_total = QLabel("/ 0")
        self.interval = QDoubleSpinBox(minimum=0.1, maximum=60.0, singleStep=0.1, value=1.0, decimals=1)
        self.interval_label = QLabel()
        self.loop = QCheckBox()
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(4, 0, 4, 0)
        for widget in (self.position, self.position_box, self.position_total, self.interval_label,
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
        menu = self.file_menu = self.menuBar().addMenu("")
        for action in (self.open_folder, self.open_image, self.save_folder, self.load_model):
            menu.addAction(action)
        self.recent_folders = QMenu(self)
        self.recent_models = QMenu(self)
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
        menu = self.run_menu = self.menuBar().addMenu("")
        for action in (self.run, self.stop, self.previous, self.play, self.next):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.train)
        self.heatmap_menu = self.menuBar().addMenu("")  # its tools add themselves (app/heatmap_tools.py)
        menu = self.view_menu = self.menuBar().addMenu("")  # Language and Theme add themselves
        for action in self.modes.values():
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.zoom_in, self.zoom_out, self.zoom_fit):
            menu.addAction(action)
        menu.addSeparator()
        for dock in self.docks.values():
            menu.addAction(dock.toggleViewAction())
        menu.addSeparator()
        menu = self.help_menu = self.menuBar().addMenu("")
        menu.addAction(self.shortcuts)
        menu.addAction(self.about)

    def _build_status_bar(self) -> None:
        self.setStatusBar(ElidingStatusBar(self))
        self.model_status = TranslatedLabel()  # the controller says which model, from its data
        self.model_status.say(lambda: self.tr("No model"))
        self.progress = RunProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.progress_label = TranslatedLabel()
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
        self._icon_names[self.play] = "pause" if playing else "play"
        self.play.setIcon(icon(self._icon_names[self.play], is_dark(self.palette())))
        self.play.setText(self.tr("&Pause") if playing else self.tr("&Play"))
        self.play.setIconText(without_mnemonic(self.play.text()))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.PaletteChange:  # View → Theme: the icons in the new theme's colours
            dark = is_dark(self.palette())
            for action, name in self._icon_names.items():
                action.setIcon(icon(name, dark))
        super().changeEvent(event)

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
