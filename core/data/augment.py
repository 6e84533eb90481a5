"""Named training augmentations on uint8 HxWx3 images at the model's input size.

Users pick them by name (``--augment hflip,crop,color``). They run per sample, in the loader, on
the uint8 image the dataset has already resized (or cached): numpy/OpenCV for the simple ones,
torchvision's TrivialAugmentWide and RandAugment on a CHW view of the same array. That keeps the
pipeline ``load -> resize -> augment -> normalize`` the same for every model; MixUp and CutMix,
which mix whole batches, are core/training/mixing.py.

Randomness comes from torch. With ``seed=None`` every image draws from torch's global RNG, so
``torch.manual_seed`` makes a run with ``num_workers=0`` reproducible, and in DataLoader workers
(which torch seeds with ``base_seed + worker_id``, a new ``base_seed`` per epoch) every worker
and epoch gets different draws. With an explicit ``seed`` the augmentation owns a generator; in a
worker it is re-seeded from ``seed`` and the worker's seed so that workers still differ.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
import torch
from torch.utils.data import get_worker_info

from core.data.augment_names import AUGMENTATIONS, DEFAULT_AUGMENT, DEFAULT_TRANSLATE  # noqa: F401 (re-exported)
from core.data.preprocess import IMAGENET_MEAN

# Applied in this order whatever order the user typed: geometry first, then the automatic policies
# (TrivialAugment, RandAugment: one or two random operations each, as torchvision's reference
# recipe puts them after the crop and flip), then colour, blur, and erasing last so its patch stays
# sharp and its noise is not colour-jittered (as torchvision does).
_ORDER = ("crop", "translate", "rotate", "hflip", "vflip", "trivialaugment", "randaugment", "color", "blur",
          "erase")


def parse_names(names) -> tuple[str, ...]:
    """"hflip,crop" or ["hflip", "crop"] -> ("hflip", "crop"); "" / "none" / None -> ()."""
    if names is None:
        return ()
    if isinstance(names, str):
        names = names.split(",")
    cleaned = [str(n).strip().lower() for n in names]
    cleaned = [n for n in cleaned if n and n != "none"]
    unknown = [n for n in cleaned if n not in AUGMENTATIONS]
    if unknown:
        raise ValueError(f"unknown augmentation(s) {', '.join(unknown)}; choose from {', '.join(AUGMENTATIONS)}")
    return tuple(dict.fromkeys(cleaned))


def build_augment(names, input_size: tuple[int, int], seed: int | None = None,
                  mean: tuple[float, float, float] = IMAGENET_MEAN,
                  translate: float = DEFAULT_TRANSLATE) -> "Augment | None":
    """An ``Augment`` for these names, or None when there are none. ``mean`` is the erase fill
    (the normalisation mean, so a grey patch becomes zeros for the model); ``translate`` the
    largest shift, as a share of the side."""
    chosen = parse_names(names)
    return Augment(chosen, input_size, seed, mean, translate) if chosen else None


class _Uniform:
    """Uniform draws, fetched from torch 32 at a time: one torch call costs ~2 µs, so one per
    value would cost more than flipping a small image."""

    def __init__(self, generator: torch.Generator | None):
        self.generator, self.buffer = generator, []

    def __call__(self, low: float = 0.0, high: float = 1.0) -> float:
        if not self.buffer:
            self.buffer = torch.rand(32, generator=self.generator, dtype=torch.float64).tolist()
        return low + (high - low) * self.buffer.pop()


class Augment:
    """Callable uint8 HxWx3 -> uint8 HxWx3 of the same size. A class, not a closure, so it
    pickles into DataLoader worker processes on Windows and macOS (spawn)."""

    def __init__(self, names, input_size: tuple[int, int], seed: int | None = None,
                 mean: tuple[float, float, float] = IMAGENET_MEAN, translate: float = DEFAULT_TRANSLATE):
        chosen = set(parse_names(names))
        self.names = tuple(n for n in _ORDER if n in chosen)
        self.input_size = (int(input_size[0]), int(input_size[1]))
        self.seed = seed
        self.fill = np.array([round(m * 255) for m in mean], dtype=np.uint8)
        self.translate = float(translate)
        self._generator, self._worker_seed = None, None

    def __repr__(self) -> str:
        return f"Augment({', '.join(self.names)})"

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_generator"] = state["_worker_seed"] = None  # each process makes its own
        return state

    def _torch_generator(self) -> torch.Generator | None:
        if self.seed is None:
            return None  # torch's global RNG
        info = get_worker_info()
        worker_seed = info.seed if info is not None else None
        if self._generator is None or worker_seed != self._worker_seed:
            mixed = self.seed if worker_seed is None else hash((self.seed, worker_seed))
            self._generator = torch.Generator().manual_seed(mixed % 2**63)
            self._worker_seed = worker_seed
        return self._generator

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        if rgb.shape != (*self.input_size, 3) or rgb.dtype != np.uint8:
            # Catches a pipeline that augments before resizing: crops would then change the size.
            raise ValueError(f"augment expects uint8 images of {self.input_size[0]}×{self.input_size[1]}×3, "
                             f"got {rgb.dtype} {'×'.join(map(str, rgb.shape))}")
        generator = self._torch_generator()
        uniform = _Uniform(generator)
        out = rgb
        for name in self.names:
            if name == "translate":
                out = _translate(out, uniform, self.translate)
            elif name in _AUTOMATIC:
                out = _policy(name, out, uniform, generator, self.fill)
            else:
                out = _OPS[name](out, uniform, generator, self.fill)
        return np.ascontiguousarray(out)


def _hflip(rgb, uniform, generator, fill):
    # cv2.flip writes a contiguous result ~10x faster than numpy copying a reversed view.
    return cv2.flip(np.ascontiguousarray(rgb), 1) if uniform() < 0.5 else rgb


def _vflip(rgb, uniform, generator, fill):
    return cv2.flip(np.ascontiguousarray(rgb), 0) if uniform() < 0.5 else rgb


def _rotate(rgb, uniform, generator, fill):
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), uniform(-15.0, 15.0), 1.0)
    # Reflected borders instead of black corners, which a model could learn to key on.
    return cv2.warpAffine(np.ascontiguousarray(rgb), matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT_101)


def _crop(rgb, uniform, generator, fill, scale=(0.7, 1.0), ratio=(3 / 4, 4 / 3)):
    """Random resized crop. The aspect ratio is drawn *relative to the image's own* shape: for a
    192×512 input an absolute 3/4..4/3 crop never fits and torchvision would fall back to the
    whole image every time."""
    h, w = rgb.shape[:2]
    for _ in range(10):
        area = uniform(*scale)
        aspect = math.exp(uniform(math.log(ratio[0]), math.log(ratio[1])))
        ch, cw = round(h * math.sqrt(area / aspect)), round(w * math.sqrt(area * aspect))
        if 0 < ch <= h and 0 < cw <= w:
            top, left = int(uniform() * (h - ch + 1)), int(uniform() * (w - cw + 1))
            region = rgb[top:top + ch, left:left + cw]
            return cv2.resize(np.ascontiguousarray(region), (w, h), interpolation=cv2.INTER_LINEAR)
    return rgb  # no draw fitted: the whole image is the crop (scale 1.0 is in range)


def _color(rgb, uniform, generator, fill, strength=0.2):
    """Brightness, contrast and saturation jitter folded into one weighted sum (all three are
    linear), computed by OpenCV with rounding and clipping to uint8 in a single pass."""
    b, c, s = (uniform(1 - strength, 1 + strength) for _ in range(3))
    rgb = np.ascontiguousarray(rgb)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mean = float(gray.mean())
    # out = c*b*(s*x + (1-s)*gray) + (1-c)*b*mean
    gray3 = cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB)
    return cv2.addWeighted(rgb, c * b * s, gray3, c * b * (1 - s), (1 - c) * b * mean)


def _blur(rgb, uniform, generator, fill, p=0.3):
    if uniform() >= p:
        return rgb
    sigma = uniform(0.1, 1.5)
    k = 2 * math.ceil(3 * sigma) + 1
    return cv2.GaussianBlur(np.ascontiguousarray(rgb), (k, k), sigma, borderType=cv2.BORDER_REFLECT_101)


def _erase(rgb, uniform, generator, fill, p=0.25, scale=(0.02, 0.33), ratio=(0.3, 3.3)):
    """Random erasing (Zhong et al.) on the uint8 image: a patch of noise or of the mean colour."""
    if uniform() >= p:
        return rgb
    h, w = rgb.shape[:2]
    for _ in range(10):
        area = h * w * uniform(*scale)
        aspect = math.exp(uniform(math.log(ratio[0]), math.log(ratio[1])))
        eh, ew = round(math.sqrt(area * aspect)), round(math.sqrt(area / aspect))
        if 0 < eh < h and 0 < ew < w:
            top, left = int(uniform() * (h - eh + 1)), int(uniform() * (w - ew + 1))
            out = rgb.copy()  # never write into the caller's array (it may be the dataset cache)
            if uniform() < 0.5:
                noise = torch.randint(0, 256, (eh, ew, 3), dtype=torch.uint8, generator=generator)
                out[top:top + eh, left:left + ew] = noise.numpy()
            else:
                out[top:top + eh, left:left + ew] = fill
            return out
    return rgb


def _translate(rgb, uniform, most: float):
    """Shift by up to `most` of each side, whole pixels, the uncovered edge filled by reflection:
    the fast CIFAR recipes' "pad 4 reflected, crop 32" without making the padded copy."""
    h, w = rgb.shape[:2]
    dy, dx = (round(uniform(-most, most) * side) for side in (h, w))
    if not dx and not dy:
        return rgb
    matrix = np.float32([[1, 0, dx], [0, 1, dy]])
    return cv2.warpAffine(np.ascontiguousarray(rgb), matrix, (w, h), flags=cv2.INTER_NEAREST,
                          borderMode=cv2.BORDER_REFLECT_101)


