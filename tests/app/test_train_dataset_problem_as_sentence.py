"""The Dataset tab's problem reads as a sentence, as the form's list beside it does: "no class folders in …" and
"a classifier needs at least 2 classes …" began in lower case there, under "No class folders in …" in the list."""
from PyQt5.QtWidgets import QLabel

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click


def test_an_empty_dataset_folders_problem_starts_with_a_capital_on_the_dataset_tab(qtbot, trainer, tmp_path):  # noqa: F811
    _, _, training = trainer
    window, summary = training.window, training.window.summary
    empty = tmp_path / "empty"
    empty.mkdir()
    answered = answer_file_dialog(qtbot, str(empty))
    click(qtbot, window.form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: summary.page() == summary.ERROR, timeout=WAIT)
    said = summary.findChild(QLabel, "error").text()
    assert said.startswith(f"No class folders in {empty}: expected one subfolder per class"), said
    click(qtbot, window.start)
    listed = window.form.findChild(QLabel, "problems").text()
    assert f"<li>{said}</li>" in listed  # the same words in both places
