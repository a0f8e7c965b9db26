"""Tables as Chinese journals print them: the three-line table (三线表).

    build_table(table, style, fonts, width, make_text, *, number=None) -> [TableBlock]

One `TableBlock` flowable holds the caption (above), the header rows, the body
rows and the note (below).  Its height is a whole number of body line pitches,
so the body text after it stays on the baseline grid.

- Spans: `Cell.cols` / `Cell.rows` resolve to a grid (`resolve_grid`); a header
  cell that spans rows covers the cells under it.
- Cell text comes from `make_text(runs, role, width) -> Flowable` (the project's
  CJK paragraph engine), so cells break lines by the body's rules.  Cells of the
  same runs, role and box share one flowable; what fitting measured (per size, and
  each decimal column's number parts) is kept on the table's `_Sizer`.
- Alignment per column (`Table.align`, else: numeric columns on the decimal
  point, text left); header cells centred; cells centred vertically.
- Column widths from content (min = widest unbreakable piece, max = natural
  width, distributed over the text width), or `Table.widths` (relative).
- Too wide: the size steps down by half points to `tables.min_size`, then the
  cell padding tightens, then short labels may wrap; when even that does not fit,
  a BuildError names the widths.
- Page breaks: `split()` cuts between rows only (never inside a row or a group of
  rows joined by a body cell spanning rows); every continuation repeats the
  header rows under a 续表 marker (the caption as “续表N caption” / “caption（续）”,
  or a small right-aligned “续表” line when the table has no caption).
- Colours (rules, header tint) go through render.color at draw time: CMYK on
  the print canvas, RGB on the screen one.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from .. import model as m
from ..errors import fail
from ..model.style import Style, TextStyle
from .cellbox import Measure, length, measure, plain
from .flowable import Flowable
from .fonts import FontSet

ALIGNS = ("left", "center", "right", "decimal")
LEADING = 1.45        # cell line pitch, in cell font sizes
PAD_Y = 0.22          # cell padding above and below, in em
PAD_X = (0.4, 0.3, 0.2)  # cell padding left and right, in em: normal … tightest
COMFY_EM = 4.0        # a body cell's text may wrap, but not narrower than this many em
HEAD_KEEP_EM = 2.0    # header cells wrap more readily (two-line headers are usual)

_NUMBER = re.compile(r"[+\-−–－]?(?:\d{1,3}(?:[,，]\d{3})+|\d*)(?:\.\d+)?\s*[%％‰]?")
_EMPTYISH = {"", "—", "——", "-", "–", "－", "…", "/", "／", "×", "*", "n/a", "N/A", "NA"}


@lru_cache(maxsize=4096)
def is_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and any(c.isdigit() for c in t) and _NUMBER.fullmatch(t) is not None


def _decimal_parts(text: str) -> tuple[str, str]:
    """'19.8' -> ('19', '.8'); '12%' -> ('12', '%')."""
    t = text.strip()
    if "." in t:
        i = t.rindex(".")
        return t[:i], t[i:]
    i = len(t)
    while i > 0 and not t[i - 1].isdigit():
        i -= 1
    return t[:i], t[i:]


# ---------------------------------------------------------------- grid

@dataclass
class Slot:
    """A cell placed in the grid: its top-left grid position and its span."""

    row: int
    col: int
    rows: int
    cols: int
    cell: m.Cell
    head: bool

    @cached_property
    def text(self) -> str:
        return plain(self.cell.runs)


@dataclass
class Grid:
    slots: list[Slot]
    head_rows: int
    body_rows: int
    ncols: int

    @property
    def nrows(self) -> int:
        return self.head_rows + self.body_rows

    def owner(self, row: int, col: int) -> Slot:
        """The slot covering grid position (row, col)."""
        for s in self.slots:
            if s.row <= row < s.row + s.rows and s.col <= col < s.col + s.cols:
                return s
        raise KeyError((row, col))

    def breaks(self) -> list[int]:
        """Body row indices (0-based, body-relative) a page may break *before*."""
        ok = [True] * (self.body_rows + 1)
        for s in self.slots:
            if not s.head and s.rows > 1:
                b0 = s.row - self.head_rows
                for r in range(b0 + 1, b0 + s.rows):
                    ok[r] = False
        return [r for r in range(1, self.body_rows) if ok[r]]


def resolve_grid(table: m.Table) -> Grid:
    """Place header and body cells on a grid, honouring cols/rows spans.

    Cells fill each row left to right, skipping positions a span from a row above
    already covers.  Short rows are padded with empty cells.  A header cell may
    not span into the body, nor a body cell past the last row.
    """
    head_n, body_n = len(table.header), len(table.rows)
    total = head_n + body_n
    taken: dict[tuple[int, int], Slot] = {}
    slots: list[Slot] = []
    for r, row in enumerate(list(table.header) + list(table.rows)):
        head = r < head_n
        c = 0
        for cell in row:
            cols = 1 if cell.cols is None else cell.cols
            rows = 1 if cell.rows is None else cell.rows
            if (isinstance(cols, bool) or isinstance(rows, bool) or not isinstance(cols, int)
                    or not isinstance(rows, int) or cols < 1 or rows < 1):
                raise fail(table.pos, f"a table cell spans {cols} columns and {rows} rows",
                           "cols and rows are whole numbers from 1")
            while (r, c) in taken:
                c += 1
            last = r + rows
            limit = head_n if head else total
            if last > limit:
                part = "header" if head else "table"
                raise fail(table.pos,
                           f"the cell “{plain(cell.runs)}” spans {rows} rows but only "
                           f"{limit - r} {part} rows are left below it",
                           "lower its rows: value" + ("" if not head else
                                                      ", or add the missing header row"))
            slot = Slot(r, c, rows, cols, cell, head)
            for rr in range(r, last):
                for cc in range(c, c + cols):
                    if (rr, cc) in taken:
                        raise fail(table.pos, f"the cell “{plain(cell.runs)}” overlaps "
                                   f"“{taken[(rr, cc)].text}”", "check the cols and rows spans")
                    taken[(rr, cc)] = slot
            slots.append(slot)
            c += cols
    ncols = max((cc + 1 for (_, cc) in taken), default=0)
    if ncols == 0:
        raise fail(table.pos, "the table has no cells", "give it a header or rows")
    for r in range(total):
        for c in range(ncols):
            if (r, c) not in taken:
                s = Slot(r, c, 1, 1, m.Cell([]), r < head_n)
                taken[(r, c)] = s
                slots.append(s)
    slots.sort(key=lambda s: (s.row, s.col))
    return Grid(slots, head_n, body_n, ncols)


# ---------------------------------------------------------------- fitting

@dataclass
class _Fit:
    size: float          # body cell size
    head_size: float
    pad: float           # horizontal cell padding
    widths: list[float]


def _column_kinds(grid: Grid, table: m.Table) -> list[str]:
    kinds = []
    for c in range(grid.ncols):
        if table.align and c < len(table.align) and table.align[c]:
            a = str(table.align[c]).strip().lower()
            a = {"centre": "center", "middle": "center"}.get(a, a)
            if a not in ALIGNS:
                raise fail(table.pos, f"table column {c + 1} has align “{table.align[c]}”",
                           "use left, center, right or decimal")
            kinds.append(a)
            continue
        texts = [s.text.strip() for s in grid.slots
                 if not s.head and s.col == c and s.cols == 1]
        numeric = [t for t in texts if is_number(t)]
        if numeric and all(is_number(t) or t in _EMPTYISH for t in texts):
            kinds.append("decimal")
        else:
            kinds.append("left")
    return kinds


class _Sizer:
    """Widths of the table at a given size; one per table."""

    def __init__(self, grid, table, style, fonts, kinds, roles):
        self.grid, self.table, self.style, self.fonts = grid, table, style, fonts
        self.kinds = kinds
        self.body_role, self.head_role = roles
        self.ratio = self.head_role.size / self.body_role.size
        # what fitting asks again and again (every trial size, padding and comfort,
        # then build_table at the size chosen), worked out once per table:
        # the cells' measures by size, the number parts of each column, the decimal
        # blocks by column and size
        self._measures: dict[float, list[tuple[Slot, Measure, float]]] = {}
        self._decimal: dict[tuple[int, float], tuple[float, float]] = {}
        self._parts: dict[int, tuple[dict, dict]] = {}
        self._part_w: dict[tuple[str, bool, float], float] = {}
        for s in grid.slots:
            if s.head or s.cols != 1 or not is_number(s.text):
                continue
            ip, fp = _decimal_parts(s.text)
            bold = any(r.bold for r in s.cell.runs)
            ips, fps = self._parts.setdefault(s.col, ({}, {}))
            ips[ip, bold] = fps[fp, bold] = None

    def role(self, slot: Slot, size: float) -> TextStyle:
        return self.head_role if slot.head else self.body_role

    def slot_size(self, slot: Slot, size: float) -> float:
        return size * self.ratio if slot.head else size

    def measure(self, slot: Slot, size: float) -> Measure:
        return measure(slot.cell.runs, self.role(slot, size), self.fonts, self.style,
                       self.slot_size(slot, size))

    def measures(self, size: float) -> list[tuple[Slot, Measure, float]]:
        """(slot, its measure, its size) of every cell with text, in grid order."""
        got = self._measures.get(size)
        if got is None:
            got = self._measures[size] = [(s, self.measure(s, size), self.slot_size(s, size))
                                          for s in self.grid.slots if s.cell.runs]
        return got

    def part_width(self, text: str, bold: bool, size: float) -> float:
        """Natural width of one part of a number (before / from its decimal point)."""
        key = (text, bold, size)
        got = self._part_w.get(key)
        if got is None:
            got = self._part_w[key] = measure([m.Run(text, bold=bold)], self.body_role,
                                              self.fonts, self.style, size).natural
        return got

    def decimal_block(self, col: int, size: float) -> tuple[float, float]:
        """(widest whole part, widest fraction part) of the column's numbers."""
        key = (col, size)
        got = self._decimal.get(key)
        if got is None:
            wi = wf = 0.0
            ips, fps = self._parts.get(col, ((), ()))
            # the widest is the widest in any order: each part measured once
            for ip, bold in ips:
                wi = max(wi, self.part_width(ip, bold, size))
            for fp, bold in fps:
                wf = max(wf, self.part_width(fp, bold, size))
            got = self._decimal[key] = (wi, wf)
        return got

    def limits(self, size: float, pad: float, comfy: bool):
        """Per-column (min, max) widths including padding."""
        n = self.grid.ncols
        lo, hi = [2 * pad] * n, [2 * pad] * n
        spans = []
        for s, me, sz in self.measures(size):
            # body labels keep whole when they can; header cells may wrap (Chinese
            # tables often set a header on two lines)
            keep = (HEAD_KEEP_EM if s.head else COMFY_EM) * sz
            need_lo = max(me.piece, min(me.natural, keep)) if comfy else me.piece
            need_lo, need_hi = need_lo + 2 * pad, me.natural + 2 * pad
            if s.cols == 1:
                lo[s.col] = max(lo[s.col], need_lo)
                hi[s.col] = max(hi[s.col], need_hi)
            else:
                spans.append((s, need_lo, need_hi))
        for c, kind in enumerate(self.kinds):
            if kind == "decimal":
                wi, wf = self.decimal_block(c, size)
                lo[c] = max(lo[c], wi + wf + 2 * pad)
                hi[c] = max(hi[c], wi + wf + 2 * pad)
        for s, need_lo, need_hi in sorted(spans, key=lambda t: t[0].cols):
            cs = range(s.col, s.col + s.cols)
            for arr, need in ((lo, need_lo), (hi, need_hi)):
                have = sum(arr[c] for c in cs)
                if need > have:
                    for c in cs:
                        arr[c] += (need - have) / s.cols
        hi = [max(h, l) for l, h in zip(lo, hi)]
        return lo, hi

    def widths(self, size: float, pad: float, comfy: bool, width: float):
        """Column widths filling `width`, or None; and the least width needed."""
        lo, hi = self.limits(size, pad, comfy)
        rel = self.table.widths
        if rel:
            rel = [float(r) for r in rel] + [0.0] * (self.grid.ncols - len(rel))
            tot = sum(rel)
            ws = [width * r / tot for r in rel]
            # the width this proportion would need so that every column holds its min
            need = max((l / (r / tot) if r > 0 else (math.inf if l > 2 * pad else 0))
                       for l, r in zip(lo, rel))
            spans_ok = all(sum(ws[c] for c in range(s.col, s.col + s.cols)) + 1e-6 >=
                           self.measure(s, size).piece + 2 * pad
                           for s in self.grid.slots if s.cols > 1 and s.cell.runs)
            return (ws if need <= width + 1e-6 and spans_ok else None), need
        smin, smax = sum(lo), sum(hi)
        if smin > width + 1e-6:
            return None, smin
        if smax <= width:   # room to spare: shared out evenly, so columns breathe alike
            extra = (width - smax) / len(hi)
            return [h + extra for h in hi], smin
        t = (width - smin) / (smax - smin)
        return [l + (h - l) * t for l, h in zip(lo, hi)], smin


