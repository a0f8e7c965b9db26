"""What was printed of an issue, as plain data: the contents of issues/ISSUE/print.lock.

Written by `bulletin-press lock` (output/lockfile.py), read back by the source
stage (source/lock.py) so later builds keep the printed lines, and compared by
`bulletin-press verify`.  File names are relative to the issue folder for
paragraphs and articles, relative to the project root for `sources`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LOCK_FILE = "print.lock"
STYLE_FILE = "style.lock.yaml"   # the pinned style, a byte-for-byte copy
FORMAT = 1


@dataclass(frozen=True)
class LockedParagraph:
    """A paragraph of a locked issue: where its printed lines start and the pages it is on."""
    file: str                          # e.g. 01-zhici.md (issue.yaml for the editor's note)
    block: int                         # place among the texts of that file (0: the title)
    digest: str                        # of the paragraph's text
    lines: tuple[int, ...]             # source offsets (in the paragraph's text) where lines start
    at: tuple[tuple[int, int], ...]    # (page, first line on it) for each page it is on
    line: int | None = None            # source line it starts on (for messages)


@dataclass(frozen=True)
class LockedArticle:
    """An article of a locked issue and the pages it was printed on."""
    file: str
    title: str
    authors: tuple[str, ...]
    first: int                 # page it starts on
    last: int                  # page it ends on


@dataclass
class PrintLock:
    """issues/KEY/print.lock: what an archived issue was printed from and how."""
    issue: str
    version: str               # bulletin-press that printed it
    pages: int
    blank_pages: int
    style_name: str
    style_sha256: str          # of the pinned copy
    sources: dict[str, str]    # path from the project root -> sha256
    fonts: dict[str, str]      # font file -> sha256
    articles: list[LockedArticle] = field(default_factory=list)
    page_starts: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # page -> (file, block, line)
    # page -> (article, block, line) where the page engine began it (article -1: the front
    # matter; block: the article's block index, -1 its title and byline; line: the n-th line
    # or box of that block), when the engine says so
    page_breaks: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    paragraphs: list[LockedParagraph] = field(default_factory=list)
    serial: int | None = None
    date: str | None = None
