"""Heatmap → Sanity Check…, as a user: on the demo, Eigen-CAM's maps survive the randomised weights,
the dialog says it fails with the curve, and the Method list marks Eigen-CAM."""
from pathlib import Path

from PyQt5.QtWidgets import QComboBox, QDialogButtonBox

from app.sanity_flow import SanityFlow
from tests.user import choose_in_combo, choose_menu_item, click, open_model_and_folder, when_dialog_opens
from ui.viewer.sanity_dialog import SanityDialog

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "weights" / "demo_fashion_mnist.pt"
DEMO_IMAGES = ROOT / "data" / "demo"
WAIT = 120_000  # ms: the check on a loaded 2-core machine; never slept, waited on


def test_eigen_cam_fails_the_sanity_check_and_is_marked_in_the_method_list(qtbot, gui):
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, DEMO_MODEL, DEMO_IMAGES, WAIT)
    method = window.cam.findChild(QComboBox, "method")
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        choose_in_combo(qtbot, method, "Eigen-CAM")
    flow = next(f for f in controller.heatmap_tools.flows if isinstance(f, SanityFlow))
    flow.sample = 6  # the user's 16 would only make the test slower
    qtbot.waitUntil(flow.action.isEnabled, timeout=WAIT)
    seen = []

    def answer(dialog):
        seen.append((dialog.windowTitle(), dialog.verdict.text(), dialog.curve.width()))
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Close))
    when_dialog_opens(answer, SanityDialog, WAIT)
    choose_menu_item(qtbot, window, "Heatmap", flow.action)
    assert not flow.action.isEnabled()  # busy while it runs
    qtbot.waitUntil(lambda: bool(seen) and not flow.dialog.isVisible(), timeout=WAIT)
    title, verdict, width = seen[0]
    assert title == "Sanity Check: Eigen-CAM" and width > 0
    assert verdict.startswith("Eigen-CAM at layer3 fails: with the head's weights randomised its maps are still")
    assert flow.result.method == "eigencam" and flow.result.images == 6 and len(flow.result.steps) >= 5
    item = method.model().item(method.findData("eigencam"))
    assert item.text() == "Eigen-CAM ⚠" and item.isEnabled()
    assert "Fails the sanity check at layer3" in item.toolTip()
    assert method.itemText(method.findData("gradcam")) == "Grad-CAM"  # only the failing method is marked
    qtbot.waitUntil(flow.action.isEnabled, timeout=WAIT)


def test_a_check_that_cannot_run_is_one_line_in_a_message_box(qtbot, gui, monkeypatch):
    import core.explain.sanity_check as sanity_check
    from core.explain.cam_support import MethodUnsupported

    def cannot(*args, **kwargs):
        raise MethodUnsupported("Shapley-CAM fails inside pytorch-grad-cam on this model")
    monkeypatch.setattr(sanity_check, "check_loaded", cannot)
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, DEMO_MODEL, DEMO_IMAGES, WAIT)
    flow = next(f for f in controller.heatmap_tools.flows if isinstance(f, SanityFlow))
    qtbot.waitUntil(flow.action.isEnabled, timeout=WAIT)
    choose_menu_item(qtbot, window, "Heatmap", flow.action)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    assert controller.warnings == ["Cannot run the sanity check: Shapley-CAM fails inside pytorch-grad-cam on this model"]
    qtbot.waitUntil(flow.action.isEnabled, timeout=WAIT)  # not busy any more
    method = window.cam.findChild(QComboBox, "method")
    assert all("⚠" not in method.itemText(i) for i in range(method.count()))
