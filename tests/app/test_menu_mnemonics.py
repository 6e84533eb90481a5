"""Every menu of the main window, and every item in it, has its own underlined letter: Alt+F, then O
opens an image folder. The items had none (only the menu titles did), so the keyboard stopped at
the menu bar. Walked from the keyboard as a person does, in English and in Chinese, where the letter
follows the words: 打开图像文件夹(&O)…. Submenus are opened by their own letter, so the recent lists
have filled themselves as they do on screen."""
import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QApplication, QFileDialog, QMenu

from tests.app.test_keyboard_mnemonics import letter
from tests.app.test_main_window import WAIT, noise_images
from tests.app.test_translation_complete import chinese  # noqa: F401 -- a fixture
from tests.user import answer_file_dialog, click_toolbar, press, when_dialog_opens

KEYS = {chr(c): getattr(Qt, f"Key_{chr(c).upper()}") for c in range(ord("a"), ord("z") + 1)}
KEYS.update({str(d): getattr(Qt, f"Key_{d}") for d in range(10)})


def open_by_letter(qtbot, window, title: str) -> QMenu:
    """Alt+letter on the window: the menu bar's menu with that letter, open."""
    entry = next(a for a in window.menuBar().actions() if a.text() == title)
    press(qtbot, window, KEYS[letter(title)], Qt.AltModifier)
    qtbot.waitUntil(entry.menu().isVisible, timeout=5000)
    return entry.menu()


def walk(qtbot, menu: QMenu, path: str, problems: list) -> None:
    """Check the open `menu`'s items, open each submenu by its letter and walk it, close it again."""
    letters = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        where = f"{path} → {action.text()!r}"
        key = letter(action.text())
        if key is None:
            problems.append(f"{where}: no underlined letter")
        elif key in letters:
            problems.append(f"{where}: {key.upper()} is {letters[key]!r}'s too")
        else:
            letters[key] = action.text()
    for action in menu.actions():
        submenu = action.menu()
        if submenu is None or letter(action.text()) is None:
            continue
        qtbot.keyClick(menu, KEYS[letter(action.text())])
        qtbot.waitUntil(submenu.isVisible, timeout=5000)
        walk(qtbot, submenu, f"{path} → {action.text()!r}", problems)
        qtbot.keyClick(submenu, Qt.Key_Escape)  # back to the menu it opened from
        qtbot.waitUntil(lambda: not submenu.isVisible(), timeout=5000)  # noqa: B023 -- waited for at once


def every_menu_problem(qtbot, window) -> list[str]:
    problems = []
    titles = [a.text() for a in window.menuBar().actions()]
    for title in titles:
        if letter(title) is None:
            problems.append(f"menu {title!r}: no underlined letter")
            continue
        menu = open_by_letter(qtbot, window, title)
        walk(qtbot, menu, repr(title), problems)
        qtbot.keyClick(menu, Qt.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=5000)  # noqa: B023
    return problems


@pytest.fixture
def opened(qtbot, gui, tiny_model_file, tmp_path):
    """The window with a model and a folder opened through their dialogs: the recent lists hold them."""
    window, controller = gui
    folder = noise_images(tmp_path / "a & b", [f"{name}/img{i}.png" for name in ("cat", "dog") for i in range(2)])
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        answer_file_dialog(qtbot, str(tiny_model_file))
        click_toolbar(qtbot, window, window.load_model)
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(folder))
        click_toolbar(qtbot, window, window.open_folder)
    return window


def test_every_menu_item_has_its_own_letter_in_english(qtbot, opened):
    assert not every_menu_problem(qtbot, opened), "\n".join(every_menu_problem(qtbot, opened))


def test_every_menu_item_has_its_own_letter_in_chinese(qtbot, chinese, opened):  # noqa: F811
    assert opened.file_menu.title() == "文件(&F)"
    assert opened.open_folder.text() == "打开图像文件夹(&O)…"  # translated, not English's letters standing in
    assert not every_menu_problem(qtbot, opened), "\n".join(every_menu_problem(qtbot, opened))


def test_alt_f_then_o_opens_an_image_folder(qtbot, opened):
    asked = when_dialog_opens(lambda dialog: dialog.reject(), QFileDialog)
    menu = open_by_letter(qtbot, opened, opened.file_menu.title())
    qtbot.keyClick(menu, Qt.Key_O)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert asked == ["Open Image Folder"]


def test_a_recent_folder_opens_by_its_number(qtbot, opened, gui):
    window, controller = gui
    recent = window.recent_folders
    menu = open_by_letter(qtbot, window, window.file_menu.title())
    qtbot.keyClick(menu, KEYS[letter(window.recent_folders.title())])
    qtbot.waitUntil(recent.isVisible, timeout=5000)
    first = recent.actions()[0].text()
    assert first.startswith("&1 ") and first.endswith("a && b")  # the "&" of the folder's name shows as itself
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        qtbot.keyClick(recent, Qt.Key_1)
    assert controller.folder.endswith("a & b")
