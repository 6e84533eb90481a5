"""Heatmap → Find the Best Layer…, as a user: a model's layers scored in a dialog, one used in the
Heatmap panel, one saved into a model file whose heatmaps then use it. The model is resnet18 at 96 px
(four map sizes to choose from; the demo's small network has one), on the demo's images."""
from pathlib import Path

import pytest
from PyQt5.QtWidgets import QApplication, QComboBox, QLabel

from app.layer_finder_flow import LayerFinderFlow
from tests.user import answer_file_dialog, choose_menu_item, click, click_table_row, open_model_and_folder, when_dialog_opens
from ui.viewer.layer_finder_dialog import LayerFinderDialog, finding_reason

ROOT = Path(__file__).resolve().parents[2]
DEMO_IMAGES = ROOT / "data" / "demo"
WAIT = 120_000  # ms: scoring five layers on a loaded 2-core machine; never slept, waited on


@pytest.fixture
def resnet_file(tmp_path, make_tiny_loaded):
    from core.models.modelfile import save_model_file
    path = tmp_path / "resnet18_96px.pt"
    save_model_file(path, make_tiny_loaded("resnet18", (96, 96)))
    return path


def test_find_the_best_layer_use_it_and_save_it(qtbot, gui, tmp_path, resnet_file):
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, resnet_file, DEMO_IMAGES, WAIT)
    flow = next(f for f in controller.heatmap_tools.flows if isinstance(f, LayerFinderFlow))
    flow.sample = 6  # the user's 16 would only make the test slower
    qtbot.waitUntil(flow.action.isEnabled, timeout=WAIT)
    opened = []
    when_dialog_opens(opened.append, LayerFinderDialog, WAIT)
    choose_menu_item(qtbot, window, "Heatmap", flow.action)
    assert not flow.action.isEnabled()  # busy while it scores
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
    dialog = opened[0]
    table = dialog.table
    names = [row.name for row in flow.finding.rows]
    assert table.rowCount() == len(names) == 4 and "layer3" in names  # one layer per map size: 3×3 to 24×24
    assert all(table.item(r, 2).text().endswith("%") for r in range(table.rowCount()))  # a faithful share each
    assert table.item(0, 0).text() == f"{flow.finding.proposal} (proposed)" and dialog.selected_layer() == names[0]
    english = finding_reason(str, flow.finding)
    assert dialog.findChild(QLabel, "reason").text() == english
    menu = [window.cam.findChild(QComboBox, "layer").itemData(i)
            for i in range(window.cam.findChild(QComboBox, "layer").count())]
    skipped = [name for name in menu if name not in names]  # the stem's 48×48 map, finer than 4 px a cell
    assert skipped and [name for name, _ in flow.finding.skipped] == skipped
    note = dialog.findChild(QLabel, "skipped")
    assert note.isVisible() and note.text().startswith(f"Not scored: {skipped[0]} · ")
    assert english.startswith(table.item(0, 0).text().split()[0] + " · ")
    from app.i18n import install_translator  # the sentence was English in a Chinese window
    install_translator(QApplication.instance(), "zh_CN")
    try:
        qtbot.waitUntil(lambda: "移除其高亮的 20%" in dialog.findChild(QLabel, "reason").text(), timeout=WAIT)
    finally:
        install_translator(QApplication.instance(), None)
    qtbot.waitUntil(lambda: dialog.findChild(QLabel, "reason").text() == english, timeout=WAIT)

    layer = window.cam.findChild(QComboBox, "layer")
    other = next(r for r, name in enumerate(names) if name != layer.currentData())
    click_table_row(qtbot, table, other)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click(qtbot, dialog.use_button)
    assert layer.currentData() == names[other] and controller.last_view.heatmap is not None
    assert dialog.isVisible()  # stays open to try another

    click_table_row(qtbot, table, 0)
    out = tmp_path / "saved" / "demo-best.pt"
    out.parent.mkdir()
    asked = answer_file_dialog(qtbot, str(out))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: out.is_file() and not flow.busy, timeout=WAIT)
    assert asked == ["Save Model with This Layer"]
    assert layer.currentData() == names[0]
    from core.models.modelfile import load_model_file
    saved = load_model_file(out)
    assert saved.cam_layer == names[0] and saved.config["cam_layer"] == names[0]
    assert saved.class_names == controller.loaded.class_names
    assert not controller.warnings
