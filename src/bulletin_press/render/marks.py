"""Printer's marks: corner crop marks (角线), registration targets, fold marks.

Geometry, in PDF points, for one print page::

    MediaBox = TrimBox grown by (bleed + MARK_ROOM) on every side
    BleedBox = TrimBox grown by bleed            (bleed = BLEED = 3 mm)
    crop marks: lines on the extensions of the trim edges, starting
                MARK_OFFSET outside the *bleed* edge and MARK_LENGTH long,
                so they never reach into the bleed and are cut away cleanly.
                Marks start 5 mm from the trim and end 10 mm from it, so an A4
                spread with bleed and marks (440 × 317 mm) fits SRA3 stock.

Colour: marks are drawn in *registration* colour (C=M=Y=K=100 %) by default,
so that each of the four plates carries the marks and the press operator can
check register and trim on every separation.  That is what most print shops
(and InDesign / Acrobat's "Registration" swatch) use; pass ``color="k"`` for
marks on the black plate only.  Marks lie entirely outside the BleedBox, so
their 400 % coverage never reaches the printed piece.

`print_geometry` gives the lead's page templates the three boxes for a trim
size; `draw_crop_marks` draws on a reportlab canvas (call it in ``onPage``);
`crop_mark_ops` / `fold_mark_ops` give the same marks as raw PDF operators for
code that writes content streams directly (the imposer).
"""
from __future__ import annotations

from dataclasses import dataclass

MM = 72.0 / 25.4
BLEED = 3 * MM            #: bleed the print shop asks for
MARK_OFFSET = 2 * MM      #: gap between the bleed edge and the start of a mark
MARK_LENGTH = 5 * MM      #: length of each crop-mark line
MARK_ROOM = MARK_OFFSET + MARK_LENGTH   #: room outside the bleed (7 mm)
MARK_WIDTH = 0.25         #: line width of the marks, in pt

REGISTRATION = (1.0, 1.0, 1.0, 1.0)
PURE_K = (0.0, 0.0, 0.0, 1.0)

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PrintGeometry:
    """Page size and boxes for one print page (all in pt, origin bottom-left)."""
    media: tuple[float, float]   # (width, height) for the canvas page size
    trim: Box
    bleed: Box

    @property
    def media_box(self) -> Box:
        return (0.0, 0.0, self.media[0], self.media[1])


def print_geometry(trim_width: float, trim_height: float, *, bleed: float = BLEED,
                   room: float = MARK_ROOM) -> PrintGeometry:
    """Boxes for a print page of the given trim size with bleed and mark room.

    Use ``canvas.setPageSize(g.media)``, ``canvas.setTrimBox(g.trim)``,
    ``canvas.setBleedBox(g.bleed)`` and draw the page contents translated by
    ``g.trim[:2]``.
    """
    m = bleed + room
    trim = (m, m, m + trim_width, m + trim_height)
    return PrintGeometry(
        media=(trim_width + 2 * m, trim_height + 2 * m),
        trim=trim,
        bleed=(trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed),
    )


def _colour(color: str) -> tuple[float, float, float, float]:
    if color in ("registration", "reg"):
        return REGISTRATION
    if color in ("k", "K", "black"):
        return PURE_K
    raise ValueError(f"mark colour must be 'registration' or 'k', not {color!r}")


def crop_mark_segments(trim: Box, bleed: float, *, offset: float | None = None,
                       length: float | None = None,
                       corners: str = "all") -> list[tuple[float, float, float, float]]:
    """Line segments (x0, y0, x1, y1) of the corner crop marks for `trim`.

    Two lines per corner, each on the extension of a trim edge, from
    ``bleed + offset`` to ``bleed + offset + length`` outside the trim.
    `corners` is ``"all"`` or a string of corner codes ``"bl br tl tr"``
    (used by the imposer, which needs marks only at the sheet's outer corners).
    """
    off = MARK_OFFSET if offset is None else offset
    ln = MARK_LENGTH if length is None else length
    if off < 0 or ln <= 0:
        raise ValueError("crop mark offset must be >= 0 and length > 0")
    x0, y0, x1, y1 = trim
    a, b = bleed + off, bleed + off + ln
    wanted = {"bl", "br", "tl", "tr"} if corners == "all" else set(corners.split())
    segs = []
    for code, x, y, sx, sy in (("bl", x0, y0, -1, -1), ("br", x1, y0, 1, -1),
                               ("tl", x0, y1, -1, 1), ("tr", x1, y1, 1, 1)):
        if code not in wanted:
            continue
        segs.append((x + sx * a, y, x + sx * b, y))   # horizontal, on the trim's y
        segs.append((x, y + sy * a, x, y + sy * b))   # vertical, on the trim's x
    return segs


def fold_mark_segments(x: float, trim: Box, bleed: float, *, offset: float | None = None,
                       length: float | None = None) -> list[tuple[float, float, float, float]]:
    """Vertical fold-mark segments at `x`, above and below the trim (outside the bleed)."""
    off = MARK_OFFSET if offset is None else offset
    ln = MARK_LENGTH if length is None else length
    _, y0, _, y1 = trim
    a, b = bleed + off, bleed + off + ln
    return [(x, y0 - a, x, y0 - b), (x, y1 + a, x, y1 + b)]


