"""Tables pasted from Word as TAB-separated lines.

    tab_blocks(lines) -> [(first, last)]      # line indices of each block, outside fences
    tab_problems(body, file, line0) -> [Problem]    # also pipe rows with no | --- | line
    tabs_to_tables(text) -> str               # `check --fix`: each block as a pipe table

Word puts a TAB between the cells of a table row when it is pasted as text.
Markdown would join those lines into one run-on paragraph, the TABs printed
as spaces, so a block of such lines is an error that says how to write it as a
table; `check --fix` converts it, one row a line, one cell a TAB-separated
piece — cells are never merged, a short row gets empty cells.
"""
from __future__ import annotations

import re

from ..errors import Problem
from ..model import Pos

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
RULE = "tab-table"


def has_cell_tab(line: str) -> bool:
    """A TAB between two pieces of text (not indentation, not at the line end)."""
    return "\t" in line.strip(" \t\u3000")


def _runs(lines: list[str], start: int, first, more) -> list[tuple[int, int]]:
    """(first, last) of each run of lines outside fences that opens with a line
    `first(i)` accepts and goes on while `more(i)` does."""
    out: list[tuple[int, int]] = []
    fence = None
    i = start
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        elif m:
            fence = m.group(1)
        elif first(i):
            j = i
            while j + 1 < len(lines) and more(j + 1):
                j += 1
            out.append((i, j))
            i = j
        i += 1
    return out


_GAP = re.compile(r"\t| {2,}|\u3000+")


def _gap_cells(line: str) -> int:
    """Cells of a line whose pieces are set apart by 2+ spaces or U+3000 (0: none)."""
    body = line.strip(" \t\u3000")
    n = len(_GAP.split(body))
    return n if n > 1 and not body.startswith(("|", "-", "*", "#", ">")) else 0


def tab_blocks(lines: list[str], start: int = 0) -> list[tuple[int, int]]:
    """Word tables pasted as text: runs of lines with TABs between cells, and
    runs of two or more lines whose cells are set apart by wide spaces, the
    same number of cells on every line."""
    tabs = _runs(lines, start,
                 lambda i: has_cell_tab(lines[i]) and not lines[i].lstrip(" ").startswith("|"),
                 lambda i: has_cell_tab(lines[i]))
    gaps = [(a, b) for a, b in _runs(
        lines, start, lambda i: _gap_cells(lines[i]) > 0,
        lambda i: _gap_cells(lines[i]) == _gap_cells(lines[i - 1]) > 0) if b > a]
    out = list(tabs)
    for a, b in gaps:
        if not any(x <= a <= y or x <= b <= y for x, y in tabs):
            out.append((a, b))
    return sorted(out)


def _cells(line: str) -> list[str]:
    body = line.strip(" \u3000").rstrip("\t")
    parts = body.split("\t") if "\t" in body else _GAP.split(body)
    return [c.strip(" \u3000").replace("|", "\\|") for c in parts]


def tab_problems(body: str, file: str, line0: int = 0) -> list[Problem]:
    """One error per TAB-separated block of the article body (line0: lines before it)."""
    lines = body.split("\n")
    out = []
    for a, b in tab_blocks(lines):
        cols = max(len(_cells(ln)) for ln in lines[a:b + 1])
        rows = b - a + 1
        out.append(Problem(
            Pos(file, line0 + a + 1, _GAP.search(lines[a].strip(" \t\u3000")).start()
                + len(lines[a]) - len(lines[a].lstrip(" \t\u3000")) + 1),
            f"{rows} line{'s' if rows > 1 else ''} with "
            + ("TABs" if "\t" in lines[a].strip() else "wide spaces")
            + f" between {cols} cells: a table pasted from Word, which would print as one "
            f"run-on line [{RULE}]",
            "write it as a pipe table — `| 项目 | 数值 |`, then `| --- | --- |`, then one `| … |` "
            "line per row — or run `bulletin-press check --fix`, which converts it"))
    return out


_PIPE_ROW = re.compile(r"^ {0,3}\|.*\|\s*$")
_DELIM = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def pipe_rows_problems(body: str, file: str, line0: int = 0) -> list[Problem]:
    """Lines written as table rows (| a | b |) with no | --- | line under the
    first: Markdown prints them as text, pipes and all."""
    lines = body.split("\n")
    out = []
    for i, j in _runs(lines, 0, lambda i: bool(_PIPE_ROW.match(lines[i])) and not _DELIM.match(lines[i]),
                      lambda i: bool(_PIPE_ROW.match(lines[i]))):
        if j > i and not _DELIM.match(lines[i + 1]):
            out.append(Problem(Pos(file, line0 + i + 1, 1),
                               f"{j - i + 1} lines written as table rows, but the line under the "
                               "first is not | --- |, so they would print as text with the |s",
                               "put a line | --- | --- | (one --- per column) under the header row"))
    return out


def tabs_to_tables(text: str) -> str:
    """Every TAB-separated block (after any front matter) as a pipe table,
    blank lines around it; the first line is the header row."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((j + 1 for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), 0)
    blocks = tab_blocks(lines, start)
    for a, b in reversed(blocks):
        rows = [_cells(ln) for ln in lines[a:b + 1]]
        cols = max(len(r) for r in rows)
        rows = [r + [""] * (cols - len(r)) for r in rows]
        table = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * cols]
        table += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        if b + 1 < len(lines) and lines[b + 1].strip():
            table.append("")
        if a > 0 and lines[a - 1].strip() and not lines[a - 1].startswith("Table:"):
            table.insert(0, "")
        lines[a:b + 1] = table
    return "\n".join(lines)
