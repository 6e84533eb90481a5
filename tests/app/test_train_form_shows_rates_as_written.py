"""While a run trains, the greyed form shows its learning rate as a person writes it: a time budget's rate
(0.05625 × 73 / 72, kept so in config.json) filled the field with 0.057031250000000006 for the whole run, and again
when the run was resumed."""
import json
from pathlib import Path

from PyQt5.QtCore import Qt

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click


def test_a_resumed_runs_computed_learning_rate_is_shown_short(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    form.set_values({"epochs": 3})
    stopped = []
    training.worker.progress.connect(
        lambda event: stopped or (qtbot.mouseClick(window.stop, Qt.LeftButton), stopped.append(True)))
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, window.start)
    run_dir = Path(finished.args[0].run_dir)
    config = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
    config["lr"] = 0.05625 * 73 / 72  # as a time budget plans it for a batch of 73
    (run_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    shown = []
    training.worker.progress.connect(lambda event: shown or shown.append(form.field("lr").text()))
    answered = answer_file_dialog(qtbot, str(run_dir))
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, window.resume)
    assert answered and not finished.args[0].failed
    assert shown == ["0.05703125"]
    assert form.field("lr").text() == "0.001"  # the user's own again
