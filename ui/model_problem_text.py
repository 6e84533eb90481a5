"""Why a model file cannot be used, and what its loading noted, in the window's language.

core/models (modelfile.py, file_sniff.py, statedict.py) words these in English with the values inside,
and predict.py and train.py print them so. The window says them translated, as it says why an image
cannot be read (ui/file_problem_text.py): each shape is one template here, matched whole, its values
(file names, layer names, torch's own words) kept. Where core names a command-line option the window
has no use for, the window's own wording stands beside core's. A text of no known shape is shown as it is.

The reasons that end in "say which with --arch NAME" are left in English on purpose: the window answers
them by asking which architecture it is (app/controller.py looks for those words).
"""
from __future__ import annotations

from PyQt5.QtCore import QT_TRANSLATE_NOOP

from ui.file_problem_text import compiled, said_with, window_language

# Two shapes whose values hold more words to translate (see `said`).
NOT_A_MODEL = QT_TRANSLATE_NOOP("ModelProblem", "{0} is not a model file: it is {1}")
NOT_THESE_WEIGHTS = QT_TRANSLATE_NOOP("ModelProblem", "the weights are not a {0}: {1} parameter names")
NAMES_FOR_OUTPUTS = QT_TRANSLATE_NOOP("ModelProblem", "{0} is damaged: it names {1} for its {2}; no option opens "
                                                      "it, use an undamaged copy")
