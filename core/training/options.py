"""What each training option is, beyond its Python type: the schema `TrainConfig`'s fields carry.

One `Option` per field (in the dataclass field's metadata) says how to show, parse and check it:
its label and help, its group, its range or choices. `train.py` builds its arguments from it and
the training form builds its fields from it, so an option is added in one place. Torch-free, so
the form (which never reaches torch) and the CLI (before it imports torch) can use it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

GROUPS = ("data", "model", "optimisation", "run")

# The kind of value each annotation holds; the form and the CLI pick a widget and a parser by kind.
KINDS = {"int": "int", "float": "float", "bool": "bool", "str": "text", "str | None": "optional",
         "tuple[int, int]": "size", "tuple[float, float, float]": "triple", "list[str] | None": "names",
         "list[int]": "ints", "list[str]": "names"}


@dataclass(frozen=True)
class Option:
    label: str  # the form's label; "&" marks its keyboard shortcut
    help: str  # the CLI's help and the form's tooltip
    group: str = ""  # one of GROUPS; "" = kept in the file, not offered (mean, std)
    low: float | None = None  # inclusive limits ...
    high: float | None = None
    above: float | None = None  # ... and exclusive ones
    below: float | None = None
    special: str | None = None  # what the lowest value means, e.g. "off" or "auto"
    choices: tuple = ()  # the allowed values (for a list: of its items)
    choice_text: dict = field(default_factory=dict)  # value -> (form text, form tooltip)
    noun: str | None = None  # how messages name it; default: the label in lower case
    rule: str | None = None  # the range in words, e.g. "must be in [0, 1)"; default: from the limits
    text: str | None = None  # a check box's text, or a number's prefix when it shares a row
    beside: str | None = None  # the option whose form row this one shares
    applies: Callable[[dict], bool] | None = None  # False: the option has no effect with these values
    decimals: int = 2  # a number field's precision and step
    step: float = 1.0
    exact: bool = False  # typed as text (1e-3 notation), never rounded by a spin box
    percent: bool = False  # shown ×100 with a % sign
    widget: str | None = None  # a special form control: "folder", "architecture", "weights", "device", "size"
    placeholder: str | None = None
    cli_help: str | None = None  # when the command line needs to say more than the form

    @property
    def name(self) -> str:
        return self.noun or re.sub(r"[&:]", "", self.label).strip().lower()

    def range_text(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"at least {_num(self.low)}")
        if self.above is not None:
            parts.append(f"above {_num(self.above)}")
        if self.high is not None:
            parts.append(f"at most {_num(self.high)}")
        if self.below is not None:
            parts.append(f"below {_num(self.below)}")
        special = f" ({_num(self.low)} = {self.special})" if self.special and self.low is not None else ""
        return " and ".join(parts) + special

    def in_range(self, value) -> bool:
        return ((self.low is None or value >= self.low) and (self.high is None or value <= self.high)
                and (self.above is None or value > self.above) and (self.below is None or value < self.below))


def option(default=None, *, factory=None, **kw):
    """A dataclass field carrying its Option."""
    meta = {"option": Option(**kw)}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def number(value) -> bool:
    """A real, finite number: nan and inf pass no range check by accident, and True is not 1."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def names(value) -> list[str]:
    """"a, b" or ["a", "b"] -> ["a", "b"]."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected names separated by commas")
    return [v.strip() for v in value if v.strip()]


def split_ints(text: str) -> tuple[list[int], list[str]]:
    """"30, 60" -> ([30, 60], []); the second list holds the parts that are not whole numbers."""
    good, bad = [], []
    for part in (p.strip() for p in text.split(",")):
        if part:
            (good.append(int(part)) if re.fullmatch(r"[+-]?\d+", part) else bad.append(part))
    return good, bad


def _whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float)
                                                                          and not value.is_integer()):
        raise TypeError("expected a whole number")
    return int(value)


def _real(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("expected a number")
    return float(value)


def coerce(kind: str, opt: Option, value):
    """`value` (from JSON, a preset or the command line) in the field's type.

    TypeError or ValueError, with a message, when it cannot be; ranges are left to problems().
    """
    if kind == "int":
        return _whole(value)
    if kind == "float":
        return _real(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if kind in ("text", "optional"):
        if not isinstance(value, str) and not (kind == "optional" and value is None):
            raise TypeError("expected text")
        if opt.choices and value not in opt.choices and opt.widget is None:
            # an architecture from another version is kept, so the form can show it and say why it cannot run
            raise ValueError(f"choose from {', '.join(opt.choices)}")
        return value if kind == "text" else (value or None)
    if kind == "size":
        if isinstance(value, str):  # "224" or "192,256" as typed
            try:
                value = [int(p) for p in value.replace("x", ",").split(",")]
            except ValueError:
                raise ValueError(f"expected N or HEIGHT,WIDTH, got {value!r}") from None
            value = value * 2 if len(value) == 1 else value
        size = [value, value] if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(size, (list, tuple)) or len(size) != 2:
            raise TypeError("expected N or HEIGHT,WIDTH")
        return tuple(_whole(v) for v in size)
    if kind == "triple":
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            raise TypeError("expected 3 numbers")
        return tuple(_real(v) for v in value)
    if kind == "ints":
        if isinstance(value, str):
            value, bad = split_ints(value)
            if bad:
                raise ValueError(f"expected whole numbers separated by commas, not {', '.join(bad)}")
        if not isinstance(value, (list, tuple)):
            raise TypeError("expected whole numbers separated by commas")
        return [_whole(v) for v in value]
    if kind == "names":
        if value is None:
            return [] if opt.choices else None
        listed = names(value)
        if not opt.choices:
            return listed
        listed = [n.lower() for n in listed if n.lower() != "none"]
        unknown = [n for n in listed if n not in opt.choices]
        if unknown:
            raise ValueError(f"unknown {opt.name} {', '.join(unknown)}; choose from {', '.join(opt.choices)}")
        return [n for n in opt.choices if n in listed]  # the canonical order
    raise KeyError(kind)


def check(kind: str, opt: Option, value) -> str | None:
    """What is wrong with one field's value on its own (type, range, choice), or None."""
    if kind in ("int", "float"):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{opt.name} {opt.rule or 'must be a finite number'}, got {value}"  # nan passes no range
        if not number(value) or (kind == "int" and isinstance(value, float)):
            return f"{opt.name} must be a {'whole ' if kind == 'int' else ''}number, got {value!r}"
        if not opt.in_range(value):
            return f"{opt.name} {opt.rule or 'must be ' + opt.range_text()}, got {value}"
    elif kind in ("text", "optional") and opt.choices and value not in opt.choices:
        listed = f"; choose from {', '.join(opt.choices)}" if len(opt.choices) <= 8 else ""
        return f"unknown {opt.name} {value!r}{listed}"
    elif kind == "names" and opt.choices:
        unknown = [n for n in value if n not in opt.choices]
        if unknown:
            return f"unknown {opt.name} {', '.join(unknown)}; choose from {', '.join(opt.choices)}"
    elif kind in ("size", "triple"):
        count = 2 if kind == "size" else 3
        if not (isinstance(value, (list, tuple)) and len(value) == count
                and all(number(v) and opt.in_range(v) for v in value)):
            shape = "height,width" if kind == "size" else "3 numbers"
            limits = f", each {opt.range_text()}" if opt.range_text() else ""
            return f"{opt.name} must be {shape}{limits}, got {value}"
    elif kind == "ints":
        if not all(number(v) and opt.in_range(v) for v in value):
            return f"{opt.name} {opt.rule or 'must be whole numbers ' + opt.range_text()}, got {value}"
    return None
