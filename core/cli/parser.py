"""The command lines' argument parser: a mistake is said in one line, not after a usage block.

argparse prints its whole usage (10 lines for train.py) before the reason, which then scrolls out of
sight in a small terminal; `--help` still shows the usage and every option.
"""
from __future__ import annotations

import argparse
import sys


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def errors(self, messages) -> None:
        """Several mistakes found after parsing, one line each, then exit 2 as error() does."""
        self.exit(2, "".join(f"{self.prog}: error: {message}\n" for message in messages)
                  + f"(see {self.prog} --help)\n")

    def parse_known_args(self, args=None, namespace=None):
        return super().parse_known_args(self._dash_values_joined(args), namespace)

    def _dash_values_joined(self, args) -> list[str]:
        """`--budget -5min` as `--budget=-5min`, so the value's own check names what is wrong with it.

        argparse takes a value starting with '-' for an option unless it looks like a negative number,
        and said "expected one argument". A following token that is one of the options stays an option.
        """
        args = list(sys.argv[1:] if args is None else args)
        takes_value = {flag for action in self._actions if action.option_strings and action.nargs is None
                       for flag in action.option_strings}
        joined: list[str] = []
        i = 0
        while i < len(args):
            token = args[i]
            following = args[i + 1] if i + 1 < len(args) else None
            if (token in takes_value and following and following.startswith("-") and following != "-"
                    and following.split("=", 1)[0] not in self._option_string_actions and following != "--"):
                joined.append(f"{token}={following}")
                i += 2
            else:
                joined.append(token)
                i += 1
        return joined
