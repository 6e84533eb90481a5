"""The training form and train.py are both made from TrainConfig's schema: the form shows every
option with its label, range, choices, help and group, and both build the same TrainConfig."""
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from PyQt5.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QWidget

import train
from core.data import augment, augment_names
from core.models.model_settings import ARCHITECTURE_NAMES
from core.models.registry import ARCHITECTURES
from core.training.trainconfig import DEFAULTS, SETTINGS, TrainConfig
from ui.training.train_form import TrainForm

ROOT = Path(__file__).resolve().parents[2]
OFFERED = [s for s in SETTINGS.values() if s.option.group]


def normalised(values: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if k not in ("data", "out")}


@pytest.fixture
def form(qtbot):
    widget = TrainForm()
    qtbot.addWidget(widget)
    widget.set_architectures([{"name": name, "description": arch.description, "params_millions": None}
                              for name, arch in ARCHITECTURES.items()])
    widget.set_devices([("cpu", "CPU", False), ("cuda:0", "GPU 0", True)])
    return widget


def test_the_schema_is_torch_free_and_its_name_lists_match_the_engine():
    code = "import core.training.trainconfig, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr
    assert tuple(ARCHITECTURES) == ARCHITECTURE_NAMES
    assert augment.AUGMENTATIONS is augment_names.AUGMENTATIONS


def test_form_defaults_equal_trainconfig_defaults(qtbot):
    form = TrainForm()
    qtbot.addWidget(form)
    assert list(form.values()) == [f.name for f in dataclasses.fields(TrainConfig)]
    assert normalised(form.values()) == normalised(dataclasses.asdict(TrainConfig()))
    assert normalised(DEFAULTS) == normalised(dataclasses.asdict(TrainConfig()))


def label_of(form, widget) -> QLabel | None:
    return next((label for label in form.findChildren(QLabel) if label.buddy() is widget), None)


@pytest.mark.parametrize("setting", OFFERED, ids=[s.key for s in OFFERED])
def test_every_option_is_on_the_form_as_the_schema_says(form, setting):
    opt = setting.option
    widget = form.field(setting.key)
    section = form.findChild(QWidget, f"{opt.group}Section")
    assert section is not None and section.isAncestorOf(widget), f"{setting.key} not in the {opt.group} group"
    assert opt.help in widget.toolTip()
    if opt.beside:
        owner = form.field(opt.beside)
        assert widget.parentWidget().isAncestorOf(owner) or owner.parentWidget().isAncestorOf(widget)
    elif isinstance(widget, QCheckBox) and opt.text:
        assert label_of(form, widget).text() == opt.label
    else:
        label = label_of(form, widget if setting.kind != "names" or not opt.choices
                         else form.field(f"{setting.key}_{opt.choices[0]}"))
        assert label is not None and label.text() == opt.label
    if isinstance(widget, QCheckBox) and opt.text:
        assert widget.text() == opt.text
    if isinstance(widget, QComboBox) and opt.choices and not opt.widget:
        assert [widget.itemData(i) for i in range(widget.count())] == list(opt.choices)
        assert [widget.itemText(i) for i in range(widget.count())] == [opt.choice_text[c][0] for c in opt.choices]
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        scale = 100 if opt.percent else 1
        low = opt.low if opt.low is not None else opt.above
        assert widget.minimum() == pytest.approx(low * scale, abs=10 ** -opt.decimals * scale)
        if opt.high is not None:
            assert widget.maximum() == pytest.approx(min(opt.high, 2**31 - 1) * scale)
        if opt.special:
            assert widget.specialValueText() == opt.special
    if setting.kind == "names" and opt.choices:
        assert [form.field(f"{setting.key}_{c}").text() for c in opt.choices] == \
               [opt.choice_text[c][0] for c in opt.choices]


def test_every_option_is_on_the_command_line():
    text = train.make_parser().format_help()
    for setting in OFFERED:
        flag = setting.key.replace("_", "-")
        assert (f"--no-{flag}" if setting.kind == "bool" and setting.default else f"--{flag}") in text


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
    assert from_form.problems() == {}  # what the form accepts, the engine accepts


def test_defaults_and_edge_choices_equal_the_command_line(form, tmp_path):
    form.set_values({"data": str(tmp_path), "augment": [], "pretrained": "torchvision", "schedule": "none"})
    assert TrainConfig(**form.values()) == cli_config(
        "--data", str(tmp_path), "--augment", "none", "--pretrained", "torchvision", "--schedule", "none")
    form.set_values({**DEFAULTS, "data": str(tmp_path)})
    assert TrainConfig(**form.values()) == cli_config("--data", str(tmp_path))


def test_the_form_and_the_command_line_report_the_same_problem(form, tmp_path, capsys):
    form.set_values({"data": str(tmp_path), "epochs": 4, "warmup_epochs": 5.0, "freeze_epochs": 4})
    shown = form.validate()
    with pytest.raises(SystemExit) as exit_info:
        train.main(["--data", str(tmp_path), "--epochs", "4", "--warmup-epochs", "5", "--freeze-epochs", "4"])
    assert exit_info.value.code == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(lines) == len(shown) == 2  # one line per mistake
    for line, message in zip(lines, shown):
        assert line.split(": error: ", 1)[1].lower() == message.lower()


def test_the_remembered_form_keeps_which_values_the_user_set(qtbot, tmp_path):
    """Defaults that follow the situation (ImageNet weights when cached, the freeze with them) keep
    following after a restart; what the user set stays. A form saved before this was recorded
    counts its non-default values as set."""
    import json

    from PyQt5.QtCore import QSettings

    from app.form_memory import KEY_FORM, remember_form, restore_form
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    first = TrainForm()
    qtbot.addWidget(first)
    first.set_pretrained_weights({"resnet18": {"size": 46_830_571, "cached": True}})
    first.set_values({"epochs": 20})
    assert (first.values()["pretrained"], first.values()["freeze_epochs"]) == ("torchvision", 4)
    remember_form(first, settings)
    again = TrainForm()
    qtbot.addWidget(again)
    restore_form(again, settings)
    assert again.chosen() == ["epochs"] and again.values()["epochs"] == 20
    again.set_pretrained_weights({"resnet18": {"size": 46_830_571, "cached": False}})  # cache emptied, offline
    assert (again.values()["pretrained"], again.values()["freeze_epochs"]) == (None, 0)
    settings.setValue(KEY_FORM, json.dumps({**DEFAULTS, "input_size": [224, 224], "epochs": 5, "pretrained": None}))
    older = TrainForm()
    qtbot.addWidget(older)
    restore_form(older, settings)
    assert older.chosen() == ["epochs"]
