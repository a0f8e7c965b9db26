"""Draw the 年度总目录 (typeset/yearindex.py) into a PDF: the issue's trim size and text
block, a folio on each page; fonts embedded as in the issues (render/cidfont.py)."""
from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..model.style import Style
from ..typeset.fonts import FontSet
from ..typeset.geometry import Geometry
from ..typeset.labels import draw_label


def render_index(story, style: Style, fonts: FontSet, title: str, author: str) -> bytes:
    geo = Geometry.for_style(style)
    buf = io.BytesIO()

    def folio(canv, doc):
        page = canv.getPageNumber()
        x = geo.left(page) + geo.text_w / 2
        draw_label(canv, fonts, style, str(page), style.text["folio"], x,
                   geo.block_bottom - style.pitch * 1.5, "center")

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
        doc.build(story)
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()
