"""Ctrl+E before any run: File shows Export Results greyed, and the key says why in the status bar (it
did nothing at all). After a run the same key opens the export dialog: the key that explains must not
make Ctrl+E ambiguous, which would run neither."""
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFileDialog

from tests.app.test_main_window import WAIT, load, noise_images, run_all
from tests.user import choose_menu_item, press, when_dialog_opens


def test_ctrl_e_before_a_run_says_why_and_after_one_exports(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"{name}/img{i}.png" for name in ("cat", "dog") for i in range(2)])
    load(qtbot, window, controller, tiny_model_file, folder)
    window.statusBar().clearMessage()
    assert not window.export.isEnabled()  # greyed in the File menu
    press(qtbot, window, Qt.Key_E, Qt.ControlModifier)
    assert "Nothing to export yet" in window.statusBar().currentMessage()
    assert "Run" in window.statusBar().currentMessage()

    run_all(qtbot, window, controller)
    window.statusBar().clearMessage()
    opened = when_dialog_opens(lambda dialog: dialog.reject(), QFileDialog)
    press(qtbot, window, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
    assert "Nothing to export" not in window.statusBar().currentMessage()
    assert opened == ["Export Results"]
    # The menu item does the same as the key.
    from_menu = when_dialog_opens(lambda dialog: dialog.reject(), QFileDialog)
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: bool(from_menu), timeout=WAIT)
    assert from_menu == ["Export Results"]
