"""The training form's one validation: TrainConfig.problems() (the same the command line runs),
plus what only the form can see (does the folder exist on this computer, is the device here, what
did the dataset scan find, text that is not a value at all)."""
from __future__ import annotations

import os

from core.training.trainconfig import TrainConfig


def find_problems(form) -> list[tuple[str, str]]:
    """[(field key or control name, message)] for the form's current state, each mistake once."""
    values = form.values()
    fields = form._controls
    problems: list[tuple[str, str]] = []
    typed = {key: field.typed_problem() for key, field in fields.items()}
    problems += [(key, message) for key, message in typed.items() if message]
    for key, message in TrainConfig.from_dict(values).problems().items():
        if not typed.get(key):
            problems.append((key, message))
    problems += _environment(form, values)
    return problems


def _environment(form, values: dict) -> list[tuple[str, str]]:
    tr, found = form.tr, []
    data = values["data"]
    if data and not os.path.isdir(data):
        found.append(("data", tr("The dataset folder does not exist: {0}").format(data)))
    elif data and form._dataset_problem and form._dataset_problem[0] == data:
        found.append(("data", form._dataset_problem[1]))
    weights = form._controls["pretrained"]
    if weights.main.currentData() == "file":
        path = weights.file.text().strip()
        if not path:
            found.append(("pretrainedFile", tr("Choose the pretrained weights file.")))
        elif not os.path.isfile(path):
            found.append(("pretrainedFile", tr("The weights file does not exist: {0}").format(path)))
    elif values["pretrained"] == "torchvision" and not form._pretrained_available.get(values["model"], True):
        found.append(("pretrained", tr("No cached torchvision weights for {0}; choose a file or none.").format(
            values["model"])))
    if form._devices is not None and values["device"] != "auto" and values["device"] not in form._devices:
        found.append(("device", tr("Device {0} is not on this computer.").format(values["device"])))
    return found
