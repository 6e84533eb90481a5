"""Training from the GUI: does the window stay responsive, and does training run as fast as train.py?

    python benchmarks/train_ui_latency.py [--epochs 3] [--images-per-class 150] [--model mobilenet_v3_small]
                                          [--rounds 3] [--explain 30] [--settle 3] [--no-cli]

Trains the same small model on the same data through the training window's code path
(TrainController -> TrainWorker thread -> training child process, live charts on) and with
`python train.py`, --rounds times, alternating, since this shared machine's speed drifts from
one run to the next. Each round is three runs:

  1. from the window as a user runs it: its images/s, from the run's metrics.csv, against
  2. train.py's (goal >= 0.95x; the median over rounds is the figure);
  3. from the window again with a 5 ms heartbeat timer on the GUI thread, for its stalls (a stall
     is the heartbeat's lateness). The probe is not free: waking the GUI 200 times a second
     (and a watchdog thread every 4 ms) costs a 2-core machine's training 5-10 %, so these runs'
     images/s are printed but not compared.

Each run waits until the window's next training process has loaded the engine, so its imports
never overlap a measured run. Stalls are reported in these phases:

  start-up    Start clicked -> first batch on the GUI thread (the child prepares the data).
              Reported, not held to the goals.
  training    first batch -> run finished (live charts, log, progress; the report is written).
  end of run  run finished -> --settle seconds later: the report is loaded and shown.

The goals (max <= 50 ms, p99 <= 20 ms) apply to training and end of run together. With
--explain MS (default 30) a watchdog thread samples the GUI thread's Python stack while the
heartbeat is more than MS late and prints where the longest stalls were spent.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HEARTBEAT_MS = 5
PHASES = {"start-up": "start-up (Start -> first batch)",
          "training": "training (first batch -> run finished)",
          "end of run": "end of run (report loaded and shown; {settle:g} s)"}


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
    from core.training.run_folder import read_history
    rows = read_history(run_dir)
    rates = [r["images_per_s"] for r in rows[1:]] or [rows[0]["images_per_s"]]  # skip warm-up
    return sum(rates) / len(rates)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def _where(frame) -> str:
    """Where a stack is: its three innermost frames, then the innermost one of this project (the
    caller that matters when the time goes inside a library), as file:line function."""
    def mine(f):
        path = Path(f.f_code.co_filename)
        return path.is_relative_to(ROOT) and ".venv" not in path.parts

    def name(f):
        path = Path(f.f_code.co_filename)
        return f"{path.relative_to(ROOT) if mine(f) else Path(*path.parts[-2:])}:{f.f_lineno} {f.f_code.co_name}"
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    parts = [name(f) for f in frames[:3]]
    if not any(mine(f) for f in frames[:3]):
        caller = next((f for f in frames[3:] if mine(f)), None)
        if caller is not None:
            parts.append(f"... {name(caller)}")
    return " < ".join(parts)


class StallWatch(threading.Thread):
    """Samples the GUI thread's Python stack while its heartbeat is late.

    A sample can only be taken when this thread gets the GIL: a stall inside one long C call that
    holds it (libtorch loading) shows the frame that made the call, once it returns. A stall spent
    in Qt's own C++ (painting, layout) shows the event loop's caller, the benchmark's main().
    """

    def __init__(self, gui_thread: int, late_s: float):
        super().__init__(daemon=True, name="stall-watch")
        self.gui_thread, self.late_s = gui_thread, late_s
        self.last_beat = time.perf_counter()
        self.samples: list[str] = []
        self.others: list[str] = []   # what the other threads were running meanwhile (one may hold the GIL)
        self.stalls: list[tuple[float, float, list[str], list[str]]] = []   # start, length (s), samples, others
        self.done = threading.Event()
        self.watching = threading.Event()   # set while a GUI run is measured (not during train.py's)

    def beat(self) -> None:
        now = time.perf_counter()
        if now - self.last_beat > self.late_s:
            self.stalls.append((self.last_beat, now - self.last_beat, self.samples, self.others))
        self.samples, self.others = [], []
        self.last_beat = now

    def run(self) -> None:
        while not self.done.is_set():
            if not self.watching.wait(0.5):
                continue   # asleep between probed runs: waking every 4 ms would slow the others
            if self.done.wait(0.004):
                break
            if time.perf_counter() - self.last_beat > self.late_s:
                frames = sys._current_frames()
                frame = frames.pop(self.gui_thread, None)
                frames.pop(threading.get_ident(), None)
                self.samples.append(_where(frame) if frame is not None else "?")
                names = {t.ident: t.name for t in threading.enumerate()}
                self.others.extend(f"[{names.get(ident, ident)}] {_where(other)}" for ident, other in frames.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--images-per-class", type=int, default=150)
    parser.add_argument("--model", default="mobilenet_v3_small")
    parser.add_argument("--input-size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--explain", type=float, default=30, metavar="MS",
                        help="show where the GUI thread was during stalls longer than this (0: off)")
    parser.add_argument("--settle", type=float, default=3.0, metavar="S",
                        help="seconds the heartbeat keeps running after the run finished (report shown)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="GUI and train.py runs, alternating (the machine's speed drifts between runs)")
    parser.add_argument("--no-cli", action="store_true", help="skip the train.py runs (no throughput ratio)")
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
    controller.open_training()  # the training window's modules import in the background, then it opens
    while controller.training is None:
        app.processEvents()
        time.sleep(0.01)
    training = controller.training

    watch = StallWatch(threading.get_ident(), args.explain / 1000) if args.explain > 0 else None
    phases = {name: [] for name in PHASES}
    phase = [""]
    marks = []   # (time, phase entered), across all rounds
    clock, beat = QElapsedTimer(), QTimer()
    beat.setInterval(HEARTBEAT_MS)

    def on_beat():
        phases[phase[0]].append(max(0, clock.restart() - HEARTBEAT_MS))
        if watch is not None:
            watch.beat()

    def enter(name):
        if phase[0] != name and not (name == "training" and phase[0] != "start-up"):
            phase[0] = name
            marks.append((time.perf_counter(), name))

    beat.timeout.connect(on_beat)
    charts = training.window.charts
    renders = []   # seconds per chart render, on the renderer's thread
    charts.rendered.connect(lambda: renders.append(charts.last_render_s))
    training.worker.batches.connect(lambda _batches: enter("training"))
    loop = QEventLoop()
    failed = []
    training.runFinished.connect(lambda _event: (enter("end of run"),
                                                 QTimer.singleShot(int(args.settle * 1000), loop.quit)))
    training.runFailed.connect(lambda message: (failed.append(message), loop.quit()))
    if watch is not None:
        watch.start()
    standby = []
    training.worker.engineReady.connect(lambda: standby.append(True))

    def wait_for_standby() -> None:
        """Until the window's next training process has imported the engine (it does so when idle)."""
        waiter = QEventLoop()
        while not standby:
            QTimer.singleShot(50, waiter.quit)
            waiter.exec_()

    def gui_round(number: int, probed: bool) -> float:
        """One run from the window: with the heartbeat (and watchdog) to measure stalls, or without
        them, as a user runs it, to measure images/s."""
        out = tmp / f"gui_runs_{number}_{'probed' if probed else 'plain'}"
        training.window.form.set_values({**settings, "out": str(out)})
        wait_for_standby()
        standby.clear()   # this run takes the waiting process; the next announces itself
        phase[0] = "start-up"
        marks.append((time.perf_counter(), phase[0]))
        clock.start()
        if probed:
            if watch is not None:
                watch.last_beat = time.perf_counter()
                watch.watching.set()
            beat.start()
        training.start()
        loop.exec_()
        beat.stop()
        if watch is not None:
            watch.watching.clear()
        if failed:
            sys.exit(f"GUI training failed: {failed[0]}")
        return images_per_s(next(out.iterdir()))

    def cli_round(number: int) -> float:
        out = tmp / f"cli_runs_{number}"
        wait_for_standby()
        command = [sys.executable, str(ROOT / "train.py"), "--data", str(data), "--out", str(out),
                   "--model", args.model, "--input-size", str(args.input_size), "--epochs", str(args.epochs),
                   "--batch-size", str(args.batch_size), "--workers", "0", "--augment", "hflip", "--seed", "0"]
        subprocess.run(command, check=True, capture_output=True)
        return images_per_s(next(out.iterdir()))

    rates = []   # (GUI, train.py) images/s per round
    for number in range(1, args.rounds + 1):
        gui = gui_round(number, probed=False)
        cli = cli_round(number) if not args.no_cli else float("nan")
        probed = gui_round(number, probed=True)
        rates.append((gui, cli))
        print(f"round {number}: training images/s from the window {gui:.0f}"
              + ("" if args.no_cli else f", train.py {cli:.0f}") + f"; with the heartbeat {probed:.0f}", flush=True)
    if watch is not None:
        watch.done.set()

    print(f"GUI thread stalls ({HEARTBEAT_MS} ms heartbeat; a stall is its lateness), {args.rounds} run(s):")
    for name, stalls in phases.items():
        if stalls:
            print(f"  {PHASES[name].format(settle=args.settle)}: {len(stalls)} beats, max {max(stalls)} ms, "
                  f"p99 {percentile(stalls, 99)} ms")
    after_start = phases["training"] + phases["end of run"]
    print(f"  training + end of run: max {max(after_start, default=0)} ms, p99 {percentile(after_start, 99)} ms "
          f"(goals: max <= 50 ms, p99 <= 20 ms)", flush=True)
    if renders:
        print(f"chart renders (on their own thread, {charts.width()}x{charts.height()}): {len(renders)}, "
              f"median {percentile(renders, 50) * 1000:.0f} ms, max {max(renders) * 1000:.0f} ms")
    if watch is not None and watch.stalls:
        def phase_of(start):
            return max((m for m in marks if m[0] <= start), default=(0, "?"))[1]
        print(f"longest stalls over {args.explain:g} ms, with the GUI thread's stack while late (sample count):")
        for start, length, samples, others in sorted(watch.stalls, key=lambda s: -s[1])[:8]:
            print(f"  {length * 1000:.0f} ms in {phase_of(start)}:")
            for where, count in collections.Counter(samples).most_common(3):
                print(f"      {count:3d} x {where}")
            for where, count in collections.Counter(others).most_common(2):
                print(f"      meanwhile {count:3d} x {where}")
    window.close()
    if not args.no_cli:
        ratios = sorted(gui / cli for gui, cli in rates)
        print(f"training images/s GUI / train.py per round: {', '.join(f'{r:.2f}x' for r in ratios)}; "
              f"median {ratios[len(ratios) // 2]:.2f}x (goal >= 0.95x)", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
