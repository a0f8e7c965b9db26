"""The page plan of an issue: the vertical list broken into pages and composed.

    make_plan(issue, style, fonts, forced=None) -> PagePlan

One layout pass: the story is measured (typeset/story.py), the page breaker
chooses every page break of the issue (typeset/pagebreak.py), then each page
is composed here: boxes at their grid lines, glue as chosen, floats at the
page top, the TOC at the foot of a front page that ends before the first
article, the 报尾 at the foot of the last text page, and the page furniture —
the folio on every page after the first, the running head on body pages where
no article opens (style `page.no_head: top`: that do not begin with a title).  The TOC entries reserve their width, so their numbers
(known only now) change nothing.
"""
from __future__ import annotations

from .. import model as m
from ..errors import BuildError, Problem
from ..model.style import Style
from . import plan as P
from .fonts import FontSet
from .geometry import Geometry
from .masthead import issue_line
from .pagebreak import NoFit, PageSpec, box_index, break_pages
from .placed import baseline, label_item, label_width, text_item
from .story import build_vlist
from .toc import article_key
from .vlist import Glue


def running_title(issue: m.Issue) -> str:
    return f"{issue.publication.title}　{issue_line(issue)}"


def document_title(issue: m.Issue) -> str:
    return f"{issue.publication.title} {issue_line(issue)}"


def _furniture(page: P.Page, style: Style, fonts: FontSet, geo: Geometry, head: str | None):
    n = page.number
    if head:
        role = style.text["header"]
        left = geo.left(n)
        right = left + geo.text_w
        base = geo.block_top + style.pitch * 0.75
        align = "left" if n % 2 == 0 else "right"
        item, _ = label_item(fonts, style, head, role, left if align == "left" else right, base, align)
        if item is not None:
            page.items.append(item)
        y = base - role.size * 0.45
        page.items.append(P.Rule(left, y, right, y, 0.5, style.color(role.color)))
    role = style.text["folio"]
    cx = geo.left(n) + geo.text_w / 2
    base = geo.block_bottom - style.pitch * 1.5
    item, w = label_item(fonts, style, str(n), role, cx, base, "center")
    if item is not None:
        page.items.append(item)
    gap, dash = role.size * 0.5, role.size * 0.9
    y = base + role.size * 0.33
    col = style.color(role.color)
    page.items.append(P.Rule(cx - w / 2 - gap - dash, y, cx - w / 2 - gap, y, 0.5, col))
    page.items.append(P.Rule(cx + w / 2 + gap, y, cx + w / 2 + gap + dash, y, 0.5, col))


