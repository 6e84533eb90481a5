"""Heatmap → Compare Methods…: every method's heatmap for the image on screen, side by side.

One cell per method: its overlay, how faithful it is (what removing its highlighted 20 % does to the
explained class, against a random 20 %), how long it took, a warning when the map shows nothing, and
"Use this one". Cells fill as the app's worker sends results (duck-typed: ui never imports torch);
the current method's cell is highlighted. Non-modal: the main window stays usable beside it.
"""
from __future__ import annotations

import html

from PyQt5.QtCore import QSize, Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.theme_colours import colour_name
from ui.viewer.caption import degenerate_map_html, faithfulness_html, verdict_colour
from ui.widgets.qimage import rgb_to_pixmap
from ui.widgets.retranslate import Retranslating

THUMB = 176  # px: the overlay's longer side in a cell
CELL_WIDTH = THUMB + 60  # the verdict's numbers fit on one line
# Per cell (setStyleSheet repaints at once; a property selector needs an unreliable re-polish).
STYLE = "QFrame#cell { border: 1px solid palette(mid); border-radius: 4px; margin: 2px; }"  # 3 px either way
CURRENT_STYLE = "QFrame#cell { border: 3px solid palette(highlight); border-radius: 4px; margin: 0; }"


def seconds_text(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


class MethodCell(Retranslating, QFrame):
    """One method: name, overlay, verdict line, time, a note, and its "Use this one" button."""

    def __init__(self, method: str, label: str, translator, parent=None):
        super().__init__(parent)
        self.method, self._tr = method, translator
        self.setObjectName("cell")
        self.setProperty("current", False)
        self.setStyleSheet(STYLE)
        self.setFixedWidth(CELL_WIDTH)
        self.name = QLabel(f"<b>{html.escape(label)}</b>", objectName="name", alignment=Qt.AlignCenter)
        self.picture = QLabel(objectName="picture", alignment=Qt.AlignCenter, wordWrap=True)
        self.picture.setFixedSize(THUMB, THUMB)
        self.verdict = QLabel(objectName="verdict", alignment=Qt.AlignCenter, wordWrap=True)
        self.time = QLabel(objectName="time", alignment=Qt.AlignCenter)
        self.note = QLabel(objectName="note", alignment=Qt.AlignCenter, wordWrap=True)
        self.note.setStyleSheet(f"color: {colour_name('warning')}")  # follows View → Theme (app/theme.py)
        self.note.hide()
        self.use = QPushButton(self.tr("Use this one"), objectName="use")
        self.use.setEnabled(False)
        self._result = None  # what set_result was given, to say it again after a language switch
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 8)
        column.setSpacing(4)
        column.addWidget(self.name)
        column.addWidget(self.picture, 0, Qt.AlignHCenter)
        for widget in (self.verdict, self.time, self.note):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.use)
        self.waiting()

    @property
    def filled(self) -> bool:
        return self.property("filled") is True

    def retranslate(self) -> None:
        if self._result is not None:
            self.set_result(*self._result)
        elif self.picture.pixmap() is None or self.picture.pixmap().isNull():
            self.picture.setText(self.tr("computing…") if self.property("computing") else self.tr("waiting…"))
        self.set_current(bool(self.property("current")))

    def waiting(self) -> None:
        self.setProperty("filled", False)
        self.setProperty("computing", False)
        self._result = None
        self.picture.clear()
        self.picture.setText(self.tr("waiting…"))
        self.verdict.clear()
        self.time.clear()
        self.note.hide()
        self.use.setEnabled(False)

    def computing(self) -> None:
        self.setProperty("computing", True)
        self.picture.setText(self.tr("computing…"))

    def set_result(self, result, explained: str) -> None:
        """`result`: .overlay (RGB uint8 or None), .score (a Faithfulness or None), .seconds, .note
        (None or a core.explain.map_quality key), .error (why the method could not run, or None)."""
        self.setProperty("filled", True)
        self._result = (result, explained)
        self.time.setText(self.tr("time: {0}").format(seconds_text(result.seconds)))
        if result.error:
            self.picture.setText(result.error)
            self.picture.setToolTip(result.error)
            self.verdict.setText(self.tr("cannot run"))
            self.use.setEnabled(False)
            return
        pixmap = rgb_to_pixmap(result.overlay)
        if max(pixmap.width(), pixmap.height()) != THUMB:
            pixmap = pixmap.scaled(THUMB, THUMB, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.picture.setPixmap(pixmap)
        self.use.setEnabled(not self.property("current"))
        if result.note:
            short = {"flat": self.tr("⚠ flat map: it shows nothing"), "zero": self.tr("⚠ empty map: it shows nothing"),
                     "weak": self.tr("⚠ too weak to mean anything"), "nan": self.tr("⚠ could not be computed")}
            self.note.setText(short.get(result.note, "⚠ " + result.note))
            if result.note in short:
                self.note.setToolTip(degenerate_map_html(self._tr, result.note).removeprefix("<br>"))
            self.note.show()
        score = result.score
        if score is None:
            self.verdict.setText(self.tr("not scored"))
            return
        words = {"faithful": self.tr("faithful"), "weak": self.tr("weak"), "unfaithful": self.tr("not faithful"),
                 "inconclusive": self.tr("cannot be tested")}
        colour = verdict_colour(score.verdict)
        numbers = self.tr("{0:.0%} → {1:.0%} (random {2:.0%})").format(score.before, score.after, score.after_random)
        self.verdict.setText(f"<span style='color:{colour}'><b>{html.escape(words.get(score.verdict, score.verdict))}"
                             f"</b></span><br>{html.escape(numbers)}")
        self.verdict.setToolTip(faithfulness_html(self._tr, score, explained).removeprefix("<br>"))

    def set_current(self, current: bool) -> None:
        self.setProperty("current", current)
        self.use.setText(self.tr("In use") if current else self.tr("Use this one"))
        self.use.setEnabled(not current and self.filled and self.picture.pixmap() is not None
                            and not self.picture.pixmap().isNull())
        self.setStyleSheet(CURRENT_STYLE if current else STYLE)


class CompareDialog(Retranslating, QDialog):
    """start() lays out a cell per method; add_result() fills one; useMethod(name) when a cell's
    "Use this one" is clicked; `finished` (QDialog's) when it closes, which the app takes as Cancel."""

    useMethod = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("compare_methods")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self._tr = parent if parent is not None else self  # whose tr() the shared caption texts use
        self.cells: dict[str, MethodCell] = {}
        self._current: str | None = None
        self._image, self._explained = "", None
        self._columns = 0
        self.header = QLabel(objectName="header", wordWrap=True, textFormat=Qt.RichText)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setSpacing(10)
        self.grid.setAlignment(Qt.AlignTop | Qt.AlignHCenter)
        self.scroll = QScrollArea(objectName="cells", widgetResizable=True)
        self.scroll.setWidget(self.grid_widget)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.status = QLabel(objectName="status")
        self.status.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self._status = str  # says the status line in the current language
        self.retranslate()

    def retranslate(self) -> None:  # the cells retranslate themselves
        self.setWindowTitle(self.tr("Compare Methods"))
        self.set_header(self._explained)
        self.status.setText(self._status())

    def _say_status(self, say) -> None:
        self._status = say
        self.status.setText(say())

    def sizeHint(self) -> QSize:
        """Four columns and three rows where the screen has room; the scroll area takes the rest."""
        wanted = QSize(4 * (CELL_WIDTH + 10) + 60, 3 * 280 + 90)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            return wanted
        return wanted.boundedTo(QSize(int(screen.width() * 0.9), int(screen.height() * 0.85)))

    def thumbnail_pixels(self) -> int:
        """The overlay size the worker should make, in device pixels."""
        return round(THUMB * self.devicePixelRatioF())

    # --- what the app calls ---------------------------------------------------------------------
    def start(self, image_name: str, methods: list[tuple[str, str]], current: str | None) -> None:
        """New comparison: `methods` are (name, shown as), in the order they will be computed."""
        for cell in self.cells.values():
            cell.deleteLater()
        self.cells = {}
        for method, label in methods:
            cell = MethodCell(method, label, self._tr, self.grid_widget)
            cell.use.clicked.connect(lambda _=False, m=method: self.useMethod.emit(m))
            self.cells[method] = cell
        self._columns = 0
        self._reflow()
        self._image = image_name
        self.set_header(None)
        self.set_current(current)
        if methods:
            self.cells[methods[0][0]].computing()
        self._say_status(lambda: self.tr("Computing {0} heatmaps…").format(len(methods)))

    def set_header(self, explained: str | None) -> None:
        self._explained = explained
        if not self._image:
            return
        text = self.tr("<b>{0}</b> — each method's heatmap").format(html.escape(self._image))
        if explained:
            text = self.tr("<b>{0}</b> — each method's heatmap for <b>{1}</b>").format(
                html.escape(self._image), html.escape(explained))
        self.header.setText(text)

    def add_result(self, result) -> None:
        """A method is done (`result.method`, `.explained` and what MethodCell.set_result reads)."""
        cell = self.cells.get(result.method)
        if cell is None:
            return
        if result.explained and not self._explained:
            self.set_header(result.explained)
        cell.set_result(result, result.explained or "")
        cell.set_current(result.method == self._current)
        waiting = [c for c in self.cells.values() if not c.filled]
        if waiting:
            waiting[0].computing()
            done = len(self.cells) - len(waiting)
            self._say_status(lambda: self.tr("{0} of {1} done…").format(done, len(self.cells)))

    def finish(self, seconds: float) -> None:
        self._say_status(lambda: self.tr("All {0} methods in {1}").format(len(self.cells), seconds_text(seconds)))

    def set_current(self, method: str | None) -> None:
        self._current = method
        for name, cell in self.cells.items():
            cell.set_current(name == method)

    # --- layout ---------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        spacing = self.grid.spacing()
        width = self.scroll.viewport().width() - 20
        columns = max(1, (width + spacing) // (CELL_WIDTH + spacing))
        if columns == self._columns:
            return
        self._columns = columns
        for cell in self.cells.values():
            self.grid.removeWidget(cell)
        for position, cell in enumerate(self.cells.values()):
            self.grid.addWidget(cell, position // columns, position % columns)
            cell.show()  # at once, not after the next event (what a layout does for a visible parent)
