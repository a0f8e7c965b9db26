"""The story: an Issue turned into its vertical list (typeset/vlist.py), in order.

Front page (masthead, headline, editor's note, TOC) → articles → 报尾.
Every piece is measured here in whole body lines and carries a `place`
function that turns it into plan items once the page breaker has put it.

Keep rules live here, as break permissions on the boxes: no widow or orphan
(two lines each side of a break inside a paragraph), a heading with two lines
of text under it, title + byline + two lines, （作者：…） with the last lines
of its article.  Vertical space comes from the style's roles as glue in
whole lines (min, ideal, max); adjacent spaces collapse, the larger wins.
"""
from __future__ import annotations

import math
import re

from .. import model as m
from ..errors import Problem
from ..model.style import Style, TextStyle
from . import plan as P
from .fonts import FontSet
from .listmarks import hung, list_marker, marker_em
from .paragraph import layout_paragraph, layout_variant
from .placed import baseline, text_item
from .text import broken_runs, text_factory
from .vlist import Box, Glue, Para, TableRun, VList

EPS = 1e-3
# cost per line of flexing each kind of space (the page breaker spends the cheapest first)
COSTS = {"title": 4.0, "byline": 12.0, "heading": 15.0, "block": 10.0, "author": 25.0,
         "space": 20.0}


def _glue(rng: tuple[float, float, float], kind: str) -> Glue:
    lo, mid, hi = (int(round(v)) for v in rng)
    return Glue(lo, mid, max(hi, mid), COSTS.get(kind, 20.0), kind)


