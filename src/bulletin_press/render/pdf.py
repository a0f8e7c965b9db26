"""Lay the story out with reportlab and return the PDF bytes.

The table of contents needs the pages where articles start, which only the
layout knows: the story is laid out, the pages are read back from the layout,
and it is laid out again with them until nothing moves (a TOC entry reserves
the same width whatever its number, so this converges in two passes).  Then,
if the style wants a multiple of 4 pages, blank pages go before a 报尾 page of
its own and the count is checked again.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from .. import model as m
from ..errors import BuildError, Problem, fail
from ..model.style import Style
from ..typeset.fonts import FontSet
from ..typeset.geometry import Geometry
from ..typeset.masthead import issue_line
from ..typeset.pages import PageState, templates
from ..typeset.story import StoryOptions, build_story
from .pdfx import PdfxMarks, mark_pdfx

MAX_PASSES = 4


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    article_pages: dict[int, int]
    blank_pages: int = 0
    warnings: list[Problem] = field(default_factory=list)


def running_title(issue: m.Issue) -> str:
    return f"{issue.publication.title}　{issue_line(issue)}"


def document_title(issue: m.Issue) -> str:
    return f"{issue.publication.title} {issue_line(issue)}"


def _canvas_maker(cmyk: bool, measure: bool = False, pdfx=None):
    class BulletinCanvas(Canvas):
        def __init__(self, *args, **kw):
            if cmyk:
                kw["enforceColorSpace"] = "cmyk"
            super().__init__(*args, **kw)
            self.bp_cmyk = cmyk
            self.bp_measure = measure   # a measuring pass: text is laid out, not written
            self.setPageCompression(1)

        def save(self):
            if pdfx is not None:
                mark_pdfx(self._doc, pdfx)
            super().save()
    return BulletinCanvas


@dataclass
class Plan:
    """What a measuring pass learns: where articles start, how many pages,
    and the padding that makes the count a multiple of the style's number."""

    pages: dict[int, int]
    total: int
    back_own_page: bool = False
    blank_pages: int = 0


def _layout_once(issue, style, fonts, geo, opts, marks, warnings, *, measure=False, pdfx=None):
    state = PageState()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=geo.media,
        pageTemplates=templates(style, fonts, geo, state, running_title(issue), marks),
        title=document_title(issue), subject=issue.theme or "", author=issue.publication.title,
        creator="bulletin-press", producer="bulletin-press (reportlab)",
        keywords=[], invariant=1, pageCompression=1, lang="zh-CN",
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0, displayDocTitle=1,
        # the page preamble selects this font: an embedded face, never Helvetica
        initialFontName=fonts.face(style.body.font).name, initialFontSize=style.body.size)
    if measure:
        doc._doSave = 0
    story = build_story(issue, style, fonts, state, opts, warnings)
    # Streams are Flate-compressed only: ASCII85 on top makes files larger and costs
    # encoding time (a PDF/X file need not be 7-bit clean).
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story, canvasmaker=_canvas_maker(opts.cmyk, measure, pdfx))
    finally:
        rl_config.useA85 = a85
    return (None if measure else buf.getvalue()), doc.page, state


def _geometry(style: Style, variant: str):
    if variant == "print":
        from .marks import MARK_ROOM, draw_crop_marks
        geo = Geometry.for_style(style, print_marks=MARK_ROOM)

        def marks(canv, g):
            draw_crop_marks(canv, g.trim_box, g.bleed)
        return geo, marks
    return Geometry.for_style(style), None


def plan_issue(issue: m.Issue, style: Style, fonts: FontSet, *, pad: bool = True) -> Plan:
    """Measure the issue once (text laid out, nothing written) and decide the padding.

    The TOC reserves the same width whatever its numbers, so the pages measured
    without them are the pages of the final layout; `render_issue` checks that."""
    geo, _ = _geometry(style, "screen")
    opts = StoryOptions()
    _, npages, state = _layout_once(issue, style, fonts, geo, opts, None, [], measure=True)
    plan = Plan(dict(state.article_pages), npages)
    multiple = style.page.multiple_of
    if pad and multiple > 1 and npages % multiple:
        target = -(-npages // multiple) * multiple
        if style.page.pad == "fail":
            raise BuildError(Problem(None,
                f"the issue has {npages} pages, not a multiple of {multiple}: "
                f"{target - npages} page(s) short of {target}",
                "add or cut content, or set page.pad: blank in the style to add blank pages"))
        last = state.last_content_page or npages
        plan.back_own_page, plan.blank_pages, plan.total = True, target - last - 1, target
    return plan


def render_issue(issue: m.Issue, style: Style, fonts: FontSet, *, variant: str = "screen",
                 plan: Plan | None = None, pad: bool = True) -> Rendered:
    """variant: 'screen' (trim-size pages, RGB, links) or 'print' (bleed, marks, CMYK).

    One measuring pass (or a `plan` from another variant), then one real pass.
    The print PDF is written marked as PDF/X-1a (render/pdfx.py)."""
    geo, marks = _geometry(style, variant)
    pdfx = (PdfxMarks(document_title(issue), issue.theme or None, issue.publication.title,
                      issue.date) if variant == "print" else None)
    if plan is None:
        plan = plan_issue(issue, style, fonts, pad=pad)
    opts = StoryOptions(pages=dict(plan.pages), links=(variant == "screen"),
                        cmyk=(variant == "print"), back_own_page=plan.back_own_page,
                        blank_pages=plan.blank_pages)
    for _ in range(MAX_PASSES):
        warnings: list[Problem] = []
        pdf, npages, state = _layout_once(issue, style, fonts, geo, opts, marks, warnings, pdfx=pdfx)
        if state.article_pages == opts.pages:
            break
        opts.pages = dict(state.article_pages)   # the numbers moved the layout: set again
    else:
        raise fail(None, "the table of contents did not settle: page numbers kept moving",
                   "report this as a bug with the issue folder")
    if npages != plan.total:
        raise fail(None, f"the layout gave {npages} pages where {plan.total} were planned",
                   "report this as a bug with the issue folder")
    return Rendered(pdf, npages, dict(state.article_pages), opts.blank_pages, warnings)
