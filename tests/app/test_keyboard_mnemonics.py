"""Alt+letter does what its underlined letter says: in each window no field, button or tab takes a
letter that one of the window's menus has. Qt gives an Alt+letter claimed twice to neither at once:
the training window's Alt+F moved the focus to "Freeze epochs (F)" and the File menu never opened
(and Alt+V, Alt+S the same). Nor do two menus share one: Heatmap and Help both took H, and Alt+H never
reached Help. In English and in Chinese, where the letter follows the text: 类别(&S)."""
import re
from collections import defaultdict

from PyQt5.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

from tests.app.test_translation_complete import WAIT, chinese  # noqa: F401 -- a fixture

MNEMONIC = re.compile(r"&(?!&)(\w)")


def letter(text: str) -> str | None:
    found = MNEMONIC.search(text or "")
    return found.group(1).lower() if found else None


def claims(window: QWidget) -> tuple[dict[str, str], dict[str, list[str]]]:
    """({letter: menu title} of the window's menu bar, {letter: [what else in the window claims it]})."""
    menus = {letter(action.text()): action.text() for action in window.menuBar().actions() if letter(action.text())}
    others = defaultdict(list)
    for widget in window.findChildren(QWidget):
        if any(isinstance(parent, QMenu) for parent in _ancestors(widget)):
            continue  # a menu's items answer only while it is open
        texts = []
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            if letter(text):
                others[letter(text)].append(f"{type(widget).__name__} {text!r}")
    return menus, others


def _ancestors(widget):
    while widget is not None:
        widget = widget.parentWidget()
        if widget is not None:
            yield widget


def menu_conflicts(window: QWidget) -> list[str]:
    menus, others = claims(window)
    titles = [action.text() for action in window.menuBar().actions() if letter(action.text())]
    shared = [f"Alt+{key.upper()}: menus {', '.join(repr(t) for t in titles if letter(t) == key)}"
              for key in {letter(t) for t in titles} if sum(letter(t) == key for t in titles) > 1]
    return shared + [f"Alt+{key.upper()}: menu {menus[key]!r} and {', '.join(others[key])}"
                     for key in menus if key in others]


def open_both(qtbot, gui):
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    return window, controller.training.window


def test_no_field_takes_a_menus_letter_in_english(qtbot, gui):
    for window in open_both(qtbot, gui):
        assert not menu_conflicts(window), "\n".join(menu_conflicts(window))


def test_no_field_takes_a_menus_letter_in_chinese(qtbot, chinese, gui):  # noqa: F811
    for window in open_both(qtbot, gui):
        assert not menu_conflicts(window), "\n".join(menu_conflicts(window))
