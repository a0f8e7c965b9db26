"""Vector shapes for charts, as plain data in model colours.

    Drawing(width, height, font=None, font_size=None)   a Group with a size
    Group(*contents, transform=IDENTITY)                 .add(shape); transform is
                                                         an affine 6-tuple (a b c d e f)
    Line(x1, y1, x2, y2, …)   PolyLine(points, …)   Polygon(points, …)
    Rect(x, y, width, height, …)   String(x, y, text, …)

The chart module (typeset/chart.py) composes its graphic from these and the page
plan takes them as paths, rectangles and labels (typeset/vector.py); a PDF build
never needs reportlab's graphics, whose shapes module imports the whole of
reportlab.platypus (some 20–60 ms of a cold build).  The attributes carry
reportlab's names and defaults (strokeWidth 1, no dash, start anchor), so that
render/html/assets.py's `reportlab_drawing` can give the same shapes to reportlab's
SVG and PDF renderers (the HTML edition's inline SVG and PNG, tests): it alone
imports reportlab.graphics.  Points are flat lists [x0, y0, x1, y1, …];
colours are model Colors (or None: not painted).
"""
from __future__ import annotations

from ..model.style import Color

IDENTITY = (1, 0, 0, 1, 0, 0)
BLACK = Color(0, 0, 0, 1)


class Group:
    """Shapes drawn in order, moved and turned by `transform`."""

    __slots__ = ("contents", "transform")

    def __init__(self, *contents, transform=IDENTITY):
        self.contents = list(contents)
        self.transform = transform

    def add(self, node) -> None:
        self.contents.append(node)


class Drawing(Group):
    """The whole graphic, `width` × `height` points, its origin at the lower left;
    `font` and `font_size` are the renderer's starting font (reportlab's otherwise
    opens with Helvetica)."""

    __slots__ = ("width", "height", "font", "font_size")

    def __init__(self, width: float, height: float, font: str | None = None,
                 font_size: float | None = None):
        super().__init__()
        self.width, self.height = width, height
        self.font, self.font_size = font, font_size


# Plain classes with __slots__ rather than dataclasses: a dataclass costs its
# import ~0.25 ms to make, and this module is on every build with a chart.

class Line:
    __slots__ = ("x1", "y1", "x2", "y2", "strokeColor", "strokeWidth", "strokeDashArray")

    def __init__(self, x1: float, y1: float, x2: float, y2: float,
                 strokeColor: Color | None = BLACK, strokeWidth: float = 1,
                 strokeDashArray: list | None = None):
        self.x1, self.y1, self.x2, self.y2 = x1, y1, x2, y2
        self.strokeColor, self.strokeWidth = strokeColor, strokeWidth
        self.strokeDashArray = strokeDashArray


class PolyLine:
    __slots__ = ("points", "strokeColor", "strokeWidth", "strokeDashArray", "strokeLineJoin")

    def __init__(self, points: list, strokeColor: Color | None = BLACK, strokeWidth: float = 1,
                 strokeDashArray: list | None = None, strokeLineJoin: int = 0):
        self.points = points
        self.strokeColor, self.strokeWidth = strokeColor, strokeWidth
        self.strokeDashArray = strokeDashArray
        self.strokeLineJoin = strokeLineJoin      # 0 mitre, 1 round, 2 bevel (PDF's)


class Polygon:
    __slots__ = ("points", "fillColor", "strokeColor", "strokeWidth")

    def __init__(self, points: list, fillColor: Color | None = BLACK,
                 strokeColor: Color | None = BLACK, strokeWidth: float = 1):
        self.points = points
        self.fillColor, self.strokeColor, self.strokeWidth = fillColor, strokeColor, strokeWidth


class Rect:
    __slots__ = ("x", "y", "width", "height", "fillColor", "strokeColor", "strokeWidth")

    def __init__(self, x: float, y: float, width: float, height: float,
                 fillColor: Color | None = BLACK, strokeColor: Color | None = BLACK,
                 strokeWidth: float = 1):
        self.x, self.y, self.width, self.height = x, y, width, height
        self.fillColor, self.strokeColor, self.strokeWidth = fillColor, strokeColor, strokeWidth


class String:
    __slots__ = ("x", "y", "text", "fontName", "fontSize", "fillColor", "textAnchor")

    def __init__(self, x: float, y: float, text: str, fontName: str = "Times-Roman",
                 fontSize: float = 10, fillColor: Color | None = BLACK,
                 textAnchor: str = "start"):
        self.x, self.y, self.text = x, y, text
        self.fontName, self.fontSize, self.fillColor = fontName, fontSize, fillColor
        self.textAnchor = textAnchor               # start, middle or end
