"""```table and ```chart fenced blocks: a YAML body → model.Table / model.Chart.

The YAML is read with every plain scalar kept as the text typed (so a cell
`0371` or `12.30` prints as written); numbers are converted only where a number
is meant (cols, rows, widths, series values, y_min, y_max).
"""
from __future__ import annotations

import csv
import io

from ..errors import BuildError
from ..model import Cell, Chart, Pos, Table
from .inline import Ctx, parse_inline
from .paths import resolve_inside
from .schema import F, check, convert, expect_mapping
from .textfile import read_text
from .yamlfile import LDict, LList, load_yaml

TABLE_SPEC = {
    "caption": F("str"), "header": F("list", required=True), "rows": F("list"),
    "csv": F("str"), "note": F("str"), "align": F("strlist"), "widths": F("list"),
}
CELL_SPEC = {"text": F("str"), "cols": F("int"), "rows": F("int")}
ALIGNS = ("left", "center", "right", "decimal")

CHART_SPEC = {
    "type": F("str", required=True, choices=("line", "bar", "column")),
    "x": F("list", required=True), "series": F("map", required=True),
    "unit": F("str"), "caption": F("str"), "note": F("str"),
    "y_min": F("number"), "y_max": F("number"),
}


def _yaml_body(content: str, body_line0: int, pos: Pos, ctx: Ctx, what: str):
    data, problems = load_yaml(content, ctx.file, line_offset=ctx.line_offset + body_line0,
                               strings=True)
    ctx.problems.extend(problems)
    if problems:
        return None
    if data is None:
        ctx.error(pos, f"the ```{what} block is empty", "write its YAML body (see FORMAT.md)")
        return None
    return expect_mapping(data, ctx.file, ctx.problems, f"the ```{what} block")


def _line0(p: Pos, ctx: Ctx) -> int | None:
    return None if p.line is None else p.line - 1 - ctx.line_offset


def _runs(text, p: Pos, ctx: Ctx):
    return parse_inline(text, ctx, _line0(p, ctx)) if text else None


# ---------------------------------------------------------------- table

def _cell(value, raw, p: Pos, ctx: Ctx) -> Cell | None:
    if value is None:
        return Cell([])
    if isinstance(value, LDict):
        vals = check(value, CELL_SPEC, ctx.problems, what="a table cell")
        for key in ("cols", "rows"):
            if key in vals and vals[key] < 1:
                ctx.error(value.at(key), f"a cell's {key} must be 1 or more")
                vals[key] = 1
        return Cell(parse_inline(vals.get("text", ""), ctx, _line0(p, ctx)),
                    cols=vals.get("cols", 1), rows=vals.get("rows", 1))
    if isinstance(value, list):
        ctx.error(p, "a table cell is a list", "a cell is text, or {text: …, cols: 2} for a merged cell")
        return None
    return Cell(parse_inline(str(value), ctx, _line0(p, ctx)))


def _section(rows, ctx: Ctx, name: str):
    """A YAML list of rows → (cells, positions)."""
    out, where = [], []
    if not isinstance(rows, LList):
        return out, where
    for r, row in enumerate(rows):
        rp = rows.at(r)
        if not isinstance(row, LList):
            ctx.error(rp, f"{name} row {r + 1} is not a list",
                      "write each row as [cell, cell, …] or as a list of '- cell' lines")
            continue
        cells = []
        for c, value in enumerate(row):
            cell = _cell(value, row.raw[c] if c < len(row.raw) else None, row.at(c), ctx)
            if cell is not None:
                cells.append(cell)
        out.append(cells)
        where.append(rp)
    return out, where


def grid_width(rows: list[list[Cell]], where: list[Pos], expected: int | None, ctx: Ctx,
               name: str) -> int | None:
    """Check the rows form a rectangle once spans are counted; return its width."""
    taken: set[tuple[int, int]] = set()
    width = expected
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if cell.rows > 1 and r + cell.rows > len(rows):
                ctx.error(where[r], f"a cell in {name} row {r + 1} spans {cell.rows} rows, "
                                    f"but only {len(rows) - r} rows remain",
                          "reduce its rows:, or add the missing rows")
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    if (r + dr, c + dc) in taken:
                        ctx.error(where[r], f"cells overlap in {name} row {r + dr + 1}, column {c + dc + 1}",
                                  "check the cols:/rows: spans above")
                    taken.add((r + dr, c + dc))
            c += cell.cols
        n = len([1 for (rr, _cc) in taken if rr == r])
        if width is None:
            width = n
        elif n != width:
            ctx.error(where[r], f"{name} row {r + 1} has {n} columns (counting merged cells), "
                                f"but the table has {width}",
                      "every row needs the same number of columns; write \"\" for an empty cell")
    return width


def _csv_rows(rel: str, p: Pos, ctx: Ctx):
    path = resolve_inside(ctx.folder, rel, p, ctx.problems, what="the csv file")
    if path is None:
        return [], []
    shown = ctx.show(path)
    try:
        text = read_text(path, shown)
    except BuildError as exc:
        ctx.problems.extend(exc.problems)
        return [], []
    rows, where = [], []
    reader = csv.reader(io.StringIO(text))
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            rows.append([Cell(parse_inline(f.strip(), ctx, None)) for f in fields])
            where.append(Pos(shown, line))
    except csv.Error as exc:
        ctx.error(Pos(shown, reader.line_num), f"cannot read the csv: {exc}",
                  "check the quotes in this line")
    return rows, where


