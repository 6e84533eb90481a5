"""Why a folder run or a model export could not finish, in the window's language, with advice the window can follow.

core/inference (predict_folder.py, outputs.py) and core/models/export.py word these in English for predict.py and
export.py. The main window shows them in its "Classification failed" and "Cannot export model" boxes and in its
log as it says why a file cannot be read (ui/file_problem_text.py): each shape is one template here, matched whole,
its values (paths, counts) kept. Where core names a command-line option or says "output folder", the window's own
wording stands beside core's: its user chooses a save folder, and answers a dialog instead of passing --overwrite.
What a stopped run left in the save folder, inside some of these, is said by ui/run_summary_text.py.
A text of no known shape is shown as it is.
"""
from __future__ import annotations

from PyQt5.QtCore import QT_TRANSLATE_NOOP

from ui.file_problem_text import compiled, said_with, window_language
from ui.run_summary_text import outcome_said

# A full disk or a folder that cannot be written while the run ended: the last value is what the run left in the
# save folder (FolderPrediction.outcome), said by outcome_said.
ENDED = [
    QT_TRANSLATE_NOOP("RunFailure", "the disk is full (writing to {0}): stopped after {1} of 1 image; {2}; free some "
                                    "space and run again"),
    QT_TRANSLATE_NOOP("RunFailure", "the disk is full (writing to {0}): stopped after {1} of {2} images; {3}; free "
                                    "some space and run again"),
    QT_TRANSLATE_NOOP("RunFailure", "the disk is full (writing to {0}): the 1 image classified; {1}; free some space "
                                    "and run again"),
    QT_TRANSLATE_NOOP("RunFailure", "the disk is full (writing to {0}): all {1} images classified; {2}; free some "
                                    "space and run again"),
    QT_TRANSLATE_NOOP("RunFailure", "cannot write to {0}: {1}: stopped after {2} of 1 image; {3}"),
    QT_TRANSLATE_NOOP("RunFailure", "cannot write to {0}: {1}: stopped after {2} of {3} images; {4}"),
    QT_TRANSLATE_NOOP("RunFailure", "cannot write to {0}: {1}: the 1 image classified; {2}"),
    QT_TRANSLATE_NOOP("RunFailure", "cannot write to {0}: {1}: all {2} images classified; {3}"),
]
CANNOT_WRITE = QT_TRANSLATE_NOOP("RunFailure", "cannot write to {0}: {1}; nothing was classified")
TEMPLATES = ENDED + [  # the most specific shape first: the first whole match wins
    # Folder runs (core/inference/predict_folder.py, outputs.py). The window calls the output folder the save folder.
    ("the output folder {0} is a file, not a folder: choose a folder (a new one is created)",
     QT_TRANSLATE_NOOP("RunFailure", "the save folder {0} is a file, not a folder: choose another save folder "
                                     "(File → Choose Save Folder…)")),
    ("the output folder {0} lies inside {1}, which is a file, not a folder: choose a folder (a new one is created)",
     QT_TRANSLATE_NOOP("RunFailure", "the save folder {0} lies inside {1}, which is a file, not a folder: choose "
                                     "another save folder (File → Choose Save Folder…)")),
    QT_TRANSLATE_NOOP("RunFailure", "the images to classify are in {0}, an earlier run's outputs that this run would "
                                    "replace: choose another save folder"),
    QT_TRANSLATE_NOOP("RunFailure", "{0} holds 1 file that no earlier GradLens run wrote (e.g. {1}), and a run saves "
                                    "its {2} there: choose another save folder, or move that folder"),
    QT_TRANSLATE_NOOP("RunFailure", "{0} holds {1} files that no earlier GradLens run wrote (e.g. {2}), and a run "
                                    "saves its {3} there: choose another save folder, or move that folder"),
    QT_TRANSLATE_NOOP("RunFailure", "{0} was not written by an earlier run, and this run would write its {1} under "
                                    "that name: move it, or choose another save folder"),
    QT_TRANSLATE_NOOP("RunFailure", "input not found: {0} is a broken link (target {1} does not exist)"),
    QT_TRANSLATE_NOOP("RunFailure", "input not found: {0}"),
    # Core says what was lost; the window adds what to do, as it does when the disk fills up later in a run.
    ("the disk is full (writing to {0}); nothing was classified",
     QT_TRANSLATE_NOOP("RunFailure", "the disk is full (writing to {0}); nothing was classified: free some space and "
                                     "run again")),
    CANNOT_WRITE,
    # File → Export Model… (core/models/export.py). The save dialog asks before it replaces a file, so choosing that
    # file again is how the window replaces it.
    ("{0} already exists; choose another name or pass --overwrite to replace it",
     QT_TRANSLATE_NOOP("RunFailure", "{0} already exists: export again and choose another name, or choose that file "
                                     "to replace it")),
    QT_TRANSLATE_NOOP("RunFailure", "{0} is a folder; name the file to write"),
    QT_TRANSLATE_NOOP("RunFailure", "{0} in {1} could not be replaced: it is open in another program (close it "
                                    "there, e.g. in Excel) or you may not change it"),
    QT_TRANSLATE_NOOP("RunFailure", "cannot export {0} to {1}: {2}"),
]
# The operating system's reason inside "cannot write to {0}: {1}…", for the reasons a save folder gives.
SYSTEM_REASONS = [QT_TRANSLATE_NOOP("RunFailure", "Permission denied"),
                  QT_TRANSLATE_NOOP("RunFailure", "Read-only file system")]

_SHAPES, _SYSTEM_REASONS = compiled(TEMPLATES), compiled(SYSTEM_REASONS)


def failure_said(message: str | None, translate=window_language) -> str | None:
    """Why a folder run or an export failed, in the language `translate` gives (the window's by default)."""
    def values(template: str, found: list[str]) -> list[str]:
        if template in ENDED:
            found[-1] = outcome_said(found[-1], translate)
        if template in ENDED[4:] or template == CANNOT_WRITE:
            found[1] = said_with(_SYSTEM_REASONS, found[1], translate)
        return found

    return said_with(_SHAPES, message, translate, values)
