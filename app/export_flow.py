"""File → Export Model…: the model in use, as ONNX or TorchScript, checked against PyTorch.

A save dialog names the file; its extension (.onnx, .pt) or the chosen filter gives the format.
The export and its check (core/models/export.py) run off the GUI thread, on the open folder's
images when there are some (the pictures this model is used on), else on the bundled demo
images. The answer comes in a message box: where the file is and how closely it matched, or in
one line why there is no file.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QFileDialog, QMessageBox

from app.paths import dialog_start
from core.models.export_metadata import SUFFIXES, TORCHSCRIPT_EXTRA, format_for
from ui.run_failure_text import failure_said
from ui.widgets.background import run_in_background

CHECK_IMAGES = 64  # paths handed to the check, which reads the first 8 readable ones spread over them


class ExportFlow(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.busy = False  # an export is running: the action stays off until it is done
        self.box: QMessageBox | None = None  # the last result, for tests and screenshots
        self.path = ""  # the file the export running or last run writes
        controller.window.export_model.triggered.connect(self.export)

    def filters(self) -> list[str]:
        tr = self.controller.window.tr
        return [tr("ONNX, for onnxruntime and other runtimes (*.onnx)"),
                tr("TorchScript, for PyTorch and LibTorch without GradLens (*.pt)")]

    def export(self) -> None:
        loaded, window = self.controller.loaded, self.controller.window
        if loaded is None or self.busy:
            return
        folder = dialog_start(os.path.dirname(os.path.abspath(loaded.path)) if loaded.path else None)
        start = os.path.join(folder, (Path(loaded.path).stem if loaded.path else loaded.arch) + ".onnx")
        filters = self.filters()
        path, chosen = QFileDialog.getSaveFileName(window, window.tr("Export Model"), start, ";;".join(filters))
        if not path:
            return
        fmt = format_for(path, "torchscript" if chosen == filters[1] else "onnx")
        replace = True  # the dialog asked before a file was replaced
        if not Path(path).suffix:
            path += SUFFIXES[fmt]
            replace = False  # a name the dialog did not see
        self.path = path
        paths = self.controller.paths
        images = paths[:: max(1, len(paths) // CHECK_IMAGES)][:CHECK_IMAGES] if paths else None

        def work():
            from core.models.export import ExportError, export_model
            from core.models.export_check import CheckInputError
            try:
                return export_model(loaded, fmt, path, overwrite=replace, check_images=images)
            except CheckInputError:  # the open folder's images are all unreadable: the demo's will do
                return export_model(loaded, fmt, path, overwrite=replace)
            except (ExportError, FileExistsError) as error:
                return error  # a sentence for the user, not a crash report
            except OSError as error:  # a full disk, a folder that cannot be written: said by _done, not a traceback
                return error
        self.busy = True
        self.controller._update_actions()
        window.statusBar().showMessage(window.tr("Exporting the model to {0}…").format(path))
        run_in_background(work, self._done, self._failed, owner=window)

    def _done(self, result) -> None:
        if isinstance(result, OSError) and not isinstance(result, FileExistsError):
            self._failed(unwritten_in_words(result, self.path, self.controller.window.tr))
            return
        if isinstance(result, Exception):  # core's sentence (ExportError, FileExistsError), in the window's words
            self._failed(failure_said(str(result)))
            return
        self.busy = False
        self.controller._update_actions()
        window = self.controller.window
        window.statusBar().showMessage(window.tr("Exported the model to {0}").format(result.path), 10000)
        window.append_log(written_in_words(result, window.tr))
        window.append_log(check_in_words(result.check, window.tr))
        self.box = QMessageBox(QMessageBox.Information, window.tr("Model exported"),
                               window.tr("Exported to {0}").format(result.path), QMessageBox.Ok, window)
        self.box.setInformativeText(check_in_words(result.check, window.tr))
        self.box.open()  # window-modal without a nested event loop

    def _failed(self, message: str) -> None:
        self.busy = False
        self.controller._update_actions()
        self.controller.window.statusBar().clearMessage()
        self.controller._warn(self.controller.window.tr("Cannot export model"), message)


def unwritten_in_words(error: OSError, path: str, tr) -> str:
    """Why the export's file `path` could not be written. Core leaves these to the operating system, whose words
    alone ("No space left on device", without the file) were all the box said."""
    from core.atomic import FileBusyError
    if isinstance(error, FileBusyError):  # core's own sentence: the file is open in another program
        return failure_said(str(error))
    where = os.path.dirname(path)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return tr("the model was not exported: the disk is full (writing to {0}); free some space and export "
                  "again").format(where)
    if isinstance(error, PermissionError):
        return tr("the model was not exported: {0} cannot be written; export again and choose another "
                  "folder").format(where)
    return tr("the model was not exported: cannot write to {0} ({1})").format(where, error.strerror or error)


def written_in_words(result, tr) -> str:
    """core.models.export.ExportResult.written_line() in the window's language, made from the result's parts (its
    English line showed in a Chinese window's log)."""
    from core.models.export import ONNX_OPSET  # torch is in by now: the export ran
    size = f"{result.size / 1e6:.1f}"
    if result.format == "onnx":
        return tr("wrote {0} ({1} MB): ONNX opset {2}, dynamic batch, class names and preprocessing in its "
                  "metadata").format(result.path, size, ONNX_OPSET)
    return tr("wrote {0} ({1} MB): TorchScript (traced), any batch size, class names and preprocessing in its "
              "{2}").format(result.path, size, TORCHSCRIPT_EXTRA)


def check_in_words(check, tr) -> str:
    """core.models.export_check.ExportCheck.line() in the window's language, made from the check's parts
    (its English line showed in a Chinese window)."""
    sources = {"the open folder": tr("the open folder"), "no images at hand": tr("no images at hand")}
    source = sources.get(check.source, check.source)  # else a folder's path
    if check.inputs == "random inputs":
        inputs = tr("{0} random inputs ({1})").format(check.count, source)
    else:
        inputs = (tr("1 image from {0}").format(source) if check.count == 1
                  else tr("{0} images from {1}").format(check.count, source))
    kind, limit, relative = check.bound()
    why = tr(", 1e-5 of the largest |logit|, {0:.0f}").format(check.scale) if relative else ""
    bound = (tr("≤ {0}{1}") if kind == "within" else tr("more than the {0} allowed{1}")).format(limit, why)
    return tr("checked on {0}: max |Δlogit| {1:.1e} ({2}), same top-1 on {3}/{4}").format(
        inputs, check.max_diff, bound, check.same_top1, check.count)
