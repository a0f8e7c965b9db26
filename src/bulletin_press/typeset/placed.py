"""Laid-out text as page-plan items: the one place a line gets its page position.

    text_item(line, x, y, color)      a justify.Line as a plan TextLine, left edge at x
    baseline(top, lead, size)         the baseline of a line whose cell starts at top
    label_item(fonts, style, text, role, x, y, align) -> (TextLine | None, width)
    label_width(fonts, style, text, role)   the width label_item gives the text
    paragraph_items(flow, x, y)       a wrapped CJKParagraph's lines, its box's foot at y
    items_of(flow, x, y)              any wrapped block of the typeset stage as plan items
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
                      dict(line.scales) if line.scales else None, where,
                      sups=dict(line.sups) if getattr(line, "sups", None) else None)


def baseline(top: float, lead: float, size: float) -> float:
    """The baseline of a line whose cell (one `lead` high) starts at `top`: the em
    box centred in the cell (as CJKParagraph draws)."""
    return top - (lead + size) / 2 + 0.12 * size


def _label_line(fonts: FontSet, style: Style, text: str, role):
    from .paragraph import layout_paragraph
    lines = layout_paragraph([Run(text, bold=role.bold)], role, style, fonts, 1e6, 0.0,
                             align="left")
    return lines[0] if lines else None


def label_width(fonts: FontSet, style: Style, text: str, role) -> float:
    """The width `label_item` gives `text` (the masthead lays its lines out with it)."""
    line = _label_line(fonts, style, text, role)
    return (line.right - line.left) if line is not None else 0.0


def label_item(fonts: FontSet, style: Style, text: str, role, x: float, y: float,
               align: str = "left"):
    """A one-line label with its baseline at y; x is its left, centre or right edge.
    Labels go through the same engine as body text, so Chinese–Western spacing and
    punctuation compression hold in the header, the folio and the masthead too."""
    line = _label_line(fonts, style, text, role)
    if line is None:
        return None, 0.0
    width = line.right - line.left
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    return text_item(line, x - line.left, y, style.color(role.color)), width


def items_of(flow, x: float, y: float) -> list:
    """A wrapped block (paragraph, table, chart, figure, TOC entry, QR code…) as page-plan
    items, its box's foot at (x, y): what the render stage draws of it."""
    if hasattr(flow, "plan_items"):
        return flow.plan_items(x, y)
    return paragraph_items(flow, x, y)


def paragraph_items(flow, x: float, y: float) -> list:
    """The lines of a CJKParagraph already wrapped, as page-plan items at (x, y);
    any other flowable (a caller's own) as an item that draws itself."""
    if not hasattr(flow, "_pad_top"):
        return [P.Drawn(x, y, flow, "flowable")]
    top = y + flow.height - flow._pad_top
    color = flow.style.color(flow.role.color)
    lead = flow.leading
    return [text_item(ln, x, baseline(top - k * lead, lead, ln.size), color)
            for k, ln in enumerate(flow.lines)]