_AUTOMATIC = ("trivialaugment", "randaugment")
_POLICIES: dict = {}  # (name, fill) -> torchvision transform, made on first use in each process


def _policy(name, rgb, uniform, generator, fill):
    """TrivialAugment (one random operation at a random strength) or RandAugment (two at strength
    9), torchvision's, on the uint8 image as a CHW view (no copy in, one copy out).

    torchvision draws from torch's global RNG, which is what this module draws from anyway unless
    the Augment owns a generator (a `seed`): then the global RNG is seeded from that generator for
    the call and given back. One intra-op thread: these are many tiny operations, and two threads
    made them 7-10× slower on a busy 2-core machine (DataLoader workers run with one already)."""
    from torchvision.transforms import v2  # imported once per process, only by runs that use it

    key = (name, tuple(int(v) for v in fill))
    if key not in _POLICIES:
        colour = list(key[1])  # what rotated or sheared-in corners show: the mean colour
        _POLICIES[key] = (v2.TrivialAugmentWide(fill=colour) if name == "trivialaugment"
                          else v2.RandAugment(num_ops=2, magnitude=9, fill=colour))
    chw = torch.from_numpy(np.ascontiguousarray(rgb)).permute(2, 0, 1)
    threads, state = torch.get_num_threads(), None
    torch.set_num_threads(1)
    try:
        if generator is not None:
            state = torch.default_generator.get_state()
            torch.default_generator.manual_seed(int(torch.randint(2**62, (), generator=generator)))
        out = _POLICIES[key](chw)
    finally:
        torch.set_num_threads(threads)
        if state is not None:
            torch.default_generator.set_state(state)
    return out.permute(1, 2, 0).numpy()


_OPS = {"hflip": _hflip, "vflip": _vflip, "rotate": _rotate, "crop": _crop, "color": _color,
        "blur": _blur, "erase": _erase}
