"""The 报尾 QR code encoded: its dark modules as rectangles, for the PDF (qr.py)
and the HTML edition's drawing (qrdrawing.py) alike."""
from __future__ import annotations

import functools
import itertools
from pathlib import Path

from ..errors import BuildError, Problem


@functools.lru_cache(maxsize=1)
def _qrencoder():
    """reportlab's QR encoder (a module of plain Python), loaded from its file:
    importing it by name first runs reportlab.graphics.barcode's __init__, which
    loads every barcode widget and reportlab.platypus (~80 ms of a cold build)."""
    import importlib.util
    import sys
    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec("reportlab")
    path = Path(spec.origin).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("bulletin_press._qrencoder", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@functools.lru_cache(maxsize=8)
def qr_modules(text: str, size: float, border: int, level: str) -> tuple:
    """The QR code encoded once for a build's passes and variants (and a watch's
    rebuilds): its dark modules as rectangles (x, y, w, h), row by row, runs
    merged, in reportlab's QrCodeWidget geometry."""
    qrencoder = _qrencoder()
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(text)
    try:
        qr.make()
    except Exception as exc:   # qrencoder: data too long for any version
        raise BuildError(Problem(None, f"the QR code text cannot be encoded ({exc}); "
                                 f"it has {len(text.encode())} bytes",
                                 "shorten the address in back.qr, or give an image")) from None
    count = qr.getModuleCount()
    minwh = float(min(size, size))
    box = minwh / (count + border * 2.0)
    off_x, off_y = (size - minwh) / 2.0, (minwh - size) / 2.0
    rects = []
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, run in itertools.groupby(map(bool, row)):
            n = len(list(run))
            if dark:
                rects.append((off_x + (c + border) * box, off_y + size - (r + border + 1) * box,
                              n * box, box))
            c += n
    return tuple(rects)
