"""One control per training option, made from its schema entry (core/training/trainconfig.py).

`make_field(setting)` picks the control for the option's kind (number, choice, check box, text,
list, size) or its special widget, sets its range, choices, texts and tooltip. Each field reads and
writes its value in the TrainConfig type, so the form is a list of fields and nothing more.
Texts are kept untranslated here and passed through the form's tr() (see TrainForm._retranslate).
"""
from __future__ import annotations

import math

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.training.options import names, split_ints
from core.training.trainconfig import Setting
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.form_widgets import ClearableEdit, FloatEdit

INT_MAX = 2**31 - 1  # a QSpinBox holds an int32
SPIN_MAX = 100000  # a number field's top when the option has none: wide enough, not absurdly wide


def row(*widgets, vertical=False, stretch=True) -> QWidget:
    """Widgets side by side (ints are spacing), or one above the other."""
    holder = QWidget()
    box = QVBoxLayout(holder) if vertical else QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    if vertical:
        box.setSpacing(2)
    for widget in widgets:
        box.addWidget(widget) if not isinstance(widget, int) else box.addSpacing(widget)
    if stretch and not vertical:
        box.addStretch(1)
    return holder


class Field:
    """A control for one option: `main` is the widget tests and focus find, `row` goes in the form."""

    def __init__(self, setting: Setting, main: QWidget):
        self.setting, self.key, self.option = setting, setting.key, setting.option
        self.main = main
        self.row = main
        self.marks: list[QWidget] = [main]  # outlined when the option has a problem
        self.inputs: list[QWidget] = [main]  # whose edits count as the user's
        self.texts: list[tuple] = []  # (setter, untranslated text) for the form's retranslation
        self.tips: dict[QWidget, str] = {main: self.option.help}
        self.named: dict[str, QWidget] = {self.key: main}  # extra names for TrainForm.field()

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def typed_problem(self) -> str | None:
        """What the user typed that is not a value at all (e.g. "1e" for a number), or None."""
        return None

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(enabled)

    def on_edit(self, slot) -> None:
        """Call `slot` on every change of the field's inputs (typing, stepping, choosing, ticking)."""
        for widget in self.inputs:
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(slot)
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.valueChanged.connect(slot)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(slot)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(slot)


class NumberField(Field):
    def __init__(self, setting: Setting):
        opt = setting.option
        whole = setting.kind == "int"
        spin = QSpinBox(objectName=setting.key) if whole else QDoubleSpinBox(objectName=setting.key)
        scale = 100 if opt.percent else 1
        smallest = 1 if whole else 10 ** -opt.decimals
        low = opt.low if opt.low is not None else (opt.above + smallest / scale if opt.above is not None else 0)
        high = opt.high if opt.high is not None else (
            opt.below - smallest / scale if opt.below is not None else SPIN_MAX)
        if whole:
            spin.setRange(max(int(low), -INT_MAX), min(int(high), INT_MAX))
        else:
            spin.setDecimals(opt.decimals)
            spin.setRange(low * scale, high * scale)
            spin.setSingleStep(opt.step * scale)
        if opt.step != 1 and whole:
            spin.setSingleStep(int(opt.step))
        if opt.percent:
            spin.setSuffix(" %")
        spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        super().__init__(setting, spin)
        if opt.special:
            self.texts.append((spin.setSpecialValueText, opt.special))
        if opt.text:
            self.texts.append((spin.setPrefix, opt.text))
        self._scale = scale

    def value(self):
        if self.setting.kind == "int":
            return self.main.value()
        return round(self.main.value() / self._scale, self.option.decimals + (4 if self.option.percent else 0))

    def set_value(self, value) -> None:
        self.main.setValue(value * self._scale)


class ExactField(Field):
    """A number typed as text (1e-3 notation), kept exactly."""

    def __init__(self, setting: Setting):
        super().__init__(setting, FloatEdit(setting.key))

    def value(self):
        value = self.main.value()
        return math.nan if value is None else value

    def set_value(self, value) -> None:
        self.main.set_value(value)

    def typed_problem(self):
        if self.main.value() is None:
            return f"{self.option.name} is not a number: {self.main.text()}"
        return None


class ChoiceField(Field):
    """A combo box of the option's choices; `extra=True` keeps an unknown value (a preset from elsewhere)."""

    def __init__(self, setting: Setting, choices=None, extra=False):
        combo = QComboBox(objectName=setting.key)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        super().__init__(setting, combo)
        self.extra = extra
        for value in setting.option.choices if choices is None else choices:
            text, tip = setting.option.choice_text.get(value, (value, ""))
            combo.addItem(text, value)
            i = combo.count() - 1
            self.texts.append((lambda t, i=i: combo.setItemText(i, t), text))
            if tip:
                self.texts.append((lambda t, i=i: combo.setItemData(i, t, Qt.ToolTipRole), tip))

    def value(self):
        return self.main.currentData()

    def set_value(self, value) -> None:
        index = self.main.findData(value)
        if index < 0 and self.extra:  # e.g. a preset from another computer: keep it, validation says why
            self.main.addItem(value, value)
            index = self.main.count() - 1
        if index >= 0:
            self.main.setCurrentIndex(index)


