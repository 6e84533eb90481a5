"""The Heatmap panel offers what works for the loaded model: layers with their map sizes, a default
fine enough for the input size, no method that cannot run, a warning on flat maps, a colour key."""
from pathlib import Path

import numpy as np
import pytest
from PyQt5.QtWidgets import QComboBox

from tests.user import choose_in_combo, open_model_and_folder

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "weights" / "demo_fashion_mnist.pt"
DEMO_IMAGES = ROOT / "data" / "demo"
WAIT = 120_000


def open_with_heatmap(qtbot, window, controller, model, folder):
    open_model_and_folder(qtbot, window, controller, model, folder, WAIT)
    qtbot.waitUntil(lambda: controller.last_view is not None and controller.last_view.heatmap is not None,
                    timeout=WAIT)


@pytest.fixture
def small_resnet_file(tmp_path, make_tiny_loaded):
    """resnet18 at 32×32: layer4's map is 1×1 there."""
    from core.models.modelfile import save_model_file
    path = tmp_path / "resnet18_32px.pt"
    save_model_file(path, make_tiny_loaded("resnet18", (32, 32)))
    return path


@pytest.fixture
def mobilenet_file(tmp_path, make_tiny_loaded):
    """mobilenet_v3_small at 96×96: its hard-sigmoid has no second derivative, which Shapley-CAM needs."""
    from core.models.modelfile import save_model_file
    path = tmp_path / "mobilenet_96px.pt"
    save_model_file(path, make_tiny_loaded("mobilenet_v3_small", (96, 96)))
    return path


@pytest.fixture
def images(tmp_path, write_image):
    for i in range(3):
        write_image(tmp_path / "images" / f"{i}.png", size=(48, 48), seed=i)
    return tmp_path / "images"


def test_layers_show_their_map_size_and_the_default_fits_the_input_size(qtbot, gui, small_resnet_file, images):
    window, controller = gui
    open_with_heatmap(qtbot, window, controller, small_resnet_file, images)
    layer = window.cam.findChild(QComboBox, "layer")
    labels = [layer.itemText(i) for i in range(layer.count())]
    assert "layer4 · 1×1" in labels and "layer1 · 8×8 (default)" in labels
    assert layer.currentData() == "layer1" and controller.last_view.note is None
    assert all("·" in text for text in labels)  # only layers with a map: no classifier, no pooling
    colour_bar = window.triptych.colour_bar()
    assert colour_bar.isVisible()
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        choose_in_combo(qtbot, layer, "layer4 · 1×1")
    assert controller.last_view.note == "flat"
    assert "flat" in window.triptych.caption()


def test_a_method_that_cannot_run_on_the_model_is_greyed_out_with_its_reason(qtbot, gui, mobilenet_file):
    window, controller = gui
    open_with_heatmap(qtbot, window, controller, mobilenet_file, DEMO_IMAGES)
    method = window.cam.findChild(QComboBox, "method")
    shapley = method.findData("shapleycam")
    item = method.model().item(shapley)
    qtbot.waitUntil(lambda: not item.isEnabled(), timeout=WAIT)  # MobileNetV3's hard-sigmoid
    assert "second derivatives" in item.toolTip()
    assert method.model().item(method.findData("gradcam")).isEnabled()
    assert "second derivatives" in window.log.toPlainText()


def test_a_failed_heatmap_still_shows_the_image_and_says_why(qtbot, mobilenet_file):
    from app.view_worker import ViewWorker
    from core.explain.cam_settings import CamSettings
    from core.models.modelfile import load_model_file

    worker = ViewWorker()
    worker.set_model(load_model_file(mobilenet_file))
    path = str(next(DEMO_IMAGES.rglob("*.png")))
    failures = []
    worker.methodFailed.connect(lambda method, reason: failures.append((method, reason)))
    result = worker._compose(1, 0, path, CamSettings(method="shapleycam"))
    assert result.error is None and result.original is not None and result.topk
    assert result.heatmap is None and "second derivatives" in result.note
    assert failures and failures[0][0] == "shapleycam"
    again = worker._compose(2, 0, path, CamSettings(method="gradcam"))
    assert again.heatmap is not None and np.ptp(again.heatmap) > 0  # the model is unharmed


