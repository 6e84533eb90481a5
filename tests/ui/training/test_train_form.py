"""TrainForm: values round trips, presets, dependent fields, validation marks, signals, layout."""
import json

import pytest
from PyQt5.QtCore import QMimeData, QPoint, Qt, QUrl
from PyQt5.QtGui import QDragEnterEvent, QDropEvent, QImage
from PyQt5.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from core.data.augment_names import AUGMENTATIONS
from core.rate_text import short_float
from core.training.trainconfig import DEFAULTS, SETTINGS
from tests.user import choose_in_combo, click, type_into
from ui.training.train_form import TrainForm

KEYS = tuple(SETTINGS)

ARCHS = [{"name": "resnet18", "description": "ResNet-18: small, fast, the usual first choice",
          "params_millions": 11.7, "cam_layer": "layer4"},
         {"name": "resnet50", "description": "ResNet-50: the standard mid-size baseline", "params_millions": 25.6},
         {"name": "vit_b_16", "description": "ViT-B/16: vision transformer, square input", "params_millions": 86.6}]
DEVICES = [("cpu", "CPU (2 threads)", False), ("cuda:0", "NVIDIA H100 (80 GiB)", True)]


@pytest.fixture
def form(qtbot):
    widget = TrainForm()
    qtbot.addWidget(widget)
    widget.set_architectures(ARCHS)
    widget.set_devices(DEVICES)
    widget.resize(700, 600)
    widget.show()
    return widget


@pytest.fixture
def changes(form):
    seen = []
    form.changed.connect(lambda: seen.append(1))
    return seen


def other_values(tmp_path) -> dict:
    """A value for every key, none of them the default."""
    weights = tmp_path / "w.pt"
    weights.write_bytes(b"")
    return {
        "data": str(tmp_path), "out": str(tmp_path / "runs"), "model": "resnet50", "pretrained": str(weights),
        "cam_layer": "layer3", "input_size": (192, 256), "resize_mode": "letterbox",
        "mean": (0.5, 0.5, 0.5), "std": (0.25, 0.25, 0.25), "classes": ["cat", "dog"],
        "val_ratio": 0.15, "test_ratio": 0.05, "epochs": 30, "batch_size": 64, "lr": 0.0032, "optimizer": "sgd",
        "momentum": 0.85, "nesterov": True, "weight_decay": 5e-05, "label_smoothing": 0.1, "grad_clip": 1.5,
        "schedule": "multistep", "warmup_epochs": 1.5, "min_lr": 1e-5, "step_size": 7, "milestones": [10, 20], "gamma": 0.5,
        "freeze_epochs": 2, "backbone_lr_scale": 0.25, "early_stopping": 5, "monitor": "val_f1",
        "augment": ["vflip", "rotate", "color", "blur", "erase"], "balance": "sampler", "cache": "off",
        "workers": 3, "device": "cuda:0", "amp": False, "seed": 7, "tensorboard": True,
        "translate": 0.1, "mixup": 0.2, "cutmix": 1.0, "ema": 0.999, "cycle_momentum": False, "tta": "flip",
        "sync_bn": True, "budget": "15min", "progressive_resize": 0.75,
    }


def test_defaults_and_keys(form):
    values = form.values()
    assert tuple(values) == KEYS
    assert values == DEFAULTS
    assert form.field("augment_hflip").isChecked() and not form.field("augment_vflip").isChecked()


def test_set_values_round_trips_every_key_without_signals(qtbot, form, tmp_path, changes):
    values = other_values(tmp_path)
    assert all(values[k] != DEFAULTS[k] for k in KEYS)
    with qtbot.assertNotEmitted(form.datasetChosen):
        form.set_values(values)
    assert form.values() == values
    assert changes == []
    assert form.field("pretrained").currentData() == "file"
    assert not form.field("squareSize").isChecked()


def test_unknown_keys_ignored_missing_keys_kept(form):
    form.set_values({"epochs": 3, "no_such_option": 1})
    assert form.values() == {**DEFAULTS, "epochs": 3}


