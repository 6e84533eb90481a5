"""ImageNet weights in the training window, as a user meets them: offered with their size, the
default once the weights host answers, downloaded with a progress dialog before training starts,
cancelled, resumed, refused in one line, and fetched through the mirror typed in Settings.

Nothing leaves the machine: the window's weights_source for squeezenet1_1 names the real torchvision
URL, and the mirror (set as a user does) sends it to the local weights_server, which serves a small
real squeezenet1_1 state dict under the real file name. TORCH_HOME is a temp folder, so the
training process finds the file the window downloaded where torch keeps it.
"""
import hashlib
import io
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import torch
import torchvision
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QProgressBar

from app.settings import KEY_WEIGHTS_MIRROR
from core.models.weights_download import partial_path
from core.models.weights_source import WeightsSource
from tests.user import choose_in_combo, choose_menu_item, click, when_dialog_opens
from tests.weights_server import unused_url

WAIT = 180_000  # ms: a training process importing torch on a loaded 2-core machine; waited on, never slept
ARCH = "squeezenet1_1"  # 4.7 MB of weights: a real download that is quick to serve


@pytest.fixture(scope="module")
def state_dict_bytes() -> bytes:
    torch.manual_seed(0)
    buffer = io.BytesIO()
    torch.save(torchvision.models.squeezenet1_1().state_dict(), buffer)
    return buffer.getvalue()


@pytest.fixture
def weights(monkeypatch, tmp_path, weights_server, state_dict_bytes):
    """squeezenet1_1's weights as the window sees them: the real URL, kept in a temp torch cache."""
    from core.models import pretrained
    torch_home = tmp_path / "torch"
    monkeypatch.setenv("TORCH_HOME", str(torch_home))  # the training process inherits it
    monkeypatch.delenv("GRADLENS_WEIGHTS_MIRROR", raising=False)
    url = torchvision.models.get_model_weights(ARCH).DEFAULT.url  # https://download.pytorch.org/models/…
    name = Path(urlsplit(url).path).name
    weights_server.add(f"models/{name}", state_dict_bytes)
    source = WeightsSource(url, torch_home / "hub" / "checkpoints" / name, len(state_dict_bytes),
                           hashlib.sha256(state_dict_bytes).hexdigest()[:8])
    real = pretrained.weights_source
    monkeypatch.setattr(pretrained, "weights_source", lambda arch: source if arch == ARCH else real(arch))
    return SimpleNamespace(source=source, server=weights_server, name=name, url=f"{weights_server.mirror}/models/{name}")


def refused_mirror() -> str:
    parts = urlsplit(unused_url())
    return f"{parts.scheme}://{parts.netloc}"


def open_training(qtbot, gui, tmp_path, dataset, mirror: str):
    """Run → Train a Model… with `mirror` kept from an earlier session, and a tiny squeezenet1_1 run set up."""
    window, controller = gui
    controller.settings.setValue(KEY_WEIGHTS_MIRROR, mirror)
    window.train.trigger()
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    training.window.form.set_values({
        "data": str(dataset), "out": str(tmp_path / "runs"), "model": ARCH, "input_size": (32, 32), "epochs": 1,
        "batch_size": 8, "workers": 0, "val_ratio": 0.25, "test_ratio": 0.25, "augment": ["hflip"]})
    combo = training.window.form.field("pretrained")
    qtbot.waitUntil(lambda: combo.itemText(1) != "ImageNet weights", timeout=WAIT)  # the architectures are listed
    return controller, training


def retype(qtbot, field, text: str) -> None:
    """Select what the field holds and type over it (no Enter: in a dialog that would press OK)."""
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(field, text)


def download_dialog(training) -> QDialog | None:
    dialog = training.window.findChild(QDialog, "weightsDownload")
    return dialog if dialog is not None and dialog.isVisible() else None


