"""The editors' text inside YAML: titles, themes, captions, table cells …

    yaml_spans(text) -> [(start, end)]        # offsets of text values in a YAML document
    markdown_yaml_spans(md) -> [(start, end)] # in an article: front matter and ```table/```chart
    lint_spans(text, spans, file) -> [Problem]
    fix_spans(text, spans) -> str             # the lint's safe fixes, applied inside the spans

The biggest type on the page (the headline, titles, running heads, the TOC,
captions, table cells) comes from YAML values, so the lint reads them as it
reads prose, at their own file:line:col.  Only values under keys that print
as text are taken (TEXT_KEYS; any depth below them), each a one-line plain or
quoted scalar without escapes; file names, dates, numbers, addresses of web
pages and e-mail are left alone.
"""
from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem
from ..model import Pos

TEXT_KEYS = {"title", "theme", "theme_part", "caption", "note", "header", "rows", "author",
             "affiliation", "qr_caption", "submitted_to", "distributed_to", "editor_in_chief",
             "reviewers", "text", "x", "address"}
_NOT_TEXT = {"cols", "rows_span", "csv", "align", "widths", "type", "body"}
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(table|chart)\s*$")


def yaml_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every text value under TEXT_KEYS in a YAML document
    (offsets into `text`, plus `offset`)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []        # the syntax error is reported by the loader
    out: list[tuple[int, int]] = []

    def walk(n, inside: bool):
        if isinstance(n, MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, ScalarNode) else None
                if key in _NOT_TEXT:
                    continue
                walk(v, inside or key in TEXT_KEYS)
        elif isinstance(n, SequenceNode):
            for v in n.value:
                walk(v, inside)
        elif isinstance(n, ScalarNode) and inside and n.tag == "tag:yaml.org,2002:str":
            a, b = n.start_mark.index, n.end_mark.index
            if n.start_mark.line != n.end_mark.line or n.style not in (None, "'", '"'):
                return
            if n.style:
                a, b = a + 1, b - 1
                if n.style == '"' and "\\" in text[a:b]:
                    return
                if n.style == "'" and "''" in text[a:b]:
                    return
            if b > a and "://" not in text[a:b] and "@" not in text[a:b]:
                out.append((a + offset, b + offset))
    if node is not None:
        walk(node, False)
    return out


def markdown_yaml_spans(md: str) -> list[tuple[int, int]]:
    """The YAML text spans of an article: its front matter and its fenced
    ```table / ```chart blocks."""
    lines = md.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    out: list[tuple[int, int]] = []
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                out += yaml_spans("\n".join(lines[1:j]), starts[1])
                i = j + 1
                break
    while i < len(lines):
        m = _FENCE.match(lines[i].strip())
        if m:
            fence = m.group(1)
            for j in range(i + 1, len(lines)):
                if lines[j].strip().startswith(fence[0] * len(fence)) and not lines[j].strip().strip(fence[0]):
                    out += yaml_spans("\n".join(lines[i + 1:j]), starts[i + 1])
                    i = j
                    break
        i += 1
    return out


def _findings(text: str, spans, file: str):
    from .lint import lint_findings   # only `check` lints: a build need not compile its patterns
    at_line = line_at(text)
    for a, b in spans:
        line, col = at_line(a)
        for f in lint_findings(text[a:b], file, first_line=line):
            yield a, line, col, f


def lint_spans(text: str, spans, file: str) -> list[Problem]:
    """The lint's findings in the spans, at their place in the file."""
    out = []
    for _a, line, col, f in _findings(text, spans, file):
        p = f.problem
        out.append(Problem(Pos(file, line, (p.pos.col or 1) + col - 1), p.what, p.fix, p.severity))
    return out


def fix_spans(text: str, spans) -> str:
    """`text` with the lint's safe fixes applied inside the spans (a span's
    fixes go in together or not at all)."""
    from .fix import fix_text
    out, k = [], 0
    for a, b in sorted(spans):
        out.append(text[k:a])
        out.append(fix_text(text[a:b]))
        k = b
    out.append(text[k:])
    return "".join(out)


def line_at(text: str):
    """offset → (line, col) from 1, counted in characters."""
    import bisect
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(off: int) -> tuple[int, int]:
        k = bisect.bisect_right(starts, off) - 1
        return k + 1, off - starts[k] + 1
    return at
