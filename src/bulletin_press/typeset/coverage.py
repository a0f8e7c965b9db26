"""Every character must be drawable by the face that will draw it.

A character no configured font can draw is an error listing the characters
and where they stand — never a blank box in print.
"""
from __future__ import annotations

from .. import model as m
from ..errors import BuildError, Problem
from ..model.style import Style, TextStyle
from .fonts import FontSet


def _runs_of(block, T, body: TextStyle):
    """(runs, role, pos) for each piece of text in a block."""
    if isinstance(block, m.Paragraph):
        yield block.runs, body, block.pos
    elif isinstance(block, m.Heading):
        yield block.runs, T[f"h{min(block.level, 3)}"], block.pos
    elif isinstance(block, m.ListBlock):
        for item in block.items:
            for sub in item:
                yield from _runs_of(sub, T, T.get("list", body))
    elif isinstance(block, m.Quote):
        for sub in block.blocks:
            yield from _runs_of(sub, T, T.get("quote", body))
    elif isinstance(block, m.Figure):
        yield block.caption, T["caption"], block.pos
    elif isinstance(block, m.Table):
        if block.caption:
            yield block.caption, T["caption"], block.pos
        if block.note:
            yield block.note, T["table_note"], block.pos
        for row in block.header:
            for cell in row:
                yield cell.runs, T["table_head"], block.pos
        for row in block.rows:
            for cell in row:
                yield cell.runs, T["table"], block.pos
    elif isinstance(block, m.Chart):
        texts = list(block.x) + [name for name, _ in block.series] + [block.unit or ""]
        yield [m.Run(" ".join(texts))], T["caption"], block.pos
        if block.caption:
            yield block.caption, T["caption"], block.pos


def _family(run: m.Run, role: TextStyle, style: Style) -> tuple[str, bool]:
    if run.italic and "kai" in style.fonts:
        return "kai", run.bold or role.bold
    if run.code and "hei" in style.fonts:
        return "hei", run.bold or role.bold
    return role.font, run.bold or role.bold


def check_coverage(issue: m.Issue, style: Style, fonts: FontSet) -> None:
    T = style.text
    pieces = []  # (runs, role, pos)
    pub = issue.publication
    pos_pub = m.Pos("issues/publication.yaml")
    masthead = " ".join([pub.title, pub.title_latin or "", pub.registration or "", pub.edition or "",
                         *pub.sponsors, *pub.tagline])
    pieces.append(([m.Run(masthead)], T["body"], pos_pub))
    if issue.theme:
        pieces.append(([m.Run(issue.theme + (issue.theme_part or ""))], T["theme"],
                       issue.theme_pos or m.Pos(f"issues/{issue.key}/issue.yaml")))
    if issue.note:
        pieces.append(([m.Run(issue.note.title)], T.get("note_title", T["body"]), issue.note.pos))
        for blk in issue.note.blocks:
            pieces.extend(_runs_of(blk, T, T["note"]))
    for a in issue.articles:
        pieces.append(([m.Run(a.title)], T["title"], a.title_pos or a.pos))
        # the running head: the short title, or the title (cut to fit, it ends in …)
        pieces.append(([m.Run((a.short_title or a.title) + "…")], T["header"], a.title_pos or a.pos))
        pieces.append(([m.Run(" ".join(a.authors) + (a.affiliation or ""))], T["byline"],
                       a.byline_pos or a.pos))
        for blk in a.blocks:
            pieces.extend(_runs_of(blk, T, T["body"]))
        for blk in (b for note in a.notes for b in note.blocks):
            pieces.extend(_runs_of(blk, T, T.get("footnote", T["body"])))
    b = issue.back
    back_text = " ".join(x for x in [b.qr_caption, b.editor_in_chief, *b.reviewers, b.submitted_to,
                                      b.distributed_to, b.address, b.postcode, b.phone, b.email] if x)
    pieces.append(([m.Run(back_text)], T["back"], m.Pos(f"issues/{issue.key}/issue.yaml")))

    # each face asked once about all the text it sets; where nothing is missing (the usual
    # case) that is all, else each piece again, to name where
    texts: dict[tuple, list[str]] = {}
    for runs, role, pos in pieces:
        for run in runs:
            texts.setdefault(_family(run, role, style), []).append(run.text)
    if not any(fonts.missing("".join(t), family, bold) for (family, bold), t in texts.items()):
        return
    problems: dict[tuple, set[str]] = {}
    for runs, role, pos in pieces:
        for run in runs:
            family, bold = _family(run, role, style)
            miss = fonts.missing(run.text, family, bold)
            if miss:
                problems.setdefault((str(pos), family, bold, pos), set()).update(miss)
    if problems:
        out = []
        for (_, family, bold, pos), chars in sorted(problems.items(), key=lambda kv: kv[0][0]):
            listed = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars))
            face = style.fonts[family].bold if bold and style.fonts[family].bold else style.fonts[family].regular
            out.append(Problem(pos, f"no configured font can draw: {listed} (face {face})",
                               "replace the character(s), or add a font that has them to the style"))
        raise BuildError(out)
