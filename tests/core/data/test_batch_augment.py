"""Flips and shifts of the whole batch (core/data/batch_augment.py) draw what the per-sample path draws,
and a run whose augmentations are all batch-capable uses them, repeatably."""
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from core.data.augment import Augment
from core.data.batch_augment import BatchAugment, batch_capable
from core.training.checkpoint import read_resume_state
from core.training.distributed import Cluster
from core.training.run_data import Data
from core.training.train import train
from core.training.train_events import BatchEnd, Finished
from core.training.trainconfig import TrainConfig


def test_which_lists_run_on_the_batch():
    assert batch_capable(["hflip", "translate"]) and batch_capable("vflip") and batch_capable("hflip,vflip,translate")
    assert not batch_capable(["hflip", "crop"]) and not batch_capable([]) and not batch_capable("none")
    with pytest.raises(ValueError):
        BatchAugment(["hflip", "color"], 0.125)


@pytest.mark.parametrize("shape", [(6, 7), (28, 28), (5, 12)])
def test_each_shift_equals_opencvs_reflected_shift_of_that_image(shape):
    h, w = shape
    torch.manual_seed(0)
    x = torch.rand(64, 3, h, w)
    translate = 0.34
    torch.manual_seed(1)
    out = BatchAugment(["translate"], translate)(x)
    torch.manual_seed(1)  # the same draws, in the same order
    dy = ((torch.rand(64) * 2 - 1) * translate * h).round()
    dx = ((torch.rand(64) * 2 - 1) * translate * w).round()
    assert out.shape == x.shape and out.dtype == x.dtype
    assert len(set(zip(dy.tolist(), dx.tolist()))) > 10  # many different shifts in one batch
    for i in range(64):
        image = x[i].permute(1, 2, 0).numpy()
        moved = cv2.warpAffine(image, np.float32([[1, 0, dx[i]], [0, 1, dy[i]]]), (w, h), flags=cv2.INTER_NEAREST,
                               borderMode=cv2.BORDER_REFLECT_101)  # what core/data/augment.py does per image
        np.testing.assert_array_equal(out[i].permute(1, 2, 0).numpy(), moved)


def test_shifts_span_the_same_range_as_the_per_sample_path():
    torch.manual_seed(0)
    x = torch.zeros(4000, 1, 28, 28)
    x[:, :, 14, 14] = 1  # one bright pixel: where it lands is the shift
    out = BatchAugment(["translate"], 0.125)(x)
    where = out[:, 0].flatten(1).argmax(1)
    rows, cols = where // 28 - 14, where % 28 - 14
    per_sample = Augment(["translate"], (28, 28))
    image = np.zeros((28, 28, 3), np.uint8)
    image[14, 14] = 255
    seen = {tuple(int(v) - 14 for v in np.argwhere(per_sample(image)[:, :, 0])[0]) for _ in range(2000)}
    assert set(zip(rows.tolist(), cols.tolist())) == seen  # -4..4 pixels each way at 28 px, as per sample


def test_flips_turn_about_half_the_images_and_leave_the_rest():
    torch.manual_seed(0)
    x = torch.rand(1000, 3, 8, 9)
    out = BatchAugment(["hflip"], 0.125)(x)
    flipped = torch.tensor([torch.equal(o, i.flip(2)) for o, i in zip(out, x)])
    same = torch.tensor([torch.equal(o, i) for o, i in zip(out, x)])
    assert bool((flipped | same).all()) and 400 < int(flipped.sum()) < 600
    both = BatchAugment(["hflip", "vflip"], 0.125)(x)
    upside_down = sum(torch.equal(o, i.flip(1)) or torch.equal(o, i.flip(1).flip(2)) for o, i in zip(both, x))
    assert 400 < upside_down < 600


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, write_square_classes) -> Path:
    return write_square_classes(tmp_path_factory.mktemp("batch_augment"), ("a", "b", "c"), 8, 24, seed=5)


def _config(dataset, out, augment, **overrides) -> TrainConfig:
    values = dict(data=str(dataset), out=str(out), model="small_resnet_s", input_size=(24, 24), epochs=2,
                  batch_size=8, lr=0.05, optimizer="sgd", val_ratio=0.25, test_ratio=0.25, workers=0, seed=0,
                  cache="on", augment=augment)
    values.update(overrides)
    return TrainConfig(**values)


def test_a_run_with_flips_and_shifts_augments_the_batch_and_others_per_image(dataset, tmp_path):
    cpu = Cluster(0, 1, torch.device("cpu"))
    fast = Data(_config(dataset, tmp_path, ["hflip", "translate"]), cpu)
    assert fast.train_set.augment is None and fast.batch_augment.names == {"hflip", "translate"}
    mixed = Data(_config(dataset, tmp_path, ["hflip", "crop"]), cpu)
    assert mixed.batch_augment is None and mixed.train_set.augment.names == ("crop", "hflip")


def test_batches_the_model_trains_on_are_augmented(dataset, tmp_path, monkeypatch):
    seen = []
    original = BatchAugment.__call__

    def spy(self, x):
        out = original(self, x)
        seen.append((x.clone(), out))
        return out
    monkeypatch.setattr(BatchAugment, "__call__", spy)
    done = next(e for e in train(_config(dataset, tmp_path, ["hflip", "translate"], epochs=1))
                if isinstance(e, Finished))
    assert not done.failed and seen
    assert any(not torch.equal(before, after) for before, after in seen)


def test_stopped_then_resumed_equals_uninterrupted_with_batch_augmentation(dataset, tmp_path):
    augment = ["hflip", "vflip", "translate"]

    def config(out):
        return _config(dataset, out, augment, batch_size=4)  # three batches an epoch: the stop lands inside one
    straight = next(e for e in train(config(tmp_path / "a")) if isinstance(e, Finished))
    seen = []
    events = []
    for event in train(config(tmp_path / "b"), lambda: bool(seen) and seen[-1].epoch == 2):
        events.append(event)
        if isinstance(event, BatchEnd):
            seen.append(event)
    stopped = next(e for e in events if isinstance(e, Finished))
    assert stopped.stopped
    resumed = next(e for e in train(config(tmp_path / "b"), resume=stopped.run_dir)
                   if isinstance(e, Finished))
    a, b = (read_resume_state(Path(done.run_dir) / "last.pt")["state_dict"] for done in (straight, resumed))
    assert all(torch.equal(a[k], b[k]) for k in a), "the resumed run augmented differently"
