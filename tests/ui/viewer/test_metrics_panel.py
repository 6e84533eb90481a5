"""MetricsPanel: counts, accuracy and per-class scores match the inputs; cells click through to names."""
import math
import time

import numpy as np
import pytest
from PyQt5.QtCore import QLocale, QPoint, QRect, Qt
from PyQt5.QtGui import QColor, QFont, QPalette
from PyQt5.QtWidgets import QLabel, QStyle

from tests.user import drag
from ui.theme_colours import contrast
from ui.viewer.metrics_panel import ConfusionMatrixView, MetricsPanel, per_class_scores

NAMES = ["cat", "dog", "bird"]
FASHION = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
# (true, predicted) pairs: cat 3 right 1 as dog; dog 2 right 2 as cat; bird 0 right 1 as cat
PAIRS = [("cat", "cat")] * 3 + [("cat", "dog")] + [("dog", "dog")] * 2 + [("dog", "cat")] * 2 + [("bird", "cat")]


@pytest.fixture
def panel(qtbot):
    widget = MetricsPanel()
    qtbot.addWidget(widget)
    widget.set_class_names(NAMES)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_counts_and_accuracy_match_inputs(qtbot, panel):
    assert math.isnan(panel.accuracy())
    assert panel.findChild(type(panel._accuracy), "accuracy").text() == "Accuracy — (n = 0)"
    panel.add_result(*PAIRS[0])
    panel.add_results(PAIRS[1:])
    panel.add_result("cat", None)          # unreadable: no prediction, not counted
    panel.add_result("zebra", "cat")       # not one of the model's classes
    assert panel.counts().tolist() == [[3, 1, 0], [2, 2, 0], [1, 0, 0]]
    assert panel.accuracy() == pytest.approx(5 / 9)
    qtbot.waitUntil(lambda: panel._accuracy.text() == "Accuracy 55.6 % (n = 9)")  # coalesced repaint
    panel.reset()
    assert panel.counts().sum() == 0 and panel._accuracy.text() == "Accuracy — (n = 0)"


def test_per_class_numbers_match_hand_computed(panel):
    panel.add_results(PAIRS)
    panel.flush()
    scores = {row["class"]: row for row in panel.per_class()}
    # cat: TP 3, predicted as cat 3+2+1 = 6, support 4
    assert scores["cat"]["precision"] == pytest.approx(3 / 6)
    assert scores["cat"]["recall"] == pytest.approx(3 / 4)
    assert scores["cat"]["f1"] == pytest.approx(2 * 0.5 * 0.75 / 1.25)
    # dog: TP 2, predicted as dog 1+2 = 3, support 4
    assert scores["dog"]["precision"] == pytest.approx(2 / 3)
    assert scores["dog"]["recall"] == pytest.approx(2 / 4)
    assert scores["dog"]["support"] == 4
    # bird: never predicted, never right: 0/0 precision is 0
    assert (scores["bird"]["precision"], scores["bird"]["recall"], scores["bird"]["f1"]) == (0, 0, 0)
    table = panel.table
    assert [table.item(0, c).text() for c in range(5)] == ["cat", "0.500", "0.750", "0.600", "4"]
    # 0/0 is shown as "—": no image was predicted as bird, so its precision is not 0 but unknown
    assert [table.item(2, c).text() for c in range(5)] == ["bird", "—", "0.000", "0.000", "1"]


def test_before_any_result_the_scores_are_unknown_not_zero(panel):
    """A row of 0.000 before a run, or for a class the folder lacks, read as a model that fails at it."""
    panel.flush()
    assert [[panel.table.item(r, c).text() for c in range(1, 5)] for r in range(3)] == [["—", "—", "—", "0"]] * 3
    panel.add_results([("cat", "cat")])
    panel.flush()
    assert [panel.table.item(1, c).text() for c in range(1, 5)] == ["—", "—", "—", "0"]  # dog: none yet


def test_per_class_scores_of_an_empty_matrix_are_zero():
    precision, recall, f1, support = per_class_scores(np.zeros((3, 3), dtype=np.int64))
    assert precision.tolist() == recall.tolist() == f1.tolist() == [0, 0, 0] and support.tolist() == [0, 0, 0]


