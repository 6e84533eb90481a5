"""Choosing a folder to write into, which may not exist yet: a name typed into the dialog is created.

Qt's own folder dialog refuses a path that does not exist ("Directory not found"), so choosing
where results go meant leaving the program to make a folder first. Native dialogs (GTK's) have a
button for it and are used where the platform offers them; this only changes Qt's own dialog.
"""
from __future__ import annotations

import os

from PyQt5.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox


class WritableFolderDialog(QFileDialog):
    def __init__(self, parent, title: str, start: str):
        super().__init__(parent, title, start)
        self.setFileMode(QFileDialog.Directory)
        self.setOption(QFileDialog.ShowDirsOnly, True)
        self.created = ""  # the folder this dialog made, if the name typed did not exist
        self._field = self.findChild(QLineEdit, "fileNameEdit")  # None where a native dialog is used
        buttons = self.findChild(QDialogButtonBox, "buttonBox")
        self._accept_button = buttons.button(QDialogButtonBox.Open) if buttons is not None else None
        if self._field is not None and self._accept_button is not None:
            # Qt disables the button for a name that does not exist; connected after Qt's own slot,
            # this enables it again for a new folder inside an existing one.
            self._field.textChanged.connect(self._allow_new_folder)

    def _typed_path(self) -> str:
        typed = self._field.text().strip().strip('"') if self._field is not None else ""
        if not typed:
            return ""
        typed = os.path.expanduser(typed)
        return typed if os.path.isabs(typed) else os.path.join(self.directory().absolutePath(), typed)

    def _allow_new_folder(self) -> None:
        path = self._typed_path()
        if path and not os.path.exists(path) and os.path.isdir(os.path.dirname(path.rstrip(os.sep)) or os.sep):
            self._accept_button.setEnabled(True)

    def accept(self) -> None:
        path = self._typed_path()
        if path:
            if not os.path.exists(path):
                try:
                    os.makedirs(path)
                except OSError as error:
                    QMessageBox.warning(self, self.windowTitle(), self.tr("Cannot create {0}: {1}").format(
                        path, error.strerror or error))
                    return
                self.created = path
                self.selectFile(path)
        super().accept()


def choose_writable_folder(parent, title: str, start: str) -> str:
    """The chosen folder (created if it was typed and did not exist), or "" when cancelled."""
    return choose_new_or_existing_folder(parent, title, start)[0]


def choose_new_or_existing_folder(parent, title: str, start: str) -> tuple[str, bool]:
    """The chosen folder and whether the dialog created it (so that a question declined after it can
    take the empty folder away again), or ("", False) when cancelled."""
    dialog = WritableFolderDialog(parent, title, start)
    if dialog.exec_() != QFileDialog.Accepted or not dialog.selectedFiles():
        return "", False
    chosen = dialog.selectedFiles()[0]
    return chosen, bool(dialog.created) and os.path.normpath(dialog.created) == os.path.normpath(chosen)
