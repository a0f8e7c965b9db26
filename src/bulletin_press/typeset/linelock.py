"""Locked line breaks: an archived issue keeps the lines it was printed with.

A `LineBook` is the typeset stage's side of an issue's print.lock.  For each
paragraph of a source file whose text is unchanged since the lock it holds the
source offsets where the paragraph's lines start; `text_factory` hands them to
the paragraph (and so to `layout_paragraph`), which sets those lines instead of
choosing breaks afresh.  Each paragraph drawn also tells the book the page and
the line starts it drew, which is what `bulletin-press lock` writes down.

A paragraph is known by `ParaKey`: its source file (as messages show it), its
place among the texts of that file (0 = the article's title, then headings,
paragraphs and list items in order) and a digest of its text, so a changed
paragraph never takes another's lines.

The pipeline makes a book active around one build (`using(book)`); without
one, nothing is locked and nothing is recorded.

The contract with what sets the lines (typeset/story.py): key each text of the
story with a `Keyer` (in story order, afresh for each story built), pass
`book.starts(key)` to `layout_paragraph(..., starts=…)` and set nothing else for
a locked text (no looser or tighter variant); `record_plan` then tells the book
what the page plan prints, a record per text and page.
"""
from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParaKey:
    """A paragraph as the lock knows it: its file, its place there, a digest of its text."""
    file: str      # e.g. issues/2025-04/01-zhici.md
    block: int     # place among the texts of that file
    digest: str    # of the paragraph's text


@dataclass(frozen=True)
class Drawn:
    """One paragraph (or the part of one on a page) as drawn."""
    page: int
    key: ParaKey
    starts: tuple[int, ...]   # source offsets where its lines start, in the whole paragraph
    line: int | None = None   # the source line the paragraph starts on


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class LineBook:
    """An issue's locked line starts, and what the last document drew (for the lock file)."""
    # file -> {(block, digest): line starts}; only files whose text is unchanged
    locked: dict[str, dict[tuple[int, str], tuple[int, ...]]] = field(default_factory=dict)
    drawn: list[Drawn] = field(default_factory=list)   # of the last document drawn
    missed: set[ParaKey] = field(default_factory=set)  # locked, but the engine could not keep them
    # page -> (article, block, line) where the engine began the page, when it says so
    page_breaks: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    def starts(self, key: ParaKey) -> tuple[int, ...] | None:
        by_file = self.locked.get(key.file)
        return by_file.get((key.block, key.digest)) if by_file else None

    def begin(self) -> None:
        """A new document is being made: what it prints replaces the record."""
        self.drawn = []
        self.page_breaks = {}

    def add(self, page: int, key: ParaKey, starts, line: int | None = None) -> None:
        self.drawn.append(Drawn(page, key, tuple(starts), line))


def record_plan(book: LineBook, plan) -> None:
    """What a page plan prints, for an engine that plans pages before drawing: each
    page's text items that carry `src = (ParaKey, the line's source offset, source
    line)`, grouped into one record per text and page, and where each page begins
    (`starts_at`: article, block, line)."""
    book.begin()
    for page in plan.pages:
        at = getattr(page, "starts_at", None)
        if at is not None:
            book.page_breaks[page.number] = (at.article, at.block, at.line)
        run_key, run_line, starts = None, None, []
        for item in page.items:
            src = getattr(item, "src", None)
            if src is None:
                continue
            key, start, line = src
            if key != run_key and starts:
                book.add(page.number, run_key, starts, run_line)
                starts = []
            run_key, run_line = key, line
            starts.append(start)
        if starts:
            book.add(page.number, run_key, starts, run_line)


class Keyer:
    """Keys for the texts of one story, in story order: (file, n-th text of that file, digest)."""

    def __init__(self):
        self.placed: dict[str, int] = {}

    def key(self, file: str, runs) -> ParaKey:
        n = self.placed.get(file, 0)
        self.placed[file] = n + 1
        return ParaKey(file, n, text_digest("".join(r.text for r in runs)))


_ACTIVE: ContextVar[LineBook | None] = ContextVar("bulletin_press_line_book", default=None)


def current() -> LineBook | None:
    return _ACTIVE.get()


@contextlib.contextmanager
def using(book: LineBook | None):
    token = _ACTIVE.set(book)
    try:
        yield book
    finally:
        _ACTIVE.reset(token)
