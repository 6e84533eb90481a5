"""The CUDA path in one short run: AMP training steps, predict with heatmaps, a 1-process nccl group, images/s.

    python benchmarks/gpu_check.py [--model resnet50] [--size 224] [--steps 30] [--out DIR]

No developer machine here has a GPU, so the code that only runs on one (autocast and GradScaler,
channels-last, pinned memory with non-blocking copies, nccl) is exercised here, through the same
engine train.py and predict.py use, on generated images written as real PNG files:
  1. train.py's engine for one short epoch on the GPU with AMP (core.training.train.train): the run
     must finish, its loss be finite and its model file load back;
  2. bare AMP training steps, channels-last, to measure training images/s, against full precision;
  3. predict with Grad-CAM through predict.py's pipeline (FolderPrediction) on the GPU: every image
     classified, every heatmap non-empty, images/s with and without heatmaps;
  4. torch.distributed's nccl backend with one process: init, all_reduce, destroy.
Each step prints one line, PASS or FAIL with the reason; exit code 1 when any failed. Without CUDA it
says so and exits 2.
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.models.registry import build_model  # noqa: E402

CLASSES = ("circle", "square", "stripes")


def write_images(root: Path, per_class: int, size: int) -> None:
    """A small labelled folder: class = the shape drawn, at a random place, on noise."""
    rng = np.random.default_rng(0)
    for label, name in enumerate(CLASSES):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            image = rng.integers(0, 90, (size, size, 3), dtype=np.uint8)
            side = size // 3
            top, left = rng.integers(0, size - side, 2)
            rows, cols = np.mgrid[0:side, 0:side]
            mask = {0: (rows - side / 2) ** 2 + (cols - side / 2) ** 2 < (side / 2) ** 2,
                    1: np.ones((side, side), bool), 2: (rows // 4) % 2 == 0}[label]
            image[top:top + side, left:left + side][mask] = (230, 200, 60)
            Image.fromarray(image).save(root / name / f"{i:04d}.png")


def check(name: str, fn) -> bool:
    start = time.perf_counter()
    try:
        detail = fn()
    except Exception as error:  # noqa: BLE001 - a check reports any failure as one line and goes on
        print(f"FAIL {name}: {type(error).__name__}: {error}")
        traceback.print_exc(limit=3)
        return False
    print(f"PASS {name} ({time.perf_counter() - start:.1f} s): {detail}")
    return True


def engine_run(data: Path, out: Path, model: str, size: int, device: str, found: dict) -> str:
    from core.models.modelfile import load_model_file
    from core.training.train import train
    from core.training.train_events import EpochEnd, Finished
    from core.training.trainconfig import TrainConfig

    config = TrainConfig(data=str(data), out=str(out), model=model, input_size=(size, size), epochs=1,
                         batch_size=32, device=device, amp=True, workers=2, val_ratio=0.2, test_ratio=0.1)
    epochs, finished = [], None
    for event in train(config):
        if isinstance(event, EpochEnd):
            epochs.append(event)
        elif isinstance(event, Finished):
            finished = event
    if finished is None or finished.failed or not epochs or not finished.best_path:
        raise RuntimeError(f"the run did not finish: {finished.reason if finished else 'no Finished event'}")
    loss = float(epochs[-1].metrics.get("train_loss", float("nan")))
    if not np.isfinite(loss):
        raise RuntimeError(f"training loss is {loss}")
    found["best"] = finished.best_path
    load_model_file(finished.best_path, device=device)
    return (f"1 epoch with AMP, train loss {loss:.3f}, {epochs[-1].metrics.get('images_per_s', '?')} img/s, "
            f"test accuracy {finished.test_metrics.get('test_accuracy', float('nan')):.2f}")


def amp_steps(model_name: str, size: int, steps: int, batch: int) -> str:
    rates = {}
    for amp in (True, False):
        model = build_model(model_name, 1000).cuda().train().to(memory_format=torch.channels_last)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        scaler = torch.amp.GradScaler("cuda", enabled=amp)
        x = torch.randn(batch, 3, size, size).pin_memory()
        y = torch.randint(0, 1000, (batch,)).pin_memory()
        for step in range(steps + 5):
            if step == 5:
                torch.cuda.synchronize()
                start = time.perf_counter()
            xb = x.cuda(non_blocking=True).contiguous(memory_format=torch.channels_last)
            yb = y.cuda(non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", enabled=amp):
                loss = nn.functional.cross_entropy(model(xb), yb)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        torch.cuda.synchronize()
        if not torch.isfinite(loss):
            raise RuntimeError(f"loss {float(loss)} with amp={amp}")
        rates[amp] = steps * batch / (time.perf_counter() - start)
    return (f"{model_name} {size}px batch {batch}: AMP {rates[True]:.0f} img/s, fp32 {rates[False]:.0f} img/s "
            f"({rates[True] / rates[False]:.2f}×)")


def predict_with_cam(data: Path, out: Path, best: str, device: str) -> str:
    from core.inference.predict_folder import FolderPrediction
    from core.models.modelfile import load_model_file

    loaded = load_model_file(best, device=device)
    rates = {}
    for cam in ("gradcam", None):
        run = FolderPrediction(loaded, data, out / (cam or "plain"), cam=cam, device=device, batch_size=32)
        start = time.perf_counter()
        results = list(run.run())
        rates[cam] = len(results) / (time.perf_counter() - start)
        bad = [r for r in results if r.error]
        if bad:
            raise RuntimeError(f"{len(bad)} images failed, e.g. {bad[0].error}")
        if cam and (not all(r.heatmap for r in results) or any(r.heatmap_note for r in results)):
            raise RuntimeError("an image has no heatmap or an empty one")
    return f"{len(results)} images; with Grad-CAM {rates['gradcam']:.0f} img/s, without {rates[None]:.0f} img/s"


def nccl_group() -> str:
    import torch.distributed as dist
    if not dist.is_nccl_available():
        raise RuntimeError("this PyTorch build has no nccl")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK="0", WORLD_SIZE="1")
    dist.init_process_group("nccl", device_id=torch.device("cuda", 0))
    try:
        value = torch.ones(4, device="cuda")
        dist.all_reduce(value)
        torch.cuda.synchronize()
        if value.sum().item() != 4:
            raise RuntimeError(f"all_reduce gave {value.tolist()}")
    finally:
        dist.destroy_process_group()
    return f"nccl {torch.cuda.nccl.version()}: init, all_reduce, destroy"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="resnet50")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--per-class", type=int, default=64)
    parser.add_argument("--out", default=None)
    parser.add_argument("--device", default="cuda", choices=("cuda", "cpu"))
    args = parser.parse_args(argv)
    cuda = args.device == "cuda"
    if cuda and not torch.cuda.is_available():
        print("no CUDA device: this check needs a GPU (--device cpu runs steps 1 and 3 as a dry run)")
        return 2
    if cuda:
        print(f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}, CUDA {torch.version.cuda}")
    found: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.out or scratch)
        data = root / "images"
        write_images(data, args.per_class, args.size)
        results = [
            check("engine: one epoch with AMP",
                  lambda: engine_run(data, root / "runs", args.model, args.size, args.device, found)),
            check("predict with Grad-CAM", lambda: predict_with_cam(data, root / "predict", found["best"], args.device)),
        ]
        if cuda:
            results += [check("AMP training steps", lambda: amp_steps(args.model, args.size, args.steps, args.batch)),
                        check("nccl, one process", nccl_group)]
    print(f"{sum(results)} of {len(results)} checks passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
