"""`python runui.py` as a user starts it: a subprocess on a real X server, fresh home, no torch before the window."""
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.e2e.xserver import heatmap_pixels, wait_for

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180  # s: importing torch and the first model on a loaded 2-core machine


def launch(xserver, home: Path, *args: str, **env) -> tuple[subprocess.Popen, Path, Path]:
    """Start runui.py as a user would, with an empty home folder; return the process, its stderr file and log."""
    home.mkdir(parents=True, exist_ok=True)
    environment = {**xserver.user_env(home), **env}
    stderr = home / "stderr.txt"
    with stderr.open("w") as err:
        process = subprocess.Popen([sys.executable, "-X", "faulthandler", str(ROOT / "runui.py"), *args],
                                   cwd=home, env=environment, stdout=err, stderr=subprocess.STDOUT)
    return process, stderr, home / ".local" / "share" / "GradLens" / "GradLens" / "logs" / "gradlens.log"


def save_shot(rgb, name: str, tmp_path: Path) -> Path:
    """Screenshots go to $GRADLENS_SHOTS when set (to look at them), else next to the test's files."""
    folder = Path(os.environ.get("GRADLENS_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    Image.fromarray(rgb).save(path)
    return path


def test_launch_shows_a_heatmap_and_ctrl_q_quits_cleanly(xserver, tmp_path):
    process, output, log = launch(xserver, tmp_path / "home")
    try:
        def heatmap_logged():
            if process.poll() is not None:
                raise AssertionError(f"runui.py exited with {process.returncode}:\n{output.read_text()}")
            return log.exists() and "first heatmap on screen" in log.read_text(encoding="utf-8")
        wait_for(heatmap_logged, START_TIMEOUT, what="the first heatmap")
        def heatmap_on_screen():
            rgb = xserver.screenshot()
            return rgb if heatmap_pixels(rgb) > 5000 else None
        shot = wait_for(heatmap_on_screen, 30, what="a heatmap in a screenshot")
        save_shot(shot, "launch.png", tmp_path)
        assert shot.std() > 20, "the screen is blank"
        window = wait_for(lambda: xserver.window_ids("^GradLens"), 30, what="the main window")[0]
        xserver.press(window, "ctrl+q")
        assert process.wait(60) == 0, output.read_text()
    finally:
        if process.poll() is None:
            process.kill()
    text = output.read_text() + log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "Fatal Python error" not in text, text
