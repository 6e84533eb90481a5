"""ResultsPanel: signals and browse order speak run indices, whatever the sort and the filters."""
import time

import pytest
from PyQt5.QtCore import QPoint, Qt
from PyQt5.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QTableView, QToolButton

from tests.user import click
from ui.viewer.result_row import ResultRow
from ui.viewer.results_model import COL_CORRECT, COL_ERROR, COL_FILE, COL_PREDICTED, COL_PROBABILITY, COL_TRUE
from ui.viewer.results_panel import ResultsPanel

NAMES = ["T-shirt", "Trouser", "Ankle boot"]


def make_rows(n, start=0):
    """Run index i has probability ((i * 37) % 100) / 100 so sorting shuffles them; every 10th unreadable."""
    rows = []
    for i in range(start, start + n):
        true = NAMES[i % 3]
        if i % 10 == 9:
            rows.append(ResultRow(i, f"{true}/{i}.png", f"/d/{true}/{i}.png", None, None, true, "truncated"))
        else:
            predicted = true if i % 4 else NAMES[(i + 1) % 3]
            rows.append(ResultRow(i, f"{true}/{i}.png", f"/d/{true}/{i}.png", predicted,
                                  ((i * 37) % 100) / 100, true, None, [(predicted, 0.5)]))
    return rows


@pytest.fixture
def panel(qtbot):
    widget = ResultsPanel()
    qtbot.addWidget(widget)
    widget.set_class_names(NAMES)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    rows = make_rows(60)
    for start in range(0, 60, 16):
        widget.append_rows(rows[start:start + 16])
    return widget


def by_probability(n=60):
    rows = [r for r in make_rows(n)]
    return [r.index for r in sorted(rows, key=lambda r: -1 if r.probability is None else r.probability,
                                    reverse=True)]


def click_row(qtbot, panel, view_row, double=False):
    view = panel.view
    rect = view.visualRect(view.model().index(view_row, COL_FILE))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    if double:  # a real double-click is press, release, double-click
        qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())


def test_signals_carry_run_indices_after_sorting(qtbot, panel):
    panel.view.sortByColumn(COL_PROBABILITY, Qt.DescendingOrder)
    order = by_probability()
    assert panel.visible_indices() == order
    with qtbot.waitSignal(panel.currentRowChanged) as moved:
        click_row(qtbot, panel, 2)
    assert moved.args == [order[2]]
    with qtbot.waitSignal(panel.rowActivated) as activated:
        click_row(qtbot, panel, 3, double=True)
    assert activated.args == [order[3]]
    with qtbot.waitSignal(panel.currentRowChanged) as moved:
        qtbot.keyClick(panel.view, Qt.Key_Down)
    assert moved.args == [order[4]]
    with qtbot.waitSignal(panel.rowActivated) as activated:
        qtbot.keyClick(panel.view, Qt.Key_Return)
    assert activated.args == [order[4]]


