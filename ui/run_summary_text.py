"""A folder run's summary, and what became of the save folder when it was stopped, in the window's language.

core/inference/outputs.py (summary_text, write_results_txt) and core/inference/predict_folder.py (a stopped run's
outcome) word these in English, and results.txt and predict.py keep them so. The main window's log says them as it
says why a file cannot be read (ui/file_problem_text.py): each line's shape is one template, matched whole; file
names, paths and numbers stay. The per-class table keeps its columns: its headings and row names are translated
and padded to the width their English took, measured in the log's font, where a Chinese character, from another
font, is about one and a half to two columns wide.
"""
from __future__ import annotations

import re
import unicodedata

from PyQt5.QtCore import QT_TRANSLATE_NOOP
from PyQt5.QtGui import QFontMetrics

from ui.file_problem_text import compiled, said, said_with, window_language

UNREADABLE = QT_TRANSLATE_NOOP("RunSummary", "unreadable: {0}: {1}")
NOTHING_SHOWN = QT_TRANSLATE_NOOP("RunSummary", "heatmaps that show nothing: {0}")
LINES = [  # a count of one has its own line, as core words it ("1 file", "1 labelled image")
    QT_TRANSLATE_NOOP("RunSummary", "1 file: {0} classified, {1} unreadable"),
    QT_TRANSLATE_NOOP("RunSummary", "{0} files: {1} classified, {2} unreadable"),
    UNREADABLE,
    QT_TRANSLATE_NOOP("RunSummary", "accuracy {0} on 1 labelled image"),
    QT_TRANSLATE_NOOP("RunSummary", "accuracy {0} on {1} labelled images"),
    NOTHING_SHOWN,
]
# Inside NOTHING_SHOWN, joined by ", ": how many maps of each kind core/explain/map_quality.py tells apart.
NOTES = [QT_TRANSLATE_NOOP("RunSummary", "{0} nan"), QT_TRANSLATE_NOOP("RunSummary", "{0} zero"),
         QT_TRANSLATE_NOOP("RunSummary", "{0} weak"), QT_TRANSLATE_NOOP("RunSummary", "{0} flat")]
LIST_COMMA = QT_TRANSLATE_NOOP("RunSummary", ", ")  # Chinese lists with 、
# What a stopped run left in the save folder (FolderPrediction.outcome), and what a run a full disk or an unwritable
# folder ended left there (inside ui/run_failure_text.py's sentences). The most specific shape first.
OUTCOMES = [
    QT_TRANSLATE_NOOP("RunSummary", "results of the 1 finished image are in {0} ({1} of them without an overlay: "
                                    "there was no room)"),
    QT_TRANSLATE_NOOP("RunSummary", "results of the {0} finished images are in {1} ({2} of them without an overlay: "
                                    "there was no room)"),
    QT_TRANSLATE_NOOP("RunSummary", "results of the 1 image are in {0} ({1} of them without an overlay: there was "
                                    "no room)"),
    QT_TRANSLATE_NOOP("RunSummary", "results of all {0} images are in {1} ({2} of them without an overlay: there "
                                    "was no room)"),
    QT_TRANSLATE_NOOP("RunSummary", "results of the 1 image are in {0}"),
    QT_TRANSLATE_NOOP("RunSummary", "results of all {0} images are in {1}"),
    QT_TRANSLATE_NOOP("RunSummary", "the results of the 1 finished image are not written; nothing of this run was "
                                    "left in {0}"),
    QT_TRANSLATE_NOOP("RunSummary", "the results of the {0} finished images are not written; nothing of this run "
                                    "was left in {1}"),
    QT_TRANSLATE_NOOP("RunSummary", "the results of the 1 finished image are not written; the earlier results in {0} "
                                    "are kept unchanged"),
    QT_TRANSLATE_NOOP("RunSummary", "the results of the {0} finished images are not written; the earlier results in "
                                    "{1} are kept unchanged"),
    QT_TRANSLATE_NOOP("RunSummary", "this run's results are kept in {0} instead; the earlier results in {1} are kept "
                                    "unchanged"),
    QT_TRANSLATE_NOOP("RunSummary", "this run's results are kept in {0} instead"),
    QT_TRANSLATE_NOOP("RunSummary", "this run's results of 1 finished image are not written; the earlier results in "
                                    "{0} are kept unchanged"),
    QT_TRANSLATE_NOOP("RunSummary", "this run's results of {0} finished images are not written; the earlier results "
                                    "in {1} are kept unchanged"),
    QT_TRANSLATE_NOOP("RunSummary", "results of the 1 finished image are in {0}"),
    QT_TRANSLATE_NOOP("RunSummary", "results of the {0} finished images are in {1}"),
]

