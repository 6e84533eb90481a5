"""The real main window, driven as a user drives it: menus, toolbar, fields, table, dialogs answered."""
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PyQt5.QtCore import QPoint, Qt
from PyQt5.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSlider,
    QTableView,
)

from tests.user import (
    answer_file_dialog,
    choose_in_combo,
    choose_menu_item,
    click,
    click_table_row,
    click_toolbar,
    open_model_and_folder,
    type_into,
    when_dialog_opens,
)
from ui.viewer.results_model import COL_FILE, COL_TRUE

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60_000  # ms; generous for a loaded 2-core CI machine, never slept


def noise_images(folder: Path, names, size=(40, 56), seed: int = 0) -> Path:
    """Random RGB pictures of `size` (height, width) saved as `folder`/name for each name."""
    rng = np.random.default_rng(seed)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8)).save(folder / name)
    return folder


@pytest.fixture
def folder(tmp_path) -> Path:
    """A labelled folder (cat/dog/bird as in the tiny model) with one unreadable file."""
    root = noise_images(tmp_path / "images", [f"{name}/img{i}.png" for name in ("cat", "dog", "bird") for i in range(4)])
    (root / "dog" / "broken.jpg").write_bytes(b"not a picture")
    return root


def load(qtbot, window, controller, model, folder):
    open_model_and_folder(qtbot, window, controller, model, folder, WAIT)


def run_all(qtbot, window, controller):
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)


def _table(window):
    return window.results.findChild(QTableView, "results")


def cam_widget(window, cls, name):
    return window.cam.findChild(cls, name)


def test_open_run_and_results_appear(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    assert window.position_total.text() == "/ 13"
    run_all(qtbot, window, controller)
    assert window.results.visible_indices() and len(window.results.visible_indices()) == 13
    broken = [row for row in controller.rows.values() if row.error]
    assert len(broken) == 1 and "broken.jpg" in broken[0].relpath
    qtbot.waitUntil(lambda: window.metrics.counts().sum() == 12, timeout=WAIT)  # each image counted once
    assert "13" in window.progress_label.text() and not window.progress.isVisible()
    assert "→" in window.log.toPlainText()


def test_navigation_and_autoplay(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        click_toolbar(qtbot, window, window.next)
    assert shown.args == [1] and window.position_box.value() == 2
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        click_toolbar(qtbot, window, window.previous)
    assert shown.args == [0]
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        type_into(qtbot, window.position_box, "5")
    assert shown.args == [4]
    type_into(qtbot, window.interval, "0.1")
    seen = []
    controller.displayed.connect(seen.append)
    click_toolbar(qtbot, window, window.play)
    assert window.play.isChecked()
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=WAIT)
    assert seen[:3] == [5, 6, 7]
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_toolbar(qtbot, window, window.next)  # manual navigation pauses autoplay
    assert not window.play.isChecked()


def test_play_on_the_last_image_starts_again_from_the_first(qtbot, gui, tiny_model_file, folder):
    """Space on the last image (Loop off) made the play button blink on and off, and nothing played."""
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    last = len(controller.paths)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        type_into(qtbot, window.position_box, str(last))
    type_into(qtbot, window.interval, "0.1")
    seen = []
    controller.displayed.connect(seen.append)
    click_toolbar(qtbot, window, window.play)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=WAIT)
    assert seen[:3] == [0, 1, 2] and window.play.isChecked()