def _sizes(start: float, floor: float) -> list[float]:
    out, s = [], start
    while s > floor + 1e-6:
        out.append(s)
        s = math.floor(s * 2 - 1e-6) / 2   # next half point down
    out.append(min(start, floor))
    return out


def _sizer(grid: Grid, table: m.Table, style: Style, fonts: FontSet, kinds: list[str]) -> _Sizer:
    T = style.text
    return _Sizer(grid, table, style, fonts, kinds, (T["table"], T.get("table_head", T["table"])))


def fit_columns(grid: Grid, table: m.Table, style: Style, fonts: FontSet, width: float,
                kinds: list[str] | None = None, sizer: _Sizer | None = None) -> _Fit:
    """Choose the cell size, padding and column widths, or raise BuildError.
    `sizer`: the table's _Sizer, when the caller goes on to use what it measured."""
    body_role = style.text["table"]
    kinds = kinds or _column_kinds(grid, table)
    sizer = sizer or _sizer(grid, table, style, fonts, kinds)
    floor = length(style.tables.get("min_size"), 7.5)
    sizes = _sizes(body_role.size, floor)
    need = math.inf
    stages = [(p, True) for p in PAD_X] + [(PAD_X[-1], False)]
    for pad_em, comfy in stages:
        for s in sizes:
            ws, need = sizer.widths(s, pad_em * s, comfy, width)
            if ws is not None:
                return _Fit(s, s * sizer.ratio, pad_em * s, ws)
    raise fail(table.pos,
               f"table is {need:.0f} pt wide at the smallest size {floor:g}pt; "
               f"the text is {width:.0f} pt wide",
               "split the table, drop columns, or shorten the cells")


