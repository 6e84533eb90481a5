"""CamControls: one settingsChanged per user change, none for programmatic ones, debounced slider."""
from dataclasses import replace

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QCheckBox, QComboBox, QLabel, QSlider

from core.explain.cam_settings import CamSettings
from ui.viewer.cam_controls import CamControls

CLASSES = ["T-shirt/top", "Trouser", "Shirt"]


@pytest.fixture
def controls(qtbot):
    widget = CamControls()
    qtbot.addWidget(widget)
    widget.set_methods(["gradcam", "scorecam", "mymethod"], "gradcam")
    widget.set_classes(CLASSES)
    widget.set_layers(["layer3", "layer4"], "layer4")
    widget.set_colormaps(["jet", "viridis"], "jet")
    widget.show()
    return widget


def child(controls, cls, name):
    return controls.findChild(cls, name)


@pytest.fixture
def emitted(controls):
    seen = []
    controls.settingsChanged.connect(seen.append)
    return seen


def test_initial_settings(controls):
    assert controls.settings() == CamSettings(method="gradcam", target=None, layer="layer4", alpha=0.5,
                                              colormap="jet")
    layer = child(controls, QComboBox, "layer")
    assert layer.currentText() == "layer4 (default)"
    target = child(controls, QComboBox, "target")
    assert [target.itemText(i) for i in range(target.count())] == ["Predicted class"] + CLASSES


def test_each_combo_change_emits_the_whole_settings(controls, emitted):
    child(controls, QComboBox, "method").setCurrentIndex(1)
    child(controls, QComboBox, "target").setCurrentIndex(3)
    child(controls, QComboBox, "layer").setCurrentIndex(0)
    child(controls, QComboBox, "colormap").setCurrentIndex(1)
    child(controls, QComboBox, "target").setCurrentIndex(0)
    base = CamSettings(method="scorecam", target=None, layer="layer4", alpha=0.5, colormap="jet")
    assert emitted == [base, replace(base, target="Shirt"), replace(base, target="Shirt", layer="layer3"),
                       replace(base, target="Shirt", layer="layer3", colormap="viridis"),
                       replace(base, layer="layer3", colormap="viridis")]


def test_set_settings_and_filling_emit_nothing(qtbot, controls):
    new = CamSettings(method="scorecam", target="Trouser", layer="layer3", alpha=0.8, colormap="viridis")
    with qtbot.assertNotEmitted(controls.settingsChanged, wait=250):
        controls.set_settings(new)
        controls.set_classes(CLASSES + ["Bag"])
        controls.set_methods(["gradcam", "scorecam"], "scorecam")
    assert controls.settings() == new  # the chosen class survives a refill
    assert child(controls, QLabel, "alpha_value").text() == "80%"


def test_slider_burst_emits_once_and_label_follows_live(qtbot, controls, emitted):
    slider, label = child(controls, QSlider, "alpha"), child(controls, QLabel, "alpha_value")
    for value in range(51, 76):
        slider.setValue(value)
        assert label.text() == f"{value}%"
    assert emitted == []  # not yet: the slider may still be moving
    with qtbot.waitSignal(controls.settingsChanged, timeout=2000) as blocker:
        pass
    assert blocker.args[0].alpha == pytest.approx(0.75)
    with qtbot.assertNotEmitted(controls.settingsChanged, wait=250):
        pass
    assert len(emitted) == 1


def test_releasing_the_slider_emits_at_once(qtbot, controls, emitted):
    slider = child(controls, QSlider, "alpha")
    slider.setSliderDown(True)
    slider.setValue(20)
    slider.setValue(30)
    slider.setSliderDown(False)  # emits sliderReleased, as letting go of the handle does
    assert [s.alpha for s in emitted] == [pytest.approx(0.3)]
    with qtbot.assertNotEmitted(controls.settingsChanged, wait=250):
        pass


def test_method_tooltips_describe_each_method(controls):
    method = child(controls, QComboBox, "method")
    tips = [method.itemData(i, Qt.ToolTipRole) for i in range(method.count())]
    assert "fast" in tips[0] and "slow" in tips[1].lower()
    assert method.itemText(0) == "Grad-CAM" and method.itemText(2) == "mymethod"
    assert method.toolTip() == tips[0]
    method.setCurrentIndex(1)
    assert method.toolTip() == tips[1]
    for name in ("target", "layer", "colormap"):
        assert child(controls, QComboBox, name).toolTip()
    assert child(controls, QSlider, "alpha").toolTip()


def test_smoothing_boxes_are_clicked_into_the_settings_and_remembered(qtbot, controls, emitted):
    qtbot.mouseClick(child(controls, QCheckBox, "eigen_smooth"), Qt.LeftButton)
    qtbot.mouseClick(child(controls, QCheckBox, "aug_smooth"), Qt.LeftButton)
    assert [(s.eigen_smooth, s.aug_smooth) for s in emitted] == [(True, False), (True, True)]
    saved = {key: str(value).lower() for key, value in controls.settings().saved().items()}  # as QSettings gives back
    assert CamSettings.from_saved(saved).aug_smooth and CamSettings.from_saved(saved).eigen_smooth


def test_a_method_that_fails_the_sanity_check_is_marked_until_a_new_model(controls, emitted):
    method = child(controls, QComboBox, "method")
    controls.set_method_warning("scorecam", "Fails the sanity check at layer4")
    item = method.model().item(method.findData("scorecam"))
    assert item.text() == "Score-CAM ⚠" and item.isEnabled()  # still selectable
    assert item.toolTip().endswith("⚠ Fails the sanity check at layer4") and "Perturbation-based" in item.toolTip()
    assert method.itemText(method.findData("gradcam")) == "Grad-CAM" and not emitted
    method.setCurrentIndex(method.findData("scorecam"))
    assert "Fails the sanity check" in method.toolTip()  # the closed combo says it too
    controls.set_method_warning("unknown", "ignored")
    controls.set_methods_available()
    assert item.text() == "Score-CAM" and "sanity check" not in item.toolTip()
    assert "Fails the sanity check" not in method.toolTip()
