"""The training form's one validation: TrainConfig.problems() (the same the command line runs),
plus what only the form can see (does the folder exist on this computer, is the device here, what
did the dataset scan find, text that is not a value at all)."""
from __future__ import annotations

import os

from core.training.trainconfig import TrainConfig


def find_problems(fields: dict, values: dict, known: "Known", tr) -> list[tuple[str, str]]:
    """[(field key or control name, message)] for the form's fields and values, each mistake once."""
    typed = {key: field.typed_problem() for key, field in fields.items()}
    problems = [(key, message) for key, message in typed.items() if message]
    for key, message in TrainConfig.from_dict(values).problems().items():
        if not typed.get(key):  # "1e" is not a number: say that, not "must be a positive number, got nan"
            problems.append((key, message))
    return problems + _environment(fields["pretrained"], values, known, tr)


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
