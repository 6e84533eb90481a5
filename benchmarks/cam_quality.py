"""How much each heatmap method deserves trust: pointing game, faithfulness, sanity check, speed, parity.

    python benchmarks/cam_quality.py [--train 2400] [--images 300] [--slow-images 32] [--skip-parity]

The task (issue 18's evaluation, generated here): the class is the texture of one small patch at a
random position on a cluttered background, and every image also holds a distractor patch of a
texture no class has. A resnet18 is trained from scratch in the benchmark, once on 96×96 and once on
64×160 images. Then, per method, on held-out images at the layer GradLens chooses by default
(core/explain/cam_layers.default_layer) and, for Grad-CAM, at every block:
  - pointing game: the map's peak inside the object's box, and within one map cell of it, for the
    predicted class (what the window explains) and for the true class (the pointing game's own
    definition, Zhang et al. 2016: a misclassified image's map explains another class, so it says
    nothing about where the method looks for this one);
  - faithfulness (core/explain/faithfulness.py): deletion and insertion AUC, and the share of the
    class probability the highlighted 20 % takes beyond a random 20 % (the window's verdict);
  - the sanity check's Spearman correlation after randomising the head, and the head + layer4;
  - images/s of the map alone and the cost of scoring it (score time / map time).
Last, parity: every fast-path method against pytorch-grad-cam's own class on the same layer and
target, on eight architectures with seeded random weights, square and non-square where the
architecture allows. Goals: default-layer Grad-CAM within one cell ≥ 90 % on both shapes; parity
r ≥ 0.99; scoring ≤ 2× the map's time for the fast-path methods. Slow methods (many forward passes
per image) run on the first --slow-images images only; the tables say how many.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.explain.cam import CAM_METHODS, FAST_METHODS, LIBRARY_METHODS, CamExplainer, to_nchw  # noqa: E402
from core.explain.cam_layers import default_layer, layer_maps  # noqa: E402
from core.explain.cam_support import unsupported_reason  # noqa: E402
from core.explain.faithfulness import score_maps  # noqa: E402
from core.explain.sanity_check import run_sanity_check  # noqa: E402
from core.models.registry import build_model, get_architecture, get_module  # noqa: E402

CLASSES = ("horizontal stripes", "vertical stripes", "checks", "dots")
MEAN = torch.tensor([0.485, 0.456, 0.406])[:, None, None]
STD = torch.tensor([0.229, 0.224, 0.225])[:, None, None]
BATCH = 16


def texture(kind: str, side: int, period: int, phase: int) -> np.ndarray:
    """A boolean side×side pattern; `phase` shifts it so no two patches are pixel-identical."""
    rows, cols = np.mgrid[0:side, 0:side] + phase
    if kind == "horizontal stripes":
        return (rows // (period // 2)) % 2 == 0
    if kind == "vertical stripes":
        return (cols // (period // 2)) % 2 == 0
    if kind == "checks":
        return ((rows // (period // 2)) + (cols // (period // 2))) % 2 == 0
    if kind == "dots":
        return ((rows % period) - period / 2) ** 2 + ((cols % period) - period / 2) ** 2 < (period / 3.2) ** 2
    # the distractor: diagonal stripes, a texture of no class
    return ((rows + cols) // (period // 2)) % 2 == 0


def make_image(rng, shape: tuple[int, int]) -> tuple[np.ndarray, int, tuple[int, int, int]]:
    """(H×W×3 uint8, label, (top, left, side)): clutter, a distractor patch, the class's patch."""
    height, width = shape
    image = rng.integers(70, 150, (height, width, 3)).astype(np.uint8)
    for _ in range(14):  # clutter: rectangles of any colour and size
        h, w = rng.integers(4, height // 3), rng.integers(4, width // 3)
        top, left = rng.integers(0, height - h), rng.integers(0, width - w)
        image[top:top + h, left:left + w] = rng.integers(0, 256, 3)
    side = min(height, width) // 4
    label = int(rng.integers(len(CLASSES)))
    while True:
        top, left = int(rng.integers(0, height - side)), int(rng.integers(0, width - side))
        d_top, d_left = int(rng.integers(0, height - side)), int(rng.integers(0, width - side))
        if abs(top - d_top) >= side or abs(left - d_left) >= side:
            break
    for (t, l_), kind in (((d_top, d_left), "distractor"), ((top, left), CLASSES[label])):
        pattern = texture(kind, side, 2 * int(rng.integers(3, 5)), int(rng.integers(0, 6)))
        ink, paper = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
        image[t:t + side, l_:l_ + side] = np.where(pattern[..., None], ink, paper)
    return image, label, (top, left, side)


def to_tensor(images: list[np.ndarray]) -> torch.Tensor:
    batch = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).float() / 255
    return (batch - MEAN) / STD


