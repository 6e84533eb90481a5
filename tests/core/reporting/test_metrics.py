"""core.reporting.metrics: the confusion matrix and every number derived from it, checked by hand."""
import math

import numpy as np
import pytest

from core.reporting.metrics import ConfusionMatrix


@pytest.fixture
def matrix():
    # true \ predicted   cat dog bird
    #   cat               3   1   0
    #   dog               1   2   1
    #   bird              0   0   2
    m = ConfusionMatrix(["cat", "dog", "bird"])
    m.add_many([0, 0, 0, 0, 1, 1, 1, 1, 2, 2], [0, 0, 0, 1, 0, 1, 1, 2, 2, 2])
    return m


def test_counts_and_accuracy(matrix):
    assert matrix.counts.tolist() == [[3, 1, 0], [1, 2, 1], [0, 0, 2]]
    assert matrix.total == 10
    assert matrix.accuracy == pytest.approx(7 / 10)


def test_add_one_at_a_time_equals_add_many(matrix):
    m = ConfusionMatrix(["cat", "dog", "bird"])
    for t, p in [(0, 0), (0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (1, 2), (2, 2), (2, 2)]:
        m.add(t, p)
    assert np.array_equal(m.counts, matrix.counts)
    m.add_many([0, 0], [0, 0])  # repeated pairs each count (np.add.at, not fancy-index +=)
    assert m.counts[0, 0] == 5


def test_per_class_precision_recall_f1(matrix):
    rows = {row["class"]: row for row in matrix.per_class()}
    # cat: P = 3/4, R = 3/4; dog: P = 2/3, R = 2/4; bird: P = 2/3, R = 2/2
    expected = {"cat": (3 / 4, 3 / 4, 4), "dog": (2 / 3, 1 / 2, 4), "bird": (2 / 3, 1.0, 2)}
    for name, (p, r, support) in expected.items():
        assert rows[name]["precision"] == pytest.approx(p)
        assert rows[name]["recall"] == pytest.approx(r)
        assert rows[name]["f1"] == pytest.approx(2 * p * r / (p + r))
        assert rows[name]["support"] == support
    assert rows["dog"]["f1"] == pytest.approx(4 / 7)
    assert rows["bird"]["f1"] == pytest.approx(0.8)
    assert matrix.macro_f1() == pytest.approx((0.75 + 4 / 7 + 0.8) / 3)


def test_undefined_ratios_are_zero_and_skip_macro():
    m = ConfusionMatrix(["a", "b", "c"])
    m.add_many([0, 0, 1], [0, 1, 0])  # "c" never true nor predicted; "b" predicted once, never right
    rows = {row["class"]: row for row in m.per_class()}
    assert (rows["c"]["precision"], rows["c"]["recall"], rows["c"]["f1"], rows["c"]["support"]) == (0.0, 0.0, 0.0, 0)
    assert (rows["b"]["precision"], rows["b"]["recall"], rows["b"]["f1"]) == (0.0, 0.0, 0.0)
    assert rows["a"]["precision"] == pytest.approx(0.5) and rows["a"]["recall"] == pytest.approx(0.5)
    assert m.macro_f1() == pytest.approx((0.5 + 0.0) / 2)  # only classes with support


def test_normalized_rows(matrix):
    norm = matrix.normalized()
    assert np.allclose(norm, [[0.75, 0.25, 0.0], [0.25, 0.5, 0.25], [0.0, 0.0, 1.0]])
    assert np.diag(norm) == pytest.approx([row["recall"] for row in matrix.per_class()])
    empty_row = ConfusionMatrix(["a", "b"])
    empty_row.add(0, 1)
    assert empty_row.normalized().tolist() == [[0.0, 1.0], [0.0, 0.0]]


def test_empty_matrix():
    m = ConfusionMatrix(["a", "b"])
    assert m.total == 0
    assert math.isnan(m.accuracy)
    assert math.isnan(m.macro_f1())
    assert m.normalized().tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_report_names_every_class(matrix):
    text = matrix.report()
    lines = text.splitlines()
    assert lines[0].split() == ["class", "precision", "recall", "f1", "support"]
    for name, line in zip(["cat", "dog", "bird"], lines[1:4]):
        assert line.split()[0] == name
    assert lines[1].split()[1:] == ["0.750", "0.750", "0.750", "4"]
    assert lines[2].split()[1:] == ["0.667", "0.500", "0.571", "4"]
    assert "accuracy" in lines[4] and "0.700" in lines[4] and lines[4].split()[-1] == "10"
    assert "macro F1" in lines[5] and lines[5].endswith("0.707")  # every class has images: no note
    long = ConfusionMatrix(["a_very_long_class_name", "b"])
    assert long.report().splitlines()[1].startswith("a_very_long_class_name  ")


def test_report_marks_a_0_over_0_score_with_a_dash_not_zero():
    """A class the folder lacks is not a class the model fails at: '-' as in the window's table."""
    m = ConfusionMatrix(["cat", "dog", "bird"])
    m.add_many([0, 0, 1], [0, 1, 1])  # no bird image, none predicted as bird
    lines = m.report().splitlines()
    assert lines[3].split() == ["bird", "-", "-", "-", "0"]
    assert lines[5].endswith("0.667  (mean over the 2 of 3 classes with images)")  # bird is left out, and it says so
    assert "classes with images" not in ConfusionMatrix(["cat"]).report()  # nothing left out, nothing said
    assert lines[1].split()[1:] == ["1.000", "0.500", "0.667", "2"]
    columns = {line.rfind(" ") for line in lines[1:4]}
    assert len(columns) == 1  # the support column stays lined up
