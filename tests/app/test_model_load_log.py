"""A model file that cannot be used is said once in the Log tab: it was said twice, "cannot load /…/notmodel.pt:
…" and "Cannot load model: notmodel.pt: …" with "The previous model stays loaded." on a line of its own."""
from tests.user import answer_file_dialog, choose_menu_item

WAIT = 60_000


def test_a_model_that_cannot_load_is_one_line_in_the_log(qtbot, gui, tmp_path, tiny_model_file):
    window, controller = gui
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        answer_file_dialog(qtbot, str(tiny_model_file))
        choose_menu_item(qtbot, window, "File", window.load_model)
    before = window.log.toPlainText().splitlines()
    path = tmp_path / "notmodel.pt"
    path.write_text("this is not a model\n")
    with qtbot.waitSignal(controller.modelFailed, timeout=WAIT):
        answer_file_dialog(qtbot, str(path))
        choose_menu_item(qtbot, window, "File", window.load_model)
    added = window.log.toPlainText().splitlines()[len(before):]
    assert added == [f"cannot load {path}: notmodel.pt is not a model file: it is text starting 'this is not a model'"]
    assert controller.warnings == ["notmodel.pt is not a model file: it is text starting 'this is not a model'\n\n"
                                   "The previous model stays loaded."]
