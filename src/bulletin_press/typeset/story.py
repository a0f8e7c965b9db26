"""The story: an Issue turned into the flowables platypus lays out, in order.

Front page (masthead, headline, editor's note, TOC) → articles → 报尾.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from .. import model as m
from ..errors import Problem
from ..model.style import Style, TextStyle
from .back import BackBlock
from .fonts import FontSet
from .masthead import Masthead
from .notes import article_notes
from .pages import PageState
from .text import broken_runs, text_factory
from .toc import TocEntry, article_key


@dataclass
class StoryOptions:
    pages: dict[int, int] = field(default_factory=dict)  # article index -> page, last pass
    links: bool = True          # TOC links (screen PDF)
    cmyk: bool = False          # print PDF: CMYK images and charts
    back_own_page: bool = False  # the 报尾 on a page of its own (page count padding) …
    blank_pages: int = 0         # … after this many blank pages


class ArticleStart(Flowable):
    """The article's title, wrapped: when it is drawn, the page it lands on is
    recorded (for the TOC and the running header), bookmarked and outlined."""

    def __init__(self, index: int, title: str, state: PageState, inner: Flowable):
        super().__init__()
        self.index, self.title, self.state, self.inner = index, title, state, inner

    def wrap(self, availW, availH):
        frame = getattr(self, "_frame", None)
        self.at_top = bool(frame is not None and frame._atTop)
        self.width, self.height = self.inner.wrap(availW, availH)
        return self.width, self.height

    def split(self, availW, availH):
        return []

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def draw(self):
        canv = self.canv
        key = article_key(self.index)
        page = canv.getPageNumber()
        self.state.article_started(self.index, self.title, page, self.at_top)
        canv.bookmarkPage(key)
        canv.addOutlineEntry(self.title, key, level=0)
        self.inner.drawOn(canv, 0, 0)


class KeepWithNext(Flowable):
    """A heading (or title) and what follows it, kept together on one page.

    The pair splits only inside `rest`, whose own split leaves at least two
    lines before the break: so a heading always has two lines under it, and a
    page never ends with a heading.  When `rest` cannot split there, the pair
    moves whole to the next frame.
    """

    def __init__(self, first: Flowable, rest: Flowable):
        super().__init__()
        self.first, self.rest = first, rest

    def _share_frame(self):
        frame = getattr(self, "_frame", None)
        if frame is not None:
            self.first._frame = frame
        return frame

    def wrap(self, availW, availH):
        self._share_frame()
        _, self.h1 = self.first.wrap(availW, availH)
        _, self.h2 = self.rest.wrap(availW, max(availH - self.h1, 0))
        self.width, self.height = availW, self.h1 + self.h2
        return self.width, self.height

    def split(self, availW, availH):
        frame = self._share_frame()
        _, h1 = self.first.wrap(availW, availH)
        if h1 < availH:
            parts = self.rest.split(availW, availH - h1)
            if parts:
                return [self.first, *parts]
        if frame is not None and frame._atTop:
            return [self.first, self.rest]   # bigger than a page: let the parts find their way
        return []

    def getSpaceBefore(self):
        return self.first.getSpaceBefore()

    def getSpaceAfter(self):
        return self.rest.getSpaceAfter()

    def draw(self):
        self.first.drawOn(self.canv, 0, self.h2)
        self.rest.drawOn(self.canv, 0, 0)


def keep_headings(flowables: list[Flowable], headings: set[int]) -> list[Flowable]:
    """Join each heading (by id) with the flowable after it, from the last one back,
    so that a run of headings stays with the text under them."""
    out: list[Flowable] = []
    for f in reversed(flowables):
        if id(f) in headings and out:
            nxt = out.pop()
            joined = KeepWithNext(f, nxt)
            headings.add(id(joined))
            out.append(joined)
        else:
            out.append(f)
    out.reverse()
    return out


class OutlineMark(Flowable):
    def __init__(self, key: str, title: str):
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, availW, availH):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class StateMark(Flowable):
    """A zero-height marker that tells the page state something when it is drawn."""

    def __init__(self, state: PageState, note):
        super().__init__()
        self.state, self.note = state, note   # note(state, canvas)

    def wrap(self, availW, availH):
        return 0, 0

    def draw(self):
        self.note(self.state, self.canv)


def Blank(state: PageState) -> StateMark:
    """An empty page's only content: no header or folio is drawn on its page."""
    return StateMark(state, lambda st, canv: setattr(st, "blank", True))


