"""Training from the GUI: validation, a live run to its report, stop and resume, use the model, close."""
import csv
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from tests.user import (
    answer_file_dialog,
    answer_message_box,
    choose_in_combo,
    choose_menu_item,
    click,
    click_tab,
    click_toolbar,
    press,
    type_into,
    when_dialog_opens,
)
from tests.weights_server import unused_url
from ui.training.run_history import COL_STATUS

WAIT = 180_000  # ms: training on a loaded 2-core machine; waited on signals, never slept


@pytest.fixture(autouse=True)
def no_weights_host(monkeypatch, tmp_path):
    """Nothing leaves the machine and the form's defaults do not depend on it: the weights mirror is a
    local port on which nothing listens (so ImageNet weights are not the default), the torch cache empty."""
    parts = urlsplit(unused_url())
    monkeypatch.setenv("GRADLENS_WEIGHTS_MIRROR", f"{parts.scheme}://{parts.netloc}")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))


@pytest.fixture
def trainer(qtbot, gui, tmp_path, dataset):
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    training.window.form.set_values({
        "data": str(dataset), "out": str(tmp_path / "runs"), "model": "resnet18", "input_size": (32, 32),
        "epochs": 2, "batch_size": 8, "workers": 0, "val_ratio": 0.25, "test_ratio": 0.25, "augment": ["hflip"]})
    return window, controller, training



def test_runs_go_to_a_folder_of_the_users_own_until_they_choose_one(qtbot, gui, tmp_path, monkeypatch):
    window, controller = gui
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # started from the program's folder, as the README says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    qtbot.addWidget(controller.training.window)
    out = controller.training.window.form.field("out")
    assert out.text() == str(tmp_path / "home" / "GradLens" / "runs")  # not "runs" among app/ and core/
    assert "out" not in controller.training.window.form.chosen()


def test_invalid_form_is_caught_before_starting(qtbot, trainer, tmp_path):
    _, _, training = trainer
    training.window.form.set_values({"data": str(tmp_path / "does-not-exist")})
    click(qtbot, training.window.start)
    assert not training.running
    assert "fix" in training.window.status.text().lower()
    assert not training.window.start.isEnabled()  # until the form is fixed
    training.window.form.field("data").setText(str(tmp_path))
    assert training.window.start.isEnabled()


def test_a_one_class_dataset_is_refused_before_start_in_plain_words(qtbot, trainer, tmp_path, write_square_classes):
    _, _, training = trainer
    one = write_square_classes(tmp_path / "one", ("red",), 4, 16, seed=1)
    answered = answer_file_dialog(qtbot, str(one))
    click(qtbot, training.window.form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: "only one: red" in training.window.summary.findChild(QLabel, "error").text()
                    if training.window.summary.findChild(QLabel, "error") else False, timeout=WAIT)
    click(qtbot, training.window.start)
    assert not training.running
    status = training.window.status.text()
    assert "at least 2 classes" in status and "Error" not in status and "Traceback" not in status
    assert "data" in training.window.form.invalid_fields()


def test_an_empty_class_folder_left_out_in_the_classes_field_lets_the_run_start(qtbot, trainer, tmp_path,
                                                                                 write_square_classes):
    """The way on the window offers for an empty class folder is its Classes field; typed there, the dataset is
    checked for those classes, the problem goes and the run trains them (as train.py --classes Bag,Sneaker)."""
    _, _, training = trainer
    form, summary = training.window.form, training.window.summary
    shop = write_square_classes(tmp_path / "shop", ("Bag", "Sneaker"), 16, 24, seed=5)
    (shop / "Coat").mkdir()
    answered = answer_file_dialog(qtbot, str(shop))
    click(qtbot, form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: summary.page() == summary.ERROR, timeout=WAIT)
    click(qtbot, training.window.start)
    assert not training.running and not training.window.start.isEnabled()
    problems = form.findChild(QLabel, "problems")
    assert "leave it out by setting Classes to Bag,Sneaker" in problems.text() and "--classes" not in problems.text()
    assert "data" in form.invalid_fields()
    type_into(qtbot, form.field("classes"), "Bag,Sneaker")
    qtbot.waitUntil(lambda: summary.page() == summary.SUMMARY, timeout=WAIT)
    assert training.window.start.isEnabled() and not problems.isVisible() and form.invalid_fields() == []
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    event = finished.args[0]
    assert not event.failed
    assert json.loads((Path(event.run_dir) / "config.json").read_text(encoding="utf-8"))["classes"] == ["Bag",
                                                                                                      "Sneaker"]


