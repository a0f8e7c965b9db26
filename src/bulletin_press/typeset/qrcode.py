"""The 报尾 QR code encoded: its dark modules as rectangles, for the PDF (qr.py)
and the HTML edition's drawing (qrdrawing.py) alike."""
from __future__ import annotations

import functools
import itertools
import re
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
    rebuilds), and kept from one build to the next beside the bytecode
    (startup.remembered, keyed by all it is made from): its dark modules as
    rectangles (x, y, w, h), row by row, runs merged, in reportlab's QrCodeWidget
    geometry."""
    import reportlab

    from .. import startup
    return startup.remembered(f"qr modules; reportlab {reportlab.Version}; {text!r} {size!r} "
                              f"{border!r} {level!r}", lambda: _encode(text, size, border, level))


def _encode(text: str, size: float, border: int, level: str) -> tuple:
    qrencoder = _qrencoder()
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(text)
    try:
        make(qr)
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


def make(qr) -> None:
    """`qr.make()`: the same version, mask and modules, the mask chosen by
    `lost_points` instead of reportlab's module-by-module scoring (~7 ms)."""
    if qr.version is None:
        qr.version = qr.calculate_version()
    points = lost_points(qr)
    qr.makeImpl(False, points.index(min(points)))   # the first of the best, as reportlab


_FINDER = re.compile(r"10111010000(?=[01])")   # rule 3, as reportlab's scan finds it


def lost_points(qr) -> list[int]:
    """reportlab's penalty (QRUtil.getLostPoint) of each of the eight masks, in mask
    order: the symbol drawn in test mode (no format or version bits), each row an
    integer (the leftmost module the highest bit), the rules counted with bit
    operations on whole rows.

    The rules as reportlab 5.1 counts them (not quite ISO 18004's): (1) each run of
    n >= 5 like modules in a row or column, n - 2; (2) each 2x2 block of one colour,
    3; (3) 40 for each dark-light-dark-dark-dark-light-dark-light-light-light-light in
    a row, scanned from the left without overlap and not ending at the row's last
    module (its column scan compares tuples with a list, so columns never count);
    (4) 10 for each 5 % the dark share is away from 50 %, both rounded down."""
    qr.makeImpl(True, 0)
    n = qr.moduleCount
    data, where = [0] * n, [0] * n
    for (col, row), dark in itertools.zip_longest(
            qr.dataPosIterator(), qr.dataBitIterator(qr.dataCache), fillvalue=False):
        bit = 1 << (n - 1 - col)
        where[row] |= bit
        if dark:
            data[row] |= bit
    fixed = [int("".join(["1" if m else "0" for m in r]), 2) & ~w for r, w in zip(qr.modules, where)]
    masks = _qrencoder().QRUtil.maskPattern
    full = (1 << n) - 1
    pair = full >> 1                       # a module and its right neighbour: n - 1 pairs
    width = f"0{n}b"
    out = []
    for k in range(8):
        mask = _mask_rows(masks[k], n)
        rows = [f | (d ^ (mask[i % 12] & w)) for i, (f, d, w) in enumerate(zip(fixed, data, where))]
        score = 0
        # rule 1 along the rows: `alike` marks a module like its right neighbour,
        # `five` the first of five alike; a run of n >= 5 has n - 4 of them in one block
        alike = [~(r ^ (r >> 1)) & pair for r in rows]
        for e in alike:
            five = e & (e >> 1) & (e >> 2) & (e >> 3)
            score += five.bit_count() + 2 * (five & ~(five << 1)).bit_count()
        # rule 1 down the columns, the same with `below`: like the module under it
        below = [~(a ^ b) & full for a, b in zip(rows, rows[1:])]
        last = 0
        for i in range(n - 4):
            five = below[i] & below[i + 1] & below[i + 2] & below[i + 3]
            score += five.bit_count() + 2 * (five & ~last).bit_count()
            last = five
        # rule 2: like the one below, the right neighbour and the one below that
        for v, e in zip(below, alike):
            score += 3 * (v & (v >> 1) & e).bit_count()
        score += 40 * len(_FINDER.findall(" ".join([format(r, width) for r in rows])))
        dark = sum(r.bit_count() for r in rows)
        score += 10 * (abs(100 * dark // (n * n) - 50) // 5)
        out.append(score)
    return out


def _mask_rows(mask, n: int) -> list[int]:
    """A mask's rows as bits, for rows 0-11: every mask repeats every 12 rows and every
    6 columns (it depends on row mod 2, 3 and 4 and column mod 2, 3 and 6)."""
    reps = n // 6 + 1
    return [int(("".join(["1" if mask(i, j) else "0" for j in range(6)]) * reps)[:n], 2)
            for i in range(12)]
