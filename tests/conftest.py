"""Shared fixtures: a tiny model file and image writers, all in tmp_path (nothing downloaded)."""
import os
import socket
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from PyQt5.QtCore import QStandardPaths

# Settings, logs and caches that Qt locates go to ~/.qttest/..., never the developer's own.
QStandardPaths.setTestModeEnabled(True)

TINY_CLASSES = ["cat", "dog", "bird"]

# Tiny models run fastest on one thread; several OpenMP threads on a shared 2-core CI box spin
# against each other and make a 30 ms forward pass take seconds.
torch.set_num_threads(1)
os.environ["OMP_NUM_THREADS"] = "1"  # the same for child processes: the training window's jobs run in one

# No test reaches past 127.0.0.1. Weights a test did not arrange (the training window's "is the weights
# host there?" probe, a download) go to a port where nothing listens, in child processes too; tests
# that download point this at their own local server. In this process, any other host name fails to
# resolve, as it would offline, so a forgotten case fails here instead of reaching the internet.
os.environ["GRADLENS_WEIGHTS_MIRROR"] = "http://127.0.0.1:9"
_resolve = socket.getaddrinfo
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _loopback_only(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name not in LOOPBACK:
        raise socket.gaierror(socket.EAI_NONAME, f"tests stay on 127.0.0.1: {name} is not resolved")
    return _resolve(host, *args, **kwargs)


socket.getaddrinfo = _loopback_only


@pytest.fixture(autouse=True)
def english_afterwards():
    """A test that chose another language (View → Language) leaves the application's translators as it found
    them: they belong to the one QApplication, so under xdist the next test in the same worker, whatever its
    module, read 'Chinese' where it expected '0 points'."""
    yield
    i18n = sys.modules.get("app.i18n")
    if i18n is None or i18n.current_language() == "en":
        return
    from PyQt5.QtWidgets import QApplication
    app = QApplication.instance()
    if app is not None:
        i18n.install_translator(app, None)
        app.processEvents()


@pytest.fixture(scope="session", autouse=True)
def _child_temp_files(tmp_path_factory):
    """Child processes keep their temporary files in this session's folder, which pytest removes: torchrun
    left six torchelastic_* folders in /tmp every run."""
    os.environ["TMPDIR"] = str(tmp_path_factory.mktemp("child_tmp"))


def _tiny_loaded(arch="resnet18", input_size=(64, 64), resize_mode="stretch", seed=0):
    from core.data.preprocess import Preprocess
    from core.models.modelfile import LoadedModel
    from core.models.registry import build_model, get_architecture

    torch.manual_seed(seed)
    model = build_model(arch, len(TINY_CLASSES)).eval()
    return LoadedModel(model, arch, list(TINY_CLASSES), Preprocess(input_size, resize_mode),
                       get_architecture(arch).cam_layer)


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory) -> Path:
    """A GradLens model file: resnet18, classes cat/dog/bird, 64×64 stretch, random (seeded) weights."""
    from core.models.modelfile import save_model_file

    path = tmp_path_factory.mktemp("model") / "tiny.pt"
    save_model_file(path, _tiny_loaded())
    return path


@pytest.fixture(scope="session")
def tiny_loaded(tiny_model_file):
    """The tiny model file, loaded once per session (treat as read-only)."""
    from core.models.modelfile import load_model_file

    return load_model_file(tiny_model_file)


@pytest.fixture
def make_tiny_loaded():
    """Build an in-memory LoadedModel with another input size / resize mode."""
    return _tiny_loaded


@pytest.fixture
def write_image():
    """write_image(path, rgb=None, size=(h, w), seed=0) -> path; random RGB when rgb is None."""
    def write(path, rgb=None, size=(40, 48), seed=0):
        path = Path(path)
        if rgb is None:
            rgb = np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.asarray(rgb, dtype=np.uint8)).save(path)
        return path
    return write


def _write_square_classes(root, names, per_class, size, seed) -> Path:
    root = Path(root)
    rng = np.random.default_rng(seed)
    for channel, name in zip((0, 2, 1), names):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            image = rng.integers(0, 60, (size, size, 3), dtype=np.uint8)
            image[size // 4:size * 3 // 4, size // 4:size * 3 // 4, channel] = 230
            Image.fromarray(image).save(root / name / f"{i}.png")
    return root


@pytest.fixture(scope="session")
def write_square_classes():
    """write_square_classes(root, names, per_class, size, seed) -> root: one folder per class
    (up to three), each image a bright red, blue or green square on dark noise; a tiny model
    tells them apart in an epoch or two."""
    return _write_square_classes


@pytest.fixture
def weights_server(tmp_path_factory):
    """A WeightsServer (tests/weights_server.py) on 127.0.0.1 serving files from its own folder; its
    switches (throttle, stop_after, hang_after, corrupt, not_found, ignore_range) start off."""
    from tests.weights_server import WeightsServer

    with WeightsServer(tmp_path_factory.mktemp("weights_server")) as server:
        yield server
