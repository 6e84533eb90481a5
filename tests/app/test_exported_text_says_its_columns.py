"""File → Export Results… as text: the file says which model, which folder, when, and what its columns
are, before the rows (a reader was left to guess what "0.874" was); the CSV stays as it was, its
first row naming its columns."""
import csv
import re

from tests.app.test_main_window import WAIT, folder, load, run_all  # noqa: F401 -- folder is a fixture
from tests.user import answer_file_dialog, choose_menu_item

CSV_COLUMNS = ["path", "predicted", "probability", "top_k", "true_class", "correct", "cam_target", "heatmap",
               "heatmap_note", "error"]


def test_the_exported_text_opens_with_what_it_is(qtbot, gui, tiny_model_file, folder, tmp_path):  # noqa: F811
    window, controller = gui
    load(qtbot, window, controller, tiny_model_file, folder)
    run_all(qtbot, window, controller)
    for name in ("results.txt", "results.csv"):
        answer_file_dialog(qtbot, str(tmp_path / name))
        choose_menu_item(qtbot, window, "File", window.export)
        qtbot.waitUntil((tmp_path / name).exists, timeout=WAIT)

    lines = (tmp_path / "results.txt").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"GradLens results — \d{4}-\d\d-\d\d \d\d:\d\d", lines[0])
    assert lines[1] == f"model: {tiny_model_file}" and lines[2] == f"input: {folder}"
    assert lines[3] == "classes: cat, dog, bird"
    assert lines[4] == ("columns: file, predicted class, its probability (0-1), ✓ right or ✗ wrong against the "
                        "folder's class (true class when wrong); a file that cannot be read: UNREADABLE and why")
    assert lines[5] == ""
    assert re.match(r"bird/img0\.png +\w+ +0\.\d{3}  [✓✗]", lines[6])  # the rows, in the columns said

    with (tmp_path / "results.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == CSV_COLUMNS and len(rows) == 14  # the names, then one row per file: unchanged
