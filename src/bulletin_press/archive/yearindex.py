"""index YEAR: build/YEAR-index.pdf, the 年度总目录 of the year's issues.

Each article's start page comes from its issue's print.lock when the issue is
locked and the article is in the lock; otherwise the issue is built (screen
only, into a throwaway folder) and the pages are read from that build.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos
from ..output.write import write_atomic
from ..source import issue_keys, load_issue
from ..source.lock import read_lock


@dataclass
class IndexResult:
    path: Path
    issues: list[str]
    articles: int
    sources: str                 # "locks", "builds" or "locks and builds"
    pages: dict[str, list[int | None]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def _built_pages(root: Path, key: str) -> dict[int, int]:
    from ..pipeline import build
    with tempfile.TemporaryDirectory(prefix="bulletin-press-") as tmp:
        return build(root, key, Path(tmp), variants=("screen",)).article_pages


def start_pages(root: Path, issue) -> tuple[list[int | None], str]:
    """The page each article of `issue` starts on, and where that was read ("lock" or "build")."""
    lock = read_lock(root, issue.key)
    if lock is not None:
        by_file = {a.file: a.first for a in lock.articles}
        files = [a.file.resolve().relative_to(issue.folder.resolve()).as_posix() for a in issue.articles]
        if all(f in by_file for f in files):
            return [by_file[f] for f in files], "lock"
    built = _built_pages(root, issue.key)
    return [built.get(i) for i in range(len(issue.articles))], "build"


def write_index(root: Path, year: int, out_dir: Path) -> IndexResult:
    from ..render.indexpdf import render_index
    from ..source import load_style
    from ..typeset.fonts import FontSet
    from ..typeset.yearindex import IndexedIssue, index_story, index_title
    root = Path(root)
    keys = [k for k in issue_keys(root) if k.startswith(f"{year:04d}-")]
    if not keys:
        have = sorted({k[:4] for k in issue_keys(root)})
        raise BuildError(Problem(Pos("issues"), f"there is no issue of {year}",
                                 "years in the archive: " + (", ".join(have) if have else "none")))
    items, used = [], set()
    for key in keys:
        issue = load_issue(root, key, [])
        pages, where = start_pages(root, issue)
        used.add(where)
        items.append(IndexedIssue(issue, pages))
    # a new document: set in today's house style (publication.yaml's style)
    pub = items[-1].issue.publication
    style = load_style(root, pub.style)
    fonts = FontSet(style, root / "fonts")
    title = index_title(pub, year)
    data = render_index(index_story(year, items, style, fonts), style, fonts, title, pub.title)
    path = Path(out_dir) / f"{year}-index.pdf"
    write_atomic(path, data)
    sources = " and ".join(s + "s" for s in sorted(used))
    return IndexResult(path, keys, sum(len(i.issue.articles) for i in items), sources,
                       {i.issue.key: i.pages for i in items})
