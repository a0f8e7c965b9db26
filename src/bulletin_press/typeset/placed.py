"""Laid-out text as page-plan items: the one place a line gets its page position.

    text_item(line, x, y, color)      a justify.Line as a plan TextLine, left edge at x
    baseline(top, lead, size)         the baseline of a line whose cell starts at top
    label_item(fonts, style, text, role, x, y, align) -> (TextLine | None, width)
    paragraph_items(flow, x, y)       a wrapped CJKParagraph's lines, its box's foot at y
"""
from __future__ import annotations

from ..model import Run
from ..model.style import Style
from . import plan as P
from .fonts import FontSet


def text_item(line, x: float, y: float, color, src=None) -> P.TextLine:
    """`src`: (ParaKey, source line) of the text the line belongs to, for the lock file."""
    where = (src[0], line.start, src[1]) if src is not None else None
    return P.TextLine(x, y, line.text, list(line.xs), list(line.runs), line.size, color,
                      dict(line.scales) if line.scales else None, where)


def baseline(top: float, lead: float, size: float) -> float:
    """The baseline of a line whose cell (one `lead` high) starts at `top`: the em
    box centred in the cell (as CJKParagraph draws)."""
    return top - (lead + size) / 2 + 0.12 * size


def label_item(fonts: FontSet, style: Style, text: str, role, x: float, y: float,
               align: str = "left"):
    """A one-line label with its baseline at y; x is its left, centre or right edge."""
    from .paragraph import layout_paragraph
    lines = layout_paragraph([Run(text, bold=role.bold)], role, style, fonts, 1e6, 0.0,
                             align="left")
    if not lines:
        return None, 0.0
    line = lines[0]
    width = line.right - line.left
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    return text_item(line, x - line.left, y, style.color(role.color)), width


def paragraph_items(flow, x: float, y: float) -> list:
    """The lines of a CJKParagraph already wrapped, drawn as its draw() would at (x, y);
    any other flowable (a caller's own) as an item that draws itself."""
    if not hasattr(flow, "_pad_top"):
        return [P.Drawn(x, y, flow, "flowable")]
    top = y + flow.height - flow._pad_top
    color = flow.style.color(flow.role.color)
    lead = flow.leading
    return [text_item(ln, x, baseline(top - k * lead, lead, ln.size), color)
            for k, ln in enumerate(flow.lines)]
