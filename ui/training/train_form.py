"""The training set-up form: every TrainConfig option, made from the schema, as a plain dict.

The fields, their groups, labels, ranges, choices and tooltips come from core/training/trainconfig.py
(ui/training/form_fields.py makes one control per option). Validation is TrainConfig.problems(),
the same the command line runs, plus what only the form can see (ui/training/form_checks.py); each
message is shown on its field and listed at the top. Programmatic changes (`set_values`, `set_*`)
emit no signals.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import partial

from PyQt5.QtCore import QEvent, Qt, QTimer, pyqtSignal
from PyQt5.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.training.options import GROUPS
from core.training.trainconfig import DEFAULTS, SETTINGS
from ui.training.form_checks import Known, find_problems
from ui.training.form_extras import RateField, WeightsField
from ui.training.form_fields import ChoiceField, Field, make_field, row
from ui.training.form_inputs import FolderInputs
from ui.training.form_output_check import OUT_PAUSE_MS, OutputFolderCheck
from ui.training.form_presets import FormPresets
from ui.training.form_pretrained import PretrainedDefaults
from ui.training.form_problems import ProblemList, set_outlined
from ui.training.form_running import RunningSettings, RunSettingsLine
from ui.training.problem_text import translate_problem
from ui.widgets.focus_in_view import FocusInView
from ui.widgets.form_widgets import Section, WrappedNote
from ui.widgets.formatting import as_sentence
from ui.widgets.place_in_view import PlaceInView
from ui.widgets.wheel_guard import guard_wheel

NARROW_FIELD = 220  # px a field needs beside its label at least; less and labels go above their fields
SIDE_ROOM = 60  # px of margins, spacing and a vertical scroll bar around label + field
CLASSES_PAUSE_MS = 400  # typing in Classes: the dataset is scanned again after a pause this long, or on leaving it
GROUP_TITLES = {"data": "Data", "model": "Model", "optimisation": "Optimisation", "run": "Run"}


class TrainForm(FolderInputs, FormPresets, OutputFolderCheck, PretrainedDefaults, RunningSettings, QWidget):
    changed = pyqtSignal()             # any user edit (for "remember the last form")
    datasetChosen = pyqtSignal(str)    # an existing dataset folder was chosen (again), or its Classes changed
    datasetGone = pyqtSignal()         # the dataset field no longer names a folder (after one that did)
    findLrRequested = pyqtSignal()
    mirrorRequested = pyqtSignal()     # Mirror… beside the weights: where downloads come from
    problemsChanged = pyqtSignal(bool)  # after the first validate(): whether there are problems now

    def __init__(self, parent=None):
        super().__init__(parent)
        self._quiet = 0
        self._texts: list[tuple] = []      # (setter, untranslated text or a callable giving the translated one)
        self._tips: dict[QWidget, object] = {}
        self._problems: dict[QWidget, list[str]] = {}
        self._live = False                 # after the first validate(), every edit re-validates
        self._hidden = {key: DEFAULTS[key] for key, s in SETTINGS.items() if not s.option.group}  # mean, std
        self._architectures: dict[str, dict] = {}
        self._known = Known()  # dataset scan, pretrained weights, devices
        self._chosen: set[str] = set()  # keys the user set: defaults leave them alone (form_pretrained.py)
        self._running = False
        self._ratios_used = True
        self._last_dataset: str | None = None
        self._scanned_classes: list[str] | None = None  # the Classes field's value when _last_dataset was announced
        self._classes_pause = QTimer(self, singleShot=True, interval=CLASSES_PAUSE_MS)
        self._classes_pause.timeout.connect(self._classes_maybe_changed)
        self._out_pause = QTimer(self, singleShot=True, interval=OUT_PAUSE_MS)  # form_output_check.py
        self._out_pause.timeout.connect(self.check_output_folder)
        self._sections: list[Section] = []
        self._fields: dict[str, QWidget] = {}
        self._controls: dict[str, Field] = {}

        self._problems_label = ProblemList()
        self._run_line = RunSettingsLine()  # why the form shows a run's settings (form_running.py)
        self._content = QWidget(objectName="content")
        self._column = QVBoxLayout(self._content)
        self._column.setContentsMargins(4, 4, 4, 4)
        self._build()
        self._column.addStretch(1)
        self._scroll = scroll = QScrollArea(objectName="scroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setWidget(self._content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._problems_label)
        layout.addWidget(self._run_line)
        layout.addWidget(scroll, 1)
        FocusInView(scroll)  # the problem list appearing above must not hide the field being typed in
        self._place = PlaceInView(scroll, lambda: [field.row for field in self._controls.values()]
                                  + [section.toggle for section in self._sections])
        self.setAcceptDrops(True)
        for edit in self._content.findChildren(QLineEdit):  # spin boxes' editors too
            edit.installEventFilter(self)  # a folder dropped on any field is the dataset (not its URL as text)
        guard_wheel(self._content)

        with self._quietly():
            self.set_values(DEFAULTS)
        self._chosen.clear()
        self._retranslate()

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        """One section per group, one row per option in the schema's order; `beside` options join a row."""
        forms = {}
        owners = {s.option.beside for s in SETTINGS.values()}
        for group in GROUPS:
            section = Section(f"{group}Section")
            self._texts.append((section.toggle.setText, GROUP_TITLES[group]))
            self._tips[section.toggle] = "Show or hide this group"
            self._sections.append(section)
            self._column.addWidget(section)
            forms[group] = section.form
        for key, setting in SETTINGS.items():
            if not setting.option.group:
                continue
            field = self._make(setting)
            self._controls[key] = field
            self._texts += field.texts
            self._tips.update(field.tips)
            self._fields.update(field.named)
            field.on_edit(partial(self._edited, key))
            owner = self._controls.get(setting.option.beside)
            if owner is not None:  # shares its owner's row
                box = owner.row.layout()
                box.insertWidget(box.count() - (0 if isinstance(owner, ChoiceField) else 1), field.row)
                continue
            label = QLabel()
            self._texts.append((label.setText, setting.option.label))
            label.setBuddy(getattr(field, "buddy", field.main))
            self._tips[label] = self._tips.get(getattr(field, "buddy", field.main), setting.option.help)
            if field.row is field.main and (key in owners or isinstance(field.main, (QSpinBox, QDoubleSpinBox,
                                                                                     QCheckBox))):
                field.row = row(field.main, vertical=isinstance(field, ChoiceField))  # room for a `beside`
            forms[setting.option.group].addRow(label, field.row)
            if key == "data":  # how the chosen folder will be split, under it
                self._add_split_info(forms[setting.option.group])
        self._model_description = WrappedNote(objectName="modelDescription")
        self._model_description.setEnabled(False)  # drawn in the dimmed text colour
        model = self._controls["model"]
        model.main.setMaxVisibleItems(20)
        model.row.layout().addWidget(self._model_description)
        self._data, self._out = self._controls["data"].main, self._controls["out"].main
        self._pretrained_file = self._controls["pretrained"].file

    def _make(self, setting) -> Field:
        if setting.option.widget == "weights":
            field = WeightsField(setting, self._browse_pretrained, self.mirrorRequested)
            field.main.currentIndexChanged.connect(self._update_enabled)
            return field
        if setting.key == "lr":
            return RateField(setting, self.findLrRequested)
        field = make_field(setting)
        if setting.option.widget == "architecture":
            field.row = row(field.main, vertical=True)
            field.main.currentIndexChanged.connect(self._model_changed)
        if setting.option.widget == "folder":
            field.browse.clicked.connect(self._browse_data if setting.key == "data" else self._browse_out)
        if setting.key == "data":
            field.main.editingFinished.connect(self._dataset_maybe_chosen)
        if setting.key == "classes":
            field.main.editingFinished.connect(self._classes_maybe_changed)
        return field

    def _add_split_info(self, form: QFormLayout) -> None:
        self._split_info = QLabel(objectName="splitInfo", wordWrap=True)
        self._split_info.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # wraps instead of widening
        self._split_folders: bool | None = None  # the dataset has train/ val/ test/ folders (None: not scanned)
        tip = "How the images are divided into training, validation and test sets"
        label = QLabel()
        self._texts.append((label.setText, "Split:"))
        self._tips.update({self._split_info: tip, label: tip})
        form.addRow(label, self._split_info)

    # --- public API ----------------------------------------------------------------------------
    def field(self, key: str) -> QWidget:
        """The control for a TrainConfig key (or an object name such as "findLr"), for focus and tests."""
        return self._fields[key]

    def values(self) -> dict:
        values = {key: (self._controls[key].value() if key in self._controls else self._hidden[key])
                  for key in SETTINGS}
        values["model"] = values["model"] or DEFAULTS["model"]
        return values

    def set_values(self, values: dict, chosen=None) -> None:
        """Fill the form from a values()-like dict: unknown keys ignored, missing keys kept, no signals.
        The keys given count as the user's choices (see chosen()), or only those in `chosen`.

        Raises ValueError naming every bad value (and changes nothing) when a type, choice or range is wrong.
        """
        clean, bad = {}, []
        for key, value in values.items():
            if key not in SETTINGS:
                continue
            try:
                clean[key] = SETTINGS[key].coerce(value)
                if self._out_of_range(key, clean[key]):
                    raise ValueError
            except (TypeError, ValueError):
                bad.append(f"{key}={value!r}")
        if bad:
            raise ValueError(self.tr("Bad settings: {0}").format(", ".join(bad)))
        self._chosen = (self._chosen - set(clean)) | (set(clean) if chosen is None else set(clean) & set(chosen))
        with self._quietly():
            for key, value in clean.items():
                if key in self._controls:
                    self._controls[key].set_value(value)
                else:
                    self._hidden[key] = value

    def _out_of_range(self, key: str, value) -> bool:
        """A number the field cannot hold (it would silently clamp it)."""
        setting = SETTINGS[key]
        numbers = [value] if setting.kind in ("int", "float") else value if setting.kind == "size" else []
        return setting.option.group != "" and not setting.option.exact and any(
            not setting.option.in_range(n) for n in numbers)

    def validate(self) -> list[str]:
        """Every problem with the settings, marked on its field and listed at the top; [] when none."""
        self._live = True
        problems = self._find_problems()
        self._show_problems(problems)
        return list(dict.fromkeys(message for _, message in problems))

    def set_dataset_problem(self, folder: str, problem: str | None, classes: list[str] | None = None) -> None:
        """What the scan of `classes` (None: all) in `folder` found wrong (None: nothing); Start is refused while
        the form holds that folder and those classes."""
        self._known.dataset_problem = (folder, classes, problem) if problem else None
        self._say_split()
        self._revalidate()

    def invalid_fields(self) -> list[str]:
        """Object names of the fields now marked invalid."""
        return sorted(w.objectName() for w in self._problems)

    def set_dataset_split(self, folders: bool | None) -> None:
        """How the dataset will be split: by its own train/ val/ test/ folders (the % fields greyed out), by
        the ratios (False), or not known (None: no dataset scanned)."""
        self._split_folders = folders
        self._say_split()
        self._ratios_used = not folders
        self._update_enabled()

    def _say_split(self) -> None:
        if self._split_folders is None:  # not known: no folder scanned, or its scan found a problem
            text = (self.tr("Shown once the problem with this dataset folder is fixed.") if self._dataset_refused()
                    else self.tr("Choose a dataset folder to see how it will be split."))
        else:
            text = (self.tr("Using the train/ val/ test/ folders") if self._split_folders else
                    self.tr("No split folders: a stratified split by the ratios below"))
        self._split_info.setText(text)

    def _dataset_refused(self) -> bool:
        """Whether the scan of the folder and classes the form names now found a problem (a folder was chosen:
        "Choose a dataset folder" beside its problem was not true)."""
        problem = self._known.dataset_problem
        return problem is not None and problem[:2] == (self._controls["data"].value(), self._controls["classes"].value())

    def set_architectures(self, architectures: list[dict]) -> None:
        """[{"name", "description", "params_millions", optional "cam_layer"}]; keeps the chosen one."""
        self._architectures = {a["name"]: dict(a) for a in architectures}
        combo = self._controls["model"].main
        with self._quietly():
            current = combo.currentData()
            combo.clear()
            for arch in architectures:
                combo.addItem(arch["name"], arch["name"])
                combo.setItemData(combo.count() - 1, self.tr(arch.get("description", "")), Qt.ToolTipRole)
            self._controls["model"].set_value(current if current in self._architectures else DEFAULTS["model"])
        self._model_changed()

    def set_devices(self, devices: list[tuple[str, str, bool]]) -> None:
        """[(name, description, mixed precision pays)], e.g. ("cuda:0", "NVIDIA H100 (80 GiB)", True) —
        core.device.available_devices(); "Automatic" always comes first."""
        self._known.devices = [name for name, _, _ in devices]
        self._known.mixed_precision = {name for name, _, pays in devices if pays}
        device = self._controls["device"]
        with self._quietly():
            current = device.value()
            while device.main.count() > 1:
                device.main.removeItem(1)
            for name, description, _ in devices:
                if name != "auto":
                    device.main.addItem(description or name, name)
                    device.main.setItemData(device.main.count() - 1, name, Qt.ToolTipRole)
            device.set_value(current)

    def set_lr_suggestion(self, lr: float | None, plot_png_path: str | None = None) -> None:
        """Show the learning-rate finder's result (None: no clear minimum) and its plot."""
        self._controls["lr"].show_suggestion(lr, plot_png_path, self.tr)

    def set_running(self, running: bool) -> None:
        self._running = running
        self._content.setEnabled(not running)
        if not running:
            self.end_run()

    # --- validation ----------------------------------------------------------------------------
    def _find_problems(self) -> list[tuple[QWidget, str]]:
        marked = []
        for key, message in find_problems(self._controls, self.values(), self._known, self.tr):
            text = translate_problem(message, self.tr)
            text = as_sentence(text)
            widgets = self._controls[key].marks if key in self._controls else [self._fields[key]]
            marked += [(widget, text) for widget in widgets]
        return marked

    def _show_problems(self, problems: list[tuple[QWidget, str]]) -> None:
        marked = {}
        for widget, message in problems:
            marked.setdefault(widget, [])
            if message not in marked[widget]:
                marked[widget].append(message)
        for widget in set(self._problems) | set(marked):
            set_outlined(widget, widget in marked)
        self._problems = marked
        for widget in self._tips:
            self._apply_tip(widget)
        messages = list(dict.fromkeys(message for _, message in problems))
        self._problems_label.show_messages(messages)
        for section in self._sections:  # open the groups that hold a marked field
            if any(section.isAncestorOf(w) for w in marked):
                section.set_expanded(True)
        self.problemsChanged.emit(bool(messages))

    def _revalidate(self) -> None:
        if self._live:
            self._show_problems(self._find_problems())

    def _apply_tip(self, widget: QWidget) -> None:
        tip = self._tips[widget]
        base = tip() if callable(tip) else self.tr(tip)
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
                self._apply_defaults()
                self._model_changed()
                self._update_enabled()
                self._revalidate()

    def _edited(self, key: str, *args) -> None:
        if self._quiet:
            return
        self._chosen.add(key)
        if key == "classes":  # the dataset is scanned again for them once the typing pauses
            self._classes_pause.start()
        if key in ("data", "classes"):  # the split line spoke of the scan of another folder or other classes
            self._say_split()
        if key == "out":  # tried on the disk once the typing pauses
            self._out_pause.start()
        self._apply_defaults()
        self._update_enabled()
        self._revalidate()
        self.changed.emit()

    def _model_changed(self, *args) -> None:
        name = self._controls["model"].value() or ""
        arch = self._architectures.get(name)
        params = arch.get("params_millions") if arch else None
        described = self.tr(arch.get("description", "")) if arch else ""
        # The list above already shows the name: the description alone, whole, on as many lines as it needs.
        if arch is None:
            text = name
        elif params is None:
            text = described
        else:
            size = self.tr("{0:.1f} M parameters").format(params).replace(" ", "\u00a0")  # never split
            text = self.tr("{0} ({1})").format(described, size)
        self._model_description.setText(text)
        layer = arch.get("cam_layer") if arch else None
        self._controls["cam_layer"].main.setPlaceholderText(
            self.tr("{0}, or a finer layer when its map is under 6×6 cells").format(layer) if layer
            else self.tr("chosen for the input size"))
        self._update_enabled()

    def _update_enabled(self, *args) -> None:
        """An option that has no effect with the others (its schema's `applies`) is greyed out."""
        values = self.values()
        for field in self._controls.values():
            applies = field.option.applies
            if applies is not None:
                field.set_enabled(applies(values))
        self._controls["amp"].set_enabled(self._known.mixed_precision_pays(values["device"] or "auto"))
        for key in ("val_ratio", "test_ratio"):
            self._controls[key].set_enabled(self._ratios_used)
        self._controls["pretrained"].update(values["model"], self._known, self.tr)

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
            self._place.hold()  # the field the user was reading stays where it was
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for setter, text in self._texts:
            setter(text() if callable(text) else self.tr(text))
        for widget in self._tips:
            self._apply_tip(widget)
        self._say_split()
        for label in self._labels():  # one label column for all groups
            label.setMinimumWidth(0)
        width = self._label_width()
        for label in self._labels():
            label.setMinimumWidth(width)
        self._model_changed()
        self._say_run()
        rate = self._controls["lr"]
        if rate.shown:  # "Suggested: 1.4e-4" had stayed English in a Chinese form
            rate.show_suggestion(rate.suggested, rate.plot_path, self.tr)
        self._fit_forms(self.width())