def test_only_the_user_moves_the_row_on_screen(qtbot, panel):
    """A filter hiding the current row, a sort, rows arriving from a run: the view's current row moves, but
    the image on screen must not follow (only a click or a key of the user's moves it)."""
    with qtbot.waitSignal(panel.currentRowChanged) as moved:
        click_row(qtbot, panel, 3)
    assert moved.args == [3]
    with qtbot.assertNotEmitted(panel.currentRowChanged):
        header = panel.view.horizontalHeader()
        qtbot.mouseClick(header.viewport(), Qt.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(COL_PROBABILITY) + 5, header.height() // 2))
        panel.append_rows(make_rows(20, start=60))
        panel.findChild(QComboBox, "correctness").setCurrentIndex(3)  # Unreadable: row 3 is hidden
    assert panel.visible_indices() == [9, 19, 29, 39, 49, 59, 69, 79]
    with qtbot.waitSignal(panel.currentRowChanged) as moved:
        click_row(qtbot, panel, 1)
    assert moved.args == [19]


def test_visible_indices_follow_sort_and_filters(qtbot, panel):
    assert panel.visible_indices() == list(range(60))
    panel.view.sortByColumn(COL_PROBABILITY, Qt.DescendingOrder)
    with qtbot.waitSignal(panel.filtersChanged):
        panel.findChild(QComboBox, "predicted").setCurrentIndex(NAMES.index("Trouser") + 1)
    rows = {r.index: r for r in make_rows(60)}
    expected = [i for i in by_probability() if rows[i].predicted == "Trouser"]
    assert panel.visible_indices() == expected
    assert panel.findChild(type(panel._count), "count").text() == f"{len(expected)} of 60 shown"
    panel.append_rows(make_rows(20, start=60))  # streamed rows are filtered and sorted too
    rows.update({r.index: r for r in make_rows(20, start=60)})
    shown = panel.visible_indices()
    assert sorted(shown) == sorted(i for i, r in rows.items() if r.predicted == "Trouser")
    probabilities = [rows[i].probability for i in shown]
    assert probabilities == sorted(probabilities, reverse=True)


def test_search_confidence_and_correctness_widgets(qtbot, panel):
    with qtbot.waitSignal(panel.filtersChanged):  # the search waits for a typing pause
        panel.findChild(QLineEdit, "search").setText("TROUSER/1")
    assert panel.visible_indices() == [1, 10, 13, 16, 19]
    panel.clear_filters()
    low, high = panel.findChild(QDoubleSpinBox, "confidenceMin"), panel.findChild(QDoubleSpinBox, "confidenceMax")
    high.setValue(50.0)
    low.setValue(60.0)  # min above max drags max along
    assert high.value() == 60.0
    assert all(((i * 37) % 100) == 60 for i in panel.visible_indices())
    low.setValue(0.0)
    high.setValue(100.0)
    with qtbot.waitSignal(panel.filtersChanged):
        panel.findChild(QComboBox, "correctness").setCurrentIndex(3)  # Unreadable
    assert panel.visible_indices() == [9, 19, 29, 39, 49, 59]


def test_select_index_after_sorting_selects_and_scrolls(qtbot, panel):
    panel.append_rows(make_rows(440, start=60))
    panel.view.sortByColumn(COL_PROBABILITY, Qt.AscendingOrder)
    target = panel.visible_indices()[-3]  # near the bottom, off screen
    with qtbot.assertNotEmitted(panel.currentRowChanged):  # no echo to the caller
        assert panel.select_index(target)
    current = panel.view.currentIndex()
    assert current.row() == len(panel.visible_indices()) - 3
    assert panel.view.selectionModel().isRowSelected(current.row(), current.parent())
    assert panel.view.viewport().rect().contains(panel.view.visualRect(current))
    panel.filter_cell("Trouser", "Trouser")
    assert not panel.select_index(0)  # a T-shirt: filtered out
    assert not panel.select_index(10_000)


def test_selection_survives_sorting(qtbot, panel):
    panel.select_index(7)
    panel.view.sortByColumn(COL_PROBABILITY, Qt.DescendingOrder)
    current = panel.view.currentIndex()
    assert panel.visible_indices()[current.row()] == 7


def test_cell_filter_chip(qtbot, panel):
    chip = panel.findChild(QToolButton, "cellFilter")
    assert not chip.isVisible()
    with qtbot.waitSignal(panel.filtersChanged):
        panel.filter_cell("Trouser", "Ankle boot")
    assert chip.isVisible() and chip.text() == "cell filter: true Trouser → predicted Ankle boot  ✕"
    rows = make_rows(60)
    assert panel.visible_indices() == [r.index for r in rows
                                       if (r.true_class, r.predicted) == ("Trouser", "Ankle boot")]
    with qtbot.waitSignal(panel.filtersChanged):
        qtbot.mouseClick(chip, Qt.LeftButton)
    assert not chip.isVisible() and panel.visible_indices() == list(range(60))


def test_unlabelled_hides_true_class_columns_and_filters(qtbot, panel):
    panel.findChild(QComboBox, "trueClass").setCurrentIndex(1)
    correctness = panel.findChild(QComboBox, "correctness")
    correctness.setCurrentIndex(1)  # Correct
    panel.set_labelled(False)
    assert panel.view.isColumnHidden(COL_TRUE) and panel.view.isColumnHidden(COL_CORRECT)
    assert not panel.findChild(QComboBox, "trueClass").isVisible()
    assert correctness.currentIndex() == 0 and not correctness.model().item(1).isEnabled()
    assert panel.visible_indices() == list(range(60))
    panel.set_labelled(True)
    assert not panel.view.isColumnHidden(COL_TRUE) and correctness.model().item(1).isEnabled()


def test_third_header_click_restores_run_order(qtbot, panel):
    header = panel.view.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(COL_PROBABILITY) + 5, header.height() // 2)
    with qtbot.waitSignal(panel.filtersChanged):  # a new browse order
        qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=point)
    def probabilities():
        return [((i * 37) % 100) for i in panel.visible_indices() if i % 10 != 9]
    assert probabilities() == sorted(probabilities())  # first click: ascending
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=point)
    assert probabilities() == sorted(probabilities(), reverse=True)  # second click: descending
    with qtbot.waitSignal(panel.filtersChanged):
        qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=point)
    assert panel.visible_indices() == list(range(60))
    assert header.sortIndicatorSection() == -1


