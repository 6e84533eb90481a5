"""Stop clicked while a time budget measures this computer's speed stops at once and leaves no run folder behind.

The measuring looks at no Stop: "Stopping after the current batch…" stayed for as long as it lasted (10 s with three
classes of 30 images on two cores, 90-117 s on a busy machine), then a run folder was made whose last.pt held
"epoch 0", listed in Runs as a run to resume."""
from pathlib import Path

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click, type_into


def test_stop_while_a_time_budget_measures_stops_at_once_and_makes_no_run_folder(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("inputHeight"), "160")  # square: each candidate measured at 160 × 160 px
    type_into(qtbot, form.field("budget"), "15min")
    with qtbot.waitSignal(training.worker.message, timeout=WAIT,
                          check_params_cb=lambda text, _level: "measuring how fast" in text):
        click(qtbot, window.start)
    qtbot.wait(1000)  # measuring, as the status line says
    assert "measuring how fast this computer trains" in window.status.text()
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    # Stopped during the measuring, not after it (no timing: CI's machine is shared): the plan was never made
    assert "time budget 15 min:" not in window.log.toPlainText()
    assert window.status.text() == "Stopped before training began: no run folder was made."
    assert window.start.isEnabled() and not window.stop.isEnabled()
    out = Path(form.values()["out"])
    assert not out.exists() or list(out.iterdir()) == []
    assert form.field("budget").text() == "15min"  # the user's own settings, not a plan
