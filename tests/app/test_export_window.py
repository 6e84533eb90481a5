"""File → Export Model…, as a user does it: the menu item, the save dialog answered, the file written
and checked off the GUI thread, the answer in a message box; onnxruntime then gives PyTorch's logits."""
import math
import re

import numpy as np
import onnxruntime
import pytest
import torch
from PIL import Image
from PyQt5.QtWidgets import QMessageBox

from app.export_flow import check_in_words, written_in_words
from core.models import export as export_module
from core.models.export import ExportResult
from core.models.export_check import ExportCheck
from core.ts_file import read_ts, ts_path
from tests.user import answer_file_dialog, choose_menu_item, open_model_and_folder, when_dialog_opens

WAIT = 120_000  # ms: an export on a loaded 2-core machine; never slept, waited on


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "images"
    rng = np.random.default_rng(0)
    for name in ("cat", "dog", "bird"):
        (root / name).mkdir(parents=True)
        for i in range(2):
            Image.fromarray(rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)).save(root / name / f"img{i}.png")
    return root


def test_export_model_is_off_until_a_model_is_loaded(qtbot):
    from ui.viewer.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.export_model.isEnabled()


def test_export_onnx_from_the_menu(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, tiny_model_file, folder, WAIT)
    assert window.export_model.isEnabled()
    out = tmp_path / "exported" / "tiny.onnx"
    out.parent.mkdir()
    asked = answer_file_dialog(qtbot, str(out))
    choose_menu_item(qtbot, window, "File", window.export_model)
    assert asked == ["Export Model"]
    told = when_dialog_opens(lambda box: box.button(QMessageBox.Ok).click(), QMessageBox, WAIT)
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    assert told == [f"Exported to {out}"] and out.is_file()
    check = controller.exports.box.informativeText()
    assert check.startswith("checked on 6 images from the open folder: max |Δlogit| ") and "same top-1 on 6/6" in check
    assert window.export_model.isEnabled()  # off while it ran, on again
    assert f"wrote {out} (" in window.log.toPlainText() and "ONNX opset 18, dynamic batch" in window.log.toPlainText()
    # What a user of the file gets: PyTorch's logits from onnxruntime, with the preprocessing in it.
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert session.get_modelmeta().custom_metadata_map["input_size"] == "[64, 64]"
    from core.data.decode import load_rgb
    loaded = controller.loaded
    batch = torch.stack([loaded.preprocess(load_rgb(p)) for p in sorted(folder.rglob("*.png"))])
    with torch.no_grad():
        expected = loaded.model.cpu()(batch).numpy()
    got = session.run(None, {"input": batch.numpy()})[0]
    assert np.abs(got - expected).max() <= 1e-4


def test_a_failed_export_says_why_in_one_line_and_writes_nothing(qtbot, gui, tiny_model_file, folder, tmp_path,
                                                                 monkeypatch):
    def refuse(model, example, values):
        raise RuntimeError("Exporting the operator 'aten::frobnicate' to ONNX opset version 18 is not supported.")
    monkeypatch.setattr(export_module, "_to_onnx", refuse)
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, tiny_model_file, folder, WAIT)
    out = tmp_path / "tiny.onnx"
    answer_file_dialog(qtbot, str(out))
    choose_menu_item(qtbot, window, "File", window.export_model)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    assert controller.warnings == ["cannot export resnet18 to ONNX: RuntimeError: Exporting the operator "
                                   "'aten::frobnicate' to ONNX opset version 18 is not supported."]
    assert not out.exists() and window.export_model.isEnabled()


@pytest.mark.parametrize("check", [
    ExportCheck(8, "images", "the open folder", 3.1e-06, 8),
    ExportCheck(1, "image", "data/demo", 2e-4, 1, scale=40.0),
    ExportCheck(8, "random inputs", "no images at hand", 0.5, 6, scale=30.0),
    ExportCheck(8, "images", "/tmp/x", math.inf, 0)])
def test_the_check_is_worded_in_the_windows_language(check):
    """In English it is the line export.py prints; in Chinese no English word is left (it showed in English)."""
    assert check_in_words(check, lambda text: text) == check.line()
    by_source = read_ts(ts_path("zh_CN"))[1]
    chinese = check_in_words(check, lambda text: by_source[text])
    leftover = set(re.findall(r"[A-Za-z]{3,}", chinese)) - {"logit", "top", "data", "demo", "tmp", "inf"}
    assert not leftover, chinese


@pytest.mark.parametrize("result", [
    ExportResult("/tmp/x/tiny.onnx", "onnx", 45_123_456, ExportCheck(8, "images", "the open folder", 3.1e-06, 8)),
    ExportResult("/tmp/x/tiny.pt", "torchscript", 987_654, ExportCheck(8, "images", "the open folder", 3.1e-06, 8))])
def test_the_written_file_is_worded_in_the_windows_language(result):
    """The log's line about the file: in English the line export.py prints; in Chinese no English word but the
    formats' names is left (it showed in English)."""
    assert written_in_words(result, lambda text: text) == result.written_line()
    by_source = read_ts(ts_path("zh_CN"))[1]
    chinese = written_in_words(result, lambda text: by_source[text])
    leftover = set(re.findall(r"[A-Za-z]{3,}", chinese)) - {"tmp", "tiny", "onnx", "ONNX", "opset", "TorchScript",
                                                            "gradlens", "json"}
    assert not leftover, chinese