def test_download_shows_progress_cancel_leaves_nothing_and_start_again_resumes_then_trains(
        qtbot, gui, tmp_path, dataset, weights):
    controller, training = open_training(qtbot, gui, tmp_path, dataset, weights.server.mirror)
    form, combo = training.window.form, training.window.form.field("pretrained")
    qtbot.waitUntil(lambda: form.values()["pretrained"] == "torchvision", timeout=WAIT)  # the mirror answered
    assert combo.currentText() == "ImageNet weights (downloads 4.7 MB)"
    host = urlsplit(weights.server.mirror).netloc
    assert form.field("weightsOrigin").text() == f"From {host} (mirror)"
    assert form.values()["freeze_epochs"] == 0  # a one-epoch run has no room for a frozen stage
    weights.server.throttle = 1_000_000  # bytes/s: about 5 s for the file, time to watch and cancel

    click(qtbot, training.window.start)
    qtbot.waitUntil(lambda: download_dialog(training) is not None, timeout=10_000)
    dialog = download_dialog(training)
    amount = dialog.findChild(QLabel, "downloadAmount")
    qtbot.waitUntil(lambda: " of 4.7 MB · " in amount.text() and not amount.text().startswith("0.0 "), timeout=10_000)
    assert dialog.findChild(QProgressBar, "downloadProgress").value() > 0
    assert weights.name in dialog.findChild(QLabel, "downloadFile").text()
    assert weights.url in dialog.findChild(QLabel, "downloadSource").text()
    assert not training.running  # nothing has started yet

    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Cancel))
    qtbot.waitUntil(lambda: download_dialog(training) is None, timeout=5_000)  # promptly
    assert not weights.source.path.exists() and partial_path(weights.source.path).stat().st_size > 0
    assert not training.running and not (tmp_path / "runs").exists()
    assert "cancelled" in training.window.status.text() and "resumes" in training.window.status.text()
    assert training.window.start.isEnabled()

    weights.server.throttle = None
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    path, ranged, status = weights.server.requests[-1]
    assert ranged and ranged.startswith("bytes=") and ranged != "bytes=0-" and status == 206  # resumed
    assert weights.source.path.is_file() and not partial_path(weights.source.path).exists()
    assert combo.currentText() == "ImageNet weights (cached)"
    event = finished.args[0]
    assert not event.failed and event.reason == "finished", event.reason  # one epoch from the downloaded weights
    assert f"downloaded {weights.source.path}" in training.window.log.toPlainText()


def test_a_missing_file_is_said_in_one_line_naming_the_file_and_url_and_nothing_starts(
        qtbot, gui, tmp_path, dataset, weights):
    controller, training = open_training(qtbot, gui, tmp_path, dataset, weights.server.mirror)
    weights.server.not_found = True
    choose_in_combo(qtbot, training.window.form.field("pretrained"), "ImageNet weights (downloads 4.7 MB)")
    click(qtbot, training.window.start)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=30_000)
    message = controller.warnings[-1]
    assert "\n" not in message and "404" in message
    assert weights.url in message and str(weights.source.path) in message
    assert training.window.status.text() == message
    assert download_dialog(training) is None and not training.running
    assert not weights.source.path.exists() and not (tmp_path / "runs").exists()
    assert training.window.start.isEnabled()


def test_the_mirror_typed_in_settings_is_used_by_the_download_and_by_the_training_process(
        qtbot, gui, tmp_path, dataset, weights, monkeypatch):
    controller, training = open_training(qtbot, gui, tmp_path, dataset, refused_mirror())
    form = training.window.form
    assert form.values()["pretrained"] is None  # not cached, and the mirror kept from before refuses

    def answer(dialog):
        field = dialog.findChild(QLineEdit, "weightsMirrorUrl")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
        retype(qtbot, field, "ftp://nowhere")
        assert not ok.isEnabled() and "http" in dialog.findChild(QLabel, "mirrorProblem").text()
        retype(qtbot, field, weights.server.mirror + "/")
        example = dialog.findChild(QLabel, "mirrorExample").text()
        assert f"{weights.server.mirror}/models/resnet18-f37072fd.pth" in example  # what the mirror does, shown
        click(qtbot, ok)
    asked = when_dialog_opens(answer, QDialog)
    choose_menu_item(qtbot, training.window, "Settings", training.window.mirror_settings)
    assert asked == ["Settings"]
    assert controller.settings.value(KEY_WEIGHTS_MIRROR) == weights.server.mirror
    qtbot.waitUntil(lambda: form.values()["pretrained"] == "torchvision", timeout=30_000)  # the new mirror answered

    # The window keeps its download elsewhere this time, so the training process finds no file in
    # its torch cache and downloads it itself, through the mirror it got in its environment. There
    # the real file's checksum (in its torchvision name) refuses the test's file: the message names the URL.
    elsewhere = WeightsSource(weights.source.url, tmp_path / "window-cache" / weights.name, weights.source.size,
                              weights.source.sha256_prefix)
    from core.models import pretrained
    monkeypatch.setattr(pretrained, "weights_source", lambda arch: elsewhere)
    click(qtbot, training.window.start)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    gets = [r for r in weights.server.requests if r[0] == f"models/{weights.name}" and r[2] in (200, 206)]
    assert len(gets) == 2  # the window's download, then the training process's
    assert elsewhere.path.is_file()
    assert weights.url in controller.warnings[-1] and "checksum" in controller.warnings[-1]
    assert not training.running


def test_online_means_the_weights_host_or_its_mirror_answers(weights_server):
    from app.weights_online import weights_reachable
    url = "https://download.pytorch.org/models/not-there-0123abcd.pth"
    assert weights_reachable(url, weights_server.mirror)  # a 404 is an answer: the host is there to download from
    assert weights_server.requests[-1][0] == "models/not-there-0123abcd.pth"  # asked through the mirror
    assert not weights_reachable(url, refused_mirror())
