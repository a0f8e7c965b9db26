"""Justification: turn a chosen line (units i..j-1) into positioned glyphs.

Order of adjustment (clreq 3.8, the same order the breaker's costs assume):

* too long  -> compress punctuation blanks (all marks of the line, in
  proportion to their blank), then Latin word spaces and Han–Latin gaps;
* too short -> spread the slack over every gap of the line at once (Han–Han,
  Han–mark, mark–Han, Han–Latin, word spaces …; never inside a Latin word),
  weighted by gap kind (shaping.GAP_WEIGHT), a Han–Latin gap up to its limit
  (3/8 em in all; see linebreak.spread).

The last line of a paragraph (and a line ended by a hard break) is not
spread; it may still be compressed to fit.  Ragged alignments (left, center,
right) set every line at its natural width and place it.
"""
from __future__ import annotations

from collections import namedtuple

from . import chars as C
from .linebreak import Prefix, line_metrics, spread as spread_of
from .shaping import G_CJK, G_HL, G_TIGHT, GAP_WEIGHT, SUP_RISE, SUP_SIZE, Shaped

Glyph = namedtuple("Glyph", "x ch face size hscale")

_PUNCT = frozenset((C.OP, C.CL, C.PS, C.MD))


class Line:
    """One laid-out line.  Positions in points from the left edge of the text column.

    `text` holds one character per glyph (kept spaces included), `xs` the glyph
    origins; `runs` lists (start, end, face) glyph ranges set in one face;
    `scales` maps a glyph index to a horizontal scale (doubled dashes only);
    `sups` a glyph index to (size factor, rise in em): a footnote mark's superscript.
    `left`/`right` are the edges of the line's boxes (after edge trimming),
    so a justified line has left == indent and right == width.
    """

    __slots__ = ("xs", "text", "runs", "scales", "size", "width", "left", "right", "last",
                 "hard", "start", "end", "indent", "justified", "units", "sups")

    def __init__(self):
        self.scales = None
        self.sups = None

    @property
    def glyphs(self) -> list[Glyph]:
        out = []
        scales = self.scales or {}
        sups = self.sups or {}
        text, xs, size = self.text, self.xs, self.size
        for a, b, face in self.runs:
            for k in range(a, b):
                f = sups[k][0] if k in sups else 1.0
                out.append(Glyph(xs[k], text[k], face, size * f, scales.get(k, 1.0)))
        return out

    @property
    def chars(self) -> str:
        return self.text

    @property
    def face(self):
        return self.runs[0][2] if self.runs else None

    def __repr__(self) -> str:
        flags = " last" if self.last else ""
        return f"<Line {self.text!r} {self.left:.2f}..{self.right:.2f}/{self.width:.2f}{flags}>"


# The most extra space a justified line may put between two characters (em);
# the line breaker aims far lower (style punctuation.max_han_gap).  Past this a
# line is set ragged: only a piece that cannot break (a long address in a narrow
# column) leaves a line that short.
MAX_SPREAD_EM = 1.0


