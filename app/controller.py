"""The main window's behaviour: set-up, models, folders, closing; classifying a folder
(app/folder_runs.py) and moving through the images (app/browsing.py) are its other two parts.

Everything slow happens in workers (model loading, classification, heatmaps, scans, file
writing); this object only moves data between them and the widgets, on the GUI thread.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from PyQt5.QtCore import QObject, QTimer, pyqtSignal
from PyQt5.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox

from app import settings as keys
from app import training_import
from app.browsing import Browsing
from app.classify_worker import ClassifyWorker
from app.dialog_folders import IMAGES, MODELS, SAVE_FOLDER, remember, start_folder
from app.export_flow import ExportFlow
from app.folder_runs import FolderRuns
from app.heatmap_tools import HeatmapTools
from app.model_loader import ModelLoader
from app.model_settings_flow import ModelSettingsFlow
from app.preview_worker import PreviewWorker
from app.result_files import ResultFiles
from app.view_worker import ViewWorker
from core.explain.cam_settings import CAM_METHOD_NAMES, COLORMAP_NAMES, CamSettings
from ui.viewer.class_names_dialog import ClassNamesDialog
from ui.viewer.dialogs import about_text, shortcuts_text
from ui.widgets.background import run_in_background, start_in_thread, stop_thread, wait_for_background
from ui.widgets.disabled_shortcut import say_why_when_disabled
from ui.widgets.folder_dialog import choose_writable_folder
from ui.widgets.screen_fit import keep_on_screen

log = logging.getLogger(__name__)
PICTURE_GRACE_MS = 150

class Controller(FolderRuns, Browsing, QObject):
    # Queued hops into the worker threads.
    _load = pyqtSignal(str, bool, object)
    _render = pyqtSignal(object)
    _preview = pyqtSignal(object)
    _set_view_model = pyqtSignal(object)
    _probe_methods = pyqtSignal()
    _classify = pyqtSignal(object)
    displayed = pyqtSignal(int)  # run index now on screen (tests and the latency benchmark wait on it)
    runFinished = pyqtSignal()
    modelLoaded = pyqtSignal(str)
    modelFailed = pyqtSignal(str)

    def __init__(self, window, settings):
        super().__init__()
        self.window, self.settings = window, settings
        self.loaded = None
        self.folder: str | None = None
        self.save_dir: str | None = settings.value(keys.KEY_SAVE_FOLDER, None) or None
        self.paths: list[str] = []
        self.rows: dict[int, object] = {}
        self.current = -1
        self.seq = 0
        self.running = False
        self.labelled = False
        self._trusted: set[str] = set()  # pickled model files the user chose to open this session
        self.results_dir: str | None = None  # the save folder of the last run (app/folder_runs.py)
        self._remembered_for: str | None = None  # a model loading with the answers remembered for it
        self._answered_for: str | None = None  # a model loading with the user's answer to a contradicting file
        self.last_view = None  # the ViewResult on screen
        self._picture = None  # the ViewResult of the preview thread, waiting out PICTURE_GRACE_MS for its heatmap
        self._view_seq = -1  # the request whose whole view (with its heatmap) is on screen
        self.training = None  # the training window's controller, made on first use
        self.default_layer: str | None = None  # the loaded model's default CAM layer at its input size
        self._probed = True  # whether the methods were tried on the loaded model
        self._discard_results = False
        self._built_at = time.perf_counter()
        self._closing = False  # the windows are hidden, waiting for a training run to stop
        self._opening_training = False  # its modules are being imported for Train a Model…
        self._heatmap_shown = False
        self._autoplay = QTimer(self, singleShot=True)
        self._autoplay.timeout.connect(self._autoplay_step)
        # A heatmap that comes within this grace is shown with its picture, without a "Computing heatmap…" blink.
        self._picture_due = QTimer(self, singleShot=True, interval=PICTURE_GRACE_MS)
        self._picture_due.timeout.connect(self._show_picture)
        self._start_workers()
        self.files = ResultFiles(self)
        self._connect()
        self.model_settings = ModelSettingsFlow(self)
        self.exports = ExportFlow(self)  # File → Export Model…
        self.heatmap_tools = HeatmapTools(self)  # the Heatmap menu
        say_why_when_disabled(self.window.play, self.window, self.why_nothing_plays)
        self._restore()

    # --- set-up ---

    def _start_workers(self) -> None:
        self.loader = ModelLoader()
        self.loader_thread = start_in_thread(self.loader, "model-loader")
        self._load.connect(self.loader.load)
        self.loader.loaded.connect(self._on_model_loaded)
        self.loader.failed.connect(self._on_model_failed)
        self.loader.status.connect(self.window.model_status.setText)
        self.viewer = ViewWorker()
        self.viewer_thread = start_in_thread(self.viewer, "viewer")
        self._render.connect(self.viewer.render)
        self._set_view_model.connect(self.viewer.set_model)
        self.viewer.ready.connect(self._on_view_ready)
        self.previewer = PreviewWorker()
        self.previewer_thread = start_in_thread(self.previewer, "preview")
        self._preview.connect(self.previewer.show)
        self._set_view_model.connect(self.previewer.set_model)
        self.previewer.ready.connect(self._on_picture_ready)
        self.viewer.modelReady.connect(self._on_layers)
        self.viewer.methodFailed.connect(self._on_method_failed)
        self.viewer.scored.connect(self._on_scored)
        self._probe_methods.connect(self.viewer.probe_methods)
        self.classifier = ClassifyWorker()
        self.classifier_thread = start_in_thread(self.classifier, "classifier")
        self._classify.connect(self.classifier.run)
        self.classifier.planned.connect(self._on_planned)
        self.classifier.results.connect(self._on_results)
        self.classifier.progress.connect(self._on_progress)
        self.classifier.finished.connect(self._on_run_finished)
        self.classifier.failed.connect(self._on_run_failed)
        self.classifier.needsOverwrite.connect(self._on_needs_overwrite)

    def _connect(self) -> None:
        w = self.window
        w.open_folder.triggered.connect(self.choose_folder)
        w.open_image.triggered.connect(self.choose_image)
        w.save_folder.triggered.connect(self.choose_save_folder)
        w.load_model.triggered.connect(self.choose_model)
        w.run.triggered.connect(self.run)
        w.stop.triggered.connect(self.stop)
        w.previous.triggered.connect(lambda: self.step(-1, manual=True))
        w.next.triggered.connect(lambda: self.step(+1, manual=True))
        w.play.toggled.connect(self.set_playing)
        w.export.triggered.connect(self.files.export)
        w.copy_wrong.triggered.connect(self.files.copy_misclassified)
        w.zoom_in.triggered.connect(w.triptych.zoom_in)
        w.zoom_out.triggered.connect(w.triptych.zoom_out)
        w.zoom_fit.triggered.connect(w.triptych.fit)
        w.shortcuts.triggered.connect(lambda: QMessageBox.information(w, w.tr("Keyboard Shortcuts"), shortcuts_text(w)))
        w.about.triggered.connect(lambda: QMessageBox.about(w, w.tr("About GradLens"), about_text(w)))
        w.quit.triggered.connect(w.close)
        w.train.triggered.connect(self.open_training)
        w.mode_group.triggered.connect(lambda action: w.triptych.set_mode(action.data()))
        w.position.valueChanged.connect(lambda n: self.show(self._order()[n - 1], manual=True))
        w.position_box.valueChanged.connect(lambda n: n and self.show(self._order()[n - 1], manual=True))
        w.results.rowActivated.connect(lambda index: self.show(index, manual=True))
        w.results.currentRowChanged.connect(lambda index: self.show(index, manual=True))  # a click, ↑/↓ in the table
        w.results.filtersChanged.connect(self._on_order_changed)
        w.metrics.cellClicked.connect(w.results.filter_cell)
        w.cam.settingsChanged.connect(self._on_cam_settings)
        w.dropped.connect(self.open_paths)
        w.closing.connect(self._on_close)
        w.recent_folders.aboutToShow.connect(lambda: self._fill_recent(w.recent_folders, keys.KEY_RECENT_FOLDERS, IMAGES,
                                                                       self.open_folder))
        w.recent_models.aboutToShow.connect(lambda: self._fill_recent(w.recent_models, keys.KEY_RECENT_MODELS, MODELS,
                                                                      self.open_model))
        w.cam.set_methods(list(CAM_METHOD_NAMES), "gradcam")
        w.cam.set_colormaps(list(COLORMAP_NAMES), "jet")

    def _restore(self) -> None:
        s, w = self.settings, self.window
        geometry, state = s.value(keys.KEY_GEOMETRY), s.value(keys.KEY_STATE)
        if geometry is not None:
            w.restoreGeometry(geometry)
            keep_on_screen(w)  # saved on a bigger monitor, or one no longer attached
        if state is not None:
            w.layout_restored = w.restoreState(state)
        w.interval.setValue(float(s.value(keys.KEY_INTERVAL, 1.0)))
        w.loop.setChecked(s.value(keys.KEY_LOOP, False, bool))
        w.save_panels.setChecked(s.value(keys.KEY_PANELS, False, bool))
        cam = s.value(keys.KEY_CAM)
        if isinstance(cam, dict):
            w.cam.set_settings(CamSettings.from_saved(cam))
        self._update_actions()

    def _save(self) -> None:
        s, w = self.settings, self.window
        s.setValue(keys.KEY_GEOMETRY, w.saveGeometry())
        s.setValue(keys.KEY_STATE, w.saveState())
        s.setValue(keys.KEY_INTERVAL, w.interval.value())
        s.setValue(keys.KEY_LOOP, w.loop.isChecked())
        s.setValue(keys.KEY_PANELS, w.save_panels.isChecked())
        s.setValue(keys.KEY_CAM, w.cam.settings().saved())
        if self.folder:
            s.setValue(keys.KEY_FOLDER, self.folder)
        if self.save_dir:
            s.setValue(keys.KEY_SAVE_FOLDER, self.save_dir)
        s.sync()

    # --- choosing things ---

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.window.tr("Open Image Folder"),
                                                  start_folder(self.settings, IMAGES, self.folder))
        if folder:
            remember(self.settings, IMAGES, folder)
            self.open_folder(folder)

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.window.tr("Open Image"),
                                              start_folder(self.settings, IMAGES, self.folder),
                                              self.window.tr("Images (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff "
                                                             "*.webp);;All files (*)"))
        if path:
            remember(self.settings, IMAGES, path)
            self.open_folder(path)

    def choose_save_folder(self) -> bool:
        """True when a folder was chosen."""
        folder = choose_writable_folder(self.window, self.window.tr("Choose Save Folder"),
                                        start_folder(self.settings, SAVE_FOLDER, self.save_dir))
        if folder:
            remember(self.settings, SAVE_FOLDER, folder)
            self.save_dir = folder
            message = self.window.tr("Overlays and results will be saved to {0}").format(folder)
            self.window.statusBar().showMessage(message, 5000)
            self._update_actions()
        return bool(folder)

    def choose_model(self) -> None:
        start = start_folder(self.settings, MODELS,
                             os.path.dirname(self.loaded.path) if self.loaded and self.loaded.path else None)
        path, _ = QFileDialog.getOpenFileName(self.window, self.window.tr("Load Model"), start,
                                              self.window.tr("Model files (*.pt *.pth *.ckpt *.bin);;All files (*)"))
        if path:
            remember(self.settings, MODELS, path)  # even if it fails to load: the user was in that folder
            self.open_model(path)

    def open_paths(self, paths: list[str]) -> None:
        """Drag and drop: a model file loads, a folder or an image opens."""
        for path in paths:  # what the user dropped is where the dialogs for it open next
            if Path(path).suffix.lower() in (".pt", ".pth", ".ckpt", ".bin"):
                remember(self.settings, MODELS, path)
                self.open_model(path)
            else:
                remember(self.settings, IMAGES, path)
                self.open_folder(path)

    def open_model(self, path: str, trust: bool = False, settings=None) -> None:
        """`settings` (core.models.model_settings.ModelSettings) state what the file may not say; by default
        the user's earlier answers for this file, if any."""
        self._remembered_for = None
        if trust:  # asked once: reloading it with answers (Model Settings, Save as) must not ask again
            self._trusted.add(os.path.abspath(path))
        trust = trust or os.path.abspath(path) in self._trusted
        if settings is None:
            settings = self.model_settings.remembered(path)
            self._remembered_for = path if settings is not None else None
        self.window.model_status.say(lambda: self.window.tr("Loading {0}…").format(Path(path).name))
        self._load.emit(path, trust, settings)

    def open_folder(self, folder: str) -> None:
        if self.running:
            self.stop()
            self._discard_results = True  # what the stopped run still delivers belongs to the old folder
        if not Path(folder).exists():
            self._warn(self.window.tr("Folder not found"), folder)
            return
        self.folder = folder
        self.window.progress_label.clear()  # "Done: 50 images" was about the previous folder
        self.window.setWindowTitle(f"GradLens — {folder}")
        keys.push_recent(self.settings, keys.KEY_RECENT_FOLDERS, folder)
        self.window.statusBar().showMessage(self.window.tr("Scanning {0}…").format(folder))

        save_dir, class_names = self.save_dir, list(self.loaded.class_names) if self.loaded else []

        def scan():  # the images a run of this folder classifies: not a save folder's outputs inside it
            from core.data.scan import is_labelled, scan_images
            from core.inference.outputs import output_folders
            exclude = output_folders(Path(folder), Path(save_dir)) if save_dir else []
            return folder, [str(p) for p in scan_images(folder, exclude=exclude)], is_labelled(folder, class_names)
        run_in_background(scan, self._on_scanned, lambda message: self._warn(self.window.tr("Cannot read folder"), message),
                          owner=self.window)

    def _on_scanned(self, result) -> None:
        folder, paths, labelled = result
        if folder != self.folder:
            return  # the user opened another folder meanwhile
        self._reset_results(paths)
        self._show_labelled(labelled)
        # A new folder starts afresh: an earlier folder's search text hid a whole run ("0 of 4,000 shown"),
        # and a 4× zoom made its 28-px images specks.
        self.window.results.clear_filters()
        self.window.triptych.fit()
        w = self.window
        if not paths:
            found = w.tr("No images in {0}").format(folder)
        elif len(paths) == 1:
            found = w.tr("1 image in {0}").format(folder)
        else:
            found = w.tr("{0} images in {1}").format(len(paths), folder)
        w.statusBar().showMessage(found, 5000)
        if paths:
            self.show(0)
        else:
            self.show_nothing()
        self._update_actions()

    def _reset_results(self, paths: list[str]) -> None:
        self.paths, self.rows, self.current = paths, {}, -1
        self.window.results.clear()
        self.window.metrics.reset()
        self.window.set_position_range(len(paths))

    def _on_model_loaded(self, loaded) -> None:
        self.loaded = loaded
        w = self.window
        self._say_model()
        for note in loaded.notes:
            w.append_log(w.tr("model note: {0}").format(note))
        keys.push_recent(self.settings, keys.KEY_RECENT_MODELS, loaded.path)
        self.settings.setValue(keys.KEY_MODEL, loaded.path)
        w.cam.set_classes(loaded.class_names)
        w.results.set_class_names(loaded.class_names)
        w.metrics.set_class_names(loaded.class_names)
        self._set_view_model.emit(loaded)
        self.rows = {}
        w.results.clear()
        w.metrics.reset()
        w.progress_label.clear()  # "Done: 4000 images" was the cleared results' run
        self._check_labelled()
        self._update_actions()
        self.modelLoaded.emit(loaded.path or "")
        if loaded.path and loaded.path == self._answered_for:
            self.model_settings.remember(loaded)
        self._answered_for = None
        self.model_settings.after_load(loaded)

    def _check_labelled(self) -> None:
        """Whether the open folder has true classes for this model's class names (listing it is disk work)."""
        folder, names = self.folder, list(self.loaded.class_names)
        if not folder:
            return

        def check():
            from core.data.scan import is_labelled
            return folder, names, is_labelled(folder, names)

        def checked(result):
            if (result[0], result[1]) == (self.folder, list(self.loaded.class_names)) and not self.running:
                self._show_labelled(result[2])
        run_in_background(check, checked, log.warning, owner=self.window)

    def _on_layers(self, layers: list, default: str) -> None:
        """The viewer has the new model: its layers with their map sizes, and the default layer
        (the deepest whose map is fine enough at this input size)."""
        self.default_layer = default
        self._probed = False
        self.window.cam.set_methods_available()
        self.window.cam.set_layers(layers, default)
        if self.current >= 0:
            self.show(self.current)

    def _on_method_failed(self, method: str, reason: str) -> None:
        self.window.cam.set_method_unavailable(method, reason)
        self.window.append_log(self.window.tr("heatmap: {0}").format(reason))

    def _on_model_failed(self, path: str, reason: str, pickled: bool, wanted: dict | None) -> None:
        w = self.window
        self._answered_for = None
        if path == self._remembered_for:  # the file changed since the answers were given: ask afresh
            self.model_settings.forget(path)
            self.open_model(path)
            return
        self._say_model()  # the model still in use, as it was said before this attempt
        w.append_log(w.tr("cannot load {0}: {1}").format(path, reason))
        self.modelFailed.emit(reason)
        if pickled:
            answer = QMessageBox.warning(w, w.tr("Untrusted model file"), reason + "\n\n" +
                                         w.tr("Open it anyway? Only do this for files from a source you trust."),
                                         QMessageBox.Open | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer == QMessageBox.Open:
                self.open_model(path, trust=True)
            return
        if "say which with --arch NAME" in reason:  # the command line's --arch: here the window asks
            self._ask_architecture(path)
            return
        if wanted and "arch" in wanted:  # weights of another architecture than the file says: which to build
            self._ask_architecture(path, wanted["arch"], reason, remember=True)
            return
        if wanted and "class_names" in wanted:  # the file's names do not fit its outputs: the right ones
            self._ask_class_names(path, wanted["class_names"], wanted["outputs"], reason)
            return
        kept = w.tr("The previous model stays loaded.") if self.loaded else ""
        named = reason if Path(path).name in reason else f"{Path(path).name}: {reason}"  # not "x.pt: x.pt is not…"
        # The log said it above, on one line with the whole path: the box alone adds whether the previous model stays.
        QMessageBox.warning(w, w.tr("Cannot load model"), f"{named}\n\n{kept}".strip())

    def _ask_architecture(self, path: str, found: str | None = None, reason: str = "", remember: bool = False) -> None:
        """Weights whose layers match no architecture GradLens recognises (a timm model's, say), or that are
        `found`'s where the file says another (`reason`): which it is, chosen from the list or typed as
        timm/<name>; then it loads, and Model Settings asks for the rest."""
        from core.models.model_settings import ARCHITECTURE_NAMES, ModelSettings
        w = self.window
        dialog = QInputDialog(w)
        dialog.setWindowTitle(w.tr("Which architecture?"))
        dialog.setLabelText(w.tr("{0}: {1}. Choose the architecture it was trained as:").format(Path(path).name, reason)
                            if found else
                            w.tr("{0} does not say which architecture it is, and its layers match none that GradLens "
                                 "recognises by itself. Choose the one it was trained as, or type a timm model as "
                                 "timm/NAME:").format(Path(path).name))
        dialog.setComboBoxItems(list(ARCHITECTURE_NAMES))
        dialog.setComboBoxEditable(True)
        if found:
            dialog.setTextValue(found)
        _wrap_question(dialog)
        if dialog.exec_() != QInputDialog.Accepted or not dialog.textValue().strip():
            w.statusBar().showMessage(w.tr("{0} was not opened").format(Path(path).name), 5000)
            return
        self._answered_for = path if remember else None  # Model Settings remembers the answers of the other case
        self.open_model(path, settings=ModelSettings(arch=dialog.textValue().strip()))

    def _ask_class_names(self, path: str, names: list[str], outputs: int, reason: str) -> None:
        """A file whose class names do not fit its `outputs` (`reason`): its names, one a line, to correct;
        then it loads with them (the command line's --classes)."""
        from core.models.model_settings import ModelSettings
        w = self.window
        dialog = ClassNamesDialog(w, w.tr("{0}: {1}. Give one class name a line, in the order of the model's "
                                          "outputs:").format(Path(path).name, reason), names, outputs)
        _wrap_question(dialog)
        accepted = dialog.exec_() == QInputDialog.Accepted
        given = dialog.names()
        if not accepted or not given:
            w.statusBar().showMessage(w.tr("{0} was not opened").format(Path(path).name), 5000)
            return
        self._answered_for = path
        self.open_model(path, settings=ModelSettings(class_names=given))

    def _say_model(self) -> None:
        w, loaded = self.window, self.loaded
        if loaded is None:
            w.model_status.say(lambda: w.tr("No model"))
            return
        name = Path(loaded.path).name if loaded.path else loaded.arch
        w.model_status.say(lambda: w.tr("Model: {0} ({1}, 1 class)").format(name, loaded.arch)
                           if loaded.num_classes == 1 else
                           w.tr("Model: {0} ({1}, {2} classes)").format(name, loaded.arch, loaded.num_classes))

    def _fill_recent(self, menu, key: str, kind: str, opener) -> None:
        """A recent list's items; the one chosen is where the dialogs for its `kind` open next."""
        menu.clear()
        items = keys.recent(self.settings, key)
        for number, path in enumerate(items, start=1):
            # "&1 /data/cats": once the menu is open its number opens it. An "&" in the path is doubled to show as itself.
            mark = f"&{number}" if number < 10 else "1&0"
            action = menu.addAction(f"{mark} {path.replace('&', '&&')}")
            action.setEnabled(Path(path).exists())
            action.triggered.connect(lambda _=False, p=path: (remember(self.settings, kind, p), opener(p)))
        if not items:
            menu.addAction(self.window.tr("(none yet)")).setEnabled(False)

    # --- saving and exporting ---

    def open_training(self) -> None:
        if self.training is None:
            if not training_import.IMPORTED.is_set():
                # Its modules (matplotlib's Figure among them) import in the background, then it opens.
                if not self._opening_training:
                    self._opening_training = True
                    self.window.statusBar().showMessage(self.window.tr("Opening the training window…"))
                    run_in_background(training_import.import_training_window, lambda _: self._training_imported(),
                                      lambda message: self._warn(self.window.tr("Cannot open the training window"),
                                                                 message), owner=self.window)
                return
            from app.train_controller import TrainController
            self.training = TrainController(self, self.settings)
        self.training.show()

    def _training_imported(self) -> None:
        self._opening_training = False
        self.window.statusBar().clearMessage()
        self.open_training()

    # --- closing ---

    def _on_close(self, event) -> None:
        training = self.training
        if training is not None and not training.confirm_close():
            event.ignore()
            return
        if training is not None and training.running and not self._closing:
            # Stopping takes until the training process ends its batch and writes last.pt: the
            # windows go at once, the program ends when that is done, the GUI never waits on it.
            self._closing = True
            event.ignore()
            self.set_playing(False)
            self.window.hide()
            training.shutdown_later(self.window.close)
            return
        self.set_playing(False)
        if self.running:
            self.classifier.request_stop()
        self._save()
        self.window.hide()  # gone at once; a heatmap being computed may take a few seconds to end
        # A picture or heatmap still on its way, or the picture's grace timer, is for views about to be deleted.
        self.seq += 1
        self._picture_due.stop()
        for thread, worker, wait_ms in ((self.classifier_thread, self.classifier, 2000),
                                        (self.viewer_thread, self.viewer, 15_000),
                                        (self.previewer_thread, self.previewer, 2000),
                                        (self.loader_thread, self.loader, 2000)):
            stop_thread(thread, worker, wait_ms)
        if self.training is not None:
            self.training.shutdown()
            self.training.window.close()
        wait_for_background(1000)
        event.accept()

    def _update_actions(self) -> None:
        w = self.window
        ready = self.loaded is not None and bool(self.folder) and bool(self.paths)
        w.run.setEnabled(ready and not self.running)
        w.stop.setEnabled(self.running)
        w.export.setEnabled(bool(self.rows) or self.running)
        w.copy_wrong.setEnabled(bool(self.rows))
        w.model_settings.setEnabled(self.loaded is not None)
        w.save_model_as.setEnabled(self.loaded is not None)
        w.export_model.setEnabled(self.loaded is not None and not self.exports.busy)
        for action in (w.previous, w.next):  # each unreadable file's reason is worth a look too
            action.setEnabled(bool(self.paths))
        w.play.setEnabled(self.can_play())
        if w.play.isChecked() and not w.play.isEnabled():
            self.set_playing(False)
        self.heatmap_tools.update()

    def _warn(self, title: str, text: str) -> None:
        self.window.append_log(self.window.tr("{0}: {1}").format(title, text))  # Chinese puts its own colon
        QMessageBox.warning(self.window, title, text)


def _wrap_question(dialog: QInputDialog) -> None:
    """A long question wraps at about 500 px. Unwrapped it runs across the screen; wrapped alone, a QInputDialog
    sizes itself to its layout's hint and ignores its own minimum width, so the question stood in a 300-px column."""
    for label in dialog.findChildren(QLabel):
        label.setWordWrap(True)
        label.setMinimumWidth(500)
