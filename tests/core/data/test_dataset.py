"""core.data: splits from folders and from ratios, the summary (audit), the dataset, class balancing (sampling)."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core.data.audit import summarize
from core.data.dataset import ImageDataset, estimate_cache_bytes, should_cache
from core.data.preprocess import Preprocess
from core.data.reading import SMALL_FILE_BYTES, map_in_threads, reading_threads
from core.data.sampling import balanced_sampler, class_weights
from core.data.splits import Splits, _split_sizes, find_splits


def _tree(root: Path, counts: dict[str, int], size=(6, 6), seed=0) -> Path:
    """root/<class>/<i>.png with distinct random pixels (so no two files are duplicates)."""
    rng = np.random.default_rng(seed)
    for name, n in counts.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8)).save(root / name / f"{i}.png")
    return root


def _names(samples) -> set[str]:
    return {p.as_posix() for p, _ in samples}


def _per_class(samples, n_classes) -> list[int]:
    return np.bincount([label for _, label in samples], minlength=n_classes).tolist()


# ---- splits -------------------------------------------------------------------------------------

def test_ratio_split_is_stratified_complete_and_deterministic(tmp_path):
    root = _tree(tmp_path / "d", {"class10": 20, "class2": 10, "class1": 3})
    s = find_splits(root, val_ratio=0.2, test_ratio=0.1, seed=0)
    assert s.source == "split"
    assert s.class_names == ["class1", "class2", "class10"]  # natural, not string, order
    assert _per_class(s.val, 3) == [1, 2, 4]
    assert _per_class(s.test, 3) == [1, 1, 2]
    assert _per_class(s.train, 3) == [1, 7, 14]
    train, val, test = _names(s.train), _names(s.val), _names(s.test)
    assert not (train & val or train & test or val & test)
    assert train | val | test == {p.as_posix() for p in root.rglob("*.png")}
    for samples in (s.train, s.val, s.test):  # label = the folder the file is in
        assert all(p.parent.name == s.class_names[label] for p, label in samples)

    again = find_splits(root, val_ratio=0.2, test_ratio=0.1, seed=0)
    assert (again.train, again.val, again.test) == (s.train, s.val, s.test)
    other = find_splits(root, val_ratio=0.2, test_ratio=0.1, seed=1)
    assert _names(other.val) != val  # 20 choose 4 etc.: a different seed draws differently


@pytest.mark.parametrize("n, val_ratio, test_ratio, expected", [
    (1, 0.1, 0.1, (0, 0)), (2, 0.1, 0.1, (1, 0)), (2, 0.0, 0.1, (0, 1)), (2, 0.0, 0.0, (0, 0)),
    (3, 0.1, 0.1, (1, 1)), (10, 0.1, 0.1, (1, 1)), (100, 0.1, 0.2, (10, 20)), (5, 0.0, 0.0, (0, 0)),
    (4, 0.5, 0.4, (1, 2)), (3, 0.5, 0.45, (1, 1)), (25, 0.1, 0.0, (3, 0)),
])
def test_split_sizes_rule(n, val_ratio, test_ratio, expected):
    assert _split_sizes(n, val_ratio, test_ratio) == expected


def test_tiny_classes_keep_a_training_image(tmp_path):
    root = _tree(tmp_path / "d", {"one": 1, "two": 2, "three": 3})
    s = find_splits(root)
    assert s.class_names == ["one", "three", "two"]
    assert [_per_class(x, 3) for x in (s.train, s.val, s.test)] == [[1, 1, 1], [0, 1, 1], [0, 1, 0]]


def test_folder_layout_is_used_as_is(tmp_path):
    _tree(tmp_path / "d" / "train", {"cat": 4, "dog": 5})
    _tree(tmp_path / "d" / "valid", {"cat": 2, "dog": 1}, seed=1)
    _tree(tmp_path / "d" / "test", {"cat": 3}, seed=2)
    s = find_splits(tmp_path / "d", val_ratio=0.5)  # ratios do not apply to given splits
    assert s.source == "folders" and s.class_names == ["cat", "dog"]
    assert [_per_class(x, 2) for x in (s.train, s.val, s.test)] == [[4, 5], [2, 1], [3, 0]]
    assert all("/valid/" in p.as_posix() for p, _ in s.val)


def test_missing_val_is_carved_from_train_and_missing_test_stays_empty(tmp_path):
    _tree(tmp_path / "d" / "train", {"a": 10, "b": 20})
    _tree(tmp_path / "d" / "test", {"a": 2, "b": 2}, seed=1)
    s = find_splits(tmp_path / "d", val_ratio=0.1, test_ratio=0.3)
    assert s.source == "folders"
    assert _per_class(s.val, 2) == [1, 2] and _per_class(s.train, 2) == [9, 18]
    assert _per_class(s.test, 2) == [2, 2] and all("/test/" in p.as_posix() for p, _ in s.test)
    assert not _names(s.train) & _names(s.val)

    _tree(tmp_path / "e" / "train", {"a": 10, "b": 10})
    s = find_splits(tmp_path / "e")
    assert s.test == [] and len(s.val) == 2 and len(s.train) == 18


def test_class_only_in_val_is_an_error(tmp_path):
    _tree(tmp_path / "d" / "train", {"cat": 2, "dog": 2})
    _tree(tmp_path / "d" / "val", {"cat": 1, "bird": 1})
    with pytest.raises(ValueError, match="bird.*counterpart"):
        find_splits(tmp_path / "d")


def test_class_subset_keeps_natural_order(tmp_path):
    root = _tree(tmp_path / "d", {"a": 3, "b": 3, "c10": 3, "c9": 3})
    s = find_splits(root, classes=["c10", "a", "c9"])
    assert s.class_names == ["a", "c9", "c10"]
    assert {p.parent.name for p, _ in s.train + s.val + s.test} == {"a", "c9", "c10"}
    assert all(p.parent.name == s.class_names[label] for p, label in s.train)
    with pytest.raises(ValueError, match=r"unknown class zebra.*available: a, b, c9, c10"):
        find_splits(root, classes=["a", "zebra"])
    with pytest.raises(ValueError, match="needs at least 2 classes.*only one: b"):
        find_splits(root, classes=["b"])


def test_error_messages(tmp_path):
    with pytest.raises(ValueError, match="data folder not found"):
        find_splits(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no class folders"):
        find_splits(tmp_path / "empty")
    _tree(tmp_path / "one", {"cat": 3})
    with pytest.raises(ValueError) as info:
        find_splits(tmp_path / "one")
    message = str(info.value)
    assert message.startswith("a classifier needs at least 2 classes") and message.endswith("has only one: cat")
    _tree(tmp_path / "hole", {"cat": 3, "dog": 0})
    with pytest.raises(ValueError, match="class 'dog' has no images"):
        find_splits(tmp_path / "hole")
    with pytest.raises(ValueError, match="ratio"):
        find_splits(tmp_path / "hole", val_ratio=0.6, test_ratio=0.4)


# ---- summary ------------------------------------------------------------------------------------

def test_summary_counts_unreadable_duplicates_and_warnings(tmp_path):
    root = tmp_path / "d"
    _tree(root / "train", {"big": 40, "small": 5})
    _tree(root / "val", {"big": 2, "small": 2}, seed=1)
    _tree(root / "test", {"big": 2, "small": 1}, seed=2)
    (root / "train" / "big" / "broken.png").write_bytes(b"this is not a png")
    leak = root / "test" / "small" / "leak.png"
    leak.write_bytes((root / "train" / "small" / "0.png").read_bytes())  # train image in test
    (root / "train" / "big" / "copy.png").write_bytes((root / "train" / "big" / "1.png").read_bytes())

    splits = find_splits(root)
    assert len(splits.train) == 47
    calls = []
    summary, cleaned = summarize(splits, workers=2, progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (55, 55) and len(calls) <= 201
    assert summary.counts == {"train": {"big": 41, "small": 5}, "val": {"big": 2, "small": 2},
                              "test": {"big": 2, "small": 2}}
    assert [Path(p).name for p, _ in summary.unreadable] == ["broken.png"]
    assert "broken.png" not in {p.name for p, _ in cleaned.train}
    assert len(cleaned.train) == 46 and cleaned.val == splits.val and cleaned.test == splits.test
    assert len(summary.duplicates) == 1
    assert sorted(Path(p).name for p in summary.duplicates[0]) == ["0.png", "leak.png"]
    assert summary.duplicates[0][0].endswith("train/small/0.png")  # split order
    assert summary.duplicates_within == 1
    text = " ".join(summary.warnings)
    assert "imbalanced" in text and "'big' has 41" in text
    assert "fewer than 10" in text and "small (5)" in text
    assert "more than one split" in text and "1 unreadable" in text

    table = summary.text()
    assert "big" in table and "small" in table and "broken.png" in table
    assert [line.split()[1:] for line in table.splitlines() if line.startswith("total")][0] == ["46", "4", "4", "54"]
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["counts"]["train"]["big"] == 41 and data["duplicates_within"] == 1


def test_a_class_too_small_to_validate_or_test_is_named(tmp_path):
    """A class of one image keeps it for training: the warnings spoke of imbalance and tiny classes only, not that
    its validation and test scores would never cover it."""
    root = _tree(tmp_path / "d", {"many": 20, "lonely": 1})
    summary, _ = summarize(find_splits(root, 0.2, 0.2))
    assert summary.counts["val"]["lonely"] == summary.counts["test"]["lonely"] == 0
    for split in ("val", "test"):
        assert (f"no {split} images for: lonely (too few images to set some aside); its {split} scores will not cover "
                "them") in summary.warnings


def test_summary_without_decoding_only_hashes(tmp_path):
    root = _tree(tmp_path / "d", {"a": 12, "b": 12})
    (root / "a" / "bad.png").write_bytes(b"garbage")
    summary, cleaned = summarize(find_splits(root), check_images=False)
    assert summary.unreadable == []
    assert sum(summary.counts["train"].values()) + sum(summary.counts["val"].values()) \
        + sum(summary.counts["test"].values()) == 25
    assert not any("imbalanced" in w for w in summary.warnings)


# ---- dataset ------------------------------------------------------------------------------------

def _samples(tmp_path, n=6, size=(20, 30)):
    root = _tree(tmp_path / "d", {"a": n // 2, "b": n - n // 2}, size=size)
    return [(p, 0 if p.parent.name == "a" else 1) for p in sorted(root.rglob("*.png"))]


def test_dataset_item_shape_dtype_and_normalisation(tmp_path):
    path = tmp_path / "red.png"
    Image.fromarray(np.full((10, 14, 3), (255, 0, 0), np.uint8)).save(path)
    pre = Preprocess((16, 24))
    x, y = ImageDataset([(path, 1)], pre)[0]
    assert x.shape == (3, 16, 24) and x.dtype == torch.float32 and y == 1 and isinstance(y, int)
    expected = [(1 - pre.mean[0]) / pre.std[0], (0 - pre.mean[1]) / pre.std[1], (0 - pre.mean[2]) / pre.std[2]]
    assert torch.allclose(x.mean(dim=(1, 2)), torch.tensor(expected), atol=1e-5)


def test_cache_serves_identical_tensors(tmp_path):
    samples = _samples(tmp_path)
    pre = Preprocess((16, 12), "letterbox")
    plain, cached = ImageDataset(samples, pre), ImageDataset(samples, pre, cache=True)
    progress = []
    cached.preload(workers=3, progress=lambda d, t: progress.append((d, t)))
    assert cached.images.shape == (6, 16, 12, 3) and cached.images.flags["C_CONTIGUOUS"]
    assert progress[-1] == (6, 6)
    assert cached.labels == plain.labels == [0, 0, 0, 1, 1, 1]
    for i in range(len(samples)):
        (a, la), (b, lb) = plain[i], cached[i]
        assert la == lb and torch.equal(a, b)


def test_batches_from_the_cache_equal_the_images_one_by_one(tmp_path):
    samples = _samples(tmp_path)
    pre = Preprocess((16, 12), "letterbox")
    cached = ImageDataset(samples, pre, cache=True)
    keys = [4, (0, 123), 5, (2, 7), 4]  # plain indices and SeededSampler's (index, seed), repeats too
    batch = torch.utils.data.DataLoader(cached, batch_size=len(keys), sampler=keys)
    images, labels = next(iter(batch))  # the DataLoader asks through __getitems__
    one_by_one = [ImageDataset(samples, pre)[key if isinstance(key, int) else key[0]] for key in keys]
    assert torch.equal(images, torch.stack([x for x, _ in one_by_one]))
    assert labels.tolist() == [y for _, y in one_by_one] == [1, 0, 1, 0, 1]
    flipped = ImageDataset(samples, pre, augment=lambda rgb: rgb[:, ::-1], cache=True)  # augmented: per image
    assert torch.equal(flipped.__getitems__([1])[0][0], ImageDataset(samples, pre)[1][0].flip(2))


def test_cache_is_loaded_on_first_use_and_never_altered_by_augment(tmp_path):
    samples = _samples(tmp_path, n=2)

    def zero_in_place(rgb):
        rgb[:] = 0
        return rgb

    ds = ImageDataset(samples, Preprocess((8, 8)), augment=zero_in_place, cache=True)
    x, _ = ds[0]
    assert ds.images is not None and ds.images[0].any()
    assert torch.allclose(x, ImageDataset(samples, Preprocess((8, 8)), augment=zero_in_place)[0][0])


def test_unreadable_file_becomes_black_image_with_label(tmp_path, caplog):
    samples = _samples(tmp_path, n=4)
    samples[1][0].write_bytes(b"truncated")
    pre = Preprocess((8, 8))
    black = pre.normalize(np.zeros((8, 8, 3), np.uint8))
    for cache in (False, True):
        ds = ImageDataset(samples, pre, cache=cache)
        if cache:
            ds.preload()
        x, y = ds[1]
        assert y == samples[1][1] and torch.equal(x, black)
        assert not torch.equal(ds[0][0], black)
        assert list(ds.failed) == [str(samples[1][0])]
    assert "black image" in caplog.text


def test_cache_size_helpers():
    assert estimate_cache_bytes(60_000, (28, 28)) == 60_000 * 28 * 28 * 3
    assert should_cache(60_000, (28, 28))
    assert not should_cache(100_000, (224, 224))  # 15 GB
    assert should_cache(100_000, (224, 224), budget_bytes=16 * 2**30)


# ---- balancing ----------------------------------------------------------------------------------

def test_class_weights_inverse_frequency_mean_one():
    w = class_weights([0, 0, 0, 1], 2)
    assert w.dtype == torch.float32 and torch.allclose(w, torch.tensor([0.5, 1.5]))
    w = class_weights([0, 0, 0, 1, 2, 2], 4)  # class 3 absent: neutral weight
    assert torch.allclose(w[:3].mean(), torch.tensor(1.0)) and w[3] == 1.0
    assert w[1] == pytest.approx(2 * w[2]) and w[2] == pytest.approx(1.5 * w[0])
    with pytest.raises(ValueError):
        class_weights([0, 2], 2)


def test_balanced_sampler_roughly_balances_and_is_seeded():
    labels = [0] * 180 + [1] * 20
    sampler = balanced_sampler(labels, 2, seed=3)
    drawn = [labels[i] for _ in range(5) for i in sampler]
    assert len(drawn) == 1000
    assert 0.4 < sum(drawn) / len(drawn) < 0.6
    assert list(balanced_sampler(labels, 2, seed=3)) == list(balanced_sampler(labels, 2, seed=3))


def test_splits_items_order():
    s = Splits(["a", "b"], [("t", 0)], [("v", 1)], [], "split")
    assert [name for name, _ in s.items()] == ["train", "val", "test"]


def test_summary_hands_decoded_images_to_the_cache_so_each_file_is_decoded_once(tmp_path, monkeypatch):
    import core.data.audit as audit_module
    import core.data.dataset as dataset_module
    root = _tree(tmp_path / "d", {"a": 6, "b": 6}, size=(20, 30))
    (root / "a" / "bad.png").write_bytes(b"garbage")
    decodes = []
    real = dataset_module.load_rgb
    for module in (audit_module, dataset_module):   # the summary and the dataset each decode
        monkeypatch.setattr(module, "load_rgb", lambda path: decodes.append(path) or real(path))
    pre = Preprocess((8, 8))
    kept = {}
    summary, splits = summarize(find_splits(root), keep=lambda path, rgb: kept.__setitem__(str(path), pre.resize(rgb)))
    assert len(decodes) == 13 and len(kept) == 12 and str(root / "a" / "bad.png") not in kept

    cached = ImageDataset(splits.train, pre, cache=True)
    cached.preload(decoded=kept)
    assert len(decodes) == 13   # nothing decoded again
    assert len(kept) == 12 - len(splits.train)   # taken out of the mapping as they were copied
    plain = ImageDataset(splits.train, pre)
    assert all(torch.equal(cached[i][0], plain[i][0]) for i in range(len(plain)))


def test_reading_threads_one_for_small_files_more_for_big_ones(tmp_path, monkeypatch):
    small = _samples(tmp_path / "s", n=4)
    assert reading_threads([p for p, _ in small]) == 1
    big = []
    for i in range(3):
        path = tmp_path / f"big{i}.jpg"
        path.write_bytes(bytes(SMALL_FILE_BYTES + 1))
        big.append(path)
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert reading_threads(big) == 4 and reading_threads(big, most=2) == 2
    assert reading_threads([tmp_path / "missing.png"]) == 1


def test_map_in_threads_keeps_the_order():
    items = list(range(300))
    for threads in (1, 3):
        assert list(map_in_threads(lambda x: x * x, items, threads, chunk=7)) == [x * x for x in items]
