"""CJKParagraph: a platypus flowable that sets Chinese text like a book.

Layout (`layout_paragraph`) is a pure function: runs -> units (shaping) ->
breaks chosen over the whole paragraph (linebreak) -> positioned glyphs
(justify); given `starts` (the source offsets where lines begin, from an
archived issue's lock, typeset/linelock.py) it sets those lines instead of
choosing breaks.  The flowable adds the page rules: heights in whole body pitches
(the baseline grid), splits that leave at least two lines on each side
(no widows or orphans), and keep-with-next for headings.
"""
from __future__ import annotations

import re
from operator import sub

from ..model import Run
from ..model.style import Style, TextStyle
from .flowable import Flowable
from .fonts import FontSet
from .justify import Line, set_line
from .linebreak import Prefix, break_lines
from .shaping import shape
from .squeeze import close_up, wider

__all__ = ["CJKParagraph", "layout_paragraph", "Line"]

_GRID_EPS = 0.01


def layout_paragraph(runs: list[Run], role: TextStyle, style: Style, fonts: FontSet,
                     width: float, first_indent_em: float = 0.0, *,
                     align: str | None = None, start_half: bool | None = None,
                     starts: tuple[int, ...] | None = None, left_em: float = 0.0) -> list[Line]:
    """Lay out a paragraph in a column `width` points wide.  No canvas needed.
    `start_half` overrides the style's line_start_half (an opening mark that
    starts a line set half width, its ink flush with the margin).  `left_em`:
    every line indented that much (a nested list item); `first_indent_em` counts
    from there and may be negative (a hanging marker).

    `starts`: set the lines that begin at these source offsets (a locked
    issue's lines) instead of choosing the breaks; when they do not fit the
    text (they always do for the text they were recorded from) the breaks are
    chosen as usual.

    Results are memoised per FontSet: the layout passes of a build (TOC page
    numbers, print and screen) set the same paragraphs at the same widths."""
    cache = fonts.memo("layout")
    starts = tuple(starts) if starts else None
    key = (tuple(runs), role, round(width, 4), first_indent_em, align, start_half, starts, left_em)
    hit = cache.get(key)
    if hit is None:
        if starts and style.punctuation.max_squeeze > 0 and (align or role.align) == "justify":
            hit = _locked_closed_up(runs, role, style, fonts, width, first_indent_em, align,
                                    start_half, starts, left_em)
        if hit is None:
            hit = _indented(_layout_uncached(runs, role, style, fonts, width - left_em * role.size,
                                             first_indent_em, align, start_half, starts),
                            left_em * role.size, width)
        cache[key] = hit
    return list(hit)


def _locked_closed_up(runs, role, style, fonts, width, first_indent_em, align, start_half, starts,
                      left_em) -> list[Line] | None:
    """A locked paragraph that was printed one line tighter and closed up (紧排): the
    lock holds only its line starts, so it is set as the page engine set it then
    (that variant, when its lines start there); None for any other paragraph."""
    free = layout_paragraph(runs, role, style, fonts, width, first_indent_em, align=align,
                            start_half=start_half, left_em=left_em)
    if len(starts) != len(free) - 1:
        return None
    got = layout_variant(runs, role, style, fonts, width, first_indent_em, -1, len(free), left_em)
    if got is None or not got[2] or tuple(ln.start for ln in got[0]) != tuple(starts):
        return None
    return got[0]


def _indented(lines: list[Line], left: float, width: float) -> list[Line]:
    """Lines set `left` points narrower, moved right by `left` (a left indent, or a
    balanced title centred), in a column `width` wide."""
    if left:
        for ln in lines:
            ln.xs = [x + left for x in ln.xs]
            ln.left += left
            ln.right += left
            ln.width = width
    return lines


def _layout_uncached(runs, role, style, fonts, width, first_indent_em, align,
                     start_half=None, starts=None) -> list[Line]:
    if (align or role.align) != "center":
        return _layout_at(runs, role, style, fonts, width, first_indent_em, align,
                          start_half=start_half, starts=starts)
    # titles, the headline and every centred role break at phrase boundaries
    lines, pen = _layout_at(runs, role, style, fonts, width, first_indent_em, align, phrases=True,
                            starts=starts)
    if len(lines) > 1:
        lines = _balanced(lines, pen, runs, role, style, fonts, width, first_indent_em, align, starts)
    return lines


