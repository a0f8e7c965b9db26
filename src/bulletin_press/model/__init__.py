"""The issue as plain data: what the editors wrote, with no layout in it.

The source stage builds these; the typeset stage reads them. Every block keeps
the place it came from (`Pos`) so later stages can still name file and line.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Pos:
    """Where something stands in the sources: file, and line/column from 1."""

    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.col is not None:
                out += f":{self.col}"
        return out


# ---------------------------------------------------------------- inline runs

@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of inline attributes.

    `text` never contains a newline except for a hard line break, which is a
    run whose text is exactly "\\n".
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    note: int | None = None  # a footnote reference: its number; `text` is its mark (①)


# ---------------------------------------------------------------- blocks

@dataclass
class Paragraph:
    """A paragraph of body text: its inline runs, where it starts in the source."""
    runs: list[Run]
    pos: Pos
    # True when the paragraph opens with a bold sentence (a run-in heading).
    run_in: bool = False
    # True when the first line is set flush left (顶格): no first-line indent.
    flush: bool = False


@dataclass
class Heading:
    """A section heading (## to ####) inside an article."""
    level: int  # 1, 2, 3 for Markdown ##, ###, ####
    runs: list[Run]
    pos: Pos


@dataclass
class ListBlock:
    """A bulleted or numbered list; each item a list of blocks (a nested list among them)."""
    ordered: bool
    start: int
    items: list[list["Block"]]
    pos: Pos


@dataclass
class Quote:
    """A block quotation (> …): the blocks inside it."""
    blocks: list["Block"]
    pos: Pos


@dataclass
class Figure:
    """A picture (![caption](images/x.jpg)) with its caption."""
    path: Path  # absolute, inside the issue folder
    caption: list[Run]
    pos: Pos
    width: float | None = None   # share of the text width asked for (![…](x.png "40%")), 0–1


@dataclass
class Cell:
    """One table cell: its text and how many columns and rows it spans."""
    runs: list[Run]
    cols: int = 1
    rows: int = 1


@dataclass
class Table:
    """A table (Markdown pipes or a ```table block): caption, header rows, body rows, note."""
    caption: list[Run] | None
    header: list[list[Cell]]
    rows: list[list[Cell]]
    pos: Pos
    note: list[Run] | None = None
    align: list[str] | None = None  # per column: left | center | right | decimal
    widths: list[float] | None = None  # relative widths per column


@dataclass
class Chart:
    """A chart drawn from the numbers of a ```chart block."""
    type: str  # line | bar | column
    x: list[str]
    series: list[tuple[str, list[float]]]
    pos: Pos
    caption: list[Run] | None = None
    unit: str | None = None
    note: list[Run] | None = None
    y_min: float | None = None
    y_max: float | None = None


@dataclass
class Rule:
    """A horizontal rule (---) between blocks."""
    pos: Pos


Block = Union[Paragraph, Heading, ListBlock, Quote, Figure, Table, Chart, Rule]


# ---------------------------------------------------------------- footnotes

@dataclass
class Footnote:
    """A Markdown footnote `[^label]: …`, numbered in order of first reference."""

    number: int
    label: str
    blocks: list[Block]  # paragraphs
    pos: Pos


def note_mark(number: int) -> str:
    """The printed mark of footnote `number`: ① … ⑳, then 〔21〕 …"""
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"〔{number}〕"


# ---------------------------------------------------------------- documents

@dataclass
class Article:
    """One article of the issue: title, authors, blocks, footnotes."""
    file: Path
    title: str
    authors: list[str]
    blocks: list[Block]
    pos: Pos
    affiliation: str | None = None
    affiliation_at: str = "end"  # end | byline
    notes: list[Footnote] = field(default_factory=list)  # printed at the end of the article
    # where the editor forced a line break in the title (offsets into title)
    title_breaks: tuple[int, ...] = ()
    title_pos: Pos | None = None     # where `title:` stands in the front matter
    byline_pos: Pos | None = None    # where `author:` stands
    short_title: str | None = None   # the running head's title, when the title is too long for it


@dataclass
class Note:
    """The editor's note (编者按) on the front page."""
    title: str
    blocks: list[Block]
    pos: Pos


@dataclass
class Back:
    """The 报尾 block closing the last page."""

    qr: str | None = None          # text to encode
    qr_image: Path | None = None   # or an image to place
    qr_caption: str | None = None
    editor_in_chief: str | None = None
    reviewers: list[str] = field(default_factory=list)
    submitted_to: str | None = None
    distributed_to: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class Publication:
    """What every issue shares (issues/publication.yaml): title, 刊号, sponsors, style, 报尾."""
    title: str
    title_latin: str | None
    registration: str | None
    edition: str | None
    sponsors: list[str]
    tagline: list[str]
    style: str
    back: dict  # raw keys, merged with the issue's overrides into Back


@dataclass
class Issue:
    """One issue as read from issues/KEY/: its numbers, front page, articles and 报尾."""
    folder: Path
    key: str  # "2025-04"
    year: int
    number: int
    serial: int | None
    date: _dt.date
    theme: str | None
    theme_part: str | None
    note: Note | None
    articles: list[Article]
    back: Back
    style: str
    publication: Publication
    # where the editor forced a line break in the theme (offsets into theme)
    theme_breaks: tuple[int, ...] = ()
    theme_pos: Pos | None = None     # where `theme:` stands in issue.yaml


def walk_blocks(blocks):
    """`blocks` and, after each list or quote, the blocks inside it, in reading order."""
    for b in blocks:
        yield b
        if isinstance(b, ListBlock):
            for item in b.items:
                yield from walk_blocks(item)
        elif isinstance(b, Quote):
            yield from walk_blocks(b.blocks)


def issue_blocks(issue: "Issue"):
    """Every block of the issue: the editor's note's, then each article's (walk_blocks)."""
    if issue.note:
        yield from walk_blocks(issue.note.blocks)
    for a in issue.articles:
        yield from walk_blocks(a.blocks)
