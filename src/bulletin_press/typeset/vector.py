"""A reportlab vector Drawing (a chart) as page-plan items: paths, rectangles and labels.

The chart module composes its graphic with reportlab's shapes (Line, PolyLine,
Polygon, Rect, String, in Groups that may be moved and turned); the page plan
holds data only, so the shapes are walked once here, their transforms applied,
and each becomes a `Path`, `Rect` or `Label` with model colours (the Drawing is
built in CMYK, whose colours are the model's own numbers; the render stage puts
them in its variant's colour space).
"""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Group, Line, PolyLine, Polygon, Rect, String

from ..model.style import Color
from . import plan as P


def _color(c) -> Color | None:
    if c is None:
        return None
    if hasattr(c, "cyan"):
        return Color(c.cyan, c.magenta, c.yellow, c.black)
    raise ValueError(f"a chart colour not in CMYK: {c!r}")   # the drawing is built in CMYK


def _mul(a, b):
    """The affine transform a·b (reportlab's 6-tuples)."""
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
    if isinstance(node, Group) or hasattr(node, "contents"):
        t = _mul(t, getattr(node, "transform", (1, 0, 0, 1, 0, 0)))
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
            return                              # an invisible frame (the QR's quiet zone)
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
    if isinstance(node, (Polygon, PolyLine)):
        closed = isinstance(node, Polygon)
        out.append(P.Path([_pt(t, *p) for p in _pairs(node.points)], closed,
                          _color(node.fillColor) if closed else None, _color(node.strokeColor),
                          node.strokeWidth, _dash(node), getattr(node, "strokeLineJoin", 0) or 0))
        return
    raise ValueError(f"a chart shape the page plan cannot hold: {type(node).__name__}")


def _dash(node):
    d = getattr(node, "strokeDashArray", None)
    return tuple(d) if d else None
