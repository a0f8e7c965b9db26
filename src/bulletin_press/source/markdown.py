"""Markdown body → model blocks, with real file lines.

CommonMark + GFM pipe tables (markdown-it-py) with CJK-friendly emphasis.
What each construct becomes, and what is refused:

- paragraph → Paragraph (run_in when it opens with a bold sentence);
  leading/trailing white space of a paragraph (including 　 full-width spaces
  typed as indentation) is dropped, as CommonMark does: the style indents.
- `##`/`###`/`####` → Heading 1/2/3; `#` (or a `===` underline) is an error:
  the title comes from front matter; `#####` and deeper is an error.
  A `---` line directly under text makes that text a heading (CommonMark);
  that gets a warning, since an editor usually meant a rule.
- lists → ListBlock; `>` → Quote; `---` → Rule.
- an image alone in a paragraph → Figure; an image inside text is an error.
- pipe table → Table, caption from a `Table: …` line directly above it.
- ```table / ```chart → Table / Chart (see fenced.py); any other fence is an
  error (the bulletin prints no code listings).
- text indented by four spaces is NOT a code block here: it is read as
  ordinary Markdown, since editors indent paragraphs by habit.
- footnotes: `[^label]` → a Run with the note's number and mark (①);
  `[^label]: text` → a model.Footnote in `ctx.notes` (see footnotes.py).
- HTML comments are dropped; `<br>` is a hard line break; other raw HTML
  is an error.
- `{顶格}` at the very start of a paragraph sets it flush left (Paragraph.flush:
  no first-line indent) and does not print; anywhere else it is an error.
- inline: bold, italic, code, links (text kept, href recorded), hard breaks
  (Run("\\n")).  A soft line break joins the lines with no space when either
  side is Chinese (Han or full-width punctuation), with one space otherwise.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it.token import Token

from ..model import (Block, Cell, Figure, Heading, ListBlock, Paragraph, Quote, Rule, Run,
                     Table)
from .cjk import SENTENCE_END
from .inline import FLUSH_MARK, MAX_DEPTH, MD, Ctx, inline_runs, parse_inline  # noqa: F401  (Ctx: the callers' entry)
from .paths import IMAGE_SUFFIXES, resolve_inside


def is_run_in(runs: list[Run]) -> bool:
    if not runs or not runs[0].bold or runs[0].text == "\n":
        return False
    first = runs[0].text.rstrip()
    if first and first[-1] in SENTENCE_END:
        return True
    return any(r.text.strip() for r in runs[1:])


# ---------------------------------------------------------------- blocks

_CAPTION = re.compile(r"^Table[:：]\s*(.*)$", re.S)


def parse_blocks(text: str, ctx: Ctx) -> list[Block]:
    """Parse a Markdown body; problems and warnings go to ctx."""
    if not ctx.source_lines:
        ctx.source_lines = text.split("\n")
    tokens = MD.parse(text, {})
    blocks, _ = _blocks(tokens, 0, None, ctx)
    ctx.notes = ctx.footnotes.finish()
    for pos, what, fix in ctx.footnotes.problems:
        ctx.error(pos, what, fix)
    _empty_headings(blocks, ctx)
    return blocks


def _empty_headings(blocks: list[Block], ctx: Ctx) -> None:
    """A heading with nothing under it (the next block a heading of its level or
    higher, or the end of the text) prints as a stray line."""
    for k, b in enumerate(blocks):
        if not isinstance(b, Heading):
            continue
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt is None or (isinstance(nxt, Heading) and nxt.level <= b.level):
            text = "".join(r.text for r in b.runs).strip()
            ctx.warn(b.pos, f"the heading “{text}” has no text under it"
                     + (" (the text ends here)" if nxt is None else
                        f" (the next heading follows at once, line {nxt.pos.line})"),
                     "write the section's text under it, or remove the heading")


def _close_of(open_type: str) -> str:
    return open_type[: -len("_open")] + "_close"


def _blocks(tokens: list[Token], i: int, until: str | None, ctx: Ctx):
    from .fenced import chart_from_fence, table_from_fence  # local: fenced imports us

    out: list[Block] = []
    pending_caption: tuple[list[Run], Paragraph] | None = None
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        t = tok.type
        if until is not None and t == until:
            if pending_caption is not None:
                _stray_caption(pending_caption[1], ctx)
            return out, i + 1
        line0 = tok.map[0] if tok.map else None
        pos = ctx.pos(line0)
        caption_before = pending_caption
        pending_caption = None
        if caption_before is not None and t != "table_open":
            _stray_caption(caption_before[1], ctx)

        if t == "paragraph_open":
            inline = tokens[i + 1]
            i += 3
            block = _paragraph(inline, line0, ctx)
            if block is not None:
                out.append(block)
                if isinstance(block, Paragraph):
                    cap = _caption_line(inline)
                    if cap is not None:
                        pending_caption = (parse_inline(cap, ctx, line0), block)
            continue
        if t == "heading_open":
            inline = tokens[i + 1]
            i += 3
            level = int(tok.tag[1])
            runs = inline_runs(inline.children or [], ctx, line0, inline.content)
            if level == 1:
                if tok.markup == "=":
                    ctx.error(pos, "a line underlined with === makes a top-level heading",
                              "the article title comes from front matter `title:`; sections start at ##")
                else:
                    ctx.error(pos, "a '#' heading in the article body",
                              "the title comes from front matter `title:`; sections start at ## (then ###, ####)")
                continue
            if level > 4:
                ctx.error(pos, f"'{'#' * level}' is deeper than the three heading levels",
                          "use ##, ### or ####")
                continue
            if tok.markup == "-":
                ctx.warn(pos, "a line of --- directly under text makes that text a heading",
                         "for a rule, leave a blank line before ---; for a heading, write ## before the text")
            if not "".join(r.text for r in runs).strip():
                ctx.warn(pos, f"an empty heading ('{'#' * level}' with no text): it prints as a gap",
                         "write the heading's text after the #s, or delete the line")
            out.append(Heading(level - 1, runs, pos))
            continue
        if t in ("bullet_list_open", "ordered_list_open", "blockquote_open") and tok.level // 2 >= MAX_DEPTH:
            ctx.error(pos, f"lists or quotes nested {tok.level // 2 + 1} levels deep here; the bulletin "
                      f"prints at most {MAX_DEPTH}", "make the deeper items paragraphs of their own, or "
                      "number them in the text: （1）… （2）…")
            i = _skip_container(tokens, i)
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            ordered = t == "ordered_list_open"
            start = int(tok.attrGet("start") or 1) if ordered else 1
            items: list[list[Block]] = []
            i += 1
            close = _close_of(t)
            while tokens[i].type != close:
                if tokens[i].type == "list_item_open":
                    item_pos = ctx.pos(tokens[i].map[0] if tokens[i].map else None)
                    item, i = _blocks(tokens, i + 1, "list_item_close", ctx)
                    if not item:
                        ctx.warn(item_pos, "an empty list item: it prints as a bare "
                                 + ("number" if ordered else "bullet"),
                                 "write the item's text after the marker, or delete the line")
                    items.append(item)
                else:  # pragma: no cover
                    i += 1
            i += 1
            out.append(ListBlock(ordered, start, items, pos))
            continue
        if t == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close", ctx)
            out.append(Quote(inner, pos))
            continue
        if t == "footnote_reference_open":
            inner, i = _blocks(tokens, i + 1, "footnote_reference_close", ctx)
            ctx.footnotes.definition(tok.meta["label"], inner, pos)
            continue
        if t == "hr":
            out.append(Rule(pos))
            i += 1
            continue
        if t == "table_open":
            table, i = _pipe_table(tokens, i, ctx)
            if caption_before is not None:
                runs, para = caption_before
                if out and out[-1] is para:
                    out.pop()
                table.caption = runs
            out.append(table)
            continue
        if t == "fence":
            i += 1
            kind = (tok.info or "").strip().split(" ")[0].lower()
            body_line0 = (line0 or 0) + 1
            if not _fence_closed(tok, ctx):
                ctx.error(pos, f"the {tok.markup}{kind} block opened here is never closed, so "
                          "everything after it would be read as part of it",
                          f"add a line {tok.markup} after the block's last line")
                continue
            if kind == "table":
                block = table_from_fence(tok.content, body_line0, pos, ctx)
            elif kind == "chart":
                block = chart_from_fence(tok.content, body_line0, pos, ctx)
            else:
                what = f"a fenced block ```{kind}" if kind else "a fenced code block ```"
                ctx.error(pos, f"{what}: the bulletin prints no code listings",
                          "use ```table or ```chart, or remove the ``` lines to print the text")
                continue
            if block is not None:
                out.append(block)
            continue
        if t == "html_block":
            i += 1
            if tok.content.strip().startswith("<!--"):
                continue  # an editor's comment: not printed
            ctx.error(pos, "raw HTML in the article",
                      "remove it: the bulletin prints Markdown only (an HTML <!-- comment --> is allowed)")
            continue
        if t == "code_block":  # only if someone re-enables the rule
            i += 1
            ctx.error(pos, "an indented code block", "remove the indentation")
            continue
        i += 1  # closing tokens of containers handled above; anything else skipped
    if pending_caption is not None:
        _stray_caption(pending_caption[1], ctx)
    return out, i


def _fence_closed(tok: Token, ctx: Ctx) -> bool:
    """Does the fence end with a closing line (markdown-it runs an unclosed one to the end)?"""
    if not tok.map:
        return True
    last = tok.map[1] - 1
    if last <= tok.map[0]:
        return False                   # the opening line is all there is
    if last >= len(ctx.source_lines):
        return True                    # not our text to judge
    closing = re.sub(r"^[\s>]*", "", ctx.source_lines[last]).strip()   # inside a quote: > ```
    return bool(closing) and closing.startswith(tok.markup) and set(closing) == {tok.markup[0]}


def _skip_container(tokens: list[Token], i: int) -> int:
    """The index after the container that opens at tokens[i]."""
    opening, close = tokens[i].type, _close_of(tokens[i].type)
    depth = 0
    while i < len(tokens):
        if tokens[i].type == opening:
            depth += 1
        elif tokens[i].type == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _stray_caption(para: Paragraph, ctx: Ctx) -> None:
    ctx.warn(para.pos, "a 'Table:' caption line that is not directly above a pipe table; it prints as text",
             "put the table right under it, or reword the line")


def _caption_line(inline: Token) -> str | None:
    m = _CAPTION.match(inline.content)
    if m and "\n" not in inline.content:
        return m.group(1).strip()
    return None


def _paragraph(inline: Token, line0: int | None, ctx: Ctx):
    children = [c for c in (inline.children or [])
                if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"]
    if len(children) == 1 and children[0].type == "image":
        return _figure(children[0], line0, ctx)
    kids = list(inline.children or [])
    flush = False
    if inline.content.startswith(FLUSH_MARK) and kids and kids[0].type == "text" \
            and kids[0].content.startswith(FLUSH_MARK):
        flush = True
        first = kids[0].copy()
        first.content = first.content[len(FLUSH_MARK):].lstrip(" \t\u3000")
        kids[0] = first
    runs = inline_runs(kids, ctx, line0, inline.content)
    if not runs or not "".join(r.text for r in runs).strip():
        if flush:
            ctx.error(ctx.pos(line0), f"the flush-left mark {FLUSH_MARK} with no text after it",
                      f"write the paragraph right after {FLUSH_MARK} on the same line, or delete it")
        return None
    for k, line in enumerate(inline.content.split("\n")[1:], 1):
        if _LAZY_NUMBER.match(line) and line0 is not None:
            ctx.warn(ctx.pos(line0 + k), f"“{line.strip()[:12]}…” starts with a number but joins the "
                     "line above into one paragraph: after text, only 1. starts a numbered list",
                     "leave a blank line before it (and before each item)")
    return Paragraph(runs, ctx.pos(line0), run_in=is_run_in(runs), flush=flush)


_LAZY_NUMBER = re.compile(r"^\s{0,3}[0-9]{1,9}[.)]\s+\S")


def _figure(img: Token, line0: int | None, ctx: Ctx):
    pos = ctx.pos(line0)
    src = unquote(img.attrGet("src") or "")
    caption = inline_runs(img.children or [], ctx, line0, img.content)
    path = resolve_inside(ctx.folder, src, pos, ctx.problems, what="the figure",
                          suffixes=IMAGE_SUFFIXES)
    if path is None:
        return None
    if not caption:
        ctx.warn(pos, f"figure {src} has no caption", "write the caption inside ![…](…)")
    width = None
    title = (img.attrGet("title") or "").strip()
    if title:
        mt = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[%％]", title)
        if mt and 0 < float(mt.group(1)) <= 100:
            width = float(mt.group(1)) / 100
        else:
            ctx.error(pos, f'the figure\'s title "{title}" is not a printed width',
                      'write the width as a share of the text width, 1% to 100%: '
                      f'![caption]({src} "50%"), or leave it out')
    return Figure(path, caption, pos, width)


def _pipe_table(tokens: list[Token], i: int, ctx: Ctx):
    open_tok = tokens[i]
    pos = ctx.pos(open_tok.map[0] if open_tok.map else None)
    header: list[list[Cell]] = []
    rows: list[list[Cell]] = []
    aligns: list[str | None] = []
    section = header
    row: list[Cell] | None = None
    row_line0 = None
    i += 1
    while tokens[i].type != "table_close":
        tok = tokens[i]
        t = tok.type
        if t == "tbody_open":
            section = rows
        elif t == "tr_open":
            row = []
            row_line0 = tok.map[0] if tok.map else None
        elif t == "tr_close":
            section.append(row or [])
            _extra_cells(row_line0, len(header[0]) if header else len(row or []), ctx)
        elif t in ("th_open", "td_open"):
            style = tok.attrGet("style") or ""
            m = re.search(r"text-align:(\w+)", str(style))
            if t == "th_open":
                aligns.append(m.group(1) if m else None)
            inline = tokens[i + 1]
            row.append(Cell(inline_runs(inline.children or [], ctx, row_line0, inline.content)))
            i += 2
        i += 1
    align = None
    if any(a is not None for a in aligns):
        align = [a or "left" for a in aligns]
    return Table(None, header, rows, pos, align=align), i + 1


def _extra_cells(line0: int | None, ncols: int, ctx: Ctx) -> None:
    """A row with more cells than the header: GFM drops the extra ones; we stop."""
    if line0 is None or not 0 <= line0 < len(ctx.source_lines):
        return
    line = ctx.source_lines[line0].strip()
    cells = re.split(r"(?<!\\)\|", line)
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    if len(cells) > ncols:
        extra = "、".join(c.strip() or "（空）" for c in cells[ncols:])
        ctx.error(ctx.pos(line0), f"this table row has {len(cells)} cells but the table has {ncols} "
                  f"columns; the extra cell{'s' if len(cells) - ncols > 1 else ''} “{extra}” would be lost",
                  "add the column to the header row and to the | --- | line, or remove the extra |")
