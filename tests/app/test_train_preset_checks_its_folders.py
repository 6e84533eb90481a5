"""A preset's folders are checked as typed ones are: its dataset scanned, its output folder tried on the disk.

Load Preset… with an output folder no folder can be made in (/sys/gradlens_runs) left the problem list silent and
Start enabled, where typing the same path said "Output folder /sys/gradlens_runs: no folder can be made in /sys"
at once; only a click on Start found it."""
import json

import pytest
from PyQt5.QtWidgets import QLabel

from tests.app.test_train_failures import _sys_refuses_folders_that_permissions_allow
from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click, type_into


@pytest.mark.skipif(not _sys_refuses_folders_that_permissions_allow(),
                    reason="needs a /sys that refuses new folders though its permissions allow them (Linux, as root)")
def test_a_presets_output_folder_is_tried_as_a_typed_one_is(qtbot, trainer, tmp_path, write_square_classes):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("data"), str(tmp_path / "no such folder"))
    click(qtbot, window.start)  # refused: from now on the form lists its problems as they come and go
    assert not training.running
    shop = write_square_classes(tmp_path / "shop", ("Bag", "Sneaker"), 8, 24, seed=5)
    preset = tmp_path / "server.json"
    preset.write_text(json.dumps({"data": str(shop), "out": "/sys/gradlens_runs"}), encoding="utf-8")
    answered = answer_file_dialog(qtbot, str(preset))
    click(qtbot, window.load_preset)
    assert answered
    problems = form.findChild(QLabel, "problems")
    said = "Output folder /sys/gradlens_runs: no folder can be made in /sys"
    qtbot.waitUntil(lambda: said in problems.text(), timeout=10_000)  # typed, it shows within a second
    assert not window.start.isEnabled() and "out" in form.invalid_fields()
    qtbot.waitUntil(lambda: window.summary.page() == window.summary.SUMMARY, timeout=WAIT)  # its dataset scanned
    assert "no such folder" not in problems.text()
