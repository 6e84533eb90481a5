"""core.training.curves: ROC/PR curves, AUC and AP in numpy, checked against scikit-learn (ties included)."""
import math

import numpy as np
import pytest
from sklearn import metrics as sk

from core.training.curves import average_precision, pr_curve, roc_auc, roc_curve


def _random_case(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]  # both classes present
    # Rounded scores: many ties, which is where naive implementations drift from scikit-learn.
    scores = np.round(rng.random(n) * rng.choice([1, 10, 1000]), int(rng.integers(0, 3)))
    return y, scores


@pytest.mark.parametrize("seed", range(25))
def test_auc_and_ap_equal_sklearn_on_random_data_with_ties(seed):
    y, scores = _random_case(seed)
    assert roc_auc(y, scores) == pytest.approx(sk.roc_auc_score(y, scores), abs=1e-9)
    assert average_precision(y, scores) == pytest.approx(sk.average_precision_score(y, scores), abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_curves_equal_sklearn_points(seed):
    y, scores = _random_case(seed)
    fpr, tpr = roc_curve(y, scores)
    sk_fpr, sk_tpr, _ = sk.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr, atol=1e-12)
    np.testing.assert_allclose(tpr, sk_tpr, atol=1e-12)
    precision, recall = pr_curve(y, scores)
    sk_precision, sk_recall, _ = sk.precision_recall_curve(y, scores)
    np.testing.assert_allclose(precision, sk_precision, atol=1e-12)
    np.testing.assert_allclose(recall, sk_recall, atol=1e-12)


def test_perfect_and_inverted_classifiers():
    y = np.array([0, 0, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.8, 0.9])
    assert roc_auc(y, scores) == 1.0
    assert average_precision(y, scores) == 1.0
    assert roc_auc(y, -scores) == 0.0
    assert average_precision(y, -scores) == pytest.approx(sk.average_precision_score(y, -scores), abs=1e-12)
    # All scores tied: one threshold, the diagonal; precision is the prevalence.
    assert roc_auc(y, np.ones(5)) == 0.5
    assert average_precision(y, np.ones(5)) == pytest.approx(2 / 5)


def test_single_class_is_nan_not_a_number_made_up():
    assert math.isnan(roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))
    assert math.isnan(roc_auc([0, 0, 0], [0.2, 0.5, 0.9]))
    assert math.isnan(average_precision([0, 0, 0], [0.2, 0.5, 0.9]))  # no positives: undefined
    assert average_precision([1, 1, 1], [0.2, 0.5, 0.9]) == 1.0       # all positives: well defined
    assert math.isnan(roc_auc([], []))
    assert math.isnan(average_precision([], []))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="length"):
        roc_auc([0, 1], [0.5])
    with pytest.raises(ValueError, match="NaN"):
        average_precision([0, 1], [0.5, float("nan")])
