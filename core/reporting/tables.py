"""The per-class table of the evaluation report, as CSV (per_class.csv) and aligned text (per_class.txt).

Both are made from the metrics dict of `core.reporting.evaluation.compute_metrics`; undefined
values (a class absent from the test set) read "n/a". `_fmt` and `_plural` are shared with the
figures, which print the same numbers the same way.
"""
from __future__ import annotations

import csv
import io
import math
import unicodedata

from core.training.run_folder import TABLE_KEYS


def _fmt(value, spec: str = ".3f") -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, spec)


def per_class_csv(metrics: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["class", *TABLE_KEYS])
    for row in metrics["per_class"]:
        writer.writerow([row["class"], *(_fmt(row[key], ".6f") for key in ("precision", "recall", "f1")),
                         row["support"], _fmt(row["auc"], ".6f"), _fmt(row["ap"], ".6f")])
    return buffer.getvalue()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else ("es" if word.endswith("s") else "s"))


def _cell(value) -> str:
    """A table cell: None is left blank, NaN (undefined) reads n/a."""
    return "" if value is None else _fmt(value)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def per_class_text(metrics: dict, title: str = "") -> str:
    """An aligned table like scikit-learn's classification report, plus AUC and AP."""
    m = metrics
    names = [row["class"] for row in m["per_class"]]
    w = max([_width(n) for n in names] + [len("weighted avg")])
    head = f"{_ljust('class', w)}  precision  recall      f1  support    auc     ap"

    def line(name, p, r, f, support, auc, ap):
        cells = [_cell(v) for v in (p, r, f)] + ["" if support is None else str(support), _cell(auc), _cell(ap)]
        return (f"{_ljust(name, w)}  {cells[0]:>9}  {cells[1]:>6}  {cells[2]:>6}  {cells[3]:>7}  "
                f"{cells[4]:>5}  {cells[5]:>5}").rstrip()

    lines = [title] if title else []
    counts = [_plural(m["n_test"], "test image"), _plural(m["n_classes"], "class")]
    if m["epochs"]:   # an evaluation of an existing model (train.py --evaluate) has none
        counts.append(_plural(m["epochs"], "epoch"))
    lines += [", ".join(counts), "", head]
    lines += [line(row["class"], row["precision"], row["recall"], row["f1"], row["support"], row["auc"], row["ap"])
              for row in m["per_class"]]
    lines.append("")
    lines.append(line("accuracy", None, None, m["accuracy"], m["n_test"], None, None))
    lines.append(line("macro avg", m["macro_precision"], m["macro_recall"], m["macro_f1"], m["n_test"],
                      m["macro_auc"], m["macro_ap"]))
    lines.append(line("weighted avg", m["weighted_precision"], m["weighted_recall"], m["weighted_f1"], m["n_test"],
                      None, None))
    lines.append(line("micro avg", None, None, None, None, m["micro_auc"], m["micro_ap"]))
    absent = [row["class"] for row in m["per_class"] if row["support"] == 0]
    if absent:
        lines += ["", "not in the test set (AUC/AP n/a, left out of macro averages): " + ", ".join(absent)]
    return "\n".join(lines) + "\n"
