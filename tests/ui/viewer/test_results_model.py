"""ResultsModel + ResultsFilter: numeric sorting, every filter alone and combined, streaming, 100k rows."""
import random
import time

import pytest
from PyQt5.QtCore import QModelIndex, Qt

from ui.viewer.result_row import ResultRow
from ui.viewer.results_filter import ResultsFilter, sort_keys
from ui.viewer.results_model import COL_CORRECT, COL_FILE, COL_PREDICTED, COL_PROBABILITY, COL_TRUE, ResultsModel, SortRole

# The model tester reports broken signals as Qt warnings: make them failures.

NAMES = ["cat", "dog", "bird"]


def row(index, predicted="cat", probability=0.5, true="cat", error=None, relpath=None):
    relpath = relpath or f"{true or 'x'}/img{index}.png"
    return ResultRow(index, relpath, f"/data/{relpath}", predicted, probability, true, error,
                     [(predicted, probability)] if predicted else [])


def unreadable(index, true="cat"):
    return row(index, None, None, true, "cannot identify image file")


@pytest.fixture
def models(qtmodeltester):
    model = ResultsModel()
    proxy = ResultsFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # keeps checking every signal the proxy emits during the test
    return model, proxy


def shown(proxy):
    """Run indices in view order."""
    return proxy.run_indices()


def column(proxy, col, role=Qt.DisplayRole):
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


def append_in_chunks(model, rows, size):
    for start in range(0, len(rows), size):
        model.append_rows(rows[start:start + size])


def test_probability_sorts_numerically_after_chunks(models):
    model, proxy = models
    rows = [row(0, probability=0.10), row(1, probability=0.095), row(2, probability=0.9),
            unreadable(3), row(4, probability=0.5)]
    append_in_chunks(model, rows, 2)
    proxy.sort(COL_PROBABILITY, Qt.AscendingOrder)
    assert column(proxy, COL_PROBABILITY) == ["", "9.5 %", "10.0 %", "50.0 %", "90.0 %"]
    assert column(proxy, COL_PROBABILITY, SortRole) == [None, 0.095, 0.10, 0.5, 0.9]
    proxy.sort(COL_PROBABILITY, Qt.DescendingOrder)
    assert column(proxy, COL_PROBABILITY) == ["90.0 %", "50.0 %", "10.0 %", "9.5 %", ""]
    # streamed rows land in sorted place while sorted
    model.append_rows([row(5, probability=0.7), row(6, probability=0.01)])
    assert shown(proxy) == [2, 5, 4, 0, 1, 6, 3]
    proxy.sort(-1)
    assert shown(proxy) == [0, 1, 2, 3, 4, 5, 6]


def test_sort_by_correctness_and_text_columns(models):
    model, proxy = models
    model.append_rows([row(0, "dog", true="cat"), row(1, "cat", true=None), row(2, "cat", true="cat"),
                       unreadable(3), row(4, "bird", true="dog")])
    assert column(proxy, COL_CORRECT, SortRole) == [False, None, True, None, False]
    proxy.sort(COL_CORRECT, Qt.AscendingOrder)  # unknown, wrong, right; ties keep arrival order
    assert shown(proxy) == [1, 3, 0, 4, 2]
    assert column(proxy, COL_CORRECT) == ["", "", "✗", "✗", "✓"]
    proxy.sort(COL_CORRECT, Qt.DescendingOrder)
    assert shown(proxy) == [2, 0, 4, 1, 3]
    proxy.sort(COL_PREDICTED, Qt.AscendingOrder)  # None first, then alphabetical
    assert column(proxy, COL_PREDICTED) == ["", "bird", "cat", "cat", "dog"]


def test_file_sort_ignores_case(models):
    model, proxy = models
    model.append_rows([row(0, relpath="b.png"), row(1, relpath="A.png"), row(2, relpath="a2.png")])
    proxy.sort(COL_FILE, Qt.AscendingOrder)
    assert column(proxy, COL_FILE) == ["A.png", "a2.png", "b.png"]


def test_roles(models):
    model, proxy = models
    model.append_rows([row(0, "cat", 0.932, "cat"), row(1, "dog", 0.4, "cat"), unreadable(2)])
    ok, wrong, bad = (proxy.index(r, 0) for r in range(3))
    assert proxy.index(0, COL_PROBABILITY).data() == "93.2 %"
    assert proxy.index(0, COL_PROBABILITY).data(Qt.TextAlignmentRole) & Qt.AlignRight
    assert ok.sibling(0, COL_CORRECT).data() == "✓" and wrong.sibling(1, COL_CORRECT).data() == "✗"
    green = ok.sibling(0, COL_CORRECT).data(Qt.ForegroundRole).color()
    red = wrong.sibling(1, COL_CORRECT).data(Qt.ForegroundRole).color()
    assert green.green() > green.red() and red.red() > red.green()
    assert bad.data(Qt.ForegroundRole).color() == red  # unreadable file in red
    assert bad.data(Qt.ToolTipRole) == "/data/cat/img2.png\ncannot identify image file"
    assert bad.sibling(2, 5).data() == "cannot identify image file"
    assert ok.data(Qt.ToolTipRole) == "/data/cat/img0.png"
    assert "cat: 93.2 %" in ok.sibling(0, COL_PREDICTED).data(Qt.ToolTipRole)
    model.set_labelled(False)
    assert ok.sibling(0, COL_TRUE).data() == "" and ok.sibling(0, COL_CORRECT).data() == ""
    assert model.headerData(COL_PROBABILITY, Qt.Horizontal) == "Probability"
    assert proxy.headerData(COL_PROBABILITY, Qt.Horizontal) == "Probability"


