"""Build errors: every problem is reported as ``path:line: message``."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would let a file name or a value rewrite the terminal or the log it
# is printed to: line breaks and other controls, and the marks that reverse the
# direction of the text after them (a name could otherwise read as another).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text as a message may print it: each control or direction mark as an escape."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{printable(self.path)}:{self.line}: {printable(self.message)}"
        return f"{printable(self.path)}: {printable(self.message)}"


class BuildFailed(Exception):
    """Raised once, with every problem found, when a build cannot go on."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C after the new site was swapped in: the site is this build's."""


class Collector:
    """Gathers problems so that a stage can report all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise BuildFailed(self.problems)
