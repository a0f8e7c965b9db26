"""One-line labels (header, folio, masthead lines) drawn at a point.

Labels go through the same engine as body text, so Chinese–Western spacing
and punctuation compression hold in the header and masthead too.
"""
from __future__ import annotations

from ..model import Run
from ..model.style import Style, TextStyle
from ..render.color import fill
from ..render.text import draw_lines
from .fonts import FontSet


def _line(fonts: FontSet, style: Style, text: str, role: TextStyle):
    from .paragraph import layout_paragraph
    lines = layout_paragraph([Run(text, bold=role.bold)], role, style, fonts, 1e6, 0.0, align="left")
    return lines[0] if lines else None


def label_width(fonts: FontSet, style: Style, text: str, role: TextStyle) -> float:
    """The width `draw_label` will give `text`."""
    line = _line(fonts, style, text, role)
    return (line.right - line.left) if line is not None else 0.0


def draw_label(canv, fonts: FontSet, style: Style, text: str, role: TextStyle,
               x: float, y: float, align: str = "left") -> float:
    """Draw `text` with its baseline at y; x is the left, centre or right edge.
    Returns the width drawn."""
    line = _line(fonts, style, text, role)
    if line is None:
        return 0.0
    width = line.right - line.left
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canv.saveState()
    fill(canv, style.color(role.color))
    draw_lines(canv, x - line.left, [y], [line])
    canv.restoreState()
    return width