@pytest.fixture
def mixed(models):
    model, proxy = models
    model.append_rows([
        row(0, "cat", 0.95, "cat", relpath="cat/Tabby.PNG"),
        row(1, "dog", 0.60, "cat", relpath="cat/tabby_2.png"),
        row(2, "dog", 0.80, "dog", relpath="dog/rex.png"),
        row(3, "bird", 0.30, "dog", relpath="dog/odd.png"),
        unreadable(4, "bird"),
        row(5, "bird", 0.99, "bird", relpath="bird/tweety.png"),
        row(6, "cat", 0.50, None, relpath="loose/cat.png"),
    ])
    return model, proxy


@pytest.mark.parametrize("apply, expected", [
    (lambda p: p.set_text("TABBY"), [0, 1]),
    (lambda p: p.set_text("  rex "), [2]),
    (lambda p: p.set_predicted("dog"), [1, 2]),
    (lambda p: p.set_true("dog"), [2, 3]),
    (lambda p: p.set_correctness("correct"), [0, 2, 5]),
    (lambda p: p.set_correctness("incorrect"), [1, 3]),
    (lambda p: p.set_correctness("errors"), [4]),
    (lambda p: p.set_correctness("all"), [0, 1, 2, 3, 4, 5, 6]),
    (lambda p: p.set_confidence(0.6, 0.95), [0, 1, 2]),
    (lambda p: p.set_cell("cat", "dog"), [1]),
])
def test_each_filter_alone(mixed, apply, expected):
    model, proxy = mixed
    apply(proxy)
    assert shown(proxy) == expected
    proxy.clear_filters()
    assert shown(proxy) == list(range(7))
    assert not proxy.is_filtered()


def test_filters_combine(mixed):
    model, proxy = mixed
    proxy.set_predicted("dog")
    proxy.set_correctness("incorrect")
    assert shown(proxy) == [1]
    proxy.set_correctness("all")
    proxy.set_confidence(0.7, 1.0)
    assert shown(proxy) == [2]
    proxy.set_text("tabby")
    assert shown(proxy) == []
    proxy.set_predicted(None)
    assert shown(proxy) == [0]
    proxy.sort(COL_PROBABILITY, Qt.AscendingOrder)
    proxy.set_text("")
    assert shown(proxy) == [2, 0, 5]


def test_confidence_edges_are_inclusive(mixed):
    model, proxy = mixed
    proxy.set_confidence(0.5, 0.8)
    assert shown(proxy) == [1, 2, 6]  # 0.5 and 0.8 both in
    proxy.set_confidence(0.6, 0.6)
    assert shown(proxy) == [1]
    model.append_rows([row(7, probability=0.932)])
    proxy.set_confidence(93.2 / 100, 93.2 / 100)  # 0.9320000000000001, as a spin box hands it over
    assert shown(proxy) == [7]
    proxy.set_confidence(0.0, 0.999)  # not the full range: unreadable rows go
    assert 4 not in shown(proxy)
    proxy.set_confidence(0.0, 1.0)
    assert 4 in shown(proxy)


def test_cell_filter_and_clearing_it(mixed):
    model, proxy = mixed
    proxy.set_cell("dog", "bird")
    assert shown(proxy) == [3] and proxy.cell() == ("dog", "bird")
    model.append_rows([row(7, "bird", 0.4, "dog"), row(8, "dog", 0.4, "bird")])
    assert shown(proxy) == [3, 7]  # streamed rows are filtered too
    proxy.set_cell(None)
    assert proxy.cell() is None and shown(proxy) == list(range(9))


def test_mapping_helpers(mixed):
    model, proxy = mixed
    proxy.sort(COL_PROBABILITY, Qt.DescendingOrder)
    proxy.set_true("dog")
    assert shown(proxy) == [2, 3]
    assert [proxy.source_row(r) for r in range(2)] == [2, 3]
    assert proxy.proxy_row(3) == 1 and proxy.proxy_row(0) == -1 and proxy.proxy_row(99) == -1
    assert proxy.mapToSource(proxy.index(1, 2)) == model.index(3, 2)
    assert proxy.mapFromSource(model.index(2, 4)) == proxy.index(0, 4)
    assert not proxy.mapFromSource(model.index(0, 0)).isValid()
    assert model.row_at(3).index == 3 and len(model) == 7 and len(model.rows()) == 7


