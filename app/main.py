"""Start the desktop application: the window first, torch later, in the background.

Importing torch takes seconds; the window is built from Qt alone and shown at once, and the
first model load (on a worker thread) pays for the import while the user already sees the app.
"""
from __future__ import annotations

import logging
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


def run(model: str | None = None, folder: str | None = None, language: str | None = None) -> int:
    from PyQt5.QtCore import QCoreApplication, Qt, QTimer
    from PyQt5.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.AA_EnableHighDpiScaling)
    QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("GradLens")
    app.setApplicationName("GradLens")
    window, controller = build(app, language)
    window.show()
    model, folder = choose_start(model, folder, controller.settings)
    # Queued: the window paints before any loading starts.
    if model:
        QTimer.singleShot(0, lambda: controller.open_model(model))
    else:
        window.model_status.setText(window.tr("No model: load one with File → Load Model (Ctrl+M)"))
    if folder:
        QTimer.singleShot(0, lambda: controller.open_folder(folder))
    return app.exec_()


def build(app, language: str | None = None):
    """The window and its controller, wired; used by run() and by the tests."""
    from PyQt5.QtWidgets import QMessageBox

    from app.controller import Controller
    from app.crash import CrashReporter, setup_logging
    from app.heap import freeze_long_lived
    from app.i18n import install_translator
    from app.settings import open_settings
    from ui.main_window import MainWindow

    log_path = setup_logging()
    # Decoding and classification threads hold the GIL in short bursts; a shorter switch
    # interval (default 5 ms) bounds how long the GUI thread waits for it between events.
    sys.setswitchinterval(0.001)
    install_translator(app, language)
    window = MainWindow()
    reporter = CrashReporter(window)
    reporter.install()
    reporter.caught.connect(lambda summary, details: QMessageBox.critical(
        window, window.tr("Unexpected error"),
        window.tr("{0}\n\nGradLens carries on; details are in {1}").format(summary, log_path)))
    controller = Controller(window, open_settings())
    window.controller = controller  # keep it alive as long as the window
    freeze_long_lived("building the window")   # Qt, numpy and matplotlib are imported by now
    return window, controller
