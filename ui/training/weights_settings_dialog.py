"""Settings of the training window: the weights mirror, where pretrained weights are downloaded from.

Many users reach PyTorch's servers only through a mirror. The mirror replaces the host part of
every weight URL; it is a setting of this computer, not of a training run, so it is kept in
QSettings (app/settings.py), not in the training form's schema or a run's config.json.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from core.models.weights_download import MIRROR_VARIABLE, mirror_url
from ui.theme_colours import colour_name

EXAMPLE_URL = "https://download.pytorch.org/models/resnet18-f37072fd.pth"


def mirror_problem(text: str) -> str | None:
    """What is wrong with a typed mirror (untranslated), or None: empty (no mirror) or an http(s) URL."""
    text = text.strip()
    if not text:
        return None
    if any(c.isspace() for c in text):
        return "A mirror URL has no spaces"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return "Not a URL: {0}"
    if parts.scheme not in ("http", "https"):
        return "A mirror starts with http:// or https://"
    if not parts.hostname:
        return "The mirror URL names no host"
    if parts.query or parts.fragment:
        return "A mirror URL has no ? or # part"
    return None


class WeightsSettingsDialog(QDialog):
    """`mirror`: the saved setting ("" for none); `environment`: $GRADLENS_WEIGHTS_MIRROR, used
    when the setting is empty (an administrator's or a launcher's choice)."""

    def __init__(self, parent, mirror: str, environment: str | None):
        super().__init__(parent, objectName="weightsSettings")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self.mirror = QLineEdit(mirror, objectName="weightsMirrorUrl")
        self.mirror.setClearButtonEnabled(True)
        self.mirror.setPlaceholderText(environment or self.tr("none: download.pytorch.org itself"))
        self.mirror.setToolTip(self.tr("Where pretrained weights are downloaded from, e.g. https://mirror.example.com"))
        explain = QLabel(wordWrap=True, objectName="mirrorExplained")
        variable = self.tr("While this is empty, the {0} variable applies: {1}").format(MIRROR_VARIABLE, environment)
        explain.setText(self.tr("The mirror replaces the host part of every pretrained weight URL. Leave it empty "
                                "to download from PyTorch's own servers.") + (" " + variable if environment else ""))
        self.example = QLabel(objectName="mirrorExample", wordWrap=True)
        self.example.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.example.setEnabled(False)  # the dimmed text colour: a detail
        self.problem = QLabel(objectName="mirrorProblem", wordWrap=True)
        self.problem.setStyleSheet(f"color: {colour_name('bad')};")  # follows View → Theme (app/theme.py)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        label = QLabel(self.tr("Weights &mirror:"))
        label.setBuddy(self.mirror)
        form.addRow(label, self.mirror)
        column = QVBoxLayout(self)
        column.addLayout(form)
        for widget in (explain, self.example, self.problem):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self._environment = environment
        self.mirror.textChanged.connect(self._check)
        self._check()

    def value(self) -> str:
        """The mirror to keep: "" for none."""
        return self.mirror.text().strip().rstrip("/")

    def _check(self) -> None:
        problem = mirror_problem(self.mirror.text())
        self.problem.setText(self.tr(problem).format(self.mirror.text().strip()) if problem else "")
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)
        used = self.value() or self._environment
        if used and not problem:
            self.example.setText(self.tr("For example, {0} is then downloaded from {1}").format(
                EXAMPLE_URL, mirror_url(EXAMPLE_URL, used)))
        else:
            self.example.setText(self.tr("For example, https://mirror.example.com/pytorch: {0} is then downloaded "
                                         "from {1}").format(EXAMPLE_URL, mirror_url(EXAMPLE_URL,
                                                                                   "https://mirror.example.com/pytorch")))
