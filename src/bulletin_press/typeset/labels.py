"""One-line labels (header, folio, masthead lines) drawn at a point.

Labels go through the same engine as body text, so Chinese–Western spacing
and punctuation compression hold in the header and masthead too.
"""
from __future__ import annotations

from ..model import Run
from ..model.style import Style, TextStyle
from ..render.color import fill
from .fonts import FontSet


def label_width(fonts: FontSet, style: Style, text: str, role: TextStyle) -> float:
    line = _layout(fonts, style, text, role)
    return line.natural_width if line is not None else fonts.face(role.font, role.bold).width(text, role.size)


def _layout(fonts, style, text, role):
    try:
        from .paragraph import layout_paragraph
    except ImportError:  # engine not yet present
        return None
    lines = layout_paragraph([Run(text, bold=role.bold)], role, style, fonts, 1e6, 0.0)
    return lines[0] if lines else None


def draw_label(canv, fonts: FontSet, style: Style, text: str, role: TextStyle,
               x: float, y: float, align: str = "left") -> float:
    """Draw `text` with its baseline at y; x is the left, centre or right edge.
    Returns the width drawn."""
    face = fonts.face(role.font, role.bold)
    width = face.width(text, role.size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canv.saveState()
    fill(canv, style.color(role.color))
    canv.setFont(face.name, role.size)
    canv.drawString(x, y, text)
    canv.restoreState()
    return width