def train_model(shape, count: int, epochs: int, seed: int):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    data = [make_image(rng, shape) for _ in range(count)]
    x, y = to_tensor([d[0] for d in data]), torch.tensor([d[1] for d in data])
    model = build_model("resnet18", len(CLASSES), shape)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=5e-4)
    steps = epochs * ((count + 63) // 64)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 2e-3, total_steps=steps)
    start = time.perf_counter()
    for _ in range(epochs):
        model.train()
        for batch in torch.randperm(count).split(64):
            flip = x[batch].flip(-1) if torch.rand(()) < 0.5 else x[batch]  # textures here are mirror-symmetric
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(flip), y[batch]).backward()
            optimizer.step()
            schedule.step()
    model.eval()
    return model, time.perf_counter() - start


def pointing(maps: np.ndarray, boxes, map_size: tuple[int, int]) -> tuple[list[bool], list[bool]]:
    """Per map: peak in the box; peak within one map cell of the box."""
    inside, near = [], []
    for heat, (top, left, side) in zip(maps, boxes):
        row, col = np.unravel_index(np.argmax(heat), heat.shape)
        cell_h, cell_w = heat.shape[0] / map_size[0], heat.shape[1] / map_size[1]
        inside.append(top <= row < top + side and left <= col < left + side)
        near.append(top - cell_h <= row < top + side + cell_h and left - cell_w <= col < left + side + cell_w)
    return inside, near


def explain_all(model, layer, method, x, batch=BATCH, targets=None):
    """(maps, logits, seconds); `targets`: one class per image, or None for each one's predicted class."""
    explainer = CamExplainer(model, layer, method)
    maps, logits, start = [], [], time.perf_counter()
    for index, chunk in enumerate(x.split(batch)):
        out, m = explainer(chunk, None if targets is None else targets[index * batch:(index + 1) * batch])
        maps.append(m)
        logits.append(out.detach())
    return np.concatenate(maps), torch.cat(logits), time.perf_counter() - start


def evaluate(model, shape, images: int, slow_images: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 1000)
    held = [make_image(rng, shape) for _ in range(images)]
    x, y = to_tensor([h[0] for h in held]), torch.tensor([h[1] for h in held])
    boxes = [h[2] for h in held]
    with torch.inference_mode():
        accuracy = float((torch.cat([model(c) for c in x.split(64)]).argmax(1) == y).float().mean())
    sizes = {m.name: m.size for m in layer_maps(model, "resnet18", shape, "layer4")}
    chosen = default_layer(layer_maps(model, "resnet18", shape, "layer4"), "layer4")
    print(f"\n== {shape[0]}×{shape[1]}: held-out accuracy {accuracy:.1%} on {images} images; default layer "
          f"{chosen} ({sizes[chosen][0]}×{sizes[chosen][1]})")
    truth = y.tolist()
    print("Grad-CAM by layer:                   predicted class:  in box  ±1 cell    true class:  in box  ±1 cell")
    for layer in ("layer4", "layer3", "layer2"):
        maps, _, _ = explain_all(model, layer, "gradcam", x)
        inside, near = pointing(maps, boxes, sizes[layer])
        true_maps, _, _ = explain_all(model, layer, "gradcam", x, targets=truth)
        true_inside, true_near = pointing(true_maps, boxes, sizes[layer])
        print(f"  {layer:8s} {sizes[layer][0]:>2}×{sizes[layer][1]:<3}{'(default)' if layer == chosen else '':10s}"
              f"                 {np.mean(inside):6.1%}   {np.mean(near):6.1%}              "
              f"{np.mean(true_inside):6.1%}   {np.mean(true_near):6.1%}")
    print(f"Methods at {chosen}:  n   in box  ±1 cell  (true class: ±1 cell)  del AUC  ins AUC  share  faithful  "
          "sanity(head, +layer4)  maps/s  score/map")
    for method in CAM_METHODS:
        if unsupported_reason(method, "nchw"):
            continue
        n = images if method in FAST_METHODS else min(images, slow_images)
        maps, logits, cam_time = explain_all(model, chosen, method, x[:n])
        inside, near = pointing(maps, boxes[:n], sizes[chosen])
        true_near = pointing(explain_all(model, chosen, method, x[:n], targets=truth[:n])[0], boxes[:n],
                             sizes[chosen])[1]
        targets = logits.argmax(1).tolist()
        start = time.perf_counter()
        scores = []
        for i in range(0, n, 32):
            end = min(n, i + 32)
            scores += score_maps(model, x[i:end], maps[i:end], targets[i:end])
        score_time = time.perf_counter() - start
        shares = [s.share for s in scores if s.share is not None]
        sanity = run_sanity_check(model, "fc", chosen, method, x[:min(n, 16)], steps=2)
        after = [step.mean for step in sanity.steps]
        print(f"  {method:18s} {n:>4} {np.mean(inside):7.1%} {np.mean(near):7.1%}         {np.mean(true_near):7.1%}        "
              f"{np.mean([s.deletion_auc for s in scores]):7.3f}  {np.mean([s.insertion_auc for s in scores]):7.3f}  "
              f"{np.mean(shares) if shares else float('nan'):5.2f}  "
              f"{sum(s.verdict == 'faithful' for s in scores):>4}/{n:<4}  "
              f"{after[0]:6.2f} {after[1] if len(after) > 1 else float('nan'):6.2f}          "
              f"{n / cam_time:7.1f}  {score_time / cam_time:6.2f}×")


