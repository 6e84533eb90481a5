"""A real X server for the end-to-end tests: Xvfb with a window manager, screenshots, keystrokes.

The unit tests run offscreen; these run the app as a user does, on xcb, where Qt loads the same
platform plugins (and, before app/main.py's fix, the same OpenGL libraries) as on a desktop.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import numpy as np


class XServer:
    """Xvfb on a free display number, with openbox so windows get focus as on a desktop."""

    def __init__(self, width: int = 1600, height: int = 1000):
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number when it is ready for clients.
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as ready:
            number = ready.readline().strip()
        if not number:
            self.xvfb.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.window_manager = None
        if shutil.which("openbox"):
            self.window_manager = subprocess.Popen(["openbox"], env=self.env(), stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env

    def user_env(self, home) -> dict:
        """The environment of a user with an empty home folder on this display."""
        env = self.env(HOME=str(home))
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "GRADLENS_SETTINGS"):
            env.pop(name, None)
        return env

    def run_session(self, script, tmp_path, timeout: int = 900) -> None:
        """Run a tests/e2e/desktop/ script in a pytest process of its own on this display, fresh HOME."""
        import sys
        from pathlib import Path
        home = Path(tmp_path) / "home"
        home.mkdir(exist_ok=True)
        done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "--basetemp", str(Path(tmp_path) / "inner"), str(script)],
                              cwd=Path(__file__).resolve().parents[2], env=self.user_env(home),
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
        assert "1 passed" in done.stdout

    def screenshot(self) -> np.ndarray:
        """The whole screen as an RGB array."""
        from PIL import ImageGrab
        return np.asarray(ImageGrab.grab(xdisplay=self.display).convert("RGB"))

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=30)
        return done.stdout.strip()

    def window_ids(self, name: str) -> list[str]:
        return self.xdotool("search", "--onlyvisible", "--name", name).split()

    def press(self, window_id: str, keys: str) -> None:
        """Give the window the focus, as a click on it would, then press keys (e.g. 'ctrl+q')."""
        self.xdotool("windowactivate", "--sync", window_id)
        self.xdotool("key", "--clearmodifiers", keys)

    def close(self) -> None:
        for process in (self.window_manager, self.xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


def wait_for(condition, timeout: float, interval: float = 0.25, what: str = "condition"):
    """Poll until condition() returns something other than None, False or empty (a subprocess gives no
    signal to wait on); return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value is not None and value is not False and (not hasattr(value, "__len__") or len(value)):
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def heatmap_pixels(rgb: np.ndarray) -> int:
    """Pixels in the jet colour map's saturated reds and blues, which no other part of the window uses much."""
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    red = (r > 180) & (g < 90) & (b < 90)
    blue = (b > 150) & (r < 60) & (g < 120)
    return int(red.sum() + blue.sum())