class _Composer:
    def __init__(self, issue, style, fonts, vl, br):
        self.issue, self.style, self.fonts, self.vl = issue, style, fonts, vl
        self.br = br                     # the pagebreak._Breaker's boxes and glue
        self.geo = Geometry.for_style(style)
        self.pitch = style.pitch
        self.flexed: dict[int, int] = {}   # para → line delta, over all pages (see compose)

    def compose(self, n: int, spec: PageSpec) -> tuple[P.Page, list[int], set[int]]:
        """The page's items; the articles that open on it; the articles on it."""
        geo, pitch = self.geo, self.pitch
        boxes, glue = self.br.boxes, self.br.glue
        x = geo.left(n) - geo.offset
        top = geo.block_top - geo.offset
        page = P.Page(n, "front" if n == 1 else "body")
        opens: list[int] = []
        arts: set[int] = set()
        if spec.back_only:
            page.kind = "back"
            return page, opens, arts
        order = ([spec.pend] if spec.pend >= 0 else []) + \
            [k for k in range(spec.s, spec.e + 1) if k != spec.defer]
        first = order[0]
        page.starts_at = P.SourceAt(*boxes[first].src)
        line = 0
        placed: list[tuple[int, int]] = []      # (box, line) for the TOC-at-foot shift
        skip_para = None
        k_i = 0
        while k_i < len(order):
            k = order[k_i]
            b = boxes[k]
            if k_i > 0:
                g = glue[k]
                if k_i == 1 and spec.pend >= 0 and spec.pend + 1 < len(boxes):
                    g = glue[spec.pend + 1]
                same_table = (b.table is not None and boxes[order[k_i - 1]].table is not None
                              and boxes[order[k_i - 1]].table.key == b.table.key
                              and order[k_i - 1] == k - 1)
                if g is not None and not same_table:
                    line += g.ideal + spec.glue.get(k, 0)
            if b.article >= 0:
                arts.add(b.article)
            if b.opens is not None:
                opens.append(b.opens)
                page.items.append(P.Bookmark(article_key(b.opens), self.vl.articles[b.opens]))
            if b.table is not None:
                # join the runs of one table on this page into one part
                j = k_i
                while (j + 1 < len(order) and boxes[order[j + 1]].table is not None
                       and boxes[order[j + 1]].table.key == b.table.key and order[j + 1] == order[j] + 1):
                    j += 1
                tr0, tr1 = b.table, boxes[order[j]].table
                first_part, last_part = tr0.r0 == 0, tr1.r1 == tr1.rows
                part = tr0.make(tr0.r0, tr1.r1, first_part, last_part)
                h = tr0.lines(tr0.r0, tr1.r1, first_part, last_part)
                page.items.extend(part.plan_items(x, top - (line + h) * pitch))
                placed.append((k, line))
                line += h
                k_i = j + 1
                continue
            if b.para is not None and b.para in self.flexed:
                if skip_para == b.para:
                    k_i += 1
                    continue
                skip_para = b.para
                # the paragraph's variant lines from this box on: those of its boxes on this
                # page, or all the rest where it ends here (its head, set on the page before
                # in the same variant, kept its line count)
                para = self.vl.paras[b.para]
                here = sum(1 for j in order[k_i:] if boxes[j].para == b.para)
                lines = para.variant(self.flexed[b.para])[0]
                ends_here = b.line + here >= para.n
                lines = lines[b.line:] if ends_here else lines[b.line:b.line + here]
                runs, role, indent, color, src = b.data
                for ln in lines:
                    page.items.append(text_item(ln, x, baseline(top - line * pitch, pitch, ln.size),
                                                color, src))
                    line += 1
                k_i += 1
                continue
            h = b.h + spec.glue.get(-k - 1, 0)      # a figure may be set smaller
            if b.place is not None:
                if h != b.h:
                    b.place(page.items, x, top - line * pitch, b, h=h)
                else:
                    b.place(page.items, x, top - line * pitch, b)
            placed.append((k, line))
            line += h
            k_i += 1
        L = self.style.page.lines_per_page
        # a front page that ends before the first article: the TOC goes to its foot
        if n == 1 and line < L and any(boxes[k].foot for k, _ in placed):
            shift = (L - line) * pitch
            foot_from = next(i for i, (k, _) in enumerate(placed) if boxes[k].foot)
            # items were appended in box order; move those of the foot boxes down
            moved = self._shift_foot(page, placed, foot_from, shift)
            line = L if moved else line
        page.lines_used = min(line, L)
        return page, opens, arts

    def _shift_foot(self, page, placed, foot_from, shift) -> bool:
        """Move every item drawn for the foot boxes down by `shift` points."""
        geo, pitch = self.geo, self.pitch
        top = geo.block_top - geo.offset
        cut = top - placed[foot_from][1] * pitch + 1e-3
        moved = False
        for item in page.items:
            y = getattr(item, "y", None)
            if y is None:
                continue
            if isinstance(item, P.Rule):
                if item.y0 <= cut:
                    item.y0 -= shift
                    item.y1 -= shift
                    moved = True
            elif y <= cut:
                item.y -= shift
                moved = True
        return moved


class PageCountError(BuildError):
    """The issue cannot come to a multiple of the style's page count (a draft, say)."""


