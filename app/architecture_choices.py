"""What the training form lists, computed off the GUI thread (it imports torch and builds every
architecture's skeleton to count its parameters): the architectures, their sizes, the devices.
Their ImageNet weights are listed separately and sooner (app/weights_flow.py)."""
from __future__ import annotations

from app.heap import importing


def architecture_choices() -> dict:
    with importing("torch and torchvision"):
        from core.device import available_devices
        from core.models.registry import ARCHITECTURES, parameter_count

    rows = [{"name": name, "description": arch.description, "params_millions": round(parameter_count(name) / 1e6, 1),
             "cam_layer": arch.cam_layer} for name, arch in ARCHITECTURES.items()]
    return {"architectures": rows, "devices": available_devices()}
