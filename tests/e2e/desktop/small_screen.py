"""On a 1000×650 screen: both windows fit on it, the table shows 8 rows, the matrix its numbers.

Run by tests/e2e/test_small_screen.py in a pytest process of its own, on a 1000×650 Xvfb.
"""
from pathlib import Path

from PyQt5.QtWidgets import QApplication

from tests.e2e.desktop.train_from_the_window import shoot
from tests.user import choose_menu_item, click_tab, click_toolbar

WAIT = 120_000


def test_both_windows_fit_a_small_screen_and_the_table_shows_eight_rows(qtbot):
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
    assert window.results.visible_rows() >= 8
    shoot("small_screen_main.png")
    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(),
                    timeout=10_000)
    trainer = controller.training.window
    qtbot.addWidget(trainer)
    qtbot.waitUntil(lambda: screen.contains(trainer.frameGeometry()), timeout=10_000)
    click_tab(qtbot, trainer.tabs, trainer.summary)
    shoot("small_screen_training.png")
    assert Path(controller.folder).name == "demo"
