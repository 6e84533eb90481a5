"""The training set-up form: every TrainConfig option, common ones first, as a plain dict.

The keys, choices and defaults live in ui/training/train_settings.py. The app turns `values()` into a
TrainConfig, whose `validate()` stays the authority;
`validate()` here catches what a form can see (empty folder, bad numbers, ViT sizes) and shows it
on the fields. Programmatic changes (`set_values`, `set_*`) emit no signals.
"""
from __future__ import annotations

import html
import json
import math
import os
from contextlib import contextmanager

from PyQt5.QtCore import QEvent, Qt, pyqtSignal
from PyQt5.QtGui import QPixmap
from PyQt5.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel,
                             QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from ui.widgets.folder_dialog import choose_writable_folder
from ui.widgets.form_widgets import ElidedLabel, FloatEdit, InvalidOutline, Picture, Section
from ui.viewer.results_panel import _FlowLayout
from ui.training.train_settings import AUGMENTATIONS, DEFAULTS, KEYS, coerce, parse_ints, parse_names, short_float

NARROW_FIELD = 220  # px a field needs beside its label at least; less and labels go above their fields
PLOT_WIDTH = 360  # px; the learning-rate plot is a thumbnail (its tooltip shows it whole)
MAX_LISTED = 4  # problems listed at the top; the rest are marked on their fields
SIDE_ROOM = 60  # px of margins, spacing and a vertical scroll bar around label + field