def test_a_missing_dataset_folder_clears_the_last_ones_summary_and_split(qtbot, trainer, dataset):
    """Typed over a scanned folder, a path where no folder is leaves neither that folder's classes nor its split
    on show; the split line follows the language like the rest."""
    from tests.app.test_language_menu import choose_language
    window, _, training = trainer
    form, summary = training.window.form, training.window.summary
    split = form.findChild(QLabel, "splitInfo")
    type_into(qtbot, form.field("data"), str(dataset))
    qtbot.waitUntil(lambda: summary.page() == summary.SUMMARY, timeout=WAIT)
    assert split.text() == "No split folders: a stratified split by the ratios below"
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: split.text() == "没有划分文件夹：按下面的比例进行分层划分", timeout=30_000)  # a loaded CI
    choose_language(qtbot, window, "en")
    qtbot.waitUntil(lambda: split.text().startswith("No split folders"), timeout=30_000)
    type_into(qtbot, form.field("data"), str(dataset.parent / "gone"))
    assert summary.page() == summary.EMPTY
    assert split.text() == "Choose a dataset folder to see how it will be split."


def test_a_run_streams_to_the_charts_and_ends_in_the_report(qtbot, trainer):
    window, controller, training = trainer
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
        assert training.running and not training.window.start.isEnabled()
    event = finished.args[0]
    assert not event.failed and Path(event.best_path).exists()
    series = training.window.charts.series()
    assert any(len(values) > 0 for values in series.values())
    assert training.window.tabs.currentWidget() is training.window.report
    log = training.window.log.toPlainText()
    assert "epoch 1/2" in log and "epoch 2/2" in log and "accuracy" in log
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, training.window.report.findChild(QPushButton, "useModel"))
    predictions = Path(event.run_dir) / "report" / "test_predictions.csv"
    tested = [row["path"] for row in csv.DictReader(predictions.open(encoding="utf-8-sig"))]
    qtbot.waitUntil(lambda: len(controller.paths) == len(tested) and window.run.isEnabled(), timeout=WAIT)
    assert sorted(os.path.realpath(p) for p in controller.paths) == sorted(tested)  # the test split, no training image
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    assert len(controller.rows) == len(tested)
    assert all(row.true_class in ("red", "blue") for row in controller.rows.values())  # labelled by class


def test_the_progress_bar_shows_the_share_of_the_runs_time_gone_by(qtbot, trainer):
    """Under progressive resizing the early batches are small: the bar follows the time, as the time left
    counts it, not the batch count, and it never steps back when the estimate changes its mind."""
    _, _, training = trainer
    # small_resnet_s, built for small images: resnet18 leaves 16-px images 1×1 deep down and can diverge there.
    training.window.form.set_values({"epochs": 4, "progressive_resize": 0.5, "model": "small_resnet_s"})
    bar, seen = training.window.progress, []

    def after_the_window_showed_it(event):  # connected after the controller: the bar already shows the event
        elapsed = time.perf_counter() - training._started_at
        seen.append((bar.value(), bar.maximum(), round(1000 * elapsed / (elapsed + event.eta_s)),
                     event.epoch, event.epochs, event.batch, event.batches))
    training.worker.progress.connect(after_the_window_showed_it)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    assert not finished.args[0].failed and len(seen) >= 4  # progress is relayed at most a few times a second
    values = [value for value, *_ in seen]
    assert values == sorted(values) and {maximum for _, maximum, *_ in seen} == {1000}
    previous = -1
    for value, _, by_clock, *_ in seen:
        assert abs(value - max(previous, by_clock)) <= 2  # the clock's share, or where the bar already was
        previous = value
    _, _, _, epoch, epochs, batch, batches = seen[-1]
    assert (epoch, batch) == (epochs, batches) and values[-1] < 1000  # the final test pass was still to come
    assert bar.value() == bar.maximum() == 1  # finished: full