def registration_targets(trim: Box, bleed: float, *, offset: float | None = None,
                         length: float | None = None) -> list[tuple[float, float, float]]:
    """(cx, cy, radius) of registration targets centred on each side, in the mark room."""
    off = MARK_OFFSET if offset is None else offset
    ln = MARK_LENGTH if length is None else length
    x0, y0, x1, y1 = trim
    d = bleed + off + ln / 2
    r = min(ln / 2, 2.5 * MM) * 0.8
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return [(cx, y0 - d, r), (cx, y1 + d, r), (x0 - d, cy, r), (x1 + d, cy, r)]


def _f(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _target_ops(cx: float, cy: float, r: float) -> list[str]:
    # circle by four Bézier arcs plus a cross through it
    k = 0.5523 * r
    return [
        f"{_f(cx + r)} {_f(cy)} m",
        f"{_f(cx + r)} {_f(cy + k)} {_f(cx + k)} {_f(cy + r)} {_f(cx)} {_f(cy + r)} c",
        f"{_f(cx - k)} {_f(cy + r)} {_f(cx - r)} {_f(cy + k)} {_f(cx - r)} {_f(cy)} c",
        f"{_f(cx - r)} {_f(cy - k)} {_f(cx - k)} {_f(cy - r)} {_f(cx)} {_f(cy - r)} c",
        f"{_f(cx + k)} {_f(cy - r)} {_f(cx + r)} {_f(cy - k)} {_f(cx + r)} {_f(cy)} c",
        "S",
        f"{_f(cx - 1.3 * r)} {_f(cy)} m {_f(cx + 1.3 * r)} {_f(cy)} l S",
        f"{_f(cx)} {_f(cy - 1.3 * r)} m {_f(cx)} {_f(cy + 1.3 * r)} l S",
    ]


def crop_mark_ops(trim: Box, bleed: float, *, offset: float | None = None,
                  length: float | None = None, registration: bool = False,
                  color: str = "registration", corners: str = "all",
                  folds: tuple[float, ...] = ()) -> bytes:
    """The marks as a self-contained PDF content fragment (``q ... Q``), CMYK only."""
    c, m, y, k = _colour(color)
    ops = ["q", f"{_f(MARK_WIDTH)} w", "0 J", "[] 0 d",
           f"{_f(c)} {_f(m)} {_f(y)} {_f(k)} K"]
    for x0, y0, x1, y1 in crop_mark_segments(trim, bleed, offset=offset, length=length,
                                             corners=corners):
        ops.append(f"{_f(x0)} {_f(y0)} m {_f(x1)} {_f(y1)} l S")
    for fx in folds:
        ops.append("[3 2] 0 d")
        for x0, y0, x1, y1 in fold_mark_segments(fx, trim, bleed, offset=offset, length=length):
            ops.append(f"{_f(x0)} {_f(y0)} m {_f(x1)} {_f(y1)} l S")
        ops.append("[] 0 d")
    if registration:
        for cx, cy, r in registration_targets(trim, bleed, offset=offset, length=length):
            ops.extend(_target_ops(cx, cy, r))
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode("ascii")


def draw_crop_marks(canvas, trim: Box, bleed: float = BLEED, *, offset: float | None = None,
                    length: float | None = None, registration: bool = False,
                    color: str = "registration") -> None:
    """Draw corner crop marks (and optional registration targets) on a reportlab canvas.

    `trim` is the TrimBox (x0, y0, x1, y1) in the canvas's *default* coordinates
    (call from ``onPage`` before any translation, or after ``saveState`` with
    the identity transform).  The page needs ``bleed + MARK_ROOM`` of space
    outside the trim on every side (see `print_geometry`); a mark that would
    fall outside the page raises ValueError rather than silently vanishing.
    Marks are 0.25 pt lines in registration colour (C=M=Y=K=100 %) unless
    ``color="k"``; the graphics state is saved and restored.
    """
    c, m, y, k = _colour(color)
    segs = crop_mark_segments(trim, bleed, offset=offset, length=length)
    w = getattr(canvas, "_pagesize", None)
    if w is not None:
        pw, ph = w
        for x0, y0, x1, y1 in segs:
            if min(x0, x1) < -0.01 or min(y0, y1) < -0.01 or max(x0, x1) > pw + 0.01 \
                    or max(y0, y1) > ph + 0.01:
                need = bleed + (MARK_OFFSET if offset is None else offset) \
                    + (MARK_LENGTH if length is None else length)
                raise ValueError(
                    f"crop marks for trim {trim} need {need:.1f} pt outside the trim; "
                    f"the page {pw:.1f}x{ph:.1f} pt is too small (use print_geometry())")
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setLineCap(0)
    canvas.setDash()
    canvas.setStrokeColorCMYK(c, m, y, k)
    for x0, y0, x1, y1 in segs:
        canvas.line(x0, y0, x1, y1)
    if registration:
        for cx, cy, r in registration_targets(trim, bleed, offset=offset, length=length):
            canvas.circle(cx, cy, r, stroke=1, fill=0)
            canvas.line(cx - 1.3 * r, cy, cx + 1.3 * r, cy)
            canvas.line(cx, cy - 1.3 * r, cx, cy + 1.3 * r)
    canvas.restoreState()