def set_line(sh: Shaped, pre: Prefix, i: int, j: int, width_em: float, indent_em: float,
             *, justify: bool, align: str, last: bool, hard: bool) -> Line:
    size = sh.size
    nat, shr, sh2, sw, hw, hc, gaps = line_metrics(sh, pre, i, j)
    d = width_em - nat
    fp = 0.0          # fraction of punctuation blank removed
    f2 = 0.0          # fraction of secondary shrink used
    g = 0.0           # spread per unit of gap weight
    spread = justify and not (last or hard)
    if d < -1e-9:
        s = -d
        if shr > 0 and s <= shr:
            fp = s / shr
        else:
            fp = 1.0 if shr > 0 else 0.0
            rest = s - shr
            if sh2 > 0:
                f2 = min(1.0, rest / sh2)
        d_after = 0.0
    elif spread and gaps > 0 and spread_of(d, sw, hw, hc) > MAX_SPREAD_EM:
        # an unbreakable piece (a long address) left too little for this line: set it
        # ragged rather than as a row of gaps
        spread = False
        d_after = d
    elif spread:
        if gaps > 0:
            g = spread_of(d, sw, hw, hc)
        d_after = 0.0 if gaps > 0 else d
    else:
        d_after = d
    # placement of a line that is not spread
    offset = indent_em
    if not spread or d_after > 0:
        if align == "center":
            offset += max(d_after, 0.0) / 2
        elif align == "right":
            offset += max(d_after, 0.0)

    keep = 1.0 - fp
    if not sh.sup and _plain(sh, i, j):
        xs, text, runs, x = _place_plain(sh, i, j, offset, g, keep)
        scales = sups = None
    else:
        xs, text, runs, scales, sups, x = _place(sh, i, j, offset, g, f2, keep)
    ln = Line()
    ln.xs = xs
    ln.text = text
    ln.runs = runs
    ln.scales = scales
    ln.sups = sups
    ln.size = size
    ln.width = (width_em + indent_em) * size
    ln.indent = indent_em * size
    ln.left = offset * size
    ln.right = x * size
    ln.last = last
    ln.hard = hard
    ln.start = sh.s[i]
    ln.end = sh.e[j - 1]
    # a line that had nothing to spread into (one unbreakable word) stays short: ragged
    ln.justified = spread and ln.right >= ln.width - 0.05
    ln.units = (i, j)
    return ln


_PLAIN_KINDS = bytes((C.HAN, C.OP, C.CL, C.PS, C.NS, C.MD, C.IDSP, C.TILDE))
_CJK_GAP = bytes((G_CJK,))
# one-character units set at their advance (the last branch of `_place`'s loop)
_SINGLE = frozenset((C.HAN, C.NS, C.IDSP, C.TILDE))
# the shortcuts for the plain gap between characters (_place_plain, _place) take its spread
# whole: its weight must be 1 (shaping makes its shrink 0 and draws no character in it)
assert GAP_WEIGHT[G_CJK] == 1.0


def _plain(sh: Shaped, i: int, j: int) -> bool:
    """Is line i..j-1 all one-character units (Han, marks, U+3000 …; no Latin word, no
    doubled dash) in one face, with a gap between characters (G_CJK) between each two?
    (What is left of the line's classes once the plain ones are deleted is empty.)"""
    face = sh.face
    return (not sh.kinds[i:j].translate(None, _PLAIN_KINDS)
            and not sh.gkinds[i + 1:j].translate(None, _CJK_GAP)
            and (sh.one_face or face[i:j].count(face[i]) == j - i))


def _place_plain(sh: Shaped, i: int, j: int, offset: float, g: float, keep: float):
    """`_place` for a plain line (see `_plain`): the same sums in the same order (a gap
    between characters takes g whole and has nothing to shrink), in one tight loop."""
    size = sh.size
    kind, w, lb, rb, glb, off, gnat, S = sh.kind, sh.w, sh.lb, sh.rb, sh.glb, sh.off, sh.gnat, sh.s
    xs: list[float] = []
    put = xs.append
    x = offset
    last = j - 1
    for k in range(i, j):
        if k > i:
            x += gnat[k] + g if g else gnat[k]
        if kind[k] in _PUNCT:
            a = sh.slb[k] if k == i else lb[k] * keep
            bq = sh.erb[k] if k == last else rb[k] * keep
            ink = w[k] - lb[k] - rb[k]
            put((x + a - glb[k] + off[k]) * size)
            x += a + ink + bq
        else:
            put((x + off[k]) * size)
            x += w[k]
    text = sh.text
    if S[last] - S[i] == last - i:        # no space dropped inside the line
        chars = text[S[i]:S[last] + 1]
    else:
        chars = "".join(map(text.__getitem__, S[i:j]))
    return xs, chars, [(0, j - i, sh.face[i])], x