class StoryBuilder:
    def __init__(self, issue: m.Issue, style: Style, fonts: FontSet, warnings: list[Problem]):
        self.issue, self.style, self.fonts, self.warnings = issue, style, fonts, warnings
        self.T = style.text
        self.W = style.text_width
        self.pitch = style.pitch
        self.L = style.page.lines_per_page
        self.make_text = text_factory(style, fonts)
        self.items: list = []
        self.nboxes = 0          # the boxes among the items
        self.paras: list[Para] = []
        self.table_no = 0
        self.bind = 0            # text lines still to bind to the heading above
        self.art = -1
        self.blk = 0
        self.in_block: dict[tuple[int, int], int] = {}   # boxes so far in each (article, block)
        self.toc_entries: list = []
        from .linelock import Keyer, current
        self.book = current()      # an archived issue's locked line breaks, if any
        self.keys = Keyer()

    # ------------------------------------------------------------ primitives
    def space(self, rng, kind: str) -> None:
        self.items.append(_glue(rng, kind))

    def _last_box(self) -> Box | None:
        for it in reversed(self.items):
            if isinstance(it, Box):
                return it
        return None

    def hold(self) -> None:
        """No page break after the last box (it belongs with what follows)."""
        b = self._last_box()
        if b is not None:
            b.brk = None

    def box(self, b: Box) -> Box:
        b.article = self.art
        # its source position: (article, block, n-th box of the block), one box's alone
        # (a list's items, a quote's paragraphs share their block), for forced page starts
        n = self.in_block.get((self.art, self.blk), 0)
        self.in_block[(self.art, self.blk)] = n + 1
        b.src = (self.art, self.blk, n)
        if self.bind > 0:
            self.hold()
            if b.kind == "line":
                self.bind -= 1
            else:
                self.bind = 0
        self.items.append(b)
        self.nboxes += 1
        return b

    def lines(self, runs, role: TextStyle, *, first_indent=None, align=None, kind="line",
              heading=False, flex=False, bottom=False, source=None, left=0.0,
              marker=None) -> list[Box]:
        """A paragraph (or heading) as boxes: one a line on the grid; lines with
        their own leading as one group box (centred in it, or at its `bottom`).
        `left` (em): every line indented; `marker`: a list marker hung in front of it."""
        indent = role.indent if first_indent is None else first_indent
        runs = [r for r in runs if r.text]
        # an archived issue's locked lines (typeset/linelock.py): a text with a source is
        # keyed in story order; a locked one is set as printed and never flexed
        key = starts = src = None
        if self.book is not None and source is not None:
            key = self.keys.key(source.file, runs)
            starts = self.book.starts(key)
            src = (key, source.line)
        lines = layout_paragraph(runs, role, self.style, self.fonts, self.W, indent, align=align,
                                 starts=starts, left_em=left)
        if marker and lines:
            lines[0] = hung(lines[0], marker, role, self.style, self.fonts)
        if starts and tuple(ln.start for ln in lines) != tuple(starts):
            self.book.missed.add(key)
        if starts:
            flex = False
        if not lines:
            return []
        color = self.style.color(role.color)
        lead = role.leading or self.pitch
        pitch = self.pitch
        if abs(lead - pitch) > EPS:
            h = max(1, math.ceil(len(lines) * lead / pitch - EPS))
            pad = (h * pitch - len(lines) * lead) / (1 if bottom else 2)

            def place_group(items, x, top, box, lines=lines):
                for k, ln in enumerate(lines):
                    items.append(text_item(ln, x, baseline(top - pad - k * lead, lead, ln.size), color,
                                           src))
            b = self.box(Box(h, "group", place_group))
            if heading:
                b.brk = None
            return [b]
        out = []
        n = len(lines)
        pi = None
        if flex and n >= 2 and not heading:
            last_chars = len(lines[-1].text.strip())
            cpl = self.style.page.chars_per_line
            # a cheap guess at what the line breaker can do (it is asked only where it
            # matters): a line can take in about three more characters (punctuation set
            # half width, the gap limit) and give up about two
            likely = (last_chars <= max(4, 3 * (n - 1)),
                      cpl - last_chars <= 3 * n)
            if any(likely):
                pi = len(self.paras)
                style, fonts, W = self.style, self.fonts, self.W

                def variant(delta, runs=runs, role=role, indent=indent, n=n, memo={}):
                    if delta in memo:          # the page breaker asks again and again
                        return memo[delta]
                    got = layout_variant(runs, role, style, fonts, W, indent, delta, n, left)
                    if got and marker:
                        got = ([hung(got[0][0], marker, role, style, fonts)] + got[0][1:],) + got[1:]
                    memo[delta] = got
                    return got
                first_index = self.nboxes
                self.paras.append(Para(first_index, n, variant, likely))
        for k, ln in enumerate(lines):
            def place_line(items, x, top, box, ln=ln):
                items.append(text_item(ln, x, baseline(top, pitch, ln.size), color, src))
            brk = 0.0 if (k + 1 >= 2 and n - k - 1 >= 2) or k == n - 1 else None
            if heading:
                brk = None
            b = Box(1, "line", place_line, brk, para=pi, line=k)
            b.data = (runs, role, indent, color, src)
            out.append(self.box(b))
        return out

    def drawn(self, obj, h_pts: float, what: str, *, float_ok=False, kind="figure") -> Box:
        h = max(1, math.ceil(h_pts / self.pitch - EPS))
        W = self.W

        def place(items, x, top, box, obj=obj, h=h):
            obj.wrap(W, h * self.pitch)
            items.append(P.Drawn(x, top - h * self.pitch, obj, what))   # set in place by pages.py
        return self.box(Box(h, kind, place, float_ok=float_ok))

    def rule(self, frac: float, thickness: float, color: str = "rule") -> Box:
        col = self.style.color(color)
        W, pitch = self.W, self.pitch

        def place(items, x, top, box):
            x0 = x + W * (1 - frac) / 2
            y = top - pitch / 2
            items.append(P.Rule(x0, y, x0 + W * frac, y, thickness, col))
        return self.box(Box(1, "rule", place))

    # ------------------------------------------------------------ front page
    def front_page(self) -> None:
        from .masthead import Masthead
        from .toc import TocEntry
        issue, T = self.issue, self.T
        self.art, self.blk = -1, 0
        mast = Masthead(issue, self.style, self.fonts)
        self.warnings.extend(mast.warnings)
        mast.wrap(self.W, mast.height_)
        h = max(1, math.ceil(mast.height_ / self.pitch - EPS))

        def place(items, x, top, box):
            items.extend(mast.plan_items(x, top - mast.height_))
        self.box(Box(h, "front", place, None))
        if issue.theme:
            theme = issue.theme + (f"（{issue.theme_part}）" if issue.theme_part else "")
            # set at the foot of its box: the rule under it stands as far from it as from the note
            self.lines(broken_runs(theme, issue.theme_breaks), T["theme"], heading=True, bottom=True)
        if issue.note:
            self.rule(1.0, 0.8).brk = None
            self.lines([m.Run("●" + issue.note.title)], T["note_title"], heading=True)
            self.bind = 2
            for blk in issue.note.blocks:
                self.block(blk, T["note"])
            self.hold()
            r = self.rule(1.0, 0.8)
            r.brk, r.foot = None, True
        if issue.articles:
            for b in self.lines([m.Run("本期目录")], T["toc_title"], heading=True):
                b.foot = True
            for i, a in enumerate(issue.articles):
                entry = TocEntry(i, a, None, self.style, self.fonts, link=False)
                _, h = entry.wrap(self.W, 1e6)
                self.toc_entries.append(entry)
                b = self.drawn(entry, h, "toc entry", kind="front")
                b.brk, b.foot, b.data = None, True, (i, entry)
        last = self._last_box()
        if last is not None:
            last.brk = 0.0

    # ------------------------------------------------------------ articles
    def article(self, index: int, a: m.Article) -> None:
        T = self.T
        self.art, self.blk = index, -1      # the title and byline: block -1
        self.bind = 0
        names = "　".join(a.authors)
        byline = None
        if a.affiliation_at == "byline" and a.affiliation:
            byline = f"{a.affiliation}　{names}"
        elif names:
            byline = names
        self.space(T["title"].space("before"), "title")
        tb = self.lines(broken_runs(a.title, a.title_breaks), T["title"], heading=True, source=a.pos)
        tb[0].opens = index
        for b in tb:
            b.brk = None
        self.space(T["title"].space("after"), "byline")
        if byline:
            self.space(T["byline"].space("before"), "byline")
            for b in self.lines([m.Run(byline)], T["byline"], heading=True):
                b.brk = None
            self.space(T["byline"].space("after"), "byline")
        self.bind = 2
        for k, blk in enumerate(a.blocks):
            self.blk = k
            self.block(blk, T["body"])
        if a.affiliation_at != "byline" and a.affiliation:
            self.blk = len(a.blocks)
            self.hold()
            role = T["author_end"]
            self.space(role.space("before"), "author")
            self.lines([m.Run(f"（作者：{a.affiliation}）")], role, heading=True)
            self.space(role.space("after"), "author")
        self.notes(a)
        self.bind = 0
        last = self._last_box()
        if last is not None:
            last.brk = 0.0

    def notes(self, a: m.Article) -> None:
        """The article's footnotes under 注释： (typeset/notes.py says what is set, in which role)."""
        from .notes import article_notes
        wanted: list = []
        article_notes(a, self.T, lambda runs, role, **kw: wanted.append((runs, role, kw)))
        if not wanted:
            return
        self.blk = len(a.blocks) + 1
        self.space((1, 1, 1), "space")
        for runs, role, kw in wanted:
            keep = kw.get("keep_lines_after", 0) > 0
            self.lines(runs, role, first_indent=kw.get("first_indent"), heading=keep,
                       source=kw.get("source"))
            if keep:
                self.bind = 1

    # ------------------------------------------------------------ blocks
    def block(self, blk: m.Block, body: TextStyle) -> None:
        T, style = self.T, self.style
        if isinstance(blk, m.Paragraph):
            self.space(body.space("before"), "space")
            self.lines(blk.runs, body, flex=True, first_indent=0 if blk.flush else None,
                       source=blk.pos)
            self.space(body.space("after"), "space")
            return
        if isinstance(blk, m.Heading):
            role = T[f"h{min(blk.level, 3)}"]
            last = self._last_box()
            if last is not None and last.heading:
                self.space((0, 0, 0), "heading")   # under its parent heading: bound to it
            else:
                self.space(role.space("before"), "heading")
            for bx in self.lines(blk.runs, role, heading=True, source=blk.pos):
                bx.heading = True
            self.space(role.space("after"), "heading")
            self.bind = 2
            return
        if isinstance(blk, m.ListBlock):
            self.list_block(blk, body, 0)
            return
        if isinstance(blk, m.Quote):
            for sub in blk.blocks:
                self.block(sub, T.get("quote", body))
            return
        if isinstance(blk, m.Rule):
            self.rule(0.3, 0.5)
            return
        rng = tuple(style.tables.get("space", (0, 0, 1))) if isinstance(blk, m.Table) else \
            tuple(style.charts.get("space", (0, 0, 1)))
        self.space(rng, "block")
        if isinstance(blk, m.Table):
            self.table(blk)
        elif isinstance(blk, m.Chart):
            from .chart import build_chart
            chart = build_chart(blk, style, self.fonts, self.W, make_text=self._cell_text)
            h = max(1, math.ceil(chart.height / self.pitch - EPS))

            def place(items, x, top, box, chart=chart, h=h):
                items.extend(chart.plan_items(x, top - h * self.pitch))
            self.box(Box(h, "figure", place, float_ok=True))
        elif isinstance(blk, m.Figure):
            self.figure(blk)
        else:
            raise TypeError(f"unknown block {blk!r}")
        self.space(rng, "block")

    def list_block(self, blk: m.ListBlock, body: TextStyle, depth: int,
                   parent: tuple[float, float] = (0.0, 0.0)) -> None:
        """A list; a list inside an item is set one level further in (up to the three
        levels the source stage accepts): its markers hang in front of the text, set flush
        right against it, its lines align with the text after the marker (clreq's hanging
        indent), and each level numbers 1. → （1） → ① and bullets ● → ○ → ▪ on its own.
        `parent`: where the item above begins its marker and its text (em from the left).
        The outer level is set as a paragraph, its marker in the first-line indent."""
        role = self.T.get("list", body)
        markers = [list_marker(blk.ordered, blk.start + n, depth) for n in range(len(blk.items))]
        widths = [marker_em(mk, role, self.style, self.fonts) for mk in markers]
        # a nested level: its markers 2 em in from its parent's, never left of its text; its
        # text where the widest marker of its kind ends (（0） for （1）…（9）), so that the
        # items of one level line up from one list to the next
        at = max(parent[1], parent[0] + 2.0) if depth else role.indent
        widest = max([marker_em(re.sub(r"\d", "0", mk), role, self.style, self.fonts) for mk in markers]
                     + widths, default=0.0)
        left = at + widest if depth else 0.0
        for item, marker, w in zip(blk.items, markers, widths):
            first = True
            for sub in item:
                if first and isinstance(sub, m.Paragraph):
                    self.space(role.space("before"), "space")
                    if depth:
                        self.lines(sub.runs, role, flex=True, source=sub.pos, first_indent=0,
                                   left=left, marker=marker)
                    else:
                        self.lines([m.Run(marker)] + sub.runs, role, flex=True, source=sub.pos,
                                   first_indent=0 if sub.flush else None)
                    self.space(role.space("after"), "space")
                elif isinstance(sub, m.ListBlock):
                    self.list_block(sub, body, depth + 1, (at, left if depth else at + w))
                elif depth and isinstance(sub, m.Paragraph):   # the item's next paragraph
                    self.space(role.space("before"), "space")
                    self.lines(sub.runs, role, flex=True, source=sub.pos, first_indent=0, left=left)
                    self.space(role.space("after"), "space")
                else:
                    self.block(sub, body)
                first = False

    def _cell_text(self, runs, role, width=None):
        return self.make_text(runs, role, first_indent=0)

    def table(self, blk: m.Table) -> None:
        from .table import TableBlock, build_table
        self.table_no += 1
        whole = build_table(blk, self.style, self.fonts, self.W, self._cell_text,
                            number=self.table_no)[0]
        built = whole.b
        rows = whole.r1
        pitch, L = self.pitch, self.L
        h = max(1, math.ceil(whole.rounded / pitch - EPS))
        splits = [r for r in built.breaks if 3 <= r <= rows - 3]
        if rows <= 8 or h < L / 3 or not splits:      # a small table never splits

            def place(items, x, top, box):
                items.extend(whole.plan_items(x, top - h * pitch))
            self.box(Box(h, "table", place, float_ok=True))
            return
        cache: dict = {}

        def part(a, b, first, last):
            key = (a, b, first, last)
            if key not in cache:
                cache[key] = TableBlock(built, a, b, first, last)
            return cache[key]

        def lines(a, b, first, last):
            return max(1, math.ceil(part(a, b, first, last).rounded / pitch - EPS))
        key = self.table_no
        bounds = [0] + splits + [rows]
        # a table's parts are placed by the page composer (it joins the runs on a page)
        for a, b in zip(bounds, bounds[1:]):
            self.box(Box(0, "table", None, 0.0, table=TableRun(key, a, b, rows, lines, part)))

    def figure(self, blk: m.Figure) -> None:
        from .figure import build_figure
        shown = build_figure(blk, self.style, self.fonts, self.W, self._cell_text,
                             warnings=self.warnings)[0]
        h = max(1, math.ceil(shown.height / self.pitch - EPS))

        def place(items, x, top, box, h=h):
            # set smaller when the page engine asks: the image scaled to the lines it has
            items.extend(shown.plan_items(x, top - h * self.pitch, lines=h))
        # the style's figure freedom: down to max_shrink of its lines (a third by default)
        give = int(h * float(self.style.charts.get("figure_shrink", 1 / 3)))
        self.box(Box(h, "figure", place, float_ok=True, shrink=max(0, give)))

    # ------------------------------------------------------------ 报尾
    def back(self) -> Box:
        from .back import BackBlock
        qr = None
        back = self.issue.back
        if back.qr or back.qr_image:
            from .qr import qr_drawing, qr_image
            size = 4 * self.pitch
            color = self.style.color("black")
            qr = qr_image(back.qr_image, size) if back.qr_image else qr_drawing(back.qr, size, color)
        blk = BackBlock(back, self.style, self.fonts, self.make_text, qr)
        blk._measure(self.W)
        blk.width_ = self.W
        h = max(1, math.ceil(blk.block_h / self.pitch - EPS))

        def place(items, x, bottom, box):
            items.extend(blk.plan_items(x, bottom))
        return Box(h, "back", place, article=len(self.issue.articles))


def build_vlist(issue: m.Issue, style: Style, fonts: FontSet, warnings: list[Problem]):
    """(VList, TOC entries) for the issue."""
    b = StoryBuilder(issue, style, fonts, warnings)
    b.front_page()
    for i, a in enumerate(issue.articles):
        b.article(i, a)
    vl = VList(b.items, b.paras, b.back(), [a.title for a in issue.articles],
               style.page.chars_per_line)
    return vl, b.toc_entries
