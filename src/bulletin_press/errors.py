"""Errors and warnings that reach the user as messages, never as tracebacks.

Every stage raises `BuildError` (or collects `Problem`s) naming the file, the
line where one is known, what is wrong and what would be right.  The CLI prints
them and exits non-zero.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Pos


@dataclass(frozen=True)
class Problem:
    pos: Pos | None
    what: str            # what is wrong
    fix: str | None = None   # what would be right
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        text = f"{where}{self.severity}: {self.what}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class BuildError(Exception):
    """One or more problems that stop a build."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(pos: Pos | None, what: str, fix: str | None = None) -> BuildError:
    """Make a one-problem BuildError, to `raise fail(...)`."""
    return BuildError(Problem(pos, what, fix))
