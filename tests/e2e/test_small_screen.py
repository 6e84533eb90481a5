"""The windows on a 1000×650 screen (a small laptop), on a real X server with a window manager."""
from pathlib import Path

import pytest

from tests.e2e.xserver import XServer

SCRIPT = Path(__file__).parent / "desktop" / "small_screen.py"


@pytest.fixture
def small_xserver(xserver):  # xserver: skip or fail as the other end-to-end tests do without Xvfb
    server = XServer(1000, 650)
    yield server
    server.close()


def test_windows_fit_a_small_screen(small_xserver, tmp_path):
    small_xserver.run_session(SCRIPT, tmp_path, timeout=600)
