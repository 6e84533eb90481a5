"""Start the desktop application: the window first, torch later, in the background.

Importing torch takes seconds; the window is built from Qt alone and shown at once, and the
first model load (on a worker thread) pays for the import while the user already sees the app.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_MODEL = ROOT / "weights" / "demo_fashion_mnist.pt"
DEMO_FOLDER = ROOT / "data" / "demo"

log = logging.getLogger(__name__)


def choose_start(model: str | None, folder: str | None, settings) -> tuple[str | None, str | None]:
    """Arguments win; then what the user had open last time (if it still exists); then the demo."""
    from app import settings as keys

    def pick(given, key, demo):
        if given:
            return given
        last = settings.value(key, None)
        if last and Path(last).exists():
            return last
        return str(demo) if demo.exists() else None
    return pick(model, keys.KEY_MODEL, DEMO_MODEL), pick(folder, keys.KEY_FOLDER, DEMO_FOLDER)


def keep_opengl_out() -> None:
    """Stop Qt loading the system's OpenGL (Mesa) into this process; call before QApplication.

    Mesa's drivers link their own LLVM (libLLVM-15 on Debian 12). The CUDA builds of torch bring
    triton, whose libtriton.so carries another LLVM; torchvision imports it with torch._dynamo.
    Once Qt's xcb GLX integration has put Mesa's LLVM in the process, loading libtriton.so binds
    some of its LLVM symbols (llvm::DebugCounter's registry) to Mesa's copy, and its static
    initialisers corrupt the heap: a segfault when the first model loads, on any Mesa desktop.
    GradLens paints with Qt's raster engine and matplotlib's Agg, never with OpenGL, so no GL
    integration is loaded at all; the window looks the same.
    """
    os.environ["QT_XCB_GL_INTEGRATION"] = "none"


def run(model: str | None = None, folder: str | None = None, language: str | None = None,
        theme: str | None = None) -> int:
    keep_opengl_out()
    from PyQt5.QtCore import QCoreApplication, Qt
    from PyQt5.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.AA_EnableHighDpiScaling)
    QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps)
    app = QApplication.instance() or QApplication(sys.argv)
    start(app, model, folder, language, theme)
    return app.exec_()


def start(app, model: str | None = None, folder: str | None = None, language: str | None = None,
          theme: str | None = None):
    """Name the application, build and show the window, queue the first model and folder.

    run() then enters the event loop; the end-to-end tests spin it themselves.
    """
    from PyQt5.QtCore import QTimer

    from app.crash import setup_logging

    app.setOrganizationName("GradLens")
    app.setApplicationName("GradLens")
    setup_logging()
    window, controller = build(app, language, theme)
    window.show()
    model, folder = choose_start(model, folder, controller.settings)
    # Queued: the window paints before any loading starts.
    if model:
        QTimer.singleShot(0, lambda: controller.open_model(model))
    else:
        window.model_status.say(lambda: window.tr("No model: load one with File → Load Model (Ctrl+M)"))
    if folder:
        QTimer.singleShot(0, lambda: controller.open_folder(folder))
    return window, controller


def build(app, language: str | None = None, theme: str | None = None):
    """The window and its controller, wired; used by run() and by the tests."""
    from PyQt5.QtWidgets import QMessageBox

    from app.controller import Controller
    from app.crash import CrashReporter, log_file
    from app.heap import freeze_long_lived
    from app.language_menu import LanguageChoice, add_language_menu
    from app.settings import open_settings
    from app.theme import Theme
    from app.theme_menu import add_theme_menu
    from ui.viewer.main_window import MainWindow
    from ui.widgets.file_dialog_size import size_file_dialogs

    log_path = log_file()  # set up by start(); tests build windows without writing a log
    # Decoding and classification threads hold the GIL in short bursts; a shorter switch
    # interval (default 5 ms) bounds how long the GUI thread waits for it between events.
    sys.setswitchinterval(0.001)
    settings = open_settings()
    size_file_dialogs(app, settings)  # Qt's own file dialogs open at a size to browse in, then at the user's
    language_choice = LanguageChoice(app, settings, language)  # translators in before the first text
    window = MainWindow()
    add_language_menu(window.view_menu, language_choice)
    themes = Theme.for_app(app)
    themes.start(settings, theme)  # `theme` (runui.py --theme) wins for this launch only
    add_theme_menu(window.view_menu, themes)
    reporter = CrashReporter(window)
    reporter.install()
    reporter.caught.connect(lambda summary, details: QMessageBox.critical(
        window, window.tr("Unexpected error"),
        window.tr("{0}\n\nGradLens carries on; details are in {1}").format(summary, log_path)))
    controller = Controller(window, settings)
    controller.language = language_choice  # the training window's View → Language shares it
    window.controller = controller  # keep it alive as long as the window
    freeze_long_lived("building the window")   # Qt, numpy and matplotlib are imported by now
    return window, controller
