"""Qt's own file dialog at a size one can browse in, then at the size the user last gave it.

Where the desktop offers no native dialog (openbox, plain X11, most set-ups of pip's Qt outside
GNOME and KDE), Qt's dialog opens at about 630×415 px: five rows of files and a sidebar that cuts
folder names. Every file dialog of the program is one of Qt's static functions, which build a new
dialog each time and forget its size, so one filter on the application sizes them all as they
show. Native dialogs are not widgets of ours and are left to the desktop.
"""
from __future__ import annotations

from PyQt5.QtCore import QEvent, QObject, QSize
from PyQt5.QtWidgets import QApplication, QFileDialog, QSplitter

KEY_SIZE = "interface/fileDialogSize"
FIRST_SIZE = QSize(900, 580)  # px, at most SCREEN_SHARE of the screen
SCREEN_SHARE = 0.85
SIDEBAR = 190  # px: "Computer", the home folder and a few bookmarks, whole


class FileDialogSizer(QObject):
    """Sizes each Qt file dialog on its first show and remembers the size it had when it closed."""

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings

    def eventFilter(self, watched, event):
        kind = event.type()
        if kind in (QEvent.Show, QEvent.Hide) and isinstance(watched, QFileDialog):
            if kind == QEvent.Show and not watched.property("gradlensSized"):
                watched.setProperty("gradlensSized", True)
                self._size(watched)
            elif kind == QEvent.Hide and watched.property("gradlensSized"):
                self.settings.setValue(KEY_SIZE, watched.size())
        return False

    def _size(self, dialog: QFileDialog) -> None:
        saved = self.settings.value(KEY_SIZE)
        wanted = saved if isinstance(saved, QSize) and saved.isValid() else FIRST_SIZE
        screen = dialog.screen().availableGeometry()
        size = wanted.boundedTo(QSize(int(screen.width() * SCREEN_SHARE), int(screen.height() * SCREEN_SHARE)))
        dialog.resize(size.expandedTo(dialog.minimumSizeHint()))
        centre = (dialog.parentWidget().window().frameGeometry() if dialog.parentWidget() else screen).center()
        dialog.move(centre - dialog.rect().center())
        splitter = dialog.findChild(QSplitter, "splitter")
        if splitter is not None and splitter.count() == 2 and splitter.sizes()[0] < SIDEBAR:
            splitter.setSizes([SIDEBAR, max(1, sum(splitter.sizes()) - SIDEBAR)])


def size_file_dialogs(app: QApplication, settings) -> FileDialogSizer:
    """Install the sizer once per application; a later call (a window built again) only changes the settings."""
    sizer = app.findChild(FileDialogSizer)
    if sizer is None:
        sizer = FileDialogSizer(settings, app)
        app.installEventFilter(sizer)
    sizer.settings = settings
    return sizer
