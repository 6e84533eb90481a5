"""The app tests run without a display and build the real window through one fixture (labelme's habit)."""
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def gui(qtbot, tmp_path, monkeypatch):
    """The application's own window and controller, with settings in a temp file.

    Warning dialogs are recorded in `controller.warnings` instead of blocking; closing at the
    end answers "yes" to any "stop training?" question.
    """
    from PyQt5.QtWidgets import QApplication, QMessageBox

    from app.main import build
    monkeypatch.setenv("GRADLENS_SETTINGS", str(tmp_path / "settings.ini"))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]) or QMessageBox.Ok)
    pytest_qt_hook = sys.excepthook  # keep pytest-qt's hook: an exception in a slot must fail the test
    window, controller = build(QApplication.instance())
    sys.excepthook = pytest_qt_hook
    qtbot.addWidget(window)
    window.show()
    controller.warnings = warnings
    yield window, controller
    if window.isVisible():
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        window.close()


@pytest.fixture(scope="session")
def dataset(tmp_path_factory, write_square_classes) -> Path:
    """Two classes a tiny model tells apart in two epochs: a red or a blue square on noise."""
    return write_square_classes(tmp_path_factory.mktemp("gui_train_data"), ("red", "blue"), 16, 24, seed=3)
