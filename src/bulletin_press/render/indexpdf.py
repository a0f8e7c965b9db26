"""Draw the 年度总目录 (typeset/yearindex.py) into a PDF: the issue's trim size and text
block, a folio on each page; fonts embedded as in the issues (render/cidfont.py)."""
from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..model.style import Style
from ..typeset.fonts import FontSet
from ..typeset.geometry import Geometry
from ..typeset.placed import items_of, label_item
from .pdf import draw_items


class PlatypusBlock(Flowable):
    """A typeset block poured into the platypus document: measured and split by the
    block itself, drawn here from its page-plan items."""

    def __init__(self, block):
        super().__init__()
        self.block = block

    def _frame_to_block(self):
        self.block._frame = getattr(self, "_frame", None)   # a heading at a column top

    def wrap(self, aW, aH):
        self._frame_to_block()
        self.width, self.height = self.block.wrap(aW, aH)
        return self.width, self.height

    def split(self, aW, aH):
        self._frame_to_block()
        return [type(self)(part) for part in self.block.split(aW, aH)]

    def getKeepWithNext(self):
        return self.block.getKeepWithNext()

    def getSpaceBefore(self):
        return self.block.getSpaceBefore()

    def getSpaceAfter(self):
        return self.block.getSpaceAfter()

    def draw(self):
        draw_items(self.canv, items_of(self.block, 0.0, 0.0))


def render_index(story, style: Style, fonts: FontSet, title: str, author: str) -> bytes:
    geo = Geometry.for_style(style)
    buf = io.BytesIO()

    def folio(canv, doc):
        page = canv.getPageNumber()
        x = geo.left(page) + geo.text_w / 2
        item, _ = label_item(fonts, style, str(page), style.text["folio"], x,
                             geo.block_bottom - style.pitch * 1.5, "center")
        draw_items(canv, [item])

    frames = {p: Frame(geo.left(p), geo.block_bottom, geo.text_w, geo.text_h, leftPadding=0,
                       rightPadding=0, topPadding=0, bottomPadding=0, id=f"f{p}") for p in (1, 2)}
    doc = BaseDocTemplate(
        buf, pagesize=geo.media, title=title, author=author, subject=title, creator="bulletin-press",
        producer="bulletin-press (reportlab)", invariant=1, pageCompression=1, lang="zh-CN",
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
        initialFontName=fonts.face(style.body.font).name, initialFontSize=style.body.size,
        pageTemplates=[PageTemplate("odd", [frames[1]], onPageEnd=folio, autoNextPageTemplate="even"),
                       PageTemplate("even", [frames[2]], onPageEnd=folio, autoNextPageTemplate="odd")])
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build([PlatypusBlock(block) for block in story])
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()