def _place(sh: Shaped, i: int, j: int, offset: float, g: float, f2: float, keep: float):
    """The glyphs of line i..j-1 from x = `offset` (em): (origins in points, their
    characters, face runs, horizontal scales, superscripts, the line's right edge in em)."""
    size = sh.size
    text = sh.text
    kind, face, w, lb, rb, glb, off = sh.kind, sh.face, sh.w, sh.lb, sh.rb, sh.glb, sh.off
    gnat, gkind, gst1, gsh2, gchar = sh.gnat, sh.gkind, sh.gst1, sh.gsh2, sh.gchar
    S, E = sh.s, sh.e
    dash = sh.dash
    sup = sh.sup
    sups = None
    xs: list[float] = []
    put = xs.append
    chars: list[str] = []
    runs = []
    run_face = None
    run_start = 0
    scales = None
    x = offset
    single, punct, LAT = _SINGLE, _PUNCT, C.LAT
    for k in range(i, j):
        fk = face[k]
        if k > i:
            gk = gkind[k]
            if gk == G_CJK:
                # takes g whole (its weight is 1) and has nothing to shrink
                x += gnat[k] + g if g else gnat[k]
            else:
                gw = gnat[k]
                if gk != G_TIGHT:
                    if g:
                        ext = g * GAP_WEIGHT[gk]
                        if gk == G_HL and ext > gst1[k]:
                            ext = gst1[k]
                        gw += ext
                    gw -= gsh2[k] * f2
                if gchar[k]:
                    if fk is not run_face:
                        if run_face is not None:
                            runs.append((run_start, len(chars), run_face))
                        run_face, run_start = fk, len(chars)
                    put(x * size)
                    chars.append(gchar[k])
                x += gw
        if fk is not run_face:
            if run_face is not None:
                runs.append((run_start, len(chars), run_face))
            run_face, run_start = fk, len(chars)
        kd = kind[k]
        if sup:
            before = len(chars)
        if kd in single:               # a Han character, U+3000, a non-starter, a tilde
            put((x + off[k]) * size)
            chars.append(text[S[k]])
            x += w[k]
        elif kd in punct:
            a = sh.slb[k] if k == i else lb[k] * keep
            bq = sh.erb[k] if k == j - 1 else rb[k] * keep
            ink = w[k] - lb[k] - rb[k]
            put((x + a - glb[k] + off[k]) * size)
            chars.append(text[S[k]])
            x += a + ink + bq
        elif kd == LAT:
            seg = text[S[k]:E[k]]
            wd = fk.widths
            dflt = fk.default
            tr = 0.0
            scale = SUP_SIZE if k in sup else 1.0
            for ch in seg:
                put((x + tr) * size)
                chars.append(ch)
                x += wd.get(ord(ch), dflt) / 1000.0 * scale
            x += 0.0
            if len(seg) > 1:
                # tracking inside words was counted in w[k]; spread it back
                extra = w[k] - sum(wd.get(ord(ch), dflt) for ch in seg) / 1000.0 * scale
                if extra:
                    step = extra / (len(seg) - 1)
                    base_i = len(xs) - len(seg)
                    for q in range(1, len(seg)):
                        xs[base_i + q] += step * q * size
                    x += extra
        elif E[k] - S[k] == 2:          # doubled dash or ellipsis
            ch = text[S[k]]
            cellw = w[k] / 2
            put((x + off[k]) * size)
            put((x + cellw - 0.04 * (k in dash) + off[k]) * size)
            chars.append(ch)
            chars.append(text[S[k] + 1])
            if k in dash:
                if scales is None:
                    scales = {}
                scales[len(chars) - 2] = dash[k]
                scales[len(chars) - 1] = dash[k]
            x += w[k]
        else:
            put((x + off[k]) * size)
            chars.append(text[S[k]])
            x += w[k]
        if sup and k in sup:
            if sups is None:
                sups = {}
            for q in range(before, len(chars)):
                sups[q] = (SUP_SIZE, SUP_RISE)
    if run_face is not None:
        runs.append((run_start, len(chars), run_face))
    return xs, "".join(chars), runs, scales, sups, x
