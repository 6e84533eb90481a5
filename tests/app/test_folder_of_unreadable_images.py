"""A folder whose images are all unreadable: once a run has found that, Play is off (it showed one "Cannot show
this file" after another), Space says why, and the status line says none could be read ("Done: 3 images in 0:00,
3 unreadable" read as if three had been classified). Previous/Next still show each file's reason, and Export
Results still writes the list of files and reasons."""
from PyQt5.QtCore import Qt

from tests.user import click_toolbar, open_model_and_folder, press

WAIT = 60_000


def open_unreadable_scans(qtbot, window, controller, model, tmp_path) -> None:
    """The model, then a folder of three .jpg files that are not pictures, opened as a user does."""
    folder = tmp_path / "scans"
    folder.mkdir()
    for number in range(3):
        (folder / f"scan{number}.jpg").write_text(f"not a picture {number}\n")
    open_model_and_folder(qtbot, window, controller, model, folder, WAIT)
    qtbot.waitUntil(lambda: "scan0.jpg" in window.triptych.caption(), timeout=WAIT)


def test_a_folder_of_unreadable_images_has_nothing_to_play(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    open_unreadable_scans(qtbot, window, controller, tiny_model_file, tmp_path)
    assert window.play.isEnabled()  # before a run, the files not shown yet may be pictures
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    assert window.progress_label.text().startswith("Done: none of the 3 images could be read")
    assert not window.play.isEnabled()
    press(qtbot, window, Qt.Key_Space)
    assert not window.play.isChecked()
    assert window.statusBar().currentMessage() == "No readable image to play."
    assert "scan0.jpg: not an image file" in window.triptych.caption()  # the reason stays on screen
    assert window.next.isEnabled() and window.previous.isEnabled() and window.export.isEnabled()
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_toolbar(qtbot, window, window.next)
    qtbot.waitUntil(lambda: "scan1.jpg: not an image file" in window.triptych.caption(), timeout=WAIT)


def test_the_reasons_stand_whole_beside_short_file_names(qtbot, gui, tiny_model_file, tmp_path):
    """At 1000×650 the File column took 40 characters for 'scan0.jpg', and the Error column beside it said
    'not an i…'."""
    from ui.viewer.results_model import COL_ERROR, COL_FILE
    window, controller = gui
    window.resize(1000, 650)
    open_unreadable_scans(qtbot, window, controller, tiny_model_file, tmp_path)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    view = window.results.view
    reason = view.model().index(0, COL_ERROR).data()
    assert reason == "not an image file (cannot identify format)"
    fm = view.fontMetrics()
    assert view.columnWidth(COL_ERROR) > fm.horizontalAdvance(reason)
    assert view.columnWidth(COL_FILE) > fm.horizontalAdvance("scan0.jpg")  # the names stay whole too
