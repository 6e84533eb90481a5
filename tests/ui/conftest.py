"""The view tests run without a display; pytest-qt creates the QApplication after this import."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
