"""The 报尾 QR code as a reportlab Drawing: the HTML edition's inline SVG (and a
check that typeset/qr.py draws what reportlab's renderer would).

Kept apart from qr.py: reportlab.graphics loads reportlab.platypus, which a
build does not need.
"""
from __future__ import annotations

import functools

from reportlab.graphics.barcode.qr import SRect
from reportlab.graphics.shapes import Drawing, Group

from ..model.style import Color
from .cellbox import prime, rl_color
from .qrcode import qr_modules


class QrDrawing(Drawing):
    """A vector QR code whose colour space follows the canvas it is drawn on."""

    def __init__(self, text: str, size: float, color: Color, cmyk: bool | None = None,
                 border: int = 2, level: str = "M"):
        Drawing.__init__(self, size, size)
        self._qr = (text, size, color, border, level)
        self._bp_cmyk = cmyk
        self._fill(True if cmyk is None else cmyk)

    def _fill(self, cmyk: bool):
        self.contents = []
        self.add(_qr_group(*self._qr, cmyk))
        prime(self, cmyk)

    def draw(self, *args, **kw):
        if self._bp_cmyk is None:
            self._fill(bool(getattr(self.canv, "bp_cmyk", False)))
        return Drawing.draw(self, *args, **kw)


@functools.lru_cache(maxsize=8)
def _qr_group(text: str, size: float, color: Color, border: int, level: str, cmyk: bool) -> Group:
    """The QR code's shapes in `color`: the quiet square, then the dark modules."""
    fill = rl_color(color, cmyk)
    g = Group()
    g.add(SRect(0, 0, size, size, fillColor=None))
    for x, y, w, h in qr_modules(text, size, border, level):
        g.add(SRect(x, y, w, h, fillColor=fill))
    return g
