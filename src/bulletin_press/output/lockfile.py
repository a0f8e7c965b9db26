"""Write issues/ISSUE/print.lock: what was printed, as plain text an archivist can read and diff.

The file is YAML (source/lock.py reads it back); strings are written as JSON
strings, which YAML reads as they are.  One article, page or paragraph per line,
so a diff between two locks shows what moved.
"""
from __future__ import annotations

import json

from ..model.lock import FORMAT, STYLE_FILE, PrintLock


def _s(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ints(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def lock_text(lock: PrintLock) -> str:
    out = [
        f"# print.lock — issue {lock.issue} as printed, written by `bulletin-press lock {lock.issue}`.",
        "# While an article's text is unchanged, later builds keep the line breaks recorded here;",
        f"# `bulletin-press verify {lock.issue}` rebuilds the issue and compares.  Do not edit by hand.",
        f"format: {FORMAT}",
        f"issue: {_s(lock.issue)}",
    ]
    if lock.serial is not None:
        out.append(f"serial: {lock.serial}")
    if lock.date is not None:
        out.append(f"date: {_s(lock.date)}")
    out += [
        f"bulletin-press: {_s(lock.version)}",
        f"pages: {lock.pages}",
        f"blank_pages: {lock.blank_pages}",
        f"style: {{name: {_s(lock.style_name)}, pinned: {_s(STYLE_FILE)}, sha256: {_s(lock.style_sha256)}}}",
        "sources:                 # sha256 of every file the issue is made of",
    ]
    out += [f"  {_s(path)}: {_s(digest)}" for path, digest in sorted(lock.sources.items())]
    out.append("fonts:                   # sha256 of the font files the style names")
    out += [f"  {_s(name)}: {_s(digest)}" for name, digest in sorted(lock.fonts.items())]
    out.append("articles:                # the pages each article starts and ends on")
    for a in lock.articles:
        out.append(f"  - {{file: {_s(a.file)}, first: {a.first}, last: {a.last}, "
                   f"title: {_s(a.title)}, authors: {_s(list(a.authors))}}}")
    out.append("page_starts:             # page: its first line of text, [file, block, line]")
    for page, (file, block, line) in sorted(lock.page_starts.items()):
        out.append(f"  {page}: [{_s(file)}, {block}, {line}]")
    if lock.page_breaks:
        out.append("page_breaks:             # page: where the page engine began it, [article, block, line]")
        for page, (art, block, line) in sorted(lock.page_breaks.items()):
            out.append(f"  {page}: [{art}, {block}, {line}]")
    out.append("paragraphs:              # block: place in the file (0: the title); line: its source line; "
               "lines: offsets in its text where its lines start; at: [page, first line there]")
    for p in lock.paragraphs:
        at = "[" + ", ".join(_ints(x) for x in p.at) + "]"
        src_line = "" if p.line is None else f", line: {p.line}"
        out.append(f"  - {{file: {_s(p.file)}, block: {p.block}{src_line}, digest: {_s(p.digest)}, "
                   f"lines: {_ints(p.lines)}, at: {at}}}")
    return "\n".join(out) + "\n"
