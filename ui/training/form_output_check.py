"""The training form's one check that has to try the disk: can a run folder be made in the output folder?

TrainConfig.problems() reads permissions and mount flags, which do not tell everything (/sys, a quota, a
root-squashed share): a user's run into /sys/gradlens_runs passed the form and failed in the training
process with a bare "Operation not permitted: /sys/gradlens_runs". So a folder is made and removed there
(form_checks.output_folder_problem) off the GUI thread: here after typing in the field pauses, and by the
training worker before each job (app/train_worker.py), which hands what it finds back to this form. It is
shown on the field like the other problems, and Start is refused while it stands.
"""
from __future__ import annotations

import logging

from ui.training.form_checks import output_folder_problem
from ui.widgets.background import run_in_background

log = logging.getLogger(__name__)
OUT_PAUSE_MS = 400  # typing in Output folder: the folder is tried after a pause this long


class OutputFolderCheck:
    """Mixed into TrainForm, which provides _known, _controls, _out_pause (a single-shot QTimer of OUT_PAUSE_MS
    connected to check_output_folder) and _revalidate()."""

    def check_output_folder(self) -> None:
        """Try making a folder in the output folder the form names, off the GUI thread; the form shows what was
        found (once it shows problems at all: after the first Start)."""
        self._out_pause.stop()
        out = self._controls["out"].value()

        def answered(problem: str | None) -> None:
            if self._controls["out"].value() == out:  # else another folder was typed meanwhile: its check answers
                self.set_output_problem(out, problem)

        def failed(message: str) -> None:  # not known: the job's own check or the run says what goes wrong
            log.warning("trying the output folder %s failed: %s", out, message)
        run_in_background(lambda: output_folder_problem(out), answered, failed, owner=self)

    def set_output_problem(self, out: str, problem: str | None) -> None:
        """Why no run folder can be made in the output folder `out` (None: one can), from this form's check or a
        job's; Start is refused while the form names that folder."""
        if problem:
            self._known.out_problem = (out, problem)
        elif self._known.out_problem is not None and self._known.out_problem[0] == out:
            self._known.out_problem = None
        self._revalidate()
