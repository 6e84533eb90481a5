"""What the dataset scan found: images per class and split as bars, totals, warnings, bad files.

It shows `DatasetSummary.to_dict()` from core/data/audit.py as a plain dict (class_names, counts
{split: {class: n}}, unreadable [(path, reason)], duplicates [[paths]], duplicates_within,
warnings [str]); the scan itself runs in an app worker. The chart is painted by hand: one row per
class, a thin bar per split, all bars on one scale so class imbalance and split sizes both show.
"""
from __future__ import annotations

import math

from PyQt5.QtCore import QEvent, QLocale, QRectF, QSize, Qt
from PyQt5.QtGui import QColor, QFontMetrics, QFontMetricsF, QPainter
from PyQt5.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.file_problem_text import said
from ui.theme_colours import colour as theme_colour
from ui.training.problem_text import translate_problem
from ui.training.unreadable_list import UnreadableList
from ui.widgets.formatting import as_sentence

SPLITS = ("train", "val", "test")  # core/data/splits.py; other split names follow in their given order
SPLIT_ROLES = {"train": "split_train", "val": "split_val", "test": "split_test"}  # ui/theme_colours.py
MARGIN, BAR, BAR_GAP, GROUP_GAP, COLUMN_GAP = 6, 9, 2, 9, 8
NAME_SHARE = 0.35  # class names get at most this share of the width
MAX_LIST_ROWS = 6  # warnings / unreadable lists grow to this many rows, then scroll


def _n(value: int) -> str:
    return QLocale().toString(int(value))


def split_name(split: str, tr) -> str:
    """A split as shown: train, val and test in the interface language, other names as they are."""
    return {"train": tr("train"), "val": tr("val"), "test": tr("test")}.get(split, split)


def split_order(counts: dict) -> list[str]:
    return [s for s in SPLITS if s in counts] + [s for s in counts if s not in SPLITS]


