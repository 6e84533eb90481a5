"""Training from the window on a real X server, driven through its widgets (runs desktop/ in its own process)."""
from pathlib import Path

SCRIPT = Path(__file__).parent / "desktop" / "train_from_the_window.py"


def test_train_from_the_window_on_a_real_display(xserver, tmp_path):
    xserver.run_session(SCRIPT, tmp_path)