def _balanced(lines, pen, runs, role, style, fonts, width, first_indent_em, align,
              starts=None) -> list[Line]:
    """A centred title of several lines: the narrowest measure that keeps the
    same number of lines and breaks no worse inside phrases, so the lines come
    out even (no 要（下） alone below) and words stay whole."""
    n = len(lines)
    lo, hi, best, best_w = width / n, width, lines, width
    for _ in range(10):
        mid = (lo + hi) / 2
        # a trial needs only its breaks: the lines are set for the measure chosen
        trial = _breaks_at(runs, role, style, fonts, mid, first_indent_em, align, phrases=True)
        if len(trial[2] if trial else ()) <= n and _phrase_pen(trial) <= pen + 1e-6:
            best, best_w, hi = trial, mid, mid
        else:
            lo = mid
        if hi - lo < role.size * 0.5:
            break
    if best is lines:
        pass
    elif starts:   # locked lines, at the measure balancing found
        best, _ = _layout_at(runs, role, style, fonts, best_w, first_indent_em, align, phrases=True,
                             starts=starts)
    else:
        best = _set_lines(*best) if best else []
    return _indented(best, (width - best_w) / 2, width)


def layout_variant(runs: list[Run], role: TextStyle, style: Style, fonts: FontSet,
                   width: float, first_indent_em: float, delta: int,
                   natural: int, left_em: float = 0.0) -> tuple[list[Line], float, bool] | None:
    """伸缩行 for the page engine: the paragraph set in `natural + delta` lines
    (delta = -1 tighter, +1 looser) within the gap limits, with the breaks' cost
    and whether it was closed up to get there (紧排, typeset/squeeze.py); None
    when the line breaker cannot do that acceptably."""
    cache = fonts.memo("variant")
    key = (tuple(runs), role, round(width, 4), first_indent_em, delta, left_em,
           style.punctuation.max_squeeze)
    if key in cache:
        return cache[key]
    inner = width - left_em * role.size
    got = _variant_at(runs, role, style, fonts, inner, first_indent_em, delta, natural)
    squeeze = style.punctuation.max_squeeze
    if got is None and delta < 0 and squeeze > 0:
        # 紧排 (typeset/squeeze.py): broken on a slightly wider measure, closed up onto this one
        got = _variant_at(runs, role, style, fonts, wider(inner, squeeze), first_indent_em, delta,
                          natural, close_to=inner)
        if got is not None:
            got = (got[0], got[1] + SQUEEZE_COST, True)
    if got is not None:
        got = (_indented(got[0], left_em * role.size, width), got[1], len(got) > 2)
    cache[key] = got
    return got


SQUEEZE_COST = 400.0     # a closed-up paragraph only where plain compression cannot do it


def _variant_at(runs, role, style, fonts, width, first_indent_em, delta, natural, close_to=None):
    for lam in (300.0, 3000.0):
        costs: list[float] = []
        found = _breaks_at(runs, role, style, fonts, width, first_indent_em, None,
                           line_penalty=lam if delta < 0 else -lam, costs=costs)
        # the lines are set only when the breaks give the number asked for
        if len(found[2] if found else ()) == natural + delta:
            lines = _set_lines(*found) if found else []
            cost = sum(costs)
            if close_to is not None:
                lines = close_up(lines, close_to, style.punctuation.max_squeeze)
                if lines is None:
                    return None
            limit = (style.punctuation.max_han_gap or 0.05) + 1e-3
            return (lines, cost) if cost < 1e4 and _widest_han_gap(lines) <= limit else None
    return None


def _widest_han_gap(lines: list[Line]) -> float:
    """The widest extra space between two Han characters on the lines, in em."""
    widest = 0.0
    for ln in lines:
        xs = ln.xs
        for m in _HAN_PAIRS.finditer(ln.text):
            a, b = m.span()
            # the widest step of the run (x / size - 1.0 only grows with x)
            widest = max(widest, max(map(sub, xs[a + 1:b], xs[a:b - 1])) / ln.size - 1.0)
    return widest


_HAN_PAIRS = re.compile("[\u4e00-\u9fff]{2,}")