def LastContent(state: PageState) -> StateMark:
    """After the last article: records the page it ends on."""
    return StateMark(state, lambda st, canv: setattr(st, "last_content_page", canv.getPageNumber()))


class HRule(Flowable):
    def __init__(self, style: Style, width_frac: float = 1.0, thickness: float = 0.6,
                 color: str = "rule", height_pitches: float = 1.0):
        super().__init__()
        self.style, self.frac, self.t, self.color = style, width_frac, thickness, color
        self.h = style.pitch * height_pitches

    def wrap(self, availW, availH):
        self.w = availW
        return availW, self.h

    def draw(self):
        from ..render.color import stroke
        c = self.canv
        c.saveState()
        stroke(c, self.style.color(self.color))
        c.setLineWidth(self.t)
        x0 = self.w * (1 - self.frac) / 2
        c.line(x0, self.h / 2, self.w - x0, self.h / 2)
        c.restoreState()


def build_story(issue: m.Issue, style: Style, fonts: FontSet, state: PageState,
                opts: StoryOptions, warnings: list[Problem]) -> list[Flowable]:
    make_text = text_factory(style, fonts)
    b = _Builder(issue, style, fonts, make_text, opts, warnings)
    story: list[Flowable] = []
    story += b.front_page(state)
    for i, article in enumerate(issue.articles):
        story += b.article(i, article, state)
    story += b.back(state)
    return story


