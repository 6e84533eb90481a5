"""View → Theme as a user picks it: both windows, the live charts, the results' red, remembered, --theme."""
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from PIL import Image
from PyQt5.QtCore import QProcess, QSettings, Qt
from PyQt5.QtGui import QColor, QPalette
from PyQt5.QtWidgets import QApplication, QTableView

from app.theme import KEY_THEME, Theme, gnome_answer
from tests.user import click, click_tab, click_toolbar, open_model_and_folder
from ui.theme_colours import colour_name, contrast, is_dark

WAIT = 60_000


@pytest.fixture(autouse=True)
def light_again(tmp_path):
    """The QApplication outlives the test: leave it in the light theme for the next one."""
    yield
    Theme.for_app(QApplication.instance()).start(QSettings(str(tmp_path / "reset.ini"), QSettings.IniFormat), "light")


@pytest.fixture
def folder(tmp_path) -> Path:
    """Labelled as the tiny model's classes: a random model gets most of them wrong."""
    rng = np.random.default_rng(1)
    for name in ("cat", "dog", "bird"):
        (tmp_path / "images" / name).mkdir(parents=True)
        for i in range(3):
            Image.fromarray(rng.integers(0, 256, (40, 40, 3), dtype=np.uint8)).save(tmp_path / "images" / name / f"{i}.png")
    return tmp_path / "images"


def choose_theme(qtbot, window, name: str) -> None:
    """Click View, then Theme (its submenu opens), then the item."""
    bar = window.menuBar()
    view = next(a for a in bar.actions() if a.text().replace("&", "") == "View")
    click(qtbot, bar, bar.actionGeometry(view).center())
    qtbot.waitUntil(view.menu().isVisible, timeout=5000)
    entry = next(a for a in view.menu().actions() if a.text().replace("&", "") == "Theme")
    qtbot.mouseClick(view.menu(), Qt.LeftButton, pos=view.menu().actionGeometry(entry).center())
    submenu = entry.menu()
    qtbot.waitUntil(submenu.isVisible, timeout=5000)
    item = next(a for a in submenu.actions() if a.text().replace("&", "") == name)
    qtbot.mouseClick(submenu, Qt.LeftButton, pos=submenu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: not submenu.isVisible(), timeout=5000)


def lightness(name: str) -> int:
    return QColor(name).lightness()


def test_dark_from_the_menu_reaches_both_windows_and_is_remembered(qtbot, gui, tiny_model_file, folder):
    from app.main import build

    window, controller = gui
    open_model_and_folder(qtbot, window, controller, tiny_model_file, folder, WAIT)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training.window
    qtbot.addWidget(training)
    assert not is_dark()

    choose_theme(qtbot, window, "Dark")

    app = QApplication.instance()
    assert app.palette().color(QPalette.Window).lightness() < 80
    assert training.palette().color(QPalette.Window) == app.palette().color(QPalette.Window)
    charts = training.charts
    click_tab(qtbot, training.tabs, training.tabs.widget(1))   # Progress: the live charts
    assert charts.isVisible()
    qtbot.waitUntil(lambda: charts.figure is not None, timeout=WAIT)
    charts.flush()
    figure = charts.figure
    assert lightness(to_hex(figure.get_facecolor())) < 80
    assert lightness(to_hex(figure.axes[0].get_facecolor())) < 80
    assert lightness(to_hex(figure.axes[0].title.get_color())) > 180
    assert charts.image().pixelColor(2, 2).lightness() < 80   # what the window shows
    # The results table: a wrong prediction's red on the table's dark base.
    table = window.results.findChild(QTableView, "results")
    model = table.model()
    wrong = [row for row in range(model.rowCount()) if "✗" in str(model.index(row, 4).data()) or
             model.index(row, 4).data(Qt.ForegroundRole) is not None]
    assert wrong, "the random tiny model gets some wrong"
    brushes = {model.index(row, 4).data(Qt.ForegroundRole).color().name() for row in wrong}
    base = table.palette().color(QPalette.Base)
    assert is_dark(table.palette())
    assert colour_name("bad") in brushes, brushes
    assert all(contrast(QColor(name), base) >= 4.5 for name in brushes), brushes
    # The toolbar's icons are drawn light enough for the dark window (their dark blue was 2:1 against it).
    window_colour = window.palette().color(QPalette.Window)
    for action in (window.next, window.previous, window.play, window.zoom_fit):
        image = action.icon().pixmap(24, 24).toImage()
        strokes = [image.pixelColor(x, y) for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 200]
        assert strokes and max(contrast(c, window_colour) for c in strokes) >= 3, action.text()
    # Both windows' menus say Dark; the training window's too.
    menus = [w.findChild(type(window.view_menu), "themeMenu") for w in (window, training)]
    assert all(menu.items["dark"].isChecked() for menu in menus)

    # Remembered: a fresh window starts dark, unless --theme says otherwise for that launch.
    settings = QSettings(str(Path(controller.settings.fileName())), QSettings.IniFormat)
    assert settings.value(KEY_THEME) == "dark"
    Theme.for_app(app).start(QSettings(str(Path(settings.fileName()).with_name("x.ini")), QSettings.IniFormat))
    assert not is_dark()  # a reset in between, so the fresh window has to bring dark back itself
    fresh, fresh_controller = build(app)
    qtbot.addWidget(fresh)
    assert is_dark() and fresh.findChild(type(window.view_menu), "themeMenu").items["dark"].isChecked()
    light, _ = build(app, theme="light")
    qtbot.addWidget(light)
    assert not is_dark() and light.findChild(type(window.view_menu), "themeMenu").items["light"].isChecked()
    assert QSettings(settings.fileName(), QSettings.IniFormat).value(KEY_THEME) == "dark"   # for this launch only


