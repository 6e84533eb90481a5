"""The windows on a 1000×650 screen (a small laptop), on a real X server with a window manager."""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xserver import XServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).parent / "desktop" / "small_screen.py"


@pytest.fixture
def small_xserver(xserver):  # xserver: skip or fail as the other end-to-end tests do without Xvfb
    server = XServer(1000, 650)
    yield server
    server.close()


def test_windows_fit_a_small_screen(small_xserver, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = small_xserver.env(HOME=str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "GRADLENS_SETTINGS"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--basetemp", str(tmp_path / "inner"), str(SCRIPT)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
