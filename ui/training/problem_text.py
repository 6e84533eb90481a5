"""The training form's validation messages and the dataset scan's findings in the interface language.

TrainConfig.problems(), the fields' typed_problem() and the dataset scan (shared with the command
line, in core and form_fields.py) word their messages in English with the values inside, e.g.
"learning rate must be a positive number, got 0.0". Each shape is one translatable template here; a message is taken
apart by its template's pattern and put together again from the translated template, its option
name and rule translated, its values as they are. A message of no known shape is translated whole
(most are fixed sentences) or shown as it is.
"""
from __future__ import annotations

import re
import shlex

from PyQt5.QtCore import QT_TRANSLATE_NOOP

from core.training.trainconfig import SETTINGS

FINITE, NUMBER, WHOLE = "must be a finite number", "must be a number", "must be a whole number"


def _rules() -> set[str]:
    rules = {FINITE, NUMBER, WHOLE}
    for setting in SETTINGS.values():
        opt = setting.option
        if opt.rule:
            rules.add(opt.rule)
        elif opt.range_text():
            rules.add("must be " + opt.range_text())
    return rules


# What a template's option name, rule or split may be (translated); other parts are values, kept.
NAMES = {setting.option.name for setting in SETTINGS.values() if setting.option.group}
RULES = _rules()
SPLIT_NAMES = {"train", "val", "test"}  # core/data/splits.py
MONITORS = {"val_acc", "val_loss", "val_f1"}  # early stopping's metric (core/training/trainconfig.py)
PARTS = NAMES | RULES | SPLIT_NAMES | MONITORS
_NAME = "|".join(re.escape(name) for name in sorted(NAMES, key=len, reverse=True))
_RULE = "|".join(re.escape(rule) for rule in sorted(RULES, key=len, reverse=True))

# (pattern, template): the template's {0}, {1} … are the pattern's groups in order.
TEMPLATES = [
    (rf"({_NAME}) ({_RULE}), got (.+)", QT_TRANSLATE_NOOP("TrainForm", "{0} {1}, got {2}")),
    (rf"({_NAME}) is not a number: (.*)", QT_TRANSLATE_NOOP("TrainForm", "{0} is not a number: {1}")),
    (rf"({_NAME}) must be whole epochs separated by commas, e\.g\. 30,60 \(not: (.+)\)",
     QT_TRANSLATE_NOOP("TrainForm", "{0} must be whole epochs separated by commas, e.g. 30,60 (not: {1})")),
    (rf"unknown ({_NAME}) (.+); choose from (.+)", QT_TRANSLATE_NOOP("TrainForm", "unknown {0} {1}; choose from {2}")),
    (rf"unknown ({_NAME}) (.+)", QT_TRANSLATE_NOOP("TrainForm", "unknown {0} {1}")),
    # The folder itself in the way: its path said twice ("output folder /a/runs: /a/runs is a file, not a folder").
    (r"output folder (.+): \1 is a file, not a folder",
     QT_TRANSLATE_NOOP("TrainForm", "output folder {0} is a file, not a folder")),
    (r"output folder (.+): (.+) is a file, not a folder",
     QT_TRANSLATE_NOOP("TrainForm", "output folder {0}: {1} is a file, not a folder")),
    (r"output folder (.+): (.+) is on a read-only disk",
     QT_TRANSLATE_NOOP("TrainForm", "output folder {0}: {1} is on a read-only disk")),
    (r"output folder (.+): no permission to write in (.+)",
     QT_TRANSLATE_NOOP("TrainForm", "output folder {0}: no permission to write in {1}")),
    (r"output folder (.+): no folder can be made in (.+)",  # form_checks.output_folder_problem
     QT_TRANSLATE_NOOP("TrainForm", "output folder {0}: no folder can be made in {1}")),
    (r"val and test ratios must be in \[0, 1\) and leave images to train on, got (.+) and (.+)",
     QT_TRANSLATE_NOOP("TrainForm", "val and test ratios must be in [0, 1) and leave images to train on, "
                                    "got {0} and {1}")),
    (r"warm-up must be shorter than the run \((.+) >= (.+) epochs\)",
     QT_TRANSLATE_NOOP("TrainForm", "warm-up must be shorter than the run ({0} >= {1} epochs)")),
    (r"freeze epochs must be fewer than epochs \((.+) >= (.+)\)",
     QT_TRANSLATE_NOOP("TrainForm", "freeze epochs must be fewer than epochs ({0} >= {1})")),
    (r"minimum learning rate must be below the learning rate \((.+) >= (.+)\)",
     QT_TRANSLATE_NOOP("TrainForm", "minimum learning rate must be below the learning rate ({0} >= {1})")),
    (r"classes named more than once: (.+)", QT_TRANSLATE_NOOP("TrainForm", "classes named more than once: {0}")),
    (r"time budget (.+): write it like 15min, 90s or 1h30m",
     QT_TRANSLATE_NOOP("TrainForm", "time budget {0}: write it like 15min, 90s or 1h30m")),
    (r"time budget (.+): at least 30 seconds, so a few epochs fit",
     QT_TRANSLATE_NOOP("TrainForm", "time budget {0}: at least 30 seconds, so a few epochs fit")),
    (r"progressive resizing needs a network that takes any input size; (.+) is built for one",
     QT_TRANSLATE_NOOP("TrainForm", "progressive resizing needs a network that takes any input size; {0} is built for "
                                    "one")),
]

