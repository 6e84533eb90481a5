"""The training form and train.py build the same TrainConfig, and the form's copied defaults and
choices still match core (ui/ cannot import core, so these tests are what keeps them in step)."""
import dataclasses

import pytest

import train
from core.data.augment import AUGMENTATIONS
from core.data.preprocess import RESIZE_MODES
from core.models.registry import ARCHITECTURES
from core.training.trainconfig import BALANCING, MONITORS, OPTIMIZERS, SCHEDULES, TrainConfig
from ui.training import train_settings
from ui.training.train_form import TrainForm


def normalised(values: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if k not in ("data", "out")}


@pytest.fixture
def form(qtbot):
    widget = TrainForm()
    qtbot.addWidget(widget)
    widget.set_architectures([{"name": name, "description": arch.description, "params_millions": None}
                              for name, arch in ARCHITECTURES.items()])
    widget.set_devices([("cpu", "CPU"), ("cuda:0", "GPU 0")])
    return widget


def test_form_defaults_equal_trainconfig_defaults(qtbot):
    form = TrainForm()
    qtbot.addWidget(form)
    assert set(form.values()) == {f.name for f in dataclasses.fields(TrainConfig)}
    assert normalised(form.values()) == normalised(dataclasses.asdict(TrainConfig()))
    assert normalised(train_settings.DEFAULTS) == normalised(dataclasses.asdict(TrainConfig()))


def test_form_choices_equal_core_choices():
    assert train_settings.AUGMENTATIONS == AUGMENTATIONS
    assert train_settings.RESIZE_MODES == RESIZE_MODES
    assert train_settings.OPTIMIZERS == OPTIMIZERS
    assert train_settings.SCHEDULES == SCHEDULES
    assert train_settings.MONITORS == MONITORS
    assert train_settings.BALANCING == BALANCING


def cli_config(*flags) -> TrainConfig:
    return train.config_from_args(train.make_parser().parse_args(list(flags)))


def test_non_default_form_equals_the_command_line(form, tmp_path):
    weights = tmp_path / "start.pt"
    weights.write_bytes(b"")
    form.set_values({
        "data": str(tmp_path), "out": str(tmp_path / "runs"), "model": "efficientnet_b0", "pretrained": str(weights),
        "cam_layer": "features.6", "input_size": (192, 256), "resize_mode": "letterbox", "classes": ["cat", "dog"],
        "val_ratio": 0.15, "test_ratio": 0.05, "epochs": 30, "batch_size": 64, "lr": 0.0032, "optimizer": "sgd",
        "momentum": 0.85, "nesterov": True, "weight_decay": 5e-05, "label_smoothing": 0.1, "grad_clip": 1.5,
        "schedule": "multistep", "warmup_epochs": 1.5, "step_size": 7, "milestones": [10, 20], "gamma": 0.5,
        "freeze_epochs": 2, "backbone_lr_scale": 0.25, "early_stopping": 5, "monitor": "val_f1",
        "augment": ["vflip", "rotate", "color", "blur", "erase"], "balance": "sampler", "cache": "off",
        "workers": 3, "device": "cuda:0", "amp": False, "seed": 7, "tensorboard": True,
    })
    from_form = TrainConfig(**form.values())
    from_cli = cli_config(
        "--data", str(tmp_path), "--out", str(tmp_path / "runs"), "--model", "efficientnet_b0",
        "--pretrained", str(weights), "--cam-layer", "features.6", "--input-size", "192,256",
        "--resize-mode", "letterbox", "--classes", "cat,dog", "--val-ratio", "0.15", "--test-ratio", "0.05",
        "--epochs", "30", "--batch-size", "64", "--lr", "3.2e-3", "--optimizer", "sgd", "--momentum", "0.85",
        "--nesterov", "--weight-decay", "5e-5", "--label-smoothing", "0.1", "--grad-clip", "1.5",
        "--schedule", "multistep", "--warmup-epochs", "1.5", "--step-size", "7", "--milestones", "10,20",
        "--gamma", "0.5", "--freeze-epochs", "2", "--backbone-lr-scale", "0.25", "--early-stopping", "5",
        "--monitor", "val_f1", "--augment", "vflip,rotate,color,blur,erase", "--balance", "sampler",
        "--cache", "off", "--workers", "3", "--device", "cuda:0", "--no-amp", "--seed", "7", "--tensorboard")
    assert from_form == from_cli
    assert form.validate() == []
    from_form.validate()  # what the form accepts, the engine accepts


def test_defaults_and_edge_choices_equal_the_command_line(form, tmp_path):
    form.set_values({"data": str(tmp_path), "augment": [], "pretrained": "torchvision", "schedule": "none"})
    assert TrainConfig(**form.values()) == cli_config(
        "--data", str(tmp_path), "--augment", "none", "--pretrained", "torchvision", "--schedule", "none")
    form.set_values({**train_settings.DEFAULTS, "data": str(tmp_path)})
    assert TrainConfig(**form.values()) == cli_config("--data", str(tmp_path))
