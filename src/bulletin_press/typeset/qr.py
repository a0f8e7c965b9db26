"""The QR code of the 报尾: vector from text, or a placed image.

    qr_drawing(text, size_pt, color, *, cmyk=None, border=2) -> QrVector (a Flowable;
        .drawing() gives it as a reportlab Drawing, for the HTML edition's SVG)
    qr_image(path, size_pt) -> QrImage (a Flowable)

Both are size_pt × size_pt; `plan_items(x, y)` gives them as page-plan items with
their lower-left corner at (x, y): the code's dark modules in the model colour (the
render stage puts it in its variant's colour space), the picture as an image with
its screen (RGB) and print (CMYK JPEG, greys on the black plate) data.  `size_pt`
includes a quiet zone of `border` modules (the paper around the 报尾 QR is blank,
which widens it further).
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from .. import model as m
from ..errors import BuildError, Problem, fail
from ..model.style import Color
from .flowable import Flowable
from .qrcode import qr_modules


class QrVector(Flowable):
    """A vector QR code.

    In the page plan it is its dark modules (`plan_item`); `drawing(cmyk)` gives the
    code as a reportlab Drawing (the HTML edition's SVG)."""

    def __init__(self, text: str, size: float, color: Color, cmyk: bool | None = None,
                 border: int = 2, level: str = "M"):
        super().__init__()
        self.width = self.height = size
        self._qr = (text, size, color, border, level)
        self._rects = qr_modules(text, size, border, level)
        self.cmyk = cmyk
        self.initialFontName, self.initialFontSize = "Helvetica", 10

    def wrap(self, availW, availH):
        return self.width, self.height

    def plan_items(self, x: float, y: float) -> list:
        return [self.plan_item(x, y)]

    def plan_item(self, x: float, y: float):
        """The code as one page-plan item: its dark modules, its lower-left corner at (x, y)."""
        from . import plan as P
        return P.Rects([(x + rx, y + ry, w, h) for rx, ry, w, h in self._rects], self._qr[2])

    def drawing(self, cmyk: bool | None = None):
        from .qrdrawing import QrDrawing
        d = QrDrawing(*self._qr[:3], self.cmyk if cmyk is None else cmyk, *self._qr[3:])
        d.initialFontName, d.initialFontSize = self.initialFontName, self.initialFontSize
        return d


def qr_drawing(text: str, size_pt: float, color: Color, *, cmyk: bool | None = None,
               border: int = 2) -> QrVector:
    if not text or not str(text).strip():
        raise BuildError(Problem(None, "the QR code text is empty",
                                 "give back.qr an address, or a path to an image"))
    return QrVector(str(text), size_pt, color, cmyk, border)


class QrImage(Flowable):
    """A QR code (or any small picture) from a file, fitted into size × size."""

    def __init__(self, path: Path, size: float, image: Image.Image):
        from .figure import image_bytes, print_encoding
        from .plan import Encoding
        super().__init__()
        self.path, self.width, self.height = path, size, size
        self._im = image
        self.screen_data = image_bytes(image, cmyk=False)[0]
        # as a figure's: made when a print PDF first asks for it (plan.Encoding)
        self.print_data = Encoding(lambda: print_encoding(image))   # (no key: not a figure's)

    def wrap(self, availW, availH):
        return self.width, self.height

    def plan_items(self, x: float, y: float) -> list:
        return [self.plan_item(x, y)]

    def plan_item(self, x: float, y: float):
        """The picture as a page-plan image, fitted and centred in the square at (x, y)."""
        from . import plan as P
        pw, ph = self._im.size
        s = min(self.width / pw, self.height / ph)
        w, h = pw * s, ph * s
        return P.Image(x + (self.width - w) / 2, y + (self.height - h) / 2, w, h,
                       self.screen_data, self.print_data)


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
