"""The table of contents: title, author(s), dot leaders and the start page.

The page numbers are known only once the page engine has planned the issue
(typeset/pages.py); the entry reserves the same width whatever the number, so
the numbers never move the layout: one pass.  `plan_items` gives the entry as
page-plan data.
"""
from __future__ import annotations

from ..model import Article, Run
from ..model.style import Style, TextStyle
from .flowable import Flowable
from .fonts import FontSet


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

    def plan_items(self, x: float, y: float) -> list:
        """The entry as page-plan items with its box's foot at (x, y): the title lines,
        dot leaders on a fixed pitch (so the dots of all entries line up), the
        author(s) and the page number flush right, and a link to the article."""
        from . import plan as P
        from .placed import baseline, label_item, text_item
        st, role = self.style, self.role
        size, pitch = role.size, st.pitch
        color = st.color(role.color)
        base = baseline(y + self.height_, pitch, size)
        out: list = [text_item(ln, x, base - i * pitch, color) for i, ln in enumerate(self.lines)]
        yl = base - (len(self.lines) - 1) * pitch
        title_end = (self.lines[-1].right if self.lines else 0.0) + size * 0.5
        right = x + self.width_
        num = "" if self.page is None else str(self.page)
        for text, r, at in ((num, role, right),
                            (authors_text(self.article), self.author_role, right - self.num_w - size * 0.5)):
            item, _ = label_item(self.fonts, st, text, r, at, yl, "right")
            if item is not None:
                out.append(item)
        lead_end = self.width_ - self.num_w - size * 0.5 - self.author_w - size * 0.5
        step = size * 0.5
        face = self.fonts.face(role.font)
        dots, dx = [], (int(title_end / step) + 1) * step
        while dx + step <= lead_end:
            dots.append(dx)
            dx += step
        if dots:
            out.append(P.TextLine(x, yl, "." * len(dots), dots, [(0, len(dots), face)], size, color,
                                  tracking=step - face.advance(".") * size))
        out.append(P.Link((x, y, x + self.width_, y + self.height_), article_key(self.index)))
        return out
