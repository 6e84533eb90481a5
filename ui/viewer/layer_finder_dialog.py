"""Heatmap → Find the Best Layer…: how faithful each candidate layer's heatmaps were on a sample.

A table of the layers with their scores (best first, the proposal selected), the reason for the
proposal in one sentence, and what to do with the chosen row: use it in the Heatmap panel, or use
it and save it into a model file as the layer the file's heatmaps use. The dialog stays open after
"Use This Layer", so the heatmap behind it can be looked at with that layer and another tried.

It shows plain values (core.explain.layer_finder's rows, read by attribute) and imports no torch.
"""
from __future__ import annotations

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.widgets.retranslate import Retranslating


def signed_points(points: float) -> str:
    """Percentage points with their sign, rounded: "+12", "-3", and "0" for what rounds to zero, where {:+.0f} wrote
    "-0" (or "+0") for a difference of none."""
    whole = round(points)
    return f"{whole:+d}" if whole else "0"


def finding_reason(tr, finding) -> str:
    """Why the first row is proposed, in the language of `tr`: one sentence with the runners-up for comparison."""
    ranked = list(finding.rows)
    if not ranked or ranked[0].share is None:
        failed = next((row.error for row in ranked if row.error), None)
        if failed:
            return tr("No layer could be scored: {0}").format(failed)
        return tr("No layer could be scored: blurring the whole image barely changes these predictions, so "
                  "removing part of it tests nothing")
    first, others = ranked[0], [row for row in ranked[1:] if row.share is not None]
    text = tr("{0}: removing the 20% it highlights takes {1} of what the class can lose, beyond as many random "
              "pixels ({2} points)").format(first.label(), f"{first.share:.0%}", signed_points(first.drop_points))
    if others:
        text += tr("; ") + tr(", ").join(tr("{0}: {1}").format(row.label(), f"{row.share:.0%}") for row in others[:3])
    if others and max(row.share for row in others) > first.share:
        text += tr(". Preferred for its finer map: within {0} of the best").format(f"{finding.near:.0%}")
    return text + tr(".")


