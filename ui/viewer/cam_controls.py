"""The explanation settings form (for a dock): CAM method, target class, layer, opacity, colour map.

It knows names only; the app fills it from the model file and core's tables. `settingsChanged`
fires once per user change with the whole settings (a core.explain.cam_settings.CamSettings); the
opacity slider is debounced so a drag does not queue a heatmap per pixel moved, while its % label
follows the drag live.
"""
from __future__ import annotations

from contextlib import contextmanager

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QSlider,
    QWidget,
)

from core.explain.cam_settings import CamSettings
from ui.widgets.retranslate import Retranslating

SLIDER_DEBOUNCE_MS = 150
NARROW_FIELD = 190  # px a field needs beside its label; less and labels go above the fields

# name -> (shown as, one-line description). Unknown names are shown as they are.
METHODS = {
    "gradcam": ("Grad-CAM", QT_TRANSLATE_NOOP("CamControls", "Gradient-weighted class activation map (fast)")),
    "gradcam++": ("Grad-CAM++", QT_TRANSLATE_NOOP(
        "CamControls", "Grad-CAM with higher-order gradient weights; "
        "its maps barely change when the model's weights are randomised: check before trusting (fast)")),
    "xgradcam": ("XGrad-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "Grad-CAM with activation-scaled gradients, axiom-based (fast)")),
    "hirescam": ("HiResCAM", QT_TRANSLATE_NOOP(
        "CamControls", "Element-wise gradient × activation, without Grad-CAM's averaging of the gradients (fast)")),
    "layercam": ("LayerCAM", QT_TRANSLATE_NOOP(
        "CamControls", "Positive gradients per location; finer detail, works on early layers; "
        "its maps change little when the weights are randomised (fast)")),
    "eigengradcam": ("EigenGrad-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "Main component of gradient × activation; "
        "cleaner maps that hardly depend on the learned weights (fast)")),
    "eigencam": ("Eigen-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "Main component of the activations; "
        "ignores the target class and hardly depends on the learned weights (fast)")),
    "gradcamelementwise": ("Grad-CAM Element-wise", QT_TRANSLATE_NOOP(
        "CamControls", "Gradient × activation at each location, negatives dropped before summing (fast)")),
    "scorecam": ("Score-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "Perturbation-based; its maps change little when the weights are randomised; "
        "slow (one forward pass per channel)")),
    "ablationcam": ("Ablation-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "Zeroes each channel and measures the score drop; slow (one pass per channel)")),
    "fullgrad": ("FullGrad", QT_TRANSLATE_NOOP(
        "CamControls", "Gradients of every layer's biases combined; ignores the target layer (slower)")),
    "shapleycam": ("ShapleyCAM", QT_TRANSLATE_NOOP(
        "CamControls", "Game-theoretic weights from gradients and second derivatives (slower)")),
    "finercam": ("Finer-CAM", QT_TRANSLATE_NOOP(
        "CamControls", "What sets the class apart from the most similar classes (slower)")),
}


def method_description(name: str) -> str:
    """The translated one-line description of a CAM method ("" for an unknown one)."""
    return QCoreApplication.translate("CamControls", METHODS[name][1]) if name in METHODS else ""


