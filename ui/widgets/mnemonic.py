"""A menu item's text without its keyboard mnemonic, for where the same words show without a menu:
a toolbar button, the Keyboard Shortcuts table.

Qt strips the "&" of "&Run" for a toolbar button by itself, but not the bracketed letter Chinese
menus carry ("运行(&R)" became a button reading "运行(R)").
"""
from __future__ import annotations

import re

BRACKETED = re.compile(r"\s*\(&[^&]\)")  # 文件(&F): the letter in brackets after the words
MARK = re.compile(r"&(.)")  # "&&" is a literal "&", any other "&" marks the letter after it


def without_mnemonic(text: str) -> str:
    return MARK.sub(r"\1", BRACKETED.sub("", text))