class _Builder:
    def __init__(self, issue, style, fonts, make_text, opts, warnings):
        self.issue, self.style, self.fonts = issue, style, fonts
        self.make_text, self.opts, self.warnings = make_text, opts, warnings
        self.T = style.text
        self.table_no = 0
        self.heads: set[int] = set()   # ids of heading flowables, kept with what follows

    # ------------------------------------------------------------ front page
    def front_page(self, state: PageState) -> list[Flowable]:
        issue, T = self.issue, self.T
        out: list[Flowable] = [OutlineMark("front", "报头与目录"), Masthead(issue, self.style, self.fonts)]
        if issue.theme:
            theme = issue.theme + (f"（{issue.theme_part}）" if issue.theme_part else "")
            out.append(self.make_text(broken_runs(theme, issue.theme_breaks), T["theme"]))
        if issue.note:
            out.append(HRule(self.style, thickness=0.8, height_pitches=0.5))
            note_title = self.make_text([m.Run("●" + issue.note.title)], T["note_title"])
            self.heads.add(id(note_title))
            out += keep_headings([note_title] + self.blocks(issue.note.blocks, body=T["note"]), self.heads)
            out.append(HRule(self.style, thickness=0.8, height_pitches=0.5))
        if issue.articles:
            out.append(self.make_text([m.Run("本期目录")], T["toc_title"], keep_lines_after=1))
            for i, a in enumerate(issue.articles):
                out.append(TocEntry(i, a, self.opts.pages.get(i), self.style, self.fonts,
                                    link=self.opts.links))
        out += [NextPageTemplate(["even", "odd"]), PageBreak()]
        return out

    # ------------------------------------------------------------ articles
    def article(self, index: int, a: m.Article, state: PageState) -> list[Flowable]:
        T = self.T
        byline = None
        names = "　".join(a.authors)
        if a.affiliation_at == "byline" and a.affiliation:
            byline = f"{a.affiliation}　{names}"
        elif names:
            byline = names
        title = self.make_text(broken_runs(a.title, a.title_breaks), T["title"], source=a.pos)
        out: list[Flowable] = [ArticleStart(index, a.title, state, title)]
        heads = {id(out[0])}
        if byline:
            out.append(self.make_text([m.Run(byline)], T["byline"]))
            heads.add(id(out[-1]))
        body = self.blocks(a.blocks)
        heads |= self.heads
        out = keep_headings(out + body, heads)
        if a.affiliation_at != "byline" and a.affiliation:
            out.append(self.make_text([m.Run(f"（作者：{a.affiliation}）")], T["author_end"]))
        out += article_notes(a, T, self.make_text)
        return out

    # ------------------------------------------------------------ blocks
    def blocks(self, blocks: list[m.Block], body: TextStyle | None = None) -> list[Flowable]:
        """Flowables for blocks; headings among them are noted in self.heads."""
        out: list[Flowable] = []
        for blk in blocks:
            out += self.block(blk, body or self.T["body"])
        return out

    def block(self, blk: m.Block, body: TextStyle) -> list[Flowable]:
        T, style, fonts = self.T, self.style, self.fonts
        if isinstance(blk, m.Paragraph):
            return [self.make_text(blk.runs, body, source=blk.pos, first_indent=0 if blk.flush else None)]
        if isinstance(blk, m.Heading):
            role = T[f"h{min(blk.level, 3)}"]
            head = self.make_text(blk.runs, role, source=blk.pos)
            self.heads.add(id(head))
            return [head]
        if isinstance(blk, m.ListBlock):
            out = []
            for n, item in enumerate(blk.items):
                marker = f"{blk.start + n}. " if blk.ordered else "● "
                first = True
                for sub in item:
                    if first and isinstance(sub, m.Paragraph):
                        runs = [m.Run(marker)] + sub.runs
                        out.append(self.make_text(runs, T.get("list", body), source=sub.pos,
                                                  first_indent=0 if sub.flush else None))
                    else:
                        out += self.block(sub, body)
                    first = False
            return out
        if isinstance(blk, m.Quote):
            return self.blocks(blk.blocks, body=T.get("quote", body))
        if isinstance(blk, m.Rule):
            return [HRule(style, width_frac=0.3, thickness=0.5)]
        if isinstance(blk, m.Table):
            from .table import build_table
            self.table_no += 1
            return build_table(blk, style, fonts, style.text_width, self._cell_text,
                               number=self.table_no)
        if isinstance(blk, m.Chart):
            from .chart import build_chart
            return [build_chart(blk, style, fonts, style.text_width, cmyk=self.opts.cmyk,
                                make_text=self._cell_text)]
        if isinstance(blk, m.Figure):
            from .figure import build_figure
            return build_figure(blk, style, fonts, style.text_width, self._cell_text,
                                cmyk=self.opts.cmyk, warnings=self.warnings)
        raise TypeError(f"unknown block {blk!r}")

    def _cell_text(self, runs, role, width=None):
        return self.make_text(runs, role, first_indent=0)

    # ------------------------------------------------------------ 报尾
    def back(self, state: PageState) -> list[Flowable]:
        out: list[Flowable] = [LastContent(state)]
        if self.opts.back_own_page:
            out.append(PageBreak())
            for _ in range(self.opts.blank_pages):
                out += [Blank(state), PageBreak()]
        qr = None
        back = self.issue.back
        if back.qr or back.qr_image:
            from .qr import qr_drawing, qr_image
            size = 4 * self.style.pitch
            color = self.style.color("black")
            qr = qr_image(back.qr_image, size) if back.qr_image else qr_drawing(back.qr, size, color)
        out.append(OutlineMark("back", "报尾"))
        out.append(BackBlock(back, self.style, self.fonts, self.make_text, qr, state))
        return out
