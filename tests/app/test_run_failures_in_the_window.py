"""Why a run or an export failed, as the main window says it: in the window's language, with advice the window can
follow. In Chinese the "Classification failed" and "Cannot export model" boxes and the log said core's English (a
full disk, a save folder that is a file, an earlier run's outputs in the way), and an export over an existing file
said "… pass --overwrite to replace it", an option a window's user has nowhere to give. A full disk during an
export said only "No space left on device"."""
import re

import pytest

from core.ts_file import read_ts, ts_path
from tests.app.test_language_menu import choose_language
from tests.app.test_main_window import WAIT, load, noise_images, run_all
from tests.full_disk import fill_at
from tests.user import answer_file_dialog, choose_menu_item
from ui.run_failure_text import failure_said

# Words of core's English sentences; paths and file names in the expected texts are the test's own.
ENGLISH = re.compile(r"\b(the|disk|full|stopped|images?|results?|written|folder|choose|space|run|again|"
                     r"classified|exists|overwrite|exported?)\b")


def _menu(window, menu) -> str:
    return menu.title().replace("&", "")


def _choose_save_folder(qtbot, window, folder) -> None:
    answer_file_dialog(qtbot, str(folder))
    choose_menu_item(qtbot, window, _menu(window, window.file_menu), window.save_folder)


def _images(tmp_path, count=12):
    return noise_images(tmp_path / "images", [f"img{i:03d}.png" for i in range(count)])


def _failed_run(qtbot, window, controller, language, model, images, saved):
    """Run with `saved` chosen as the save folder beforehand; what the window said in its warning box."""
    if language != "en":
        choose_language(qtbot, window, language)
    load(qtbot, window, controller, model, images)
    _choose_save_folder(qtbot, window, saved)
    return saved


def _said(qtbot, window, controller) -> str:
    run_all(qtbot, window, controller)
    (told,) = controller.warnings
    assert told in window.log.toPlainText()  # the log says it too, after the box's title
    assert not window.progress_label.text()  # not "Starting…" below the failure for good
    return told


def test_a_full_disk_during_a_run_is_said_in_chinese(qtbot, gui, tiny_model_file, tmp_path, monkeypatch):
    window, controller = gui
    saved = tmp_path / "saved"
    _failed_run(qtbot, window, controller, "zh_CN", tiny_model_file, _images(tmp_path), saved)
    disk = fill_at("img003.jpg", setattr=monkeypatch.setattr)  # the fourth overlay finds the disk full
    told = _said(qtbot, window, controller)
    assert disk["full"]
    assert told.startswith(f"磁盘已满（写入 {saved} 时）：") and told.endswith("；请腾出一些空间后重新运行"), told
    assert f"本次运行没有在 {saved} 中留下任何内容" in told, told
    assert not ENGLISH.search(told.replace(str(saved), "")), told
    assert not saved.exists() or not list(saved.iterdir())  # nothing half-written is left


@pytest.mark.parametrize("language, expected", [
    ("en", "the save folder {0} is a file, not a folder: choose another save folder (File → Choose Save Folder…)"),
    ("zh_CN", "保存文件夹 {0} 是一个文件，不是文件夹：请另选一个保存文件夹（文件 → 选择保存文件夹…）")])
def test_a_save_folder_that_became_a_file(qtbot, gui, tiny_model_file, tmp_path, language, expected):
    """The window calls it the save folder and says where to choose another (core: "the output folder … choose a
    folder (a new one is created)")."""
    window, controller = gui
    saved = _failed_run(qtbot, window, controller, language, tiny_model_file, _images(tmp_path), tmp_path / "saved")
    saved.rmdir()  # meanwhile another program put a file of that name there
    saved.write_text("mine")
    told = _said(qtbot, window, controller)
    assert told == expected.format(saved)
    assert ("Classification failed: " if language == "en" else "分类失败：") + told in window.log.toPlainText()
    assert saved.read_text() == "mine"


@pytest.mark.parametrize("language, expected", [
    ("en", "{0} holds 2 files that no earlier GradLens run wrote (e.g. a.jpg), and a run saves its overlays there: "
           "choose another save folder, or move that folder"),
    ("zh_CN", "{0} 中有 2 个不是之前的 GradLens 运行写入的文件（例如 a.jpg），而运行会把它的 overlays 保存在那里：请另选一个"
              "保存文件夹，或移走那个文件夹")])
def test_pictures_of_the_users_in_the_save_folders_overlays(qtbot, gui, tiny_model_file, tmp_path, language,
                                                            expected):
    window, controller = gui
    saved = tmp_path / "saved"
    for name in ("a.jpg", "b.jpg"):
        (saved / "overlays").mkdir(parents=True, exist_ok=True)
        (saved / "overlays" / name).write_text("mine")
    _failed_run(qtbot, window, controller, language, tiny_model_file, _images(tmp_path), saved)
    assert _said(qtbot, window, controller) == expected.format(saved / "overlays")
    assert sorted(p.name for p in (saved / "overlays").iterdir()) == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize("language, expected", [
    ("en", "the images to classify are in {0}, an earlier run's outputs that this run would replace: choose another "
           "save folder"),
    ("zh_CN", "要分类的图像位于 {0} 中，那是之前一次运行的输出，本次运行会将其替换：请另选一个保存文件夹")])
