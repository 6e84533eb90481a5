"""'Which class names?': a model file's class names, one a line, for the user to correct (app/controller.py asks
when a file's names do not fit its outputs). OK keeps it open, with what was typed, while the names cannot be the
model's: a name given twice (the model's two outputs would both read "cat", and the metrics would have two "cat"
rows, one of them always empty), or another count than its outputs (the file then failed to load and the typing
was lost). The reason is one line above the buttons."""
from __future__ import annotations

from PyQt5.QtWidgets import QDialogButtonBox, QInputDialog, QLabel

from ui.theme_colours import colour_name


class ClassNamesDialog(QInputDialog):
    def __init__(self, parent, question: str, names: list[str], outputs: int):
        super().__init__(parent)
        self._outputs = outputs
        self.setWindowTitle(self.tr("Which class names?"))
        self.setLabelText(question)
        self.setOption(QInputDialog.UsePlainTextEditForTextInput)
        self.setTextValue("\n".join(names))
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {colour_name('bad')}")  # as Model Settings says its problems
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.findChild(QDialogButtonBox)), self.problem)
        self.textValueChanged.connect(self.problem.hide)  # being corrected: the old reason no longer holds

    def names(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.textValue().splitlines() if line.strip())

    def done(self, result: int) -> None:
        problem = self._problem() if result == QInputDialog.Accepted else ""
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().done(result)

    def _problem(self) -> str:
        names = self.names()
        if not names:  # OK on an empty list closes as Cancel does: the file is not opened
            return ""
        twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
        if twice is not None:
            return self.tr("“{0}” is given twice: each class needs its own name.").format(twice)
        if len(names) != self._outputs:
            return self.tr("Give one name a line for each of the model's {0} outputs ({1} given).").format(
                self._outputs, len(names))
        return ""