def test_a_time_budget_run_shows_its_plan_in_the_form_then_gives_the_users_settings_back(qtbot, trainer):
    """The budget plans what the user left at its default (here the architecture and optimiser; the fixture set
    the epochs): while the run trains the greyed form shows what it trains with and a line above says so;
    once it ends the user's own settings are back, so the next Start plans afresh."""
    _, _, training = trainer
    form = training.window.form
    type_into(qtbot, form.field("budget"), "30s")
    plan_line = form.findChild(QLabel, "runSettings")
    assert not plan_line.isVisible()
    own = form.values()
    seen = []

    def while_training(event):
        if not seen:
            seen.append((form.values(), plan_line.isVisible(), plan_line.text(), form.field("model").isEnabled()))
    training.worker.progress.connect(while_training)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
        assert training.window.status.text() == "Time budget: measuring how fast this computer trains…"
    event = finished.args[0]
    assert not event.failed and seen
    trained = json.loads((Path(event.run_dir) / "config.json").read_text(encoding="utf-8"))
    shown, visible, text, editable = seen[0]
    assert trained["model"].startswith("small_resnet") and trained["optimizer"] == "sgd"  # planned for 32-px images
    assert {key: shown[key] for key in ("model", "optimizer", "schedule", "tta", "epochs", "batch_size")} == \
        {key: trained[key] for key in ("model", "optimizer", "schedule", "tta", "epochs", "batch_size")}
    assert shown["lr"] == pytest.approx(trained["lr"], rel=1e-11)  # as written: 0.05703125, not 0.057031250000000006
    assert shown["budget"] == "30s" and not editable
    assert visible and "(30s)" in text and "Architecture" in text and "Optimizer" in text
    assert "Epochs" not in text and "Batch size" not in text  # as the user set them
    assert form.values() == own and not plan_line.isVisible()
    assert form.field("model").isEnabled()