# Findings worded for the command line, as core words them, and the window's words for them: the Classes field
# for --classes. Their last value is a shell word (quoted where a name has a space); unquoted, the field takes it.
ONE_EMPTY = "class '{0}' has no images in {1}: put images in it, remove the folder or leave it out with --classes {2}"
SOME_EMPTY = ("classes {0} have no images in {1}: put images in them, remove the folders or leave them out with "
              "--classes {2}")
WINDOW_WORDS = {
    ONE_EMPTY: QT_TRANSLATE_NOOP("DatasetSummaryView", "class '{0}' has no images in {1}: put images in it, remove "
                                                       "the folder or leave it out by setting Classes to {2}"),
    SOME_EMPTY: QT_TRANSLATE_NOOP("DatasetSummaryView", "classes {0} have no images in {1}: put images in them, "
                                                        "remove the folders or leave them out by setting Classes to "
                                                        "{2}"),
}
# Findings with a count in them, worded as core words them for the command line ("1 unreadable file left out",
# "1,200 unreadable files left out"), and the window's words with Qt's %n: each translation, English's too
# (resources/i18n/gradlens_en.ts), has a form for each plural its language has.
UNREADABLE = QT_TRANSLATE_NOOP("DatasetSummaryView", "%n unreadable file(s) left out")
COUNTED = {"{0} unreadable file left out": UNREADABLE, "{0} unreadable files left out": UNREADABLE}
# The dataset scan's findings (core/data/audit.py warnings, core/data/splits.py problems): patterns
# made from the templates, each {n} any text.
DATASET_TEMPLATES = [
    QT_TRANSLATE_NOOP("DatasetSummaryView", "no readable training images for: {0}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "imbalanced classes: '{0}' has {1} training images, '{2}' {3} ({4}×); "
                                            "consider a balanced sampler or class weights"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "classes with fewer than {0} training images: {1}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "1 group of identical files appears in more than one split, so "
                                            "evaluation sees training images (e.g. {0})"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "{0} groups of identical files appear in more than one split, so "
                                            "evaluation sees training images (e.g. {1})"),
    *COUNTED,  # said with its count's plural form
    QT_TRANSLATE_NOOP("DatasetSummaryView", "the {0} split is empty"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "no {0} images for: {1} (too few images to set some aside); its {2} scores "
                                            "will not cover them"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "a classifier needs at least 2 classes, one sub-folder of images each; "
                                            "{0} has only one: {1}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "a classifier needs at least 2 classes, one sub-folder of images each; "
                                            "{0} has none"),
    # an empty class folder, with the ways on (core/data/splits.py); --classes is the Classes field (WINDOW_WORDS)
    ONE_EMPTY,
    QT_TRANSLATE_NOOP("DatasetSummaryView", "class '{0}' has no images in {1}: put images in it or remove the folder"),
    SOME_EMPTY,
    QT_TRANSLATE_NOOP("DatasetSummaryView", "classes {0} have no images in {1}: put images in them or remove the "
                                            "folders"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "class '{0}' has no images in {1}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "no class folders in {0} ({1} images lie directly in it): expected one "
                                            "subfolder per class, e.g. {2}, {3}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "no class folders in {0}: expected one subfolder per class, e.g. {1}, {2}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "unknown class {0} in {1}; available: {2}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "unknown classes {0} in {1}; available: {2}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "data folder not found: {0}"),
    QT_TRANSLATE_NOOP("DatasetSummaryView", "data path is not a folder: {0}"),
    # how a run ended (core/training/train.py Finished.reason, engine.py), shown under the progress bar
    QT_TRANSLATE_NOOP("TrainWindow", "finished"),
    QT_TRANSLATE_NOOP("TrainWindow", "early stopping: {0} did not improve for 1 epoch"),
    QT_TRANSLATE_NOOP("TrainWindow", "early stopping: {0} did not improve for {1} epochs"),
    QT_TRANSLATE_NOOP("TrainWindow", "the time budget ended the run after {0} of the {1} epochs it had fitted: this "
                                     "computer ran slower than when it was measured"),
    QT_TRANSLATE_NOOP("TrainWindow", "stopped by the user during epoch {0}; last.pt holds epoch {1}: resume to continue"),
    QT_TRANSLATE_NOOP("TrainWindow", "the loss became {0} at epoch {1}, batch {2}: lower the learning rate or enable "
                                     "gradient clipping; last.pt keeps epoch {3}"),
]


def _pattern(template: str) -> str:
    return re.sub(r"\\\{\d\\\}", "(.+?)", re.escape(template))


# The scan's findings first: they are whole sentences, where the form's patterns take any value, and "unknown
# classes zebra, yak in …" would be the Classes field's "unknown {0} {1}".
TEMPLATES = [(_pattern(template), WINDOW_WORDS.get(template, template)) for template in DATASET_TEMPLATES] + TEMPLATES
_COMPILED = [(re.compile(pattern, re.DOTALL), template) for pattern, template in TEMPLATES]


def _unquoted(word: str) -> str:
    try:
        return " ".join(shlex.split(word))
    except ValueError:  # not a shell word after all
        return word


def translate_problem(message: str, tr) -> str:
    """`message` in the language of `tr` (a widget's tr); unchanged where nothing is translated."""
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            count = match.group(1).replace(",", "") if template in COUNTED else ""  # "1,200": core's thousands
            if count.isdigit():
                return tr(COUNTED[template], None, int(count))
            parts = [tr(part) if part in PARTS else part for part in match.groups()]
            if template in WINDOW_WORDS.values():
                parts[-1] = _unquoted(parts[-1])
            return tr(template).format(*parts)
    return tr(message)
