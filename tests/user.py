"""What a user does, for the GUI tests: click, type, pick a menu item, answer a dialog.

Every GUI test acts through the widget a person touches; none calls a controller method in
place of a click (a Start button connected wrongly went unseen for that reason).
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PyQt5.QtGui import QMouseEvent
from PyQt5.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QToolBar, QWidget

DIALOG_TIMEOUT_MS = 30_000


def click(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    """Click a visible, enabled widget, as a mouse does."""
    assert widget.isVisible(), f"{widget.objectName() or widget} is not visible"
    assert widget.isEnabled(), f"{widget.objectName() or widget} is disabled"
    qtbot.mouseClick(widget, Qt.LeftButton, pos=pos if pos is not None else widget.rect().center())


def drag(qtbot, widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press the left button at `start`, move to `end` holding it, release: a splitter handle or a slider.
    The move is sent as an event with the button held (QTest's mouseMove carries no buttons, which a
    splitter handle ignores)."""
    assert widget.isVisible(), f"{widget.objectName() or widget} is not visible"
    qtbot.mousePress(widget, Qt.LeftButton, pos=start)
    for step in (0.5, 1.0):
        at = start + (end - start) * step
        QApplication.sendEvent(widget, QMouseEvent(QEvent.MouseMove, QPointF(at), QPointF(widget.mapToGlobal(at)),
                                                   Qt.NoButton, Qt.LeftButton, Qt.NoModifier))
    qtbot.mouseRelease(widget, Qt.LeftButton, pos=end)


def type_into(qtbot, field: QWidget, text: str) -> None:
    """Select what the field holds and type text over it, ending with Enter (spin boxes, line edits)."""
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key_Return)


def choose_menu_item(qtbot, window, menu_title: str, action) -> None:
    """Open a menu of the menu bar with a click and click one of its items."""
    bar = window.menuBar()
    entry = next(a for a in bar.actions() if a.text().replace("&", "") == menu_title)
    menu = entry.menu()
    # Clicked again where the title is now if the menu did not open, as a person would: after a language switch
    # the bar lays its titles out anew a little later, and on a loaded machine the first click could miss.
    for attempt in range(5):
        click(qtbot, bar, bar.actionGeometry(entry).center())
        try:
            qtbot.waitUntil(menu.isVisible, timeout=2000)
            break
        except qtbot.TimeoutError:
            if attempt == 4:
                raise
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())


def click_tab(qtbot, tabs, page: QWidget) -> None:
    bar = tabs.tabBar()
    click(qtbot, bar, bar.tabRect(tabs.indexOf(page)).center())
    assert tabs.currentWidget() is page


def when_dialog_opens(answer, kind=QWidget, timeout_ms: int = DIALOG_TIMEOUT_MS) -> list:
    """Arrange for answer(dialog) to run once a modal dialog of `kind` is up; call before the click
    that opens it (the click blocks in the dialog's own event loop). Returns a list that receives
    the dialog's text (its window title for dialogs without one), to assert what was asked."""
    seen = []
    waited = [0]

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
            answer(dialog)
            return
        waited[0] += 50
        if waited[0] < timeout_ms:
            QTimer.singleShot(50, poll)
    QTimer.singleShot(50, poll)
    return seen


def answer_file_dialog(qtbot, path: str) -> list:
    """The next file dialog gets `path` put into its name field as a paste does, then its accept
    button clicked (Qt's own dialog). Not typed: typed letters pick matching entries in the
    dialog's list as they come. Not through the clipboard either: on X11 an application that has
    had no real input event may not get to own the clipboard, and the paste then pastes nothing."""
    def answer(dialog: QFileDialog):
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        # The dialog may still fill its name field from the folder it was opened with (a start
        # path that does not exist is put there as a name; an existing one is selected once the
        # folder's listing arrives, late on a busy machine): paste again until the path has stayed
        # for a whole second.
        stayed, waited = 0, 0
        while stayed < 1000 and waited < 15_000:
            if field.text() != str(path):
                field.selectAll()
                field.insert(str(path))  # what a paste does: one edit, textEdited and textChanged emitted
                stayed = 0
            qtbot.wait(100)
            waited += 100
            stayed += 100 if field.text() == str(path) else 0
        assert field.text() == str(path), field.text()
        completer = field.completer()
        if completer is not None and completer.popup().isVisible():
            completer.popup().hide()
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        accept = next(b for b in buttons.buttons() if buttons.buttonRole(b) == QDialogButtonBox.AcceptRole)
        qtbot.mouseClick(accept, Qt.LeftButton)
    return when_dialog_opens(answer, QFileDialog)


def answer_message_box(button) -> list:
    """The next message box is answered by clicking `button` (e.g. QMessageBox.No); returns [its text]."""
    def answer(box: QMessageBox):
        box.button(button).click()
    return when_dialog_opens(answer, QMessageBox)


def click_toolbar(qtbot, window, action) -> None:
    """Click the toolbar button of an action."""
    for bar in window.findChildren(QToolBar):
        button = bar.widgetForAction(action)
        if button is not None and button.isVisible():
            click(qtbot, button)
            return
    raise AssertionError(f"no visible toolbar button for {action.text()}")


def press(qtbot, window, key, modifier=Qt.NoModifier) -> None:
    """Press a shortcut in a window, after giving it the focus as a click on it would."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, key, modifier)


def choose_in_combo(qtbot, combo, text: str) -> None:
    """Open a combo box with a click and click one of its items."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    # The popup ignores mouse releases for a double-click interval after it opens (so the release
    # of the opening click picks nothing); a person's second click comes later than that too.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    rect = view.visualRect(view.model().index(index, combo.modelColumn()))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5000)
    assert combo.currentText() == text


def click_table_row(qtbot, view, row: int, double: bool = False) -> None:
    """Click (or double-click) a row of a table view, in its first visible column."""
    column = next(c for c in range(view.model().columnCount()) if not view.isColumnHidden(c))
    index = view.model().index(row, column)
    view.scrollTo(index)
    # Where the row is once the view has stopped moving: the table may still be scrolling to the image on show
    # (it follows it), and a row looked up before that is somewhere else by the click, as a person would wait.
    seen = []

    def settled() -> bool:
        if not view.viewport().rect().contains(view.visualRect(index).center()):
            view.scrollTo(index)  # scrolled away again (to the image on show): back to the row, as a person would
        seen.append(view.visualRect(index))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3] and view.viewport().rect().contains(seen[-1].center())
    qtbot.waitUntil(settled, timeout=5000)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=pos)
    if double:  # the second press of a double-click arrives as a double-click event, then its release
        qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=pos)
        qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=pos)


def open_model_and_folder(qtbot, window, controller, model, folder, timeout_ms: int = 60_000) -> None:
    """File → Load Model… and the toolbar's Open Image Folder…, each dialog answered; returns once
    the first image of the folder is on screen."""
    with qtbot.waitSignal(controller.modelLoaded, timeout=timeout_ms):
        answer_file_dialog(qtbot, str(model))
        choose_menu_item(qtbot, window, "File", window.load_model)
    with qtbot.waitSignal(controller.displayed, timeout=timeout_ms):
        answer_file_dialog(qtbot, str(folder))
        click_toolbar(qtbot, window, window.open_folder)
