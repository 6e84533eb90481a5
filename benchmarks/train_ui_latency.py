"""Training from the GUI: does the window stay responsive, and does training run as fast as train.py?

    python benchmarks/train_ui_latency.py [--epochs 3] [--images-per-class 60] [--model mobilenet_v3_small]

Trains the same small model on the same data twice, one after the other: through the training
window's code path (TrainController -> TrainWorker thread, live charts on), with a 5 ms
heartbeat timer on the GUI thread, then with `python train.py`. Reports the GUI thread's
longest stall and 99th percentile during training (goals: max <= 50 ms, p99 <= 20 ms) and
training images/s GUI vs CLI (goal >= 0.95x), from each run's metrics.csv.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_dataset(folder: Path, per_class: int) -> None:
    """Copies of the bundled demo images (real Fashion-MNIST pictures), flipped to vary them."""
    from PIL import Image, ImageOps
    for class_dir in sorted((ROOT / "data" / "demo").iterdir()):
        sources = sorted(class_dir.glob("*.png"))
        target = folder / class_dir.name
        target.mkdir(parents=True)
        for i in range(per_class):
            image = Image.open(sources[i % len(sources)])
            if (i // len(sources)) % 2:
                image = ImageOps.mirror(image)
            image.save(target / f"{i:04d}.png")


def images_per_s(run_dir: Path) -> float:
    rows = list(csv.DictReader((run_dir / "metrics.csv").open()))
    rates = [float(r["images_per_s"]) for r in rows[1:]] or [float(rows[0]["images_per_s"])]  # skip warm-up
    return sum(rates) / len(rates)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--images-per-class", type=int, default=60)
    parser.add_argument("--model", default="mobilenet_v3_small")
    parser.add_argument("--input-size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="gradlens_train_ui_"))
    os.environ["GRADLENS_SETTINGS"] = str(tmp / "settings.ini")
    data = tmp / "data"
    make_dataset(data, args.images_per_class)
    settings = {"data": str(data), "model": args.model, "input_size": (args.input_size, args.input_size),
                "epochs": args.epochs, "batch_size": args.batch_size, "workers": 0, "augment": ["hflip"],
                "seed": 0}

    from PyQt5.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PyQt5.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from app.main import build
    window, controller = build(app)
    window.show()
    controller.open_training()
    training = controller.training
    training.window.form.set_values({**settings, "out": str(tmp / "gui_runs")})
    stalls, clock, beat = [], QElapsedTimer(), QTimer()
    beat.setInterval(5)
    beat.timeout.connect(lambda: stalls.append(max(0, clock.restart() - 5)))
    loop = QEventLoop()
    training.runFinished.connect(loop.quit)
    training.runFailed.connect(loop.quit)
    clock.start()
    beat.start()
    training.start()
    loop.exec_()
    beat.stop()
    gui_run = next((tmp / "gui_runs").iterdir())
    print(f"GUI training: {len(stalls)} heartbeats, GUI-thread stall max {max(stalls)} ms, p99 "
          f"{percentile(stalls, 99)} ms (goals: max <= 50 ms, p99 <= 20 ms)", flush=True)
    window.close()

    command = [sys.executable, str(ROOT / "train.py"), "--data", str(data), "--out", str(tmp / "cli_runs"),
               "--model", args.model, "--input-size", str(args.input_size), "--epochs", str(args.epochs),
               "--batch-size", str(args.batch_size), "--workers", "0", "--augment", "hflip", "--seed", "0"]
    subprocess.run(command, check=True, capture_output=True)
    cli_run = next((tmp / "cli_runs").iterdir())
    gui, cli = images_per_s(gui_run), images_per_s(cli_run)
    print(f"training images/s: GUI {gui:.0f}, train.py {cli:.0f}, ratio {gui / cli:.2f}x (goal >= 0.95x)", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