# ---------------------------------------------------------------- building

@dataclass
class _Placed:
    slot: Slot
    flow: Flowable | None
    x: float      # left of the text box, from the table's left
    w: float
    h: float           # height of the text lines
    inset: float = 0.0  # from the flowable's top to its first line
    fh: float = 0.0     # the flowable's own height


class _Built:
    """Everything the parts of one table share."""

    def __init__(self, table: m.Table, style: Style, grid: Grid, fit: _Fit, kinds, placed,
                 row_h, caption, cont, note, width):
        self.table, self.style, self.grid, self.fit = table, style, grid, fit
        self.kinds, self.placed, self.row_h = kinds, placed, row_h
        self.caption, self.cont, self.note = caption, cont, note   # (flowable, h) or None
        self.width = width
        self.col_x = [0.0]
        for w in fit.widths:
            self.col_x.append(self.col_x[-1] + w)
        tables = style.tables
        self.thick = length(tables.get("rule_thick"), 1.0)
        self.thin = length(tables.get("rule_thin"), 0.4)
        self.tint = tables.get("header_tint", True) and "tint" in style.colors
        self.pitch = style.pitch
        self.cap_gap = 0.25 * style.pitch
        self.note_gap = 0.2 * style.pitch
        self.margin = 0.3 * style.pitch
        self.head_h = sum(row_h[:grid.head_rows])
        if not grid.head_rows:      # no header: no rule under it
            self.thin = 0.0
        self.breaks = grid.breaks()

    def body_h(self, r0: int, r1: int) -> float:
        h0 = self.grid.head_rows
        return sum(self.row_h[h0 + r0:h0 + r1])

    def content(self, r0, r1, first, last) -> tuple[float, float, float]:
        """(top margin, content height, bottom margin) of a part, unrounded."""
        top = bottom = 0.0
        h = self.thick + self.head_h + self.thin + self.body_h(r0, r1) + self.thick
        if first and self.caption:
            h += self.caption[1] + self.cap_gap
        if not first:
            h += self.cont[1] + self.cap_gap
        if last and self.note:
            h += self.note_gap + self.note[1]
        if first:
            top = self.margin
        if last:
            bottom = self.margin
        return top, h, bottom


