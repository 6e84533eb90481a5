"""How responsive the main window stays: GUI-thread stalls while classifying and autoplaying.

    python benchmarks/ui_latency.py [--images 600] [--model weights/demo_fashion_mnist.pt]

Runs the real window offscreen (QT_QPA_PLATFORM=offscreen) or on the current display. Reports:
  - time from process start to the window shown (goal: before torch has loaded);
  - the longest GUI-thread stall and the 99th percentile while a folder of >= 500 images is
    classified with autoplay on (a 5 ms heartbeat timer; a stall is its lateness). Goals:
    max <= 50 ms, p99 <= 20 ms after start-up;
  - "next" to overlay on screen for already-classified images, p50/p95 (goal p95 <= 50 ms).
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_folder(folder: Path, count: int) -> None:
    """Labelled copies of the demo images (real Fashion-MNIST pictures), count in total."""
    import shutil
    demo = sorted((ROOT / "data" / "demo").rglob("*.png"))
    for i in range(count):
        source = demo[i % len(demo)]
        target = folder / source.parent.name / f"{i:05d}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=600)
    parser.add_argument("--model", default=str(ROOT / "weights" / "demo_fashion_mnist.pt"))
    parser.add_argument("--next-samples", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="gradlens_ui_bench_"))
    os.environ["GRADLENS_SETTINGS"] = str(tmp / "settings.ini")
    from PyQt5.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PyQt5.QtWidgets import QApplication

    app = QApplication(sys.argv)
    from app.main import build
    window, controller = build(app)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - STARTED
    torch_loaded = "torch" in sys.modules
    print(f"window shown {shown * 1000:.0f} ms after start (torch imported yet: {torch_loaded})", flush=True)

    def wait(signal, timeout_ms=600_000):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec_()
        signal.disconnect(loop.quit)

    folder = tmp / "images"
    make_folder(folder, args.images)
    controller.open_model(args.model)
    wait(controller.modelLoaded)
    controller.open_folder(str(folder))
    wait(controller.displayed)

    stalls, clock = [], QElapsedTimer()
    beat = QTimer()
    beat.setInterval(5)
    clock.start()

    def heartbeat():
        late = clock.restart() - 5
        stalls.append(max(0, late))
    beat.timeout.connect(heartbeat)
    window.interval.setValue(0.1)
    window.play.trigger()
    beat.start()
    started = time.perf_counter()
    controller.run()
    wait(controller.runFinished)
    beat.stop()
    run_time = time.perf_counter() - started
    window.play.trigger() if window.play.isChecked() else None
    print(f"classified {len(controller.rows)} images in {run_time:.1f} s with autoplay on; GUI-thread stall "
          f"max {max(stalls)} ms, p99 {percentile(stalls, 99)} ms over {len(stalls)} heartbeats "
          "(goals: max <= 50 ms, p99 <= 20 ms)", flush=True)

    latencies = []
    for _ in range(args.next_samples):
        begin = time.perf_counter()
        window.next.trigger()
        wait(controller.displayed, 10_000)
        window.repaint()  # on screen, not just queued
        latencies.append((time.perf_counter() - begin) * 1000)
    print(f"next -> overlay on screen: p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms "
          f"(goal p95 <= 50 ms)", flush=True)
    window.close()


if __name__ == "__main__":
    main()
