"""Model Settings: what a model file from elsewhere does not say, asked of the user once.

It opens by itself when a file lacks its settings, prefilled with what GradLens inferred, each
guess marked, because a model fed the wrong input size or normalisation gives confident wrong
answers. "Use and Save as GradLens Model…" writes the answers into a GradLens model file, so the
next time the file says everything itself. Test-time augmentation is chosen here too: it is how
the model's images are classified (probabilities averaged over mirrored and shifted copies),
prefilled with what the model was tested with in training.
"""
from __future__ import annotations

import os

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.models.model_settings import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    RESIZE_MODES,
    TTA_MODES,
    SettingsError,
    check_class_names,
    read_class_names_file,
)
from ui.theme_colours import colour_name
from ui.widgets.retranslate import Retranslating

# Normalisations users meet most, by what they are called in training scripts.
PRESETS = {"imagenet": (IMAGENET_MEAN, IMAGENET_STD), "half": ((0.5,) * 3, (0.5,) * 3),
           "none": ((0.0,) * 3, (1.0,) * 3)}
GUESSED = "⚠ "


class ModelSettingsDialog(Retranslating, QDialog):
    """`values`: arch, input_size, resize_mode, mean, std, class_names, tta, num_classes, assumed (the
    keys GradLens guessed) and locked (keys the file fixes); `architectures`: the names to offer."""

    def __init__(self, parent, file_name: str, values: dict, architectures: list[str]):
        super().__init__(parent)
        self.save_path: str | None = None
        self._num_classes = values["num_classes"]
        self._file_name = file_name
        self._start_folder = values.get("folder") or os.getcwd()
        assumed, locked = set(values.get("assumed", ())), set(values.get("locked", ()))
        self._assumed = assumed
        intro = self._intro = QLabel(wordWrap=True)

        self.arch = QComboBox()
        self.arch.addItems(architectures)
        if values["arch"] and self.arch.findText(values["arch"]) < 0:
            self.arch.addItem(values["arch"])  # a timm backbone outside the curated list, named by the file
        self.arch.setCurrentText(values["arch"])
        self.height, self.width = (QSpinBox(minimum=16, maximum=4096, suffix=" px") for _ in range(2))
        self.height.setValue(values["input_size"][0])
        self.width.setValue(values["input_size"][1])
        size = _row(self.height, QLabel("×"), self.width)
        self.resize_mode = QComboBox()
        for mode in RESIZE_MODES:
            self.resize_mode.addItem("", mode)
        self.resize_mode.setCurrentIndex(RESIZE_MODES.index(values["resize_mode"]))
        self.preset = QComboBox()
        for key in ("imagenet", "half", "none", "custom"):
            self.preset.addItem("", key)
        self.mean = [_channel_box(0.0, 1.0) for _ in range(3)]
        self.std = [_channel_box(0.0001, 2.0) for _ in range(3)]
        for box, value in zip(self.mean + self.std, tuple(values["mean"]) + tuple(values["std"])):
            box.setValue(value)
            box.valueChanged.connect(self._show_preset)
        self.preset.activated.connect(self._apply_preset)
        self._show_preset()
        self.classes = QPlainTextEdit("\n".join(values["class_names"]))
        self.classes.setTabChangesFocus(True)
        self.classes.textChanged.connect(self._check)
        self.classes_file = QPushButton()
        self.classes_file.clicked.connect(self._read_classes)
        self.tta = QComboBox(objectName="tta")
        for mode in TTA_MODES:
            self.tta.addItem("", mode)
        self.tta.setCurrentIndex(TTA_MODES.index(values.get("tta") or "off"))
        self.problem = QLabel()
        self.problem.setStyleSheet(f"color: {colour_name('bad')}")  # follows View → Theme (app/theme.py)
        self.problem.setWordWrap(True)

        form = self._form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self._rows = [("arch", self.arch, [self.arch]), ("input_size", size, [self.height, self.width]),
                      ("resize_mode", self.resize_mode, [self.resize_mode]),
                      ("mean", self.preset, [self.preset] + self.mean + self.std),
                      ("", _row(*self.mean), []), ("", _row(*self.std), []),  # marked once, on the row above
                      ("class_names", _column(self.classes, self.classes_file), [self.classes, self.classes_file]),
                      ("tta", self.tta, [self.tta])]
        for key, field, widgets in self._rows:
            form.addRow(QLabel(), field)
            for widget in widgets:
                widget.setEnabled(key not in locked)

        buttons = QDialogButtonBox()
        self.use = buttons.addButton("", QDialogButtonBox.AcceptRole)
        self.use_and_save = buttons.addButton("", QDialogButtonBox.ActionRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        self.use.clicked.connect(self.accept)
        self.use_and_save.clicked.connect(self._save_as)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        # Only now, inside the dialog: made default before, Enter pressed Read from File… (the first button).
        self.use.setDefault(True)
        self.retranslate()
        self.height.setFocus()  # the setting most often wrong in a file from elsewhere

    def retranslate(self) -> None:
        """Every text in the current language: from the constructor and on a language switch."""
        tr = self.tr
        self.setWindowTitle(tr("Model Settings"))
        self._intro.setText(tr(
            "<b>{0}</b> does not say everything GradLens needs to use it. Settings marked {1}were guessed: "
            "correct them to match how the model was trained, or its predictions will be wrong.").format(
                self._file_name, GUESSED) if self._assumed else tr(
            "How <b>{0}</b> is used: the settings its model was trained with.").format(self._file_name))
        labels = {"arch": tr("Architecture:"), "input_size": tr("Input size (height × width):"),
                  "resize_mode": tr("Resize:"), "mean": tr("Normalisation:"),
                  "class_names": tr("Class names ({0}):").format(self._num_classes),
                  "tta": tr("Test-time augmentation:")}
        below = iter((tr("Mean (R, G, B):"), tr("Std (R, G, B):")))  # the two rows without a key
        for key, field, _ in self._rows:
            text = labels[key] if key else next(below)
            self._form.labelForField(field).setText(GUESSED + text if key in self._assumed else text)
        items = {"stretch": tr("Stretch to the input size"), "letterbox": tr("Letterbox (keep the aspect ratio, pad)"),
                 "center_crop": tr("Centre crop (scale, cut the middle)"), "imagenet": tr("ImageNet mean and std"),
                 "half": tr("0.5 and 0.5 (pixels to −1…1)"), "none": tr("None (pixels 0…1)"), "custom": tr("Custom"),
                 "off": tr("Off: each image as it is"), "flip": tr("Flip: the image and its mirror image"),
                 "flip_shift": tr("Flip and shift: also four shifted copies (6× the work)")}
        for combo in (self.resize_mode, self.preset, self.tta):
            for index in range(combo.count()):
                combo.setItemText(index, items[combo.itemData(index)])
        self.tta.setToolTip(tr("Average the probabilities over altered copies of each image (test-time "
                               "augmentation); heatmaps stay on the plain image. Prefilled with what the model "
                               "was tested with in training"))
        self.classes.setPlaceholderText(tr("One class name a line, in the order of the model's outputs"))
        self.classes_file.setText(tr("Read from File…"))
        self.use.setText(tr("Use These Settings"))
        self.use_and_save.setText(tr("Use and Save as GradLens Model…"))
        self._check()  # its problem line too

    def values(self) -> dict:
        """The settings as the user left them (class names checked by `_check`)."""
        return {"arch": self.arch.currentText(), "input_size": (self.height.value(), self.width.value()),
                "resize_mode": self.resize_mode.currentData(), "mean": tuple(b.value() for b in self.mean),
                "std": tuple(b.value() for b in self.std), "class_names": self._class_names(),
                "tta": self.tta.currentData()}

    def _class_names(self) -> tuple[str, ...]:
        try:
            return check_class_names(self.classes.toPlainText().splitlines(), self.tr("the list"))
        except SettingsError:
            return ()

    def _check(self) -> None:
        lines = self.classes.toPlainText().splitlines()
        try:
            names = check_class_names(lines, self.tr("the list"))
            problem = "" if len(names) == self._num_classes else self.tr(
                "The model has {0} outputs: give {0} class names, one a line ({1} now).").format(
                    self._num_classes, len(names))
        except SettingsError as error:
            problem = str(error)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.use.setEnabled(not problem)
        self.use_and_save.setEnabled(not problem)

    def _read_classes(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Class Names"), self._start_folder,
                                              self.tr("Text files (*.txt);;All files (*)"))
        if not path:
            return
        try:
            self.classes.setPlainText("\n".join(read_class_names_file(path)))
        except SettingsError as error:
            self.problem.setText(str(error))
            self.problem.setVisible(True)

    def _save_as(self) -> None:
        path = ask_save_path(self, self._start_folder, self._file_name)
        if path:
            self.save_path = path
            self.accept()

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key in PRESETS:
            for box, value in zip(self.mean + self.std, PRESETS[key][0] + PRESETS[key][1]):
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)

    def _show_preset(self) -> None:
        current = (tuple(round(b.value(), 4) for b in self.mean), tuple(round(b.value(), 4) for b in self.std))
        for key, (mean, std) in PRESETS.items():
            if current == (tuple(round(v, 4) for v in mean), tuple(round(v, 4) for v in std)):
                self.preset.setCurrentIndex(self.preset.findData(key))
                return
        self.preset.setCurrentIndex(self.preset.findData("custom"))


def _channel_box(low: float, high: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=low, maximum=high, decimals=4, singleStep=0.01)
    box.setAlignment(Qt.AlignRight)
    return box


def ask_save_path(parent, folder: str, model_file_name: str) -> str:
    """Where to write a GradLens model file: "<name>-gradlens.pt" next to the original by default;
    "" when cancelled."""
    stem = os.path.splitext(model_file_name)[0]
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save as GradLens Model"),
                                          os.path.join(folder, f"{stem}-gradlens.pt"),
                                          parent.tr("GradLens model files (*.pt)"))
    if path and not path.lower().endswith((".pt", ".pth")):
        path += ".pt"
    return path


def _row(*widgets) -> QWidget:
    return _laid_out(QHBoxLayout, widgets)


def _column(*widgets) -> QWidget:
    return _laid_out(QVBoxLayout, widgets)


def _laid_out(layout_class, widgets) -> QWidget:
    """The widgets in one row or column without margins; a button keeps its size, on the left."""
    holder = QWidget()
    layout = layout_class(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, alignment=Qt.AlignLeft if isinstance(widget, QPushButton) else Qt.Alignment())
    return holder
