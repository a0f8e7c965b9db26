"""Inline Markdown: the parser set up for CJK text, the parsing context (file and
line), and inline runs (bold, italic, code, links, footnote marks) with their places.
Used by the block parser (markdown.py) and by the fenced blocks' cells (fenced.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import Problem
from ..model import Pos, Run
from .cjk import side_is_cjk
from .emphasis import use_cjk_friendly_emphasis
from .footnotes import FootnoteBook


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    md.disable("code")  # indented text is text, not a code block
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    # markdown-it stops parsing (and drops the text) past maxNesting; parse it all,
    # and refuse what nests deeper than MAX_DEPTH with its line (see _blocks).
    md.options["maxNesting"] = 200
    return use_cjk_friendly_emphasis(md)


MAX_DEPTH = 3          # lists and quotes inside each other


MD = make_parser()


@dataclass
class Ctx:
    """Where a body comes from, and where problems go."""

    file: str                 # as shown in messages
    folder: Path              # the issue folder: figures and data resolve here
    root_display: str = ""    # prefix for files under the folder in messages
    line_offset: int = 0      # lines of the file before this body
    source_lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    footnotes: FootnoteBook = field(default_factory=FootnoteBook)
    notes: list = field(default_factory=list)   # model.Footnote, filled by parse_blocks

    def pos(self, line0: int | None, col: int | None = None) -> Pos:
        if line0 is None:
            return Pos(self.file)
        return Pos(self.file, line0 + 1 + self.line_offset, col)

    def error(self, pos: Pos, what: str, fix: str | None = None) -> None:
        self.problems.append(Problem(pos, what, fix))

    def warn(self, pos: Pos, what: str, fix: str | None = None) -> None:
        self.warnings.append(Problem(pos, what, fix, severity="warning"))

    def show(self, path: Path) -> str:
        try:
            rel = path.relative_to(self.folder)
        except ValueError:
            return str(path)
        return f"{self.root_display}{rel.as_posix()}" if self.root_display else str(path)


# ---------------------------------------------------------------- inline

_SOFT = object()
_BR = re.compile(r"^<br\s*/?>$", re.I)
FLUSH_MARK = "{顶格}"     # a paragraph that starts with it is set flush left (顶格)


def inline_runs(children: list[Token], ctx: Ctx, line0: int | None, src: str = "") -> list[Run]:
    """Inline tokens → runs.  `line0` is the 0-based body line of the inline
    content, `src` its source text (to place errors on line and column)."""
    items: list = []
    bold = italic = 0
    links: list[str] = []

    def add(text: str, code: bool = False):
        if text:
            items.append(Run(text, bold=bold > 0, italic=italic > 0, code=code,
                             link=links[-1] if links else None))

    for tok in children:
        t = tok.type
        if t == "text":
            text = tok.content
            if FLUSH_MARK in text:
                ctx.error(_place(ctx, line0, src, src.find(FLUSH_MARK) if FLUSH_MARK in src else None),
                          f"the flush-left mark {FLUSH_MARK} stands inside the text (or in a heading, "
                          "caption or cell), where it would print",
                          f"put {FLUSH_MARK} at the very start of the paragraph to set flush left "
                          "(no indent), or delete it")
                text = text.replace(FLUSH_MARK, "")
            add(text)
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "code_inline":
            add(tok.content, code=True)
        elif t == "softbreak":
            items.append(_SOFT)
        elif t == "hardbreak":
            items.append(Run("\n"))
        elif t == "footnote_ref":
            items.append(ctx.footnotes.reference(tok.meta["label"], ctx.pos(line0)))
        elif t == "link_open":
            links.append(tok.attrGet("href") or "")
        elif t == "link_close":
            if links:
                links.pop()
        elif t == "unclosed_emphasis":
            mark = tok.content
            pos = _place(ctx, line0, src, (tok.meta or {}).get("src_pos"))
            ctx.error(pos, f"'{mark}{mark}' is never closed, so it would print as literal asterisks",
                      f"close the bold with a matching '{mark}{mark}', or write \\{mark} for a literal asterisk")
            add(mark)
        elif t == "image":
            ctx.error(ctx.pos(line0), "an image inside running text",
                      "put ![caption](path) alone in its own paragraph (blank lines around it) to make a figure")
            add(tok.content)
        elif t == "html_inline":
            html = tok.content.strip()
            if html.startswith("<!--"):
                continue
            if _BR.match(html):
                items.append(Run("\n"))
                continue
            ctx.error(ctx.pos(line0), f"raw HTML {html!r} in text",
                      "remove it; write **bold**, *italic*, or a hard break with a trailing backslash")
        else:  # entity etc. already decoded by markdown-it; keep any text
            add(tok.content)
    return _finish(items)


def _place(ctx: Ctx, line0: int | None, src: str, offset: int | None) -> Pos:
    if line0 is None or offset is None or not src:
        return ctx.pos(line0)
    before = src[:offset]
    k = before.count("\n")
    col_in = offset - (before.rfind("\n") + 1)
    content_line = src.split("\n")[k]
    col = col_in + 1
    real = line0 + k
    if 0 <= real < len(ctx.source_lines):
        found = ctx.source_lines[real].find(content_line)
        if found >= 0:
            col = found + col_in + 1
    return ctx.pos(real, col)


def _finish(items: list) -> list[Run]:
    """Resolve soft breaks (join with or without a space) and merge runs."""
    out: list[Run] = []
    for i, item in enumerate(items):
        if item is not _SOFT:
            out.append(item)
            continue
        before = "".join(r.text for r in out if r.text != "\n")
        after = "".join(r.text for r in items[i + 1:] if r is not _SOFT and r.text != "\n")
        left, right = side_is_cjk(before, True), side_is_cjk(after, False)
        if left is None or right is None or left or right:
            continue  # join with nothing
        if out:
            last = out[-1]
            out[-1] = Run(last.text + " ", last.bold, last.italic, last.code, last.link, last.note)
        else:  # pragma: no cover - a paragraph never starts with a break
            out.append(Run(" "))
    merged: list[Run] = []
    for r in out:
        if (merged and r.text != "\n" and merged[-1].text != "\n" and r.note is None
                and merged[-1].note is None
                and (merged[-1].bold, merged[-1].italic, merged[-1].code, merged[-1].link)
                == (r.bold, r.italic, r.code, r.link)):
            prev = merged[-1]
            merged[-1] = Run(prev.text + r.text, r.bold, r.italic, r.code, r.link)
        else:
            merged.append(r)
    return merged


# a character that may begin inline Markdown (escape, code, emphasis, link, image, autolink
# or HTML, entity, strikethrough, footnote, line break), the flush mark, or that the parser
# normalises (controls): a text without any is one plain run, as the parser would make it
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<>&~^{}\x00-\x1f\x7f]")


def parse_inline(text: str, ctx: Ctx, line0: int | None) -> list[Run]:
    """A YAML string (caption, note, cell) → runs.  Plain text (most table cells:
    numbers, names) is its own run, without the parser."""
    if not _INLINE_SYNTAX.search(text):
        return [Run(text)] if text else []
    env: dict = {}
    tokens = MD.parseInline(text, env)
    children = tokens[0].children if tokens else []
    return inline_runs(children or [], ctx, line0, text)