class ClassBars(QWidget):
    """Grouped horizontal bars: for each class, one bar per split; a legend with split totals on top."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._classes: list[str] = []
        self._splits: list[str] = []
        self._counts: dict[str, dict[str, int]] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def set_counts(self, class_names: list[str], counts: dict[str, dict[str, int]]) -> None:
        self._classes = list(class_names)
        self._splits = split_order(counts)
        self._counts = {s: {c: int(n) for c, n in counts[s].items()} for s in self._splits}
        self.updateGeometry()
        self.update()

    def count(self, split: str, name: str) -> int:
        return self._counts.get(split, {}).get(name, 0)

    def bar_values(self) -> list[tuple[str, str, int]]:
        """(class, split, images) for every bar, in the order painted (top to bottom)."""
        return [(name, split, self.count(split, name)) for name in self._classes for split in self._splits]

    def shown_names(self) -> list[str]:
        """The class names as painted: whole where they fit, elided in the middle where they do not."""
        start, _, _ = self._columns()
        width = int(start - MARGIN - COLUMN_GAP)
        return [self.fontMetrics().elidedText(name, Qt.ElideMiddle, width) for name in self._classes]

    def bar_fractions(self) -> list[float]:
        """Each painted bar's length as a fraction of the longest possible bar, in bar_values() order."""
        return [bar.width() / track.width() for _, _, bar, track, _ in self._bars()]

    def colour(self, split: str) -> QColor:
        return theme_colour(SPLIT_ROLES.get(split, "split_other"), self.palette())

    # --- geometry ------------------------------------------------------------------------------
    def _group_height(self) -> int:
        return len(self._splits) * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP

    def _legend_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        height = 2 * MARGIN + self._legend_height() + len(self._classes) * max(self._group_height(),
                                                                                self.fontMetrics().height() + 4)
        return QSize(420, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("x" * 24), self.sizeHint().height())

    def _columns(self) -> tuple[float, float, float]:
        """x of the bars' start, the track width, the count column width."""
        small = QFontMetrics(self._small_font())
        biggest = max([n for c in self._counts.values() for n in c.values()] + [0])
        values = small.horizontalAdvance(_n(biggest)) + 4
        # Measured unrounded and rounded up: QFontMetrics rounds a width to whole pixels, down for some
        # names (39.3 px -> 39), and eliding to that width cut a name with all the room it needed ("Sa…al").
        exact = QFontMetricsF(self.font())
        names = max([math.ceil(exact.horizontalAdvance(c)) for c in self._classes] + [0])
        name_width = min(names, int(self.width() * NAME_SHARE))
        start = MARGIN + name_width + COLUMN_GAP
        return start, max(1.0, self.width() - MARGIN - start - values), values

    def _small_font(self):
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        return font

    def _rows(self):
        """(class, rect of its row group) for each class."""
        top = MARGIN + self._legend_height()
        height = max(self._group_height(), self.fontMetrics().height() + 4)
        return [(name, QRectF(0, top + i * height, self.width(), height)) for i, name in enumerate(self._classes)]

    def _bars(self):
        """(class, split, bar, track, count) rects/values for every bar."""
        start, track_width, _ = self._columns()
        biggest = max([n for c in self._counts.values() for n in c.values()] + [1])
        bars = []
        for name, row in self._rows():
            top = row.top() + (row.height() - self._group_height() + GROUP_GAP) / 2
            for i, split in enumerate(self._splits):
                n = self.count(split, name)
                track = QRectF(start, top + i * (BAR + BAR_GAP), track_width, BAR)
                bar = QRectF(track.left(), track.top(), track_width * n / biggest, BAR)
                bars.append((name, split, bar, track, n))
        return bars

    # --- painting ------------------------------------------------------------------------------
    def paintEvent(self, event):
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.Antialiasing)
            fm = self.fontMetrics()
            text = self.palette().color(self.foregroundRole())
            if not self._classes:
                painter.setPen(text)
                painter.drawText(self.rect(), int(Qt.AlignCenter), self.tr("No classes found"))
                return
            # Legend: a swatch, the split name and its total.
            x, y = MARGIN, MARGIN
            for split in self._splits:
                label = split_name(split, self.tr)  # the split totals are in the line above the chart
                painter.fillRect(QRectF(x, y + (fm.height() - 10) / 2, 10, 10), self.colour(split))
                painter.setPen(text)
                painter.drawText(QRectF(x + 14, y, fm.horizontalAdvance(label) + 2, fm.height()),
                                 int(Qt.AlignLeft | Qt.AlignVCenter), label)
                x += 14 + fm.horizontalAdvance(label) + 16
            start, _, _ = self._columns()
            for (_name, row), shown in zip(self._rows(), self.shown_names()):
                painter.setPen(text)
                painter.drawText(QRectF(MARGIN, row.top(), start - MARGIN - COLUMN_GAP, row.height()),
                                 int(Qt.AlignRight | Qt.AlignVCenter), shown)
            painter.setFont(self._small_font())
            small = painter.fontMetrics()
            track_colour = self.palette().color(self.palette().Midlight)
            for _name, split, bar, track, n in self._bars():
                painter.fillRect(track, track_colour)
                painter.fillRect(bar, self.colour(split))
                painter.setPen(text)
                label = _n(n)
                x = bar.right() + 3
                painter.drawText(QRectF(x, track.center().y() - small.height() / 2, small.horizontalAdvance(label) + 2,
                                        small.height()), int(Qt.AlignLeft | Qt.AlignVCenter), label)

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            for name, row in self._rows():
                if row.contains(event.pos()):
                    parts = [self.tr("{0} {1}").format(split_name(split, self.tr), _n(self.count(split, name)))
                             for split in self._splits]
                    QToolTip.showText(event.globalPos(), f"{name}: " + " · ".join(parts), self)
                    return True
        return super().event(event)


class _ChartScroll(QScrollArea):
    """As tall as the chart when there is room (the space left goes below everything), scrolls otherwise."""

    def sizeHint(self) -> QSize:
        frame = 2 * self.frameWidth()
        return self.widget().sizeHint() + QSize(frame, frame)


