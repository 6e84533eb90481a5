"""ReportView: reads a run's report/ folder as core.reporting.report writes it (made here by hand: ui tests
do not import core) and shows its numbers, table, clickable matrix and figures."""
import csv
import json
import threading

import numpy as np
import pytest
from PIL import Image
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QLabel

from ui.training import report_view
from ui.training.report_view import ReportView

NAMES = ["cat", "dog", "bird"]
CONFUSION = [[5, 1, 0], [2, 3, 0], [0, 0, 0]]   # no bird in the test set: its AUC/AP are undefined
PER_CLASS = [
    {"class": "cat", "precision": 5 / 7, "recall": 5 / 6, "f1": 0.7692307692307693, "support": 6,
     "auc": 0.9, "ap": 0.85},
    {"class": "dog", "precision": 0.75, "recall": 0.6, "f1": 0.6666666666666666, "support": 5,
     "auc": 0.8, "ap": 0.7},
    {"class": "bird", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "auc": None, "ap": None},
]
PNG_SIZES = {"curves.png": (300, 186), "confusion_matrix.png": (200, 100), "roc.png": (240, 150),
             "pr.png": (240, 150), "most_confident_wrong.png": (180, 120), "summary.png": (320, 190)}


def metrics_document() -> dict:
    """metrics.json as core.reporting.report.write_report writes it (compute_metrics, NaN -> null)."""
    return {
        "accuracy": 8 / 11, "macro_precision": 0.7321428571428572, "macro_recall": 0.7166666666666667,
        "macro_f1": 0.717948717948718, "weighted_precision": 0.7305194805194806, "weighted_recall": 8 / 11,
        "weighted_f1": 0.7226107226107227, "macro_auc": 0.85, "micro_auc": 0.87, "macro_ap": 0.775,
        "micro_ap": 0.8, "n_test": 11, "n_classes": 3, "epochs": 12, "class_names": NAMES,
        "per_class": PER_CLASS, "confusion": CONFUSION,
    }


def write_per_class_csv(path, rows):
    """As core.reporting.report.per_class_csv: 6 decimals, undefined values 'n/a'."""
    def cell(value):
        return "n/a" if value is None else f"{value:.6f}"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["class", "precision", "recall", "f1", "support", "auc", "ap"])
        for r in rows:
            writer.writerow([r["class"], cell(r["precision"]), cell(r["recall"]), cell(r["f1"]), r["support"],
                             cell(r["auc"]), cell(r["ap"])])


@pytest.fixture
def make_run(tmp_path):
    def make(name="run_1", *, best=True, config=True, csv_file=True, pngs=tuple(PNG_SIZES)):
        run = tmp_path / name
        report = run / "report"
        report.mkdir(parents=True)
        rng = np.random.default_rng(0)
        for png in pngs:
            width, height = PNG_SIZES[png]
            Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8)).save(report / png)
        if csv_file:
            write_per_class_csv(report / "per_class.csv", PER_CLASS)
        (report / "per_class.txt").write_text("table\n", encoding="utf-8")
        (report / "metrics.json").write_text(json.dumps(metrics_document(), indent=2), encoding="utf-8")
        if config:
            (run / "config.json").write_text(json.dumps({"model": "resnet18", "epochs": 12}), encoding="utf-8")
        if best:
            (run / "best.pt").write_bytes(b"weights")
        return run
    return make


@pytest.fixture
def view(qtbot):
    widget = ReportView()
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_header_numbers_match_the_json(view, make_run):
    assert view.load(str(make_run()))
    assert view.message() is None
    assert view.summary() == {"accuracy": "72.7 %", "macro_f1": "0.718", "macro_auc": "0.850", "n_test": "11",
                              "n_classes": "3", "epochs": "12", "model": "resnet18"}
    assert view.findChild(QLabel, "value_accuracy").isVisible()
    assert "resnet18" in view.findChild(QLabel, "title").text()


def test_header_without_config_or_auc(view, make_run, tmp_path):
    run = make_run(config=False)
    document = metrics_document()
    document["macro_auc"] = None      # no class had both positives and negatives
    (run / "report" / "metrics.json").write_text(json.dumps(document), encoding="utf-8")
    assert view.load(str(run))
    assert view.summary()["macro_auc"] == "—"
    assert "model" not in view.summary()


