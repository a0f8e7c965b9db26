"""A vector Drawing (a chart) as page-plan items: paths, rectangles and labels.

The chart module composes its graphic with our shapes (typeset/shapes.py: Line,
PolyLine, Polygon, Rect, String, in Groups that may be moved and turned, in model
colours); the page plan holds data only, so the shapes are walked once here, their
transforms applied, and each becomes a `Path`, `Rect` or `Label` (the render stage
puts the colours in its variant's colour space).  No reportlab here.
"""
from __future__ import annotations

import math

from ..model.style import Color
from . import plan as P
from .shapes import Group, Line, PolyLine, Polygon, Rect, String


def _color(c) -> Color | None:
    if c is None or isinstance(c, Color):
        return c
    raise ValueError(f"a chart colour not a model colour: {c!r}")


def _mul(a, b):
    """The affine transform a·b (6-tuples a b c d e f, as PDF's and reportlab's)."""
    a0, a1, a2, a3, a4, a5 = a
    b0, b1, b2, b3, b4, b5 = b
    return (a0 * b0 + a2 * b1, a1 * b0 + a3 * b1, a0 * b2 + a2 * b3, a1 * b2 + a3 * b3,
            a0 * b4 + a2 * b5 + a4, a1 * b4 + a3 * b5 + a5)


def _pt(t, x, y):
    return (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5])


def _pairs(flat):
    return list(zip(flat[0::2], flat[1::2]))


def drawing_items(drawing, x: float, y: float) -> list:
    """The Drawing's shapes as plan items, its lower-left corner at (x, y)."""
    out: list = []
    _walk(drawing, (1, 0, 0, 1, x, y), out)
    return out


def _walk(node, t, out: list) -> None:
    if isinstance(node, Group):
        t = _mul(t, node.transform)
        for child in node.contents:
            _walk(child, t, out)
        return
    if isinstance(node, String):
        px, py = _pt(t, node.x, node.y)
        angle = math.degrees(math.atan2(t[1], t[0]))
        out.append(P.Label(px, py, node.text, node.fontName, node.fontSize, _color(node.fillColor),
                           {"middle": "middle", "end": "end"}.get(node.textAnchor, "start"),
                           round(angle, 6)))
        return
    if isinstance(node, Rect):
        fill, stroke = _color(node.fillColor), _color(node.strokeColor)
        if fill is None and stroke is None:
            return                              # an invisible frame
        pts = [(node.x, node.y), (node.x + node.width, node.y),
               (node.x + node.width, node.y + node.height), (node.x, node.y + node.height)]
        if stroke is None and t[1] == 0 and t[2] == 0 and t[0] == 1 and t[3] == 1:
            out.append(P.Rect(node.x + t[4], node.y + t[5], node.width, node.height, fill))
            return
        out.append(P.Path([_pt(t, *p) for p in pts], True, fill, stroke, node.strokeWidth))
        return
    if isinstance(node, Line):
        out.append(P.Path([_pt(t, node.x1, node.y1), _pt(t, node.x2, node.y2)], False, None,
                          _color(node.strokeColor), node.strokeWidth, _dash(node)))
        return
    if isinstance(node, Polygon):
        out.append(P.Path([_pt(t, *p) for p in _pairs(node.points)], True,
                          _color(node.fillColor), _color(node.strokeColor), node.strokeWidth))
        return
    if isinstance(node, PolyLine):
        out.append(P.Path([_pt(t, *p) for p in _pairs(node.points)], False, None,
                          _color(node.strokeColor), node.strokeWidth, _dash(node),
                          node.strokeLineJoin))
        return
    raise ValueError(f"a chart shape the page plan cannot hold: {type(node).__name__}")


def _dash(node):
    d = node.strokeDashArray
    return tuple(d) if d else None
