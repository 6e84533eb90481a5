"""Why training from the window can be slower than train.py: OpenMP thread teams.

    python benchmarks/thread_teams.py [--steps 60]

PyTorch's CPU kernels run on GNU OpenMP, which gives every thread that runs a parallel op its own
team of helper threads, kept until that thread ends. While a process has more such threads than
CPUs, libgomp throttles its spin-waiting (GOMP_SPINCOUNT becomes at most 1,000), so helpers sleep
between ops and wake late. train.py has one team; the app has one per thread that ever ran torch
(model loader, viewer, classifier, trainer). Each case below runs in a fresh process and trains
mobilenet_v3_small (batch 32, 64 px, channels-last) for --steps steps, printing images/s and how
many cores the process kept busy:

  main thread          the train.py situation
  worker thread        training in a thread, no other team
  worker + other team  training in a thread while another live thread once ran a parallel op
"""
from __future__ import annotations

import argparse
import subprocess
import sys

CASE = r'''
import resource, sys, threading, time
import torch, torchvision

def train(steps):
    model = torchvision.models.mobilenet_v3_small(num_classes=10).to(memory_format=torch.channels_last)
    x = torch.randn(32, 3, 64, 64).contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (32,))
    optimizer = torch.optim.AdamW(model.parameters())
    for step in range(steps + 10):   # ten to warm up
        if step == 10:
            start, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = end.ru_utime + end.ru_stime - usage.ru_utime - usage.ru_stime
    print(f"{steps * 32 / seconds:.0f} img/s, {cpu / seconds:.2f} cores busy")

case, steps = sys.argv[1], int(sys.argv[2])
if case == "main thread":
    train(steps)
else:
    release = threading.Event()
    if case == "worker + other team":
        def other():
            a = torch.randn(512, 512)
            (a @ a).sum()   # a parallel op: this thread now owns a team
            release.wait()
        threading.Thread(target=other, daemon=True).start()
        time.sleep(0.5)
    worker = threading.Thread(target=train, args=(steps,))
    worker.start()
    worker.join()
    release.set()
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    for case in ("main thread", "worker thread", "worker + other team"):
        result = subprocess.run([sys.executable, "-c", CASE, case, str(args.steps)], capture_output=True, text=True)
        print(f"{case:20s} {result.stdout.strip() or result.stderr.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main()
