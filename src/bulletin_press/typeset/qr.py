"""The QR code of the 报尾: vector from text, or a placed image.

    qr_drawing(text, size_pt, color, *, cmyk=None, border=2) -> QrDrawing (a reportlab Drawing)
    qr_image(path, size_pt) -> QrImage (a Flowable)

Both are size_pt × size_pt and draw with their lower-left corner at the point
given to drawOn.  `size_pt` includes a quiet zone of `border` modules (the paper
around the 报尾 QR is blank, which widens it further).

Colour: `cmyk=None` decides when drawn, from the canvas flag `bp_cmyk` (print:
CMYK, screen: RGB), as render/color.py does; True/False force one.  The image
variant converts to a CMYK JPEG on a print canvas (greys on the black plate).
"""
from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image
from reportlab.graphics.barcode.qr import SRect, QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from .. import model as m
from ..errors import BuildError, Problem, fail
from ..model.style import Color
from .cellbox import prime, rl_color


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
def _qr_shapes(text: str, size: float, border: int, level: str) -> Group:
    """The QR code encoded once for a build's passes and variants (and a watch's
    rebuilds): the modules as rectangles, coloured by _qr_group."""
    w = QrCodeWidget(text, barLevel=level, barBorder=border, barWidth=size, barHeight=size)
    try:
        return w.draw()
    except Exception as exc:   # qrencoder: data too long for any version
        raise BuildError(Problem(None, f"the QR code text cannot be encoded ({exc}); "
                                 f"it has {len(text.encode())} bytes",
                                 "shorten the address in back.qr, or give an image")) from None


@functools.lru_cache(maxsize=8)
def _qr_group(text: str, size: float, color: Color, border: int, level: str, cmyk: bool) -> Group:
    """The QR code's shapes in `color` (drawing a Group does not change it, so the
    same one serves every pass)."""
    fill = rl_color(color, cmyk)
    g = Group()
    for r in _qr_shapes(text, size, border, level).contents:
        g.add(SRect(r.x, r.y, r.width, r.height, fillColor=None if r.fillColor is None else fill))
    return g


def qr_drawing(text: str, size_pt: float, color: Color, *, cmyk: bool | None = None,
               border: int = 2) -> QrDrawing:
    if not text or not str(text).strip():
        raise BuildError(Problem(None, "the QR code text is empty",
                                 "give back.qr an address, or a path to an image"))
    return QrDrawing(str(text), size_pt, color, cmyk, border)


class QrImage(Flowable):
    """A QR code (or any small picture) from a file, fitted into size × size."""

    def __init__(self, path: Path, size: float, image: Image.Image):
        super().__init__()
        self.path, self.width, self.height = path, size, size
        self._im = image
        self._data: dict[bool, bytes] = {}

    def wrap(self, availW, availH):
        return self.width, self.height

    def data(self, cmyk: bool) -> bytes:
        if cmyk not in self._data:
            from .figure import image_bytes
            self._data[cmyk] = image_bytes(self._im, cmyk=cmyk)[0]
        return self._data[cmyk]

    def draw(self):
        cmyk = bool(getattr(self.canv, "bp_cmyk", False))
        pw, ph = self._im.size
        s = min(self.width / pw, self.height / ph)
        w, h = pw * s, ph * s
        self.canv.drawImage(ImageReader(io.BytesIO(self.data(cmyk))),
                            (self.width - w) / 2, (self.height - h) / 2, w, h)


def qr_image(path, size_pt: float) -> QrImage:
    from .figure import _flatten, load_image
    path = Path(path)
    im = load_image(m.Figure(path, [], m.Pos(str(path))))
    im = _flatten(im)
    # modules stay sharp: enlarge small pictures with square pixels to ~600 dpi
    want = int(size_pt / 72 * 600)
    if max(im.size) < want:
        f = -(-want // max(im.size))
        im = im.resize((im.size[0] * f, im.size[1] * f), Image.NEAREST)
    if size_pt <= 0:
        raise fail(None, f"the QR code size is {size_pt}", "give a positive size")
    return QrImage(path, size_pt, im)