class LayerFinderDialog(Retranslating, QDialog):
    """`finding`: rows (name, size, share, drop_points, deletion_auc, insertion_auc, verdicts,
    seconds, error), proposal, reason, method, images, skipped; `method_label`: the method as the panel shows it."""

    useLayer = pyqtSignal(str)
    saveLayer = pyqtSignal(str)

    def __init__(self, parent, finding, method_label: str):
        super().__init__(parent)
        self._rows = list(finding.rows)
        self._finding, self._method_label = finding, method_label
        intro = self._intro = QLabel(objectName="intro", wordWrap=True)
        why = self._why = QLabel()
        why.setObjectName("reason")
        why.setWordWrap(True)
        why.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._skipped = QLabel(objectName="skipped", wordWrap=True)  # why the Layer menu's others are not here

        table = self.table = QTableWidget(len(self._rows), 8)
        table.setObjectName("layers")
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        for row, score in enumerate(self._rows):
            for column in range(table.columnCount()):
                item = QTableWidgetItem()
                if column >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if score.error:
                    item.setToolTip(score.error)
                table.setItem(row, column, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._update_buttons)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.use_button = QPushButton(objectName="use_layer")
        self.save_button = QPushButton(objectName="save_layer")
        buttons.addButton(self.use_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.use_button.clicked.connect(lambda: self._emit(self.useLayer))
        self.save_button.clicked.connect(lambda: self._emit(self.saveLayer))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(self._skipped)
        self._skipped.setVisible(bool(getattr(finding, "skipped", None)))  # in the layout first: not a window
        layout.addWidget(why)
        layout.addWidget(buttons)
        self.retranslate()
        if self._rows and finding.proposal is not None:
            table.selectRow(next(i for i, r in enumerate(self._rows) if r.name == finding.proposal))
        self._update_buttons()
        width = sum(table.columnWidth(c) for c in range(table.columnCount())) + 60
        self.resize(max(640, width), 220 + 30 * len(self._rows))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find the Best Layer"))
        if self._finding.images == 1:  # a line of its own for one image
            intro = self.tr("{0} heatmaps of 1 image from the open folder, scored per layer: blurring the 20 % each "
                            "map highlights should cost the predicted class more than blurring as many random "
                            "pixels.").format(self._method_label)
        else:
            intro = self.tr("{0} heatmaps of {1} images from the open folder, scored per layer: blurring the 20 % "
                            "each map highlights should cost the predicted class more than blurring as many random "
                            "pixels.").format(self._method_label, self._finding.images)
        self._intro.setText(intro)
        self._why.setText(finding_reason(self.tr, self._finding))
        skipped = getattr(self._finding, "skipped", None) or []
        names = ", ".join(f"{name} · {h}×{w}" for name, (h, w) in skipped)
        reasons = []  # only the reasons that apply to the layers left out
        if any(size != (1, 1) for _, size in skipped):
            # Not "they fail the sanity check": for some methods they pass it (Heatmap → Sanity Check… says which),
            # and the dialog contradicted it. What is true of all: the removal test rewards edges there.
            reasons.append(self.tr("Maps finer than 4 pixels per cell often trace the image's edges, which the removal "
                                   "test rewards whether or not the model relies on them, so they are not proposed; "
                                   "Heatmap → Sanity Check… tests such a layer with your method."))
        if any(size == (1, 1) for _, size in skipped):
            reasons.append(self.tr("A 1×1 map cannot point anywhere."))
        self._skipped.setText(self.tr("Not scored: {0}.").format(names) + " " + " ".join(reasons))
        self.table.setHorizontalHeaderLabels([
            self.tr("Layer"), self.tr("Map"), self.tr("Faithful share"), self.tr("vs random"),
            self.tr("Deletion AUC ↓"), self.tr("Insertion AUC ↑"), self.tr("Faithful / weak / unfaithful"),
            self.tr("Seconds")])
        self.table.setToolTip(self.tr("Faithful share: the part of what the class can lose that blurring the "
                                      "highlighted 20 % takes, beyond as many random pixels (mean over the images)"))
        for row, score in enumerate(self._rows):
            for column, text in enumerate(self._cells(score, score.name == self._finding.proposal)):
                self.table.item(row, column).setText(text)
        self.use_button.setText(self.tr("&Use This Layer"))
        self.save_button.setText(self.tr("Use and &Save in a Model File…"))
        self.use_button.setToolTip(self.tr("Show the heatmaps of the selected layer in the Heatmap panel"))
        self.save_button.setToolTip(self.tr("Also write a copy of the model file whose heatmaps use this layer"))

    def _cells(self, score, proposed: bool) -> list[str]:
        name = self.tr("{0} (proposed)").format(score.name) if proposed else score.name
        size = f"{score.size[0]}×{score.size[1]}"
        if score.error:
            return [name, size, self.tr("cannot run"), "", "", "", "", f"{score.seconds:.1f}"]
        verdicts = score.verdicts
        counts = f"{verdicts.get('faithful', 0)} / {verdicts.get('weak', 0)} / {verdicts.get('unfaithful', 0)}"
        if verdicts.get("inconclusive"):
            counts += self.tr(" ({0} inconclusive)").format(verdicts["inconclusive"])
        share = "—" if score.share is None else f"{score.share:.0%}"
        points = "—" if score.drop_points is None else self.tr("{0} points").format(
            signed_points(score.drop_points))
        return [name, size, share, points, f"{score.deletion_auc:.3f}", f"{score.insertion_auc:.3f}", counts,
                f"{score.seconds:.1f}"]

    def selected_layer(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()].name if rows else None

    def _update_buttons(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        usable = bool(rows) and self._rows[rows[0].row()].error is None
        self.use_button.setEnabled(usable)
        self.save_button.setEnabled(usable)

    def _emit(self, signal) -> None:
        layer = self.selected_layer()
        if layer:
            signal.emit(layer)