def _layout_at(runs, role, style, fonts, width, first_indent_em, align, *, phrases=False,
               start_half=None, starts=None, line_penalty: float = 0.0,
               costs: list | None = None):
    """The lines; with `phrases`, (lines, the breaks' cost for splitting phrases).
    `line_penalty` and `costs`: see linebreak.break_lines (the page engine's 伸缩行)."""
    got = _breaks_at(runs, role, style, fonts, width, first_indent_em, align, phrases=phrases,
                     start_half=start_half, starts=starts, line_penalty=line_penalty, costs=costs)
    if got is None:
        return ([], 0.0) if phrases else []
    lines = _set_lines(*got)
    if phrases:
        return lines, _phrase_pen(got)
    return lines


def _phrase_pen(got) -> float:
    """The breaks' cost for splitting phrases, from _breaks_at's answer (0 for none)."""
    if got is None:
        return 0.0
    pen, breaks = got[0].pen, got[2]
    return sum(pen[i] for i, _, _ in breaks[1:])


def _breaks_at(runs, role, style, fonts, width, first_indent_em, align, *, phrases=False,
               start_half=None, starts=None, line_penalty: float = 0.0,
               costs: list | None = None):
    """_layout_at's breaks, before the lines are set: (shaped text, its prefix sums,
    breaks, measure and first line's measure in em, first indent, justified?, alignment),
    or None for a paragraph with nothing to set."""
    align = align or role.align
    size = role.size
    W = width / size
    runs = [r for r in runs if r.text]
    # shaped once per paragraph, whatever the measure (the page engine's 伸缩行, a
    # title's balancing and 紧排 set it again at other widths): only a Latin unit
    # wider than the line is cut for the measure (shaping._split_wide)
    shaped = fonts.memo("shape")
    key = (tuple(runs), role, phrases, start_half)
    got = shaped.get(key)
    if got is None:
        sh = shape(runs, role, style, fonts, phrases=phrases, start_half=start_half)
        got = shaped[key] = (sh, Prefix(sh) if sh.n else None, sh.widest_latin())
    limit = W - max(first_indent_em, 0.0)
    if got[2] > limit:
        key = key + (round(W, 4), first_indent_em)
        got = shaped.get(key)
        if got is None:
            sh = shape(runs, role, style, fonts, max_unit_em=limit, phrases=phrases,
                       start_half=start_half)
            got = shaped[key] = (sh, Prefix(sh) if sh.n else None, 0.0)
    sh, pre = got[0], got[1]
    if sh.n == 0:
        return None
    justify = align == "justify"
    W1 = W - first_indent_em
    maxg = style.punctuation.max_han_gap or 0.05
    breaks = _locked_breaks(sh, starts) if starts else None
    if breaks is None:
        breaks = break_lines(sh, W1, W, justify=justify, max_gap=maxg, pre=pre,
                             line_penalty=line_penalty, costs=costs)
    return sh, pre, breaks, W, W1, first_indent_em, justify, align


def _set_lines(sh, pre, breaks, W, W1, first_indent_em, justify, align) -> list[Line]:
    lines = []
    nb = len(breaks)
    for idx, (i, j, seg_end) in enumerate(breaks):
        last = idx == nb - 1
        first = i == 0
        ind = first_indent_em if first else 0.0
        lines.append(set_line(sh, pre, i, j, W1 if first else W, ind, justify=justify,
                              align=align, last=last, hard=seg_end and not last))
    return lines


def _locked_breaks(sh, starts) -> list[tuple[int, int, bool]] | None:
    """break_lines' answer for lines that begin at the source offsets `starts`;
    None when they are not unit starts of this text (then breaks are chosen)."""
    unit_at: dict[int, int] = {}
    for k, s in enumerate(sh.s):
        unit_at.setdefault(s, k)
    units = [unit_at.get(s) for s in starts]
    if not units or units[0] != 0 or None in units or any(b <= a for a, b in zip(units, units[1:])):
        return None
    forced = set(sh.forced)
    bounds = units + [sh.n]
    return [(i, j, j == sh.n or j in forced) for i, j in zip(bounds, bounds[1:])]


def _slice_runs(runs: list[Run], start: int) -> list[Run]:
    """The runs from source offset `start` on (for a continuation laid out afresh)."""
    out = []
    pos = 0
    for r in runs:
        n = len(r.text)
        if pos + n <= start:
            pos += n
            continue
        if pos < start:
            out.append(Run(r.text[start - pos:], r.bold, r.italic, r.code, r.link))
        else:
            out.append(r)
        pos += n
    return out


