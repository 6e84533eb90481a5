"""The Runs tab fits the width the training window gives it, in English and Chinese: at 1000×650 it cut the run
names to "2026…et18", cut the status off and scrolled sideways. Now no column but the name and the model is ever
cut, a name keeps its end (the time and the model; the Date column has its start) and its tooltip has it whole,
and a wide window shows everything whole."""
from datetime import datetime

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtGui import QFont
from PyQt5.QtWidgets import QApplication, QStyle

from app.i18n import install_translator
from ui.training.run_history import COL_DATE, COL_MODEL, COL_NAME, COL_STATUS, RunHistory

YEAR = datetime.now().year
RUNS = [
    {"path": f"/runs/{YEAR}1203-225732-resnet18", "name": f"{YEAR}1203-225732-resnet18", "model": "resnet18",
     "epochs": 3, "best_val_acc": 1.0, "test_accuracy": None, "finished": False, "date": f"{YEAR}-12-03T22:58"},
    {"path": f"/runs/{YEAR}1203-225550-small_resnet_l", "name": f"{YEAR}1203-225550-small_resnet_l",
     "model": "small_resnet_l", "epochs": 100, "best_val_acc": 1.0, "test_accuracy": 1.0, "finished": True,
     "date": f"{YEAR}-12-03T22:55"},
    {"path": f"/runs/{YEAR}1203-223816-mobilenet_v3_small", "name": f"{YEAR}1203-223816-mobilenet_v3_small",
     "model": "mobilenet_v3_small", "epochs": 1, "best_val_acc": 0.5, "test_accuracy": 0.5, "finished": True,
     "date": f"{YEAR}-12-03T22:38"},
]
# The Runs tab's width in the training window on a 1000×650 and a 1600×1000 screen, in the desktop's 9-point font.
NARROW, WIDE = 584, 820


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qtbot):
    app = QApplication.instance()
    install_translator(app, request.param)
    yield request.param
    install_translator(app, "en")


def runs_tab(qtbot, width):
    history = RunHistory()
    qtbot.addWidget(history)
    history.setFont(QFont("Sans Serif", 9))
    history.resize(width, 400)
    history.show()
    qtbot.waitExposed(history)
    history.set_runs(RUNS)
    return history


def header_fits(history, col):
    view = history.view
    margins = 2 * (view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1)
    words = view.model().headerData(col, Qt.Horizontal)
    return view.fontMetrics().horizontalAdvance(words) + margins <= view.columnWidth(col)


def test_at_1000_by_650_nothing_scrolls_sideways_and_only_names_are_cut_at_their_start(qtbot, language):
    history = runs_tab(qtbot, NARROW)
    view = history.view
    assert sum(view.columnWidth(col) for col in range(7) if not view.isColumnHidden(col)) <= view.viewport().width()
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=5000)  # laid out after the event
    assert view.isColumnHidden(COL_MODEL)  # every name ends with its model: no column of "resn…"
    for row, run in enumerate(RUNS):
        for col in (c for c in range(7) if c != COL_MODEL):
            text = view.model().index(row, col).data()
            if col == COL_DATE:  # this year's date may lose its year where room is short; it is never cut
                assert history.shown_text(row, col) in (text, text[5:])
            elif col == COL_NAME:  # the name's end: the time and the model
                assert history.shown_text(row, col) == text or history.shown_text(row, col).startswith("…")
                assert history.shown_text(row, col).endswith(f"{run['name'][-len(run['model']) - 4:]}")
                assert view.model().index(row, col).data(Qt.ToolTipRole) == run["path"]
            else:
                assert history.shown_text(row, col) == text
    assert all(header_fits(history, col) for col in range(7) if col not in (COL_MODEL, COL_DATE))


def test_a_model_no_name_says_keeps_its_column(qtbot, language):
    evaluation = {"path": "/runs/e", "name": f"{YEAR}1204-101500-eval-best-on-clothes_test", "model": "resnet18",
                  "epochs": 10, "best_val_acc": None, "test_accuracy": 0.983, "finished": True, "kind": "evaluation",
                  "data": "/data/clothes_test", "date": f"{YEAR}-12-04T10:15"}
    history = runs_tab(qtbot, NARROW)
    history.set_runs(RUNS + [evaluation])
    view = history.view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=5000)
    assert not view.isColumnHidden(COL_MODEL) and header_fits(history, COL_MODEL)
    assert history.shown_text(history.paths().index("/runs/e"), COL_STATUS) == view.model().index(
        history.paths().index("/runs/e"), COL_STATUS).data()


def test_at_1600_by_1000_everything_is_whole(qtbot, language):
    history = runs_tab(qtbot, WIDE)
    view = history.view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=5000)
    for row in range(len(RUNS)):
        for col in range(7):
            assert history.shown_text(row, col) == view.model().index(row, col).data()
    assert all(header_fits(history, col) for col in range(7))