def test_stop_then_resume(qtbot, trainer):
    _, _, training = trainer
    training.window.form.set_values({"epochs": 3})
    stopped = []
    training.worker.progress.connect(
        lambda event: stopped or (qtbot.mouseClick(training.window.stop, Qt.LeftButton), stopped.append(True)))
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    first = finished.args[0]
    assert first.stopped and "resume" in first.reason
    bar = training.window.progress
    assert bar.maximum() == 1000 and 0 < bar.value() < 1000  # where the run got to, not empty, not full
    opened_in = []
    when_dialog_opens(lambda dialog: (opened_in.append(dialog.directory().absolutePath()), dialog.reject()),
                      QFileDialog)
    click(qtbot, training.window.resume)  # Resume a Run… opens in the run just stopped
    qtbot.waitUntil(lambda: bool(opened_in), timeout=WAIT)
    assert Path(opened_in[0]) == Path(first.run_dir)
    history = training.window.history
    click_tab(qtbot, training.window.tabs, history)
    qtbot.waitUntil(lambda: first.run_dir in history.paths(), timeout=WAIT)
    form = training.window.form
    type_into(qtbot, form.field("epochs"), "7")  # the user goes on to set up the next run
    own = form.values()
    row = history.paths().index(first.run_dir)
    view = history.view
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center())
    charts = training.window.charts
    click(qtbot, history.findChild(QPushButton, "open"))  # opened: its per-batch loss as well as its epochs
    assert charts.batch_count() == 0  # the live run's are gone; batches.csv's come
    qtbot.waitUntil(lambda: charts.batch_count() > 0, timeout=WAIT)
    assert charts.series()["batch_x"].max() <= 1  # epoch 1's batches; the stopped epoch 2 is trained again
    during = []  # what the Runs tab says of the run while it trains again

    def runs_tab_now(event):
        if not during:
            row = history.paths().index(first.run_dir)
            during.append((view.model().index(row, COL_STATUS).data(),
                           history.findChild(QPushButton, "resume").isEnabled()))
    training.worker.progress.connect(runs_tab_now)
    line, seen = form.findChild(QLabel, "runSettings"), []
    training.worker.progress.connect(lambda event: seen or seen.append((form.field("epochs").value(), line.text())))
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, history.findChild(QPushButton, "resume"))
    second = finished.args[0]
    assert second.run_dir == first.run_dir and not second.stopped
    assert during == [("Training…", False)]  # it said "Not finished", and offered to resume it meanwhile
    qtbot.waitUntil(lambda: view.model().index(history.paths().index(first.run_dir), COL_STATUS).data() == "Finished",
                    timeout=WAIT)
    batch_x = charts.series()["batch_x"]  # one per-batch line from epoch 1 on, not from the resume on
    assert batch_x.min() < 1 and batch_x.max() == 3 and (batch_x[1:] > batch_x[:-1]).all()
    rows = list(csv.DictReader((Path(second.run_dir) / "metrics.csv").open(encoding="utf-8-sig")))
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3]
    assert seen[0] == (3, f"Resuming {Path(first.run_dir).name}: the form shows the settings it trains with; your "
                          "own settings come back when it ends.")  # the run's, while it trained
    assert form.values() == own and not line.isVisible()  # then the user's own again


def test_a_resumed_run_counts_its_time_from_the_epochs_already_trained(qtbot, trainer):
    _, _, training = trainer
    training.window.form.set_values({"epochs": 50})
    stop_after_an_epoch = lambda event: training.running and qtbot.mouseClick(training.window.stop, Qt.LeftButton)
    training.worker.epoch.connect(stop_after_an_epoch)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    training.worker.epoch.disconnect(stop_after_an_epoch)
    run = Path(finished.args[0].run_dir)
    metrics = run / "metrics.csv"  # as if each epoch had taken ten minutes on a slow laptop
    rows = list(csv.DictReader(metrics.open(encoding="utf-8-sig")))
    assert rows
    for row in rows:
        row["epoch_time_s"] = "600"
    with metrics.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    seen = []
    training.worker.progress.connect(lambda event: seen or (
        seen.append((training.window.status.text(), training.window.progress.value())),
        qtbot.mouseClick(training.window.stop, Qt.LeftButton)))
    answer_file_dialog(qtbot, str(run))
    with qtbot.waitSignal(training.runFinished, timeout=WAIT):
        click(qtbot, training.window.resume)
    status, bar = seen[0]
    elapsed = re.search(r"elapsed (\d+):(\d\d)", status)
    assert elapsed and int(elapsed.group(1)) >= 10 * len(rows), status  # not the seconds since Resume
    assert bar > 0


def test_closing_during_training_asks_once_and_stops_without_waiting(qtbot, trainer):
    window, controller, training = trainer
    training.window.form.set_values({"epochs": 50})
    with qtbot.waitSignal(training.worker.progress, timeout=WAIT):
        click(qtbot, training.window.start)
    asked = answer_message_box(QMessageBox.Yes)
    choose_menu_item(qtbot, window, "File", window.quit)
    assert len(asked) == 1 and "last.pt" in asked[0]
    # The windows go at once; the run stops after its batch, then the program closes for real.
    assert not window.isVisible() and not training.window.isVisible()
    qtbot.waitUntil(lambda: not training.thread.isRunning(), timeout=WAIT)
    qtbot.waitUntil(lambda: controller.viewer_thread.isFinished(), timeout=WAIT)
    assert len(asked) == 1  # closing the training window with the main one did not ask again
    assert (Path(training.run_dir) / "last.pt").exists()


