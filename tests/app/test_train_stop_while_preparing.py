"""Stop clicked while the data is prepared stops at once and leaves no run folder behind.

Before the first batch a run reads and decodes every image of the dataset: minutes on a big folder. The run asked
for a Stop only between batches, so "Stopping after the current batch…" stayed until the whole folder was read
(10-19 s for 3,000 photos of 768 px on two cores; 0.3 s now), then a run folder was made whose last.pt held
"epoch 0", listed in Runs as a run to resume."""
import os
from pathlib import Path

import numpy as np
from PIL import Image

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click, type_into


def big_photo_folder(root: Path, per_class: int) -> Path:
    """Three classes of one large photo each, linked `per_class` times: each link is read and decoded on its own,
    as a folder of that many photos is, without writing them all. Called again, it adds links up to `per_class`."""
    photo = root / "photo.jpg"
    if not photo.exists():
        root.mkdir(parents=True)
        Image.fromarray(np.random.default_rng(0).integers(0, 255, (1024, 1024, 3), dtype=np.uint8)).save(photo)
    for name in ("cat", "dog", "fox"):
        (root / "data" / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            if not (root / "data" / name / f"{i}.jpg").exists():
                os.link(photo, root / "data" / name / f"{i}.jpg")
    return root / "data"


def engine_loaded(qtbot, training) -> None:
    """The window has loaded its training engine, as it has by the time a user has filled in the form."""
    qtbot.waitUntil(lambda: training.worker._standby is not None and training.worker._standby.ready, timeout=WAIT)


def test_stop_while_the_data_is_prepared_stops_at_once_and_makes_no_run_folder(qtbot, trainer, tmp_path):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("data"), str(big_photo_folder(tmp_path / "big", 400)))
    engine_loaded(qtbot, training)
    click(qtbot, window.start)
    qtbot.waitUntil(lambda: window.status.text().startswith("Preparing the data · elapsed"), timeout=WAIT)
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    # Stopped while the data was read, not after it (no timing: CI's machine is shared): no run folder was announced
    assert "run folder:" not in window.log.toPlainText()
    assert window.status.text() == "Stopped before training began: no run folder was made."
    assert "stopped while preparing the data; nothing was trained or written" in window.log.toPlainText()
    assert window.start.isEnabled() and not window.stop.isEnabled()
    out = Path(form.values()["out"])
    assert not out.exists() or list(out.iterdir()) == []


def test_stop_while_a_resumed_runs_data_is_prepared_leaves_the_run_as_it_was(qtbot, trainer, tmp_path):  # noqa: F811
    """Its folder was there before: "no run folder was made" read as if it had gone."""
    _, _, training = trainer
    window, form = training.window, training.window.form
    type_into(qtbot, form.field("data"), str(big_photo_folder(tmp_path / "big", 6)))
    type_into(qtbot, form.field("epochs"), "1")
    engine_loaded(qtbot, training)
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, window.start)
    run = Path(finished.args[0].run_dir)

    def files():
        return {path: (path.stat().st_size, path.stat().st_mtime_ns) for path in run.rglob("*")}
    before = files()
    big_photo_folder(tmp_path / "big", 400)  # the folder has grown since: its scan takes a while
    engine_loaded(qtbot, training)
    answered = answer_file_dialog(qtbot, str(run))
    click(qtbot, window.resume)  # Resume a Run…
    assert answered
    qtbot.waitUntil(lambda: window.status.text().startswith("Preparing the data · elapsed"), timeout=WAIT)
    click(qtbot, window.stop)
    qtbot.waitUntil(lambda: not training.running, timeout=WAIT)
    resumed = window.log.toPlainText().split(f"resuming {run}")[-1]
    assert "run folder:" not in resumed  # the resume read no data to its end
    assert window.status.text() == f"Stopped before training resumed: {run.name} is as it was."
    assert files() == before
