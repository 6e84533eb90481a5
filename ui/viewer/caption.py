"""The line under the images: file, prediction, confidence, true class and which class the
heatmap explains, as rich text. File and class names are data, never markup: they are escaped."""
from __future__ import annotations

import html
import re

from ui.theme_colours import colour_name
from ui.widgets.formatting import NO_BREAK_SPACE, unbreakable


def mark(right: bool) -> str:
    """✓ or ✗ in the theme's green or red (ui/theme_colours.py)."""
    return f"<span style='color:{colour_name('good' if right else 'bad')}'>{'✓' if right else '✗'}</span>"


def caption_html(window, name: str, predicted: str, probability: float, true_class: str | None,
                 target: str | None) -> str:
    """`window` translates (its tr())."""
    esc = html.escape
    text = window.tr("<b>{0}</b> — predicted <b>{1}</b> ({2:.1%})").format(esc(name), esc(predicted), probability)
    if true_class is not None:
        text += window.tr(" — true {0} {1}").format(esc(true_class), mark(true_class == predicted))
    if target and target != predicted:
        text += window.tr(" — heatmap for <i>{0}</i>").format(esc(target))
    return text


def error_html(name: str, error: str) -> str:
    return f"{html.escape(name)}: {html.escape(error)}"


# Why a heatmap shows nothing (keys from core.explain.map_quality), said under the images: every map
# is stretched to full contrast before it is drawn, so without this an empty or vanishing map would
# look like evidence.
DEGENERATE_MAPS = ("flat", "zero", "weak", "nan")


def degenerate_map_html(window, kind: str, size: tuple[int, int] | None = None) -> str:
    """The warning for a heatmap that shows nothing; `kind` is one of DEGENERATE_MAPS, or "tiny" for a flat
    map of an image too small to show anything (its `size`, width and height)."""
    if kind == "tiny":
        text = window.tr("This heatmap is flat: the image is only {0}×{1} px, too small for any layer or method "
                         "to show where the model looked.").format(*size)
        return f"<br><span style='color:{colour_name('warning')}'>⚠ " + html.escape(text) + "</span>"
    texts = {
        "flat": window.tr("This heatmap is flat: it cannot show where the model looked (the layer's map is too coarse "
                          "for this input size, or the method found nothing). Try a finer layer or another method."),
        "zero": window.tr("This heatmap is empty: nothing in this layer raised the class score (an untrained model, or "
                          "a layer the prediction does not use). The colours show nothing. Try another layer or method."),
        "weak": window.tr("This heatmap is too weak to mean anything: its strongest value is below 1e-9 and is only "
                          "stretched to full contrast here. Try another layer or method."),
        "nan": window.tr("This heatmap could not be computed: the method's numbers overflowed (not a number). "
                         "Try another method."),
    }
    return f"<br><span style='color:{colour_name('warning')}'>⚠ " + html.escape(texts[kind]) + "</span>"


BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
VERDICT_ROLES = {"faithful": "good", "weak": "warning", "unfaithful": "bad", "inconclusive": "muted"}


def verdict_colour(verdict: str) -> str:
    """The verdict's colour in the theme in use (ui/theme_colours.py), as "#rrggbb" for rich text."""
    return colour_name(VERDICT_ROLES.get(verdict, "muted"))


def faithfulness_html(window, score, explained: str, tta: str = "off") -> str:
    """The heatmap's faithfulness (a core.explain.faithfulness.Faithfulness, duck-typed: ui never
    imports torch) in plain words: what removing the highlighted region does to the prediction.
    With test-time augmentation (`tta` not "off") the bars average several views while the map and its
    score are of the image alone, so the line says which probability it starts from."""
    esc = html.escape
    verdicts = {"faithful": window.tr("faithful"), "weak": window.tr("weakly faithful"),
                "unfaithful": window.tr("not faithful"), "inconclusive": window.tr("cannot be tested")}
    if score.share is None:
        text = window.tr("Faithfulness: blurring the whole image leaves {0} at {1:.0%}, so removing regions "
                         "cannot test this heatmap").format(explained, score.deletion[-1])
    elif score.before - score.after < 0.005:  # "drops from 100% to 100%" would read as a typo
        text = window.tr("Faithfulness: removing the highlighted 20% leaves {0} at {1:.0%} "
                         "(a random 20%: {2:.0%})").format(explained, score.after, score.after_random)
    else:
        text = window.tr("Faithfulness: removing the highlighted 20% drops {0} from {1:.0%} to {2:.0%} "
                         "(a random 20%: {3:.0%})").format(explained, score.before, score.after,
                                                           score.after_random)
    if tta != "off" and score.share is not None:
        views = window.tr("its mirror image") if tta == "flip" else window.tr("its mirror and shifted copies")
        text += " " + window.tr("[on the image alone, as the heatmap is; the bars average it with {0}]").format(views)
    # A wrapped line may not split the random-region figure or the verdict ("（随机移除 / 20%：47%）").
    text = BRACKETED.sub(lambda found: unbreakable(found.group()), text)
    colour = verdict_colour(score.verdict)
    verdict = unbreakable(verdicts[score.verdict])
    return f"<br><span style='color:{colour}'>{esc(text)}{NO_BREAK_SPACE}—{NO_BREAK_SPACE}<b>{esc(verdict)}</b></span>"
