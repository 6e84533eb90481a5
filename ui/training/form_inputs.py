"""Where the training form's paths come from besides typing: Browse… dialogs and drag and drop.

A folder dropped anywhere on the form is the dataset (not its URL as text in whichever field was
under the mouse); the output and weights fields keep what is dropped on them.
"""
from __future__ import annotations

import os

from PyQt5.QtCore import QEvent
from PyQt5.QtWidgets import QFileDialog, QLineEdit

from ui.widgets.folder_dialog import choose_writable_folder


def _start(typed: str) -> str:
    """Where a Browse… dialog opens: at what the field names, or in the user's home folder. With an empty field Qt
    opened the folder the program was started from, a new user's first look: app/, benchmarks/, core/…"""
    return typed.strip() or os.path.expanduser("~")


class FolderInputs:
    """Mixed into TrainForm, which provides _data, _out, _pretrained_file, _content, _controls, _last_dataset,
    _scanned_classes, _classes_pause, set_dataset_split(), check_output_folder() (form_output_check.py) and the
    datasetChosen and datasetGone signals."""

    def _dataset_maybe_chosen(self, again: bool = False) -> None:
        """datasetChosen when the field names another existing folder, or the same one `again` (browsed or
        dropped again: its folders may have changed since)."""
        path = self._data.text().strip()
        if path and (again or path != self._last_dataset) and os.path.isdir(path):
            self._last_dataset = path
            self._scanned_classes = self._controls["classes"].value()
            self.datasetChosen.emit(path)
        elif self._last_dataset is not None and not (path and os.path.isdir(path)):
            # No folder there (any more): the last one's classes and split must not stay on show as if they were this one's.
            self._last_dataset = None
            self.set_dataset_split(None)
            self.datasetGone.emit()

    def announce_folders(self) -> None:
        """What typing the folders the form holds now (the last session's, or a preset's: set_values is quiet)
        sets off: datasetChosen, so the window shows the dataset's classes and split (a preset may name other
        classes), and the output folder tried on the disk. A preset's /sys/gradlens_runs was found only by Start."""
        self._dataset_maybe_chosen(again=True)
        self.check_output_folder()

    def _classes_maybe_changed(self) -> None:
        """The Classes field says which class folders the scan looks at (an empty one left out is no problem):
        the folder is scanned again for new classes, once the typing pauses or the field is left."""
        self._classes_pause.stop()
        if (self._last_dataset and self._data.text().strip() == self._last_dataset
                and self._controls["classes"].value() != self._scanned_classes):
            self._dataset_maybe_chosen(again=True)

    def _set_dataset(self, path: str) -> None:
        self._data.setText(path)  # emits changed through textChanged
        self._dataset_maybe_chosen(again=True)

    def _browse_data(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the dataset folder"), _start(self._data.text()))
        if path:
            self._set_dataset(path)

    def _browse_out(self) -> None:
        path = choose_writable_folder(self, self.tr("Choose the output folder"), self._out.text())
        if path:
            self._out.setText(path)

    def _browse_pretrained(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose pretrained weights"),
                                              _start(self._pretrained_file.text()),
                                              self.tr("PyTorch weights (*.pt *.pth *.bin);;All files (*)"))
        if path:
            self._pretrained_file.setText(path)

    @staticmethod
    def _dropped_path(event) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return urls[0].toLocalFile() or None if urls else None

    def _drop_target(self, watched) -> QLineEdit:
        """The output and weights fields take what is dropped on them; every other field gives it to Dataset."""
        return watched if watched in (self._out, self._pretrained_file) else self._data

    def _accepts(self, target: QLineEdit, path: str | None) -> bool:
        if not path:
            return False
        return os.path.isfile(path) if target is self._pretrained_file else os.path.isdir(path)

    def _drop(self, target: QLineEdit, path: str) -> None:
        if target is self._data:
            self._set_dataset(path)
        else:
            target.setText(path)

    def eventFilter(self, watched, event):
        if event.type() in (QEvent.DragEnter, QEvent.DragMove, QEvent.Drop) and isinstance(watched, QLineEdit):
            target, path = self._drop_target(watched), self._dropped_path(event)
            if not self._accepts(target, path):
                return False  # plain text drags keep the line edit's own behaviour
            event.acceptProposedAction()
            if event.type() == QEvent.Drop and self._content.isEnabled():
                self._drop(target, path)
            return True
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event):
        if self._content.isEnabled() and self._accepts(self._data, self._dropped_path(event)):
            event.acceptProposedAction()

    def dropEvent(self, event):
        path = self._dropped_path(event)
        if self._content.isEnabled() and self._accepts(self._data, path):
            event.acceptProposedAction()
            self._set_dataset(path)