class TableBlock(Flowable):
    """A table, or the part of one that goes on one page (body rows r0:r1)."""

    def __init__(self, built: _Built, r0: int, r1: int, first: bool, last: bool):
        super().__init__()
        self.b, self.r0, self.r1, self.first, self.last = built, r0, r1, first, last
        self.width = built.width
        self.top_pad, ch, bottom = built.content(r0, r1, first, last)
        self.natural = self.top_pad + ch + bottom
        self.rounded = math.ceil(self.natural / built.pitch - 1e-6) * built.pitch
        self.height = self.rounded
        self._fix_pads(self.rounded)

    # the tests and the lead read these
    @property
    def continued(self) -> bool:
        return not self.first

    @property
    def body_rows(self) -> range:
        return range(self.r0, self.r1)

    def _fix_pads(self, total: float):
        top, ch, bottom = self.b.content(self.r0, self.r1, self.first, self.last)
        extra = max(0.0, total - (top + ch + bottom))
        # round up: split the extra room above and below a whole table; a part
        # that starts or ends at a page edge keeps it below
        self.top_pad = top + (extra / 2 if (self.first and self.last) else 0.0)

    def wrap(self, availW, availH):
        if self.rounded <= availH + 1e-6 or self.natural > availH + 1e-6:
            self.height = self.rounded
        else:   # off the grid: fit what fits, unpadded
            self.height = self.natural
        self._fix_pads(self.height)
        return self.width, self.height

    def split(self, availW, availH):
        b = self.b
        fits = []
        for r in b.breaks:
            if not (self.r0 < r < self.r1):
                continue
            part = TableBlock(b, self.r0, r, self.first, False)
            if part.natural <= availH + 1e-6:
                fits.append(r)
            else:
                break
        if not fits:
            return []
        r = fits[-1]
        # widow: leave at least two rows for the next page when we can
        if self.r1 - r < 2 and len(fits) > 1 and fits[-2] - self.r0 >= 2:
            r = fits[-2]
        # orphan: one row alone under its header on a page mostly full: move on
        if (r - self.r0 < 2 and self.r1 - self.r0 >= 4
                and availH < 0.5 * b.style.text_height):
            return []
        return [TableBlock(b, self.r0, r, self.first, False),
                TableBlock(b, r, self.r1, False, self.last)]

    # ------------------------------------------------------------ drawing
    def plan_items(self, x: float, y: float) -> list:
        """This part as page-plan items, its box's foot at (x, y): the caption (or the
        （续） marker), the header tint, the cell text, the three rules, the note."""
        from . import plan as P
        from .placed import paragraph_items
        b = self.b
        g = b.grid
        rule = b.style.color("rule")
        out: list = []
        yy = y + self.height - self.top_pad
        head = b.caption if self.first else b.cont
        if head and (b.caption or not self.first):
            f, h = head
            out += paragraph_items(f, x, yy - h)
            yy -= h + b.cap_gap
        top_rule = yy
        yy -= b.thick
        head_top = yy
        if b.tint and b.head_h > 0:
            out.append(P.Rect(x, head_top - b.head_h, b.width, b.head_h, b.style.color("tint")))
        # row tops, by grid row, for the rows drawn in this part
        tops: dict[int, float] = {}
        for r in range(g.head_rows):
            tops[r] = yy
            yy -= b.row_h[r]
        head_bottom = yy
        yy -= b.thin
        for r in range(g.head_rows + self.r0, g.head_rows + self.r1):
            tops[r] = yy
            yy -= b.row_h[r]
        body_bottom = yy
        for p in b.placed:
            s = p.slot
            if s.row not in tops or p.flow is None:
                continue
            span_h = sum(b.row_h[s.row:s.row + s.rows])
            text_top = tops[s.row] - (span_h - p.h) / 2
            out += paragraph_items(p.flow, x + p.x, text_top + p.inset - p.fh)
        for yr in (top_rule - b.thick / 2, body_bottom - b.thick / 2):
            out.append(P.Rule(x, yr, x + b.width, yr, b.thick, rule))
        thin = b.thin or 0.4
        if g.head_rows:
            out.append(P.Rule(x, head_bottom - b.thin / 2, x + b.width, head_bottom - b.thin / 2, thin, rule))
        # short rules under header cells that span columns above other header cells
        for s in g.slots:
            if s.head and s.cols > 1 and s.row + s.rows < g.head_rows:
                yb = tops[s.row] - sum(b.row_h[s.row:s.row + s.rows])
                out.append(P.Rule(x + b.col_x[s.col] + b.fit.pad, yb,
                                  x + b.col_x[s.col + s.cols] - b.fit.pad, yb, thin, rule))
        if self.last and b.note:
            f, h = b.note
            out += paragraph_items(f, x, body_bottom - b.thick - b.note_gap - h)
        return out


