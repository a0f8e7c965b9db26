"""The vertical list of an issue: everything measured in whole body lines.

The page engine sees the issue as a sequence of boxes and glue:

- `Box`: an unbreakable piece `h` grid lines high — one line of a paragraph, a
  heading, a title group, a table (or one run of rows of a splittable table),
  a chart, a figure, the masthead.  `brk` is the penalty of a page break after
  it (None: not allowed there — widows, orphans, headings bound to their text,
  title + byline + two lines, （作者：…） with the last lines).
- `Glue`: flexible space between boxes, (lo, ideal, hi) grid lines with a cost
  per line away from the ideal; dropped at a page head and at a page foot.

A paragraph that lies wholly on one page may be set one line tighter or looser
(`Para`, 伸缩行); one that runs on from the page before may be set one line tighter
(its head keeps its line count, the line is lost on the page where it ends); the
variants are asked for lazily by the page breaker.
A box with `float_ok` may move to the top of the next page while the text that
follows it (same article) fills the current one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Glue:
    """Vertical space between boxes, in whole body lines: least, ideal, most."""
    lo: int
    ideal: int
    hi: int
    cost: float = 20.0          # per line stretched or shrunk
    kind: str = "space"

    def merge(self, other: "Glue") -> "Glue":
        """Adjacent spaces collapse: the larger wins (as CSS margins do)."""
        if other.ideal > self.ideal or (other.ideal == self.ideal and other.hi > self.hi):
            big, small = other, self
        else:
            big, small = self, other
        return Glue(max(big.lo, small.lo if small.ideal == big.ideal else big.lo), big.ideal,
                    max(big.hi, big.ideal), big.cost, big.kind)


@dataclass
class Box:
    """Something the page breaker places whole: a line, a group of lines, a table, a figure."""
    h: int                       # grid lines
    kind: str                    # line | group | table | figure | front | rule
    place: Callable | None       # place(page_items, x, top_y, box) -> None: the plan items
    brk: float | None = 0.0      # penalty of a page break after this box; None: not allowed
    article: int = -1            # -1: front matter
    src: tuple[int, int, int] = (-1, 0, 0)   # (article, block, line) of its first line
    para: int | None = None      # index into VList.paras for a paragraph's lines
    line: int = 0                # line index inside that paragraph
    float_ok: bool = False
    opens: int | None = None     # the article whose title this box is
    foot: bool = False           # front matter that may sit at the page foot (the TOC)
    table: Any = None            # TableRun: a run of rows of a splittable table
    data: Any = None             # a line's (runs, role, indent, colour, source); a TOC entry's
    heading: bool = False        # a heading's line: a heading under it binds to it, and a float
    #                              carried on never fills in behind it
    shrink: int = 0              # lines a figure may give up (set smaller), at `shrink_cost` each
    shrink_cost: float = 12.0


@dataclass
class TableRun:
    """Rows r0:r1 of a splittable table; `lines(a, b, first, last)` = grid lines of
    the part holding rows a:b (first/last: it carries the caption / the note)."""

    key: int
    r0: int
    r1: int
    rows: int
    lines: Callable[[int, int, bool, bool], int]
    make: Callable[[int, int, bool, bool], Any]


@dataclass
class Para:
    """A paragraph's lines in the list, and how to set it one line tighter or looser."""

    first: int                   # index of its first line box
    n: int                       # natural line count
    variant: Callable[[int], tuple[list, float] | None]   # delta -> (lines, cost) or None
    likely: tuple[bool, bool] = (True, True)   # could -1 / +1 work at all (cheap test)


@dataclass
class VList:
    """The issue as one vertical list of boxes and glue, front page to 报尾."""
    items: list                  # Box | Glue
    paras: list[Para] = field(default_factory=list)
    back: Box | None = None      # the 报尾, set at the foot of the last text page
    articles: list[str] = field(default_factory=list)
    chars_per_line: int = 42