def test_a_run_stopped_by_closing_its_window_shows_where_it_stopped_when_reopened(qtbot, trainer):
    """As after Stop: the bar keeps the share of the run it got to, not a full bar under "Stopped"."""
    window, _, training = trainer
    training.window.form.set_values({"epochs": 50})
    bar = training.window.progress
    with qtbot.waitSignal(training.worker.epoch, timeout=WAIT):  # an epoch in: the bar has moved
        click(qtbot, training.window.start)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=WAIT)
    asked = answer_message_box(QMessageBox.Yes)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        training.window.close()  # the window's close button: "Stop training?" Yes
        assert len(asked) == 1 and not training.window.isVisible()
    assert finished.args[0].stopped
    press(qtbot, window, Qt.Key_T, Qt.ControlModifier)  # Run → Train a Model… again
    qtbot.waitUntil(training.window.isVisible, timeout=WAIT)
    assert training.window.status.text().startswith("Stopped by the user during epoch")
    assert bar.maximum() == 1000 and 0 < bar.value() < 1000  # where the run got to, not empty, not full


def test_answering_no_keeps_both_windows_and_the_run(qtbot, trainer):
    window, controller, training = trainer
    training.window.form.set_values({"epochs": 50})
    with qtbot.waitSignal(training.worker.progress, timeout=WAIT):
        click(qtbot, training.window.start)
    asked = answer_message_box(QMessageBox.No)
    choose_menu_item(qtbot, window, "File", window.quit)
    assert len(asked) == 1
    assert window.isVisible() and training.window.isVisible() and training.running
    with qtbot.waitSignal(training.runFinished, timeout=WAIT):
        click(qtbot, training.window.stop)


def test_find_lr_runs_in_the_training_process_and_offers_its_suggestion(qtbot, trainer):
    _, _, training = trainer
    training.window.form.set_values({"input_size": (16, 16), "batch_size": 4})  # 100 steps, kept short
    steps = []
    training.worker.lrProgress.connect(lambda step, total: steps.append((step, total, training.window.status.text())))
    with qtbot.waitSignal(training.worker.lrFound, timeout=WAIT) as found:
        click(qtbot, training.window.form.field("findLr"))
        assert training.running and not training.window.start.isEnabled()
    assert steps and steps[0][0] == 0 and steps[-1][0] > 0  # progress from the start, not minutes of silence
    qtbot.waitUntil(lambda: "step" in training.window.status.text() or "Suggested" in training.window.status.text(),
                    timeout=WAIT)
    result = found.args[0]
    assert Path(result["plot"]).stat().st_size > 0
    assert not training.running and training.window.start.isEnabled()
    assert training.window.status.text().startswith("Suggested learning rate")
    if result["suggestion"]:
        assert "Suggested" in training.window.form.findChild(QLabel, "lrSuggestion").text()


