"""The training form's presets: its settings saved to, and filled back from, a JSON file.

A preset is values() as a JSON object (tuples as lists, indented, UTF-8); loading one goes through
set_values(), so unknown keys are ignored and bad values refused with a message naming them. A file
that cannot be read, is not JSON, or is not an object raises ValueError with a readable message.
"""
from __future__ import annotations

import json


class FormPresets:
    """Mixed into TrainForm, which provides values(), set_values(), announce_folders() and tr()."""

    def save_preset(self, path) -> None:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values().items()}
        with open(path, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2, ensure_ascii=False)
            file.write("\n")

    def load_preset(self, path) -> None:
        """Fill the form from a JSON preset, its folders checked as typed ones are; ValueError with a readable
        message when it cannot."""
        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
        except OSError as error:
            raise ValueError(self.tr("Cannot read the preset {0}: {1}").format(path, error.strerror or error)) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(self.tr("{0} is not a valid JSON preset: {1}").format(path, error)) from None
        if not isinstance(data, dict):
            raise ValueError(self.tr("{0} is not a preset: expected a JSON object of settings").format(path))
        self.set_values(data)
        self.announce_folders()
