"""What a build of a locked issue honours of its print.lock, asked by the pipeline.

    lock_lines(root, issue, style, warnings)  # the locked line starts of unchanged files
    pages_to_keep(root, issue)                # the locked page starts the page engine keeps
    missed_warnings(key, missed)              # locked paragraphs that could not keep their lines

Writing and verifying locks (archive/locking.py) builds through the pipeline; this
module only reads the sources and the lock, a part of the source stage, so the
pipeline never reaches up into the archive.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..model import Pos
from ..model.lock import LOCK_FILE
from .issuefiles import font_digests, rel, sha256_file, source_digests, style_file
from .lock import read_lock


def _shown(key: str, file: str) -> str:
    return f"issues/{key}/{file}"


def lock_lines(root: Path, issue, style, warnings: list[Problem]) -> dict:
    """For typeset.linelock.LineBook.locked: {file: {(block, digest): starts}} of the
    files unchanged since the issue was locked ({} when it is not locked)."""
    lock = read_lock(root, issue.key)
    if lock is None:
        return {}
    now = source_digests(root, issue)
    key = issue.key
    out: dict[str, dict] = {}
    changed: list[str] = []
    for p in lock.paragraphs:
        shown = _shown(key, p.file)
        if lock.sources.get(shown) != now.get(shown):
            if shown not in changed:
                changed.append(shown)
            continue
        out.setdefault(shown, {})[(p.block, p.digest)] = p.lines
    firsts = {_shown(key, a.file): a.first for a in lock.articles}
    for shown in changed:
        what = ("the editor's note is" if shown.endswith("/issue.yaml") else "this article is")
        pages = (f"; the pages from page {firsts[shown]} on are broken afresh" if shown in firsts
                 else "; every page is broken afresh" if shown.endswith("/issue.yaml") else "")
        warnings.append(Problem(Pos(shown), f"changed since the issue was locked ({LOCK_FILE}): "
                                f"{what} set afresh, its lines may differ from the printed issue{pages}",
                                f"`bulletin-press verify {key}` shows what moved; "
                                f"`bulletin-press lock {key}` records the issue as it is now",
                                severity="warning"))
    fonts = font_digests(style, Path(root) / "fonts")
    if fonts != lock.fonts:
        diff = sorted(set(fonts.items()) ^ set(lock.fonts.items()))
        names = ", ".join(sorted({n for n, _ in diff}))
        warnings.append(Problem(Pos(_shown(key, LOCK_FILE)), f"the fonts differ from those the issue was "
                                f"printed with ({names}): the locked lines are kept, but glyphs may differ",
                                "restore the font files recorded in print.lock (fonts/) to reprint it as it was",
                                severity="warning"))
    return out


def pages_to_keep(root: Path, issue) -> list[tuple[int, int, int]]:
    """Where the page engine must begin pages so that a locked issue keeps its printed
    pages: the lock's page_breaks ([article, block, line]) before the first article whose
    file changed since the lock (the pages from there on are free: a changed text needs
    room; lock_lines names it).  Nothing when the issue is not locked, when issue.yaml,
    publication.yaml or another shared source changed (the front page, the article
    order or the 报尾 may differ) or when the pinned style did (the page may hold
    other lines)."""
    lock = read_lock(root, issue.key)
    if lock is None or not lock.page_breaks:
        return []
    sf = style_file(root, issue)
    if not sf.is_file() or sha256_file(sf) != lock.style_sha256:
        return []
    now = source_digests(root, issue)
    index = {rel(root, a.file): i for i, a in enumerate(issue.articles)}
    first = len(issue.articles)              # the first article set afresh
    for shown in set(lock.sources) | set(now):
        if lock.sources.get(shown) == now.get(shown):
            continue
        if shown not in index:
            return []
        first = min(first, index[shown])
    return [tuple(at) for page, at in sorted(lock.page_breaks.items())
            if page > 1 and at[0] < first]


def missed_warnings(key: str, missed) -> list[Problem]:
    """Locked paragraphs whose lines the engine could not set as locked (it cuts the text
    into different pieces now): one warning per file."""
    files: dict[str, int] = {}
    for k in missed:
        files[k.file] = files.get(k.file, 0) + 1
    return [Problem(Pos(f), f"{n} locked paragraph(s) could not keep their printed lines: this version "
                    f"of bulletin-press cannot break the text where it was broken; they are set afresh",
                    f"`bulletin-press verify {key}` shows what moved", severity="warning")
            for f, n in sorted(files.items())]
