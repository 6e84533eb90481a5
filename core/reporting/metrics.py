"""Classification metrics from a confusion matrix that can grow one result at a time.

The GUI adds results as they stream in; predict.py and training fill it in one go. Either way
each image is counted once, and every number comes from the same matrix.
"""
from __future__ import annotations

import numpy as np


class ConfusionMatrix:
    """Rows are true classes, columns predicted classes."""

    def __init__(self, class_names: list[str]):
        self.class_names = list(class_names)
        self.counts = np.zeros((len(class_names), len(class_names)), dtype=np.int64)

    def add(self, true_index: int, predicted_index: int) -> None:
        self.counts[true_index, predicted_index] += 1

    def add_many(self, true_indices, predicted_indices) -> None:
        np.add.at(self.counts, (np.asarray(true_indices, dtype=int), np.asarray(predicted_indices, dtype=int)), 1)

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def accuracy(self) -> float:
        return float(np.trace(self.counts) / self.total) if self.total else float("nan")

    def normalized(self) -> np.ndarray:
        """Each row divided by its support (recall on the diagonal); empty rows stay 0."""
        support = self.counts.sum(axis=1, keepdims=True)
        return np.divide(self.counts, support, out=np.zeros(self.counts.shape), where=support > 0)

    def per_class(self) -> list[dict]:
        """Precision, recall, F1 and support per class; undefined ratios (0/0) are reported as 0."""
        true_pos = np.diag(self.counts).astype(float)
        predicted = self.counts.sum(axis=0)
        support = self.counts.sum(axis=1)
        precision = np.divide(true_pos, predicted, out=np.zeros_like(true_pos), where=predicted > 0)
        recall = np.divide(true_pos, support, out=np.zeros_like(true_pos), where=support > 0)
        denom = precision + recall
        f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(true_pos), where=denom > 0)
        return [{"class": name, "precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                for name, p, r, f, s in zip(self.class_names, precision, recall, f1, support)]

    def macro_f1(self) -> float:
        rows = [row for row in self.per_class() if row["support"] > 0]
        return float(np.mean([row["f1"] for row in rows])) if rows else float("nan")

    def report(self) -> str:
        """A plain-text table like scikit-learn's classification report."""
        width = max([len(n) for n in self.class_names] + [9])
        lines = [f"{'class':<{width}}  precision  recall     f1  support"]
        predicted = self.counts.sum(axis=0)
        for index, row in enumerate(self.per_class()):
            # "-" where the ratio is 0/0, as in the window's table: 0.000 for a class the folder lacks
            # read as a model that fails at it (and macro F1 leaves such classes out).
            seen, shown = row["support"] > 0, predicted[index] > 0
            precision = f"{row['precision']:9.3f}" if shown else f"{'-':>9}"
            recall = f"{row['recall']:6.3f}" if seen else f"{'-':>6}"
            f1 = f"{row['f1']:5.3f}" if seen or shown else f"{'-':>5}"
            lines.append(f"{row['class']:<{width}}  {precision}  {recall}  {f1}  {row['support']:7d}")
        lines.append(f"{'accuracy':<{width}}  {'':9}  {'':6}  {self.accuracy:5.3f}  {self.total:7d}")
        seen = int((self.counts.sum(axis=1) > 0).sum())
        over = f"  (mean over the {seen} of {len(self.class_names)} classes with images)" \
            if 0 < seen < len(self.class_names) else ""
        lines.append(f"{'macro F1':<{width}}  {'':9}  {'':6}  {self.macro_f1():5.3f}{over}")
        return "\n".join(lines)