class DatasetSummaryView(QWidget):
    """`set_summary(dict | None)`, `set_busy(text)`, `set_error(text)`."""

    EMPTY, BUSY, ERROR, SUMMARY = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._summary: dict | None = None
        self._error: str | None = None  # the error shown, as core worded it: said again in a new language
        self._pages = QStackedWidget(objectName="pages")

        self._empty = QLabel(objectName="empty", wordWrap=True, alignment=Qt.AlignCenter)
        self._busy_label = QLabel(objectName="busy", wordWrap=True, alignment=Qt.AlignCenter)
        busy_bar = QProgressBar(objectName="busyBar", textVisible=False)
        busy_bar.setRange(0, 0)  # indeterminate: the scan reports no fraction here
        busy = QWidget()
        column = QVBoxLayout(busy)
        column.addStretch(1)
        column.addWidget(self._busy_label)
        column.addWidget(busy_bar)
        column.addStretch(1)
        self._error_label = QLabel(objectName="error", wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        error_icon = QLabel()
        error_icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxCritical).pixmap(32, 32))
        error = QWidget()
        row = QHBoxLayout(error)
        row.addWidget(error_icon, 0, Qt.AlignTop)
        row.addWidget(self._error_label, 1)
        error_column = QWidget()
        QVBoxLayout(error_column).addWidget(error)
        error_column.layout().addStretch(1)

        self._totals = QLabel(objectName="totals", wordWrap=True)
        self._chart = ClassBars()
        self._chart.setObjectName("chart")
        chart_scroll = self._chart_scroll = _ChartScroll(widgetResizable=True, frameShape=QFrame.NoFrame)
        chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        chart_scroll.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        chart_scroll.setWidget(self._chart)
        self._duplicates = QLabel(objectName="duplicates", wordWrap=True)
        self._warnings = QWidget(objectName="warnings")
        self._warning_rows = QVBoxLayout(self._warnings)
        self._warning_rows.setContentsMargins(0, 0, 0, 0)
        self._warning_rows.setSpacing(2)
        self._unreadable_toggle = QToolButton(objectName="unreadableToggle", checkable=True)
        self._unreadable_toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self._unreadable_toggle.setArrowType(Qt.RightArrow)
        self._unreadable_toggle.setAutoRaise(True)
        self._unreadable_toggle.setStyleSheet("QToolButton { border: none; padding: 2px; }")  # a heading
        self._unreadable_toggle.toggled.connect(self._show_unreadable)
        self._unreadable = UnreadableList()
        self._unreadable.hide()
        summary = QWidget()
        column = QVBoxLayout(summary)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._totals)
        column.addWidget(chart_scroll)
        column.addWidget(self._duplicates)
        column.addWidget(self._warnings)
        column.addWidget(self._unreadable_toggle, 0, Qt.AlignLeft)
        column.addWidget(self._unreadable)
        column.addStretch(1)

        for page in (self._empty, busy, error_column, summary):
            self._pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self._pages)
        self._busy_text: str | None = None
        self._retranslate()
        self.set_summary(None)

    def sizeHint(self) -> QSize:
        # The chart asks for its full height so that short charts need no scrolling; the tab as a
        # whole should not ask a window for thousands of pixels.
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), 36 * self.fontMetrics().height()))

    # --- public API ----------------------------------------------------------------------------
    @property
    def chart(self) -> ClassBars:
        return self._chart

    def bar_values(self) -> list[tuple[str, str, int]]:
        return self._chart.bar_values()

    def page(self) -> int:
        """EMPTY, BUSY, ERROR or SUMMARY."""
        return self._pages.currentIndex()

    def set_summary(self, summary: dict | None) -> None:
        self._summary = summary
        if summary is None:
            self._pages.setCurrentIndex(self.EMPTY)
            return
        classes = list(summary.get("class_names", []))
        counts = summary.get("counts", {})
        self._chart.set_counts(classes, counts)
        self._chart_scroll.updateGeometry()
        self._fill_totals(classes, counts)
        self._fill_duplicates(summary.get("duplicates", []), int(summary.get("duplicates_within", 0)))
        self._fill_warnings(summary.get("warnings", []))
        self._fill_unreadable(summary.get("unreadable", []))
        self._pages.setCurrentIndex(self.SUMMARY)

    def set_busy(self, text: str | None = None) -> None:
        self._busy_text = text
        self._busy_label.setText(text or self.tr("Scanning dataset…"))
        self._pages.setCurrentIndex(self.BUSY)

    def set_error(self, text: str) -> None:
        self._error = text
        self._error_label.setText(as_sentence(translate_problem(text, self.tr)))  # as the form's list says it
        self._pages.setCurrentIndex(self.ERROR)

    # --- filling -------------------------------------------------------------------------------
    def _fill_totals(self, classes: list[str], counts: dict) -> None:
        splits = split_order(counts)
        per_split = {s: sum(counts[s].values()) for s in splits}
        total = sum(per_split.values())
        parts = " · ".join(f"{split_name(s, self.tr)} {_n(per_split[s])}" for s in splits)
        self._totals.setText(self.tr("<b>{0} images</b> in {1} classes: {2}").format(_n(total), len(classes), parts))
        per_class = [sum(counts[s].get(c, 0) for s in splits) for c in classes]
        if per_class and min(per_class) > 0:
            self._totals.setToolTip(self.tr("Largest class / smallest class: {0:.1f}×").format(
                max(per_class) / min(per_class)))
        else:
            self._totals.setToolTip(self.tr("Images per split, after unreadable files are left out"))

    def _fill_duplicates(self, groups: list, within: int) -> None:
        if not groups and not within:
            self._duplicates.setText(self.tr("No duplicate files."))
            self._duplicates.setToolTip(self.tr("Every file's bytes differ from every other file's"))
            return
        text = self.tr("Groups of identical files spread over splits: {0}. Extra copies inside a split: {1}.").format(
            _n(len(groups)), _n(within))
        self._duplicates.setText(text)
        shown = [" = ".join(group) for group in groups[:10]]
        if len(groups) > 10:
            shown.append(self.tr("… and {0} more").format(len(groups) - 10))
        tip = self.tr("The same image in training and evaluation makes the scores too optimistic.")
        self._duplicates.setToolTip(tip + ("\n\n" + "\n".join(shown) if shown else ""))

    def warnings(self) -> list[str]:
        """The warning texts as shown."""
        return [label.text() for label in self._warnings.findChildren(QLabel, "warning")]

    def _fill_warnings(self, warnings: list[str]) -> None:
        while self._warning_rows.count():
            row = self._warning_rows.takeAt(0).widget()
            row.setParent(None)
            row.deleteLater()
        size = self.style().pixelMetric(QStyle.PM_SmallIconSize)
        pixmap = self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(size, size)
        for text in warnings:
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            icon = QLabel()
            icon.setPixmap(pixmap)
            # A sentence, as the problem above it: "classes with fewer than 10 training images: …" beside
            # "No duplicate files." read as cut off.
            label = QLabel(as_sentence(translate_problem(text, self.tr)), objectName="warning", wordWrap=True)
            label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
            label.setToolTip(self.tr("Worth checking before training"))
            box.addWidget(icon, 0, Qt.AlignTop)
            box.addWidget(label, 1)
            self._warning_rows.addWidget(row)
        self._warnings.setVisible(bool(warnings))

    def _fill_unreadable(self, unreadable: list) -> None:
        self._unreadable.clear()
        for path, reason in unreadable:
            reason = said(str(reason))  # core's English reason, in the window's language
            item = QTreeWidgetItem([str(path), reason])
            item.setToolTip(0, str(path))
            item.setToolTip(1, str(reason))
            self._unreadable.addTopLevelItem(item)
        self._fit_list(self._unreadable, len(unreadable))
        self._unreadable.size_columns()
        self._unreadable_toggle.setVisible(bool(unreadable))
        self._unreadable_toggle.setText(self.tr("Unreadable files left out ({0})").format(_n(len(unreadable))))
        self._show_unreadable(self._unreadable_toggle.isChecked())

    def _fit_list(self, view: QTreeWidget, rows: int) -> None:
        """Tall enough for its rows up to MAX_LIST_ROWS; the chart keeps the rest of the height."""
        row = max(view.sizeHintForRow(0) if rows else 0, view.fontMetrics().height() + 2)
        header = view.header().sizeHint().height()
        view.setMaximumHeight(header + 2 * view.frameWidth() + max(1, min(rows, MAX_LIST_ROWS)) * row + 4)

    def _show_unreadable(self, shown: bool) -> None:
        self._unreadable_toggle.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)
        self._unreadable.setVisible(shown and self._unreadable.topLevelItemCount() > 0)

    # --- translation ---------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._empty.setText(self.tr("Choose a dataset folder to see its classes, splits and any problems."))
        self._busy_label.setText(self._busy_text or self.tr("Scanning dataset…"))
        self._unreadable.setHeaderLabels([self.tr("File"), self.tr("Reason")])
        self._unreadable.size_columns()
        self._duplicates.setToolTip(self.tr("Identical files found by comparing their bytes"))
        self._error_label.setToolTip(self.tr("Why the dataset could not be scanned"))
        self._empty.setToolTip(self.tr("The dataset summary appears here"))
        self._chart.setToolTip(self.tr("Images per class in each split; hover a class for its numbers"))
        self._unreadable_toggle.setToolTip(self.tr("Files that could not be read or decoded; training leaves them out"))
        # The page shown stays: an earlier folder's summary, kept under an error or a scan in progress, had come
        # back in place of the error ("unknown classes Zebra, Yak") when the user switched language.
        if self.page() == self.SUMMARY and self._summary is not None:
            self.set_summary(self._summary)
        elif self.page() == self.ERROR and self._error is not None:
            self.set_error(self._error)
