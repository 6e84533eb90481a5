"""A learning rate as people read and type it: 1.4e-4, the notation of the training form's field.

Written by the form (its suggestion and Use), the training window's status line and log, and the range test's
plot (core/training/lr_finder.py), which the form shows beside its suggestion: the plot's legend said 0.00014
there, beside "Suggested: 1.4e-4". Plain Python, so core writes it without Qt.
"""
from __future__ import annotations


def short_float(value: float) -> str:
    """3.2e-3 style: two significant digits, no zero-padded exponent."""
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"