def test_table_rows_and_sorting(view, make_run):
    view.load(str(make_run()))
    table = view.table
    assert table.rowCount() == 3
    texts = [[table.item(r, c).text() for c in range(7)] for r in range(3)]
    assert texts[0] == ["cat", "0.714", "0.833", "0.769", "6", "0.900", "0.850"]
    assert texts[2] == ["bird", "0.000", "0.000", "0.000", "0", "—", "—"]
    table.sortItems(5, Qt.DescendingOrder)       # AUC, best first; n/a last
    assert [table.item(r, 0).text() for r in range(3)] == ["cat", "dog", "bird"]
    table.sortItems(4, Qt.AscendingOrder)        # support, numerically
    assert [table.item(r, 0).text() for r in range(3)] == ["bird", "dog", "cat"]


def test_table_from_json_when_csv_is_missing(view, make_run):
    assert view.load(str(make_run(csv_file=False)))
    assert [view.table.item(r, 3).text() for r in range(3)] == ["0.769", "0.667", "0.000"]
    assert view.table.item(2, 6).text() == "—"


def test_clicking_a_matrix_cell_emits_class_names(qtbot, view, make_run):
    view.load(str(make_run()))
    view.tabs.setCurrentIndex(0)
    matrix = view.matrix
    qtbot.waitUntil(matrix.isVisible)
    assert matrix._counts.tolist() == CONFUSION
    for i, j in [(1, 0), (0, 1), (2, 2)]:
        with qtbot.waitSignal(view.cellClicked) as clicked:
            qtbot.mouseClick(matrix, Qt.LeftButton, pos=matrix.cell_rect(i, j).center())
        assert clicked.args == [NAMES[i], NAMES[j]]


def test_use_this_model_emits_best_pt(qtbot, view, make_run):
    run = make_run()
    view.load(str(run))
    button = view.findChild(type(view._use_button), "useModel")
    assert button.isEnabled()
    with qtbot.waitSignal(view.useModelRequested) as requested:
        qtbot.mouseClick(button, Qt.LeftButton)
    assert requested.args == [str(run / "best.pt")]


def test_use_this_model_disabled_without_best_pt(view, make_run):
    view.load(str(make_run(best=False)))
    assert not view.findChild(type(view._use_button), "useModel").isEnabled()


def test_open_report_folder(qtbot, view, make_run, monkeypatch):
    opened = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url):
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(report_view, "QDesktopServices", FakeDesktop)
    run = make_run()
    view.load(str(run))
    qtbot.mouseClick(view.findChild(type(view._open_button), "openFolder"), Qt.LeftButton)
    assert opened == [str(run / "report")]


def test_open_report_folder_without_a_file_manager_says_where_the_report_is(qtbot, view, make_run, monkeypatch):
    """It did nothing at all: the only trace was a line on the terminal."""
    from PyQt5.QtWidgets import QApplication, QMessageBox

    from tests.user import when_dialog_opens

    class NoFileManager:
        @staticmethod
        def openUrl(url):
            return False

    monkeypatch.setattr(report_view, "QDesktopServices", NoFileManager)
    run = make_run()
    view.load(str(run))
    told = []
    asked = when_dialog_opens(lambda box: (told.append(box.informativeText()),
                                           next(b for b in box.buttons() if b.text() == "Copy Path").click()),
                              QMessageBox)
    qtbot.mouseClick(view.findChild(type(view._open_button), "openFolder"), Qt.LeftButton)
    assert asked == ["No program on this computer opens folders. The report is in:"]
    assert told == [str(run / "report")] and QApplication.clipboard().text() == str(run / "report")


def test_missing_report_shows_a_message(view, tmp_path):
    (tmp_path / "half_run").mkdir()
    (tmp_path / "half_run" / "best.pt").write_bytes(b"weights")
    assert view.load(str(tmp_path / "half_run")) is False
    message = view.findChild(QLabel, "message")
    assert message.isVisible()
    assert "half_run" in message.text() and message.text() == view.message()
    assert view.findChild(type(view._use_button), "useModel").isEnabled()   # best.pt is still usable
    assert not view.findChild(type(view._open_button), "openFolder").isEnabled()


def test_unreadable_metrics_shows_a_message(view, make_run):
    run = make_run()
    (run / "report" / "metrics.json").write_text("{not json", encoding="utf-8")
    assert view.load(str(run)) is False
    assert "cannot be read" in view.message()
    assert view.findChild(QLabel, "message").isVisible()


def test_a_good_load_after_a_failed_one_shows_the_report(view, make_run, tmp_path):
    assert not view.load(str(tmp_path / "nowhere"))
    assert view.load(str(make_run()))
    assert view.message() is None
    assert not view.findChild(QLabel, "message").isVisible()


