"""The order in which the body face's characters enter reportlab's font subsets.

reportlab embeds a TrueType face as subsets of 256 characters, numbered in
order of first use, and every change of subset in a line costs a font switch
in the PDF.  Handing it the body text's characters most frequent first puts
the common ones together, so most lines switch rarely: smaller, faster files.
"""
from __future__ import annotations

from collections import Counter

from .. import model as m
from ..model.style import Style
from .fonts import FontSet


def _plain_text(blocks):
    for blk in blocks:
        if isinstance(blk, m.Paragraph):
            for r in blk.runs:
                if not (r.bold or r.italic or r.code):
                    yield r.text
        elif isinstance(blk, m.ListBlock):
            for item in blk.items:
                yield from _plain_text(item)


def body_order(issue: m.Issue, style: Style, fonts: FontSet) -> str:
    """The body face's characters, most frequent first (ties in code point order)."""
    counts: Counter = Counter()
    for a in issue.articles:
        for text in _plain_text(a.blocks):
            counts.update(text)
    glyphs = fonts.face(style.body.font).glyphs
    chars = [c for c in counts if not c.isspace() and ord(c) in glyphs]
    chars.sort(key=lambda c: (-counts[c], c))
    return "".join(chars)


def prime(canv, fonts: FontSet, style: Style, order: str) -> None:
    """Assign the subset codes of the body face in `order` for this document."""
    if order:
        fonts.face(style.body.font).font.splitString(order, canv._doc)
