"""Find LR's range test, stopped or closed, is spoken of as what it is.

Stop at step 9 of 100 suggested 3.1e-7, with Use beside it, under a full bar (the whole sweep suggests 9.8e-5 for
the same data): the rates the sweep never reached were left out of the suggestion. Closing the window during the
test asked "Stop training? last.pt keeps the last finished epoch, so the run can be resumed later." of a job that
writes no last.pt and is no run."""
from pathlib import Path

from PyQt5.QtWidgets import QLabel, QMessageBox, QPushButton

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_message_box, click, type_into


def test_a_stopped_range_test_suggests_no_learning_rate(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("inputHeight"), "96")  # a sweep of some seconds, to stop in its middle
    with qtbot.waitSignal(training.worker.lrProgress, timeout=WAIT, check_params_cb=lambda step, _steps: step >= 3):
        click(qtbot, form.field("findLr"))
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    assert window.status.text() == ("Learning-rate range test stopped before it tried every rate: "
                                    "no learning rate suggested.")
    assert not form.findChild(QPushButton, "useLr").isVisible()
    assert not form.findChild(QLabel, "lrSuggestion").isVisible()
    assert window.progress.value() < window.progress.maximum()


def test_closing_the_window_during_a_range_test_asks_about_the_range_test(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("inputHeight"), "96")
    with qtbot.waitSignal(training.worker.lrProgress, timeout=WAIT, check_params_cb=lambda step, _steps: step >= 1):
        click(qtbot, form.field("findLr"))
    asked = answer_message_box(QMessageBox.No)
    window.close()  # the title bar's close button
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    still_open = window.isVisible() and training.running
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    assert asked == ["Stop the learning-rate range test? It will suggest no learning rate; Find LR runs it again."]
    assert still_open


def test_a_stopped_range_test_keeps_the_curve_of_the_last_complete_one(qtbot, trainer):  # noqa: F811
    """A stopped sweep wrote its few smallest rates over lr_finder.png and lr_finder.csv: the complete curve of the
    test before, which the user may still have open, was lost."""
    _, _, training = trainer
    window, form = training.window, training.window.form
    with qtbot.waitSignal(training.worker.lrFound, timeout=WAIT):
        click(qtbot, form.field("findLr"))
    folder = Path(form.values()["out"]) / "lr_finder"
    complete = {name: (folder / name).read_bytes() for name in ("lr_finder.png", "lr_finder.csv")}
    assert complete["lr_finder.csv"].count(b"\n") > 50  # the whole sweep: its rates, one a line
    type_into(qtbot, form.field("inputHeight"), "96")
    with qtbot.waitSignal(training.worker.lrProgress, timeout=WAIT, check_params_cb=lambda step, _steps: step >= 3):
        click(qtbot, form.field("findLr"))
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    assert window.status.text().startswith("Learning-rate range test stopped before it tried every rate")
    assert {name: (folder / name).read_bytes() for name in complete} == complete
    assert sorted(path.name for path in folder.iterdir()) == sorted(complete)  # no temp file left either
    assert ("range test stopped before it tried every rate; lr_finder.png and lr_finder.csv were not written"
            in window.log.toPlainText())


def said_by_the_charts(charts) -> set[str]:
    charts.flush()  # the frame on show, drawn from what the charts hold now
    return {text.get_text() for axes in charts.figure.axes for text in axes.texts if text.get_visible()}


def test_the_charts_say_a_range_test_runs_while_it_does(qtbot, trainer):  # noqa: F811
    """They said "No batches yet" and "Shown after the first epoch", as of a run that had not begun, beside a status
    line counting the test's steps."""
    _, _, training = trainer
    window, form = training.window, training.window.form
    charts = window.charts
    type_into(qtbot, form.field("inputHeight"), "96")
    with qtbot.waitSignal(training.worker.lrProgress, timeout=WAIT, check_params_cb=lambda step, _steps: step >= 1):
        click(qtbot, form.field("findLr"))
    while_running = said_by_the_charts(charts)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    assert while_running == {"Finding a learning rate…", "Not measured by Find LR",
                             "Its curve is shown in the form when it ends"}
    assert said_by_the_charts(charts) == {"No batches yet", "Shown after the first epoch"}
