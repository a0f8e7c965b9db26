"""The 年度总目录 (a year's table of contents) as flowables, in the house style.

GB/T 13417 practice: grouped by issue — 2025年第3期（总第125期） and its date —
then each article's title, author(s) and the page it starts on, with dot
leaders, set like the issue's own TOC (typeset/toc.py) by the CJK engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as m
from ..model.style import Style
from .flowable import Flowable
from .fonts import FontSet
from .masthead import date_line, issue_line
from .text import text_factory
from .toc import TocEntry


@dataclass
class IndexedIssue:
    issue: m.Issue
    pages: list[int | None] = field(default_factory=list)   # start page of each article


def index_title(publication: m.Publication, year: int) -> str:
    return f"{publication.title} {year}年总目录"


def index_story(year: int, issues: list[IndexedIssue], style: Style, fonts: FontSet) -> list[Flowable]:
    make_text = text_factory(style, fonts)
    T = style.text
    pub = issues[0].issue.publication
    out: list[Flowable] = [make_text([m.Run(f"《{pub.title}》{year}年总目录")], T["title"])]
    head = T.get("h2", T["body"])
    for item in issues:
        iss = item.issue
        line = f"{issue_line(iss)}　{date_line(iss)}"
        out.append(make_text([m.Run(line)], head, first_indent=0, keep_lines_after=1))
        for i, (article, page) in enumerate(zip(iss.articles, item.pages)):
            out.append(TocEntry(i, article, page, style, fonts, link=False))
    return out
