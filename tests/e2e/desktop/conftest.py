"""Runs inside the display session that tests/e2e/test_training_window.py starts (QT_QPA_PLATFORM=xcb)."""
from app.main import keep_opengl_out

keep_opengl_out()  # before pytest-qt makes the QApplication, as runui.py does
