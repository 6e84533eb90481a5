"""Browsing the main window while its heatmaps or a folder run take their time, as a new user met it:
a slow heatmap kept the previous image on screen under the new title, a stopped run left only its
classified images to browse, and the progress bar started from the previous run."""
import threading

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QComboBox, QLineEdit, QToolButton

from core.explain.cam import CamExplainer
from tests.app.test_main_window import WAIT, load, noise_images, run_all
from tests.user import answer_file_dialog, choose_in_combo, choose_menu_item, click, click_toolbar, type_into


@pytest.fixture
def slow_heatmaps(monkeypatch):
    """Heatmaps that wait, as a Score-CAM map of a 224-px network waits on two CPU cores, until the
    test lets them be made (`set()`); (method, what ended it) of each map that was started, in order."""
    gate, ends = threading.Event(), []
    gate.set()
    real = CamExplainer.__call__

    def slow(self, batch, targets=None):
        if gate.only is None or self.method in gate.only:
            gate.wait(WAIT / 1000)
        try:
            made = real(self, batch, targets)
        except BaseException as error:  # the viewer's Superseded is not an Exception
            ends.append((self.method, type(error).__name__))
            raise
        ends.append((self.method, "made"))
        return made

    monkeypatch.setattr(CamExplainer, "__call__", slow)
    gate.ends = ends
    gate.only = None  # or the methods whose maps wait
    yield gate
    gate.set()  # the viewer thread must not wait on it while the window closes


def test_a_slow_heatmap_shows_the_new_picture_and_its_prediction_at_once_and_is_dropped_when_left(
        qtbot, gui, tiny_model_file, tmp_path, slow_heatmaps):
    """Score-CAM kept the previous image, its caption and top-k on screen for 28 s under the new title."""
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"img{i}.png" for i in range(8)])
    load(qtbot, window, controller, tiny_model_file, folder)
    slow_heatmaps.clear()  # from now on each map waits
    ends = slow_heatmaps.ends
    started = len(ends)
    # Grad-CAM maps made since, as each view was sent (on the viewer's thread, before it goes on); once per
    # model the viewer also tries the methods that fail on some networks.
    made_before = {}
    controller.viewer.ready.connect(
        lambda view: made_before.setdefault(view.index, ends[started:].count(("gradcam", "made"))), Qt.DirectConnection)
    heatmap, overlay = window.triptych.panel("heatmap"), window.triptych.panel("overlay")
    shown = []
    controller.displayed.connect(shown.append)

    type_into(qtbot, window.position_box, "5")  # past the images prepared ahead of time
    qtbot.waitUntil(lambda: "img4.png" in window.triptych.caption(), timeout=WAIT)
    # the top-k is this image's, not the previous one's
    assert f"predicted <b>{window.topk.classes()[0]}</b>" in window.triptych.caption()
    qtbot.waitUntil(lambda: heatmap.message() == "Computing heatmap…", timeout=WAIT)
    assert overlay.message() == "Computing heatmap…" and window.triptych.panel("original").message() is None

    click_toolbar(qtbot, window, window.next)  # moved on before image 5's heatmap came
    qtbot.waitUntil(lambda: "img5.png" in window.triptych.caption(), timeout=WAIT)
    assert heatmap.message() == "Computing heatmap…"
    slow_heatmaps.set()
    qtbot.waitUntil(lambda: shown == [5] and 5 in made_before, timeout=WAIT)
    assert heatmap.message() is None and heatmap.current_image_size() is not None
    assert made_before == {5: 1}  # image 4's map, which nobody waited for any more, was left or never begun


def test_after_stop_every_image_of_the_folder_can_be_browsed(qtbot, gui, tiny_model_file, tmp_path):
    """Stopped after 32 of 400, the navigator said "3 / 32" and the other 368 could not be reached."""
    window, controller = gui
    many = noise_images(tmp_path / "many", [f"img{i:03d}.png" for i in range(400)], seed=1)
    load(qtbot, window, controller, tiny_model_file, many)
    stopped = []
    controller.classifier.results.connect(
        lambda rows: stopped or (stopped.append(True), choose_menu_item(qtbot, window, "Run", window.stop)))
    run_all(qtbot, window, controller)
    assert window.progress_label.text().startswith("Stopped after") and len(controller.rows) < 400
    assert window.position_total.text() == "/ 400"
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        type_into(qtbot, window.position_box, "400")
    assert shown.args == [399] and "img399.png" in window.triptych.caption()
    assert "predicted" in window.triptych.caption()
    # not in the table: no row of it stays selected, naming another image than the one on screen
    assert not window.results.view.selectionModel().selectedRows()


