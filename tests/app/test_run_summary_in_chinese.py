"""The run's summary in the main window's log follows View → Language: in Chinese it stayed in core's English
("14 files: 13 classified, 1 unreadable", "accuracy 0.3333 on 12 labelled images", the per-class table's headings,
"Stopped after 3 of 400 images: results of the 3 finished images are in …") below Chinese lines."""
import re

import pytest

from tests.app.test_language_menu import choose_language
from tests.app.test_main_window import WAIT, load, noise_images, run_all
from tests.user import answer_file_dialog, choose_menu_item

ENGLISH_WORDS = ("classified", "unreadable", "labelled", "precision", "support", "macro", "finished", "Stopped")


def _menu(window, menu) -> str:
    return menu.title().replace("&", "")


def _choose_save_folder(qtbot, window, folder) -> None:
    answer_file_dialog(qtbot, str(folder))
    choose_menu_item(qtbot, window, _menu(window, window.file_menu), window.save_folder)


def test_a_labelled_folder_with_an_unreadable_file_is_summed_up_in_chinese(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    images = noise_images(tmp_path / "images", [f"{name}/img{i}.png" for name in ("cat", "dog", "bird")
                                                for i in range(4)])
    (images / "dog" / "broken.jpg").write_bytes(b"not a picture")
    choose_language(qtbot, window, "zh_CN")
    load(qtbot, window, controller, tiny_model_file, images)
    saved = tmp_path / "saved"
    _choose_save_folder(qtbot, window, saved)
    run_all(qtbot, window, controller)
    log = window.log.toPlainText()
    summary = log[log.index("13 个文件"):].splitlines()
    assert summary[0] == "13 个文件：12 个已分类，1 个无法读取"
    assert summary[1] == "  无法读取：dog/broken.jpg：不是图像文件（无法识别格式）"
    assert re.fullmatch(r"准确率 0\.\d{4}（12 张带标签的图像）", summary[2]), summary[2]
    header, rows, totals = summary[3], summary[4:7], summary[7:9]
    assert header.split() == ["类别", "精确率", "召回率", "F1", "样本数"]
    assert [row.split()[0] for row in rows] == ["cat", "dog", "bird"]  # class names and numbers as they were
    assert totals[0].startswith("准确率 ") and totals[1].startswith("宏平均 F1 ")
    # The columns still line up as the log shows them: the last column ends where it ends in a class's row, within
    # half a space (a Chinese character, from another font, need not be a whole number of spaces wide).
    metrics = window.log.fontMetrics()
    ends = [metrics.horizontalAdvance(line) for line in (header, totals[0])]
    assert all(abs(end - metrics.horizontalAdvance(rows[0])) <= metrics.horizontalAdvance(" ") / 2 for end in ends)
    assert summary[9] == f"results.csv、results.txt 和叠加图已写入 {saved}"
    assert not [word for word in ENGLISH_WORDS if word in "\n".join(summary[:9])]  # the path has the test's name


def test_a_run_stopped_with_a_save_folder_says_in_chinese_what_it_left(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    many = noise_images(tmp_path / "many", [f"img{i:03d}.png" for i in range(400)], seed=1)
    choose_language(qtbot, window, "zh_CN")
    load(qtbot, window, controller, tiny_model_file, many)
    saved = tmp_path / "saved"
    _choose_save_folder(qtbot, window, saved)
    clicked = []
    controller.classifier.results.connect(lambda rows: clicked or (
        clicked.append(True), choose_menu_item(qtbot, window, _menu(window, window.run_menu), window.stop)))
    run_all(qtbot, window, controller)
    done = len(controller.rows)
    assert 0 < done < 400
    lines = window.log.toPlainText().splitlines()
    assert f"{done} 个文件：{done} 个已分类，0 个无法读取" in lines
    assert f"已停止：完成 {done} / 400 张图像；已完成的 {done} 张图像的结果在 {saved} 中" in lines
    qtbot.waitUntil(lambda: (saved / "results.csv").exists(), timeout=WAIT)
    summary = "\n".join(lines[lines.index(f"{done} 个文件：{done} 个已分类，0 个无法读取"):])
    assert not [word for word in ENGLISH_WORDS if word in summary]


@pytest.mark.parametrize("english", [
    "1 file: 1 classified, 0 unreadable\nheatmaps that show nothing: 2 flat, 1 zero",
    "class      precision  recall     f1  support\ncat            1.000   1.000  1.000        1\n"
    "dog                -       -      -        0\naccuracy                      1.000        1\n"
    "macro F1                      1.000  (mean over the 1 of 2 classes with images)",
    "this run's results of 3 finished images are not written; the earlier results in /x/y are kept unchanged",
    "this run's results of 1 finished image are not written; the earlier results in /x/y are kept unchanged",
    "results of the 1 finished image are in /x/y"])
def test_the_lines_a_run_rarely_ends_with_are_chinese_too(english):
    """Lines the runs above do not reach: maps that show nothing, a class without images, Stop after Replace."""
    from core.ts_file import read_ts, ts_path
    from ui.run_summary_text import outcome_said, summary_said
    said = outcome_said if english.startswith(("this run's", "results of")) else summary_said
    assert said(english, lambda text: text) == english
    by_source = read_ts(ts_path("zh_CN"))[1]
    chinese = said(english, lambda text: by_source.get(text, text))
    assert not set(re.findall(r"[A-Za-z]{3,}", chinese)) - {"cat", "dog"}, chinese