def test_a_click_on_a_table_row_or_the_arrow_keys_in_the_table_show_that_image(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    order, table = window.results.visible_indices(), _table(window)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        click_table_row(qtbot, table, 4)
    assert shown.args == [order[4]] and window.position_box.value() == 5
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        qtbot.keyClick(table, Qt.Key_Down)
    assert shown.args == [order[5]] and controller.last_view.path == controller.paths[order[5]]
    click_toolbar(qtbot, window, window.play)  # autoplay moves the selection: that is no click of the user's
    qtbot.waitUntil(lambda: window.position_box.value() >= 8, timeout=WAIT)
    assert window.play.isChecked()


def test_after_a_run_in_a_sorted_table_the_position_says_where_the_image_on_screen_stands(qtbot, gui,
                                                                                          tiny_model_file, folder):
    """With the table sorted, a run ended showing the first file as "1 / 13", slider left, no row selected, and
    → then jumped to the image after the one shown in the table's order."""
    window, controller = gui
    table = _table(window)
    header = table.horizontalHeader()
    for _ in range(2):  # by file name, then the other way round: the folder's first image comes last
        qtbot.mouseClick(header.viewport(), Qt.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(COL_FILE) + 10, header.height() // 2))
    assert header.sortIndicatorOrder() == Qt.DescendingOrder
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    order = window.results.visible_indices()
    shown = controller.current
    assert order.index(shown) == len(order) - 1
    assert window.position_box.value() == window.position.value() == len(order)
    assert table.currentIndex().row() == len(order) - 1
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as moved:
        click_toolbar(qtbot, window, window.previous)
    assert moved.args == [order[-2]]


def test_an_unreadable_file_shows_its_reason(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    row, index = next((r, i) for r, i in enumerate(window.results.visible_indices()) if controller.rows[i].error)
    # that image's display, not one still on its way from before the click
    with qtbot.waitSignal(controller.displayed, timeout=WAIT, check_params_cb=lambda shown: shown == index):
        click_table_row(qtbot, _table(window), row, double=True)
    assert "cannot identify" in window.triptych.caption() or "not an image" in window.triptych.caption()


def test_without_a_model_the_pictures_are_shown_and_the_heatmaps_come_with_one(qtbot, gui, tiny_model_file, folder,
                                                                               tmp_path):
    """No model at start, or the first one failed to load: the folder's images were listed (1 / 13) while every
    panel said "No image"."""
    window, controller = gui
    broken = tmp_path / "broken.pt"
    broken.write_bytes(b"not a model")
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        answer_file_dialog(qtbot, str(broken))
        choose_menu_item(qtbot, window, "File", window.load_model)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(folder / "cat"))
        click_toolbar(qtbot, window, window.open_folder)
    original, heatmap = window.triptych.panel("original"), window.triptych.panel("heatmap")
    assert original.message() is None and original.current_image_size() == (56, 40)
    assert heatmap.message() == "No model loaded" and window.triptych.panel("overlay").message() == "No model loaded"
    assert window.triptych.caption() == "Load a model to classify and explain images."
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):  # Next: the next picture, still without a model
        click_toolbar(qtbot, window, window.next)
    assert window.position.value() == 2 and original.current_image_size() == (56, 40)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):  # a model: the picture shown gets its heatmap
        answer_file_dialog(qtbot, str(tiny_model_file))
        choose_menu_item(qtbot, window, "File", window.load_model)
    qtbot.waitUntil(lambda: heatmap.message() is None and heatmap.current_image_size() == (56, 40), timeout=WAIT)
    assert "predicted" in window.triptych.caption()


