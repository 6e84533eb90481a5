"""Heatmap → Compare Methods… on the bundled demo, as a user does it: every offered method's map for
the image on screen with its verdict and time, and "Use this one" sets the method in the panel."""
import re
from pathlib import Path

from PyQt5.QtWidgets import QComboBox, QLabel, QPushButton

from tests.user import choose_menu_item, click, open_model_and_folder

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "weights" / "demo_fashion_mnist.pt"
DEMO_IMAGES = ROOT / "data" / "demo"
WAIT = 120_000
FAST = ("gradcam", "gradcam++", "xgradcam", "hirescam", "layercam", "eigengradcam", "eigencam")


def compare_action(window):
    return next(a for a in window.heatmap_menu.actions() if a.objectName() == "compare_methods")


def test_compare_methods_fills_a_cell_per_method_and_use_this_one_sets_it(qtbot, gui):
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, DEMO_MODEL, DEMO_IMAGES, WAIT)
    action = compare_action(window)
    qtbot.waitUntil(action.isEnabled, timeout=WAIT)
    choose_menu_item(qtbot, window, "Heatmap", action)
    flow = next(f for f in controller.heatmap_tools.flows if f.action is action)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=WAIT)
    dialog = flow.dialog
    cells = dialog.cells
    assert list(cells)[:len(FAST)] == list(FAST)  # the fast methods come first, the slow ones last
    assert list(cells)[-1] == "scorecam"
    qtbot.waitUntil(lambda: all(cells[m].filled for m in FAST), timeout=WAIT)
    name = Path(controller.paths[controller.current]).name
    assert name in dialog.header.text() and controller.last_view.target in dialog.header.text()
    for method in FAST:
        verdict = cells[method].findChild(QLabel, "verdict").text()
        assert re.search(r"(faithful|weak|not faithful|cannot be tested)</b></span><br>\d+% → \d+% \(random \d+%\)",
                         verdict), (method, verdict)
        assert re.fullmatch(r"time: \d+ ms|time: \d+\.\d s", cells[method].findChild(QLabel, "time").text())
    assert cells["gradcam"].property("current")

    method = window.cam.findChild(QComboBox, "method")
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click(qtbot, cells["layercam"].findChild(QPushButton, "use"))
    assert method.currentData() == "layercam" and window.cam.settings().method == "layercam"
    assert dialog.isVisible() and cells["layercam"].property("current") and not cells["gradcam"].property("current")
    # The main caption now scores LayerCAM's map: the numbers of its cell (same image, layer, seed).
    qtbot.waitUntil(lambda: "Faithfulness:" in window.triptych.caption(), timeout=WAIT)
    after, random = re.search(r"(\d+)% → (\d+)% \(random (\d+)%\)",
                              cells["layercam"].findChild(QLabel, "verdict").text()).groups()[1:]
    assert re.search(rf"(to|at) {after}% \(a random 20%: {random}%\)", window.triptych.caption())
    dialog.close()  # the slow methods still coming are dropped
    assert not dialog.isVisible() and flow.worker._stale(flow._job)