PARITY_ARCHS = ("resnet18", "mobilenet_v3_small", "densenet121", "efficientnet_b0", "convnext_tiny", "vit_b_16",
                "swin_t", "vgg11_bn")


def parity(images: int) -> None:
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    print("\n== parity with pytorch-grad-cam (lowest correlation over the images; fast-path methods)")
    print(f"  {'architecture':20s}{'shape':8s}" + "".join(f"{m[:11]:>12s}" for m in FAST_METHODS))
    lowest = 1.0
    for name in PARITY_ARCHS:
        arch = get_architecture(name)
        shapes = [(64, 64)] if arch.layout == "tokens" else [(64, 64), (64, 96)]
        for shape in shapes:
            torch.manual_seed(0)
            model = build_model(name, 5, shape).eval()
            batch = torch.randn(images, 3, *shape)
            row = []
            for method, library_class in FAST_METHODS.items():
                logits, ours = CamExplainer(model, arch.cam_layer, method, arch.layout)(batch)
                reference = library_class(model, [get_module(model, arch.cam_layer)],
                                          reshape_transform=lambda t, layout=arch.layout: to_nchw(t, layout))
                try:
                    theirs = reference(batch, [ClassifierOutputTarget(int(c)) for c in logits.argmax(1)])
                finally:
                    reference.activations_and_grads.release()
                correlations = []
                for a, b in zip(ours, theirs):
                    if a.std() < 1e-7 and b.std() < 1e-7:
                        correlations.append(1.0)  # both flat: the same (empty) map
                    else:
                        correlations.append(float(np.corrcoef(a.ravel(), b.ravel())[0, 1]))
                row.append(min(correlations))
            lowest = min(lowest, *row)
            print(f"  {name:20s}{shape[0]}×{shape[1]:<5}" + "".join(f"{r:12.4f}" for r in row))
    print(f"  lowest: {lowest:.4f} (goal ≥ 0.99); library-only methods ({', '.join(LIBRARY_METHODS)}) "
          "are the library's own code")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=2400, help="training images per shape")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--images", type=int, default=300, help="held-out images per shape")
    parser.add_argument("--slow-images", type=int, default=32, help="held-out images for the slow methods")
    parser.add_argument("--parity-images", type=int, default=2)
    parser.add_argument("--shapes", default="96x96,64x160")
    parser.add_argument("--skip-parity", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default=None,
                        help="keep the trained models in this folder and reuse them when run again with the same "
                             "shape, --train and --epochs (training is most of the run's time)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    for index, text in enumerate(args.shapes.split(",")):
        shape = tuple(int(v) for v in text.split("x"))
        kept = Path(args.models) / f"resnet18_{text}_{args.train}_{args.epochs}_{index}.pt" if args.models else None
        if kept is not None and kept.exists():
            model = build_model("resnet18", len(CLASSES), shape)
            model.load_state_dict(torch.load(kept, weights_only=True))
            model.eval()
            print(f"\nreused {kept}")
        else:
            model, seconds = train_model(shape, args.train, args.epochs, seed=index)
            print(f"\ntrained resnet18 on {args.train} {shape[0]}×{shape[1]} images, {args.epochs} epochs, "
                  f"{seconds:.0f} s")
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                torch.save(model.state_dict(), kept)
        evaluate(model, shape, args.images, args.slow_images, seed=index)
    if not args.skip_parity:
        parity(args.parity_images)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
