"""The window's classification worker gets predict.py's guarantees: broken links listed with their
reason, a full disk said in the same plain sentence, Stop after Replace keeps the earlier results."""
import errno
import os

import pytest

import app.classify_worker
import core.atomic
import core.inference.outputs
from app.classify_worker import ClassifyJob, ClassifyWorker
from core.atomic import STAGING_PREFIX
from core.explain.cam_settings import CamSettings


@pytest.fixture
def folder(tmp_path, write_image):
    root = tmp_path / "in"
    for i in range(6):
        write_image(root / "cat" / f"c{i}.png", seed=i)
    try:
        os.symlink(root / "gone.png", root / "cat" / "dangling.png")
    except (OSError, NotImplementedError):
        pytest.skip("cannot make symlinks here")
    return root


def _run(qtbot, job, stop_after=None):
    """Run the worker in this thread; record what it emits."""
    worker = ClassifyWorker()
    seen = {"rows": [], "finished": [], "failed": [], "overwrite": []}
    worker.results.connect(lambda rows: seen["rows"].extend(rows))
    worker.finished.connect(seen["finished"].append)
    worker.failed.connect(seen["failed"].append)
    worker.needsOverwrite.connect(lambda *a: seen["overwrite"].append(a))
    if stop_after is not None:
        worker.results.connect(lambda rows: len(seen["rows"]) >= stop_after and worker.request_stop())
    worker.run(job)
    seen["saved"], seen["outcome"] = worker.saved, worker.outcome
    return seen


def _job(loaded, folder, save_dir, **kwargs):
    return ClassifyJob(loaded, str(folder), save_dir and str(save_dir), CamSettings(method="gradcam"), batch_size=1,
                       device="cpu", **kwargs)


@pytest.mark.parametrize("save", [False, True])
def test_broken_link_is_a_row_with_its_reason(qtbot, tiny_loaded, folder, tmp_path, save):
    seen = _run(qtbot, _job(tiny_loaded, folder, tmp_path / "out" if save else None))
    assert seen["failed"] == []
    rows = {row.relpath: row for row in seen["rows"]}
    assert len(rows) == 7
    assert rows["cat/dangling.png"].error == f"broken link: target {folder / 'gone.png'} does not exist"
    assert rows["cat/dangling.png"].predicted is None


def test_disk_full_is_one_plain_sentence(qtbot, tiny_loaded, folder, tmp_path, monkeypatch):
    def no_room(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(core.inference.outputs, "atomic_write_bytes", no_room)
    out = tmp_path / "out"
    seen = _run(qtbot, _job(tiny_loaded, folder, out))
    (message,) = seen["failed"]
    assert message.startswith(f"the disk is full (writing to {out})") and "Error" not in message
    assert "\n" not in message and seen["finished"] == [] and not seen["saved"]
    assert len(seen["rows"]) >= 1  # what was classified still reaches the table
    assert not list(out.glob(f"{STAGING_PREFIX}*")) and not list(out.rglob("*.tmp"))


def test_save_folder_that_is_a_file(qtbot, tiny_loaded, folder, tmp_path):
    target = tmp_path / "saved.csv"
    target.write_text("mine")
    seen = _run(qtbot, _job(tiny_loaded, folder, target))
    assert seen["failed"] == [f"the output folder {target} is a file, not a folder: choose a folder "
                              "(a new one is created)"]
    assert target.read_text() == "mine"


def test_stop_after_replace_keeps_the_earlier_results(qtbot, tiny_loaded, folder, tmp_path, monkeypatch):
    monkeypatch.setattr(app.classify_worker, "CHUNK_SECONDS", 0.0)
    out = tmp_path / "out"
    (out / "overlays").mkdir(parents=True)
    (out / "results.csv").write_text("path,heatmap\nold.png,overlays/old.jpg\n")
    (out / "overlays" / "old.jpg").write_text("earlier overlay")
    seen = _run(qtbot, _job(tiny_loaded, folder, out), stop_after=1)
    assert seen["overwrite"] and not seen["rows"]  # asked first; nothing touched
    seen = _run(qtbot, _job(tiny_loaded, folder, out, overwrite=True), stop_after=2)
    assert 2 <= len(seen["rows"]) < 7 and not seen["saved"]
    assert len(seen["finished"]) == 1  # the summary; what became of the save folder, the window says after it
    assert seen["outcome"].endswith(f"; the earlier results in {out} are kept unchanged")
    assert (out / "results.csv").read_text() == "path,heatmap\nold.png,overlays/old.jpg\n"
    assert sorted(p.name for p in (out / "overlays").iterdir()) == ["old.jpg"]
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
    seen = _run(qtbot, _job(tiny_loaded, folder, out, overwrite=True))  # Replace, run to the end
    assert seen["saved"] and len(seen["rows"]) == 7
    assert not (out / "overlays" / "old.jpg").exists() and (out / "results.csv").read_bytes().startswith(b"\xef\xbb\xbf")
