"""ROC and precision-recall curves for one class against the rest, in numpy.

The numbers match scikit-learn's (`roc_curve`, `roc_auc_score`, `precision_recall_curve`,
`average_precision_score`), ties included: tied scores form a single threshold, so the curve takes
one diagonal step over them instead of an order-dependent staircase. scikit-learn itself is not a
dependency of the engine; the tests compare against it.

Where a number is undefined (no positives, or no negatives for ROC) it is NaN, not a warning
plus an arbitrary value, so reports can print "n/a".
"""
from __future__ import annotations

import numpy as np


def _binary_clf_curve(y_true_binary, scores) -> tuple[np.ndarray, np.ndarray]:
    """(false positives, true positives) counted at each distinct score, highest score first."""
    y = np.asarray(y_true_binary).ravel().astype(bool)
    s = np.asarray(scores, dtype=np.float64).ravel()
    if y.shape != s.shape:
        raise ValueError(f"labels and scores differ in length: {y.size} vs {s.size}")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores contain NaN or infinity")
    order = np.argsort(s, kind="mergesort")[::-1]
    s, y = s[order], y[order]
    # The last index of each run of equal scores: one threshold per distinct value.
    last = np.r_[np.flatnonzero(np.diff(s)), y.size - 1] if y.size else np.zeros(0, dtype=int)
    tps = np.cumsum(y, dtype=np.float64)[last]
    fps = 1.0 + last - tps
    return fps, tps


def roc_curve(y_true_binary, scores) -> tuple[np.ndarray, np.ndarray]:
    """(false-positive rate, true-positive rate), starting at (0, 0); NaN rates for a missing class."""
    fps, tps = _binary_clf_curve(y_true_binary, scores)
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    fpr = fps / fps[-1] if fps[-1] > 0 else np.full(fps.shape, np.nan)
    tpr = tps / tps[-1] if tps[-1] > 0 else np.full(tps.shape, np.nan)
    return fpr, tpr


def roc_auc(y_true_binary, scores) -> float:
    """Area under the ROC curve; NaN unless both positives and negatives are present."""
    fpr, tpr = roc_curve(y_true_binary, scores)
    if np.isnan(fpr[-1]) or np.isnan(tpr[-1]):
        return float("nan")
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2.0)  # trapezoids


def pr_curve(y_true_binary, scores) -> tuple[np.ndarray, np.ndarray]:
    """(precision, recall) in scikit-learn's order: recall falls to a final point (1, 0).

    With no positives recall is NaN (scikit-learn sets it to 1 with a warning).
    """
    fps, tps = _binary_clf_curve(y_true_binary, scores)
    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted > 0)
    recall = tps / tps[-1] if tps.size and tps[-1] > 0 else np.full(tps.shape, np.nan)
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0]


def average_precision(y_true_binary, scores) -> float:
    """Sum over thresholds of precision × recall increase (step-wise, no interpolation).

    NaN when there are no positives (scikit-learn returns 0 with a warning).
    """
    precision, recall = pr_curve(y_true_binary, scores)
    if recall.size < 2 or np.isnan(recall[0]):
        return float("nan")
    return float(-np.sum(np.diff(recall) * precision[:-1]))