class CJKParagraph(Flowable):
    """Body text, headings, captions … set by the Chinese layout engine."""

    def __init__(self, runs: list[Run], role: TextStyle, style: Style, fonts: FontSet, *,
                 keep_lines_after: int = 0, first_indent: float | None = None,
                 align: str | None = None, source=None):
        super().__init__()
        self.runs = [r for r in runs if r.text]
        self.role = role
        self.style = style
        self.fonts = fonts
        self.keep_lines_after = keep_lines_after
        self.first_indent = role.indent if first_indent is None else first_indent
        self.align = align or role.align
        self.source = source
        self._base = 0                # offset of self.runs in the whole paragraph's text
        self._lines_base = 0          # … and of the source offsets in self.lines
        self.leading = role.leading or style.pitch
        self.space_before = role.space_before * style.pitch
        self.space_after = role.space_after * style.pitch
        self.lines: list[Line] = []
        self._cache: dict[float, list[Line]] = {}
        self._preset: tuple[float, list[Line], int] | None = None
        self._pad_top = 0.0
        self.width = 0.0
        self.height = 0.0
        self._drop_before = False

    # ---------------------------------------------------------------- layout

    def _layout(self, width: float) -> list[Line]:
        key = round(width, 4)
        if self._preset is not None and abs(self._preset[0] - width) < 1e-4:
            self._lines_base = self._preset[2]
            return self._preset[1]
        self._lines_base = self._base
        got = self._cache.get(key)
        if got is None:
            got = layout_paragraph(self.runs, self.role, self.style, self.fonts, width,
                                   self.first_indent, align=self.align)
            self._cache[key] = got
        return got

    def _heights(self, nlines: int, before: float, after: float) -> tuple[float, float]:
        """(total height rounded to the grid, top padding before the first line)."""
        pitch = self.style.pitch
        raw = before + nlines * self.leading + after
        cells = -(-raw // pitch) if raw > _GRID_EPS else 0
        if raw > _GRID_EPS and raw - (cells - 1) * pitch <= _GRID_EPS:
            cells -= 1
        total = cells * pitch
        slack = total - raw
        return total, before + slack / 2 if self.leading != pitch else before

    def _space_before(self) -> float:
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", 0) and self.space_before:
            return 0.0          # no space above a heading at the top of a column
        return self.space_before

    def wrap(self, availWidth, availHeight):
        self.lines = self._layout(availWidth)
        self.width = availWidth
        before = self._space_before()
        self.height, self._pad_top = self._heights(len(self.lines), before, self.space_after)
        if self.keep_lines_after:
            need = self.height + self.keep_lines_after * self.style.pitch
            if availHeight + _GRID_EPS < need:
                return availWidth, availHeight + 1
        return availWidth, self.height

    def getSpaceBefore(self):
        return 0

    def getSpaceAfter(self):
        return 0

    def split(self, availWidth, availHeight):
        if self.keep_lines_after:
            return []
        lines = self._layout(availWidth)
        total = len(lines)
        if total < 4:
            return []
        before = self._space_before()
        n = 0
        for k in range(1, total + 1):
            h, _ = self._heights(k, before, 0.0)
            if h <= availHeight + _GRID_EPS:
                n = k
            else:
                break
        n = min(n, total - 2)
        if n < 2:
            return []
        first = self._part(lines[:n], availWidth, before=self.space_before, after=0.0)
        rest = self._part(lines[n:], availWidth, before=0.0, after=self.space_after)
        cut = self._lines_base + lines[n].start - self._base   # in self.runs
        rest.runs = _slice_runs(self.runs, cut)
        rest._base = self._base + cut
        rest.first_indent = 0.0
        return [first, rest]

    def _part(self, lines, width, *, before, after):
        p = CJKParagraph.__new__(CJKParagraph)
        Flowable.__init__(p)
        p.__dict__.update({k: v for k, v in self.__dict__.items()
                           if k not in ("canv", "_frame")})
        p._cache = {}
        p._preset = (width, lines, self._lines_base)
        p.lines = lines
        p.space_before = before
        p.space_after = after
        return p

    def __repr__(self) -> str:
        text = "".join(r.text for r in self.runs)
        return f"<CJKParagraph {text[:20]!r}…>"