def _wrap(flow: Flowable, width: float) -> float:
    _, h = flow.wrap(width, 1e6)
    return h


def text_box(flow: Flowable, width: float) -> tuple[float, float, int | None, float]:
    """Wrap `flow` and find its text: (inset from the flowable's top to the first
    line's top, height of the lines, number of lines or None if unknown, the
    flowable's own height).

    The CJK engine rounds a paragraph's height up to whole body pitches and centres
    its lines in it; inside a table cell only the lines count.  A flowable that
    exposes `lines` and `leading` is read that way; any other is taken whole.
    """
    h = _wrap(flow, width)
    lines, lead = getattr(flow, "lines", None), getattr(flow, "leading", None)
    if isinstance(lines, list) and isinstance(lead, (int, float)) and lines:
        text_h = len(lines) * lead
        inset = getattr(flow, "_pad_top", (h - text_h) / 2)
        if 0 <= inset and inset + text_h <= h + 0.01:
            return inset, text_h, len(lines), h
    return 0.0, h, None, h


def build_table(table: m.Table, style: Style, fonts: FontSet, width: float, make_text,
                *, number: int | None = None) -> list[Flowable]:
    """The table as flowables: one TableBlock (which splits itself across pages)."""
    if not table.header and not table.rows:
        raise fail(table.pos, "the table has neither header nor rows", "give it rows")
    grid = resolve_grid(table)
    if table.widths is not None:
        if len(table.widths) != grid.ncols or any(
                not isinstance(w, (int, float)) or isinstance(w, bool) or w <= 0
                for w in table.widths):
            raise fail(table.pos, f"the table has {grid.ncols} columns but widths "
                       f"gives {list(table.widths)}",
                       f"give {grid.ncols} positive numbers (relative widths)")
    if table.align is not None and len(table.align) > grid.ncols:
        raise fail(table.pos, f"the table has {grid.ncols} columns but align gives "
                   f"{len(table.align)}", f"give at most {grid.ncols} values")
    kinds = _column_kinds(grid, table)
    sizer = _sizer(grid, table, style, fonts, kinds)
    fit = fit_columns(grid, table, style, fonts, width, kinds, sizer)
    T = style.text
    body_role, head_role = T["table"], T.get("table_head", T["table"])

    roles: dict[tuple[bool, str], TextStyle] = {}

    def role_for(head: bool, align: str) -> TextStyle:
        """The cell role of a header or body cell set `align` (a handful per table)."""
        got = roles.get((head, align))
        if got is None:
            base, size = (head_role, fit.head_size) if head else (body_role, fit.size)
            got = roles[head, align] = replace(base, size=size, leading=round(size * LEADING, 2),
                                               align=align, indent=0.0, space_before=0.0,
                                               space_after=0.0)
        return got

    col_x = [0.0]
    for w in fit.widths:
        col_x.append(col_x[-1] + w)
    # decimal blocks per column
    dec = {c: sizer.decimal_block(c, fit.size) for c, k in enumerate(kinds) if k == "decimal"}
    pad = fit.pad
    natural = {id(s): me.natural for s, me, _ in sizer.measures(fit.size)}
    set_already: dict = {}

    def cell_text(s: Slot, align: str, box: float):
        """The cell's text flowable wrapped in `box`, and text_box's answer; one for
        all the cells of the same runs, role and box (a column's repeated values)."""
        key = (tuple(s.cell.runs), s.head, align, box)
        got = set_already.get(key)
        if got is None:
            flow = make_text(s.cell.runs, role_for(s.head, align), box)
            got = set_already[key] = (flow, text_box(flow, box))
        return got

    placed: list[_Placed] = []
    for s in grid.slots:
        if not s.cell.runs or not s.text.strip():
            placed.append(_Placed(s, None, 0, 0, 0))
            continue
        size = fit.head_size if s.head else fit.size
        base = head_role if s.head else body_role
        x0, span_w = col_x[s.col], col_x[s.col + s.cols] - col_x[s.col]
        avail = span_w - 2 * pad
        if s.head:
            kind = "center"
        elif s.cols > 1:
            kind = "center" if kinds[s.col] == "decimal" else kinds[s.col]
        else:
            kind = kinds[s.col]
            if kind == "decimal" and not is_number(s.text):
                kind = "center"
        lead = round(size * LEADING, 2)
        nat = natural[id(s)]
        flow = None
        if nat <= avail + 0.01:
            box = min(avail, nat + 1.0)
            align = "left" if kind == "decimal" else kind
            flow, (inset, h, n, fh) = cell_text(s, align, box)
            if (n or round(h / lead)) > 1:   # the engine broke it after all: use the whole cell
                flow = None
        if flow is not None:
            if kind == "left":
                x = x0 + pad
            elif kind == "right":
                x = x0 + span_w - pad - box
            elif kind == "center":
                x = x0 + (span_w - box) / 2
            else:   # decimal: the point of every number in the column on one line
                wi, wf = dec[s.col]
                ip, _ = _decimal_parts(s.text)
                bold = any(r.bold for r in s.cell.runs)
                w_int = sizer.part_width(ip, bold, size)
                block_x = x0 + (span_w - (wi + wf)) / 2
                x = block_x + wi - w_int
        else:
            box = avail
            if kind in ("center", "right"):
                align = kind
            else:   # wrapped text: the role's own left/justify
                align = base.align if base.align in ("left", "justify") else "left"
            flow, (inset, h, _, fh) = cell_text(s, align, box)
            x = x0 + pad
        placed.append(_Placed(s, flow, x, box, h, inset, fh))
    # row heights
    pad_y = PAD_Y * fit.size
    row_h = [round(fit.size * LEADING, 2) + 2 * pad_y] * grid.nrows
    for p in placed:
        if p.flow is not None and p.slot.rows == 1:
            row_h[p.slot.row] = max(row_h[p.slot.row], p.h + 2 * pad_y)
    for p in sorted(placed, key=lambda p: p.slot.rows):
        s = p.slot
        if p.flow is not None and s.rows > 1:
            have = sum(row_h[s.row:s.row + s.rows])
            need = p.h + 2 * pad_y
            if need > have:
                row_h[s.row + s.rows - 1] += need - have
    # caption, continuation marker, note
    cap_role = replace(T.get("caption", body_role), align="center", indent=0.0,
                       space_before=0.0, space_after=0.0)
    note_role = replace(T.get("table_note", body_role), indent=0.0, space_before=0.0,
                        space_after=0.0)
    numbered = bool(style.tables.get("number")) and number is not None
    caption = cont = note = None
    if table.caption:
        runs = ([m.Run(f"表{number} ")] if numbered else []) + list(table.caption)
        f = make_text(runs, cap_role, width)
        caption = (f, _wrap(f, width))
        if numbered:
            cruns = [m.Run(f"续表{number} ")] + list(table.caption)
        else:
            cruns = list(table.caption) + [m.Run("（续）")]
        f = make_text(cruns, cap_role, width)
        cont = (f, _wrap(f, width))
    else:
        f = make_text([m.Run(f"续表{number}" if numbered else "续表")],
                      replace(note_role, align="right"), width)
        cont = (f, _wrap(f, width))
    if table.note:
        f = make_text(list(table.note), note_role, width)
        note = (f, _wrap(f, width))
    built = _Built(table, style, grid, fit, kinds, placed, row_h, caption, cont, note, width)
    return [TableBlock(built, 0, grid.body_rows, True, True)]