TEMPLATES = [  # the most specific shape first: the first whole match wins
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is a folder, not a model file: choose the .pt file in it"),
    QT_TRANSLATE_NOOP("ModelProblem", "model file not found: {0}"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is empty (0 bytes)"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is an ONNX model, an export already: give the GradLens model file (.pt) "
                                      "it was exported from (predict.py --model {1} classifies with it, without "
                                      "heatmaps)"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is a TorchScript file (an export, for running without GradLens): open "
                                      "the GradLens model file it was exported from"),
    QT_TRANSLATE_NOOP("ModelProblem", "cannot unpickle {0}: {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} contains code that would run when the file is opened (it calls {1}). "
                                      "GradLens did not run it and will not open this file: a model file needs no "
                                      "code. Ask its author for the weights alone "
                                      "(torch.save(model.state_dict(), 'weights.pt'))."),
    # The window asks "Open it anyway?" below this, with an Open button: no --trust-pickle there.
    ("{0} contains code: it is a whole pickled model ({1}), not just weights. Opening it would run that code, so "
     "GradLens did not open it. If you trust its source, open it anyway (--trust-pickle; in the window: Open), or "
     "convert it once to plain weights with: {2}",
     QT_TRANSLATE_NOOP("ModelProblem", "{0} contains code: it is a whole pickled model ({1}), not just weights. "
                                       "Opening it would run that code, so GradLens did not open it. If you trust "
                                       "its source, you may open it anyway, or convert it once to plain weights "
                                       "with: {2}")),
    NOT_A_MODEL,
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is not a model file (neither a PyTorch file nor a pickle)"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is damaged (cut short or corrupted): {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "cannot read {0}: {1}"),
    # A GradLens file that contradicts itself: nothing the window could ask opens it (core/models/modelfile.py).
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is damaged: it says {1}, but holds a {2}'s weights; no option opens it, "
                                      "use an undamaged copy"),
    NAMES_FOR_OUTPUTS,
    QT_TRANSLATE_NOOP("ModelProblem", "the file was written by a newer GradLens (format {0}); update GradLens"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} is a GradLens model file without 'state_dict' (the weights): it is "
                                      "damaged or was written by another program"),
    QT_TRANSLATE_NOOP("ModelProblem", "the file holds a {0}, not a {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "the weights have no {0} classifier head ({1})"),
    QT_TRANSLATE_NOOP("ModelProblem", "the model predicts {0} classes but {1} class names were given"),
    # Model Settings' architecture, not --arch, is what the window's user chose.
    ("these weights are a {0}'s: --arch {1}, or leave --arch out",
     QT_TRANSLATE_NOOP("ModelProblem", "these weights are a {0}'s: choose {1} as the architecture")),
    # The window asks for the architecture, or for the class names, right below these (app/controller.py).
    ("these weights are a {0}'s, though the file says {1}: give --arch {2}",
     QT_TRANSLATE_NOOP("ModelProblem", "these weights are a {0}'s, though the file says {1}")),
    ("the file names {0} classes for {1} outputs: give the names with --classes {2} or --classes-file",
     QT_TRANSLATE_NOOP("ModelProblem", "the file names {0} classes for its {1} outputs")),
    QT_TRANSLATE_NOOP("ModelProblem", "no model weights found in the file (top-level keys: {0})"),
    QT_TRANSLATE_NOOP("ModelProblem", "no model weights found in the file (it holds a {0})"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} layer has the wrong shape for {1} ({2})"),
    QT_TRANSLATE_NOOP("ModelProblem", "{0} layers have the wrong shape for {1} ({2})"),
    NOT_THESE_WEIGHTS,
    QT_TRANSLATE_NOOP("ModelProblem", "the weights have no classifier head ({0})"),
    # Notes: what loading a file guessed or changed (the log says them as "model note: …").
    QT_TRANSLATE_NOOP("ModelProblem", "architecture not stated in the file; recognised as {0} from its layers"),
    QT_TRANSLATE_NOOP("ModelProblem", "the file's architecture {0} is timm's: built as {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "input size {0} as given, not the file's {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "resize mode {0} as given, not the file's {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "mean {0} as given, not the file's {1}"),
    QT_TRANSLATE_NOOP("ModelProblem", "std {0} as given, not the file's {1}"),
]
# What core/models/file_sniff.py says a file is, inside "… is not a model file: it is {1}".
WHAT_IT_IS = [
    QT_TRANSLATE_NOOP("ModelProblem", "a PNG image"), QT_TRANSLATE_NOOP("ModelProblem", "a JPEG image"),
    QT_TRANSLATE_NOOP("ModelProblem", "a GIF image"), QT_TRANSLATE_NOOP("ModelProblem", "a BMP image"),
    QT_TRANSLATE_NOOP("ModelProblem", "a PDF document"), QT_TRANSLATE_NOOP("ModelProblem", "a gzip archive"),
    QT_TRANSLATE_NOOP("ModelProblem", "an HDF5 (Keras) file"),
    QT_TRANSLATE_NOOP("ModelProblem", "a RIFF (WebP/WAV) file"),
    QT_TRANSLATE_NOOP("ModelProblem", "a safetensors file"),
    QT_TRANSLATE_NOOP("ModelProblem", "a zip archive that is not a PyTorch file"),
    QT_TRANSLATE_NOOP("ModelProblem", "text starting {0}"), QT_TRANSLATE_NOOP("ModelProblem", "text")]
# Which parameter names did not fit, inside "the weights are not a {0}: {1} parameter names", joined by "; ".
NAMES_PARTS = [QT_TRANSLATE_NOOP("ModelProblem", "missing {0} (e.g. {1})"),
               QT_TRANSLATE_NOOP("ModelProblem", "unexpected {0} (e.g. {1})")]

# How many names and outputs, inside NAMES_FOR_OUTPUTS (core/plural.py words them).
COUNTS = [QT_TRANSLATE_NOOP("ModelProblem", "{0} class"), QT_TRANSLATE_NOOP("ModelProblem", "{0} classes"),
          QT_TRANSLATE_NOOP("ModelProblem", "{0} output"), QT_TRANSLATE_NOOP("ModelProblem", "{0} outputs")]

NAMED = QT_TRANSLATE_NOOP("ModelProblem", "{0}: {1}")  # core's "x.pt: the weights …", with the window's colon

_SHAPES, _WHAT_IT_IS, _NAMES_PARTS, _COUNTS = (compiled(TEMPLATES), compiled(WHAT_IT_IS), compiled(NAMES_PARTS),
                                                compiled(COUNTS))


def said(text: str | None, file_name: str, translate=window_language) -> str | None:
    """`text`, a reason or a note about the model file `file_name`, in the language `translate` gives (the
    window's by default). Core puts the file's name before some reasons ("x.pt: the weights …")."""
    def values(template: str, found: list[str]) -> list[str]:
        if template == NOT_A_MODEL:
            found[1] = said_with(_WHAT_IT_IS, found[1], translate)
        elif template == NOT_THESE_WEIGHTS:
            found[1] = "; ".join(said_with(_NAMES_PARTS, part, translate) for part in found[1].split("; "))
        elif template == NAMES_FOR_OUTPUTS:
            found[1:3] = [said_with(_COUNTS, count, translate) for count in found[1:3]]
        return found

    def known(reason: str) -> bool:
        return any(pattern.fullmatch(reason) for pattern, _ in _SHAPES)

    prefix = f"{file_name}: "
    if text and text.startswith(prefix) and not known(text) and known(text[len(prefix):]):
        return translate(NAMED).format(file_name, said_with(_SHAPES, text[len(prefix):], translate, values))
    return said_with(_SHAPES, text, translate, values)
