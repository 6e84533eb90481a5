"""Resume a Run… on a folder without config.json says what is missing and where, whatever the form holds."""
from tests.user import answer_file_dialog, click

WAIT = 60_000  # ms: waited on the window, never slept


def test_a_folder_without_config_json_is_refused_naming_what_is_missing_and_where(qtbot, gui, tmp_path):
    """It said "Choose a dataset folder" (the empty form's own check, as if the form's settings were the run's), and
    with a dataset in the form it started a job on the form's settings."""
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    run = tmp_path / "runs" / "20260101-120000-resnet18"
    run.mkdir(parents=True)
    (run / "metrics.csv").write_text("epoch,train_loss\n1,0.5\n", encoding="utf-8")  # its config.json is gone
    answer_file_dialog(qtbot, str(run))
    click(qtbot, training.window.resume)  # Resume a Run…
    said = f"Cannot resume {run}: it has no config.json (the run's settings), so it is not a run folder to resume"
    qtbot.waitUntil(lambda: training.window.status.text() == said, timeout=WAIT)
    assert not training.running and training.window.tabs.currentIndex() == 0  # nothing started
    assert training.window.log.toPlainText().splitlines()[-1] == f"error: {said}"
