"""The training form's one validation: TrainConfig.problems() (the same the command line runs),
plus what only the form can see (does the folder exist on this computer, is the device here, what
did the dataset scan find, text that is not a value at all)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from core.training.trainconfig import TrainConfig

PROBE_PREFIX = ".gradlens-probe-"  # the folder made and removed at once to learn whether folders can be made


def find_problems(fields: dict, values: dict, known: "Known", tr) -> list[tuple[str, str]]:
    """[(field key or control name, message)] for the form's fields and values, each mistake once."""
    typed = {key: field.typed_problem() for key, field in fields.items()}
    problems = [(key, message) for key, message in typed.items() if message]
    for key, message in TrainConfig.from_dict(values).problems().items():
        if not typed.get(key):  # "1e" is not a number: say that, not "must be a positive number, got nan"
            problems.append((key, message))
    out = known.out_problem
    if out is not None and out[0] == values["out"] and not any(key == "out" for key, _ in problems):
        problems.append(("out", out[1]))  # the probe's finding, where the settings' own check saw nothing
    return problems + _environment(fields["pretrained"], values, known, tr)


def output_folder_problem(out: str) -> str | None:
    """Why no run folder can be made in the output folder `out`, found by making (and removing) one; None
    where it can, or where TrainConfig.problems() says why not (a file in the way, no write permission).

    Touches the disk, so it runs off the GUI thread. Permissions do not tell everything: /sys, a read-only
    bind mount's sub-tree, a full quota or a root-squashed share refuse a folder that os.access allows
    (a user saw "Operation not permitted: /sys/gradlens_runs" only from the training process).
    """
    if not out:
        return None
    try:
        path = Path(out).absolute()
        place = next((p for p in (path, *path.parents) if p.exists()), None)
    except OSError:  # a folder above it cannot even be looked at: the settings' own check or the run says so
        return None
    if place is None or not place.is_dir():
        return None
    try:
        probe = tempfile.mkdtemp(prefix=PROBE_PREFIX, dir=place)
    except OSError:
        return f"output folder {out}: no folder can be made in {place}"
    try:
        os.rmdir(probe)
    except OSError:  # made, so the run can make its own; an empty hidden folder is all that stays
        pass
    return None


class Known:
    """What the window has learnt about this computer and the dataset."""

    def __init__(self):
        # (folder, classes, what the scan of those classes in it found wrong); the Classes field decides which
        # class folders count (an empty one left out is no problem)
        self.dataset_problem: tuple[str, list[str] | None, str] | None = None
        # architecture -> {"size": bytes or None, "cached": bool}, None where it has no ImageNet weights
        self.weights: dict[str, dict | None] = {}
        self.online = False  # the weights host answered (app/weights_online.py)
        self.host = "download.pytorch.org"  # where downloads come from: the mirror's host when one is set
        self.devices: list[str] | None = None  # None: not known yet
        self.mixed_precision: set[str] = set()  # the devices where mixed precision speeds training up
        # (output folder, why no run folder can be made in it) from the latest probe that found a problem
        self.out_problem: tuple[str, str] | None = None

    def mixed_precision_pays(self, device: str) -> bool:
        """For a device name of the form ("auto": the first GPU when there is one, else the CPU)."""
        if device == "auto":
            device = next((name for name in self.devices or [] if name.startswith("cuda")), "cpu")
        return device in self.mixed_precision


def _environment(weights, values: dict, known: Known, tr) -> list[tuple[str, str]]:
    found = []
    data = values["data"]
    if data and not os.path.isdir(data):
        found.append(("data", tr("The dataset folder does not exist: {0}").format(data)))
    elif data and known.dataset_problem and known.dataset_problem[:2] == (data, values["classes"]):
        found.append(("data", known.dataset_problem[2]))
    if weights.main.currentData() == "file":
        path = weights.file.text().strip()
        if not path:
            found.append(("pretrainedFile", tr("Choose the pretrained weights file")))
        elif not os.path.isfile(path):
            found.append(("pretrainedFile", tr("The weights file does not exist: {0}").format(path)))
    elif values["pretrained"] == "torchvision" and known.weights.get(values["model"], ...) is None:
        found.append(("pretrained", tr("{0} has no ImageNet weights; choose a file or none").format(values["model"])))
    if known.devices is not None and values["device"] != "auto" and values["device"] not in known.devices:
        found.append(("device", tr("Device {0} is not on this computer").format(values["device"])))
    return found