@pytest.mark.parametrize("bad", [{"epochs": "ten"}, {"optimizer": "lion"}, {"augment": ["hflip", "mosaic"]},
                                 {"input_size": [224]}, {"amp": "yes"}, {"milestones": "30,sixty"},
                                 {"lr": None}, {"epochs": 0}, {"batch_size": -1}, {"input_size": (8, 224)},
                                 {"val_ratio": 1.0}])
def test_bad_values_raise_and_change_nothing(form, bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        form.set_values({"seed": 5, **bad})
    assert form.values() == DEFAULTS


def test_values_accept_cli_like_forms(form):
    form.set_values({"input_size": 160, "augment": "crop,hflip", "classes": "a, b", "milestones": "5, 9"})
    values = form.values()
    assert values["input_size"] == (160, 160)
    assert values["augment"] == ["hflip", "crop"]  # the canonical order, whatever order was given
    assert values["classes"] == ["a", "b"] and values["milestones"] == [5, 9]
    form.set_values({"augment": "none", "classes": None, "pretrained": "torchvision"})
    assert form.values()["augment"] == [] and form.values()["classes"] is None
    assert form.values()["pretrained"] == "torchvision"


def test_preset_round_trip(form, tmp_path):
    values = other_values(tmp_path)
    form.set_values(values)
    path = tmp_path / "préset.json"
    form.save_preset(path)
    text = path.read_text(encoding="utf-8")
    saved = json.loads(text)
    assert saved["input_size"] == [192, 256] and saved["mean"] == [0.5, 0.5, 0.5]
    assert text.startswith('{\n  "data"')  # indent 2
    fresh = TrainForm()
    fresh.set_architectures(ARCHS)
    fresh.set_devices(DEVICES)
    fresh.load_preset(path)
    assert fresh.values() == values
    fresh.deleteLater()


@pytest.mark.parametrize("content, message", [
    ("{ not json", "not a valid JSON preset"), ("[1, 2]", "expected a JSON object"),
    ('{"epochs": -0.5}', "epochs"), (b"\xff\xfe\x00garbage", "not a valid JSON preset")])
def test_load_preset_errors_are_clear(form, tmp_path, content, message):
    path = tmp_path / "bad.json"
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
    with pytest.raises(ValueError, match=message):
        form.load_preset(path)
    with pytest.raises(ValueError, match="Cannot read"):
        form.load_preset(tmp_path / "missing.json")
    assert form.values() == DEFAULTS


def test_momentum_and_nesterov_only_for_sgd(form):
    for optimizer, enabled in (("adamw", False), ("sgd", True), ("adam", False)):
        form.field("optimizer").setCurrentIndex(form.field("optimizer").findData(optimizer))
        assert form.field("momentum").isEnabled() is enabled
        assert form.field("nesterov").isEnabled() is enabled


@pytest.mark.parametrize("schedule, step, milestones, gamma", [
    ("cosine", False, False, False), ("step", True, False, True), ("multistep", False, True, True),
    ("onecycle", False, False, False), ("none", False, False, False)])
def test_schedule_fields(form, schedule, step, milestones, gamma):
    form.set_values({"schedule": schedule})
    assert (form.field("step_size").isEnabled(), form.field("milestones").isEnabled(),
            form.field("gamma").isEnabled()) == (step, milestones, gamma)


def test_minimum_lr_is_on_the_form_for_the_schedules_that_use_it(form, tmp_path):
    field = form.field("min_lr")
    assert "Cosine and one-cycle schedules" in field.toolTip()
    for schedule, enabled in (("cosine", True), ("onecycle", True), ("step", False), ("none", False)):
        form.set_values({"schedule": schedule})
        assert field.isEnabled() is enabled
    form.set_values({"data": str(tmp_path), "schedule": "cosine", "min_lr": 1e-5})
    assert form.values()["min_lr"] == 1e-5 and form.validate() == []
    form.set_values({"min_lr": 0.01})  # above the learning rate
    assert form.validate() == ["Minimum learning rate must be below the learning rate (0.01 >= 0.001)"]
    assert form.invalid_fields() == ["min_lr"]


def test_amp_only_where_it_pays(qtbot, form):
    device = form.field("device")
    assert [device.itemData(i) for i in range(device.count())] == ["auto", "cpu", "cuda:0"]
    assert device.itemText(2) == "NVIDIA H100 (80 GiB)"
    for text, enabled in (("CPU (2 threads)", False), ("NVIDIA H100 (80 GiB)", True), ("Automatic", True)):
        choose_in_combo(qtbot, device, text)  # Automatic: the GPU
        assert form.field("amp").isEnabled() is enabled
    form.set_devices([("cpu", "CPU (2 threads)", False)])  # no GPU: auto means the CPU
    assert form.values()["device"] == "auto" and not form.field("amp").isEnabled()
    # A CPU with bfloat16 in hardware (AMX): mixed precision pays there too, with or without a GPU.
    form.set_devices([("cpu", "CPU (2 threads, bfloat16)", True)])
    assert form.values()["device"] == "auto" and form.field("amp").isEnabled()
    form.set_devices([("cpu", "CPU (2 threads, bfloat16)", True), ("cuda:0", "NVIDIA H100 (80 GiB)", True)])
    choose_in_combo(qtbot, device, "CPU (2 threads, bfloat16)")
    assert form.values()["device"] == "cpu" and form.field("amp").isEnabled()
    click(qtbot, form.field("amp"), QPoint(5, form.field("amp").height() // 2))
    assert form.values()["amp"] is False


def test_progressive_resizing_is_typed_in_percent_and_refused_for_a_vit(qtbot, form, tmp_path):
    form.set_values({"data": str(tmp_path)})
    start = form.field("progressive_resize")
    assert start.text() == "start at 100 %" and form.values()["progressive_resize"] == 1.0
    type_into(qtbot, start, "75")
    assert form.values()["progressive_resize"] == 0.75 and form.validate() == []
    choose_in_combo(qtbot, form.field("model"), form.field("model").itemText(2))  # vit_b_16
    assert form.values()["model"] == "vit_b_16"
    problems = form.validate()
    assert problems == ["Progressive resizing needs a network that takes any input size; vit_b_16 is built for one"]
    assert form.invalid_fields() == ["progressive_resize"]


def test_backbone_scale_needs_freeze_epochs_and_file_picker_needs_file(form):
    assert not form.field("backbone_lr_scale").isEnabled()
    form.field("freeze_epochs").setValue(2)
    assert form.field("backbone_lr_scale").isEnabled()
    picker = form.field("pretrainedFile")
    assert not picker.isVisibleTo(form)
    form.field("pretrained").setCurrentIndex(2)
    assert picker.isVisibleTo(form) and form.field("browsePretrained").isVisibleTo(form)


RESNET18_BYTES = 46_830_571  # torchvision's resnet18-f37072fd.pth: 44.7 MB as its documentation counts them


def test_the_imagenet_choice_says_what_it_costs_and_is_offered_only_where_it_exists(form):
    combo = form.field("pretrained")
    assert combo.itemText(1) == "ImageNet weights"  # until the window knows
    form.set_pretrained_weights({"resnet18": {"size": RESNET18_BYTES, "cached": False},
                                 "resnet50": {"size": None, "cached": True}, "vit_b_16": None})
    assert combo.itemText(1) == "ImageNet weights (downloads 44.7 MB)" and combo.model().item(1).isEnabled()
    form.set_values({"model": "resnet50"})
    assert combo.itemText(1) == "ImageNet weights (cached)"
    form.set_values({"model": "vit_b_16"})
    assert not combo.model().item(1).isEnabled()
    assert "vit_b_16 has no ImageNet weights" in combo.itemData(1, Qt.ToolTipRole)
    form.set_values({"pretrained": "torchvision", "data": "."})  # e.g. from a preset
    assert any("Vit_b_16 has no ImageNet weights" in p for p in form.validate())
    assert "pretrained" in form.invalid_fields()


def test_imagenet_weights_are_the_default_when_cached_or_online_and_fine_tuning_follows(qtbot, form):
    assert form.values()["pretrained"] is None  # nothing known yet: random weights, as before
    form.set_pretrained_weights({"resnet18": {"size": RESNET18_BYTES, "cached": True},
                                 "resnet50": {"size": 102_530_333, "cached": False}, "vit_b_16": None})
    values = form.values()
    assert values["pretrained"] == "torchvision"  # cached
    assert (values["freeze_epochs"], values["backbone_lr_scale"]) == (2, 0.1)  # head first for 2 of 10 epochs
    choose_in_combo(qtbot, form.field("model"), "resnet50")
    assert form.values()["pretrained"] is None and form.values()["freeze_epochs"] == 0  # not cached, offline
    form.set_weights_online(True)
    assert form.values()["pretrained"] == "torchvision"
    assert form.field("pretrained").currentText() == "ImageNet weights (downloads 97.8 MB)"
    type_into(qtbot, form.field("epochs"), "20")
    assert form.values()["freeze_epochs"] == 4  # follows the run's length
    type_into(qtbot, form.field("freeze_epochs"), "3")
    type_into(qtbot, form.field("epochs"), "30")
    assert form.values()["freeze_epochs"] == 3  # the user's own value stays
    assert set(form.chosen()) >= {"model", "epochs", "freeze_epochs"} and "pretrained" not in form.chosen()


def test_where_a_download_would_come_from_shows_under_the_choice_while_one_is_ahead(qtbot, form):
    origin, mirror = form.field("weightsOrigin"), form.field("weightsMirror")
    form.set_pretrained_weights({"resnet18": {"size": RESNET18_BYTES, "cached": False},
                                 "resnet50": {"size": None, "cached": True}})
    assert not origin.isVisibleTo(form)  # random weights (offline): nothing to download
    form.set_weights_online(True)
    form.set_weights_host("mirror.example.com (mirror)")
    assert origin.isVisibleTo(form) and origin.text() == "From mirror.example.com (mirror)"
    with qtbot.waitSignal(form.mirrorRequested, timeout=1000):
        click(qtbot, mirror)
    choose_in_combo(qtbot, form.field("model"), "resnet50")
    assert form.values()["pretrained"] == "torchvision" and not origin.isVisibleTo(form)  # cached: no download


def test_the_users_choice_of_weights_is_never_replaced_by_the_default(qtbot, form):
    form.set_pretrained_weights({"resnet18": {"size": RESNET18_BYTES, "cached": False}})
    form.set_weights_online(True)
    assert form.values()["pretrained"] == "torchvision"
    choose_in_combo(qtbot, form.field("pretrained"), "None (random weights)")
    assert form.values()["freeze_epochs"] == 0  # no fine-tuning stage without pretrained weights
    form.set_weights_online(False)
    form.set_weights_online(True)
    assert form.values()["pretrained"] is None and "pretrained" in form.chosen()
    form.set_values({"pretrained": "torchvision"}, chosen=[])  # e.g. a remembered form where it was the default
    assert "pretrained" not in form.chosen()


def test_architecture_description_and_cam_placeholder(form):
    assert form.field("model").currentData() == "resnet18"
    label = form.findChild(QLabel, "modelDescription")
    assert label.text() == "ResNet-18: small, fast, the usual first choice (11.7\u00a0M\u00a0parameters)"
    assert form.field("cam_layer").placeholderText() == "layer4, or a finer layer when its map is under 6×6 cells"
    form.set_values({"model": "resnet50"})
    form.set_architectures(ARCHS[1:])  # refilling keeps the choice
    assert form.values()["model"] == "resnet50"
    assert "25.6\u00a0M\u00a0parameters" in label.text()
    assert form.field("cam_layer").placeholderText() == "chosen for the input size"


def test_a_long_architecture_description_is_shown_whole_on_the_lines_it_needs(form, qtbot):
    """It was one line ending in "…" (the rest only in a tooltip); in a narrow form it now wraps, and the rows
    below move down to make room rather than covering it."""
    label = form.findChild(QLabel, "modelDescription")
    choose_in_combo(qtbot, form.field("model"), "vit_b_16")
    form.resize(420, 600)
    line = label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: label.height() >= 2 * line)
    assert label.height() >= label.heightForWidth(label.width())  # every line it needs
    below = form.field("pretrained")
    assert below.mapTo(form, QPoint(0, 0)).y() >= label.mapTo(form, QPoint(0, label.height())).y()
    form.resize(1400, 600)  # wide again: one line, and no gap left where the second was
    qtbot.waitUntil(lambda: label.height() < 2 * line)


def test_square_lock(form):
    form.field("inputHeight").setValue(160)
    assert form.values()["input_size"] == (160, 160)
    assert not form.field("inputWidth").isEnabled()
    form.field("squareSize").setChecked(False)
    form.field("inputWidth").setValue(320)
    assert form.values()["input_size"] == (160, 320)


def test_validate_ok(form, tmp_path):
    form.set_values({"data": str(tmp_path)})
    assert form.validate() == []
    assert form.invalid_fields() == []
    assert not form.findChild(QLabel, "problems").isVisible()


def problem_cases(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    return [
        ({"data": ""}, "data", "Choose a dataset folder"),
        ({"data": str(tmp_path / "missing")}, "data", "does not exist"),
        ({"data": str(tmp_path / "file.txt")}, "data", "does not exist"),
        ({"val_ratio": 0.6, "test_ratio": 0.4}, "test_ratio", "leave images to train on"),
        ({"schedule": "multistep", "milestones": []}, "milestones", "at least one milestone"),
        ({"epochs": 4, "step_size": 5, "milestones": [0]}, "milestones", "at least 1"),
        ({"model": "vit_b_16", "input_size": (224, 256)}, "inputWidth", "square input size"),
        ({"model": "vit_b_16", "input_size": (200, 200)}, "inputHeight", "multiple of 16"),
        ({"model": "vit_b_16", "progressive_resize": 0.75}, "progressive_resize", "takes any input size"),
        ({"warmup_epochs": 10.0}, "warmup_epochs", "Warm-up must be shorter"),
        ({"freeze_epochs": 10}, "freeze_epochs", "Freeze epochs must be fewer"),
        ({"pretrained": str(tmp_path / "none.pt")}, "pretrainedFile", "weights file does not exist"),
        ({"classes": ["a", "b", "a"]}, "classes", "more than once: a"),
        ({"device": "cuda:3"}, "device", "not on this computer"),
        ({"model": "resnet999"}, "model", "Unknown model"),
        ({"out": ""}, "out", "Choose an output folder"),
        ({"out": str(tmp_path / "file.txt" / "runs")}, "out", "is a file, not a folder"),
        ({"out": "/proc/1/runs"}, "out", "no permission to write in /proc/1"),  # even root may not write there
    ]


def test_validate_catches_each_problem_and_marks_the_field(form, tmp_path):
    for values, field, message in problem_cases(tmp_path):
        form.set_values({**DEFAULTS, "data": str(tmp_path), **values})
        problems = form.validate()
        assert len(problems) == 1 and message in problems[0], (values, problems)
        assert field in form.invalid_fields(), values
        assert message in form.field(field).toolTip()
        summary = form.findChild(QLabel, "problems")
        assert summary.isVisible() and message in summary.text()
    form.set_values({**DEFAULTS, "data": str(tmp_path)})  # fixed: marks go without another validate()
    assert form.invalid_fields() == [] and not form.findChild(QLabel, "problems").isVisible()


def test_typed_bad_text_is_caught_and_cleared_live(qtbot, form, tmp_path):
    form.set_values({"data": str(tmp_path), "schedule": "multistep"})
    milestones, lr = form.field("milestones"), form.field("lr")
    milestones.clear()
    qtbot.keyClicks(milestones, "30, sixty")
    lr.clear()
    qtbot.keyClicks(lr, "1e")
    problems = form.validate()
    assert any("Milestones must be whole epochs" in p and "sixty" in p for p in problems)
    assert any("Learning rate is not a number" in p for p in problems)
    assert form.invalid_fields() == ["lr", "milestones"]
    base_tip = "Learning rate: 1e-3 notation is fine"
    assert lr.toolTip().endswith(base_tip) and lr.toolTip() != base_tip
    qtbot.keyClicks(lr, "-3")
    assert form.invalid_fields() == ["milestones"] and lr.toolTip() == base_tip
    assert form.values()["lr"] == 1e-3


def test_problems_changed_says_whether_start_may_go(qtbot, form, tmp_path):
    seen = []
    form.problemsChanged.connect(seen.append)
    form.validate()  # no dataset yet
    assert seen == [True]
    form.field("data").setText(str(tmp_path))
    assert seen[-1] is False


def test_a_collapsed_group_opens_for_a_problem(form):
    toggle = form.findChild(QAbstractButton, "optimisationSectionToggle")
    toggle.click()
    assert not form.field("warmup_epochs").isVisibleTo(form)
    form.set_values({"warmup_epochs": 20.0})
    form.validate()
    assert form.field("warmup_epochs").isVisibleTo(form) and toggle.isChecked()


def test_changed_fires_on_user_edits(qtbot, form, changes):
    qtbot.mouseClick(form.field("augment_blur"), Qt.LeftButton)
    form.field("epochs").setValue(12)
    qtbot.keyClicks(form.field("classes"), "c")
    assert len(changes) == 3
    assert form.values()["augment"] == ["hflip", "crop", "blur"]


def drop_folder(target, folder):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, enter)  # Qt delivers a drop only after an accepted drag enter
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def test_dataset_chosen_on_enter_browse_and_drop(qtbot, form, tmp_path, monkeypatch):
    data = form.field("data")
    seen = []
    form.datasetChosen.connect(seen.append)
    qtbot.keyClicks(data, str(tmp_path / "missing"))
    qtbot.keyClick(data, Qt.Key_Return)
    assert seen == []
    data.clear()
    qtbot.keyClicks(data, str(tmp_path))
    qtbot.keyClick(data, Qt.Key_Return)
    qtbot.keyClick(data, Qt.Key_Return)  # the same folder again: no second scan
    assert seen == [str(tmp_path)]

    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
    form.field("browseData").click()
    assert seen[-1] == str(other) and form.values()["data"] == str(other)
    form.field("browseData").click()  # the same folder chosen again: scanned again, its folders may have changed
    assert seen[-2:] == [str(other), str(other)]

    third = tmp_path / "third"
    third.mkdir()
    for target in (form, data, form.field("epochs").findChild(QLineEdit)):
        drop_folder(target, third)
        assert form.values()["data"] == str(third)  # the path, not a file:// URL as text
        data.clear()
    assert seen[-1] == str(third)
    drop_folder(form.field("out"), other)  # the output field keeps what is dropped on it
    assert form.values()["out"] == str(other) and seen[-1] == str(third)


def test_the_classes_field_decides_whether_the_scans_problem_stands(qtbot, form, tmp_path):
    """An empty class folder is no problem once Classes leaves it out: the folder is scanned again for the
    classes typed, and the last scan's problem (for the classes it looked at) no longer blocks Start."""
    data = form.field("data")
    type_into(qtbot, data, str(tmp_path))
    seen = []
    form.datasetChosen.connect(lambda folder: seen.append((folder, form.values()["classes"])))
    form.set_dataset_problem(str(tmp_path), "class 'Coat' has no images in x: put images in it, remove the folder "
                                            "or leave it out with --classes Bag,Sneaker")
    assert form.validate() == ["Class 'Coat' has no images in x: put images in it, remove the folder or leave it "
                               "out by setting Classes to Bag,Sneaker"]
    type_into(qtbot, form.field("classes"), "Bag,Sneaker")  # Enter, as leaving the field, scans at once
    assert seen == [(str(tmp_path), ["Bag", "Sneaker"])]
    assert form.invalid_fields() == []  # until that scan answers
    form.set_dataset_problem(str(tmp_path), None, ["Bag", "Sneaker"])
    assert form.validate() == []
    click(qtbot, data)
    assert seen == [(str(tmp_path), ["Bag", "Sneaker"])]  # left again without a change: no scan
    qtbot.keyClicks(form.field("classes"), ",Coat")  # typing pauses: scanned again
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen[-1] == (str(tmp_path), ["Bag", "Sneaker", "Coat"])


def test_find_lr_and_suggestion(qtbot, form, tmp_path, changes):
    with qtbot.waitSignal(form.findLrRequested, timeout=1000):
        form.field("findLr").click()
    use = form.findChild(QAbstractButton, "useLr")
    assert not use.isVisibleTo(form)
    png = tmp_path / "lr.png"
    image = QImage(600, 300, QImage.Format_RGB32)
    image.fill(Qt.white)
    image.save(str(png))
    form.set_lr_suggestion(0.003162, str(png))
    assert form.findChild(QLabel, "lrSuggestion").text() == "Suggested: 3.2e-3"
    assert use.isVisibleTo(form) and form.findChild(QWidget, "lrPlot").isVisibleTo(form)
    assert changes == []
    use.click()
    assert form.values()["lr"] == 0.0032 and form.field("lr").text() == "3.2e-3"
    assert len(changes) >= 1
    form.set_lr_suggestion(None, None)
    assert not use.isVisibleTo(form) and not form.findChild(QWidget, "lrPlot").isVisibleTo(form)
    assert short_float(1e-4) == "1.0e-4"


def test_split_info(form):
    label = form.findChild(QLabel, "splitInfo")
    assert label.text() == "Choose a dataset folder to see how it will be split."
    form.set_dataset_split(True)
    assert label.text() == "Using the train/ val/ test/ folders"
    assert not form.field("val_ratio").isEnabled() and not form.field("test_ratio").isEnabled()
    form.set_dataset_split(False)
    assert label.text() == "No split folders: a stratified split by the ratios below"
    assert form.field("val_ratio").isEnabled()


def test_a_dataset_folder_that_is_gone_clears_the_split_it_had(qtbot, form, tmp_path):
    gone = []
    form.datasetGone.connect(lambda: gone.append(1))
    type_into(qtbot, form.field("data"), str(tmp_path))
    form.set_dataset_split(False)  # what the window's scan of it said
    type_into(qtbot, form.field("data"), str(tmp_path / "does-not-exist"))
    assert gone == [1] and form.findChild(QLabel, "splitInfo").text().startswith("Choose a dataset folder")
    assert form.field("val_ratio").isEnabled()
    type_into(qtbot, form.field("data"), str(tmp_path / "still-not-there"))
    assert gone == [1]  # said once


def test_set_running_disables_editing(form):
    form.set_running(True)
    for key in ("data", "epochs", "optimizer", "findLr", "augment_hflip", "browseOut"):
        assert not form.field(key).isEnabled()
    form.set_running(False)
    assert form.field("epochs").isEnabled() and not form.field("momentum").isEnabled()  # adamw: still off


def test_every_control_has_a_tooltip(form):
    controls = (QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox, QCheckBox, QAbstractButton)
    missing = [w.objectName() or f"{type(w).__name__} in {type(w.parent()).__name__}"
               for w in form.findChildren(QWidget)
               if isinstance(w, controls) and w.parent() is not None
               and not isinstance(w.parent(), (QSpinBox, QDoubleSpinBox, QComboBox, QScrollArea, QLineEdit))
               and not w.toolTip() and w.objectName() != "qt_scrollarea_viewport"]
    assert missing == []
    for widget in (form.field(k) for k in ("pretrained", "optimizer", "schedule", "monitor")):
        assert all(widget.itemData(i, Qt.ToolTipRole) for i in range(widget.count()))


@pytest.mark.parametrize("width, wrapped", [(420, True), (900, False)])
def test_narrow_panel_puts_labels_above_and_never_scrolls_sideways(qtbot, form, width, wrapped):
    form.resize(width, 500)
    scroll = form.findChild(QScrollArea)
    qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
    forms = [layout for layout in form.findChildren(QFormLayout)]
    assert forms and all((f.rowWrapPolicy() == QFormLayout.WrapAllRows) is wrapped for f in forms)
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()


def test_augment_names_match_the_canonical_order(form):
    assert [form.field(f"augment_{n}").objectName() for n in AUGMENTATIONS] == [f"augment_{n}" for n in AUGMENTATIONS]
    for name in reversed(AUGMENTATIONS):
        form.field(f"augment_{name}").setChecked(True)
    assert form.values()["augment"] == list(AUGMENTATIONS)


def test_a_mouse_wheel_passing_over_a_field_scrolls_the_form_instead_of_changing_it(qtbot, form):
    from PyQt5.QtCore import QPoint, QPointF
    from PyQt5.QtGui import QWheelEvent
    from PyQt5.QtWidgets import QApplication, QComboBox, QScrollArea

    form.resize(700, 300)  # short enough to scroll
    scroll = form.findChild(QScrollArea, "scroll")
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    combo = next(c for c in form.findChildren(QComboBox) if c.isVisible() and c.isEnabled() and c.count() > 1)
    before, top = combo.currentIndex(), scroll.verticalScrollBar().value()

    def wheel_down():
        centre = QPointF(combo.rect().center())
        event = QWheelEvent(centre, QPointF(combo.mapToGlobal(combo.rect().center())), QPoint(0, 0), QPoint(0, -120),
                            Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(combo, event)
    wheel_down()
    assert combo.currentIndex() == before
    assert scroll.verticalScrollBar().value() > top
    qtbot.mouseClick(combo, Qt.LeftButton)  # opens its list; close it and keep the focus
    qtbot.keyClick(combo.view(), Qt.Key_Escape)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel_down()
    assert combo.currentIndex() != before  # a field the user chose still takes the wheel


def test_a_budget_plan_is_shown_follows_the_epoch_count_and_gives_the_users_settings_back(form, changes):
    """What train_controller does with the engine's Planned and BatchEnd events, and at the run's end."""
    form.set_values({"budget": "15min", "epochs": 7}, chosen=["budget", "epochs"])
    own, own_chosen = form.values(), form.chosen()
    planned = {**own, "model": "resnet50", "batch_size": 128, "optimizer": "sgd", "budget": ""}
    line = form.findChild(QLabel, "runSettings")
    form.set_running(True)
    form.show_plan(planned, ["model", "batch_size", "optimizer"], "15min")
    assert line.isVisible() and not form.field("model").isEnabled()
    assert form.values() == {**planned, "budget": "15min"}  # the budget stays as the user typed it
    assert "(15min) planned Architecture, Batch size, Optimizer from" in line.text()  # as in the form, no shortcuts
    form.follow_epochs(9)  # the budget refit the count after the first epoch
    assert form.field("epochs").value() == 9
    form.set_running(False)
    assert form.values() == own and form.chosen() == own_chosen and not line.isVisible()
    form.follow_epochs(3)  # no plan shown: the form is the user's again
    assert form.field("epochs").value() == 7 and not changes


@pytest.mark.parametrize("label, plain", [("&Epochs:", "Epochs"), ("Batch si&ze:", "Batch size"),
                                          ("轮数(&E)：", "轮数"), ("数据增强：", "数据增强")])
def test_a_form_label_reads_plainly_in_the_plan_line(label, plain):
    from ui.training.form_running import plain_label
    assert plain_label(label) == plain


def test_a_greyed_out_text_field_shows_no_clear_button(form):
    """Milestones, greyed out under a cosine schedule, kept an ⓧ that looked clickable."""
    from PyQt5.QtWidgets import QToolButton
    milestones = form.field("milestones")

    def clear_button_shown() -> bool:
        return any(button.isVisibleTo(milestones) for button in milestones.findChildren(QToolButton))
    form.set_values({"schedule": "multistep", "milestones": [30, 60]})
    assert milestones.isEnabled() and clear_button_shown()
    form.set_values({"schedule": "cosine"})
    assert not milestones.isEnabled() and not clear_button_shown()
    form.set_values({"schedule": "multistep"})
    assert clear_button_shown()