def test_clear_and_100k_rows_while_shown(qtbot, panel):
    panel.clear()
    assert panel.visible_indices() == []
    panel.view.sortByColumn(COL_PROBABILITY, Qt.DescendingOrder)
    rows = make_rows(100_000)
    start = time.perf_counter()
    for first in range(0, len(rows), 256):
        panel.append_rows(rows[first:first + 256])
        if first % 8192 == 0:
            qtbot.wait(1)  # let the view paint now and then, as the event loop would
    elapsed = time.perf_counter() - start
    with qtbot.waitSignal(panel.filtersChanged):
        panel.findChild(QComboBox, "correctness").setCurrentIndex(3)
    print(f"\n100,000 rows into a sorted, shown panel: {elapsed:.2f} s; filtered: "
          f"{time.perf_counter() - start - elapsed:.2f} s")
    assert len(panel.visible_indices()) == 10_000
    assert panel.select_index(99_999)


def test_where_every_column_fits_nothing_scrolls_sideways(qtbot, panel):
    """The table beside the metrics at the main window's default size is ~530 px wide: the File column at a
    third of it pushed the Error title off the edge, behind a sideways scroll bar, with room to spare."""
    view = panel.findChild(QTableView, "results")
    header = view.horizontalHeader()
    others = sum(view.columnWidth(col) for col in (COL_PREDICTED, COL_PROBABILITY, COL_TRUE, COL_CORRECT))
    width = (others + header.sectionSizeHint(COL_ERROR) + view.fontMetrics().horizontalAdvance("x" * 14)
             + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth() + 40)  # 40 px to spare
    panel.resize(width, 400)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=2000)  # as soon as it is laid out
    assert header.sectionSize(COL_ERROR) >= header.sectionSizeHint(COL_ERROR)


def test_clearing_the_filters_hides_the_search_fields_own_clear_button(qtbot, panel):
    """Its ⓧ stayed on an empty field after a new folder cleared the filters (signals were blocked)."""
    search = panel.findChild(QLineEdit, "search")
    qtbot.keyClicks(search, "Trouser")
    qtbot.waitUntil(lambda: any(b.isVisible() for b in search.findChildren(QToolButton)))
    clear = panel.findChild(QToolButton, "clearFilters")
    qtbot.waitUntil(clear.isVisible)  # once the search has applied, after a typing pause
    click(qtbot, clear)
    assert search.text() == ""
    qtbot.waitUntil(lambda: not any(b.isVisible() for b in search.findChildren(QToolButton)))