class CamControls(Retranslating, QWidget):
    """settings(): a CamSettings (target None = the predicted class)."""

    settingsChanged = pyqtSignal(object)   # CamSettings

    def __init__(self, parent=None):
        super().__init__(parent)
        self._quiet = False
        self._last: CamSettings | None = None

        # Object names double as handles for tests and style sheets.
        self._method = self._combo("method")
        self._target = self._combo("target")
        self._layer = self._combo("layer")
        self._colormap = self._combo("colormap")
        self._target.addItem("", None)  # "Predicted class"
        self._layers: tuple[list, str | None] = ([], None)  # what set_layers was given, to translate again
        self._warnings: dict[str, str] = {}  # method → why the sanity check failed it

        self._alpha = QSlider(Qt.Horizontal)
        self._alpha.setObjectName("alpha")
        self._alpha.setRange(0, 100)
        self._alpha.setValue(50)
        self._alpha.setPageStep(10)
        self._alpha_label = QLabel()
        self._alpha_label.setObjectName("alpha_value")
        self._alpha_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self._alpha_label.setMinimumWidth(self._alpha_label.fontMetrics().horizontalAdvance("100%") + 4)
        self._alpha_timer = QTimer(self, singleShot=True, interval=SLIDER_DEBOUNCE_MS, timeout=self._changed)
        opacity = self._opacity = QHBoxLayout()
        opacity.setContentsMargins(0, 0, 0, 0)
        opacity.addWidget(self._alpha, 1)
        opacity.addWidget(self._alpha_label)
        self._show_alpha(self._alpha.value())

        self._eigen_smooth = QCheckBox(objectName="eigen_smooth")
        self._aug_smooth = QCheckBox(objectName="aug_smooth")
        smoothing = self._smoothing = QHBoxLayout()
        smoothing.setContentsMargins(0, 0, 0, 0)
        smoothing.addWidget(self._eigen_smooth)
        smoothing.addWidget(self._aug_smooth)
        smoothing.addStretch(1)

        form = self._form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        # The minimum width is that of the stacked form (minimumSizeHint), not of label + field side by side.
        form.setSizeConstraint(QLayout.SetNoConstraint)
        for field in (self._method, self._target, self._layer, opacity, self._colormap, smoothing):
            form.addRow(QLabel(), field)
        for combo in (self._method, self._target, self._layer, self._colormap):
            form.labelForField(combo).setBuddy(combo)
        form.labelForField(opacity).setBuddy(self._alpha)
        self.retranslate()

        self._method.currentIndexChanged.connect(self._method_changed)
        for combo in (self._target, self._layer, self._colormap):
            combo.currentIndexChanged.connect(self._changed)
        for box in (self._eigen_smooth, self._aug_smooth):
            box.toggled.connect(self._changed)
        self._alpha.valueChanged.connect(self._alpha_moved)
        self._alpha.sliderReleased.connect(self._alpha_released)
        self._update_enabled()

    def retranslate(self) -> None:
        """Labels, tooltips and the translated items, in the current language; choices stay as they are."""
        tr = self.tr
        for field, label in ((self._method, tr("&Method:")), (self._target, tr("&Target class:")),
                             (self._layer, tr("&Layer:")), (self._opacity, tr("&Opacity:")),
                             (self._colormap, tr("&Colour map:")), (self._smoothing, tr("Smoothing:"))):
            self._form.labelForField(field).setText(label)
        self._target.setToolTip(tr("Which class the heatmap explains: the predicted one, or any class"))
        self._layer.setToolTip(tr("The layer whose activations make the heatmap; "
                                  "later layers give coarser, more semantic maps"))
        self._colormap.setToolTip(tr("Colours used to draw the heatmap"))
        self._target.setItemText(0, tr("Predicted class"))
        self._alpha.setToolTip(tr("Heatmap opacity over the image (0% = image only)"))
        self._eigen_smooth.setText(tr("&Eigen"))
        self._eigen_smooth.setToolTip(tr(
            "Keep only the main component of the weighted activations: less noise, may lose detail"))
        self._aug_smooth.setText(tr("&Augmented"))
        self._aug_smooth.setToolTip(tr(
            "Average the maps of mirrored and brighter/darker copies: steadier maps, six times slower"))
        model = self._method.model()
        for index in range(self._method.count()):
            name = self._method.itemData(index)
            if model.item(index).isEnabled():  # a disabled one's tooltip says why, in its own words
                warning = self._warnings.get(name)
                model.item(index).setToolTip(method_description(name) + (f"\n\u26a0 {warning}" if warning else ""))
        self._method_tooltip()
        layers, default = self._layers
        if layers:
            self.set_layers(layers, default, self._layer.currentData())

    def minimumSizeHint(self) -> QSize:
        margins = self._form.contentsMargins()
        widest = max(self._form.itemAt(row, role).minimumSize().width()
                     for row in range(self._form.rowCount()) for role in (QFormLayout.LabelRole, QFormLayout.FieldRole))
        return QSize(widest + margins.left() + margins.right(), super().minimumSizeHint().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        # In a narrow dock every label goes above its field; a mix of both (WrapLongRows) looks ragged.
        labels = max(self._form.itemAt(row, QFormLayout.LabelRole).widget().sizeHint().width()
                     for row in range(self._form.rowCount()))
        narrow = event.size().width() < labels + NARROW_FIELD
        policy = QFormLayout.WrapAllRows if narrow else QFormLayout.DontWrapRows
        if self._form.rowWrapPolicy() != policy:
            self._form.setRowWrapPolicy(policy)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        # Long class or layer names must not widen the dock; the popup still shows them whole.
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        combo.setMaxVisibleItems(20)
        return combo

    # --- filling -----------------------------------------------------------------------------
    def set_methods(self, methods: list[str], current: str | None = None) -> None:
        with self._quietly():
            self._method.clear()
            for name in methods:
                label, _ = METHODS.get(name, (name, ""))
                self._method.addItem(label, name)
                self._method.setItemData(self._method.count() - 1, method_description(name), Qt.ToolTipRole)
            self._select(self._method, current)
            self._method_tooltip()

    def set_classes(self, classes: list[str]) -> None:
        """Target choices: "Predicted class" then each class; keeps the chosen class when still there."""
        with self._quietly():
            chosen = self._target.currentData()
            while self._target.count() > 1:
                self._target.removeItem(1)
            for name in classes:
                self._target.addItem(name, name)
                self._target.setItemData(self._target.count() - 1, name, Qt.ToolTipRole)
            self._select(self._target, chosen)

    def set_layers(self, layers: list, default: str | None = None, chosen: str | None = None) -> None:
        """Layer choices: names, or (name, label) pairs such as ("layer3", "layer3 · 8×8"); `chosen`
        (else the default) selected."""
        self._layers = (list(layers), default)
        with self._quietly():
            self._layer.clear()
            for layer in layers:
                name, label = (layer, layer) if isinstance(layer, str) else layer
                if name == default:
                    label = self.tr("%1 (default)").replace("%1", label)
                self._layer.addItem(label, name)
                self._layer.setItemData(self._layer.count() - 1, self.tr(
                    "%1: the map is as fine as this layer's activations").replace("%1", label), Qt.ToolTipRole)
            self._select(self._layer, chosen or default)

    def set_method_unavailable(self, method: str, reason: str) -> None:
        """Grey out a method that cannot run on the loaded model; its tooltip says why."""
        index = self._method.findData(method)
        if index < 0:
            return
        item = self._method.model().item(index)
        item.setEnabled(False)
        item.setToolTip(reason)

    def set_methods_available(self) -> None:
        """A new model: every method may work again, and no sanity check has marked one yet."""
        self._warnings.clear()
        model = self._method.model()
        for index in range(self._method.count()):
            name = self._method.itemData(index)
            model.item(index).setEnabled(True)
            model.item(index).setText(METHODS.get(name, (name, ""))[0])
            model.item(index).setToolTip(method_description(name))
        self._method_tooltip()

    def set_method_warning(self, method: str, text: str) -> None:
        """Mark a method that failed the sanity check for this model: still selectable, " ⚠" after its
        name, and why in its tooltip. Cleared by set_methods_available (a new model)."""
        index = self._method.findData(method)
        if index < 0:
            return
        self._warnings[method] = text
        item = self._method.model().item(index)
        item.setText(METHODS.get(method, (method, ""))[0] + " \u26a0")
        item.setToolTip(method_description(method) + "\n\u26a0 " + text)
        self._method_tooltip()

    def set_colormaps(self, colormaps: list[str], current: str | None = None) -> None:
        with self._quietly():
            self._colormap.clear()
            for name in colormaps:
                self._colormap.addItem(name, name)
            self._select(self._colormap, current)

    # --- settings ----------------------------------------------------------------------------
    def settings(self) -> CamSettings:
        return CamSettings(method=self._method.currentData(), target=self._target.currentData(),
                           layer=self._layer.currentData(), alpha=self._alpha.value() / 100,
                           colormap=self._colormap.currentData(), eigen_smooth=self._eigen_smooth.isChecked(),
                           aug_smooth=self._aug_smooth.isChecked())

    def set_settings(self, settings: CamSettings) -> None:
        """Show `settings` without emitting settingsChanged (a name not offered leaves its choice as it is)."""
        with self._quietly():
            for value, combo in ((settings.method, self._method), (settings.target, self._target),
                                 (settings.layer, self._layer), (settings.colormap, self._colormap)):
                self._select(combo, value)
            self._alpha.setValue(round(settings.alpha * 100))
            self._eigen_smooth.setChecked(settings.eigen_smooth)
            self._aug_smooth.setChecked(settings.aug_smooth)
            self._method_tooltip()

    # --- internals ---------------------------------------------------------------------------
    @contextmanager
    def _quietly(self):
        """Programmatic changes: no settingsChanged, and a later user change is compared with the result."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
            self._alpha_timer.stop()
            self._show_alpha(self._alpha.value())
            self._update_enabled()
            self._last = self.settings()

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _update_enabled(self) -> None:
        for combo in (self._method, self._layer, self._colormap):
            combo.setEnabled(combo.count() > 0)
        self._target.setEnabled(self._target.count() > 1)

    def _method_tooltip(self) -> None:
        index = self._method.currentIndex()
        item = self._method.model().item(index) if index >= 0 else None
        description = item.toolTip() if item is not None else ""
        self._method.setToolTip(description or self.tr("How the heatmap is computed"))

    def _method_changed(self) -> None:
        self._method_tooltip()
        self._changed()

    def _show_alpha(self, value: int) -> None:
        self._alpha_label.setText(f"{value}%")

    def _alpha_moved(self, value: int) -> None:
        self._show_alpha(value)
        if not self._quiet:
            self._alpha_timer.start()  # restarts: emits once the slider has been still for a moment

    def _alpha_released(self) -> None:
        if self._alpha_timer.isActive():
            self._alpha_timer.stop()
            self._changed()

    def _changed(self) -> None:
        if self._quiet:
            return
        settings = self.settings()
        if settings != self._last:
            self._last = settings
            self.settingsChanged.emit(settings)
