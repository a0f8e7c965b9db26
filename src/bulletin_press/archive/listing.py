"""list: the archive at a glance — issue, serial, date, pages, locked or not."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..source import issue_keys, load_issue
from ..source.lock import read_lock
from ..source.issuefiles import source_digests


@dataclass
class Entry:
    key: str
    serial: int | None
    date: str | None
    pages: int | None
    pages_from: str          # "lock", "build" or ""
    locked: str              # "locked", "locked, changed: …", "no"
    articles: int = 0
    error: str | None = None


def _built_pages(pdf: Path) -> int | None:
    if not pdf.is_file():
        return None
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(pdf)).pages)
    except Exception:
        return None


def entry(root: Path, key: str, out_dir: Path) -> Entry:
    try:
        issue = load_issue(root, key, [])
    except BuildError as e:
        first = next((p for p in e.problems if p.severity == "error"), e.problems[0] if e.problems else None)
        return Entry(key, None, None, None, "", "?", error=str(first).splitlines()[0] if first else "error")
    try:
        lock = read_lock(root, key)
    except BuildError as e:
        return Entry(key, issue.serial, issue.date.isoformat(), None, "", "damaged lock",
                     len(issue.articles), str(e.problems[0]).splitlines()[0])
    if lock is not None:
        now = source_digests(root, issue)
        changed = sorted(Path(s).name for s, d in lock.sources.items() if now.get(s) != d)
        changed += sorted(Path(s).name for s in now if s not in lock.sources)
        state = "locked" + (", changed: " + ", ".join(changed) if changed else "")
        return Entry(key, issue.serial, issue.date.isoformat(), lock.pages, "lock", state, len(issue.articles))
    pages = _built_pages(out_dir / f"{key}-screen.pdf")
    return Entry(key, issue.serial, issue.date.isoformat(), pages, "build" if pages else "", "no",
                 len(issue.articles))


def archive_entries(root: Path, out_dir: Path) -> list[Entry]:
    return [entry(root, k, out_dir) for k in issue_keys(root)]


def table(entries: list[Entry]) -> str:
    rows = [("issue", "serial", "date", "articles", "pages", "locked")]
    for e in entries:
        pages = "—" if e.pages is None else f"{e.pages}" + (" (built)" if e.pages_from == "build" else "")
        rows.append((e.key, "—" if e.serial is None else f"总第{e.serial}期", e.date or "—",
                     str(e.articles) if e.error is None or e.articles else "—", pages,
                     e.locked if e.error is None else f"{e.locked} — {e.error}"))

    def w(s: str) -> int:   # display width: CJK characters are two columns
        return sum(2 if ord(c) > 0x2E80 else 1 for c in s)
    widths = [max(w(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        cells = [c + " " * (widths[i] - w(c)) for i, c in enumerate(r[:-1])]
        lines.append("  ".join(cells + [r[-1]]).rstrip())
    return "\n".join(lines)
