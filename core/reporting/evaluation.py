"""The numbers of the evaluation report: metrics from test-set probabilities, and its mistakes.

`compute_metrics` turns the true labels and the (N, C) probabilities into every number the report
shows (accuracy, per-class precision/recall/F1/AUC/AP, macro/weighted/micro averages, the confusion
counts); `most_confident_wrong` ranks the misclassified samples. Pure numpy: the tables and figures
of the report, and whoever else wants the numbers, start here.
"""
from __future__ import annotations

import math

import numpy as np

from core.reporting.metrics import ConfusionMatrix
from core.training.curves import average_precision, roc_auc

MAX_WRONG = 16


def most_confident_wrong(y_true, probs, k: int | None = MAX_WRONG) -> np.ndarray:
    """Indices of misclassified samples, most confident prediction first (ties: lower index first)."""
    y_true, probs = np.asarray(y_true, dtype=int), np.asarray(probs, dtype=float)
    if probs.shape[0] == 0:
        return np.zeros(0, dtype=int)
    predicted = probs.argmax(axis=1)
    confidence = probs[np.arange(len(probs)), predicted]
    wrong = np.flatnonzero(predicted != y_true)
    ranked = wrong[np.argsort(-confidence[wrong], kind="stable")]
    return ranked if k is None else ranked[:k]


def compute_metrics(class_names: list[str], y_true, probs, history: list[dict] | None = None) -> dict:
    """Every number of the report; undefined values (a class absent from the test set) are NaN."""
    y_true, probs = _check_inputs(class_names, y_true, probs)
    n, c = probs.shape
    matrix = ConfusionMatrix(class_names)
    matrix.add_many(y_true, probs.argmax(axis=1) if n else [])
    rows = matrix.per_class()
    onehot = y_true[:, None] == np.arange(c)
    predicted_counts = matrix.counts.sum(axis=0)
    for k, row in enumerate(rows):
        row["auc"] = roc_auc(onehot[:, k], probs[:, k])
        row["ap"] = average_precision(onehot[:, k], probs[:, k])
        # 0/0 is undefined, not 0: "0.000" precision for a class never predicted read as a model that is always
        # wrong about it (the main window's table says "—" there). The averages still count it as 0.
        if predicted_counts[k] == 0:
            row["precision"] = float("nan")
        if row["support"] == 0:
            row["recall"] = float("nan")
            if predicted_counts[k] == 0:
                row["f1"] = float("nan")
    present = [row for row in rows if row["support"] > 0]   # as ConfusionMatrix.macro_f1 does

    def defined(value: float) -> float:
        return 0.0 if math.isnan(value) else value

    def macro(key, undefined_as_zero: bool = False):
        values = [defined(row[key]) if undefined_as_zero else row[key] for row in present]
        values = [value for value in values if not math.isnan(value)]
        return float(np.mean(values)) if values else float("nan")

    def weighted(key):
        return float(sum(defined(row[key]) * row["support"] for row in rows) / n) if n else float("nan")

    return {
        "accuracy": matrix.accuracy,
        "macro_precision": macro("precision", undefined_as_zero=True), "macro_recall": macro("recall"),
        "macro_f1": matrix.macro_f1(),
        "weighted_precision": weighted("precision"), "weighted_recall": weighted("recall"),
        "weighted_f1": weighted("f1"),
        "macro_auc": macro("auc"), "micro_auc": roc_auc(onehot.ravel(), probs.ravel()),
        "macro_ap": macro("ap"), "micro_ap": average_precision(onehot.ravel(), probs.ravel()),
        "n_test": int(n), "n_classes": int(c), "epochs": len(history or []),
        "class_names": list(class_names),
        "per_class": rows,
        "confusion": matrix.counts.tolist(),
    }


def _check_inputs(class_names, y_true, probs) -> tuple[np.ndarray, np.ndarray]:
    c = len(class_names)
    probs = np.asarray(probs, dtype=np.float64)
    y = np.asarray(y_true)
    if c < 1:
        raise ValueError("no class names")
    if probs.ndim != 2 or probs.shape[1] != c:
        raise ValueError(f"probabilities must have shape (N, {c}) for {c} classes, got {probs.shape}")
    if y.shape != (probs.shape[0],):
        raise ValueError(f"{y.size} true labels for {probs.shape[0]} rows of probabilities")
    if y.size and (not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0 or y.max() >= c):
        raise ValueError(f"true labels must be class indices 0..{c - 1}")
    if not np.all(np.isfinite(probs)):
        raise ValueError("probabilities contain NaN or infinity (did training diverge?)")
    return y.astype(int), probs


def _jsonable(value):
    """NaN -> None (null), recursively: metrics.json stays valid JSON."""
    if isinstance(value, dict):
        return {key: _jsonable(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
