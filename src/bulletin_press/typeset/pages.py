"""Page templates: the front page and the body pages with header and folio.

The decorations (running header, folio, crop marks for print) are drawn when
a page ends, so the header can name the article that the page carries.
"""
from __future__ import annotations

from reportlab.platypus import Frame, PageTemplate

from ..model.style import Style
from ..render.color import stroke
from .fonts import FontSet
from .geometry import Geometry
from .labels import draw_label


class PageState:
    """What the page decorations need to know while the story is drawn."""

    def __init__(self):
        self.article_at_top: str | None = None   # article running at page start
        self.current: str | None = None          # article most recently started
        self.started_at_top: str | None = None   # article whose title opens this page
        self.article_pages: dict[int, int] = {}  # article index -> first page
        self.blank = False                       # this page is a padding page
        self.last_content_page: int | None = None
        self.back_page: int | None = None

    def article_started(self, index: int, title: str, page: int, at_top: bool) -> None:
        self.article_pages.setdefault(index, page)
        if at_top:
            self.started_at_top = title
        self.current = title

    def header_title(self) -> str | None:
        return self.started_at_top or self.article_at_top or self.current

    def next_page(self) -> None:
        self.article_at_top = self.current
        self.started_at_top = None
        self.blank = False


def _frame(geo: Geometry, page_number_parity: int, fid: str) -> Frame:
    return Frame(geo.left(page_number_parity), geo.block_bottom, geo.text_w, geo.text_h,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=fid)


def templates(style: Style, fonts: FontSet, geo: Geometry, state: PageState,
              running_title: str, marks=None) -> list[PageTemplate]:
    """Templates 'front', 'odd' and 'even'. `marks(canvas, geo)` draws print marks."""

    def boxes(canv):
        if geo.offset:
            canv.setTrimBox(geo.trim_box)
            canv.setBleedBox(geo.bleed_box)

    def front_start(canv, doc):
        boxes(canv)

    def front_end(canv, doc):
        if marks:
            marks(canv, geo)
        state.next_page()

    def body_start(canv, doc):
        boxes(canv)

    def body_end(canv, doc):
        page = canv.getPageNumber()
        if state.blank:
            if marks:
                marks(canv, geo)
            state.next_page()
            return
        _draw_header(canv, style, fonts, geo, page, running_title, state.header_title())
        _draw_folio(canv, style, fonts, geo, page)
        if marks:
            marks(canv, geo)
        state.next_page()

    return [
        PageTemplate("front", [_frame(geo, 1, "front")], onPage=front_start, onPageEnd=front_end),
        PageTemplate("odd", [_frame(geo, 1, "odd")], onPage=body_start, onPageEnd=body_end),
        PageTemplate("even", [_frame(geo, 2, "even")], onPage=body_start, onPageEnd=body_end),
    ]


def _draw_header(canv, style: Style, fonts: FontSet, geo: Geometry, page: int,
                 running_title: str, article: str | None) -> None:
    role = style.text["header"]
    left = geo.left(page)
    right = left + geo.text_w
    base = geo.block_top + style.pitch * 0.75
    # verso (even) pages carry the bulletin and issue, recto pages the article
    text = running_title if page % 2 == 0 or not article else article
    align = "left" if page % 2 == 0 else "right"
    draw_label(canv, fonts, style, text, role, left if align == "left" else right, base, align)
    canv.saveState()
    stroke(canv, style.color(role.color))
    canv.setLineWidth(0.5)
    rule_y = base - role.size * 0.45
    canv.line(left, rule_y, right, rule_y)
    canv.restoreState()


def _draw_folio(canv, style: Style, fonts: FontSet, geo: Geometry, page: int) -> None:
    """The page number centred under the text block between two short rules: — 3 —."""
    role = style.text["folio"]
    cx = geo.left(page) + geo.text_w / 2
    base = geo.block_bottom - style.pitch * 1.5
    w = draw_label(canv, fonts, style, str(page), role, cx, base, "center")
    gap, dash = role.size * 0.5, role.size * 0.9
    y = base + role.size * 0.33
    canv.saveState()
    stroke(canv, style.color(role.color))
    canv.setLineWidth(0.5)
    canv.line(cx - w / 2 - gap - dash, y, cx - w / 2 - gap, y)
    canv.line(cx + w / 2 + gap, y, cx + w / 2 + gap + dash, y)
    canv.restoreState()
