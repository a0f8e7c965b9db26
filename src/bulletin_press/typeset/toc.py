"""The table of contents: title, author(s), dot leaders and the start page.

Page numbers come from the previous layout pass (see render/pdf.py); the entry
reserves the same width whatever the number, so the numbers never move the
layout and the passes converge.
"""
from __future__ import annotations

from reportlab.platypus import Flowable

from ..model import Article, Run
from ..model.style import Style, TextStyle
from ..render.color import fill
from ..render.text import draw_lines
from .fonts import FontSet
from .labels import draw_label


def article_key(index: int) -> str:
    return f"article-{index + 1}"


def authors_text(article: Article) -> str:
    return "　".join(article.authors)


class TocEntry(Flowable):
    def __init__(self, index: int, article: Article, page: int | None, style: Style,
                 fonts: FontSet, *, link: bool):
        super().__init__()
        self.index, self.article, self.page = index, article, page
        self.style, self.fonts, self.link = style, fonts, link
        self.role: TextStyle = style.text["toc"]
        self.author_role = TextStyle(font=style.text["byline"].font, size=self.role.size)

    def _title_lines(self, width: float):
        """The title set by the paragraph engine, ragged right (breaks obey 禁则);
        every line starts flush, an opening “ or 《 set half width (行首标点半角)."""
        from .paragraph import layout_paragraph
        return layout_paragraph([Run(self.article.title)], self.role, self.style, self.fonts,
                                width, 0.0, align="left", start_half=True)

    def wrap(self, availW, availH):
        self.width_ = availW
        size = self.role.size
        self.num_w = size * 2.0
        self.author_w = self.fonts.face(self.author_role.font).width(authors_text(self.article), size)
        self.title_w = availW - self.num_w - self.author_w - size * 3
        self.lines = self._title_lines(self.title_w)
        self.height_ = len(self.lines) * self.style.pitch
        return availW, self.height_

    def draw(self):
        canv, st, role = self.canv, self.style, self.role
        size, pitch = role.size, st.pitch
        base = self.height_ - (pitch + size) / 2 + 0.12 * size
        canv.saveState()
        fill(canv, st.color(role.color))
        draw_lines(canv, 0, [base - i * pitch for i in range(len(self.lines))], self.lines)
        canv.restoreState()
        y = base - (len(self.lines) - 1) * pitch
        title_end = (self.lines[-1].right if self.lines else 0.0) + size * 0.5
        num = "" if self.page is None else str(self.page)
        right = self.width_
        draw_label(canv, self.fonts, st, num, role, right, y, "right")
        author_x = right - self.num_w - size * 0.5
        draw_label(canv, self.fonts, st, authors_text(self.article), self.author_role, author_x, y, "right")
        lead_end = author_x - self.author_w - size * 0.5
        # dot leaders on a fixed pitch so the dots of all entries line up
        step = size * 0.5
        x = (int(title_end / step) + 1) * step
        canv.saveState()
        fill(canv, st.color(role.color))
        canv.setFont(self.fonts.face(role.font).name, size)
        dots = []
        while x + step <= lead_end:
            dots.append(x)
            x += step
        if dots:
            t = canv.beginText(dots[0], y)
            t.setCharSpace(step - self.fonts.face(role.font).advance(".") * size)
            t.textOut("." * len(dots))
            canv.drawText(t)
        canv.restoreState()
        if self.link:
            canv.linkRect("", article_key(self.index), (0, 0, self.width_, self.height_), relative=1)
