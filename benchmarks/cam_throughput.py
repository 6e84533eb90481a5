"""Images per second for explaining a folder: GradLens vs the pytorch-grad-cam recipe vs bare inference.

    python benchmarks/cam_throughput.py [--images 64] [--size 448] [--models resnet18,resnet50]

All three run in one process on the same JPEG files, model and input size (224), so the ratios
hold on a busy machine even when the absolute figures move:
  (a) recipe: the pytorch-grad-cam README, one image at a time: read, preprocess, GradCAM,
      show_cam_on_image, write a PNG;
  (b) GradLens: predict.py's pipeline (FolderPrediction) with GradCAM, overlays written at the
      original resolution, results.csv/.txt;
  (c) bare: batched inference under torch.inference_mode(), reading and preprocessing included,
      no CAM, nothing written.
Goals on 2 CPU cores: (b) >= 2.5x (a) and (b) >= 0.8x (c).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from pytorch_grad_cam import GradCAM
from pytorch_grad_cam.utils.image import preprocess_image, show_cam_on_image
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.data.decode import load_rgb  # noqa: E402
from core.data.preprocess import IMAGENET_MEAN, IMAGENET_STD, Preprocess  # noqa: E402
from core.data.scan import scan_images  # noqa: E402
from core.inference.predict_folder import FolderPrediction  # noqa: E402
from core.models.modelfile import LoadedModel  # noqa: E402
from core.models.registry import build_model, get_architecture, get_module  # noqa: E402

CLASSES = [f"class_{i}" for i in range(10)]


def make_photos(folder: Path, count: int, size: int) -> list[Path]:
    """Photo-like JPEGs: smooth colour fields, shapes and sensor noise (compress like photos do)."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:size, 0:size] / size
    paths = []
    for i in range(count):
        base = np.stack([np.sin(xx * rng.uniform(1, 6) + rng.uniform(0, 6)) * 0.5 + 0.5 for _ in range(3)], -1)
        image = (base * 200).astype(np.uint8)
        for _ in range(4):
            center = tuple(int(v) for v in rng.integers(0, size, 2))
            colour = tuple(int(v) for v in rng.integers(0, 255, 3))
            cv2.circle(image, center, int(rng.integers(size // 20, size // 5)), colour, -1)
        image = np.clip(image + rng.normal(0, 6, image.shape), 0, 255).astype(np.uint8)
        path = folder / f"photo_{i:03d}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        paths.append(path)
    return paths


def recipe(model, layer, paths, out: Path) -> float:
    """The pytorch-grad-cam README recipe, verbatim in spirit, one image at a time."""
    start = time.perf_counter()
    for path in paths:
        rgb_img = cv2.imread(str(path), 1)[:, :, ::-1]
        rgb_img = np.float32(cv2.resize(rgb_img, (224, 224))) / 255
        input_tensor = preprocess_image(rgb_img, mean=IMAGENET_MEAN, std=IMAGENET_STD)
        with GradCAM(model=model, target_layers=[layer]) as cam:
            predicted = int(model(input_tensor).argmax())
            grayscale_cam = cam(input_tensor=input_tensor, targets=[ClassifierOutputTarget(predicted)])[0, :]
            visualization = show_cam_on_image(rgb_img, grayscale_cam, use_rgb=True)
        cv2.imwrite(str(out / f"{path.stem}_cam.png"), cv2.cvtColor(visualization, cv2.COLOR_RGB2BGR))
    return len(paths) / (time.perf_counter() - start)


def gradlens(loaded, folder: Path, out: Path, batch_size: int) -> float:
    start = time.perf_counter()
    job = FolderPrediction(loaded, folder, out, cam="gradcam", batch_size=batch_size, device="cpu")
    for _ in job.run():
        pass
    return job.total / (time.perf_counter() - start)


def bare(model, preprocess: Preprocess, paths, batch_size: int) -> float:
    start = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(paths), batch_size):
            batch = torch.stack([preprocess(load_rgb(p)) for p in paths[i:i + batch_size]])
            model(batch).softmax(1)
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--models", default="resnet18,resnet50")
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {args.images} JPEGs of "
          f"{args.size}x{args.size}, model input 224x224, batch {args.batch_size}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "photos"
        folder.mkdir()
        make_photos(folder, args.images, args.size)
        paths = scan_images(folder)
        preprocess = Preprocess((224, 224))
        print(f"{'model':10s} {'(a) recipe':>11s} {'(b) ours':>9s} {'(c) bare':>9s} {'b/a':>6s} {'b/c':>6s}")
        for name in args.models.split(","):
            torch.manual_seed(0)
            model = build_model(name, len(CLASSES)).eval()
            layer = get_module(model, get_architecture(name).cam_layer)
            loaded = LoadedModel(model, name, CLASSES, preprocess, get_architecture(name).cam_layer)
            bare(model, preprocess, paths[:args.batch_size], args.batch_size)  # warm-up: allocator, kernels
            rates = {}
            for label in ("a", "b", "c"):
                out = tmp / f"out_{name}_{label}"
                out.mkdir()
                if label == "a":
                    rates[label] = recipe(model, layer, paths, out)
                elif label == "b":
                    rates[label] = gradlens(loaded, folder, out, args.batch_size)
                else:
                    rates[label] = bare(model, preprocess, paths, args.batch_size)
            print(f"{name:10s} {rates['a']:8.1f}/s {rates['b']:6.1f}/s {rates['c']:6.1f}/s "
                  f"{rates['b'] / rates['a']:5.2f}x {rates['b'] / rates['c']:5.2f}x", flush=True)
    print("goals: b/a >= 2.50x, b/c >= 0.80x")


if __name__ == "__main__":
    main()
