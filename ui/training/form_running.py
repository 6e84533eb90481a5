"""While a run trains, the training form shows the settings it trains with; the user's come back after.

A time budget plans the settings the user left at their defaults (core/training/budget.py):
architecture, epochs, batch size, optimiser, augmentation, progressive resizing, test-time
augmentation. A resumed run trains with the settings in its config.json. A form that kept showing
resnet18 while small_resnet_s trained misled, and one that kept a resumed run's settings after it
ended had quietly replaced the user's. So while the run trains the (greyed) form shows its
settings, a framed line above it says why, and the epoch count follows the run as a budget adjusts
it; when the run ends the user's own settings and choices come back, so the next Start plans afresh.
"""
from __future__ import annotations

import re
from pathlib import Path

from PyQt5.QtGui import QColor, QPalette

from core.training.trainconfig import SETTINGS
from ui.widgets.form_widgets import FramedLabel


def plain_label(text: str) -> str:
    """A form label as a name in a sentence: no "&" shortcut mark ("(&E)" in Chinese), no colon."""
    text = re.sub(r"\(&\w\)", "", text).replace("&", "")
    return text.rstrip(" :：")


def _as_written(value):
    """A computed rate as a person writes it: a budget's learning rate, 0.05625 × 73 / 72, filled the greyed field
    with 0.057031250000000006 for the whole run. The form only shows it; the run trains with its own config."""
    return float(f"{value:.12g}") if isinstance(value, float) else value


class RunSettingsLine(FramedLabel):
    """The line above the form while a run's settings are shown, framed in the palette's highlight colour."""

    def __init__(self):
        super().__init__(objectName="runSettings")

    def frame_colour(self) -> QColor:
        return self.palette().color(QPalette.Highlight)


class RunningSettings:
    """Mixed into TrainForm, which provides values(), chosen(), set_values(), tr(), _controls and
    _run_line (a RunSettingsLine)."""

    _own: tuple[dict, list] | None = None  # the user's values and choices while a run's are shown
    _say = None  # gives the line's text, translated (called again on a language switch)

    def show_plan(self, values: dict, planned: list[str], budget: str) -> None:
        """A time budget's plan: `values` (a TrainConfig dict) until end_run(); `planned`: the keys the
        budget set to something other than the user's value."""
        self._show({key: value for key, value in values.items() if key != "budget"})  # the user's text stays
        keys = [key for key in SETTINGS if key in planned and SETTINGS[key].option.group]  # mean, std: no field

        def say() -> str:
            if not keys:
                return self.tr("The time budget ({0}) kept every setting as you set it.").format(budget)
            names = self.tr(", ").join(plain_label(self.tr(SETTINGS[key].option.label)) for key in keys)
            return self.tr("The time budget ({0}) planned {1} from this computer's speed. The form shows what the "
                           "run trains with; your own settings come back when it ends.").format(budget, names)
        self._set_line(say)

    def show_resumed(self, values: dict, run_dir: str) -> None:
        """A resumed run's settings (its config.json) until end_run()."""
        self._show(values)
        self._set_line(lambda: self.tr("Resuming {0}: the form shows the settings it trains with; your own "
                                       "settings come back when it ends.").format(Path(run_dir).name))

    def follow_epochs(self, epochs: int) -> None:
        """The run's epoch count, as a time budget adjusted it after an epoch (a refit, a rebudget)."""
        if self._own is not None and self._controls["epochs"].value() != epochs:
            self.set_values({"epochs": epochs}, chosen=["epochs"])

    def end_run(self) -> None:
        """The run ended: the user's own settings and choices come back."""
        if self._own is None:
            return
        (values, chosen), self._own, self._say = self._own, None, None
        self.set_values(values, chosen=chosen)
        self._run_line.hide()

    def _show(self, values: dict) -> None:
        if self._own is None:
            self._own = (self.values(), self.chosen())
        shown = {key: _as_written(value) for key, value in values.items()}
        self.set_values(shown, chosen=list(values))  # as chosen: the form's own defaults leave them alone

    def _set_line(self, say) -> None:
        self._say = say
        self._say_run()
        self._run_line.show()

    def _say_run(self) -> None:
        if self._say is not None:
            self._run_line.setText(self._say())
