"""Lock an issue (what was printed → print.lock, the style pinned), keep its lines, verify it.

`lock_issue` builds the issue (nothing is written over its PDFs), pins the style
it was built with (issues/ISSUE/style.lock.yaml, a byte-for-byte copy) and
writes print.lock.  What a build honours of a lock (the locked line starts of
unchanged files, the page starts to keep) is read by source/honour.py.  `verify_issue` rebuilds and compares with the lock, naming the
first line that moved in each article and why (the text, the fonts, the style
or the engine).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import BuildError, Problem
from ..model import Pos
from ..model.lock import LOCK_FILE, STYLE_FILE, LockedArticle, LockedParagraph, PrintLock
from ..output.lockfile import lock_text
from ..output.write import write_atomic
from ..source.lock import read_lock
from ..source.honour import _shown
from ..source.issuefiles import font_digests, sha256_file, source_digests, style_file


# ---------------------------------------------------------------- what a build printed

def printed(root: Path, issue, style, res, style_sha: str) -> PrintLock:
    """The PrintLock of a build: its pages, articles, lines and the digests."""
    prefix = f"issues/{issue.key}/"

    def in_issue(file: str) -> str:
        return file[len(prefix):] if file.startswith(prefix) else file

    order: list = []
    lines: dict = {}
    at: dict = {}
    src_line: dict = {}
    page_starts: dict[int, tuple[str, int, int]] = {}
    for d in res.drawn:
        k = d.key
        if k not in lines:
            order.append(k)
            lines[k], at[k], src_line[k] = [], [], d.line
        file = in_issue(k.file)
        if not at[k] or at[k][-1][0] != d.page:
            at[k].append((d.page, len(lines[k])))
        page_starts.setdefault(d.page, (file, k.block, len(lines[k])))
        lines[k].extend(d.starts)
    paragraphs = [LockedParagraph(in_issue(k.file), k.block, k.digest, tuple(lines[k]), tuple(at[k]), src_line[k])
                  for k in order]
    last_page: dict[str, int] = {}
    for d in res.drawn:
        last_page[d.key.file] = max(last_page.get(d.key.file, 0), d.page)
    articles = []
    for i, a in enumerate(issue.articles):
        file = a.file.resolve().relative_to(issue.folder.resolve()).as_posix()
        first = res.article_pages.get(i, 0)
        articles.append(LockedArticle(file, a.title, tuple(a.authors), first,
                                      max(first, last_page.get(prefix + file, first))))
    return PrintLock(issue=issue.key, version=__version__, pages=res.pages, blank_pages=res.blank_pages,
                     style_name=issue.style, style_sha256=style_sha,
                     sources=source_digests(root, issue), fonts=font_digests(style, Path(root) / "fonts"),
                     articles=articles, page_starts=page_starts, paragraphs=paragraphs,
                     page_breaks=dict(res.page_breaks),
                     serial=issue.serial, date=issue.date.isoformat())


def _rebuild(root: Path, key: str):
    """Lay the issue out as its screen PDF, writing nothing: the lines and pages it gets now."""
    from ..pipeline import build, load
    res = build(root, key, None, variants=("screen",), write_files=False)
    issue, style, _ = load(root, key, [])
    return res, issue, style


@dataclass
class LockResult:
    key: str
    lock: PrintLock
    path: Path
    pinned: bool            # the style was pinned now (it was not before)
    warnings: list[Problem] = field(default_factory=list)


def lock_issue(root: Path, key: str) -> LockResult:
    """Record issue `key` as it builds now in issues/KEY/print.lock, pinning its style."""
    root = Path(root)
    res, issue, style = _rebuild(root, key)
    if issue.articles and not res.drawn:
        raise BuildError(Problem(Pos(f"issues/{key}"), "the build reported no lines, so there is "
                                 "nothing to lock (the page engine does not report to typeset/linelock.py)",
                                 "this is a bug in bulletin-press; please report it"))
    pinned_path = issue.folder / STYLE_FILE
    pinned_now = not pinned_path.is_file()
    if pinned_now:
        write_atomic(pinned_path, style_file(root, issue).read_bytes())
    lock = printed(root, issue, style, res, sha256_file(pinned_path))
    path = issue.folder / LOCK_FILE
    write_atomic(path, lock_text(lock).encode("utf-8"))
    return LockResult(key, lock, path, pinned_now, res.warnings)


# ---------------------------------------------------------------- verify

@dataclass
class Moved:
    file: str          # as messages show it
    what: str
    cause: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}; cause: {self.cause}"


@dataclass
class Verdict:
    key: str
    lock: PrintLock
    moved: list[Moved]
    pages: int

    @property
    def ok(self) -> bool:
        return not self.moved


def _cause(lock: PrintLock, now: PrintLock, shown: str) -> str:
    if shown in lock.sources and lock.sources.get(shown) != now.sources.get(shown):
        return "the text (the file differs from the one locked)"
    if lock.fonts != now.fonts:
        names = sorted({n for n, _ in set(lock.fonts.items()) ^ set(now.fonts.items())})
        return "the fonts (" + ", ".join(names) + " differ from those locked)"
    if lock.style_sha256 != now.style_sha256:
        return f"the style ({STYLE_FILE} differs from the one locked)"
    if any(lock.sources.get(s) != d for s, d in now.sources.items()) or set(lock.sources) != set(now.sources):
        return "another source of the issue changed (issue.yaml, publication.yaml, images or data)"
    return (f"the engine (the sources, fonts and style are as locked; printed by bulletin-press "
            f"{lock.version}, rebuilt by {now.version})")


def _line_page(p: LockedParagraph, k: int) -> int:
    page = p.at[0][0] if p.at else 0
    for pg, first in p.at:
        if first <= k:
            page = pg
    return page


def _first_moved(p: LockedParagraph, q: LockedParagraph) -> int | None:
    """The first line whose start or page differs, or None when the lines are the same."""
    n = min(len(p.lines), len(q.lines))
    k = next((i for i in range(n) if p.lines[i] != q.lines[i] or _line_page(p, i) != _line_page(q, i)), n)
    return None if k == n and len(p.lines) == len(q.lines) else k


def compare(lock: PrintLock, now: PrintLock) -> list[Moved]:
    """What moved between the lock and a rebuild: per article (and the note),
    the first line that moved; then pages and article pages."""
    key = lock.issue
    out: list[Moved] = []
    named: set[str] = set()
    new = {(p.file, p.block): p for p in now.paragraphs}
    for p in lock.paragraphs:
        shown = _shown(key, p.file)
        if shown in named:
            continue
        q = new.get((p.file, p.block))
        if p.block == 0 and p.file.endswith(".md"):
            where = "the title"
        else:
            where = f"the paragraph on source line {p.line}" if p.line else f"text {p.block}"
        if q is None:
            what = f"page {_line_page(p, 0)}: {where} (block {p.block}) is gone"
        elif q.digest != p.digest:
            k = _first_moved(p, q)
            if k is None:
                what = (f"page {_line_page(p, 0)}: the text of {where} (block {p.block}) changed, "
                        f"its lines did not move")
            else:
                what = (f"page {_line_page(p, min(k, len(p.lines) - 1))}, line {k + 1} of {where} "
                        f"(block {p.block}): its text changed and its lines moved from line {k + 1} on")
        elif q.lines != p.lines or q.at != p.at:
            k = _first_moved(p, q)
            if k is None:
                k = min(len(p.lines), len(q.lines))
            was = (f"printed from character {p.lines[k]} on page {_line_page(p, k)}" if k < len(p.lines)
                   else "not printed")
            got = (f"now from character {q.lines[k]} on page {_line_page(q, k)}" if k < len(q.lines)
                   else "now gone")
            what = (f"page {_line_page(p, min(k, len(p.lines) - 1))}, line {k + 1} of {where} "
                    f"(block {p.block}) moved: {was}, {got}")
        else:
            continue
        named.add(shown)
        out.append(Moved(shown, what, _cause(lock, now, shown)))
    old = {(p.file, p.block) for p in lock.paragraphs}
    for q in now.paragraphs:
        shown = _shown(key, q.file)
        if (q.file, q.block) not in old and shown not in named:
            named.add(shown)
            where = f"source line {q.line}" if q.line else f"block {q.block}"
            out.append(Moved(shown, f"page {q.at[0][0] if q.at else '?'}: a text that was not printed "
                                    f"({where}, block {q.block})", _cause(lock, now, shown)))
    if lock.page_breaks and now.page_breaks and lock.page_breaks != now.page_breaks:
        page = min(p for p in set(lock.page_breaks) | set(now.page_breaks)
                   if lock.page_breaks.get(p) != now.page_breaks.get(p))
        was, got = lock.page_breaks.get(page), now.page_breaks.get(page)
        out.append(Moved(_shown(key, LOCK_FILE), f"page {page} begins at [article, block, line] "
                         f"{list(got) if got else 'nothing'} where it began at {list(was) if was else 'nothing'}",
                         _cause(lock, now, "")))
    if lock.pages != now.pages:
        out.append(Moved(_shown(key, LOCK_FILE), f"{now.pages} pages where {lock.pages} were printed",
                         _cause(lock, now, "")))
    now_articles = {a.file: a for a in now.articles}
    for a in lock.articles:
        b = now_articles.get(a.file)
        shown = _shown(key, a.file)
        if shown in named:
            continue
        if b is None:
            out.append(Moved(shown, "the article is no longer in the issue", _cause(lock, now, shown)))
        elif (a.first, a.last) != (b.first, b.last):
            out.append(Moved(shown, f"pages {b.first}–{b.last} where it was printed on {a.first}–{a.last}",
                             _cause(lock, now, shown)))
    return out


def verify_issue(root: Path, key: str) -> Verdict:
    """Rebuild issue `key` (its PDFs are not touched) and compare it with its lock."""
    root = Path(root)
    lock = read_lock(root, key)
    if lock is None:
        raise BuildError(Problem(Pos(f"issues/{key}"), f"the issue is not locked (no {LOCK_FILE})",
                                 f"run `bulletin-press lock {key}` once the issue is printed"))
    res, issue, style = _rebuild(root, key)
    sf = issue.folder / STYLE_FILE
    now = printed(root, issue, style, res, sha256_file(sf) if sf.is_file() else "")
    return Verdict(key, lock, compare(lock, now), res.pages)