def test_an_empty_heatmap_is_called_empty_not_drawn_as_evidence(qtbot, gui, tmp_path, make_tiny_loaded, images):
    """A head that ignores the features (as an untrained ViT's zero-initialised one does) gives maps of
    zeros, which full-contrast drawing would show as a confident picture."""
    import torch

    from core.models.modelfile import save_model_file
    loaded = make_tiny_loaded("resnet18", (64, 64))
    torch.nn.init.zeros_(loaded.model.fc.weight)
    path = tmp_path / "blind.pt"
    save_model_file(path, loaded)
    window, controller = gui
    open_with_heatmap(qtbot, window, controller, path, images)
    assert controller.last_view.note == "zero"
    assert "This heatmap is empty" in window.triptych.caption()


def test_the_heatmap_on_screen_says_how_faithful_it_is(qtbot, gui):
    """Opening the demo as a first-time user does: under the picture, what removing the highlighted
    region does to the prediction, against removing as much at random; the demo's first map is a
    faithful one (its model and layer were chosen for that: README, "The demo")."""
    import re
    window, controller = gui
    open_with_heatmap(qtbot, window, controller, DEMO_MODEL, DEMO_IMAGES)
    qtbot.waitUntil(lambda: "Faithfulness:" in window.triptych.caption(), timeout=WAIT)
    caption = window.triptych.caption()
    found = re.search(r"(?:drops (.+?) from (\d+)% to|leaves (.+?) at) (\d+)% \(a random 20%: (\d+)%\)", caption)
    assert found, caption
    assert controller.last_view.target in (found.group(1), found.group(3))
    after, random = int(found.group(4)), int(found.group(5))
    assert 0 <= after <= 100 and 0 <= random <= 100
    if found.group(2):
        assert int(found.group(2)) == round(controller.last_view.topk[0][1] * 100)
    assert re.search(r"— <b>faithful</b>", caption), caption
    assert "on the image alone" not in caption  # the demo has no test-time augmentation: one probability
    assert found.group(2) and int(found.group(2)) - after >= 50  # the highlighted 20 % carries the decision
    curve = window.triptych.faithfulness_curve  # the deletion and insertion curves beside the line
    assert curve.isVisible()
    fractions, deletion, insertion = curve.curves
    assert fractions[0] == 0 and fractions[-1] == 1 and len(deletion) == len(insertion) == len(fractions)
    assert round(deletion[0] * 100) == round(insertion[-1] * 100)  # both ends are the untouched image
    if found.group(2):
        assert round(deletion[0] * 100) == int(found.group(2))
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        window.next.trigger()
    assert not curve.isVisible() or curve.curves[1] != deletion  # the next picture's own, once scored


def test_with_test_time_augmentation_the_faithfulness_line_says_which_probability_it_starts_from(qtbot, gui,
                                                                                                  tmp_path):
    """A model saved with flip TTA (as the time budget trains them): the bars average the image and its
    mirror, the heatmap and its score are of the image alone; the line must not pass one for the other."""
    import re

    from core.models.modelfile import load_model_file, save_model_file
    loaded = load_model_file(DEMO_MODEL)
    loaded.config = {**loaded.config, "tta": "flip"}
    path = tmp_path / "demo_with_tta.pt"
    save_model_file(path, loaded)
    window, controller = gui
    open_with_heatmap(qtbot, window, controller, path, DEMO_IMAGES)
    qtbot.waitUntil(lambda: "Faithfulness:" in window.triptych.caption(), timeout=WAIT)
    caption = window.triptych.caption()
    assert "[on the image alone, as the heatmap is; the bars average it with its mirror image]" in caption, caption
    found = re.search(r"drops .+? from (\d+)% to", caption)
    plain = window.triptych.faithfulness_curve.curves[1][0]  # the deletion curve starts at the untouched image
    assert found and int(found.group(1)) == round(plain * 100)
