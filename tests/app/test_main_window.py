"""The real main window, driven like a user would: open, run, browse, autoplay, filter, export, close."""
import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PyQt5.QtWidgets import QFileDialog, QMessageBox

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60_000  # ms; generous for a loaded 2-core CI machine, never slept


@pytest.fixture
def folder(tmp_path) -> Path:
    """A labelled folder (cat/dog/bird as in the tiny model) with one unreadable file."""
    root = tmp_path / "images"
    rng = np.random.default_rng(0)
    for name in ("cat", "dog", "bird"):
        (root / name).mkdir(parents=True)
        for i in range(4):
            Image.fromarray(rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)).save(root / name / f"img{i}.png")
    (root / "dog" / "broken.jpg").write_bytes(b"not a picture")
    return root


def load(qtbot, controller, model, folder):
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        controller.open_model(str(model))
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        controller.open_folder(str(folder))


def run_all(qtbot, controller):
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        controller.run()


def test_open_run_and_results_appear(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    assert len(controller.paths) == 13
    run_all(qtbot, controller)
    assert len(controller.rows) == 13
    broken = [row for row in controller.rows.values() if row.error]
    assert len(broken) == 1 and "broken.jpg" in broken[0].relpath
    assert window.results.visible_indices() and len(window.results.visible_indices()) == 13
    qtbot.waitUntil(lambda: window.metrics.counts().sum() == 12, timeout=WAIT)  # each image counted once
    assert "13" in window.progress_label.text() and not window.progress.isVisible()
    assert "→" in window.log.toPlainText()


def test_navigation_and_autoplay(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        window.next.trigger()
    assert shown.args == [1] and window.position_box.value() == 2
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        window.previous.trigger()
    assert shown.args == [0]
    window.interval.setValue(0.1)
    seen = []
    controller.displayed.connect(seen.append)
    window.play.trigger()
    assert window.play.isChecked()
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=WAIT)
    assert seen[:3] == [1, 2, 3]
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        window.next.trigger()  # manual navigation pauses autoplay
    assert not window.play.isChecked()


def test_unreadable_file_shows_its_reason(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    broken = next(i for i, p in enumerate(controller.paths) if p.endswith("broken.jpg"))
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        controller.show(broken, manual=True)
    assert "cannot identify" in window.triptych.caption() or "not an image" in window.triptych.caption()


def test_cam_controls_change_the_picture(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        controller.show(0, manual=True)
    before = controller.last_view
    target = window.cam.findChild(type(window.cam.findChild(object, "target")), "target")
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        target.setCurrentIndex(target.findText("bird" if before.topk[0][0] != "bird" else "cat"))
    after = controller.last_view
    assert after.target != before.target
    assert not np.array_equal(before.heatmap, after.heatmap)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        window.cam.findChild(type(window.cam.findChild(object, "alpha")), "alpha").setValue(0)
    shown = controller.last_view
    assert np.abs(shown.overlay.astype(int) - shown.original.astype(int)).max() <= 1


def test_filters_set_the_browse_order(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    run_all(qtbot, controller)
    window.results.filter_cell("cat", controller.rows[0].predicted)
    visible = window.results.visible_indices()
    assert visible and all(controller.rows[i].true_class == "cat" for i in visible)
    assert controller._order() == visible


def test_export_csv_and_text(qtbot, gui, tiny_model_file, folder, tmp_path, monkeypatch):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    run_all(qtbot, controller)
    for name, kind in (("out.csv", "CSV (*.csv)"), ("out.txt", "Text (*.txt)")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), kind))
        controller.export()
        qtbot.waitUntil(target.exists, timeout=WAIT)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert len(rows) == 13 and {"path", "predicted", "true_class", "correct", "error"} <= set(rows[0])
    assert sum(1 for r in rows if r["error"]) == 1
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "UNREADABLE" in text and "accuracy" in text


def test_save_folder_writes_outputs_and_never_overwrites_silently(qtbot, gui, tiny_model_file, folder, tmp_path,
                                                                   monkeypatch):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    controller.save_dir = str(tmp_path / "saved")
    run_all(qtbot, controller)
    saved = tmp_path / "saved"
    assert (saved / "results.csv").exists() and len(list((saved / "overlays").rglob("*.jpg"))) == 12
    stamp = (saved / "results.csv").stat().st_mtime_ns
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    controller.run()
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert "overwritten" in asked[0]
    assert (saved / "results.csv").stat().st_mtime_ns == stamp


def test_a_bad_model_file_keeps_the_previous_model(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, controller, tiny_model_file, folder)
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"garbage")
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        controller.open_model(str(bad))
    assert controller.loaded.path == str(tiny_model_file)
    assert any("bad.pt" in text for text in controller.warnings)


def test_closing_during_a_run_stops_quickly(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    big = tmp_path / "many"
    big.mkdir()
    rng = np.random.default_rng(1)
    for i in range(300):
        Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(big / f"{i}.png")
    load(qtbot, controller, tiny_model_file, big)
    with qtbot.waitSignal(controller.classifier.progress, timeout=WAIT):
        controller.run()
    import time
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 2.5
    assert not controller.classifier_thread.isRunning() and not controller.viewer_thread.isRunning()


def test_the_window_is_built_without_torch():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PyQt5.QtWidgets import QApplication; app = QApplication([])\n"
            "from app.main import build; window, controller = build(app); window.show(); app.processEvents()\n"
            "print('torch' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "GRADLENS_SETTINGS": "/tmp/gradlens-test-notorch.ini"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False"), "torch was imported before the window was shown"