def test_stop_clicked_while_the_training_process_loads_stops_the_run(qtbot, trainer):
    """The Stop waits for the engine, then ends the run before its data is read: no run folder is made (one whose
    last.pt held epoch 0 was, when the run stopped at its first batch)."""
    _, _, training = trainer
    training.window.form.set_values({"epochs": 50})
    click(qtbot, training.window.start)  # just after the window opened: its training process still imports torch
    click(qtbot, training.window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    assert training.window.status.text() == "Stopped before training began: no run folder was made."
    out = Path(training.window.form.values()["out"])
    assert not out.exists() or list(out.iterdir()) == []


def test_the_dataset_remembered_from_last_time_or_in_a_preset_is_shown_when_it_arrives(
        qtbot, request, tmp_path, dataset, write_square_classes):
    from PyQt5.QtCore import QSettings

    from app.form_memory import KEY_FORM
    last_time = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)  # the file the gui fixture uses
    last_time.setValue(KEY_FORM, json.dumps({"data": str(dataset), "input_size": [32, 32]}))
    last_time.sync()
    window, controller = request.getfixturevalue("gui")
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    totals = training.window.summary.findChild(QLabel, "totals")
    qtbot.waitUntil(lambda: "32 images" in totals.text(), timeout=WAIT)  # no typing, no Browse…
    assert "in 2 classes" in totals.text() and training.window.form.field("data").text() == str(dataset)
    other = write_square_classes(tmp_path / "three", ("red", "green", "blue"), 4, 16, seed=2)
    preset = tmp_path / "preset.json"
    preset.write_text(json.dumps({"data": str(other)}), encoding="utf-8")
    answered = answer_file_dialog(qtbot, str(preset))
    click(qtbot, training.window.load_preset)
    assert answered
    qtbot.waitUntil(lambda: "12 images" in totals.text() and "in 3 classes" in totals.text(), timeout=WAIT)


def test_the_recipe_options_set_in_the_form_reach_the_training_process(qtbot, trainer):
    _, _, training = trainer
    form = training.window.form
    click(qtbot, form.field("augment_trivialaugment"))
    type_into(qtbot, form.field("mixup"), "0.2")
    type_into(qtbot, form.field("ema"), "0.9")
    choose_in_combo(qtbot, form.field("tta"), "Flip")
    assert not form.field("cycle_momentum").isEnabled()  # only one-cycle cycles the momentum
    choose_in_combo(qtbot, form.field("schedule"), "One-cycle")
    assert form.field("cycle_momentum").isEnabled() and form.field("cycle_momentum").isChecked()
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    event = finished.args[0]
    assert not event.failed
    config = json.loads((Path(event.run_dir) / "config.json").read_text(encoding="utf-8"))
    assert config["augment"] == ["hflip", "trivialaugment"] and config["mixup"] == 0.2 and config["ema"] == 0.9
    assert config["tta"] == "flip" and config["schedule"] == "onecycle" and config["cycle_momentum"] is True
    assert "with test-time augmentation (flip)" in training.window.log.toPlainText()


def test_a_damaged_batches_csv_costs_only_the_per_batch_line(tmp_path):
    """batches.csv is for the charts: one that cannot be read must not stop a resume or the opening of a run."""
    from app.train_controller import _batches_of
    (tmp_path / "batches.csv").write_bytes(b"\xff\xfe\x00garbage\x81")
    assert _batches_of(str(tmp_path)) is None
    assert _batches_of(str(tmp_path / "none")).first_epoch is None  # a run from before it was kept: no points


def test_the_split_line_says_a_chosen_folder_with_a_problem_is_not_split_yet(qtbot, trainer, tmp_path,
                                                                             write_square_classes):
    """A folder whose scan found a problem (an empty class folder) is chosen: the split line no longer asks the
    user to choose one, and says how the folder is split once the Classes field leaves the empty class out."""
    _, _, training = trainer
    form, summary = training.window.form, training.window.summary
    split = form.findChild(QLabel, "splitInfo")
    shop = write_square_classes(tmp_path / "shop", ("Bag", "Sneaker"), 16, 24, seed=5)
    (shop / "Trouser").mkdir()
    answered = answer_file_dialog(qtbot, str(shop))
    click(qtbot, form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: summary.page() == summary.ERROR, timeout=WAIT)
    assert split.text() == "Shown once the problem with this dataset folder is fixed."
    type_into(qtbot, form.field("classes"), "Bag,Sneaker")
    qtbot.waitUntil(lambda: summary.page() == summary.SUMMARY, timeout=WAIT)
    assert split.text() == "No split folders: a stratified split by the ratios below"


