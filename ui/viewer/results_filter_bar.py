"""The filter bar over the results table: which of a run's rows the table shows.

A search box (applied when typing pauses), the predicted class, true class and correctness
combos, a confidence range, the chip of a confusion-matrix cell filter, the "N of M shown"
count and a Clear filters button, flowing in as many rows as the width needs (ui/widgets/flow_layout.py,
also used by the training form). The bar sets a ResultsFilter (the table's proxy) and says
filtersChanged; ResultsPanel (ui/viewer/results_panel.py) keeps the table. Its texts keep the
ResultsPanel translation context, where resources/i18n has them.
"""
from __future__ import annotations

from PyQt5.QtCore import QCoreApplication, QEvent, QLocale, QTimer, pyqtSignal
from PyQt5.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ui.viewer.results_filter import ResultsFilter
from ui.viewer.results_model import ResultsModel
from ui.widgets.flow_layout import FlowLayout

SEARCH_DELAY_MS = 200  # typing re-filters 100,000 rows once the user pauses, not per key


class ResultsFilterBar(QWidget):
    """Search, class, correctness, confidence and cell filters, with the shown count, over one table."""

    filtersChanged = pyqtSignal()  # the filters changed (the visible rows may have)

    def __init__(self, model: ResultsModel, proxy: ResultsFilter, parent=None):
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self._labelled = True

        self._search = QLineEdit(objectName="search")
        self._search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._search.textChanged.connect(self._search_timer.start)
        self._search.returnPressed.connect(self._apply_search)
        self._count = QLabel(objectName="count")
        self._clear_button = QToolButton(objectName="clearFilters")
        self._clear_button.clicked.connect(self.clear_filters)
        self._clear_button.hide()  # shown while a filter is on

        self._predicted = QComboBox(objectName="predicted")
        self._true = QComboBox(objectName="trueClass")
        self._correctness = QComboBox(objectName="correctness")
        for combo in (self._predicted, self._true, self._correctness):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_combos)
        for _ in range(4):
            self._correctness.addItem("")
        for i, key in enumerate(("all", "correct", "incorrect", "errors")):
            self._correctness.setItemData(i, key)
        self._predicted.addItem("", None)
        self._true.addItem("", None)

        self._confidence_label = QLabel()
        self._lo = QDoubleSpinBox(objectName="confidenceMin")
        self._hi = QDoubleSpinBox(objectName="confidenceMax")
        for spin, value in ((self._lo, 0.0), (self._hi, 100.0)):
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
            spin.setSingleStep(5.0)
            spin.setSuffix(" %")
            spin.setValue(value)
            spin.setKeyboardTracking(False)  # filter when the user has finished typing a number
            spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # may shrink when narrow
            spin.valueChanged.connect(self._apply_confidence)
        confidence = QWidget()
        box = QHBoxLayout(confidence)
        box.setContentsMargins(3, 0, 0, 0)  # a label that starts a wrapped row must not touch the edge
        box.setSpacing(3)
        box.addWidget(self._confidence_label)
        box.addWidget(self._lo)
        box.addWidget(QLabel("–"))
        box.addWidget(self._hi)

        self._cell_chip = QToolButton(objectName="cellFilter")
        self._cell_chip.setStyleSheet("QToolButton { border: 1px solid palette(highlight); border-radius: 4px;"
                                      " padding: 1px 6px; background: palette(alternate-base); }")
        self._cell_chip.clicked.connect(lambda: self.filter_cell(None, None))
        self._cell_chip.hide()

        # Search and filters flow in as many rows as the width needs: one on a wide window, leaving
        # the height to the table.
        self._search.setMinimumWidth(self._search.fontMetrics().horizontalAdvance("x" * 24))
        flow = FlowLayout(self)
        for widget in (self._search, self._count, self._predicted, self._true, self._correctness, confidence,
                       self._cell_chip, self._clear_button):
            flow.addWidget(widget)

        for signal in (self._proxy.rowsInserted, self._proxy.rowsRemoved, self._proxy.modelReset,
                       self._model.rowsInserted, self._model.modelReset):
            signal.connect(self._update_count)
        self._retranslate()

    def count_label(self) -> QLabel:
        """The "N of M shown" label."""
        return self._count

    def set_class_names(self, names: list[str]) -> None:
        for combo in (self._predicted, self._true):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)
        self._apply_combos()

    def set_labelled(self, labelled: bool) -> None:
        """Without true classes the true-class combo hides and Correct / Incorrect are disabled."""
        self._labelled = bool(labelled)
        self._true.setVisible(self._labelled)
        for i in (1, 2):  # Correct / Incorrect mean nothing without true classes
            self._correctness.model().item(i).setEnabled(self._labelled)
        if not self._labelled:
            self._true.setCurrentIndex(0)
            if self._correctness.currentIndex() in (1, 2):
                self._correctness.setCurrentIndex(0)

    def clear_filters(self) -> None:
        for widget in (self._predicted, self._true, self._correctness, self._lo, self._hi):
            widget.blockSignals(True)
        self._search.clear()  # its signals on: the field hides its own clear button on textChanged
        self._search_timer.stop()
        self._predicted.setCurrentIndex(0)
        self._true.setCurrentIndex(0)
        self._correctness.setCurrentIndex(0)
        self._lo.setValue(0.0)
        self._hi.setValue(100.0)
        for widget in (self._predicted, self._true, self._correctness, self._lo, self._hi):
            widget.blockSignals(False)
        self._cell_chip.hide()
        self._proxy.clear_filters()
        self._filters_changed()

    def filter_cell(self, true_name: str | None, predicted_name: str | None) -> None:
        """Show one confusion-matrix cell (None, None clears it), with a chip that removes it."""
        self._proxy.set_cell(true_name, predicted_name)
        cell = self._proxy.cell()
        if cell is not None:
            translate = QCoreApplication.translate
            self._cell_chip.setText(
                translate("ResultsPanel", "cell filter: true {0} → predicted {1}  ✕").format(*cell))
            self._cell_chip.setToolTip(translate("ResultsPanel", "Remove the confusion-matrix cell filter"))
        self._cell_chip.setVisible(cell is not None)
        self._filters_changed()

    # -- slots --------------------------------------------------------------------------------
    def _apply_search(self) -> None:
        self._search_timer.stop()
        self._proxy.set_text(self._search.text())
        self._filters_changed()

    def _apply_combos(self) -> None:
        self._proxy.set_predicted(self._predicted.currentData())
        self._proxy.set_true(self._true.currentData() if self._labelled else None)
        self._proxy.set_correctness(self._correctness.currentData() or "all")
        self._filters_changed()

    def _apply_confidence(self) -> None:
        lo, hi = self._lo.value(), self._hi.value()
        if lo > hi:  # keep min <= max: the spin the user did not touch follows
            other = self._hi if self.sender() is self._lo else self._lo
            other.blockSignals(True)
            other.setValue(lo if other is self._hi else hi)
            other.blockSignals(False)
            lo, hi = self._lo.value(), self._hi.value()
        self._proxy.set_confidence(lo / 100.0, hi / 100.0)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._clear_button.setVisible(self._proxy.is_filtered() or bool(self._search.text()))
        self._update_count()
        self.filtersChanged.emit()

    def _update_count(self, *args) -> None:
        locale = QLocale()
        self._count.setText(QCoreApplication.translate("ResultsPanel", "{0} of {1} shown").format(
            locale.toString(self._proxy.rowCount()), locale.toString(len(self._model))))

    # -- translation --------------------------------------------------------------------------
    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        translate = QCoreApplication.translate
        self._search.setPlaceholderText(translate("ResultsPanel", "Search file names…"))
        self._search.setToolTip(translate("ResultsPanel", "Show files whose path contains this text (any case)"))
        self._clear_button.setText(translate("ResultsPanel", "Clear filters"))
        self._predicted.setItemText(0, translate("ResultsPanel", "Any predicted"))
        self._predicted.setToolTip(translate("ResultsPanel", "Show one predicted class"))
        self._true.setItemText(0, translate("ResultsPanel", "Any true class"))
        self._true.setToolTip(translate("ResultsPanel", "Show one true class (the image's folder)"))
        for i, text in enumerate((translate("ResultsPanel", "All"), translate("ResultsPanel", "Correct"),
                                  translate("ResultsPanel", "Incorrect"), translate("ResultsPanel", "Unreadable"))):
            self._correctness.setItemText(i, text)
        self._correctness.setToolTip(translate("ResultsPanel", "Show correct, incorrect or unreadable images"))
        self._confidence_label.setText(translate("ResultsPanel", "Confidence"))
        self._lo.setToolTip(translate("ResultsPanel", "Lowest probability of the predicted class"))
        self._hi.setToolTip(translate("ResultsPanel", "Highest probability of the predicted class"))
        cell = self._proxy.cell()
        if cell is not None:
            self._cell_chip.setText(
                translate("ResultsPanel", "cell filter: true {0} → predicted {1}  ✕").format(*cell))
        self._update_count()
