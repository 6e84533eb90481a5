"""The command lines' argument parser: a mistake is said in one line, not after a usage block.

argparse prints its whole usage (10 lines for train.py) before the reason, which then scrolls out of
sight in a small terminal; `--help` still shows the usage and every option.
"""
from __future__ import annotations

import argparse


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")