# The per-class table of core/reporting/metrics.py's report(): its headings, each with its column's width after the
# first (whose width is the longest class name's), and the names of its last two rows.
HEADER = re.compile(r"(class +)  precision  recall     f1  support")
CLASS = QT_TRANSLATE_NOOP("RunSummary", "class")
HEADINGS = [(QT_TRANSLATE_NOOP("RunSummary", "precision"), 9), (QT_TRANSLATE_NOOP("RunSummary", "recall"), 6),
            (QT_TRANSLATE_NOOP("RunSummary", "f1"), 5), (QT_TRANSLATE_NOOP("RunSummary", "support"), 7)]
TOTAL_ROWS = [QT_TRANSLATE_NOOP("RunSummary", "accuracy"), QT_TRANSLATE_NOOP("RunSummary", "macro F1")]
MEAN_OVER = QT_TRANSLATE_NOOP("RunSummary", "(mean over the {0} of {1} classes with images)")
EMPTY_CELLS = 2 + 9 + 2 + 6  # a total row has no precision or recall: blanks where a class row has numbers

_LINES, _NOTES, _OUTCOMES, _MEAN_OVER = compiled(LINES), compiled(NOTES), compiled(OUTCOMES), compiled([MEAN_OVER])


def summary_said(summary: str, translate=window_language, metrics: QFontMetrics | None = None) -> str:
    """A run's summary (several lines) in the language `translate` gives, the window's by default. A line of no
    known shape (a class's row of the table) stays as it is. `metrics`: the font's the log shows it in, whose
    spaces pad the table's translated words (without it, a Chinese character counts two columns)."""
    def padded(text: str, width: int, right: bool = False) -> str:
        if metrics is None:
            columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        else:
            columns = round(metrics.horizontalAdvance(text) / metrics.horizontalAdvance(" "))
        fill = " " * max(0, width - columns)
        return fill + text if right else text + fill

    def values(template: str, found: list[str]) -> list[str]:
        if template == UNREADABLE:
            found[1] = said(found[1], translate)
        elif template == NOTHING_SHOWN:
            found[0] = translate(LIST_COMMA).join(said_with(_NOTES, part, translate) for part in found[0].split(", "))
        return found

    shown, width = [], None
    for line in summary.split("\n"):
        header = HEADER.fullmatch(line)
        if header:
            width = len(header.group(1))
            shown.append("  ".join([padded(translate(CLASS), width)] +
                                   [padded(translate(heading), size, right=True) for heading, size in HEADINGS]))
        elif width is not None and line[:width].rstrip() in TOTAL_ROWS and not line[width:width + EMPTY_CELLS].strip():
            rest = line[width:]
            mean = re.search(r"  (\(.*\))$", rest)
            if mean:
                rest = rest[:mean.start(1)] + said_with(_MEAN_OVER, mean.group(1), translate)
            shown.append(padded(translate(line[:width].rstrip()), width) + rest)
        else:  # an indented line ("  unreadable: …") keeps its indent, which translations would lose
            indent = len(line) - len(line.lstrip(" "))
            shown.append(line[:indent] + said_with(_LINES, line[indent:], translate, values))
    return "\n".join(shown)


def outcome_said(outcome: str, translate=window_language) -> str:
    """What a stopped run left in the save folder, in the language `translate` gives."""
    return said_with(_OUTCOMES, outcome, translate)

