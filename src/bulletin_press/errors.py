"""Errors and warnings that reach the user as messages, never as tracebacks.

Every stage raises `BuildError` (or collects `Problem`s) naming the file, the
line where one is known, what is wrong and what would be right.  The CLI prints
them and exits with the error's `exit_code`: 1 for the sources, 2 for a
`SetupError` (the command line or the machine).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Pos


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the sources or the setup: where, what, what would be right."""
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
    """One or more problems that stop a build (in the sources: the CLI exits 1)."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(pos: Pos | None, what: str, fix: str | None = None) -> BuildError:
    """Make a one-problem BuildError, to `raise fail(...)`."""
    return BuildError(Problem(pos, what, fix))


class SetupError(BuildError):
    """Problems with the command line or the machine (a missing issue folder, an
    output folder that cannot be written, a full disk, a damaged font file),
    not with the sources: the CLI exits 2 instead of 1."""

    exit_code = 2



def os_problem(path, exc: OSError, doing: str = "write") -> Problem:
    """An OSError while reading or writing `path`, said as what happened and what to do."""
    import errno

    code = getattr(exc, "errno", None)
    reason = exc.strerror or type(exc).__name__
    folder = f"{Path(path).parent}" if Path(path).parent != Path(".") else "this folder"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        what, fix = "the disk is full", f"free some space on the disk that holds {folder} and run it again"
    elif code == errno.EROFS:
        what, fix = ("the folder is on a read-only disk",
                     "choose a writable output folder with -o DIR")
    elif code in (errno.EACCES, errno.EPERM):
        what, fix = ("permission denied",
                     f"make {folder} writable for you (or choose another folder with -o DIR)"
                     if doing == "write" else "make the file readable for you")
    elif code == errno.EISDIR:
        what, fix = "a folder is in the way", f"move or delete the folder {path}, then run it again"
    elif code == errno.EEXIST:
        what, fix = ("a file is in the way of a folder",
                     f"{path} is a file where a folder should be: move it away, or choose -o DIR")
    elif code == errno.ENOTDIR:
        what, fix = ("a file is in the way of a folder",
                     f"{folder} (or a folder above it) is a file: move it away, or choose -o DIR")
    elif code == errno.ENAMETOOLONG:
        what, fix = "the path is too long", "choose a shorter output folder with -o DIR"
    else:
        what, fix = reason, "check the disk and the folder, then run it again"
    if what != reason:
        what = f"{what} ({reason})"
    return Problem(Pos(str(path)), f"cannot {doing} {path}: {what}", fix)