def test_a_new_run_starts_its_progress_from_nothing_and_counts_whole_batches(qtbot, gui, tiny_model_file, tmp_path):
    """A 400-image run said "Starting… 6 / 6" after a 6-image run, then "0.3 images/s, 22:37 left" at
    "1 / 400" while the 16 images of the first batch were classified."""
    window, controller = gui
    few = noise_images(tmp_path / "few", [f"img{i}.png" for i in range(6)])
    load(qtbot, window, controller, tiny_model_file, few)
    run_all(qtbot, window, controller)
    many = noise_images(tmp_path / "many", [f"img{i:03d}.png" for i in range(100)], seed=2)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(many))
        click_toolbar(qtbot, window, window.open_folder)
    planned, progress = [], []
    controller.classifier.planned.connect(lambda *_: planned.append(window.progress.text()))
    controller.classifier.progress.connect(lambda done, total, *_: progress.append(done))
    run_all(qtbot, window, controller)
    assert planned == ["0 / 100"]
    assert progress and all(done % 16 == 0 for done in progress[:-1]) and progress[-1] == 100, progress


def test_typing_a_number_goes_to_that_image_alone(qtbot, gui, tiny_model_file, tmp_path):
    """Typing "198" went through images 1 and 19 first, each starting its heatmap."""
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"img{i:02d}.png" for i in range(14)])
    load(qtbot, window, controller, tiny_model_file, folder)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        type_into(qtbot, window.position_box, "3")
    titles = []
    window.windowTitleChanged.connect(titles.append)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:
        type_into(qtbot, window.position_box, "12")
    assert shown.args == [11]
    assert [title.rsplit("/", 1)[-1] for title in titles] == ["img11.png"]


def test_clearing_the_filters_scrolls_the_table_to_the_image_on_screen(qtbot, gui, tiny_model_file, tmp_path):
    """After Clear filters the table stayed where the filtered rows had been: the row of the image on
    screen was below, out of sight."""
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"{name}/img{i:02d}.png" for name in ("a", "b") for i in range(30)])
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT) as shown:  # the image on screen is filtered out
        type_into(qtbot, window.results.findChild(QLineEdit, "search"), "b/")
    assert controller.rows[shown.args[0]].relpath == "b/img00.png"
    click(qtbot, window.results.findChild(QToolButton, "clearFilters"))
    qtbot.waitUntil(lambda: window.results.shown_count() == 60, timeout=WAIT)
    table = window.results.view
    row = table.selectionModel().selectedRows()[0]
    assert table.model().data(row) == "b/img00.png"
    assert table.viewport().rect().contains(table.visualRect(row))


def test_an_image_asked_for_while_the_methods_are_tried_is_served_first(qtbot, gui, tiny_model_file, tmp_path,
                                                                         slow_heatmaps):
    """After a model loads, the viewer tries the methods that fail on some networks (7 s for resnet18 at
    224 px on two cores); the heatmap of the next image waited for all of them."""
    from core.explain.cam_support import PROBED
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"img{i}.png" for i in range(8)])
    slow_heatmaps.only = PROBED  # the methods tried once per model wait; the Grad-CAM maps shown do not
    slow_heatmaps.clear()
    events = slow_heatmaps.ends
    controller.viewer.ready.connect(lambda view: events.append(("view", view.index)), Qt.DirectConnection)
    load(qtbot, window, controller, tiny_model_file, folder)
    type_into(qtbot, window.position_box, "6")
    qtbot.waitUntil(lambda: "img5.png" in window.triptych.caption(), timeout=WAIT)
    slow_heatmaps.set()
    qtbot.waitUntil(lambda: all((method, "made") in events for method in PROBED), timeout=WAIT)
    shown = events.index(("view", 5))
    left, outcome = events[shown - 2]
    assert left in PROBED and outcome == "Superseded" and events[shown - 1] == ("gradcam", "made"), events
    assert (left, "made") in events[shown:]  # tried again after the image was served


def test_play_on_the_last_image_waits_for_the_first_images_heatmap(qtbot, gui, tiny_model_file, tmp_path,
                                                                     slow_heatmaps):
    """Play on the last image starts again from the first; its interval counted from the click, so a heatmap
    slower than the interval (Score-CAM, a busy machine) was passed over and the run restarted at the second."""
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"cat/img{i}.png" for i in range(4)])
    load(qtbot, window, controller, tiny_model_file, folder)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        type_into(qtbot, window.position_box, "4")
    # Heatmaps of another class: the first image's, made at start-up, is not in the viewer's cache.
    choose_in_combo(qtbot, window.cam.findChild(QComboBox, "target"), "dog")
    qtbot.waitUntil(lambda: controller.current == 3 and controller._view_seq == controller.seq, timeout=WAIT)
    type_into(qtbot, window.interval, "0.1")
    seen = []
    controller.displayed.connect(seen.append)
    slow_heatmaps.clear()  # the first image's heatmap takes longer than the interval
    click_toolbar(qtbot, window, window.play)
    qtbot.wait(600)  # six intervals
    slow_heatmaps.set()
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=WAIT)
    assert seen[:2] == [0, 1] and window.play.isChecked()