MANY = [f"n{i:03d}_some_long_class_name" for i in range(200)]


@pytest.mark.parametrize("names, size", [(NAMES, (700, 500)), (FASHION, (1000, 500)), (FASHION, (420, 300)),
                                         (MANY, (1000, 500))])
def test_clicking_a_cell_emits_its_names(qtbot, panel, names, size):
    panel.set_class_names(names)
    panel.resize(*size)
    panel.add_results([(names[-1], names[0])] * 3)
    panel.flush()
    matrix = panel.matrix
    for i, j in [(0, 0), (len(names) - 1, 0), (1, len(names) - 1)]:
        rect = matrix.cell_rect(i, j)
        assert matrix.rect().contains(rect)
        assert matrix.cell_at(rect.center()) == (i, j)
        with qtbot.waitSignal(panel.cellClicked) as clicked:
            qtbot.mouseClick(matrix, Qt.LeftButton, pos=rect.center())
        assert clicked.args == [names[i], names[j]]
    assert matrix.tooltip_text(len(names) - 1, 0) == f"true {names[-1]} → predicted {names[0]}: 3 images"
    assert matrix.cell_at(QPoint(0, 0)) is None


def test_tooltip_singular(panel):
    panel.add_result("dog", "bird")
    panel.flush()
    assert panel.matrix.tooltip_text(1, 2) == "true dog → predicted bird: 1 image"


def test_100k_results_are_counted_once_and_repaint_is_coalesced(qtbot, panel):
    panel.set_class_names(FASHION)
    rng = np.random.default_rng(0)
    true = rng.integers(0, 10, 100_000)
    predicted = np.where(rng.random(100_000) < 0.9, true, rng.integers(0, 10, 100_000))
    pairs = [(FASHION[t], FASHION[p]) for t, p in zip(true, predicted)]
    refreshes = []
    panel.matrix.update = lambda *a: refreshes.append(1)  # count repaint requests
    start = time.perf_counter()
    for pair in pairs[:50_000]:
        panel.add_result(*pair)
    for first in range(50_000, 100_000, 256):
        panel.add_results(pairs[first:first + 256])
    elapsed = time.perf_counter() - start
    print(f"\n100,000 results added: {elapsed:.2f} s, {len(refreshes)} repaints")
    assert len(refreshes) <= 1  # nothing repainted while adding: the timer has not fired yet
    expected = np.zeros((10, 10), dtype=np.int64)
    np.add.at(expected, (true, predicted), 1)
    assert (panel.counts() == expected).all()
    assert panel.accuracy() == pytest.approx((true == predicted).mean())
    qtbot.waitUntil(lambda: panel._accuracy.text().endswith(f"(n = {QLocale().toString(100_000)})"))


def test_side_by_side_the_table_shows_class_names_whole_until_the_user_moves_the_handle(qtbot):
    """At the main window's default size the panel is ~740 px wide: at a fixed 40 % the table cut
    "Ankle boot" to "Ankle …" while the matrix beside it had room to spare."""
    widget = MetricsPanel()
    qtbot.addWidget(widget)
    widget.resize(800, 300)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_class_names(FASHION)  # the model's classes arrive after the panel is shown
    widget.add_results([(name, name) for name in FASHION] * 100)  # support of 100: a wider column
    widget.flush()
    table = widget.table
    fm = table.fontMetrics()
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(0) > fm.horizontalAdvance("Ankle boot"))
    assert table.horizontalScrollBar().maximum() == 0  # the numbers are whole too
    handle, fitted = widget._splitter.handle(1), widget._splitter.sizes()
    drag(qtbot, handle, QPoint(2, 50), QPoint(150, 50))  # the table narrower, by hand
    dragged = widget._splitter.sizes()
    assert dragged[1] < fitted[1]
    widget.resize(860, 300)
    qtbot.waitUntil(lambda: widget.width() == 860)
    assert widget._splitter.sizes()[1] < dragged[1] + 60 < fitted[1]  # the user's split is kept, not fitted again


