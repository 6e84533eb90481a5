"""The training form's fields that do more than hold a value: the starting weights (none, the
architecture's ImageNet weights, cached or downloaded, or a file) and the learning rate with its
range test and suggestion."""
from __future__ import annotations

import html

from PyQt5.QtCore import Qt
from PyQt5.QtGui import QPixmap
from PyQt5.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.rate_text import short_float
from core.training.trainconfig import Setting
from ui.training.form_fields import ChoiceField, ExactField, row
from ui.widgets.form_widgets import ClearableEdit, ElidedLabel, Picture

PLOT_WIDTH = 360  # px; the learning-rate plot is a thumbnail (its tooltip shows it whole)
WEIGHTS = (None, "torchvision", "file")
WEIGHTS_TEXT = {None: ("None (random weights)", "Start from random weights"),
                "torchvision": ("ImageNet weights",
                                "The architecture's ImageNet weights (torchvision's), downloaded before training "
                                "starts when they are not in the local torch cache"),
                "file": ("File…", "Weights from a file: a GradLens model or a state_dict")}
MEBIBYTE = 2 ** 20  # torchvision's documentation gives weight file sizes in MiB and calls them MB


class WeightsField(ChoiceField):
    """None, the torchvision cache, or a file (with its own path field and Browse…)."""

    def __init__(self, setting: Setting, browse_slot, mirror_slot):
        super().__init__(setting, choices=WEIGHTS)
        for i, mode in enumerate(WEIGHTS):
            text, tip = WEIGHTS_TEXT[mode]
            self.main.setItemText(i, text)
            self.texts += [(lambda t, i=i: self.main.setItemText(i, t), text),
                           (lambda t, i=i: self.main.setItemData(i, t, Qt.ToolTipRole), tip)]
        self.file = ClearableEdit(objectName="pretrainedFile")
        self.texts.append((self.file.setPlaceholderText, "Weights file (.pt, .pth)"))
        button = QPushButton(objectName="browsePretrained")
        self.texts.append((button.setText, "Browse…"))
        button.clicked.connect(browse_slot)
        self.file_row = row(self.file, button, stretch=False)
        self.file_row.layout().setStretch(0, 1)
        self.tips.update({self.file: "Weights file to start from", button: "Choose the weights file to start from"})
        self.named.update(pretrainedFile=self.file, browsePretrained=button)
        self.inputs += [self.file, button]
        # Where a download would come from, under the choice while one is ahead: not a training
        # option, so not in the schema; Mirror… changes it (as Settings → Weights Mirror… does).
        self.origin = ElidedLabel(objectName="weightsOrigin")
        self.origin.setEnabled(False)  # the dimmed text colour: a detail
        self.mirror = QPushButton(objectName="weightsMirror")
        self.mirror.clicked.connect(mirror_slot)
        self.texts.append((self.mirror.setText, "Mirror…"))
        self.tips[self.mirror] = "Download pretrained weights through a mirror of download.pytorch.org"
        self.named.update(weightsMirror=self.mirror, weightsOrigin=self.origin)
        self.origin_row = row(self.origin, self.mirror, stretch=False)
        self.origin_row.layout().setStretch(0, 1)
        self.row = row(self.main, self.origin_row, self.file_row, vertical=True)

    def value(self):
        mode = self.main.currentData()
        return (self.file.text().strip() or None) if mode == "file" else mode

    def set_value(self, value) -> None:
        mode = value if value in (None, "torchvision") else "file"
        self.main.setCurrentIndex(self.main.findData(mode))
        if mode == "file":
            self.file.setText(value)

    def update(self, model: str, known, tr) -> None:
        """Show the file picker only for "File…"; say what ImageNet weights cost for `model` and,
        while they are chosen and not cached, which host they will come from (`known`:
        form_checks.Known; its weights for `model` are ... (Ellipsis) while not known yet)."""
        weights = known.weights.get(model, ...)
        self.file_row.setVisible(self.main.currentData() == "file")
        self.origin_row.setVisible(self.main.currentData() == "torchvision" and isinstance(weights, dict)
                                   and not weights.get("cached"))
        self.origin.setText(tr("From {0}").format(known.host))
        self.origin.setToolTip(self.origin.text())
        self.main.model().item(1).setEnabled(weights is not None)
        self.main.setItemText(1, imagenet_text(weights, tr))
        self.main.setItemData(1, tr(WEIGHTS_TEXT["torchvision"][1]) if weights is not None else
                              tr("{0} has no ImageNet weights").format(model), Qt.ToolTipRole)


def imagenet_text(weights, tr) -> str:
    """"ImageNet weights (cached)", "… (downloads 44.7 MB)", or plain while not known."""
    if weights is None:
        return tr("ImageNet weights (none for this architecture)")
    if weights is ...:
        return tr(WEIGHTS_TEXT["torchvision"][0])
    if weights.get("cached"):
        return tr("ImageNet weights (cached)")
    if weights.get("size"):
        return tr("ImageNet weights (downloads {0:.1f} MB)").format(weights["size"] / MEBIBYTE)
    return tr("ImageNet weights (downloads when training starts)")


class RateField(ExactField):
    """The learning rate, with Find LR, the range test's suggestion, Use, and its plot."""

    def __init__(self, setting: Setting, find_slot):
        super().__init__(setting)
        self.find = QPushButton(objectName="findLr")
        self.find.clicked.connect(find_slot)
        self.suggestion = QLabel(objectName="lrSuggestion")
        self.use = QPushButton(objectName="useLr")
        self.use.clicked.connect(self._use)
        self.plot = Picture("lrPlot", PLOT_WIDTH)
        self.suggested: float | None = None
        self.plot_path: str | None = None
        self.shown = False  # a range test's result is shown: View → Language says it again
        self.texts += [(self.find.setText, "Find LR"), (self.use.setText, "Use")]
        self.tips.update({
            self.find: "Run a short learning-rate range test on this data and suggest a rate",
            self.suggestion: "From the range test: where the loss falls fastest. Hover the plot to see it whole",
            self.use: "Put the suggested rate in the learning-rate field"})
        self.named.update(findLr=self.find)
        self.inputs += [self.find, self.use]
        self.suggestion_row = row(self.suggestion, self.use)
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.main, 1)
        line.addWidget(self.find)
        box.addLayout(line)
        box.addWidget(self.suggestion_row)
        box.addWidget(self.plot)
        self.suggestion_row.hide()
        self.plot.hide()
        self.row = column

    def _use(self) -> None:
        if self.suggested is not None:
            self.main.setText(short_float(self.suggested))  # the value shown, not more digits than it says

    def show_suggestion(self, lr: float | None, plot_png_path: str | None, tr) -> None:
        self.suggested, self.plot_path, self.shown = lr, plot_png_path, True
        self.suggestion.setText(tr("Suggested: {0}").format(short_float(lr)) if lr is not None
                                else tr("No clear suggestion; see the plot"))
        self.use.setVisible(lr is not None)
        self.suggestion_row.setVisible(lr is not None or bool(plot_png_path))
        pixmap = QPixmap(plot_png_path) if plot_png_path else QPixmap()
        self.plot.set_pixmap(pixmap)
        if not pixmap.isNull():
            self.plot.setToolTip(f'<img src="{html.escape(plot_png_path)}">')
        self.plot.setVisible(not pixmap.isNull())

    def set_enabled(self, enabled: bool) -> None:
        self.main.setEnabled(enabled)  # Find LR and Use stay: the range test does not need the field