def test_cam_controls_change_the_picture(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    before = controller.last_view
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        choose_in_combo(qtbot, cam_widget(window, QComboBox, "target"),
                        "bird" if before.topk[0][0] != "bird" else "cat")
    after = controller.last_view
    assert after.target != before.target
    assert not np.array_equal(before.heatmap, after.heatmap)
    slider = cam_widget(window, QSlider, "alpha")
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click(qtbot, slider)
        qtbot.keyClick(slider, Qt.Key_Home)  # all the way to 0 %
    shown = controller.last_view
    assert np.abs(shown.overlay.astype(int) - shown.original.astype(int)).max() <= 1


def test_a_filter_decides_what_is_browsed_and_what_is_on_screen(qtbot, gui, tiny_model_file, folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_toolbar(qtbot, window, window.next)
    correctness = window.results.findChild(QComboBox, "correctness")
    wanted = "Correct" if not controller.rows[controller.current].correct else "Incorrect"
    choose_in_combo(qtbot, correctness, wanted)  # the image on screen is filtered out
    visible = window.results.visible_indices()
    assert visible and all(controller.rows[i].correct is (wanted == "Correct") for i in visible)
    qtbot.waitUntil(lambda: controller.last_view is not None and controller.last_view.index in visible, timeout=WAIT)
    assert window.position_total.text() == f"/ {len(visible)}"
    assert window.position_box.value() == visible.index(controller.current) + 1
    selected = _table(window).selectionModel().selectedRows()
    assert len(selected) == 1 and visible[selected[0].row()] == controller.current
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        click_toolbar(qtbot, window, window.next)
    assert shown.args[0] in visible


def test_export_csv_and_text(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    for name in ("out.csv", "out.txt"):
        target = tmp_path / name
        answer_file_dialog(qtbot, str(target))
        choose_menu_item(qtbot, window, "File", window.export)
        qtbot.waitUntil(target.exists, timeout=WAIT)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 13 and {"path", "predicted", "true_class", "correct", "error"} <= set(rows[0])
    assert sum(1 for r in rows if r["error"]) == 1
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "UNREADABLE" in text and "accuracy" in text


def test_export_proposes_a_new_name_beside_the_runs_results_and_adds_the_chosen_type(qtbot, gui, tiny_model_file,
                                                                                       folder, tmp_path):
    """It proposed results.csv in the save folder: the run's own file, one Enter away from being replaced. And
    a name typed without an extension with "Text" chosen was written as CSV, under that bare name."""
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    saved = tmp_path / "saved"
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    run_all(qtbot, window, controller)
    run_results = (saved / "results.csv").read_bytes()

    def accept_as_proposed(dialog):
        proposed.append(dialog.findChild(QLineEdit, "fileNameEdit").text())
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        click(qtbot, next(b for b in buttons.buttons() if buttons.buttonRole(b) == QDialogButtonBox.AcceptRole))
    proposed = []
    when_dialog_opens(accept_as_proposed, QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    first = saved / "images-results.csv"  # the image folder's name, in the save folder
    qtbot.waitUntil(first.exists, timeout=WAIT)
    assert proposed == ["images-results.csv"] and (saved / "results.csv").read_bytes() == run_results
    when_dialog_opens(lambda dialog: (proposed.append(dialog.findChild(QLineEdit, "fileNameEdit").text()),
                                      dialog.reject()), QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: len(proposed) == 2, timeout=WAIT)
    assert proposed[1] == "images-results-2.csv"  # never a file already there

    def as_text(dialog):
        choose_in_combo(qtbot, dialog.findChild(QComboBox, "fileTypeCombo"), "Text (*.txt)")
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        field.selectAll()
        field.insert("summary")
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        click(qtbot, next(b for b in buttons.buttons() if buttons.buttonRole(b) == QDialogButtonBox.AcceptRole))
    when_dialog_opens(as_text, QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil((saved / "summary.txt").exists, timeout=WAIT)
    assert "UNREADABLE" in (saved / "summary.txt").read_text(encoding="utf-8") and not (saved / "summary").exists()
    (saved / "summary.txt").write_text("my notes", encoding="utf-8")  # the dialog never saw this name: we ask
    asked = when_dialog_opens(lambda box: box.button(QMessageBox.No).click(), QMessageBox)
    when_dialog_opens(as_text, QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert asked[0] == "summary.txt already exists. Replace it?"
    assert (saved / "summary.txt").read_text(encoding="utf-8") == "my notes"


def test_export_of_the_bundled_demo_proposes_the_users_folder_not_the_programs(qtbot, gui, tmp_path, monkeypatch):
    from app.main import DEMO_FOLDER, DEMO_MODEL
    from tests.user import when_dialog_opens
    window, controller = gui
    monkeypatch.chdir(tmp_path)  # where the user started GradLens
    load(qtbot, window, controller, DEMO_MODEL, DEMO_FOLDER)
    run_all(qtbot, window, controller)
    proposed = []
    when_dialog_opens(lambda dialog: (proposed.append(dialog.directory().absolutePath()), dialog.reject()), QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: bool(proposed), timeout=WAIT)
    assert Path(proposed[0]) == tmp_path  # nobody keeps their results inside the program's folder
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(DEMO_FOLDER.parents[1])  # started as the README says, from the program's folder
    proposed.clear()
    when_dialog_opens(lambda dialog: (proposed.append(dialog.directory().absolutePath()), dialog.reject()), QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: bool(proposed), timeout=WAIT)
    assert Path(proposed[0]) == home


def test_a_save_folder_gets_the_outputs_and_declining_to_replace_them_loses_nothing(qtbot, gui, tiny_model_file,
                                                                                    folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    saved = tmp_path / "saved"  # does not exist yet: typed into the dialog, it is made
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    assert saved.is_dir() and controller.save_dir == str(saved)
    run_all(qtbot, window, controller)
    assert (saved / "results.csv").exists() and len(list((saved / "overlays").rglob("*.jpg"))) == 12
    # The table exports what the run wrote: heatmap file and CAM target included.
    export = tmp_path / "export.csv"
    answer_file_dialog(qtbot, str(export))
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(export.exists, timeout=WAIT)
    written = list(csv.DictReader((saved / "results.csv").open(encoding="utf-8-sig")))
    exported = list(csv.DictReader(export.open(encoding="utf-8-sig")))
    # …with whole paths: relative to the image and save folders, they led nowhere from where the export lies.
    assert [(r["cam_target"], str(saved / r["heatmap"]) if r["heatmap"] else "") for r in written] == \
        [(r["cam_target"], r["heatmap"]) for r in exported]
    assert sum(1 for r in exported if r["heatmap"]) == 12
    assert all(Path(r["path"]).is_file() and (not r["heatmap"] or Path(r["heatmap"]).is_file()) for r in exported)

    stamp = (saved / "results.csv").stat().st_mtime_ns
    counts = window.metrics.counts().sum()
    asked = when_dialog_opens(lambda box: box.button(QMessageBox.Cancel).click(), QMessageBox)
    click_toolbar(qtbot, window, window.run)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert "already holds results" in asked[0] and "--overwrite" not in asked[0]
    assert "(14 files, e.g. results.csv)" in asked[0]  # results.csv, results.txt and the 12 overlays replacing removes
    qtbot.waitUntil(lambda: window.run.isEnabled(), timeout=WAIT)
    assert window.statusBar().currentMessage() == "Not run: the earlier results in the save folder are kept."
    assert window.progress_label.text() == ""  # neither "Starting…" nor a line that outstays its news
    assert (saved / "results.csv").stat().st_mtime_ns == stamp
    assert len(window.results.visible_indices()) == 13 and window.metrics.counts().sum() == counts == 12

    replace = when_dialog_opens(lambda box: next(b for b in box.buttons() if b.text() == "Replace").click(),
                                QMessageBox)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    assert replace and (saved / "results.csv").stat().st_mtime_ns != stamp


def test_a_bad_model_file_keeps_the_previous_model(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"garbage")
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        answer_file_dialog(qtbot, str(bad))
        choose_menu_item(qtbot, window, "File", window.load_model)
    assert controller.loaded.path == str(tiny_model_file)
    assert controller.warnings[-1].startswith("bad.pt is not a model file")  # named once, not "bad.pt: bad.pt is…"
    assert "The previous model stays loaded." in controller.warnings[-1]
    assert window.model_status.text() == f"Model: {tiny_model_file.name} (resnet18, 3 classes)"  # as before the attempt
    run_all(qtbot, window, controller)
    assert window.progress_label.text().startswith("Done")
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):  # a model loaded: the results are cleared …
        answer_file_dialog(qtbot, str(tiny_model_file))
        choose_menu_item(qtbot, window, "File", window.load_model)
    assert window.results.visible_indices() == [] and window.progress_label.text() == ""  # … and the line about them


def test_opening_another_folder_clears_the_last_runs_status(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    assert "Done" in window.progress_label.text()
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(folder / "cat"))
        click_toolbar(qtbot, window, window.open_folder)
    assert window.progress_label.text() == "" and window.position_total.text() == "/ 4"


def test_copying_the_misclassified_images_is_confirmed_on_screen(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    wrong = sum(1 for row in controller.rows.values() if row.correct is False)
    assert wrong  # a random tiny model gets most of three classes wrong
    review = tmp_path / "review"
    review.mkdir()
    answer_file_dialog(qtbot, str(review))
    asked = when_dialog_opens(lambda box: next(b for b in box.buttons() if b.text() == "Copy").click(), QMessageBox)
    choose_menu_item(qtbot, window, "File", window.copy_wrong)
    assert asked
    qtbot.waitUntil(lambda: "copied" in window.statusBar().currentMessage(), timeout=WAIT)
    assert str(wrong) in window.statusBar().currentMessage()
    assert len(list(review.rglob("*.png"))) == wrong
    assert all(row.path for row in controller.rows.values())  # the originals stay
    typed = tmp_path / "new review"  # typed into the folder dialog, which makes it; then Cancel
    answer_file_dialog(qtbot, str(typed))
    asked = when_dialog_opens(lambda box: box.button(QMessageBox.Cancel).click(), QMessageBox)
    choose_menu_item(qtbot, window, "File", window.copy_wrong)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert not typed.exists()  # it stayed behind, empty
    assert review.is_dir()  # a folder that was there before is never taken away


def test_closing_during_a_run_stops_the_workers(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    big = noise_images(tmp_path / "many", [f"{i}.png" for i in range(300)], size=(32, 32), seed=1)
    load(qtbot, window, controller, tiny_model_file, big)
    with qtbot.waitSignal(controller.classifier.progress, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    choose_menu_item(qtbot, window, "File", window.quit)
    assert not window.isVisible()
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


def test_dialogs_open_where_the_user_started_while_the_demo_is_open(qtbot, gui, tiny_model_file, monkeypatch,
                                                                     tmp_path):
    window, controller = gui
    demo = ROOT / "data" / "demo"
    load(qtbot, window, controller, tiny_model_file, demo)
    monkeypatch.chdir(tmp_path)
    opened_in = []

    def look_and_cancel(dialog):
        opened_in.append(dialog.directory().absolutePath())
        dialog.reject()
    when_dialog_opens(look_and_cancel, QFileDialog)
    click_toolbar(qtbot, window, window.open_folder)
    assert opened_in == [str(tmp_path)]  # not inside the program's own demo folder


def test_the_log_lines_up_in_a_fixed_width_font(gui):
    window, _ = gui
    metrics = window.log.fontMetrics()
    assert metrics.horizontalAdvance("iiii  1.000") == metrics.horizontalAdvance("MMMM  0.875")


def test_resizing_the_window_switches_between_the_wide_and_the_compact_arrangement(qtbot, gui):
    """Shrunk from its full size to 1000×650, the window once kept the table beside the metrics under
    the right-hand docks, whose height left the table no rows. A dock the user floated stays theirs."""
    window, _ = gui
    results, metrics = window.docks["results"], window.docks["metrics"]
    beside = lambda: results not in window.tabifiedDockWidgets(metrics) and metrics.isVisible()  # noqa: E731

    window.resize(1400, 950)
    qtbot.waitUntil(beside, timeout=5000)
    assert metrics.geometry().left() >= results.geometry().right()  # to the right of the table, not over it
    window.resize(1000, 650)
    qtbot.waitUntil(lambda: results in window.tabifiedDockWidgets(metrics), timeout=5000)
    assert window.corner(Qt.BottomRightCorner) == Qt.RightDockWidgetArea
    qtbot.waitUntil(lambda: results.isVisible() and window.results.visible_rows() >= 4, timeout=5000)  # laid out
    window.resize(1400, 950)
    qtbot.waitUntil(beside, timeout=5000)
    assert window.corner(Qt.BottomRightCorner) == Qt.BottomDockWidgetArea

    topk = window.docks["topk"]
    qtbot.mouseDClick(topk, Qt.LeftButton, pos=QPoint(20, topk.widget().geometry().top() // 2))  # its title bar
    qtbot.waitUntil(topk.isFloating, timeout=5000)
    window.resize(1000, 650)
    qtbot.wait(500)  # the switch waits 150 ms for the resize to settle; it must not come
    assert beside() and topk.isFloating()


def test_file_dialogs_open_at_a_size_to_browse_in_then_at_the_users(qtbot, gui):
    """Qt's own dialog opened at 630×415 px, five rows of files; a size the user gives it is kept."""
    window, _ = gui
    sizes = []

    def look_then_resize(dialog):
        sizes.append(dialog.size())
        dialog.resize(dialog.width() - 40, dialog.height() - 30)  # the user drags its corner
        sizes.append(dialog.size())
        dialog.reject()

    screen = window.screen().availableGeometry()
    when_dialog_opens(look_then_resize, QFileDialog)
    choose_menu_item(qtbot, window, "File", window.open_folder)
    qtbot.waitUntil(lambda: len(sizes) == 2, timeout=WAIT)
    first = sizes[0]
    assert first.width() >= min(900, int(screen.width() * 0.85)) and first.height() >= min(580, int(screen.height() * 0.85))
    when_dialog_opens(lambda dialog: (sizes.append(dialog.size()), dialog.reject()), QFileDialog)
    choose_menu_item(qtbot, window, "File", window.load_model)  # another dialog, another window's too
    qtbot.waitUntil(lambda: len(sizes) == 3, timeout=WAIT)
    assert sizes[2] == sizes[1]


def test_stop_says_stopped_and_how_far_the_run_got(qtbot, gui, tiny_model_file, tmp_path):
    """Stop once read "Done: 640 images in 0:00" and left no line in the log."""
    window, controller = gui
    many = noise_images(tmp_path / "many", [f"img{i:03d}.png" for i in range(400)], seed=1)
    load(qtbot, window, controller, tiny_model_file, many)
    clicked = []
    controller.classifier.results.connect(
        lambda rows: clicked or (clicked.append(True), choose_menu_item(qtbot, window, "Run", window.stop)))
    run_all(qtbot, window, controller)
    status = window.progress_label.text()
    assert re.fullmatch(r"Stopped after \d+ of 400 images \(\d+:\d\d\)", status), status
    done = int(status.split()[2])
    assert 0 < done < 400 and len(window.results.visible_indices()) == done
    assert window.log.toPlainText().rstrip().endswith(f"Stopped after {done} of 400 images")


def test_stop_with_a_save_folder_says_once_where_the_results_are(qtbot, gui, tiny_model_file, tmp_path):
    """The log said it twice: "Stopped after 17 of 400 images: results of the 17 finished images are in …", then
    "results.csv, results.txt and overlays written to …". The Stop line, which says how many, stays."""
    window, controller = gui
    many = noise_images(tmp_path / "many", [f"img{i:03d}.png" for i in range(400)], seed=1)
    load(qtbot, window, controller, tiny_model_file, many)
    saved = tmp_path / "saved"
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    clicked = []
    controller.classifier.results.connect(
        lambda rows: clicked or (clicked.append(True), choose_menu_item(qtbot, window, "Run", window.stop)))
    run_all(qtbot, window, controller)
    done = len(controller.rows)
    assert 0 < done < 400 and (saved / "results.csv").is_file()
    log = window.log.toPlainText()
    assert log.rstrip().endswith(f"Stopped after {done} of 400 images: results of the {done} finished images are "
                                 f"in {saved}")
    assert log.count(str(saved)) == 1, log


def test_a_new_folder_starts_unfiltered_at_fit_zoom_and_an_empty_one_shows_no_old_probabilities(
        qtbot, gui, tiny_model_file, folder, tmp_path):
    """A search typed for one folder hid a whole run of the next ("0 of 4,000 shown"); a 4× zoom made the
    next folder's small images specks; an empty folder still showed the last image's top-k."""
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    search = window.results.findChild(QLineEdit, "search")
    type_into(qtbot, search, "img0")
    qtbot.waitUntil(lambda: len(window.results.visible_indices()) == 3, timeout=WAIT)
    for _ in range(3):
        choose_menu_item(qtbot, window, "View", window.zoom_in)
    lead = window.triptych.panel("original")
    assert not lead.is_fit()
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(other))
        click_toolbar(qtbot, window, window.open_folder)
    assert search.text() == "" and lead.is_fit()
    run_all(qtbot, window, controller)
    assert len(window.results.visible_indices()) == 13
    assert window.topk.classes()
    empty = tmp_path / "empty"
    empty.mkdir()
    answer_file_dialog(qtbot, str(empty))
    click_toolbar(qtbot, window, window.open_folder)
    qtbot.waitUntil(lambda: "No images" in window.triptych.caption(), timeout=WAIT)
    assert window.topk.classes() == []


def test_export_asks_whether_to_write_only_the_rows_shown_when_filters_hide_some(qtbot, gui, tiny_model_file,
                                                                                 folder, tmp_path):
    """With 40 of 4,000 rows shown, Export Results wrote all 4,000 in folder order without a word."""
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    type_into(qtbot, window.results.findChild(QLineEdit, "search"), "img0")
    qtbot.waitUntil(lambda: len(window.results.visible_indices()) == 3, timeout=WAIT)
    for choice, out, count in (("Only the 3 Shown", tmp_path / "shown.csv", 3), ("All 13", tmp_path / "all.csv", 13)):
        asked = when_dialog_opens(lambda box, choice=choice: next(b for b in box.buttons() if b.text() == choice).click(),
                                  QMessageBox)
        answer_file_dialog(qtbot, str(out))
        choose_menu_item(qtbot, window, "File", window.export)
        qtbot.waitUntil(out.exists, timeout=WAIT)
        assert asked == ["The table shows 3 of 13 results."]
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert len(rows) == count
        qtbot.waitUntil(lambda out=out, count=count: window.statusBar().currentMessage()
                        == f"Exported {count} results to {out}", timeout=WAIT)
    shown = list(csv.DictReader((tmp_path / "shown.csv").open(encoding="utf-8-sig")))
    assert all("img0" in row["path"] for row in shown)


def test_a_folder_without_the_models_class_folders_says_why_it_has_no_metrics(qtbot, gui, tiny_model_file, folder,
                                                                             tmp_path):
    window, controller = gui
    loose = noise_images(tmp_path / "图片 测试", [f"Ankle boot 类/{i}.png" for i in range(3)], seed=2)
    load(qtbot, window, controller, tiny_model_file, loose)
    run_all(qtbot, window, controller)
    note = window.metrics.findChild(QLabel, "accuracy").text()
    assert note.startswith("No metrics: the images are not in sub-folders named after the model's classes")
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    assert window.metrics.findChild(QLabel, "accuracy").text().startswith("Accuracy ")


def test_opening_a_folder_shows_whether_it_has_true_classes_before_any_run(qtbot, gui, tiny_model_file, folder,
                                                                            tmp_path):
    """The previous folder's True class column, ✓/✗ and metrics stayed until Run (and after a declined Replace)."""
    window, controller = gui
    accuracy = window.metrics.findChild(QLabel, "accuracy")
    true_column_shown = lambda: not _table(window).isColumnHidden(COL_TRUE)  # noqa: E731
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    flat = noise_images(tmp_path / "flat", ["a.png", "b.png"], seed=3)
    load(qtbot, window, controller, tiny_model_file, flat)  # unlabelled, not run
    qtbot.waitUntil(lambda: not true_column_shown(), timeout=WAIT)
    assert accuracy.text().startswith("No metrics:") and not window.docks["metrics"].isEnabled()
    load(qtbot, window, controller, tiny_model_file, folder)  # labelled again, not run
    qtbot.waitUntil(true_column_shown, timeout=WAIT)
    assert accuracy.text() == "Accuracy — (n = 0)" and window.docks["metrics"].isEnabled()


def test_images_outside_the_class_folders_are_said_not_to_be_counted(qtbot, gui, tiny_model_file, folder):
    """"Accuracy 88.9 % (n = 45)" for 50 images, without a word about the 5 in a folder named after no class."""
    window, controller = gui
    noise_images(folder, ["猫/x.png", "猫/y.png"], seed=4)
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    accuracy = window.metrics.findChild(QLabel, "accuracy")
    said = r"Accuracy [\d.]+ % \(n = 12\) — 2 images not in a class's folder, not counted"
    qtbot.waitUntil(lambda: re.fullmatch(said, accuracy.text()) is not None, timeout=WAIT)


def test_also_save_three_panel_figures_from_the_menu(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    saved = tmp_path / "with panels"
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    choose_menu_item(qtbot, window, "File", window.save_panels)
    assert window.save_panels.isChecked()
    run_all(qtbot, window, controller)
    assert len(list((saved / "panels").rglob("*.jpg"))) == len(list((saved / "overlays").rglob("*.jpg"))) == 12
    assert f"results.csv, results.txt, overlays and three-panel figures written to {saved}" in window.log.toPlainText()


def test_the_saved_heatmaps_use_the_smoothing_and_class_the_user_chose(qtbot, gui, tiny_model_file, folder, tmp_path):
    """The save folder's overlays ignored the Smoothing boxes: they differed from the heatmaps on screen."""
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    click(qtbot, cam_widget(window, QCheckBox, "eigen_smooth"))
    choose_in_combo(qtbot, cam_widget(window, QComboBox, "target"), "dog")
    saved = tmp_path / "smoothed"
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    run_all(qtbot, window, controller)
    text = (saved / "results.txt").read_text(encoding="utf-8")
    assert "heatmaps: gradcam at layer " in text and ", eigen-smoothed, for class dog" in text


def test_a_flat_heatmap_of_a_tiny_image_blames_the_image_not_the_layer(qtbot, gui, tiny_model_file, folder, tmp_path):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    dot = tmp_path / "dot.png"
    Image.fromarray(np.full((1, 1, 3), 200, dtype=np.uint8)).save(dot)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(dot))
        choose_menu_item(qtbot, window, "File", window.open_image)
    qtbot.waitUntil(lambda: "⚠" in window.triptych.caption(), timeout=WAIT)
    assert "the image is only 1×1 px" in window.triptych.caption() and "finer layer" not in window.triptych.caption()
    assert window.statusBar().currentMessage().startswith("1 image in ")


def test_saving_into_the_image_folder_classifies_its_images_and_lists_none_of_its_outputs(qtbot, gui, tiny_model_file,
                                                                                         folder):
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    answer_file_dialog(qtbot, str(folder))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    run_all(qtbot, window, controller)
    text = window.progress_label.text()  # once "Done: 0 images"; the unreadable file was only in the Log
    assert text.startswith("Done: 13 images in ") and text.endswith(", 1 unreadable")
    assert len(list((folder / "overlays").rglob("*.jpg"))) == 12
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):  # the folder again: its overlays are not images
        answer_file_dialog(qtbot, str(folder))
        click_toolbar(qtbot, window, window.open_folder)
    assert window.position_total.text() == "/ 13"

