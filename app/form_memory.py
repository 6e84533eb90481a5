"""The training form as the user left it, kept in QSettings between sessions.

With the values goes which of them the user set (TrainForm.chosen()), so the defaults that follow
the situation (ImageNet weights when cached or online, the fine-tuning freeze with them) keep
following for the rest. A form saved before that was recorded counts every non-default value as set.
"""
from __future__ import annotations

import json
import logging

from core.training.trainconfig import DEFAULTS

log = logging.getLogger(__name__)
KEY_FORM = "training/form"
CHOSEN = "_chosen"  # the keys the user set; set_values ignores a key that is no option


def restore_form(form, settings) -> None:
    saved = settings.value(KEY_FORM)
    if not saved:
        return
    try:
        values = json.loads(saved)
        chosen = values.get(CHOSEN, [key for key in values if key not in DEFAULTS or values[key] != _json(DEFAULTS[key])])
        form.set_values(values, chosen=chosen)
    except (TypeError, ValueError, AttributeError):
        log.warning("ignoring an unreadable saved training form")


def remember_form(form, settings) -> None:
    settings.setValue(KEY_FORM, json.dumps({**form.values(), CHOSEN: form.chosen()}))


def _json(value):
    """A default as it reads back from JSON (tuples come back as lists)."""
    return list(value) if isinstance(value, tuple) else value
