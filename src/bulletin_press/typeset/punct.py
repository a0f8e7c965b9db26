"""Punctuation geometry: where a mark's ink sits, and how much blank it may lose.

A full-width Chinese mark is set in a 1-em cell that is half ink, half blank
(clreq 3.1.6): the ink of 。，、 and of closing marks is in the left half, the
ink of opening marks in the right half, a middle dot sits in the centre with a
quarter em of blank each side.  The blank is what punctuation adjustment
(标点挤压) removes.

We do not trust a class table alone for the side of the ink: ：；？！ sit left
in mainland (GB) fonts and centred in others, and some fonts draw “ ” · with
proportional advances.  So each mark is measured once per face from its
outline (fontTools), and the blanks follow the ink:

    ink entirely in the left half   -> blank right  (Lb 0,    Rb 0.5)
    ink entirely in the right half  -> blank left   (Lb 0.5,  Rb 0)
    ink in the middle half          -> a quarter each side
    otherwise                       -> no blank (not compressible)

A mark whose advance is narrower than 0.95 em (proportional “ ” ‘ ’ · …) is
drawn full width: it is placed in a 1-em cell on the side its class says
(opening: right, closing/pause: left, middle dot: centred).

Schemes (the names ctex uses):
    quanjiao  全角式  every mark keeps its blank; two adjacent marks lose the
                      blank between them so that a pair takes 1.5 em
    kaiming   开明式  。？！ keep their blank, every other mark is half width
    banjiao   半角式  every mark is half width
"""
from __future__ import annotations

from dataclasses import dataclass

from . import chars as C

SCHEMES = ("quanjiao", "kaiming", "banjiao")

# classes whose marks have a compressible blank
PUNCT_CLASSES = frozenset((C.OP, C.CL, C.PS, C.MD))


@dataclass(frozen=True)
class MarkGeometry:
    """One mark in one face, in em."""

    cell: float     # width of the full-width cell (1.0, or the glyph's own advance if wider)
    offset: float   # glyph origin inside the cell
    lb: float       # blank on the left of the ink that may be removed
    rb: float       # blank on the right of the ink that may be removed
    ink_l: float    # ink extent inside the cell
    ink_r: float


_INK_CACHE: dict[str, dict[str, tuple[float, float] | None]] = {}
_TT_CACHE: dict[str, object] = {}
_GEOM_CACHE: dict[tuple[str, str], MarkGeometry] = {}


def ink_extent(face, ch: str) -> tuple[float, float] | None:
    """Horizontal ink extent (xMin, xMax) of `ch` in em, None for a blank glyph.

    Read straight from the glyph header in the TrueType data reportlab has
    already loaded (the glyph's bounding box), so measuring costs no font parse."""
    path = str(face.path)
    per = _INK_CACHE.setdefault(path, {})
    if ch in per:
        return per[ch]
    rl = face.font.face
    pre = getattr(rl, "ink", None)      # precomputed (typeset/fontmetrics.py)
    if pre is not None and ord(ch) in pre:
        res = pre[ord(ch)]
    else:
        res = _glyph_xbounds(rl, ord(ch))
    per[ch] = res
    return res


def _glyph_xbounds(rl, code: int) -> tuple[float, float] | None:
    import struct
    gid = rl.charToGlyph.get(code)
    if gid is None:
        return None
    data = rl._ttf_data
    head, _ = rl.get_table_pos("head")
    upm = struct.unpack_from(">H", data, head + 18)[0]
    long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
    loca, _ = rl.get_table_pos("loca")
    glyf, _ = rl.get_table_pos("glyf")
    if long_loca:
        start, end = struct.unpack_from(">LL", data, loca + 4 * gid)
    else:
        start, end = (2 * v for v in struct.unpack_from(">HH", data, loca + 2 * gid))
    if end <= start:
        return None   # an empty glyph
    ncont, xmin, _ymin, xmax, _ymax = struct.unpack_from(">hhhhh", data, glyf + start)
    return (xmin / upm, xmax / upm)


def geometry(face, ch: str, klass: int | None = None) -> MarkGeometry:
    """The measured geometry of a punctuation mark in a face (memoised)."""
    key = (str(face.path), ch)
    g = _GEOM_CACHE.get(key)
    if g is not None:
        return g
    if klass is None:
        klass = C.cls(ch)
    adv = face.advance(ch)
    ink = ink_extent(face, ch)
    if adv >= 0.95:
        cell, off = adv, 0.0
    else:
        cell = 1.0
        if klass == C.OP:
            off = 1.0 - adv
        elif klass == C.MD:
            off = (1.0 - adv) / 2
        else:
            off = 0.0
    if ink is None:
        il, ir = off, off + adv
    else:
        il, ir = off + ink[0], off + ink[1]
    half = cell / 2
    tol = 0.04 * cell
    if ir <= half + tol and klass != C.OP:
        lb, rb = 0.0, half
    elif il >= half - tol and klass not in (C.CL, C.PS):
        lb, rb = half, 0.0
    elif il >= cell * 0.2 and ir <= cell * 0.8:
        lb = rb = cell / 4
    elif ir <= half + tol:
        lb, rb = 0.0, half
    elif il >= half - tol:
        lb, rb = half, 0.0
    else:
        lb = rb = 0.0
    g = MarkGeometry(cell, off, lb, rb, il, ir)
    _GEOM_CACHE[key] = g
    return g


def scheme_blanks(scheme: str, ch: str, g: MarkGeometry) -> tuple[float, float]:
    """The blanks a mark keeps in the middle of a line before adjacency rules."""
    if scheme == "banjiao":
        return 0.0, 0.0
    if scheme == "kaiming":
        if ch in C.KAIMING_FULL or C.cls(ch) == C.MD:
            return g.lb, g.rb
        return 0.0, 0.0
    return g.lb, g.rb


def adjust_pair(scheme: str, a_rb: float, b_lb: float) -> tuple[float, float]:
    """Blank between two adjacent marks (A's right, B's left) after adjustment.

    quanjiao: the blank between them shrinks by half an em (2 em -> 1.5 em),
    taken from A's right first.  The other schemes leave pairs alone here
    (kaiming moves a full stop's blank behind closing marks: see shaping).
    """
    if scheme != "quanjiao":
        return a_rb, b_lb
    cut = 0.5
    take = min(a_rb, cut)
    a_rb -= take
    cut -= take
    take = min(b_lb, cut)
    b_lb -= take
    return a_rb, b_lb