def test_gnome_colour_scheme_words():
    assert gnome_answer("'prefer-dark'\n") is True
    assert gnome_answer("'prefer-light'\n") is False
    assert gnome_answer("'default'\n") is None and gnome_answer("") is None


def test_widgets_under_a_style_sheet_take_the_new_palette(qtbot, tmp_path):
    """Compare Methods' cells have a style sheet: their labels kept white text on the light theme;
    a problem line coloured by its own style sheet takes the new theme's red."""
    from PyQt5.QtWidgets import QFrame, QLabel, QVBoxLayout

    frame = QFrame(objectName="cell")
    frame.setStyleSheet("QFrame#cell { border: 1px solid palette(mid); }")
    label = QLabel("Grad-CAM", frame)
    QVBoxLayout(frame).addWidget(label)
    problem = QLabel("Not a URL", frame)   # a dialog's problem line, red through its style sheet
    problem.setStyleSheet(f"color: {colour_name('bad', dark=False)}")
    qtbot.addWidget(frame)
    frame.show()
    theme, settings = Theme.for_app(QApplication.instance()), QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    for name, dark in (("dark", True), ("light", False), ("dark", True)):
        theme.start(settings, name)
        text = label.palette().color(label.foregroundRole())
        assert (text.lightness() > 128) == dark, name
        assert contrast(text, label.palette().color(QPalette.Window)) >= 7
        red = problem.palette().color(problem.foregroundRole())
        assert red.name() == colour_name("bad", dark), name
        assert contrast(red, problem.palette().color(QPalette.Window)) >= 4.5


def test_a_greyed_out_fields_hint_is_greyed_like_its_values(qtbot, tmp_path):
    """While a run trains the form is greyed out: a hint (CAM layer's, Classes') must not look typed in."""
    from PyQt5.QtWidgets import QLineEdit

    field = QLineEdit(placeholderText="layer3, or a finer layer when its map is under 6×6 cells")
    qtbot.addWidget(field)
    field.setEnabled(False)
    theme, settings = Theme.for_app(QApplication.instance()), QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    for name in ("light", "dark"):
        theme.start(settings, name)
        palette = field.palette()
        hint, value = (palette.color(QPalette.Disabled, role) for role in (QPalette.PlaceholderText, QPalette.Text))
        assert hint == value, name
        assert hint != palette.color(QPalette.Active, QPalette.PlaceholderText), name  # greyer than when editable


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="GNOME's setting is asked on Linux")
def test_follow_the_system_takes_gnomes_colour_scheme_when_it_answers(qtbot, tmp_path, monkeypatch):
    """GNOME keeps Qt's palette light in dark mode; its color-scheme setting decides once gsettings answers."""
    theme = Theme.for_app(QApplication.instance())
    theme.start(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), "auto")
    assert not is_dark()
    fake = tmp_path / "bin" / "gsettings"
    fake.parent.mkdir()
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    for answer, dark in (("prefer-dark", True), ("default", True), ("prefer-light", False)):
        fake.write_text(f"#!/bin/sh\necho \"'{answer}'\"\n")
        fake.chmod(0o755)
        theme.ask_gnome()   # 'default' says nothing either way: the answer before it stands
        qtbot.waitUntil(lambda: theme._query.state() == QProcess.NotRunning, timeout=10_000)
        assert is_dark() == dark, answer


def test_an_unchecked_box_can_be_seen_on_the_dark_theme(qtbot, tmp_path):
    """Fusion framed it in the window colour made darker: near black on #2d2d30 (Loop, Augmented, the menu's
    Also Save Three-Panel Figures). Its frame must stand out from the window by 3:1 (WCAG, controls)."""
    from PyQt5.QtWidgets import QCheckBox, QRadioButton, QWidget

    theme, settings = Theme.for_app(QApplication.instance()), QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    theme.start(settings, "dark")
    holder = QWidget()
    qtbot.addWidget(holder)
    boxes = [QCheckBox("Loop", holder), QRadioButton("one", holder)]
    boxes[1].move(0, 30)
    holder.resize(120, 60)
    holder.show()
    qtbot.waitExposed(holder)
    window = holder.palette().window().color()
    for box in boxes:
        image = box.grab().toImage()
        pixels = [QColor(image.pixel(x, y)) for x in range(min(20, image.width())) for y in range(image.height())]
        assert max(contrast(pixel, window) for pixel in pixels) >= 3, type(box).__name__
