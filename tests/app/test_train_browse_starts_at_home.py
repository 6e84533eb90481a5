"""Browse… beside an empty Dataset field opens the user's home folder, not the one the program was started from:
a new user's first look was GradLens's own app/, benchmarks/, core/ … folders."""
from pathlib import Path

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFileDialog

from tests.app.test_train_window import no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click, when_dialog_opens


def test_browse_for_a_dataset_with_an_empty_field_opens_the_home_folder(qtbot, trainer, tmp_path,  # noqa: F811
                                                                        monkeypatch, dataset):
    _, _, training = trainer
    form = training.window.form
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # started from the program's folder, as the README says
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    data = form.field("data")
    click(qtbot, data)
    qtbot.keyClick(data, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(data, Qt.Key_Delete)
    opened_at = []

    def look_and_cancel(dialog: QFileDialog) -> None:
        opened_at.append(Path(dialog.directory().absolutePath()))
        dialog.reject()
    when_dialog_opens(look_and_cancel, QFileDialog)
    click(qtbot, form.field("browseData"))
    assert opened_at == [home]
    assert data.text() == ""

    # A dataset named in the field is where the dialog opens, as before.
    qtbot.keyClicks(data, str(dataset))
    when_dialog_opens(look_and_cancel, QFileDialog)
    click(qtbot, form.field("browseData"))
    assert opened_at[-1] in (dataset, dataset.parent)
