"""GUI-thread stalls when the training window opens, and when the program closes mid-training.

    python benchmarks/training_window_stalls.py [--rounds 3]

Runs the real main window offscreen (or on the current display) with the demo model, waits for
the first heatmap (after which the training window's modules are imported in the background),
then measures with a 5 ms heartbeat timer on the GUI thread (a stall is its lateness):

  open          Run → Train a Model… until the window has been shown for a second;
  open (cold)   the same in a fresh process right after the window appears, before that import
                could finish: what a user who opens it at once gets;
  close         Quit while a run trains (answered Yes) until the program is gone; the windows
                hide at once and last.pt is written by the training process meanwhile.

Goal: no stall over 50 ms (the first issue-12 measurement: opening 1.1 s, closing 3.4 s).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import os, sys, time
sys.path.insert(0, {root!r})
from PyQt5.QtCore import QTimer
from PyQt5.QtWidgets import QApplication, QMessageBox
app = QApplication(sys.argv)
from app.main import start
window, controller = start(app)
gaps, last = [], [time.perf_counter()]
def beat():
    now = time.perf_counter(); gaps.append(now - last[0] - 0.005); last[0] = now
timer = QTimer(); timer.timeout.connect(beat); timer.start(5)
def spin(seconds, until=lambda: False):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not until():
        app.processEvents(); time.sleep(0.001)
def measure(action, seconds, until=lambda: False, after=0.0):
    gaps.clear(); last[0] = time.perf_counter(); action(); spin(seconds, until); spin(after)
    return max(gaps) * 1000 if gaps else float("nan")
if {cold}:
    spin(0.2)
else:
    spin(120, lambda: "app.train_controller" in sys.modules and controller.last_view is not None)
    spin(3)
opened = lambda: controller.training is not None and controller.training.window.isVisible()
print("open", round(measure(window.train.trigger, 120, opened, after=1.0), 1))
training = controller.training
training.window.form.set_values({{"data": {data!r}, "out": {out!r}, "model": "mobilenet_v3_small",
                                   "input_size": (64, 64), "epochs": 50, "batch_size": 16, "workers": 0}})
training.worker.progress.connect(lambda event: setattr(training, "_bench_batch", True))
training.window.start.click()
spin(300, lambda: getattr(training, "_bench_batch", False))
QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Yes)
print("close", round(measure(window.close, 120, lambda: controller.viewer_thread.isFinished()), 1))
os._exit(0)
"""


def data_folder(root: Path) -> Path:
    """Two classes of real Fashion-MNIST pictures (the demo's), copied a few times."""
    import shutil
    for name in ("Sneaker", "Bag"):
        target = root / name
        target.mkdir(parents=True)
        for n, image in enumerate(sorted((ROOT / "data" / "demo" / name).glob("*.png")) * 8):
            shutil.copy(image, target / f"{n}.png")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    results = {"open": [], "open (cold)": [], "close": []}
    with tempfile.TemporaryDirectory() as tmp:
        data = data_folder(Path(tmp) / "data")
        for round_ in range(args.rounds):
            for cold in (False, True):
                home = Path(tmp) / f"home{round_}{cold}"
                home.mkdir()
                code = CHILD.format(root=str(ROOT), cold=cold, data=str(data), out=str(Path(tmp) / "runs"))
                done = subprocess.run([sys.executable, "-c", code], env={**env, "HOME": str(home)},
                                      capture_output=True, text=True, timeout=900)
                for line in done.stdout.splitlines():
                    if len(line.split()) != 2:
                        continue
                    name, value = line.split()
                    key = "open (cold)" if name == "open" and cold else name
                    if not (name == "close" and cold):
                        results[key].append(float(value))
                if done.returncode:
                    print(done.stderr[-2000:])
    for name, values in results.items():
        print(f"{name:12s} longest GUI stall per round (ms): {', '.join(f'{v:.0f}' for v in values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
