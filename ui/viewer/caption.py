"""The line under the images: file, prediction, confidence, true class and which class the
heatmap explains, as rich text. File and class names are data, never markup: they are escaped."""
from __future__ import annotations

import html

RIGHT, WRONG = "<span style='color:#2e7d32'>✓</span>", "<span style='color:#c62828'>✗</span>"


def caption_html(window, name: str, predicted: str, probability: float, true_class: str | None,
                 target: str | None) -> str:
    """`window` translates (its tr())."""
    esc = html.escape
    text = window.tr("<b>{0}</b> — predicted <b>{1}</b> ({2:.1%})").format(esc(name), esc(predicted), probability)
    if true_class is not None:
        text += window.tr(" — true {0} {1}").format(esc(true_class), RIGHT if true_class == predicted else WRONG)
    if target and target != predicted:
        text += window.tr(" — heatmap for <i>{0}</i>").format(esc(target))
    return text


def error_html(name: str, error: str) -> str:
    return f"{html.escape(name)}: {html.escape(error)}"


def flat_warning_html(window) -> str:
    return "<br><span style='color:#b26a00'>⚠ " + html.escape(window.tr(
        "This heatmap is flat: it cannot show where the model looked (the layer's map is too coarse "
        "for this input size, or the method found nothing). Try a finer layer or another method.")) + "</span>"
