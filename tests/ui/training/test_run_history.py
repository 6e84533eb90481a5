"""RunHistory: newest first, value sorting, Open/Resume/Refresh and their enabled states."""
from datetime import datetime, timezone

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QLabel, QPushButton

from ui.training.run_history import COL_DATE, COL_STATUS, COL_TEST, COL_VAL, RunHistory

RUNS = [
    {"path": "/runs/a", "name": "20250101-101500-resnet18", "model": "resnet18", "epochs": 10,
     "best_val_acc": 0.913, "test_accuracy": 0.908, "finished": True, "date": "2025-01-01T10:15:00"},
    {"path": "/runs/b", "name": "20250302-090000-vit_b_16", "model": "vit_b_16", "epochs": 3,
     "best_val_acc": 0.71, "test_accuracy": None, "finished": False,
     "date": datetime(2025, 3, 2, 9, 0).timestamp()},
    {"path": "/runs/c", "name": "20250215-183000-efficientnet_b0", "model": "efficientnet_b0", "epochs": 30,
     "best_val_acc": 0.941, "test_accuracy": 0.939, "finished": True, "date": datetime(2025, 2, 15, 18, 30)},
    {"path": "/runs/d", "name": "odd", "model": "resnet18", "epochs": None, "best_val_acc": None,
     "test_accuracy": None, "finished": False, "date": "not a date"},
]


@pytest.fixture
def history(qtbot):
    widget = RunHistory()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    widget.set_runs(RUNS)
    return widget


def button(history, name):
    return history.findChild(QPushButton, name)


def cell(history, row, col):
    return history.view.model().index(row, col).data()


def test_newest_first_and_unknown_dates_last(history):
    assert history.paths() == ["/runs/b", "/runs/c", "/runs/a", "/runs/d"]
    assert cell(history, 0, COL_DATE) == "2025-03-02 09:00"
    assert cell(history, 3, COL_DATE) == "not a date"


def test_values_are_formatted_and_sort_as_numbers(history):
    assert [cell(history, r, COL_VAL) for r in range(4)] == ["71.0 %", "94.1 %", "91.3 %", "—"]
    assert cell(history, 0, COL_TEST) == "—" and cell(history, 0, COL_STATUS) == "Not finished"
    history.view.sortByColumn(COL_VAL, Qt.DescendingOrder)
    assert history.paths() == ["/runs/c", "/runs/a", "/runs/b", "/runs/d"]


def test_aware_and_naive_dates_mix(history):
    runs = [{**RUNS[0], "path": "/utc", "date": datetime(2030, 1, 1, tzinfo=timezone.utc).isoformat()},
            {**RUNS[0], "path": "/old", "date": "2001-01-01"}] + RUNS
    history.set_runs(runs)
    assert history.paths()[0] == "/utc" and history.paths()[-2:] == ["/old", "/runs/d"]


def test_buttons_follow_the_selection(history):
    assert not button(history, "open").isEnabled() and not button(history, "resume").isEnabled()
    history.select_path("/runs/a")
    assert button(history, "open").isEnabled() and not button(history, "resume").isEnabled()
    history.select_path("/runs/b")
    assert button(history, "resume").isEnabled()


def test_open_resume_refresh_signals(qtbot, history):
    history.select_path("/runs/b")
    with qtbot.waitSignal(history.openRequested, timeout=1000) as opened:
        button(history, "open").click()
    assert opened.args == ["/runs/b"]
    with qtbot.waitSignal(history.resumeRequested, timeout=1000) as resumed:
        button(history, "resume").click()
    assert resumed.args == ["/runs/b"]
    with qtbot.waitSignal(history.refreshRequested, timeout=1000):
        button(history, "refresh").click()


def test_double_click_opens(qtbot, history):
    view = history.view
    rect = view.visualRect(view.model().index(1, COL_DATE))
    with qtbot.waitSignal(history.openRequested, timeout=1000) as opened:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    assert opened.args == ["/runs/c"]


def test_refill_keeps_the_selection_and_empty_state(history):
    history.select_path("/runs/c")
    history.set_runs(list(reversed(RUNS)))
    assert history.selected_path() == "/runs/c"
    history.set_runs([])
    assert history.paths() == [] and not history.view.isVisible()
    assert history.findChild(QLabel, "empty").isVisible()
    assert not button(history, "open").isEnabled() and button(history, "refresh").isEnabled()


def test_columns_fit_the_width(history):
    for width in (900, 600):
        history.resize(width, 400)
        view = history.view
        total = sum(view.columnWidth(c) for c in range(view.model().columnCount()))
        assert total <= view.viewport().width() or width < 700
    assert all(history.view.model().headerData(c, Qt.Horizontal, Qt.ToolTipRole) for c in range(7))
