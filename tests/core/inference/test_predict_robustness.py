"""predict.py under hostile conditions: a full disk, signals, kills, --overwrite interrupted, files
held open, dangling links, --out naming a file. Every failure is one plain line, nothing the user
had is lost, and no half-written or temp file is left behind."""
import csv
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import core.atomic
import core.inference.outputs
import predict
from core.atomic import LEFTOVER_MIN_AGE, STAGING_PREFIX, FileBusyError, atomic_write_text, remove_leftover_temps
from core.plural import counted

REPO = Path(__file__).resolve().parents[3]
POSIX = os.name == "posix"


def _rows(path: Path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _main(capsys, *argv):
    code = predict.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _leftovers(folder: Path) -> list[str]:
    """Temp files and staging folders anywhere under `folder`."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith(".tmp") or p.name.startswith(STAGING_PREFIX))


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.fixture
def folder(tmp_path, write_image):
    root = tmp_path / "in"
    for i in range(8):
        write_image(root / "cat" / f"c{i}.png", seed=i)
    return root


def _earlier_run(out: Path) -> dict:
    """An earlier run's outputs and a file of the user's own, with their contents."""
    files = {"results.csv": "path,predicted,heatmap\nold.png,cat,overlays/old.jpg\n", "results.txt": "earlier run\n",
             "overlays/old.jpg": "old overlay", "notes.txt": "the user's own file"}
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    return files


def _unchanged(out: Path, files: dict) -> bool:
    return all((out / name).read_text() == text for name, text in files.items())


# --- 1. a full disk -------------------------------------------------------------------------------

def _fill_disk_after(monkeypatch, n_ok: int):
    """Overlay writes fail with ENOSPC once `n_ok` have succeeded (a temp file is made, then the
    write fails: what a real full disk does)."""
    real = core.inference.outputs.atomic_write_bytes
    count = []

    def write(path, data):
        if len(count) >= n_ok:
            with core.atomic.atomic_open(path, "wb") as handle:
                handle.write(data[:10])
                raise OSError(errno.ENOSPC, "No space left on device")
        count.append(path)
        real(path, data)
    monkeypatch.setattr(core.inference.outputs, "atomic_write_bytes", write)


def test_disk_full_during_overlays_keeps_results_and_says_so(tiny_model_file, folder, tmp_path, capsys, monkeypatch):
    _fill_disk_after(monkeypatch, 3)
    out = tmp_path / "out"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                                 "--device", "cpu", "--batch-size", "2")
    assert code == 1
    assert "Traceback" not in stderr
    (line,) = _error_lines(stderr)
    assert line.startswith(f"error: the disk is full (writing to {out})")
    rows = _rows(out / "results.csv")
    assert f"stopped after {len(rows)} of 8 images" in line or "all 8 images classified" in line
    assert f"results of the {counted(len(rows), 'finished image')} are in {out}" in line or "results of all" in line
    # every listed overlay is whole; the ones that did not fit say so
    with_overlay = [r for r in rows if r["heatmap"]]
    assert len(with_overlay) == 3 and all((out / r["heatmap"]).stat().st_size > 1000 for r in with_overlay)
    assert all(r["error"] == "overlay not written: disk full" or
               r["error"] == "overlay not written: No space left on device" for r in rows if not r["heatmap"])
    assert sorted(p.name for p in (out / "overlays" / "cat").iterdir()) == sorted(
        Path(r["heatmap"]).name for r in with_overlay)
    assert _leftovers(out) == []


def test_disk_full_for_everything_leaves_nothing_and_says_what_is_lost(tiny_model_file, folder, tmp_path, capsys,
                                                                        monkeypatch):
    _fill_disk_after(monkeypatch, 2)
    real_text = core.inference.outputs.atomic_write_text

    def no_room(path, text, encoding="utf-8"):
        with core.atomic.atomic_open(path, "w", encoding=encoding) as handle:
            handle.write(text[:5])
            raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(core.inference.outputs, "atomic_write_text", no_room)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                                 "--device", "cpu", "--batch-size", "2")
    monkeypatch.setattr(core.inference.outputs, "atomic_write_text", real_text)
    assert code == 1 and "Traceback" not in stderr
    (line,) = _error_lines(stderr)
    assert line.startswith(f"error: the disk is full (writing to {out})")
    assert " are not written" in line and f"nothing of this run was left in {out}" in line
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # no half overlays, no temp files, no staging
    assert "files:" in stdout  # the summary still reaches the screen


@pytest.mark.parametrize("n_ok, batch", [(3, "2"), (7, "8")])  # mid-run; at the very last overlay
def test_disk_full_with_overwrite_keeps_the_earlier_results(tiny_model_file, folder, tmp_path, capsys, monkeypatch,
                                                            n_ok, batch):
    out = tmp_path / "out"
    earlier = _earlier_run(out)
    _fill_disk_after(monkeypatch, n_ok)
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                            "--device", "cpu", "--batch-size", batch, "--overwrite")
    assert code == 1 and "Traceback" not in stderr
    (line,) = _error_lines(stderr)
    assert "the disk is full" in line and f"the earlier results in {out} are kept unchanged" in line
    assert _unchanged(out, earlier) and _leftovers(out) == []
    assert sorted(p.name for p in (out / "overlays").iterdir()) == ["old.jpg"]


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real 1.5 MB file system (root only, Linux): writes really run out of space."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root on Linux to mount a tmpfs")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_really_full_disk(tiny_model_file, tmp_path, write_image, small_tmpfs, capsys):
    root = tmp_path / "big"
    for i in range(12):  # noise compresses badly: each png overlay ~ 750 kB, a few fill the disk
        write_image(root / f"n{i}.png", size=(500, 500), seed=i)
    out = small_tmpfs / "out"
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", root, "--out", out,
                            "--device", "cpu", "--format", "png", "--batch-size", "2")
    assert code == 1 and "Traceback" not in stderr
    (line,) = _error_lines(stderr)
    assert line.startswith(f"error: the disk is full (writing to {out})")
    assert _leftovers(small_tmpfs) == []
    if (out / "results.csv").exists():  # results are kept when they fit, never half of them
        rows = _rows(out / "results.csv")
        assert rows and all((out / r["heatmap"]).is_file() for r in rows if r["heatmap"])
        assert f"results of the {counted(len(rows), 'finished image')} are in {out}" in line \
            or f"results of {'the' if len(rows) == 1 else 'all'} {len(rows)} image" in line
    else:
        assert "are not written" in line


# --- 2. temp files of interrupted writes ----------------------------------------------------------

def _age(path: Path, seconds: float = LEFTOVER_MIN_AGE + 5):
    then = time.time() - seconds
    os.utime(path, (then, then))


_WRITER = """
import sys, time
sys.path.insert(0, {repo!r})
from core.atomic import atomic_open
with atomic_open(sys.argv[1], "w") as handle:
    handle.write("half")
    handle.flush()
    print("writing", flush=True)
    time.sleep(120)
"""


def _start_writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER.format(repo=str(REPO)), str(target)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    return proc


def _temps(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


def test_leftover_temp_of_a_killed_writer_is_removed(tmp_path):
    proc = _start_writer(tmp_path / "results.csv")
    (temp,) = _temps(tmp_path, "results.csv")
    try:
        _age(temp)
        if POSIX:
            assert remove_leftover_temps(tmp_path) == []  # its writer is alive: kept, however old
            assert temp.exists()
    finally:
        proc.kill()
        proc.wait()
    assert temp.exists() and not (tmp_path / "results.csv").exists()  # what a kill leaves
    assert remove_leftover_temps(tmp_path) == [temp]
    assert not temp.exists()


def test_fresh_temps_and_users_files_are_never_touched(tmp_path):
    users = [tmp_path / name for name in ("x.tmp", ".x.tmp", "notes.abcdefgh.tmp", ".x.ABCDEFGH.tmp",
                                          ".x.abcdefgh.tmp.bak", ".x.abc.tmp")]
    for path in users:
        path.write_text("mine")
        _age(path)
    fresh = tmp_path / ".results.csv.k2j4h5g6.tmp"
    fresh.write_text("being written")  # a writer that has not locked it yet, or on another machine
    (tmp_path / "dir.abcdefgh.tmp").mkdir()
    link = tmp_path / ".y.abcdefgh.tmp"
    os.symlink(users[0], link)
    assert remove_leftover_temps(tmp_path, recursive=True) == []
    assert all(p.read_text() == "mine" for p in users) and fresh.exists() and link.is_symlink()


def test_recursive_removal_and_abandoned_staging_folders(tmp_path):
    deep = tmp_path / "overlays" / "a" / "b"
    deep.mkdir(parents=True)
    temp = deep / ".x.jpg.abcd_123.tmp"
    temp.write_bytes(b"half")
    _age(temp)
    staging = tmp_path / f"{STAGING_PREFIX}99999-abcdefgh"
    (staging / "overlays").mkdir(parents=True)
    (staging / core.atomic.OWNER_FILE).write_text("")
    (staging / "overlays" / "y.jpg").write_bytes(b"new run")
    _age(staging)
    assert remove_leftover_temps(tmp_path) == [staging]  # not recursive: the deep temp stays
    assert temp.exists() and not staging.exists()
    assert remove_leftover_temps(tmp_path, recursive=True) == [temp]


@pytest.mark.skipif(not POSIX, reason="the live-owner lock is an flock (Windows refuses to delete open files)")
def test_staging_folder_of_a_live_run_is_kept(tmp_path):
    from core.atomic import staging_folder
    folder, owner = staging_folder(tmp_path)
    try:
        _age(folder)
        assert remove_leftover_temps(tmp_path) == [] and folder.exists()
    finally:
        os.close(owner)
    assert remove_leftover_temps(tmp_path) == [folder]


def test_a_run_clears_what_a_killed_run_left(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "overlays" / "cat").mkdir(parents=True)
    left = [out / ".results.csv.a1b2c3d4.tmp", out / "overlays" / "cat" / ".c1.jpg.zz99yy88.tmp"]
    staging = out / f"{STAGING_PREFIX}4242-qwertyui"
    (staging / "overlays").mkdir(parents=True)
    for path in left:
        path.write_text("half")
        _age(path)
    _age(staging)
    mine = out / "keep.tmp"
    mine.write_text("mine")
    _age(mine)
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu")
    assert code == 0, stderr
    assert _leftovers(out) == ["keep.tmp"] and mine.read_text() == "mine"
    assert len(_rows(out / "results.csv")) == 8


# --- 3 and 4. signals, kills and --overwrite -------------------------------------------------------

@pytest.fixture(scope="module")
def many_images(tmp_path_factory):
    from tests.conftest import _write_square_classes
    return _write_square_classes(tmp_path_factory.mktemp("many"), ("cat", "dog"), 150, 48, seed=5)


def _start_predict(model, source, out, *extra) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "predict.py", "--model", str(model), "--input", str(source),
                             "--out", str(out), "--device", "cpu", "--batch-size", "1", *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_overlays(out: Path, proc: subprocess.Popen, n: int = 3, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(list(out.glob(f"{STAGING_PREFIX}*/overlays/*/*.jpg"))) >= n:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    pytest.fail("predict.py wrote no overlays in time")


STOP_SIGNALS = [s for s in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, s)]


@pytest.mark.slow  # a real predict.py process, signalled
@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("name", STOP_SIGNALS)
def test_signal_keeps_the_finished_results(tiny_model_file, many_images, tmp_path, name):
    out = tmp_path / "out"
    proc = _start_predict(tiny_model_file, many_images, out)
    _wait_for_overlays(out, proc)
    signum = getattr(signal, name)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    rows = _rows(out / "results.csv")
    assert 3 <= len(rows) < 300
    last = stderr.strip().splitlines()[-1]
    assert last == (f"stopped by {name} after {len(rows)} of 300 images: "
                    f"results of the {counted(len(rows), 'finished image')} are in {out}")
    assert f"stopped: after {len(rows)} of 300 files" in (out / "results.txt").read_text(encoding="utf-8")
    assert all((out / r["heatmap"]).is_file() for r in rows)
    assert len(list((out / "overlays").rglob("*.jpg"))) == len(rows)  # no overlay without its row
    assert _leftovers(out) == []


class _SignalledJob:
    """A run of five images that signals itself (as Ctrl+C would) while classifying the first."""
    share = total = 5
    classifier = None  # no test-time augmentation to announce
    summary, error, failure, outcome, overlays = "", None, None, "results of the 1 finished image are kept", False

    def __init__(self):
        self.results, self.after_signal = [], []

    def run(self, should_stop=lambda: False):
        for index in range(self.total):
            if should_stop():
                return
            os.kill(os.getpid(), signal.SIGINT)
            self.after_signal.append(index)  # reached: the signal did not break into the code running
            self.results.append(index)
            yield index


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_a_signal_stops_the_run_between_images_never_inside_the_code_running(capsys):
    # Raised wherever it lands, a signal once hit a lock's __enter__ in the decoding pool: the lock stayed
    # held and predict.py hung instead of stopping. It now only stops the run at the next image.
    from core.cli.predict import _classify
    job = _SignalledJob()
    assert _classify(job, main=True) == 130
    assert job.after_signal == [0] and job.results == [0]
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "stopped by SIGINT after 1 of 5 images: results of the 1 finished image are kept")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back as it was


@pytest.mark.slow  # a real predict.py process, signalled
@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("name", STOP_SIGNALS)
def test_signal_during_overwrite_keeps_the_earlier_run_whole(tiny_model_file, many_images, tmp_path, name):
    out = tmp_path / "out"
    earlier = _earlier_run(out)
    proc = _start_predict(tiny_model_file, many_images, out, "--overwrite")
    _wait_for_overlays(out, proc)
    signum = getattr(signal, name)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signum and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith(f"stopped by {name} after ")
    assert f"the earlier results in {out} are kept unchanged" in stderr
    assert _unchanged(out, earlier) and _leftovers(out) == []
    assert sorted(p.name for p in (out / "overlays").iterdir()) == ["old.jpg"]


@pytest.mark.slow  # a real predict.py process, signalled
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_kill_during_overwrite_then_a_new_run(tiny_model_file, many_images, folder, tmp_path, capsys):
    out = tmp_path / "out"
    earlier = _earlier_run(out)
    proc = _start_predict(tiny_model_file, many_images, out, "--overwrite")
    _wait_for_overlays(out, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert _unchanged(out, earlier)  # the new run only ever wrote into its staging folder
    (staging,) = out.glob(f"{STAGING_PREFIX}*")
    _age(staging)
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu",
                            "--overwrite")
    assert code == 0, stderr
    assert not staging.exists() and _leftovers(out) == []
    rows = _rows(out / "results.csv")
    assert len(rows) == 8
    # the earlier run's outputs are replaced as a whole (no old.jpg among the new overlays) ...
    assert sorted(str(p.relative_to(out)) for p in (out / "overlays").rglob("*.jpg")) == sorted(
        r["heatmap"] for r in rows)
    assert (out / "notes.txt").read_text() == "the user's own file"  # ... and nothing else is touched


def test_overwrite_replaces_only_the_files_the_earlier_run_wrote(tiny_model_file, folder, tmp_path, capsys):
    """--overwrite removed overlays/ as a whole: a picture the user had put among the overlays went with it."""
    out = tmp_path / "out"
    args = ("--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu")
    assert _main(capsys, *args)[0] == 0
    first = {r["heatmap"] for r in _rows(out / "results.csv")}
    (out / "overlays" / "cat" / "my notes.jpg").write_bytes(b"mine")  # the user's own, among the overlays
    (out / "overlays" / "cat" / "c0.jpg").unlink()  # and one overlay the user deleted meanwhile
    code, _, stderr = _main(capsys, *args, "--overwrite")
    assert code == 0, stderr
    assert (out / "overlays" / "cat" / "my notes.jpg").read_bytes() == b"mine"
    assert {r["heatmap"] for r in _rows(out / "results.csv")} == first
    assert sorted(p.relative_to(out).as_posix() for p in (out / "overlays").rglob("*.jpg")) == sorted(
        first | {"overlays/cat/my notes.jpg"})


def test_a_folder_of_the_users_named_overlays_is_never_written_into_nor_deleted(tiny_model_file, tmp_path, capsys,
                                                                               write_image):
    """Saving next to one's images, whose folder has a sub-folder "overlays" of the user's: the run classified the
    other images, said nothing of those, and --overwrite then deleted them, originals as they were."""
    images = tmp_path / "photos"
    write_image(images / "a.png", seed=1)
    for i in range(5):
        write_image(images / "overlays" / f"o{i}.png", seed=10 + i)
    before = {p: p.read_bytes() for p in images.rglob("*") if p.is_file()}
    for extra in ((), ("--overwrite",)):
        code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", images, "--out", images,
                                "--device", "cpu", *extra)
        assert code == 2 and "Traceback" not in stderr
        assert f"{images / 'overlays'} holds 5 files that no earlier GradLens run wrote (e.g. o0.png)" in stderr
        assert {p: p.read_bytes() for p in images.rglob("*") if p.is_file()} == before  # nothing written, nothing removed


def test_without_overwrite_nothing_is_replaced(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    earlier = _earlier_run(out)
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu")
    assert code == 2 and "holds an earlier run's results" in stderr
    assert _unchanged(out, earlier) and _leftovers(out) == []


# --- 5. --out naming a file -------------------------------------------------------------------------

def test_out_naming_a_file(tiny_model_file, folder, tmp_path, capsys):
    target = tmp_path / "results.csv"
    target.write_text("a file of the user's")
    for out in (target, target / "sub"):
        code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out)
        assert code == 2 and "Traceback" not in stderr
        assert _error_lines(stderr) == [stderr.strip()] and "is a file" in stderr and "not a folder" in stderr
    assert target.read_text() == "a file of the user's"


# --- 6. dangling symlinks ---------------------------------------------------------------------------

@pytest.fixture
def with_broken_links(folder):
    try:
        os.symlink(folder / "gone.png", folder / "cat" / "dangling.png")
        os.symlink("loop.png", folder / "cat" / "loop.png")
    except (OSError, NotImplementedError):
        pytest.skip("cannot make symlinks here")
    return folder


def test_broken_links_are_listed_with_their_reason(tiny_model_file, with_broken_links, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", with_broken_links, "--out", out,
                                 "--device", "cpu")
    assert code == 0, stderr
    rows = {r["path"]: r for r in _rows(out / "results.csv")}
    assert len(rows) == 10
    gone = with_broken_links / "gone.png"
    assert rows["cat/dangling.png"]["error"] == f"broken link: target {gone} does not exist"
    assert rows["cat/loop.png"]["error"].startswith("broken link: loop.png cannot be reached")
    assert f"unreadable: cat/dangling.png: broken link: target {gone} does not exist" in stdout


# --- 7. files held open, UTF-8 for Excel ---------------------------------------------------------

def test_replace_refused_says_the_file_is_open_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "results.csv"
    target.write_text("open in Excel")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file")
    monkeypatch.setattr(core.atomic.os, "replace", refuse)
    with pytest.raises(FileBusyError) as info:
        atomic_write_text(target, "new")
    assert "is open in another program" in str(info.value) and "close it" in str(info.value)
    assert "results.csv" in str(info.value)
    assert target.read_text() == "open in Excel" and list(tmp_path.iterdir()) == [target]


def test_results_held_open_during_overwrite(tiny_model_file, folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    earlier = _earlier_run(out)
    real_rename = os.rename

    def excel_holds_results(src, dst):
        if Path(src) == out / "results.csv":  # Windows refuses to move a file another program has open
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_rename(src, dst)
    monkeypatch.setattr(core.inference.outputs.os, "rename", excel_holds_results)
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu",
                            "--overwrite")
    monkeypatch.setattr(core.inference.outputs.os, "rename", real_rename)
    assert code == 1 and "Traceback" not in stderr
    (line,) = _error_lines(stderr)
    assert f"results.csv in {out} could not be replaced: it is open in another program" in line
    assert _unchanged(out, earlier)
    (kept,) = out.glob("results-*")
    assert f"this run's results are kept in {kept} instead" in line
    rows = _rows(kept / "results.csv")
    assert len(rows) == 8 and all((kept / r["heatmap"]).is_file() for r in rows)
    assert _leftovers(out) == []


def test_csv_has_a_byte_order_mark_for_excel(tmp_path, write_image, make_tiny_loaded):
    from core.inference.predict_folder import FolderPrediction
    loaded = make_tiny_loaded()
    loaded.class_names[:] = ["猫", "狗", "鸟"]
    write_image(tmp_path / "in" / "猫" / "一.png")
    job = FolderPrediction(loaded, tmp_path / "in", tmp_path / "out", device="cpu", cam="none")
    list(job)
    raw = (tmp_path / "out" / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpath,")
    (row,) = _rows(tmp_path / "out" / "results.csv")
    assert row["path"] == "猫/一.png" and row["true_class"] == "猫"