def make_plan(issue: m.Issue, style: Style, fonts: FontSet, *, pad: bool = True,
              forced: list[tuple[int, int, int]] | None = None) -> P.PagePlan:
    """Plan every page of the issue.  `forced`: (article, block, line) source
    positions where a page must begin.  `pad=False`: no page-count target."""
    warnings: list[Problem] = []
    vl, toc = build_vlist(issue, style, fonts, warnings)
    L = style.page.lines_per_page
    force_idx = set()
    boxes = [it for it in vl.items if not isinstance(it, Glue)]
    for src in forced or []:
        k = box_index(vl, tuple(src))
        # only where a page may begin (a position recorded by another engine may not be one)
        if k is not None and k > 0 and boxes[k - 1].brk is not None:
            force_idx.add(k)
    mode = style.page.pad
    multiple = style.page.multiple_of if pad else 1
    try:
        brks = break_pages(vl, L, multiple_of=multiple, pad=mode, forced=force_idx)
    except NoFit as e:
        full = e.natural - 1
        runs = (f"{full} page(s) and {e.last_lines} line(s)" if full else f"{e.last_lines} line(s), less than a page")
        raise PageCountError(Problem(
            None, f"{_name(issue)} runs {runs}: "
            + (f"cut about {_round(e.cut)} characters to make {e.lo} pages, or add" if e.lo else "add")
            + f" about {_round(e.add)} characters to fill {e.hi} (a printed issue needs a multiple of "
            f"{multiple} pages: this is not a multiple of {multiple} and the layout's freedoms fall "
            "short of both)",
            "cut or add text; or set page.pad: blank in the style to pad with blank pages "
            "(a screen-only build or a preview of a draft is made at its natural length)"))
    br = brks.breaker
    comp = _Composer(issue, style, fonts, vl, br)
    comp.flexed = {pi: d for spec in brks.pages for pi, d in spec.paras.items()}
    pages: list[P.Page] = []
    first_page: dict[int, int] = {}
    last_page: dict[int, int] = {}
    specs = list(brks.pages)
    blank = 0
    if brks.target % max(1, multiple) and mode == "blank" and multiple > 1:
        blank = -(-brks.target // multiple) * multiple - brks.target
    heads: list[str | None] = []
    art_heads: dict[int, str] = {}      # article → its running head, fitted once
    for spec in specs:
        n = len(pages) + 1
        if spec is specs[-1] and blank and len(specs) > 1:   # blank pages before the last
            for _ in range(blank):
                pages.append(P.Page(n, "blank"))
                heads.append(None)
                n += 1
        page, opens, arts = comp.compose(n, spec)
        for a in arts:
            first_page.setdefault(a, n)
            last_page[a] = n
        for a in opens:
            first_page[a] = min(first_page.get(a, n), n)
        if spec.back:
            page.items.append(P.Bookmark("back", "报尾"))
            vl.back.place(page.items, comp.geo.left(n) - comp.geo.offset,
                          comp.geo.block_bottom - comp.geo.offset, vl.back)
            if spec.back_only:
                page.kind = "back"
        if n == 1:
            page.items.insert(0, P.Bookmark("front", "报头与目录"))
        page.short = (spec.short > 0 and not spec.ends_article and not spec.back)
        if page.kind == "body" and not (opens_at_top(br, spec) if style.page.no_head == "top" else opens):
            art = boxes_article(br, spec)   # an odd page names the article it begins with
            if n % 2 == 0 or art is None:
                head = running_title(issue)
            else:
                if art not in art_heads:
                    art_heads[art] = article_head(issue.articles[art], style, fonts, comp.geo.text_w,
                                                  warnings)
                head = art_heads[art]
        else:
            head = None
        pages.append(page)
        heads.append(head)
    geo = comp.geo
    for page, head in zip(pages, heads):
        if page.number > 1 and page.kind != "blank":
            _furniture(page, style, fonts, geo, head)
    # the TOC: its numbers, now that the pages are known (the entries reserved their width)
    for entry in toc:
        entry.page = first_page.get(entry.index)
    if blank and len(specs) == 1:                           # a one-page issue: after it
        pages += [P.Page(len(pages) + k + 1, "blank") for k in range(blank)]
        heads += [None] * blank
    for page in pages:
        items = []
        for item in page.items:
            if isinstance(item, P.Drawn) and item.what == "toc entry":
                items += item.obj.plan_items(item.x, item.y)
            else:
                items.append(item)
        page.items = items
    spans = [P.ArticleSpan(i, a.title, first_page.get(i, 0), last_page.get(i, 0))
             for i, a in enumerate(issue.articles)]
    face = fonts.face(style.body.font)
    plan = P.PagePlan(pages, spans, document_title(issue), issue.theme or "",
                      issue.publication.title, L, (style.page.width, style.page.height),
                      style.page.bleed, (face.name, style.body.size), issue.date)
    plan.warnings = warnings
    _summarise(plan, brks, specs, vl)
    return plan


def article_head(a: m.Article, style: Style, fonts: FontSet, width: float,
                 warnings: list[Problem]) -> str:
    """The running head of an article's odd pages: its short_title, else its title, on
    one line of the text block.  A title too long for it loses its subtitle (after ——
    or ：), then is cut to what fits, ending in …, and a warning says so."""
    role = style.text["header"]

    def fits(text: str) -> bool:
        return label_width(fonts, style, text, role) <= width

    text = a.short_title or a.title
    if fits(text):
        return text
    got = None
    for mark in ("——", "：", "—"):
        main = text.split(mark)[0].rstrip()
        if mark in text and main and fits(main):
            got = main
            break
    if got is None:
        lo, hi = 1, len(text)          # the longest start of it that fits with …
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(text[:mid].rstrip("，、：；—（《“ ") + "…"):
                lo = mid
            else:
                hi = mid - 1
        got = text[:lo].rstrip("，、：；—（《“ ") + "…"
    where = a.title_pos or a.pos
    warnings.append(Problem(where, f"the {'short_title' if a.short_title else 'title'} is too long for "
                            f"the running head of the article's pages; it reads “{got}”",
                            "give the article a shorter short_title: in its front matter (the running "
                            "head's own title)", "warning"))
    return got


def opens_at_top(br, spec: PageSpec) -> bool:
    """An article's title is the first thing on the page (with the style's
    `page.no_head: top`, only such a page has no running head, as a chapter opening
    has none; a page where an article opens below the end of another keeps it)."""
    b = _first_box(br, spec)
    return b is not None and b.opens is not None


def boxes_article(br, spec: PageSpec) -> int | None:
    b = _first_box(br, spec)
    return b.article if b is not None and b.article >= 0 else None


def _first_box(br, spec: PageSpec):
    """The box a page begins with (a float carried to its top, else its first box)."""
    k = spec.pend if spec.pend >= 0 else spec.s
    return br.boxes[k] if k < len(br.boxes) else None


def _round(n: int) -> int:
    step = 10 if n < 200 else 50 if n < 2000 else 100
    return max(step, int(round(n / step)) * step)


def _name(issue: m.Issue) -> str:
    return getattr(issue, "key", None) or "the issue"


def _summarise(plan: P.PagePlan, brks, specs, vl) -> None:
    L = plan.lines_per_page
    flexed = []
    slack = 0
    for n, spec in enumerate(specs, start=1):
        for pi, d in spec.paras.items():
            how = "one line looser" if d > 0 else "one line tighter"
            if d < 0 and vl.paras[pi].variant(d)[2]:
                how += ", closed up (紧排)"
            flexed.append(f"p{n}: a paragraph set {how}")
        g = sum(v for k, v in spec.glue.items() if k >= 0)
        smaller = -sum(v for k, v in spec.glue.items() if k < 0)
        if smaller:
            flexed.append(f"p{n}: a figure set {smaller} line(s) smaller")
        if g:
            flexed.append(f"p{n}: space {'+' if g > 0 else ''}{g} line(s)")
        if spec.defer >= 0:
            flexed.append(f"p{n}: a float moved to the top of page {n + 1}")
        if spec.short and not spec.back:
            slack += spec.short
            if spec.ends_article:
                flexed.append(f"p{n}: {spec.short} line(s) left after an article end")
            else:
                flexed.append(f"p{n}: SHORT by {spec.short} line(s): the keep rules left no other choice")
                plan.warnings.append(Problem(
                    None, f"page {n} ends {spec.short} line(s) short of the text block's foot while "
                    "the article goes on: its headings, tables and figures left no other break",
                    "shorten or lengthen the text on that page by a few lines, or move a table or "
                    "figure", severity="warning"))
        if 1 < n < len(specs) and not spec.back_only and spec.used * 3 < L:
            plan.warnings.append(Problem(
                None, f"page {n} is less than a third full ({spec.used} of {L} lines): no other "
                "layout reaches the page count", "add or cut a few paragraphs in the articles "
                "around it, or give the issue fewer pages", severity="warning"))
    plan.flexed = flexed
    arts = ", ".join(f"{a.index + 1}: p{a.first_page}" + (f"–{a.last_page}" if a.last_page != a.first_page else "")
                     for a in plan.articles)
    natural = (f"natural {brks.natural} page(s)" if brks.natural != brks.target
               else "its natural length")
    plan.summary = [f"page plan: {len(plan.pages)} pages ({natural}); articles {arts}",
                    f"  {slack} line(s) of slack on article-end pages; {len(flexed)} flex(es)"
                    + (f", {closed} paragraph(s) closed up (紧排)" if (closed := sum("紧排" in f for f in flexed))
                       else "")]
    # what was flexed, a line a page: "  p3: a paragraph set one line tighter; space +1 line(s)"
    by_page: dict[str, list[str]] = {}
    for f in flexed:
        page, what = f.split(": ", 1)
        by_page.setdefault(page, []).append(what)
    plan.summary += [f"  {page}: " + "; ".join(whats) for page, whats in by_page.items()]
