"""core.data.augment: every named augmentation keeps size and dtype, is random, and is reproducible."""
import pickle
import sys

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, Dataset

from core.data.augment import AUGMENTATIONS, DEFAULT_AUGMENT, Augment, build_augment, parse_names

SIZE = (24, 40)  # non-square on purpose


def _image(size=SIZE, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)


@pytest.mark.parametrize("name", AUGMENTATIONS)
def test_every_name_keeps_shape_dtype_and_input(name):
    aug = build_augment([name], SIZE)
    rgb = _image()
    before = rgb.copy()
    changed = 0
    for _ in range(30):
        out = aug(rgb)
        assert out.shape == rgb.shape and out.dtype == np.uint8 and out.flags["C_CONTIGUOUS"]
        changed += not np.array_equal(out, rgb)
    assert np.array_equal(rgb, before)  # the caller's array (maybe the dataset cache) is untouched
    assert changed > 0, f"{name} never changed the image in 30 tries"


def test_all_together_on_a_wide_input():
    size = (192, 512)
    aug = build_augment(",".join(AUGMENTATIONS), size)
    assert aug.names == ("crop", "translate", "rotate", "hflip", "vflip", "trivialaugment", "randaugment", "color",
                         "blur", "erase")
    for seed in range(5):
        assert aug(_image(size, seed)).shape == (*size, 3)


def test_crop_really_crops_non_square_inputs():
    # An absolute 3/4..4/3 aspect never fits a 192x512 image at scale >= 0.7 and would fall back
    # to the whole image every time; ours is relative to the image's shape.
    size = (192, 512)
    aug = build_augment(["crop"], size)
    rgb = _image(size)
    assert sum(not np.array_equal(aug(rgb), rgb) for _ in range(20)) >= 15


@pytest.mark.parametrize("name, flip", [("hflip", lambda a: a[:, ::-1]), ("vflip", lambda a: a[::-1])])
def test_flips_half_of_the_time(name, flip):
    aug = build_augment(name, SIZE)
    rgb = _image()
    flipped = sum(np.array_equal(aug(rgb), flip(rgb)) for _ in range(200))
    kept = sum(np.array_equal(aug(rgb), rgb) for _ in range(200))
    assert 60 < flipped < 140 and 60 < kept < 140


def test_translate_shifts_by_whole_pixels_within_its_limit_and_reflects_the_edge():
    size = (32, 32)
    aug = build_augment(["translate"], size, translate=0.125)  # at most 4 pixels
    rgb = _image(size)
    shifts = set()
    for _ in range(60):
        out = aug(rgb)
        found = [(dy, dx) for dy in range(-4, 5) for dx in range(-4, 5)
                 if np.array_equal(out[max(dy, 0):32 + min(dy, 0), max(dx, 0):32 + min(dx, 0)],
                                   rgb[max(-dy, 0):32 + min(-dy, 0), max(-dx, 0):32 + min(-dx, 0)])]
        assert found, "not a shift of the image by at most 4 pixels"
        dy, dx = found[0]
        shifts.add((dy, dx))
        if dx > 0:  # the uncovered left columns mirror the image's own (BORDER_REFLECT_101)
            assert np.array_equal(out[:, dx - 1], out[:, dx + 1])
    assert len(shifts) > 10


@pytest.mark.parametrize("name", ["trivialaugment", "randaugment"])
def test_automatic_policies_follow_the_per_sample_seed(name):
    from core.data.dataset import _seeded
    aug = build_augment([name], SIZE)
    rgb = _image()
    outs = [_seeded(aug, rgb, seed) for seed in range(12)]
    assert len({o.tobytes() for o in outs}) > 6, "the policy barely varies"
    assert all(np.array_equal(_seeded(aug, rgb, seed), outs[seed]) for seed in range(12))
    before = torch.get_num_threads()
    aug(rgb)
    assert torch.get_num_threads() == before  # one thread for the call only


def test_names_are_parsed_and_checked():
    assert parse_names(" hflip, Crop ,hflip") == ("hflip", "crop")
    assert build_augment("none", SIZE) is None and build_augment([], SIZE) is None
    assert build_augment(None, SIZE) is None
    assert set(DEFAULT_AUGMENT) <= set(AUGMENTATIONS)
    with pytest.raises(ValueError) as info:
        build_augment(["hflip", "sharpen"], SIZE)
    assert "sharpen" in str(info.value) and all(n in str(info.value) for n in AUGMENTATIONS)


def test_wrong_input_size_is_refused():
    with pytest.raises(ValueError, match="24×40"):
        build_augment("hflip", SIZE)(_image((40, 24)))


def test_global_torch_seed_makes_runs_reproducible():
    aug = build_augment(AUGMENTATIONS, SIZE)
    rgb = _image()
    torch.manual_seed(7)
    first = [aug(rgb) for _ in range(10)]
    torch.manual_seed(7)
    second = [aug(rgb) for _ in range(10)]
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    assert not all(np.array_equal(first[0], b) for b in first[1:])


def test_own_seed_ignores_global_rng_and_survives_pickling():
    rgb = _image()
    a, b = Augment(AUGMENTATIONS, SIZE, seed=3), Augment(AUGMENTATIONS, SIZE, seed=3)
    torch.manual_seed(0)
    first = [a(rgb) for _ in range(5)]
    torch.manual_seed(1)
    second = [b(rgb) for _ in range(5)]
    assert all(np.array_equal(x, y) for x, y in zip(first, second))
    copy = pickle.loads(pickle.dumps(a))  # used generator is not pickled: the copy starts afresh
    assert np.array_equal(copy(rgb), first[0])


class _Repeat(Dataset):
    def __init__(self, aug):
        self.aug, self.rgb = aug, _image()

    def __len__(self):
        return 8

    def __getitem__(self, i):
        return torch.from_numpy(self.aug(self.rgb))


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method keeps this test fast")
@pytest.mark.parametrize("seed", [None, 5])
def test_dataloader_workers_draw_differently(seed):
    aug = build_augment(["crop", "color"], SIZE, seed=seed)
    loader = DataLoader(_Repeat(aug), batch_size=1, num_workers=2, multiprocessing_context="fork")
    torch.manual_seed(0)
    batches = [b[0] for b in loader]  # items alternate between the two workers
    assert not torch.equal(batches[0], batches[1])  # first item of worker 0 vs of worker 1
    torch.manual_seed(0)
    assert all(torch.equal(x, y) for x, y in zip(batches, [b[0] for b in loader]))