class TrainForm(QWidget):
    changed = pyqtSignal()             # any user edit (for "remember the last form")
    datasetChosen = pyqtSignal(str)    # the dataset folder changed and is an existing folder
    findLrRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._quiet = 0
        self._texts: list[tuple] = []      # (setter, lambda returning the translated text)
        self._tips: dict[QWidget, object] = {}
        self._problems: dict[QWidget, list[str]] = {}
        self._live = False                 # after the first validate(), every edit re-validates
        self._dataset_problem: tuple[str, str] | None = None  # (folder, what its scan found wrong)
        self._hidden = {"mean": DEFAULTS["mean"], "std": DEFAULTS["std"]}  # not on the form; kept from set_values
        self._architectures: dict[str, dict] = {}
        self._pretrained_available: dict[str, bool] = {}
        self._devices: list[str] | None = None
        self._ratios_used = True
        self._last_dataset: str | None = None
        self._sections: list[Section] = []
        self._fields: dict[str, QWidget] = {}

        self._problems_label = QLabel(objectName="problems", wordWrap=True, textFormat=Qt.RichText)
        self._problems_label.setStyleSheet("QLabel { border: 1px solid #d32f2f; border-radius: 3px; padding: 4px;"
                                           " background: rgba(211, 47, 47, 0.08); }")
        self._problems_label.hide()
        self._content = QWidget(objectName="content")
        self._column = QVBoxLayout(self._content)
        self._column.setContentsMargins(4, 4, 4, 4)
        self._build_data()
        self._build_model()
        self._build_optimisation()
        self._build_run()
        self._column.addStretch(1)
        scroll = QScrollArea(objectName="scroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setWidget(self._content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._problems_label)
        layout.addWidget(scroll, 1)
        self._scroll = scroll
        self.setAcceptDrops(True)
        for edit in self._content.findChildren(QLineEdit):  # spin boxes' editors too
            edit.installEventFilter(self)  # a folder dropped on any field is the dataset (not its URL as text)

        with self._quietly():
            self.set_values(DEFAULTS)
        self._retranslate()

    # --- building ------------------------------------------------------------------------------
    def _text(self, setter, text) -> None:
        self._texts.append((setter, text))

    def _tip(self, widget: QWidget, text) -> None:
        self._tips[widget] = text

    def _section(self, name: str, title) -> QFormLayout:
        section = Section(name)
        self._text(section.toggle.setText, title)
        self._tip(section.toggle, lambda: self.tr("Show or hide this group"))
        self._sections.append(section)
        self._column.addWidget(section)
        return section.form

    def _row(self, form: QFormLayout, label, field, buddy: QWidget | None = None) -> QLabel:
        text = QLabel()
        self._text(text.setText, label)
        text.setBuddy(buddy or field)
        if (buddy or field) in self._tips:  # the label explains the same as its field
            self._tip(text, self._tips[buddy or field])
        form.addRow(text, field)
        return text

    def _field(self, widget: QWidget, key: str | None, tip) -> QWidget:
        """Register a control: tooltip, change signal, and (key) its name for field()."""
        self._tip(widget, tip)
        if key:
            self._fields[key] = widget
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.valueChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._edited)
        return widget

    def _spin(self, name: str, low: int, high: int, tip, special=None) -> QSpinBox:
        spin = QSpinBox(objectName=name)
        spin.setRange(low, high)
        spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        if special is not None:
            self._text(spin.setSpecialValueText, special)
        return self._field(spin, name, tip)

    def _double(self, name: str, low: float, high: float, decimals: int, step: float, tip,
                special=None) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(objectName=name)
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSingleStep(step)
        spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        if special is not None:
            self._text(spin.setSpecialValueText, special)
        return self._field(spin, name, tip)

    def _combo(self, name: str, items, tip) -> QComboBox:
        """items: (data, text, tooltip) with text/tooltip as lambdas (translated on retranslate)."""
        combo = QComboBox(objectName=name)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        for i, (data, text, item_tip) in enumerate(items):
            combo.addItem("", data)
            self._text(lambda t, c=combo, i=i: c.setItemText(i, t), text)
            self._text(lambda t, c=combo, i=i: c.setItemData(i, t, Qt.ToolTipRole), item_tip)
        return self._field(combo, name, tip)

    def _line(self, name: str, tip, placeholder=None) -> QLineEdit:
        edit = QLineEdit(objectName=name)
        edit.setClearButtonEnabled(True)
        if placeholder is not None:
            self._text(edit.setPlaceholderText, placeholder)
        return self._field(edit, name, tip)

    def _browse_row(self, edit: QLineEdit, button_name: str, slot, tip) -> QWidget:
        button = QPushButton(objectName=button_name)
        self._text(button.setText, lambda: self.tr("Browse…"))
        self._tip(button, tip)
        button.clicked.connect(slot)
        self._fields[button_name] = button
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(button)
        return row

    @staticmethod
    def _pair(*widgets, stretch_last=True) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            box.addWidget(widget) if not isinstance(widget, int) else box.addSpacing(widget)
        if stretch_last:
            box.addStretch(1)
        return row

    def _build_data(self) -> None:
        form = self._section("dataSection", lambda: self.tr("Data"))
        self._data = self._line("data", lambda: self.tr(
            "Folder of images with one sub-folder per class; its train/ val/ test/ sub-folders are used when "
            "present. You can also drop a folder onto this form."),
            lambda: self.tr("Folder with one sub-folder per class"))
        self._data.editingFinished.connect(self._dataset_maybe_chosen)
        self._row(form, lambda: self.tr("&Dataset:"), self._browse_row(
            self._data, "browseData", self._browse_data, lambda: self.tr("Choose the dataset folder")),
                  self._data)

        self._split_info = QLabel(objectName="splitInfo", wordWrap=True)
        self._split_info.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # wraps instead of widening
        self._split_info_text = None
        self._tip(self._split_info, lambda: self.tr("How the images are divided into training, validation and "
                                                    "test sets"))
        self._row(form, lambda: self.tr("Split:"), self._split_info)
        self._val = self._double("val_ratio", 0, 99, 1, 5, lambda: self.tr(
            "Share of the images held out for validation when the dataset has no val/ folder"))
        self._test = self._double("test_ratio", 0, 99, 1, 5, lambda: self.tr(
            "Share of the images held out for the final test when the dataset has no test/ folder"))
        for spin, prefix in ((self._val, lambda: self.tr("val ")), (self._test, lambda: self.tr("test "))):
            spin.setSuffix(" %")
            self._text(spin.setPrefix, prefix)
        self._row(form, lambda: self.tr("Hold ou&t:"), self._pair(self._val, self._test), self._val)
        self._seed = self._spin("seed", 0, 2**31 - 1, lambda: self.tr(
            "Random seed for the split, the initial weights and the augmentations; the same seed repeats a run"))
        self._row(form, lambda: self.tr("Seed:"), self._pair(self._seed))
        self._classes = self._line("classes", lambda: self.tr(
            "Train on these classes only, comma separated (folder names); empty = every class"),
            lambda: self.tr("all classes"))
        self._row(form, lambda: self.tr("Cla&sses:"), self._classes)

        self._height = self._spin("inputHeight", 16, 4096, lambda: self.tr("Input height in pixels"))
        self._width = self._spin("inputWidth", 16, 4096, lambda: self.tr("Input width in pixels"))
        for spin in (self._height, self._width):
            spin.setSingleStep(16)
        self._square = QCheckBox(objectName="squareSize")
        self._text(self._square.setText, lambda: self.tr("square"))
        self._field(self._square, "squareSize", lambda: self.tr("Keep width equal to height"))
        self._square.toggled.connect(self._square_toggled)
        self._height.valueChanged.connect(self._height_changed)
        times = QLabel("×")
        self._fields["input_size"] = self._height
        self._row(form, lambda: self.tr("&Input size:"), self._pair(self._height, times, self._width, 6, self._square),
                  self._height)
        self._resize = self._combo("resize_mode", [
            ("stretch", lambda: self.tr("Stretch"), lambda: self.tr("Resize to the input size; may distort shapes")),
            ("letterbox", lambda: self.tr("Letterbox"),
             lambda: self.tr("Fit inside and pad the rest: keeps the aspect ratio, nothing cut off")),
            ("center_crop", lambda: self.tr("Centre crop"),
             lambda: self.tr("Fill the input size and cut off the overhang: keeps the aspect ratio")),
        ], lambda: self.tr("How images are brought to the input size (saved with the model and used "
                           "everywhere it runs)"))
        self._row(form, lambda: self.tr("&Resize:"), self._resize)

        self._augment: dict[str, QCheckBox] = {}
        texts = {
            "hflip": (lambda: self.tr("Horizontal flip"), lambda: self.tr(
                "Mirror left-right at random (hflip). Off for text, digits or anything with a handedness")),
            "vflip": (lambda: self.tr("Vertical flip"), lambda: self.tr(
                "Flip upside down at random (vflip). For images without an up, such as microscopy or aerial")),
            "rotate": (lambda: self.tr("Rotate"), lambda: self.tr("Rotate by a small random angle (rotate)")),
            "crop": (lambda: self.tr("Crop"), lambda: self.tr(
                "Random crop, resized back to the input size (crop): teaches the model to ignore position")),
            "color": (lambda: self.tr("Colour"), lambda: self.tr(
                "Random brightness, contrast and saturation (color)")),
            "blur": (lambda: self.tr("Blur"), lambda: self.tr("Gaussian blur now and then (blur)")),
            "erase": (lambda: self.tr("Erase"), lambda: self.tr(
                "Hide a random rectangle (erase): the model must use more than one detail")),
        }
        boxes = QWidget(objectName="augment")
        flow = _FlowLayout(boxes, spacing=10)
        for name in AUGMENTATIONS:
            box = QCheckBox(objectName=f"augment_{name}")
            self._text(box.setText, texts[name][0])
            self._field(box, f"augment_{name}", texts[name][1])
            self._augment[name] = box
            flow.addWidget(box)
        self._fields["augment"] = boxes
        self._tip(boxes, lambda: self.tr("Random changes to the training images, applied every epoch"))
        self._row(form, lambda: self.tr("Augment:"), boxes, self._augment["hflip"])
        self._balance = self._combo("balance", [
            ("none", lambda: self.tr("None"), lambda: self.tr("Every image counts the same")),
            ("loss", lambda: self.tr("Weighted loss"), lambda: self.tr("Rare classes weigh more in the loss")),
            ("sampler", lambda: self.tr("Weighted sampler"),
             lambda: self.tr("Rare classes are drawn more often, so batches are balanced")),
        ], lambda: self.tr("Counter class imbalance (classes with very different image counts)"))
        self._row(form, lambda: self.tr("Class &balance:"), self._balance)
        self._cache = self._combo("cache", [
            ("auto", lambda: self.tr("Auto"), lambda: self.tr("Keep decoded images in memory when they fit")),
            ("on", lambda: self.tr("On"), lambda: self.tr("Always keep decoded images in memory")),
            ("off", lambda: self.tr("Off"), lambda: self.tr("Decode every image every epoch")),
        ], lambda: self.tr("Keep decoded images in memory: faster epochs, more memory"))
        self._row(form, lambda: self.tr("&Cache:"), self._cache)
        self._workers = self._spin("workers", -1, 256, lambda: self.tr(
            "Processes that load images in the background; auto chooses from the CPU count"),
            special=lambda: self.tr("auto"))
        self._row(form, lambda: self.tr("&Workers:"), self._pair(self._workers))

    def _build_model(self) -> None:
        form = self._section("modelSection", lambda: self.tr("Model"))
        self._model = self._combo("model", [], lambda: self.tr("Network architecture (torchvision)"))
        self._model.setMaxVisibleItems(20)
        self._model.currentIndexChanged.connect(self._model_changed)
        self._model_description = ElidedLabel(objectName="modelDescription")
        self._model_description.setEnabled(False)  # drawn in the dimmed text colour
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self._model)
        box.addWidget(self._model_description)
        self._row(form, lambda: self.tr("&Architecture:"), column, self._model)

        self._pretrained = self._combo("pretrained", [
            (None, lambda: self.tr("None (random weights)"), lambda: self.tr("Start from random weights")),
            ("torchvision", lambda: self.tr("torchvision (cached)"),
             lambda: self.tr("ImageNet weights from the local torch cache; never downloaded")),
            ("file", lambda: self.tr("File…"),
             lambda: self.tr("Weights from a file: a GradLens model or a state_dict")),
        ], lambda: self.tr("Weights to start from: pretrained weights learn faster from fewer images"))
        self._pretrained.currentIndexChanged.connect(self._update_enabled)
        self._pretrained_file = self._line("pretrainedFile", lambda: self.tr("Weights file to start from"),
                                           lambda: self.tr("Weights file (.pt, .pth)"))
        self._pretrained_row = self._browse_row(
            self._pretrained_file, "browsePretrained", self._browse_pretrained,
            lambda: self.tr("Choose the weights file to start from"))
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self._pretrained)
        box.addWidget(self._pretrained_row)
        self._row(form, lambda: self.tr("&Pretrained:"), column, self._pretrained)
        self._cam_layer = self._line("cam_layer", lambda: self.tr(
            "Layer whose activations make the Grad-CAM heatmaps, saved with the model, e.g. layer3; "
            "empty = the architecture's usual layer, or the deepest with at least 6×6 cells at this input size "
            "when that one's map is coarser"))
        self._row(form, lambda: self.tr("CA&M layer:"), self._cam_layer)
        self._freeze = self._spin("freeze_epochs", 0, 100000, lambda: self.tr(
            "Train only the new classifier head for this many epochs first, then the whole network"),
            special=lambda: self.tr("off"))
        self._row(form, lambda: self.tr("&Freeze epochs:"), self._pair(self._freeze))
        self._backbone = self._double("backbone_lr_scale", 0.001, 1.0, 3, 0.05, lambda: self.tr(
            "After the freeze stage the backbone learns at the learning rate × this (only with freeze epochs)"))
        self._row(form, lambda: self.tr("Backbone LR scale:"), self._pair(self._backbone))

    def _build_optimisation(self) -> None:
        form = self._section("optimisationSection", lambda: self.tr("Optimisation"))
        self._epochs = self._spin("epochs", 0, 100000, lambda: self.tr("Passes over the training images"))
        self._batch = self._spin("batch_size", 0, 65536, lambda: self.tr(
            "Images per step; lower it when memory runs out"))
        self._row(form, lambda: self.tr("&Epochs:"), self._pair(self._epochs))
        self._row(form, lambda: self.tr("Batch si&ze:"), self._pair(self._batch))

        self._lr = FloatEdit("lr")
        self._field(self._lr, "lr", lambda: self.tr("Learning rate: 1e-3 notation is fine"))
        self._find_lr = QPushButton(objectName="findLr")
        self._text(self._find_lr.setText, lambda: self.tr("Find LR"))
        self._tip(self._find_lr, lambda: self.tr(
            "Run a short learning-rate range test on this data and suggest a rate"))
        self._find_lr.clicked.connect(self.findLrRequested)
        self._fields["findLr"] = self._find_lr
        self._suggestion = QLabel(objectName="lrSuggestion")
        self._tip(self._suggestion, lambda: self.tr(
            "From the range test: where the loss falls fastest. Hover the plot to see it whole"))
        self._use_lr = QPushButton(objectName="useLr")
        self._text(self._use_lr.setText, lambda: self.tr("Use"))
        self._tip(self._use_lr, lambda: self.tr("Put the suggested rate in the learning-rate field"))
        self._use_lr.clicked.connect(self._use_suggestion)
        self._plot = Picture("lrPlot", PLOT_WIDTH)
        self._suggested: float | None = None
        self._suggestion_row = self._pair(self._suggestion, self._use_lr)
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        lr_row = QHBoxLayout()
        lr_row.addWidget(self._lr, 1)
        lr_row.addWidget(self._find_lr)
        box.addLayout(lr_row)
        box.addWidget(self._suggestion_row)
        box.addWidget(self._plot)
        self._suggestion_row.hide()
        self._plot.hide()
        self._row(form, lambda: self.tr("&Learning rate:"), column, self._lr)

        self._optimizer = self._combo("optimizer", [
            ("sgd", lambda: self.tr("SGD"), lambda: self.tr("Stochastic gradient descent with momentum")),
            ("adam", lambda: self.tr("Adam"), lambda: self.tr("Adam: adaptive steps per weight")),
            ("adamw", lambda: self.tr("AdamW"), lambda: self.tr("Adam with decoupled weight decay; a safe default")),
        ], lambda: self.tr("How the weights are updated from the gradients"))
        self._optimizer.currentIndexChanged.connect(self._update_enabled)
        self._row(form, lambda: self.tr("&Optimizer:"), self._optimizer)
        self._momentum = self._double("momentum", 0.0, 0.999, 3, 0.05, lambda: self.tr("SGD momentum (SGD only)"))
        self._nesterov = QCheckBox(objectName="nesterov")
        self._text(self._nesterov.setText, lambda: self.tr("Nesterov"))
        self._field(self._nesterov, "nesterov", lambda: self.tr("Nesterov momentum (SGD only)"))
        self._row(form, lambda: self.tr("Momentum:"), self._pair(self._momentum, self._nesterov), self._momentum)
        self._weight_decay = FloatEdit("weight_decay")
        self._field(self._weight_decay, "weight_decay", lambda: self.tr(
            "L2 penalty that keeps weights small (1e-4 notation is fine; 0 = off)"))
        self._row(form, lambda: self.tr("Wei&ght decay:"), self._weight_decay)
        self._smoothing = self._double("label_smoothing", 0.0, 0.99, 3, 0.05, lambda: self.tr(
            "Soften the one-hot targets by this much; 0.1 often helps with noisy labels"))
        self._row(form, lambda: self.tr("Label smoothing:"), self._pair(self._smoothing))
        self._clip = self._double("grad_clip", 0.0, 1e6, 2, 0.5, lambda: self.tr(
            "Largest allowed gradient norm; 0 = no clipping"), special=lambda: self.tr("off"))
        self._row(form, lambda: self.tr("Gradient clip:"), self._pair(self._clip))

        self._schedule = self._combo("schedule", [
            ("cosine", lambda: self.tr("Cosine"), lambda: self.tr("Lower the rate smoothly to zero")),
            ("step", lambda: self.tr("Step"), lambda: self.tr("Multiply the rate by gamma every N epochs")),
            ("multistep", lambda: self.tr("Multi-step"),
             lambda: self.tr("Multiply the rate by gamma at the given epochs")),
            ("onecycle", lambda: self.tr("One-cycle"), lambda: self.tr("Rise to the rate, then anneal")),
            ("none", lambda: self.tr("Constant"), lambda: self.tr("Keep the rate constant")),
        ], lambda: self.tr("How the learning rate changes during the run"))
        self._schedule.currentIndexChanged.connect(self._update_enabled)
        self._row(form, lambda: self.tr("Sc&hedule:"), self._schedule)
        self._step_size = self._spin("step_size", 1, 100000, lambda: self.tr(
            "Step schedule: decay every this many epochs"))
        self._row(form, lambda: self.tr("Step size:"), self._pair(self._step_size))
        self._milestones = self._line("milestones", lambda: self.tr(
            "Multi-step schedule: epochs at which the rate is multiplied by gamma, comma separated"),
            lambda: "30,60")
        self._row(form, lambda: self.tr("Milestones:"), self._milestones)
        self._gamma = self._double("gamma", 0.001, 1.0, 3, 0.05, lambda: self.tr(
            "Step and multi-step schedules: the factor applied at each decay"))
        self._row(form, lambda: self.tr("Gamma:"), self._pair(self._gamma))
        self._warmup = self._double("warmup_epochs", 0.0, 100000.0, 2, 0.5, lambda: self.tr(
            "Raise the rate linearly from zero over this many epochs (fractions allowed), then follow the "
            "schedule"), special=lambda: self.tr("off"))
        self._row(form, lambda: self.tr("Warm-up epochs:"), self._pair(self._warmup))
        self._patience = self._spin("early_stopping", 0, 100000, lambda: self.tr(
            "Stop after this many epochs without improvement of the monitored metric; off = run every epoch"),
            special=lambda: self.tr("off"))
        self._monitor = self._combo("monitor", [
            ("val_acc", lambda: self.tr("Validation accuracy"), lambda: self.tr("Higher is better")),
            ("val_loss", lambda: self.tr("Validation loss"), lambda: self.tr("Lower is better")),
            ("val_f1", lambda: self.tr("Validation macro F1"),
             lambda: self.tr("Higher is better; fair to small classes")),
        ], lambda: self.tr("The metric that picks the best epoch (best.pt) and drives early stopping"))
        self._row(form, lambda: self.tr("Earl&y stopping:"), self._pair(self._patience))
        self._row(form, lambda: self.tr("Mo&nitor:"), self._monitor)

    def _build_run(self) -> None:
        form = self._section("runSection", lambda: self.tr("Run"))
        self._device = self._combo("device", [
            ("auto", lambda: self.tr("Automatic"),
             lambda: self.tr("The first CUDA GPU when there is one, else the CPU")),
        ], lambda: self.tr("Where the model trains"))
        self._device.currentIndexChanged.connect(self._update_enabled)
        self._amp = QCheckBox(objectName="amp")
        self._text(self._amp.setText, lambda: self.tr("Mixed precision"))
        self._field(self._amp, "amp", lambda: self.tr(
            "Compute in 16-bit floats where safe: faster and lighter on CUDA GPUs (CUDA only)"))
        self._tensorboard = QCheckBox(objectName="tensorboard")
        self._text(self._tensorboard.setText, lambda: self.tr("TensorBoard log"))
        self._field(self._tensorboard, "tensorboard", lambda: self.tr(
            "Also write a TensorBoard log into the run folder (when TensorBoard is installed)"))
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self._device)
        box.addWidget(self._amp)
        self._row(form, lambda: self.tr("De&vice:"), column, self._device)
        self._row(form, lambda: self.tr("Logging:"), self._tensorboard)
        self._out = self._line("out", lambda: self.tr(
            "Each run writes a new <timestamp>-<model> folder in here; nothing is overwritten"))
        self._row(form, lambda: self.tr("O&utput folder:"), self._browse_row(
            self._out, "browseOut", self._browse_out, lambda: self.tr("Choose the folder runs are written to")),
                  self._out)

    # --- public API ----------------------------------------------------------------------------
    def field(self, key: str) -> QWidget:
        """The control for a TrainConfig key (or an object name such as "findLr"), for focus and tests."""
        return self._fields[key]

    def values(self) -> dict:
        pretrained = self._pretrained.currentData()
        if pretrained == "file":
            pretrained = self._pretrained_file.text().strip() or None
        size = (self._height.value(), self._width.value())
        classes = parse_names(self._classes.text())
        lr, decay = self._lr.value(), self._weight_decay.value()
        values = {
            "data": self._data.text().strip(), "out": self._out.text().strip(),
            "model": self._model.currentData() or DEFAULTS["model"], "pretrained": pretrained,
            "cam_layer": self._cam_layer.text().strip() or None, "input_size": size,
            "resize_mode": self._resize.currentData(), "mean": self._hidden["mean"], "std": self._hidden["std"],
            "classes": classes or None,
            "val_ratio": round(self._val.value() / 100, 6), "test_ratio": round(self._test.value() / 100, 6),
            "epochs": self._epochs.value(), "batch_size": self._batch.value(),
            "lr": math.nan if lr is None else lr, "optimizer": self._optimizer.currentData(),
            "momentum": round(self._momentum.value(), 3), "nesterov": self._nesterov.isChecked(),
            "weight_decay": math.nan if decay is None else decay,
            "label_smoothing": round(self._smoothing.value(), 3), "grad_clip": round(self._clip.value(), 2),
            "schedule": self._schedule.currentData(), "warmup_epochs": round(self._warmup.value(), 2),
            "step_size": self._step_size.value(), "milestones": parse_ints(self._milestones.text())[0],
            "gamma": round(self._gamma.value(), 3), "freeze_epochs": self._freeze.value(),
            "backbone_lr_scale": round(self._backbone.value(), 3), "early_stopping": self._patience.value(),
            "monitor": self._monitor.currentData(),
            "augment": [name for name in AUGMENTATIONS if self._augment[name].isChecked()],
            "balance": self._balance.currentData(), "cache": self._cache.currentData(),
            "workers": self._workers.value(), "device": self._device.currentData(),
            "amp": self._amp.isChecked(), "seed": self._seed.value(), "tensorboard": self._tensorboard.isChecked(),
        }
        return {key: values[key] for key in KEYS}

    def set_values(self, values: dict) -> None:
        """Fill the form from a values()-like dict: unknown keys ignored, missing keys kept, no signals.

        Raises ValueError naming every bad value (and changes nothing) when a type or choice is wrong.
        """
        clean = self._checked(values)
        with self._quietly():
            for key, value in clean.items():
                self._apply(key, value)

    def validate(self) -> list[str]:
        """Form-level problems (no torch needed); marks the fields and lists them at the top."""
        self._live = True
        problems = self._find_problems()
        self._show_problems(problems)
        return list(dict.fromkeys(message for _, message in problems))  # one message may mark two fields

    def set_dataset_problem(self, folder: str, problem: str | None) -> None:
        """What the scan found wrong with `folder` (None: nothing); Start is refused while it stands."""
        self._dataset_problem = (folder, problem) if problem else None
        self._revalidate()

    def invalid_fields(self) -> list[str]:
        """Object names of the fields now marked invalid."""
        return sorted(w.objectName() for w in self._problems)

    def set_dataset_split_info(self, text: str, ratios_used: bool = True) -> None:
        """How the dataset will be split; `ratios_used=False` (it has its own val/ and test/) disables the %."""
        self._split_info_text = text
        self._split_info.setText(text)
        self._ratios_used = bool(ratios_used)
        self._update_enabled()

    def set_architectures(self, architectures: list[dict]) -> None:
        """[{"name", "description", "params_millions", optional "cam_layer"}]; keeps the chosen one."""
        self._architectures = {a["name"]: dict(a) for a in architectures}
        with self._quietly():
            current = self._model.currentData()
            self._model.clear()
            for arch in architectures:
                self._model.addItem(arch["name"], arch["name"])
                self._model.setItemData(self._model.count() - 1, arch.get("description", ""), Qt.ToolTipRole)
            self._select(self._model, current if current in self._architectures else DEFAULTS["model"], add=True)
        self._model_changed()

    def set_pretrained_available(self, available: dict[str, bool]) -> None:
        """Architecture name -> whether torchvision weights are in the local cache."""
        self._pretrained_available = dict(available)
        self._update_enabled()
        self._revalidate()

    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        """[(name, description)], e.g. ("cuda:0", "NVIDIA H100 (80 GiB)"); "Automatic" always comes first."""
        self._devices = [name for name, _ in devices]
        with self._quietly():
            current = self._device.currentData()
            while self._device.count() > 1:
                self._device.removeItem(1)
            for name, description in devices:
                if name == "auto":
                    continue
                self._device.addItem(description or name, name)
                self._device.setItemData(self._device.count() - 1, name, Qt.ToolTipRole)
            self._select(self._device, current, add=True)

    def set_lr_suggestion(self, lr: float | None, plot_png_path: str | None = None) -> None:
        """Show the learning-rate finder's result (None: no clear minimum) and its plot."""
        self._suggested = lr
        if lr is not None:
            self._suggestion.setText(self.tr("Suggested: {0}").format(short_float(lr)))
        else:
            self._suggestion.setText(self.tr("No clear suggestion; see the plot"))
        self._use_lr.setVisible(lr is not None)
        self._suggestion_row.setVisible(lr is not None or bool(plot_png_path))
        pixmap = QPixmap(plot_png_path) if plot_png_path else QPixmap()
        self._plot.set_pixmap(pixmap)
        if not pixmap.isNull():
            self._plot.setToolTip(f'<img src="{html.escape(plot_png_path)}">')
        self._plot.setVisible(not pixmap.isNull())

    def set_running(self, running: bool) -> None:
        self._content.setEnabled(not running)

    def save_preset(self, path) -> None:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values().items()}
        with open(path, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2, ensure_ascii=False)
            file.write("\n")

    def load_preset(self, path) -> None:
        """Fill the form from a JSON preset; ValueError with a readable message when it cannot."""
        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
        except OSError as error:
            raise ValueError(self.tr("Cannot read the preset {0}: {1}").format(path, error.strerror or error)) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(self.tr("{0} is not a valid JSON preset: {1}").format(path, error)) from None
        if not isinstance(data, dict):
            raise ValueError(self.tr("{0} is not a preset: expected a JSON object of settings").format(path))
        self.set_values(data)

    # --- values in -----------------------------------------------------------------------------
    def _checked(self, values: dict) -> dict:
        clean, bad = {}, []
        for key, value in values.items():
            if key not in DEFAULTS:
                continue
            try:
                clean[key] = coerce(key, value)
            except (TypeError, ValueError):
                bad.append(f"{key}={value!r}")
        if bad:
            raise ValueError(self.tr("Bad settings: {0}").format(", ".join(bad)))
        return clean

    def _apply(self, key: str, value) -> None:
        simple = {"epochs": self._epochs, "batch_size": self._batch, "step_size": self._step_size,
                  "freeze_epochs": self._freeze, "early_stopping": self._patience, "workers": self._workers,
                  "seed": self._seed, "momentum": self._momentum, "label_smoothing": self._smoothing,
                  "grad_clip": self._clip, "warmup_epochs": self._warmup, "gamma": self._gamma,
                  "backbone_lr_scale": self._backbone}
        combos = {"resize_mode": self._resize, "optimizer": self._optimizer, "schedule": self._schedule,
                  "monitor": self._monitor, "balance": self._balance, "cache": self._cache,
                  "model": self._model, "device": self._device}
        checks = {"nesterov": self._nesterov, "amp": self._amp, "tensorboard": self._tensorboard}
        if key in simple:
            simple[key].setValue(value)
        elif key in combos:
            self._select(combos[key], value, add=key in ("model", "device"))
        elif key in checks:
            checks[key].setChecked(value)
        elif key in ("data", "out"):
            (self._data if key == "data" else self._out).setText(value)
        elif key in ("val_ratio", "test_ratio"):
            (self._val if key == "val_ratio" else self._test).setValue(value * 100)
        elif key in ("lr", "weight_decay"):
            (self._lr if key == "lr" else self._weight_decay).set_value(value)
        elif key == "pretrained":
            mode = value if value in (None, "torchvision") else "file"
            self._pretrained.setCurrentIndex(self._pretrained.findData(mode))
            if mode == "file":
                self._pretrained_file.setText(value)
        elif key == "cam_layer":
            self._cam_layer.setText(value or "")
        elif key == "input_size":
            self._square.setChecked(value[0] == value[1])
            self._height.setValue(value[0])
            self._width.setValue(value[1])
        elif key == "classes":
            self._classes.setText(", ".join(value or []))
        elif key == "milestones":
            self._milestones.setText(",".join(str(v) for v in value))
        elif key == "augment":
            for name, box in self._augment.items():
                box.setChecked(name in value)
        elif key in ("mean", "std"):
            self._hidden[key] = value

    def _select(self, combo: QComboBox, data, add: bool = False) -> None:
        index = combo.findData(data)
        if index < 0 and add:  # e.g. a preset from another computer: keep the value, validate() says why
            combo.addItem(data, data)
            index = combo.count() - 1
        if index >= 0:
            combo.setCurrentIndex(index)

    # --- validation ----------------------------------------------------------------------------
    def _find_problems(self) -> list[tuple[QWidget, str]]:
        v = self.values()
        problems = []

        def check(ok, widget, message):
            if not ok:
                problems.append((widget, message))

        if not v["data"]:
            problems.append((self._data, self.tr("Choose a dataset folder.")))
        else:
            check(os.path.isdir(v["data"]), self._data,
                  self.tr("The dataset folder does not exist: {0}").format(v["data"]))
            if self._dataset_problem and self._dataset_problem[0] == v["data"]:
                problems.append((self._data, self._dataset_problem[1]))
        if v["classes"] is not None:
            repeated = sorted({c for c in v["classes"] if v["classes"].count(c) > 1})
            check(not repeated, self._classes, self.tr("Classes named more than once: {0}").format(", ".join(repeated)))
        if self._val.value() + self._test.value() >= 100:
            message = self.tr("Validation and test take {0} % of the images; leave some to train on.").format(
                round(self._val.value() + self._test.value(), 1))
            problems += [(self._val, message), (self._test, message)]
        h, w = v["input_size"]
        if v["model"] == "vit_b_16" and (h != w or h % 16):
            message = self.tr("vit_b_16 needs a square input size that is a multiple of 16 (e.g. 224 × 224).")
            problems += [(self._height, message), (self._width, message)]
        if self._architectures:
            check(v["model"] in self._architectures, self._model,
                  self.tr("Unknown architecture {0}.").format(v["model"]))
        mode = self._pretrained.currentData()
        if mode == "file":
            path = self._pretrained_file.text().strip()
            if not path:
                problems.append((self._pretrained_file, self.tr("Choose the pretrained weights file.")))
            else:
                check(os.path.isfile(path), self._pretrained_file,
                      self.tr("The weights file does not exist: {0}").format(path))
        elif mode == "torchvision":
            check(self._pretrained_available.get(v["model"], True), self._pretrained,
                  self.tr("No cached torchvision weights for {0}; choose a file or none.").format(v["model"]))
        check(v["epochs"] >= 1, self._epochs, self.tr("Train for at least 1 epoch."))
        check(v["batch_size"] >= 1, self._batch, self.tr("The batch size must be at least 1."))
        if self._lr.value() is None:
            problems.append((self._lr, self.tr("The learning rate is not a number: {0}").format(self._lr.text())))
        else:
            check(v["lr"] > 0, self._lr, self.tr("The learning rate must be above 0."))
        check(self._weight_decay.value() is not None, self._weight_decay,
              self.tr("The weight decay is not a number: {0}").format(self._weight_decay.text()))
        _, bad = parse_ints(self._milestones.text())
        if bad:
            problems.append((self._milestones, self.tr(
                "Milestones must be whole epochs separated by commas, e.g. 30,60 (not: {0}).").format(", ".join(bad))))
        elif v["schedule"] == "multistep":
            check(v["milestones"], self._milestones, self.tr("Give the multi-step schedule at least one milestone."))
        if v["epochs"] >= 1:
            check(v["warmup_epochs"] < v["epochs"], self._warmup, self.tr("The warm-up must be shorter than the run."))
            check(v["freeze_epochs"] < v["epochs"], self._freeze,
                  self.tr("Freeze fewer epochs than the run has."))
        if self._devices is not None:
            check(v["device"] == "auto" or v["device"] in self._devices, self._device,
                  self.tr("Device {0} is not on this computer.").format(v["device"]))
        check(bool(v["out"]), self._out, self.tr("Choose an output folder."))
        return problems

    def _show_problems(self, problems: list[tuple[QWidget, str]]) -> None:
        marked = {}
        for widget, message in problems:
            marked.setdefault(widget, [])
            if message not in marked[widget]:
                marked[widget].append(message)
        for widget in set(self._problems) | set(marked):
            invalid = widget in marked
            if bool(widget.property("invalid")) != invalid:
                widget.setProperty("invalid", invalid)
                outline = widget.findChild(InvalidOutline, "invalidOutline", Qt.FindDirectChildrenOnly)
                if invalid and outline is None:
                    InvalidOutline(widget)
                elif not invalid and outline is not None:
                    outline.deleteLater()
                    outline.hide()
        self._problems = marked
        for widget in self._tips:
            self._apply_tip(widget)
        messages = list(dict.fromkeys(message for _, message in problems))
        if messages:
            listed = [html.escape(m) for m in messages[:MAX_LISTED]]
            if len(messages) > MAX_LISTED:
                listed.append(self.tr("… and {0} more, marked in red below").format(len(messages) - MAX_LISTED))
            items = "".join(f"<li>{m}</li>" for m in listed)
            self._problems_label.setText(self.tr("Please fix before training:") +
                                         f"<ul style='margin: 0; -qt-list-indent: 1'>{items}</ul>")
            for section in self._sections:  # open the groups that hold a marked field
                if any(section.isAncestorOf(w) for w in marked):
                    section.set_expanded(True)
        self._problems_label.setVisible(bool(messages))

    def _revalidate(self) -> None:
        if self._live:
            self._show_problems(self._find_problems())

    def _apply_tip(self, widget: QWidget) -> None:
        base = self._tips[widget]()
        problems = self._problems.get(widget)
        widget.setToolTip("\n".join(problems) + "\n\n" + base if problems else base)

    # --- reactions -----------------------------------------------------------------------------
    @contextmanager
    def _quietly(self):
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1
            if not self._quiet:
                self._model_changed()
                self._update_enabled()
                self._revalidate()

    def _edited(self, *args) -> None:
        if self._quiet:
            return
        self._update_enabled()
        self._revalidate()
        self.changed.emit()

    def _square_toggled(self, square: bool) -> None:
        if square:
            self._width.setValue(self._height.value())
        self._width.setEnabled(not square)

    def _height_changed(self, value: int) -> None:
        if self._square.isChecked():
            self._width.setValue(value)

    def _model_changed(self, *args) -> None:
        name = self._model.currentData() or ""
        arch = self._architectures.get(name)
        if arch is None:
            text = name
        else:
            params = arch.get("params_millions")
            if params is None:
                text = self.tr("{0} — {1}").format(name, arch.get("description", ""))
            else:
                text = self.tr("{0} — {1} ({2:.1f} M parameters)").format(name, arch.get("description", ""), params)
        self._model_description.setText(text)
        self._model_description.setToolTip(text)
        layer = arch.get("cam_layer") if arch else None
        self._cam_layer.setPlaceholderText(self.tr("{0}, or a finer layer when its map is under 6×6 cells").format(layer)
                                           if layer else self.tr("chosen for the input size"))
        self._update_enabled()

    def _has_cuda(self) -> bool:
        return any(name.startswith("cuda") for name in self._devices or [])

    def _update_enabled(self, *args) -> None:
        sgd = self._optimizer.currentData() == "sgd"
        self._momentum.setEnabled(sgd)
        self._nesterov.setEnabled(sgd)
        schedule = self._schedule.currentData()
        self._step_size.setEnabled(schedule == "step")
        self._milestones.setEnabled(schedule == "multistep")
        self._gamma.setEnabled(schedule in ("step", "multistep"))
        self._backbone.setEnabled(self._freeze.value() > 0)
        device = self._device.currentData() or ""
        self._amp.setEnabled(device.startswith("cuda") or (device == "auto" and self._has_cuda()))
        self._pretrained_row.setVisible(self._pretrained.currentData() == "file")
        for spin in (self._val, self._test):
            spin.setEnabled(self._ratios_used)
        model = self._model.currentData() or ""
        cached = self._pretrained_available.get(model, True)
        item = self._pretrained.model().item(1)
        item.setEnabled(cached)
        self._pretrained.setItemData(1, self.tr("ImageNet weights from the local torch cache; never downloaded")
                                     if cached else
                                     self.tr("No torchvision weights for {0} in the local torch cache "
                                             "(GradLens never downloads them)").format(model), Qt.ToolTipRole)

    def _use_suggestion(self) -> None:
        if self._suggested is not None:
            self._lr.setText(short_float(self._suggested))  # the value shown, not more digits than it says

    def _dataset_maybe_chosen(self) -> None:
        path = self._data.text().strip()
        if path and path != self._last_dataset and os.path.isdir(path):
            self._last_dataset = path
            self.datasetChosen.emit(path)

    def _set_dataset(self, path: str) -> None:
        self._data.setText(path)  # emits changed through textChanged
        self._dataset_maybe_chosen()

    # --- browsing and dropping -----------------------------------------------------------------
    def _browse_data(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the dataset folder"), self._data.text())
        if path:
            self._set_dataset(path)

    def _browse_out(self) -> None:
        path = choose_writable_folder(self, self.tr("Choose the output folder"), self._out.text())
        if path:
            self._out.setText(path)

    def _browse_pretrained(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose pretrained weights"),
                                              self._pretrained_file.text(),
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

    # --- layout and translation ----------------------------------------------------------------
    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_forms(event.size().width())

    def _fit_forms(self, width: int) -> None:
        # In a narrow panel every label goes above its field; a mix of both looks ragged.
        fields = max(s.form.itemAt(row, QFormLayout.FieldRole).minimumSize().width()
                     for s in self._sections for row in range(s.form.rowCount()))
        room = self._label_width() + max(fields, NARROW_FIELD) + SIDE_ROOM
        policy = QFormLayout.WrapAllRows if width < room else QFormLayout.DontWrapRows
        for section in self._sections:
            if section.form.rowWrapPolicy() != policy:
                section.form.setRowWrapPolicy(policy)

    def _labels(self) -> list[QLabel]:
        return [s.form.itemAt(row, QFormLayout.LabelRole).widget() for s in self._sections
                for row in range(s.form.rowCount())]

    def _label_width(self) -> int:
        return max(label.sizeHint().width() for label in self._labels())

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for setter, text in self._texts:
            setter(text())
        for widget in self._tips:
            self._apply_tip(widget)
        if self._split_info_text is None:
            self._split_info.setText(self.tr("Choose a dataset folder to see how it will be split."))
        for label in self._labels():  # one label column for all groups
            label.setMinimumWidth(0)
        width = self._label_width()
        for label in self._labels():
            label.setMinimumWidth(width)
        self._model_changed()
        self._fit_forms(self.width())