def _fashion_counts(n_per_class=400, confused=12):
    counts = np.diag([n_per_class] * len(FASHION)).astype(np.int64)
    counts[9, 9] -= confused
    counts[9, 7] = confused  # Ankle boot taken for Sneaker
    return counts


def test_a_small_confusion_is_visible_and_three_digit_counts_are_written_in_small_cells(qtbot):
    """4,000 images: 12 Ankle boots taken for Sneakers (3 %) was as pale as an empty cell, and no cell had its
    number, the 3-digit counts being too wide for the ~15-px square cells of a wide, short panel."""
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(440, 250)  # the matrix's share of the metrics dock at the main window's default size
    view.set_data(FASHION, _fashion_counts())
    view.show()
    qtbot.waitExposed(view)
    image = view.grab().toImage()
    base = view.palette().color(QPalette.Base)

    def cell_colours(i, j):
        rect = view.cell_rect(i, j).adjusted(2, 2, -2, -2)
        return {image.pixel(x, y) for x in range(rect.left(), rect.right() + 1)
                for y in range(rect.top(), rect.bottom() + 1)}

    assert view.cell_rect(0, 0).height() <= view.fontMetrics().height()  # no taller than a line of text
    confused, empty = QColor(next(iter(cell_colours(9, 7)))), QColor(next(iter(cell_colours(9, 8))))
    assert empty == base and contrast(confused, base) >= 1.3, confused.name()
    assert len(cell_colours(0, 0)) > 2  # "400" written over the fill
    assert len(cell_colours(9, 7)) > 2  # "12" too


def test_a_short_matrix_numbers_its_columns_so_every_row_keeps_its_name_and_its_counts(qtbot):
    """The Metrics tab at 1000×650 left the matrix about 360×150 px: with the names on their side above the
    columns its rows were 7 px high, without counts, and every other row had no name."""
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.setFont(QFont(view.font().family(), 9))  # the desktop's (offscreen Qt's is 12 pt)
    view.resize(360, 150)
    view.set_data(FASHION, _fashion_counts(n_per_class=5, confused=1))
    view.show()
    qtbot.waitExposed(view)
    image = view.grab().toImage()
    background = view.palette().color(QPalette.Window)

    def inked(rect):
        return any(contrast(QColor(image.pixel(x, y)), background) > 3
                   for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))

    for row in range(len(FASHION)):
        cell = view.cell_rect(row, 0)
        name = QRect(0, cell.top(), cell.left() - 25, cell.height())  # left of the row's number
        number = QRect(cell.left() - 22, cell.top(), 20, cell.height())
        assert inked(name) and inked(number), FASHION[row]
    for column in (0, 9):  # the numbers over the columns
        cell = view.cell_rect(0, column)
        assert inked(QRect(cell.left(), cell.top() - 14, cell.width(), 12)), column
    written = view.cell_rect(9, 7).adjusted(2, 2, -2, -2)  # "1" Ankle boot taken for a Sneaker
    assert len({image.pixel(x, y) for x in range(written.left(), written.right() + 1)
                for y in range(written.top(), written.bottom() + 1)}) > 2
    assert view.tooltip_text(9, 7) == "true Ankle boot → predicted Sneaker: 1 image"


def test_the_accuracy_headline_starts_where_the_tables_text_does(qtbot):
    """At 1000×650 the Metrics tab spans the window's left side, and the bold "Accuracy 90.0 %" touched the
    window's border, 4 px left of the class names in the table under it."""
    widget = MetricsPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 500)  # narrow: the table under the matrix, both at the panel's left edge
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_class_names(FASHION)
    widget.add_results([(name, name) for name in FASHION])
    widget.flush()
    table, headline = widget.table, widget.findChild(QLabel, "accuracy")
    assert table.mapTo(widget, QPoint(0, 0)).x() == 0
    cell = table.visualRect(table.model().index(0, 0))
    class_name_x = table.viewport().mapTo(widget, cell.topLeft()).x() + table.style().pixelMetric(
        QStyle.PM_FocusFrameHMargin, None, table) + 1
    headline_x = headline.mapTo(widget, headline.contentsRect().topLeft()).x() + max(headline.indent(), 0)  # -1: none
    assert headline_x == class_name_x > 0