def test_images_in_an_earlier_runs_overlays(qtbot, gui, tiny_model_file, tmp_path, language, expected):
    window, controller = gui
    saved = tmp_path / "saved"
    overlays = noise_images(saved / "overlays", [f"img{i}.jpg" for i in range(3)])
    _failed_run(qtbot, window, controller, language, tiny_model_file, overlays, saved)
    assert _said(qtbot, window, controller) == expected.format(overlays)


def _export(qtbot, window, controller, model, images, out):
    load(qtbot, window, controller, model, images)
    answer_file_dialog(qtbot, str(out))
    choose_menu_item(qtbot, window, _menu(window, window.file_menu), window.export_model)
    qtbot.waitUntil(lambda: bool(controller.warnings), timeout=WAIT)
    (told,) = controller.warnings
    assert told in window.log.toPlainText() and window.export_model.isEnabled()
    return told


@pytest.mark.parametrize("language, expected", [
    ("en", "{0} already exists: export again and choose another name, or choose that file to replace it"),
    ("zh_CN", "{0} 已存在：请重新导出并另起一个名称，或选择该文件以替换它")])
def test_exporting_over_a_file_the_dialog_did_not_see(qtbot, gui, tiny_model_file, tmp_path, language, expected):
    """A name typed without its extension: the dialog did not ask about the .onnx file of that name, so it is kept,
    and the window says how to replace it from the window (core: "… pass --overwrite to replace it")."""
    window, controller = gui
    if language != "en":
        choose_language(qtbot, window, language)
    existing = tmp_path / "tiny.onnx"
    existing.write_text("an earlier export")
    told = _export(qtbot, window, controller, tiny_model_file, _images(tmp_path, 3), tmp_path / "tiny")
    assert told == expected.format(existing) and "--" not in told
    assert existing.read_text() == "an earlier export"


@pytest.mark.parametrize("language, expected", [
    ("en", "the model was not exported: the disk is full (writing to {0}); free some space and export again"),
    ("zh_CN", "模型未导出：磁盘已满（写入 {0} 时）；请腾出一些空间后重新导出")])
def test_exporting_to_a_full_disk(qtbot, gui, tiny_model_file, tmp_path, monkeypatch, language, expected):
    """It said "No space left on device" alone, in English."""
    window, controller = gui
    if language != "en":
        choose_language(qtbot, window, language)
    out = tmp_path / "exported" / "tiny.onnx"
    out.parent.mkdir()
    fill_at("tiny.onnx", setattr=monkeypatch.setattr)
    told = _export(qtbot, window, controller, tiny_model_file, _images(tmp_path, 3), out)
    assert told == expected.format(out.parent)
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("english", [
    "the disk is full (writing to /x/y): stopped after 3 of 50 images; the results of the 3 finished images are not "
    "written; nothing of this run was left in /x/y; free some space and run again",
    "the disk is full (writing to /x/y): all 8 images classified; results of all 8 images are in /x/y (8 of them "
    "without an overlay: there was no room); free some space and run again",
    "the disk is full (writing to /x/y): stopped after 0 of 1 image; the results of the 0 finished images are not "
    "written; the earlier results in /x/y are kept unchanged; free some space and run again",
    "the disk is full (writing to /x/y): the 1 image classified; results of the 1 image are in /x/y; free some space "
    "and run again",
    "the disk is full (writing to /x/y); nothing was classified",
    "cannot write to /x/y: Permission denied; nothing was classified",
    "cannot write to /x/y: Read-only file system: all 4 images classified; this run's results are kept in "
    "/x/y/kept instead",
    "the output folder /x/y lies inside /x, which is a file, not a folder: choose a folder (a new one is created)",
    "/x/y/overlays/a.jpg was not written by an earlier run, and this run would write its overlays under that name: "
    "move it, or choose another save folder",
    "/x/y/overlays holds 1 file that no earlier GradLens run wrote (e.g. a.jpg), and a run saves its overlays there: "
    "choose another save folder, or move that folder",
    "input not found: /x/y"])
def test_the_shapes_no_window_run_here_reaches_are_said_in_chinese(english):
    """The shapes a GUI test here does not make (a disk full at another moment, a folder not writable): no English
    word is left in Chinese, and in English no command-line option."""
    by_source = read_ts(ts_path("zh_CN"))[1]
    chinese = failure_said(english, lambda text: by_source[text])
    assert not ENGLISH.search(chinese.replace("/x/y", "")), chinese
    assert "--" not in failure_said(english, lambda text: text)
