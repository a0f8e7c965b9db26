"""An editor's forced line break in a title or the headline: a backslash.

    title: 关于加快建设现代化河南的\\若干思考      (quoted: "…的\\\\若干思考")

The marker never prints and never reaches the table of contents, the running
head or the PDF outline: the title keeps its text without it, and the model
records where the breaks stand (offsets into that text).
"""
from __future__ import annotations

from ..errors import Problem
from ..model import Pos

MARK = "\\"


def split_breaks(text: str, pos: Pos, what: str, problems: list[Problem]) -> tuple[str, tuple[int, ...]]:
    """(text without the markers, break offsets); a marker at either end, or two
    in a row, is a Problem (it would make an empty line)."""
    if MARK not in text:
        return text, ()
    parts = [p.strip() for p in text.split(MARK)]
    if any(not p for p in parts):
        problems.append(Problem(pos, f"{what} {text!r}: a line-break mark '{MARK}' at its start or end, "
                                     "or two in a row, would leave an empty line",
                                f"keep one '{MARK}' between the two parts, e.g. "
                                f"'{parts[0] or '前半'}{MARK}{parts[-1] or '后半'}'"))
        return "".join(parts), ()
    breaks = []
    at = 0
    for p in parts[:-1]:
        at += len(p)
        breaks.append(at)
    return "".join(parts), tuple(breaks)