class CheckField(Field):
    def __init__(self, setting: Setting):
        box = QCheckBox(objectName=setting.key)
        super().__init__(setting, box)
        self.texts.append((box.setText, setting.option.text or setting.option.label))

    def value(self):
        return self.main.isChecked()

    def set_value(self, value) -> None:
        self.main.setChecked(value)


class TextField(Field):
    """Free text, an optional name, a list of names or of whole numbers; "folder" adds Browse…."""

    def __init__(self, setting: Setting, browse=None):
        edit = ClearableEdit(objectName=setting.key)
        super().__init__(setting, edit)
        if setting.option.placeholder:
            self.texts.append((edit.setPlaceholderText, setting.option.placeholder))
        if browse is not None:
            button = QPushButton(objectName=browse)
            self.texts.append((button.setText, "Browse…"))
            self.tips[button] = "Choose the " + setting.option.name
            self.named[browse] = button
            self.browse = button
            self.row = row(edit, button, stretch=False)
            edit.parentWidget().layout().setStretch(0, 1)
            self.inputs.append(button)

    def value(self):
        text = self.main.text().strip()
        kind = self.setting.kind
        if kind == "optional":
            return text or None
        if kind == "names":
            return names(text) or None
        if kind == "ints":
            return split_ints(text)[0]
        return text

    def set_value(self, value) -> None:
        if self.setting.kind == "names":
            text = ", ".join(value or [])
        elif self.setting.kind == "ints":
            text = ",".join(str(v) for v in value)
        else:
            text = value or ""
        self.main.setText(text)

    def typed_problem(self):
        if self.setting.kind == "ints":
            bad = split_ints(self.main.text())[1]
            if bad:
                return (f"{self.option.name} must be whole epochs separated by commas, e.g. 30,60 "
                        f"(not: {', '.join(bad)})")
        return None


class ManyField(Field):
    """A check box per choice, in a flow that wraps in a narrow panel."""

    def __init__(self, setting: Setting):
        holder = QWidget(objectName=setting.key)
        super().__init__(setting, holder)
        flow = FlowLayout(holder, spacing=10)
        self.boxes: dict[str, QCheckBox] = {}
        self.inputs = []
        for value in setting.option.choices:
            text, tip = setting.option.choice_text.get(value, (value, ""))
            box = QCheckBox(objectName=f"{setting.key}_{value}")
            self.texts.append((box.setText, text))
            self.tips[box] = tip or text
            self.named[box.objectName()] = box
            self.boxes[value] = box
            self.inputs.append(box)
            flow.addWidget(box)
        self.buddy = next(iter(self.boxes.values()))

    def value(self):
        return [name for name, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value) -> None:
        for name, box in self.boxes.items():
            box.setChecked(name in value)


class SizeField(Field):
    """Height × width, with a square lock."""

    def __init__(self, setting: Setting):
        opt = setting.option
        self.height, self.width = (QSpinBox(objectName=name) for name in ("inputHeight", "inputWidth"))
        for spin in (self.height, self.width):
            spin.setRange(int(opt.low), int(opt.high))
            spin.setSingleStep(int(opt.step))
            spin.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        super().__init__(setting, self.height)
        self.square = QCheckBox(objectName="squareSize")
        self.texts.append((self.square.setText, "square"))
        self.tips = {self.height: opt.help, self.width: opt.help,
                     self.square: "Keep width equal to height"}
        self.named.update(inputHeight=self.height, inputWidth=self.width, squareSize=self.square)
        self.marks = [self.height, self.width]
        self.inputs = [self.height, self.width, self.square]
        self.square.toggled.connect(lambda square: (self.width.setValue(self.height.value()) if square else None,
                                                    self.width.setEnabled(not square)))
        self.height.valueChanged.connect(lambda v: self.width.setValue(v) if self.square.isChecked() else None)
        self.row = row(self.height, QLabel("×"), self.width, 6, self.square)

    def value(self):
        return self.height.value(), self.width.value()

    def set_value(self, value) -> None:
        self.square.setChecked(value[0] == value[1])
        self.height.setValue(value[0])
        self.width.setValue(value[1])

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(enabled)
        self.width.setEnabled(enabled and not self.square.isChecked())


def make_field(setting: Setting) -> Field:
    """The control for an option, by its special widget or else its kind."""
    opt, kind = setting.option, setting.kind
    if opt.widget == "folder":
        return TextField(setting, browse="browse" + setting.key.capitalize())
    if opt.widget == "size":
        return SizeField(setting)
    if opt.widget == "architecture":
        return ChoiceField(setting, choices=(), extra=True)  # filled by set_architectures()
    if opt.widget == "device":
        return ChoiceField(setting, choices=("auto",), extra=True)  # the rest from set_devices()
    if kind in ("int", "float"):
        return ExactField(setting) if opt.exact else NumberField(setting)
    if kind == "bool":
        return CheckField(setting)
    if kind == "names" and opt.choices:
        return ManyField(setting)
    if kind == "text" and opt.choices:
        return ChoiceField(setting)
    return TextField(setting)
