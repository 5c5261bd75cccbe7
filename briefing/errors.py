"""Build errors: every problem is reported as ``path:line: message``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class BuildFailed(Exception):
    """Raised once, with every problem found, when a build cannot go on."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Gathers problems so that a stage can report all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise BuildFailed(self.problems)
