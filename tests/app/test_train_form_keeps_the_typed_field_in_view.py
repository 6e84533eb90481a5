"""The training form's problem list, appearing above the form as a problem is typed, does not push the field being
typed in out of sight: at 1000×650 a file's path typed into Output folder (the last field) hid it under the list."""
from PyQt5.QtCore import QPoint, QRect, Qt
from PyQt5.QtWidgets import QLabel, QScrollArea

from tests.app.test_train_window import no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click, drag, type_into


def shown_whole(scroll, field) -> bool:
    return scroll.viewport().rect().contains(QRect(field.mapTo(scroll.viewport(), QPoint(0, 0)), field.size()))


def test_a_problem_found_while_typing_the_output_folder_leaves_the_field_in_view(qtbot, trainer, tmp_path,  # noqa: F811
                                                                                      dataset):
    _, _, training = trainer
    window, form = training.window, training.window.form
    window.resize(1000, 650)
    qtbot.waitExposed(window)
    problems, scroll = form.findChild(QLabel, "problems"), form.findChild(QScrollArea, "scroll")
    out = form.field("out")
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where the runs would go")
    # Start once with no dataset: the form lists its problems from then on, as they are typed.
    data = form.field("data")
    click(qtbot, data)
    qtbot.keyClick(data, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(data, Qt.Key_Delete)
    click(qtbot, window.start)
    assert problems.isVisible()
    type_into(qtbot, data, str(dataset))
    qtbot.waitUntil(lambda: not problems.isVisible() and window.start.isEnabled(), timeout=30_000)
    bar = scroll.verticalScrollBar()  # down to the end of the form, by its scroll bar
    drag(qtbot, bar, QPoint(bar.width() // 2, 20), QPoint(bar.width() // 2, bar.height() - 1))
    assert bar.value() == bar.maximum() and shown_whole(scroll, out)

    click(qtbot, out)
    qtbot.keyClick(out, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(out, str(not_a_folder))  # no Enter: the problem is found as it is typed
    qtbot.waitUntil(problems.isVisible, timeout=5000)
    assert "is a file, not a folder" in problems.text()
    qtbot.waitUntil(lambda: shown_whole(scroll, out), timeout=2000)
    assert out.hasFocus()
