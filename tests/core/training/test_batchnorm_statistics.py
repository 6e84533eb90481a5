"""Batch-norm statistics recomputed before a short epoch's validation: exact, limited to the layers that
train, and what a short run's best.pt keeps."""
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from core.data.splits import find_splits
from core.models.modelfile import load_model_file
from core.training.batchnorm_statistics import FEW_STEPS, IMAGES, images_to_recompute, recompute, training_batchnorm
from core.training.train import train
from core.training.train_events import Finished, Message
from core.training.trainconfig import TrainConfig


def network() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Dropout(0.5),
                         nn.Conv2d(4, 5, 3), nn.BatchNorm2d(5), nn.Flatten(), nn.LazyLinear(2))


def batches(count=3, size=6):
    generator = torch.Generator().manual_seed(1)
    return [(torch.randn(size, 3, 8, 8, generator=generator) * 2 + 1, torch.zeros(size, dtype=torch.long))
            for _ in range(count)]


def test_the_statistics_become_the_averages_over_the_images_with_everything_else_as_validation_runs():
    net = network()
    net(torch.zeros(2, 3, 8, 8))  # the lazy layer takes its shape
    net.train()
    first, second = net[1], net[5]
    second.eval()  # a frozen layer: its statistics stay
    second.running_mean.fill_(7.0)
    first.running_mean.fill_(-3.0)
    first.running_var.fill_(50.0)
    loader = batches()

    recompute(net, training_batchnorm(net), loader, torch.device("cpu"), torch.contiguous_format, amp=False)

    with torch.no_grad():
        outputs = [net[0](x) for x, _ in loader]
    means = torch.stack([o.mean((0, 2, 3)) for o in outputs])
    variances = torch.stack([o.var((0, 2, 3), unbiased=True) for o in outputs])
    assert torch.allclose(first.running_mean, means.mean(0), atol=1e-5)
    assert torch.allclose(first.running_var, variances.mean(0), atol=1e-5)
    assert torch.all(second.running_mean == 7.0), "a frozen layer's statistics were recomputed"
    assert first.momentum == 0.1 and net.training and net[3].training and first.training and not second.training


def test_dropout_is_off_while_the_statistics_are_recomputed():
    """Validation runs without dropout, so the layers after it are measured without it too."""
    net = network()
    net(torch.zeros(2, 3, 8, 8))
    net.train()
    loader = batches()
    recompute(net, ["5"], loader, torch.device("cpu"), torch.contiguous_format, amp=False)
    net.eval()
    with torch.no_grad():
        outputs = [net[:5](x) for x, _ in loader]
    assert torch.allclose(net[5].running_mean, torch.stack([o.mean((0, 2, 3)) for o in outputs]).mean(0), atol=1e-5)


@pytest.mark.parametrize("train_images, batch, expected", [
    (270, 64, 270),                          # 4 steps an epoch: all of them
    (64 * (FEW_STEPS - 1), 64, IMAGES),      # just short: a sample
    (64 * FEW_STEPS, 64, 0),                 # enough steps: the running averages follow the weights
    (54_000, 256, 0),
    (10, 32, 10),                            # fewer images than a batch: one step
])
def test_only_epochs_of_few_steps_recompute(train_images, batch, expected):
    assert images_to_recompute(train_images, batch) == expected


@pytest.fixture(scope="module")
def stripes(tmp_path_factory) -> Path:
    """Two classes of 40 images: horizontal and vertical stripes, noisy."""
    root = tmp_path_factory.mktemp("stripes")
    rng = np.random.default_rng(0)
    for name, axis in (("horizontal", 0), ("vertical", 1)):
        (root / name).mkdir()
        for i in range(40):
            image = rng.integers(0, 60, (16, 16, 3), dtype=np.uint8)
            lines = np.zeros((16, 16), dtype=bool)
            if axis == 0:
                lines[::4] = True
            else:
                lines[:, ::4] = True
            image[lines] = 230
            Image.fromarray(image).save(root / name / f"{i}.png")
    return root


def test_a_short_run_keeps_statistics_that_describe_its_best_weights(stripes, tmp_path):
    """5 steps an epoch at a high rate: the running averages alone would still hold much of their start
    and of every epoch's weights; best.pt's describe its own weights on the training images."""
    config = TrainConfig(data=str(stripes), out=str(tmp_path), model="small_resnet_s", input_size=(16, 16), epochs=3,
                         batch_size=12, lr=0.5, val_ratio=0.25, test_ratio=0.0, workers=0, augment=[], seed=0)
    events = list(train(config))
    said = [e.text for e in events if isinstance(e, Message) and "batch norm" in e.text]
    assert said == ["5 training steps an epoch: too few for batch norm's running averages to follow the weights, "
                    "so they are recomputed on 60 training images before each validation"]
    best = load_model_file(Path(next(e for e in events if isinstance(e, Finished)).run_dir) / "best.pt")
    training = find_splits(config.data, config.val_ratio, config.test_ratio, config.seed).train
    assert len(training) == 60  # five batches of 12: each counts the same in the average
    images = torch.stack([best.preprocess(np.asarray(Image.open(path).convert("RGB"))) for path, _ in training])
    conv, norm = best.model.stem[0], best.model.stem[1]
    with torch.no_grad():
        outputs = conv(images)
    assert torch.allclose(norm.running_mean, outputs.mean((0, 2, 3)), atol=1e-4)
    assert torch.allclose(norm.running_var, outputs.var((0, 2, 3)), rtol=0.05)  # per batch of 12, then averaged


def test_an_epoch_of_many_steps_keeps_the_running_averages(stripes, tmp_path):
    config = TrainConfig(data=str(stripes), out=str(tmp_path), model="small_resnet_s", input_size=(16, 16), epochs=1,
                         batch_size=1, val_ratio=0.25, test_ratio=0.0, workers=0, augment=[], seed=0)
    events = list(train(config))
    assert not [e for e in events if isinstance(e, Message) and "batch norm" in e.text]
    best = load_model_file(Path(next(e for e in events if isinstance(e, Finished)).run_dir) / "best.pt")
    assert int(best.model.stem[1].num_batches_tracked) == 60  # one update a step, none recomputed
