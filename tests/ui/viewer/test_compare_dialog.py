"""The Compare Methods dialog with made-up results (no torch): cells fill one by one, say how faithful
each map is and how long it took, warn on maps that show nothing, and "Use this one" moves the highlight."""
from types import SimpleNamespace

import numpy as np
from PyQt5.QtWidgets import QLabel, QPushButton

from tests.user import click
from ui.viewer.compare_dialog import CompareDialog


def score(verdict, before=0.97, after=0.12, after_random=0.8):
    return SimpleNamespace(verdict=verdict, before=before, after=after, after_random=after_random,
                           share=0.7, deletion=(before, after, 0.1))


def result(method, verdict="faithful", seconds=0.043, note=None, error=None):
    overlay = np.full((176, 120, 3), 90, dtype=np.uint8)
    return SimpleNamespace(method=method, overlay=None if error else overlay, score=None if error else score(verdict),
                           seconds=seconds, note=note, error=error, explained="Bag")


def text(cell, name):
    return cell.findChild(QLabel, name).text()


def test_cells_fill_as_results_come_and_use_this_one_asks_for_the_method(qtbot):
    dialog = CompareDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start("00018.png", [("gradcam", "Grad-CAM"), ("layercam", "LayerCAM"), ("scorecam", "Score-CAM"),
                               ("shapleycam", "ShapleyCAM")], "gradcam")
    cells = dialog.cells
    assert text(cells["gradcam"], "picture") == "computing…" and text(cells["scorecam"], "picture") == "waiting…"
    dialog.add_result(result("gradcam"))
    dialog.add_result(result("layercam", "unfaithful", seconds=1.5, note="flat"))
    assert "00018.png" in dialog.header.text() and "Bag" in dialog.header.text()
    assert "faithful" in text(cells["gradcam"], "verdict") and "97% → 12% (random 80%)" in text(cells["gradcam"],
                                                                                               "verdict")
    assert text(cells["gradcam"], "time") == "time: 43 ms" and text(cells["layercam"], "time") == "time: 1.5 s"
    assert "not faithful" in text(cells["layercam"], "verdict")
    assert cells["layercam"].findChild(QLabel, "note").isVisible() and "flat" in text(cells["layercam"], "note")
    assert not cells["gradcam"].findChild(QLabel, "note").isVisible()
    assert text(cells["scorecam"], "picture") == "computing…"
    dialog.add_result(result("shapleycam", error="ShapleyCAM needs second derivatives"))
    assert "second derivatives" in text(cells["shapleycam"], "picture")
    assert not cells["shapleycam"].findChild(QPushButton, "use").isEnabled()

    assert cells["gradcam"].property("current") and not cells["gradcam"].findChild(QPushButton, "use").isEnabled()
    with qtbot.waitSignal(dialog.useMethod) as chosen:
        click(qtbot, cells["layercam"].findChild(QPushButton, "use"))
    assert chosen.args == ["layercam"]
    dialog.set_current("layercam")
    assert cells["layercam"].property("current") and not cells["gradcam"].property("current")
    assert cells["gradcam"].findChild(QPushButton, "use").isEnabled()
    dialog.add_result(result("scorecam", seconds=2.0))
    dialog.finish(3.6)
    assert "All 4 methods in 3.6 s" in dialog.status.text()


def test_cells_reflow_to_the_width_and_esc_closes(qtbot):
    from PyQt5.QtCore import Qt
    dialog = CompareDialog()
    qtbot.addWidget(dialog)
    dialog.resize(1000, 650)
    dialog.show()
    dialog.start("x.png", [(f"m{i}", f"M{i}") for i in range(12)], None)
    qtbot.waitUntil(lambda: dialog._columns >= 3)  # four need 1000 px of cells
    wide = dialog._columns
    dialog.resize(500, 650)
    qtbot.waitUntil(lambda: dialog._columns < wide)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key_Escape)
    assert not dialog.isVisible()