def test_use_this_model_on_a_run_stopped_by_closing_the_window_shows_its_held_out_images_in_front(qtbot, trainer,
                                                                                                  dataset):
    """A stopped run has no report and no predictions: Use this model brings the main window forward with the test
    images the run's split held out (drawn again from config.json), never leaving the model on the demo folder."""
    from core.data.splits import find_splits
    window, controller, training = trainer
    training.window.form.set_values({"epochs": 50})
    with qtbot.waitSignal(training.worker.epoch, timeout=WAIT):
        click(qtbot, training.window.start)
    answer_message_box(QMessageBox.Yes)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        training.window.close()  # the window's close button: "Stop training?" Yes
    run = Path(finished.args[0].run_dir)
    assert finished.args[0].stopped and (run / "best.pt").exists() and not (run / "report").exists()
    press(qtbot, window, Qt.Key_T, Qt.ControlModifier)  # Run → Train a Model… again
    qtbot.waitUntil(training.window.isVisible, timeout=WAIT)
    report = training.window.report
    click_tab(qtbot, training.window.tabs, report)
    assert report.message().startswith("No evaluation report in")
    training.window.activateWindow()
    qtbot.waitUntil(training.window.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, report.findChild(QPushButton, "useModel"))
    held_out = find_splits(dataset, 0.25, 0.25, 0).test
    qtbot.waitUntil(lambda: len(controller.paths) == len(held_out) and window.run.isEnabled(), timeout=WAIT)
    assert sorted(os.path.realpath(p) for p in controller.paths) == sorted(str(path) for path, _ in held_out)
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # in front of the training window
    assert controller.warnings == []
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    assert all(row.true_class in ("red", "blue") for row in controller.rows.values())  # labelled by class


def test_use_this_model_when_the_runs_images_are_gone_says_so_in_the_main_window_and_offers_a_folder(
        qtbot, trainer, tmp_path, write_square_classes):
    """A changed dataset draws another split, which could show training images as held out; a moved one none."""
    import shutil
    window, controller, training = trainer
    data = write_square_classes(tmp_path / "moved", ("red", "blue"), 16, 24, seed=4)
    training.window.form.set_values({"data": str(data), "epochs": 50})
    stop_after_an_epoch = lambda event: training.running and qtbot.mouseClick(training.window.stop, Qt.LeftButton)
    training.worker.epoch.connect(stop_after_an_epoch)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    assert finished.args[0].stopped
    report = training.window.report
    click_tab(qtbot, training.window.tabs, report)
    reasons = []
    extra = write_square_classes(tmp_path / "more", ("red",), 1, 24, seed=9) / "red"
    shutil.copy(next(extra.iterdir()), data / "red" / "one_more.png")  # the user added an image since
    said = when_dialog_opens(lambda box: (reasons.append(box.informativeText()), box.button(QMessageBox.Close).click()),
                             QMessageBox)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, report.findChild(QPushButton, "useModel"))
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert reasons == [f"{data} has changed since this run drew its split from it, so which of its images were held "
                       "out is no longer known."]
    assert "review" not in (controller.folder or "")  # the images on show stay what they were
    reasons.clear()
    data.rename(tmp_path / "elsewhere")  # the user tidied the dataset away since
    mine = write_square_classes(tmp_path / "mine", ("red", "blue"), 3, 24, seed=6)

    def open_a_folder(box):
        reasons.append((box.informativeText(), box.parentWidget() is window))
        answer_file_dialog(qtbot, str(mine))
        next(button for button in box.buttons() if button.text() == "Open Image Folder…").click()
    said = when_dialog_opens(open_a_folder, QMessageBox)
    with qtbot.waitSignal(controller.modelLoaded, timeout=WAIT):
        click(qtbot, report.findChild(QPushButton, "useModel"))
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert said[0] == "best.pt is loaded, but this run has no held-out images to show: the images on show were not " \
                      "chosen for this model."
    assert reasons == [(f"data folder not found: {data}", True)]
    qtbot.waitUntil(lambda: controller.folder == str(mine) and len(controller.paths) == 6, timeout=WAIT)
    assert controller.warnings == []