def test_figures_load_when_their_tab_is_shown(qtbot, view, make_run):
    view.load(str(make_run(pngs=("roc.png", "curves.png"))))
    roc = view.image_panel("roc.png")
    assert roc.current_image_size() is None                 # not decoded until needed
    view.tabs.setCurrentWidget(roc)
    qtbot.waitUntil(lambda: roc.current_image_size() is not None)   # decoded off the GUI thread
    assert roc.current_image_size() == PNG_SIZES["roc.png"]
    missing = view.image_panel("pr.png")
    view.tabs.setCurrentWidget(missing)
    assert missing.current_image_size() is None
    assert "pr.png" in missing.message()


def test_the_report_folder_itself_is_accepted(view, make_run):
    run = make_run()
    assert view.load(str(run / "report"))
    assert view.run_dir() == run
    assert view.best_model_path() == run / "best.pt"


def test_figures_are_decoded_off_the_gui_thread_and_stale_ones_dropped(qtbot, view, make_run, monkeypatch):
    decoded_on = []
    decode = report_view.decode_figure

    def recording_decode(path):
        decoded_on.append(threading.get_ident())
        return decode(path)
    monkeypatch.setattr(report_view, "decode_figure", recording_decode)
    first, second = make_run("first"), make_run("second", pngs=("roc.png",))
    (second / "report" / "roc.png").write_bytes(b"not a png")
    view.load(str(first))
    curves = view.image_panel("curves.png")
    view.tabs.setCurrentWidget(curves)
    assert curves.message() == "Loading…"                   # the tab shows at once; the image follows
    view.load(str(second))                                 # before the first run's figure has arrived
    view.tabs.setCurrentWidget(view.image_panel("roc.png"))
    qtbot.waitUntil(lambda: view.image_panel("roc.png").message() != "Loading…")
    assert "cannot be read" in view.image_panel("roc.png").message()
    qtbot.waitUntil(lambda: len(decoded_on) == 2)
    qtbot.wait(50)                                         # the first run's answer, if it came, was dropped
    assert curves.current_image_size() is None
    assert decoded_on and threading.get_ident() not in decoded_on


def test_a_big_report_is_read_off_the_gui_thread(qtbot, view, make_run, monkeypatch):
    monkeypatch.setattr(report_view, "READ_NOW_BYTES", 0)
    read_on = []
    read = report_view.read_report
    monkeypatch.setattr(report_view, "read_report", lambda run: (read_on.append(threading.get_ident()), read(run))[1])
    assert view.load(str(make_run())) is True               # there is a report; it is on its way
    assert view.message() == "Loading…"
    qtbot.waitUntil(lambda: view.message() is None)
    assert read_on and read_on[0] != threading.get_ident()
    assert view.summary() == {"accuracy": "72.7 %", "macro_f1": "0.718", "macro_auc": "0.850", "n_test": "11",
                              "n_classes": "3", "epochs": "12", "model": "resnet18"}
    qtbot.waitUntil(view.table.isSortingEnabled)
    assert [view.table.item(r, 0).text() for r in range(3)] == ["cat", "dog", "bird"]


def test_a_long_table_is_filled_in_slices(qtbot, view, make_run, monkeypatch):
    monkeypatch.setattr(report_view, "TABLE_SLICE", 2)
    view.load(str(make_run()))
    table = view.table
    assert table.rowCount() == 3 and table.item(1, 0).text() == "dog"
    assert table.item(2, 0) is None and not table.isSortingEnabled()   # the last row comes in the next slice
    qtbot.waitUntil(table.isSortingEnabled)
    assert table.item(2, 0).text() == "bird" and table.item(2, 6).text() == "—"


def test_a_big_unreadable_report_shows_its_message_when_read(qtbot, view, make_run, monkeypatch):
    monkeypatch.setattr(report_view, "READ_NOW_BYTES", 0)
    run = make_run()
    (run / "report" / "metrics.json").write_text("{not json", encoding="utf-8")
    assert view.load(str(run)) is True
    qtbot.waitUntil(lambda: "cannot be read" in (view.message() or ""))


def test_the_title_names_the_model_once(view, make_run):
    """"small_resnet_s — 20261203-160835-small_resnet_s": GradLens names its run folders after the model."""
    title = view._title
    view.load(str(make_run("run_1")))
    assert view._title_text.startswith("resnet18 — run_1")
    view.load(str(make_run("20261203-160835-resnet18")))
    assert view._title_text == "20261203-160835-resnet18" and title.toolTip().endswith("20261203-160835-resnet18")
