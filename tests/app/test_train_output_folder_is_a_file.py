"""An output folder that is a file is said with its path once: "Output folder /tmp/s2/tw/outfile: /tmp/s2/tw/outfile
is a file, not a folder" took two lines of the problem list at 1000×650 to say it."""
from PyQt5.QtWidgets import QLabel

from tests.app.test_train_window import no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click, type_into


def test_an_output_folder_that_is_a_file_is_named_once(qtbot, trainer, tmp_path):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    notes = tmp_path / "notes"
    notes.write_text("a file where the runs would go")
    type_into(qtbot, form.field("out"), str(notes))
    click(qtbot, window.start)
    problems = form.findChild(QLabel, "problems")
    qtbot.waitUntil(problems.isVisible, timeout=5000)
    assert f"<li>Output folder {notes} is a file, not a folder</li>" in problems.text()
    assert not training.running

    inside = notes / "runs"  # a folder inside it: the file in the way is named beside it
    type_into(qtbot, form.field("out"), str(inside))
    qtbot.waitUntil(lambda: f"<li>Output folder {inside}: {notes} is a file, not a folder</li>" in problems.text(),
                    timeout=5000)
