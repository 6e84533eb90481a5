"""A model file that contradicts itself (weights of another architecture than it says, or class names that do
not fit its outputs) is opened in the window by answering for it there. The window said core's command-line
way out, "give --arch resnet18" or "give the names with --classes a,b,c or --classes-file", to a user with no
command line and no way to state either for a file that would not open."""
import torch
from PyQt5.QtCore import Qt, QTimer
from PyQt5.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QPlainTextEdit

from tests.user import answer_file_dialog, choose_menu_item, click, when_dialog_opens

WAIT = 60_000


def _open_model(qtbot, window, path):
    answer_file_dialog(qtbot, str(path))
    choose_menu_item(qtbot, window, window.file_menu.title().replace("&", ""), window.load_model)


def _rewritten(source, target, **changes):
    """The GradLens model file `source` (resnet18: cat, dog, bird) as another program writes it, a dict of
    weights and settings, saying `changes` instead. (A GradLens file that contradicts itself is damaged: core
    refuses to build it otherwise than it says.)"""
    saved = torch.load(source, weights_only=True)
    del saved["format"], saved["format_version"]
    saved.update(changes)
    torch.save(saved, target)
    return target


def _answer(asked: list, text: str | None, widths: list | None = None):
    def answer(dialog):
        asked.append(dialog.labelText())
        if widths is not None:
            widths.append(dialog.width())
        if text is None:
            dialog.reject()
            return
        dialog.setTextValue(text)
        dialog.accept()
    when_dialog_opens(answer, QInputDialog, WAIT)


def _refuse_questions() -> tuple[list, list]:
    """Each "Which …?" question that comes is noted and answered Cancel, until something is put in the second
    list returned (then the watch ends: it must not go on into the next test)."""
    asked, done = [], []

    def refuse_a_question():
        if done:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            asked.append(dialog.labelText())
            dialog.reject()
        QTimer.singleShot(50, refuse_a_question)
    refuse_a_question()
    return asked, done


def _opens_again_as_answered(qtbot, window, controller, path):
    """The answer is remembered for the file, as Model Settings' are: opening it again asks nothing."""
    asked, done = _refuse_questions()
    answered = controller.loaded
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _open_model(qtbot, window, path)
    done.append(True)
    assert not asked and controller.loaded is not answered
    assert (controller.loaded.arch, controller.loaded.class_names) == (answered.arch, answered.class_names)


def test_weights_of_another_architecture_than_the_file_says_open_as_the_user_chooses(qtbot, gui, tmp_path,
                                                                                    tiny_model_file):
    window, controller = gui
    path = _rewritten(tiny_model_file, tmp_path / "said34.pt", arch="resnet34")
    asked, widths = [], []
    _answer(asked, None, widths)  # Cancel first: the file is not opened, and nothing names a command-line option
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        _open_model(qtbot, window, path)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert asked == ["said34.pt: these weights are a resnet18's, though the file says resnet34. "
                     "Choose the architecture it was trained as:"]
    assert widths[0] >= 500  # the question on two lines, not wrapped into a 300-px column
    assert "--arch" not in window.log.toPlainText() and controller.loaded is None and not controller.warnings
    dialog_choice = []

    def keep_what_it_offers(dialog):  # the architecture its weights are is already chosen
        dialog_choice.append(dialog.textValue())
        dialog.accept()
    when_dialog_opens(keep_what_it_offers, QInputDialog, WAIT)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _open_model(qtbot, window, path)
    assert dialog_choice == ["resnet18"]
    assert controller.loaded.arch == "resnet18" and controller.loaded.class_names == ["cat", "dog", "bird"]
    _opens_again_as_answered(qtbot, window, controller, path)


def test_class_names_that_do_not_fit_the_outputs_are_corrected_in_the_window(qtbot, gui, tmp_path,
                                                                              tiny_model_file):
    window, controller = gui
    path = _rewritten(tiny_model_file, tmp_path / "five_names.pt", class_names=["a", "b", "c", "d", "e"])
    asked, widths = [], []
    _answer(asked, "fox\nowl\nbee\n", widths)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _open_model(qtbot, window, path)
    assert asked == ["five_names.pt: the file names 5 classes for its 3 outputs. "
                     "Give one class name a line, in the order of the model's outputs:"]
    assert widths[0] >= 500
    assert "--classes" not in window.log.toPlainText() and not controller.warnings
    assert controller.loaded.class_names == ["fox", "owl", "bee"]
    _opens_again_as_answered(qtbot, window, controller, path)


def test_a_gradlens_file_that_contradicts_itself_is_said_damaged_without_a_question(qtbot, gui, tmp_path,
                                                                                   tiny_model_file):
    """No answer opens it (a GradLens file's own architecture and names are not overridden): asking which
    architecture led to 'the file holds a resnet34, not a resnet18'."""
    window, controller = gui
    saved = torch.load(tiny_model_file, weights_only=True)
    saved["arch"] = "resnet34"
    path = tmp_path / "damaged.pt"
    torch.save(saved, path)
    asked, done = _refuse_questions()
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        _open_model(qtbot, window, path)
    qtbot.wait(1000)  # the question would have come by now, in the same slot
    done.append(True)
    assert not asked
    assert controller.warnings == ["damaged.pt is damaged: it says resnet34, but holds a resnet18's weights; no option "
                                   "opens it, use an undamaged copy"]


def _type_names_and_press_ok(qtbot, dialog, names: list[str]) -> None:
    field = dialog.findChild(QPlainTextEdit)
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    for number, name in enumerate(names):
        if number:
            qtbot.keyClick(field, Qt.Key_Return)
        qtbot.keyClicks(field, name)
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok))


def test_class_names_given_twice_or_too_few_are_refused_in_the_dialog(qtbot, gui, tmp_path, tiny_model_file):
    """"cat, cat, dog" opened the model: both of its first outputs read "cat", top-k said "cat" twice, and the
    metrics had two "cat" rows, one always empty. Too few names failed to load, and the typing was lost. The
    dialog now says why and stays open with what was typed, until the names can be the model's."""
    window, controller = gui
    path = _rewritten(tiny_model_file, tmp_path / "five_names.pt", class_names=["a", "b", "c", "d", "e"])
    said = []

    def answer(dialog):
        _type_names_and_press_ok(qtbot, dialog, ["cat", "cat", "dog"])
        said.append((dialog.isVisible(), dialog.problem.isVisible() and dialog.problem.text(), dialog.textValue()))
        _type_names_and_press_ok(qtbot, dialog, ["cat", "dog"])
        said.append((dialog.isVisible(), dialog.problem.isVisible() and dialog.problem.text(), dialog.textValue()))
        _type_names_and_press_ok(qtbot, dialog, ["cat", "owl", "dog"])
    when_dialog_opens(answer, QInputDialog, WAIT)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        _open_model(qtbot, window, path)
    assert said == [(True, "“cat” is given twice: each class needs its own name.", "cat\ncat\ndog"),
                    (True, "Give one name a line for each of the model's 3 outputs (2 given).", "cat\ndog")]
    assert controller.loaded.class_names == ["cat", "owl", "dog"] and not controller.warnings
