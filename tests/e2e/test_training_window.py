"""Training from the window on a real X server, driven through its widgets (runs desktop/ in its own process)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).parent / "desktop" / "train_from_the_window.py"


def test_train_from_the_window_on_a_real_display(xserver, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = xserver.env(HOME=str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "GRADLENS_SETTINGS"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--basetemp", str(tmp_path / "inner"), str(SCRIPT)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
