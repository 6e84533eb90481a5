"""Images per second of predict on one folder: the PyTorch model against its ONNX export under
onnxruntime, both on 2 CPU threads, measured in one run.

    python benchmarks/predict_onnx_vs_torch.py [--model weights/demo_fashion_mnist.pt] [--images data/demo]

Both sides run the same FolderPrediction (core/inference/predict_folder.py) that predict.py runs:
scan, decode on the same small thread pool, the one preprocessing function, the model, results.csv
and results.txt. Neither side computes heatmaps (--cam none for PyTorch): an ONNX model cannot, and
a CAM's backward pass would dominate the PyTorch figure. The folder is the demo images copied
--repeat times, so a run lasts long enough to measure. The rounds alternate between the two
runtimes and the best of each is reported (other work on the machine only ever slows a round
down). A second table times the models alone on already-preprocessed batches, which says how much
of the difference is the runtime and how much the decoding both share.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THREADS = 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "weights" / "demo_fashion_mnist.pt"))
    parser.add_argument("--images", default=str(ROOT / "data" / "demo"))
    parser.add_argument("--repeat", type=int, default=8, help="copies of the image folder (default 8: 400 demo images)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args(argv)


def copies(images: Path, repeat: int, into: Path) -> Path:
    folder = into / "images"
    for i in range(repeat):
        shutil.copytree(images, folder / f"copy{i}")
    return folder


def predict_rate(model, folder: Path, out: Path, batch_size: int) -> tuple[float, int]:
    from core.inference.predict_folder import FolderPrediction
    job = FolderPrediction(model, folder, out, cam="none", batch_size=batch_size, device="cpu", overwrite=True)
    start = time.perf_counter()
    for _ in job.run():
        pass
    return job.total / (time.perf_counter() - start), job.total


def model_rate(run, batch, calls: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run(batch)
    return calls * len(batch) / (time.perf_counter() - start)


def main(argv=None) -> int:
    args = parse_args(argv)
    import torch

    from core.inference.onnx_model import load_onnx_model
    from core.models.export import export_model
    from core.models.modelfile import load_model_file

    torch.set_num_threads(THREADS)
    loaded = load_model_file(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        exported = export_model(loaded, "onnx", tmp / "model.onnx", check_images=args.images)
        onnx = load_onnx_model(exported.path, threads=THREADS)  # SessionOptions.intra_op_num_threads = 2
        folder = copies(Path(args.images), args.repeat, tmp)
        print(f"{loaded.arch} at {loaded.preprocess.input_size[0]}×{loaded.preprocess.input_size[1]}, "
              f"{THREADS} threads each (torch.set_num_threads, intra_op_num_threads), batch {args.batch_size}, "
              f"no CAM; {exported.check.line()}")
        rates = {"PyTorch": [], "onnxruntime": []}
        total = 0
        for _ in range(args.rounds):
            for name, model in (("PyTorch", loaded), ("onnxruntime", onnx)):
                rate, total = predict_rate(model, folder, tmp / f"out-{name}", args.batch_size)
                rates[name].append(rate)
        torch_rate, onnx_rate = max(rates["PyTorch"]), max(rates["onnxruntime"])
        print(f"predict on {total} images (decode, preprocess, model, results files), best of {args.rounds}:")
        print(f"  PyTorch      {torch_rate:8.1f} images/s   (rounds: {', '.join(f'{r:.1f}' for r in rates['PyTorch'])})")
        print(f"  onnxruntime  {onnx_rate:8.1f} images/s   (rounds: {', '.join(f'{r:.1f}' for r in rates['onnxruntime'])})")
        print(f"  onnxruntime / PyTorch = {onnx_rate / torch_rate:.2f}×")
        batch = torch.randn(args.batch_size, 3, *loaded.preprocess.input_size)
        session = onnx.session
        model = loaded.model.eval()

        def run_torch(b):
            with torch.inference_mode():
                return model(b)
        run_onnx = lambda b: session.run(None, {"input": b.numpy()})
        run_torch(batch), run_onnx(batch)  # warm-up: first-call allocations
        alone = {"PyTorch": [], "onnxruntime": []}
        for _ in range(5):  # alternating, as above
            alone["PyTorch"].append(model_rate(run_torch, batch))
            alone["onnxruntime"].append(model_rate(run_onnx, batch))
        torch_only, onnx_only = max(alone["PyTorch"]), max(alone["onnxruntime"])
        print(f"the model alone, batches of {args.batch_size} already preprocessed, best of 5 × 20 batches:")
        print(f"  PyTorch      {torch_only:8.1f} images/s   (rounds: {', '.join(f'{r:.0f}' for r in alone['PyTorch'])})")
        print(f"  onnxruntime  {onnx_only:8.1f} images/s   (rounds: {', '.join(f'{r:.0f}' for r in alone['onnxruntime'])})")
        print(f"  onnxruntime / PyTorch = {onnx_only / torch_only:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
