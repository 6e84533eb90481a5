"""The dialog shown while pretrained weights download before training starts: which file, from
where, how far ("12.3 of 44.7 MB · 3.1 MB/s") and Cancel.

A view only: app/weights_flow.py runs the download off the GUI thread and feeds it. Closing the
dialog (Esc, the title bar's ×) is the same as Cancel; the dialog stays up until the download has
actually stopped, so Start cannot begin a second one meanwhile.
"""
from __future__ import annotations

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout

from ui.training.form_extras import MEBIBYTE
from ui.widgets.retranslate import Retranslating

PROGRESS_STEPS = 1000  # the bar's resolution; QProgressBar holds an int, files exceed 2 GB


def amount_text(done: int, total: int | None, tr) -> str:
    """"12.3 of 44.7 MB", or "12.3 MB" when the size is not known."""
    if total:
        return tr("{0:.1f} of {1:.1f} MB").format(done / MEBIBYTE, total / MEBIBYTE)
    return tr("{0:.1f} MB").format(done / MEBIBYTE)


def progress_text(done: int, total: int | None, bytes_per_second: float, tr) -> str:
    """"12.3 of 44.7 MB · 3.1 MB/s"."""
    return amount_text(done, total, tr) + " · " + tr("{0:.1f} MB/s").format(bytes_per_second / MEBIBYTE)


class WeightsDownloadDialog(Retranslating, QDialog):
    cancelRequested = pyqtSignal()

    def __init__(self, parent, file_name: str, url: str):
        super().__init__(parent, objectName="weightsDownload")
        self.setWindowModality(Qt.WindowModal)
        self.setMinimumWidth(440)
        self._file_name, self._url = file_name, url
        self.file = QLabel(objectName="downloadFile")
        self.source = QLabel(objectName="downloadSource", wordWrap=True)
        self.source.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.source.setEnabled(False)  # the dimmed text colour: a detail
        self.bar = QProgressBar(objectName="downloadProgress")
        self.bar.setRange(0, 0)  # busy until the first bytes say how big the file is
        self.amount = QLabel(objectName="downloadAmount")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.cancel = self.buttons.button(QDialogButtonBox.Cancel)
        self.cancel.setObjectName("cancelDownload")
        self.cancel.clicked.connect(self._cancel)
        column = QVBoxLayout(self)
        for widget in (self.file, self.source, self.bar, self.amount):
            column.addWidget(widget)
        column.addWidget(self.buttons)
        self._cancelling = False
        self._done, self._total, self._rate = 0, None, None  # no rate yet: still connecting
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Downloading pretrained weights"))
        self.file.setText(self.tr("Downloading {0}").format(self._file_name))
        self.source.setText(self.tr("from {0}").format(self._url))
        self.cancel.setToolTip(self.tr("Stop the download; training does not start. Start again resumes it"))
        if self._cancelling:
            self.amount.setText(self.tr("Cancelling…"))
        elif self._rate is None:
            self.amount.setText(self.tr("Connecting…"))
        else:
            self.amount.setText(progress_text(self._done, self._total, self._rate, self.tr))

    def arrived(self) -> str:
        """How much has arrived so far: "12.3 of 44.7 MB"."""
        return amount_text(self._done, self._total, self.tr)

    def set_progress(self, done: int, total: int | None, bytes_per_second: float) -> None:
        self._done, self._total, self._rate = done, total, bytes_per_second
        if total:
            self.bar.setRange(0, PROGRESS_STEPS)
            self.bar.setValue(int(PROGRESS_STEPS * min(done, total) / total))
        if not self._cancelling:
            self.amount.setText(progress_text(done, total, bytes_per_second, self.tr))

    def _cancel(self) -> None:
        if not self._cancelling:
            self._cancelling = True
            self.cancel.setEnabled(False)
            self.amount.setText(self.tr("Cancelling…"))
            self.cancelRequested.emit()

    def reject(self) -> None:  # Esc and the title bar's ×: cancel; the flow closes the dialog once stopped
        self._cancel()

    def finish(self) -> None:
        """The download has ended (done, cancelled or failed): close for real."""
        self._cancelling = True
        super().reject()
