"""Before its first batch a run's status line counts the time: a time budget's measuring took 90-117 s on a busy
machine behind a moving bar and "Time budget: measuring how fast this computer trains…" alone, and the budget's
clock runs through it."""
import re

from PyQt5.QtCore import QObject, pyqtSlot

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click, type_into


class StatusAtPlan(QObject):
    """Made on the GUI thread, so the worker's `planned` reaches it there, after the window's own slot."""

    def __init__(self, status):
        super().__init__()
        self.status, self.seen = status, []

    @pyqtSlot(object)
    def planned(self, _event) -> None:
        self.seen.append(self.status.text())


def test_a_time_budgets_measuring_and_the_data_preparing_show_the_time_gone_by(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    form, status = training.window.form, training.window.status
    type_into(qtbot, form.field("inputHeight"), "160")  # square: measured at 160 × 160, seconds on 2 cores
    type_into(qtbot, form.field("budget"), "30s")
    at_plan = StatusAtPlan(status)
    training.worker.planned.connect(at_plan.planned)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
        assert status.text() == "Time budget: measuring how fast this computer trains…"
        qtbot.waitUntil(lambda: bool(re.fullmatch(r"Time budget 30s: measuring how fast this computer trains · "
                                                  r"elapsed 0:0[1-9]", status.text())), timeout=WAIT)
    assert not finished.args[0].failed
    assert len(at_plan.seen) == 1 and re.fullmatch(r"Preparing the data · elapsed \d+:\d\d", at_plan.seen[0])
