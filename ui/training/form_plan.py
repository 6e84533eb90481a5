"""What a time-budget run trains with, shown in the training form while it runs.

The budget plans the settings the user left at their defaults (core/training/budget.py): architecture,
epochs, batch size, optimiser, augmentation, progressive resizing, test-time augmentation. A form that
kept showing resnet18 while small_resnet_s trained misled: so while the run trains, the (greyed) form
shows the planned settings, a line above it names those the budget chose, and the epoch count follows
the run as the budget adjusts it. When the run ends the user's own settings come back, so the next
Start plans afresh instead of keeping this plan's choices as if the user had made them.
"""
from __future__ import annotations

import re

from PyQt5.QtCore import QEvent
from PyQt5.QtGui import QPalette
from PyQt5.QtWidgets import QLabel

from core.training.trainconfig import SETTINGS


def plain_label(text: str) -> str:
    """A form label as a name in a sentence: no "&" shortcut mark ("(&E)" in Chinese), no colon."""
    text = re.sub(r"\(&\w\)", "", text).replace("&", "")
    return text.rstrip(" :：")


class PlanLine(QLabel):
    """The line above the form while a plan is shown, framed in the palette's highlight colour."""

    def __init__(self):
        super().__init__(objectName="budgetPlan", wordWrap=True)
        self._frame()
        self.hide()

    def _frame(self) -> None:
        accent = self.palette().color(QPalette.Highlight)
        sheet = (f"QLabel {{ border: 1px solid {accent.name()}; border-radius: 3px; padding: 4px;"
                 f" background: rgba({accent.red()}, {accent.green()}, {accent.blue()}, 0.10); }}")
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event):
        if event.type() == QEvent.PaletteChange:  # View → Theme
            self._frame()
        super().changeEvent(event)


class BudgetPlanView:
    """Mixed into TrainForm, which provides values(), chosen(), set_values(), tr(), _controls and
    _plan_line (a PlanLine)."""

    _own: tuple[dict, list] | None = None  # the user's values and choices while a plan is shown
    _plan: tuple[list, str] | None = None  # (the keys the budget chose, the budget as typed)

    def show_plan(self, values: dict, planned: list[str], budget: str) -> None:
        """Show a run's planned settings (`values`, a TrainConfig dict) until end_plan(); `planned`:
        the keys the budget set to something other than the user's value."""
        if self._own is None:
            self._own = (self.values(), self.chosen())
        shown = {key: value for key, value in values.items() if key != "budget"}  # the user's text stays
        self.set_values(shown, chosen=list(shown))  # as chosen: the form's own defaults leave them alone
        self._plan = ([key for key in SETTINGS if key in planned], budget)
        self._say_plan()

    def follow_epochs(self, epochs: int) -> None:
        """The run's epoch count, as the budget adjusted it after an epoch (a refit, a rebudget)."""
        if self._own is not None and self._controls["epochs"].value() != epochs:
            self.set_values({"epochs": epochs}, chosen=["epochs"])

    def end_plan(self) -> None:
        """The run ended: the user's own settings and choices come back."""
        if self._own is None:
            return
        (values, chosen), self._own, self._plan = self._own, None, None
        self.set_values(values, chosen=chosen)
        self._plan_line.hide()

    def _say_plan(self) -> None:
        if self._plan is None:
            return
        keys, budget = self._plan
        names = [plain_label(self.tr(SETTINGS[key].option.label)) for key in keys
                 if SETTINGS[key].option.group]  # mean and std have no field to point at
        if names:
            text = self.tr("The time budget ({0}) planned this run from this computer's speed: {1}. The form shows "
                           "what it trains with; your own settings come back when it ends.").format(
                budget, self.tr(", ").join(names))
        else:
            text = self.tr("The time budget ({0}) kept every setting as you set it.").format(budget)
        self._plan_line.setText(text)
        self._plan_line.setToolTip(self.tr("Planned settings are shown while the run trains; the log lists the plan"))
        self._plan_line.show()
