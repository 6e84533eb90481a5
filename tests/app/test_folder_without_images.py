"""A folder with nothing GradLens can read: the window says so, and there is nothing to play.

Opened before the model had loaded (as at start-up, where the folder's scan beats the model), the
caption said "No image matches the filters." once the model came, though no filter was set.
"""
from PyQt5.QtCore import Qt

from tests.user import answer_file_dialog, choose_menu_item, click_toolbar, press

WAIT = 60_000


def test_a_folder_without_images_says_so_and_play_is_off(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "readme.txt").write_text("not a picture")
    (folder / "sub" / "list.csv").write_text("a,b\n")
    answer_file_dialog(qtbot, str(folder))
    click_toolbar(qtbot, window, window.open_folder)
    qtbot.waitUntil(lambda: "no images" in window.triptych.caption().lower(), timeout=WAIT)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        answer_file_dialog(qtbot, str(tiny_model_file))
        choose_menu_item(qtbot, window, "File", window.load_model)
    qtbot.wait(200)  # what the model's arrival sets on screen, settled
    assert "No images GradLens can read in this folder" in window.triptych.caption()
    assert "filters" not in window.triptych.caption()
    assert not window.play.isEnabled()
    press(qtbot, window, Qt.Key_Space)
    assert not window.play.isChecked()
