"""As a time budget changes a run's epoch count at an epoch's end, the status line says the new count and time left
with the form and the log. It kept its last batch's: "Epoch 43/63 · … · about 1:21 left" beside the form's 47 epochs
and the log's "epoch 43/47 … ETA 0.3 min", for as long as the next epoch's first batch took."""
import re

from PyQt5.QtCore import QObject, pyqtSlot

from tests.app.test_train_window import WAIT, no_weights_host  # noqa: F401 (fixtures)
from tests.user import choose_menu_item, click, type_into
from ui.widgets.formatting import duration


class StatusAtEpochEnd(QObject):
    """Made on the GUI thread, so the worker's `epoch` reaches it there, after the window's own slot."""

    def __init__(self, window):
        super().__init__()
        self.window, self.seen = window, []

    @pyqtSlot(object)
    def epoch(self, event) -> None:
        self.seen.append((event.epoch, event.epochs, event.eta_s, self.window.status.text(),
                          self.window.form.field("epochs").value()))


def test_the_status_line_says_the_epoch_count_and_time_left_a_time_budget_gives_at_each_epoch_end(
        qtbot, gui, tmp_path, dataset):
    window, controller = gui
    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    form = training.window.form
    # The epochs, batch size and network are left to the budget, which refits the epochs after the first.
    form.set_values({"data": str(dataset), "out": str(tmp_path / "runs"), "input_size": (32, 32), "workers": 0})
    type_into(qtbot, form.field("budget"), "30s")
    at_epoch_end = StatusAtEpochEnd(training.window)
    training.worker.epoch.connect(at_epoch_end.epoch)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    assert not finished.args[0].failed
    assert len(at_epoch_end.seen) > 2
    for epoch, epochs, eta_s, status, in_form in at_epoch_end.seen:
        said = re.fullmatch(r"Epoch (\d+)/(\d+) · batch \d+/\d+ · \d+ images/s · elapsed \d+:\d\d · about (.+) left",
                            status)
        assert said, status
        assert (int(said[1]), int(said[2]), in_form) == (epoch, epochs, epochs), status
        assert said[3] == duration(eta_s), status
