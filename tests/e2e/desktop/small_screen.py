"""On a 1000×650 screen: both windows fit on it, the pictures stay large enough to read (the table
gives up rows for them), the matrix shows its numbers.

Run by tests/e2e/test_small_screen.py in a pytest process of its own, on a 1000×650 Xvfb.
"""
from pathlib import Path

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QApplication, QLineEdit, QMessageBox

from tests.e2e.desktop.train_from_the_window import shoot
from tests.user import answer_file_dialog, choose_menu_item, click, click_tab, click_toolbar, when_dialog_opens

WAIT = 120_000


def test_both_windows_fit_a_small_screen_and_the_pictures_keep_their_room(qtbot, tmp_path):
    from app.main import start

    window, controller = start(QApplication.instance())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: controller.last_view is not None and controller.last_view.heatmap is not None,
                    timeout=WAIT)
    screen = window.screen().availableGeometry()
    assert screen.width() == 1000 and screen.height() == 650
    qtbot.waitUntil(lambda: screen.contains(window.frameGeometry()), timeout=10_000)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    assert window.results.visible_rows() >= 4
    for name in ("original", "heatmap", "overlay"):  # at 1000×650 they were once 70 px high beside 8 rows
        panel = window.triptych.panel(name)
        assert panel.current_image_size()[1] * panel.zoom() >= 130, name
    shoot("small_screen_main.png")
    # Ctrl+E with the focus in the results' search box: on X11 the field took it as "end of line" (Emacs
    # keys) and nothing was exported; offscreen Qt has no such key, so this is checked here.
    search = window.results.findChild(QLineEdit, "search")
    click(qtbot, search)
    qtbot.keyClicks(search, "Bag")
    qtbot.waitUntil(lambda: len(window.results.visible_indices()) == 5, timeout=WAIT)
    exported = tmp_path / "from the search box.csv"
    when_dialog_opens(lambda box: next(b for b in box.buttons() if b.text().startswith("Only")).click(), QMessageBox)
    answer_file_dialog(qtbot, str(exported))
    qtbot.waitUntil(search.hasFocus, timeout=10_000)
    qtbot.keyClick(search, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(exported.exists, timeout=WAIT)
    assert len(exported.read_text(encoding="utf-8-sig").splitlines()) == 1 + 5
    qtbot.keyClick(search, Qt.Key_A, Qt.ControlModifier)  # an editing key stays the field's: select all
    assert search.selectedText() == "Bag"
    # A spin box hands the key to its line edit past that filter: Ctrl+U in Interval (where the focus stays
    # after changing it during autoplay) opened no save-folder dialog and emptied the box.
    interval = window.interval
    click(qtbot, interval)
    before = interval.text()
    saved = tmp_path / "chosen from the interval box"
    answer_file_dialog(qtbot, str(saved))
    qtbot.waitUntil(interval.hasFocus, timeout=10_000)
    qtbot.keyClick(interval, Qt.Key_U, Qt.ControlModifier)
    qtbot.waitUntil(lambda: controller.save_dir == str(saved), timeout=WAIT)
    assert interval.text() == before
    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(),
                    timeout=10_000)
    trainer = controller.training.window
    qtbot.addWidget(trainer)
    qtbot.waitUntil(lambda: screen.contains(trainer.frameGeometry()), timeout=10_000)
    click_tab(qtbot, trainer.tabs, trainer.summary)
    shoot("small_screen_training.png")
    assert Path(controller.folder).name == "demo"
