"""A training job's failure in the window's words: core words it for train.py, naming its options."""
from tests.user import click

WAIT = 120_000  # ms: the training process starts and scans the dataset


def test_an_empty_class_folder_found_by_the_job_names_the_classes_field_not_an_option(qtbot, gui, tmp_path,
                                                                                      write_square_classes):
    """Found by the job (the form had not scanned the folder: set by a preset or the remembered form), the "Training
    failed" box and the status line said "leave it out with --classes a,b": the window has no command line."""
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    data = write_square_classes(tmp_path / "data", ("a", "b"), 8, 16, seed=1)
    (data / "c").mkdir()
    training.window.form.set_values({"data": str(data), "out": str(tmp_path / "runs"), "model": "resnet18",
                                     "input_size": (32, 32), "epochs": 1, "batch_size": 8, "workers": 0})
    with qtbot.waitSignal(training.runFailed, timeout=WAIT) as failed:
        click(qtbot, training.window.start)
    assert "--classes" in failed.args[0]  # core's words, as train.py prints them
    said = (f"Class 'c' has no images in {data / 'c'}: put images in it, remove the folder or leave it out by "
            "setting Classes to a,b")
    assert training.window.status.text() == said
    assert controller.warnings[-1] == said  # the "Training failed" box