def test_clear_empties_both_and_keeps_filters(mixed):
    model, proxy = mixed
    proxy.set_true("dog")
    model.clear()
    assert len(model) == 0 and proxy.rowCount() == 0 and model.source_row_of(2) == -1
    model.append_rows([row(0, true="dog"), row(1, true="cat")])
    assert shown(proxy) == [0]


def test_run_indices_need_not_match_arrival_order(models):
    model, proxy = models
    model.append_rows([row(5, probability=0.2), row(2, probability=0.9), row(9, probability=0.5)])
    assert shown(proxy) == [2, 5, 9]  # run order
    assert model.source_row_of(9) == 2
    proxy.sort(COL_PROBABILITY, Qt.DescendingOrder)
    assert shown(proxy) == [2, 9, 5]


def reference(rows, column, descending, keep):
    """The view order by brute force: a stable Python sort of the kept rows."""
    keys = sort_keys(rows, column)
    order = sorted(range(len(rows)), key=lambda i: keys[i], reverse=descending)
    if column < 0:
        order = sorted(range(len(rows)), key=lambda i: rows[i].index)
    return [rows[i].index for i in order if keep(rows[i])]


def test_random_streaming_sorting_filtering_matches_brute_force(models):
    model, proxy = models
    rng = random.Random(7)
    rows = []
    for i in rng.sample(range(300), 300):
        kind = rng.random()
        true = rng.choice(NAMES + [None])
        if kind < 0.1:
            rows.append(unreadable(i, true))
        else:
            rows.append(row(i, rng.choice(NAMES), round(rng.random(), 2), true, relpath=f"{rng.choice('aBc')}/{i}"))
    filters = [("", lambda r: True, lambda p: p.clear_filters()),
               ("b/", lambda r: "b/" in r.relpath.casefold(), lambda p: p.set_text("B/")),
               ("dog", lambda r: r.predicted == "dog", lambda p: p.set_predicted("dog")),
               ("bad", lambda r: r.correct is False, lambda p: p.set_correctness("incorrect")),
               ("conf", lambda r: r.probability is not None and 0.25 <= r.probability <= 0.75,
                lambda p: p.set_confidence(0.25, 0.75))]
    sorts = [(-1, False), (COL_PROBABILITY, False), (COL_PROBABILITY, True), (COL_FILE, True),
             (COL_CORRECT, False), (COL_PREDICTED, True), (COL_TRUE, False)]
    added, keep = 0, filters[0][1]
    column, descending = -1, False
    while added < len(rows):
        step = rng.choice(["append", "append", "sort", "filter"])
        if step == "append":
            size = rng.choice([1, 8, 30])
            model.append_rows(rows[added:added + size])
            added += size
        elif step == "sort":
            column, descending = rng.choice(sorts)
            proxy.sort(column, Qt.DescendingOrder if descending else Qt.AscendingOrder)
        else:
            proxy.clear_filters()
            _, keep, apply = rng.choice(filters)
            apply(proxy)
        assert shown(proxy) == reference(rows[:added], column, descending, keep), step


def test_100k_rows_in_chunks_then_filter_and_sort():
    model, proxy = ResultsModel(), ResultsFilter()
    proxy.setSourceModel(model)
    rows = [row(i, NAMES[i % 3], (i % 1000) / 1000, NAMES[(i // 3) % 3]) for i in range(100_000)]
    start = time.perf_counter()
    append_in_chunks(model, rows, 256)
    appended = time.perf_counter() - start
    proxy.set_predicted("dog")
    proxy.set_correctness("correct")
    proxy.sort(COL_PROBABILITY, Qt.DescendingOrder)
    append_in_chunks(model, [row(100_000 + i, "dog", 0.9999, "dog") for i in range(512)], 256)
    total = time.perf_counter() - start
    print(f"\n100,000 rows in chunks of 256: {appended:.2f} s; + filter, sort, 512 sorted appends: {total:.2f} s")
    expected = sum(1 for r in rows if r.predicted == "dog" and r.true_class == "dog") + 512
    assert proxy.rowCount() == expected
    assert proxy.index(0, COL_PROBABILITY).data() == "100.0 %"
    top = [model.row_at(proxy.source_row(r)).probability for r in range(600)]
    assert top == sorted(top, reverse=True)


def test_rejects_other_source_models():
    from PyQt5.QtCore import QStringListModel
    with pytest.raises(TypeError):
        ResultsFilter().setSourceModel(QStringListModel())
    assert not ResultsFilter().index(0, 0).isValid()
    assert ResultsFilter().rowCount(QModelIndex()) == 0