def table_from_fence(content: str, body_line0: int, pos: Pos, ctx: Ctx) -> Table | None:
    data = _yaml_body(content, body_line0, pos, ctx, "table")
    if data is None:
        return None
    before = len(ctx.problems)
    v = check(data, TABLE_SPEC, ctx.problems, what="the ```table block")
    header, hwhere = _section(data.get("header"), ctx, "header")
    if "rows" in data and "csv" in data:
        ctx.error(data.at("csv"), "the table has both rows: and csv:", "keep one of them")
    if "csv" in v:
        rows, rwhere = _csv_rows(v["csv"], data.vat("csv"), ctx)
    elif "rows" in data:
        rows, rwhere = _section(data.get("rows"), ctx, "row")
    else:
        ctx.error(data.pos, "the ```table block has no rows", "add rows: (a list of rows) or csv: data/file.csv")
        rows, rwhere = [], []
    width = grid_width(header, hwhere, None, ctx, "header")
    grid_width(rows, rwhere, width, ctx, "body")

    align = v.get("align")
    if align is not None:
        for k, a in enumerate(align):
            if a not in ALIGNS:
                ctx.error(data.vat("align"), f"align '{a}' is not known", "use left, center, right or decimal")
        if width is not None and len(align) != width:
            ctx.error(data.vat("align"), f"align lists {len(align)} columns, the table has {width}",
                      "give one alignment per column")
    widths = None
    if "widths" in v:
        widths = []
        for k, w in enumerate(v["widths"]):
            ok, num = convert("number", w, None)
            if not ok or num <= 0:
                ctx.error(v["widths"].at(k), f"width {w!r} is not a positive number",
                          "widths are relative numbers, e.g. [2, 1, 1]")
            else:
                widths.append(num)
        if width is not None and len(v["widths"]) != width:
            ctx.error(data.vat("widths"), f"widths lists {len(v['widths'])} columns, the table has {width}",
                      "give one width per column")
    if len(ctx.problems) > before:
        return None
    return Table(_runs(v.get("caption"), data.vat("caption"), ctx), header, rows, pos,
                 note=_runs(v.get("note"), data.vat("note"), ctx), align=align, widths=widths)


# ---------------------------------------------------------------- chart

MAX_CHART_VALUE = 1e15     # beyond this no axis can be labelled; a unit change is meant


def chart_from_fence(content: str, body_line0: int, pos: Pos, ctx: Ctx) -> Chart | None:
    data = _yaml_body(content, body_line0, pos, ctx, "chart")
    if data is None:
        return None
    before = len(ctx.problems)
    v = check(data, CHART_SPEC, ctx.problems, what="the ```chart block")
    x = [("" if e is None else str(e)) for e in v.get("x", [])]
    series: list[tuple[str, list[float]]] = []
    smap = v.get("series")
    if isinstance(smap, LDict):
        if not smap:
            ctx.error(data.at("series"), "the chart has no series", "add `name: [numbers…]` lines under series:")
        for name, values in smap.items():
            sp = smap.at(name)
            if not isinstance(values, LList):
                ctx.error(smap.vat(name), f"series '{name}' should be a list of numbers",
                          "write it as [1.2, 3.4, …]")
                continue
            nums = []
            for k, val in enumerate(values):
                ok, num = convert("number", val, None)
                if not ok:
                    ctx.error(values.at(k), f"series '{name}': value {k + 1} ({val!r}) is not a number",
                              "write a number such as 7.9 (no units or %: put the unit in unit:)")
                elif abs(num) > MAX_CHART_VALUE:
                    ctx.error(values.at(k), f"series '{name}': value {k + 1} ({val!r}) is too large "
                                            f"to chart (at most ±{MAX_CHART_VALUE:.0e})",
                              "check the number; for very large amounts change the unit "
                              "(e.g. 亿元 instead of 元) and divide the values")
                else:
                    nums.append(num)
            if "x" in v and len(values) != len(x):
                ctx.error(sp, f"series '{name}' has {len(values)} values but x has {len(x)}",
                          "give one value per x entry")
            series.append((str(name), nums))
    for k in ("y_min", "y_max"):
        if k in v and abs(v[k]) > MAX_CHART_VALUE:
            ctx.error(data.vat(k), f"{k}: {v[k]:g} is too large for a chart axis "
                                   f"(at most ±{MAX_CHART_VALUE:.0e})", "check the number")
    if "y_min" in v and "y_max" in v and v["y_min"] >= v["y_max"]:
        ctx.error(data.at("y_max"), "y_max is not greater than y_min", "swap or correct them")
    if len(ctx.problems) > before:
        return None
    return Chart(v["type"], x, series, pos,
                 caption=_runs(v.get("caption"), data.vat("caption"), ctx),
                 unit=v.get("unit"), note=_runs(v.get("note"), data.vat("note"), ctx),
                 y_min=v.get("y_min"), y_max=v.get("y_max"))
