"""From runs to units: the atoms the line breaker works with.

A *unit* is what never splits across lines: one Han character, one
punctuation mark, a doubled dash or ellipsis (—— ……), or a Latin word / number
(`12.3%`, `2,018.3`, `CN41-0846/(G)`, `5G`; hyphenated words are split after
their hyphens, UAX #14).  Between two units lies a *gap*: its natural width,
how far it may stretch or shrink, and whether a line may break there.

Everything is kept in parallel lists (no object per character) and in em.

Typed spaces (U+0020, tab, and the other Unicode spaces; a run of them counts
as one) are handled like this — this is the precise meaning of "typed spaces
are dropped only where the spacing rule replaces them":

* between two Latin units: kept, as a word space (the space glyph is drawn);
* between a Han character and a Latin unit: replaced by the Chinese–Western
  quarter em (the space character itself is dropped);
* between two Han characters (or Han and U+3000): kept, as a 1-em space;
* next to any Chinese punctuation mark, at the start or end of the
  paragraph, or around a hard line break: dropped;
* at a line break: dropped (a space never starts or ends a line).

A kept space is one character of output (a single U+0020 per run, whatever
was typed); U+3000 is an ordinary 1-em unit and never dropped.
"""
from __future__ import annotations

import re
import sys
from array import array
from itertools import compress, repeat
from operator import and_

from ..phrases import SURE
from . import chars as C
from . import punct as P
from .numbers import bind as bind_numbers

# gap kinds
G_TIGHT = 0   # no stretch, no break (inside a word split by a run change, 25℃)
G_CJK = 1     # between characters: takes the even spread
G_HL = 2      # Han–Latin quarter em
G_WS = 3      # Latin word space
G_HSP = 4     # typed space between Han characters (1 em)

_PUNCT = frozenset((C.OP, C.CL, C.PS, C.MD))
_CJKISH = frozenset((C.HAN, C.IDSP))
_SPREADABLE = (False, True, True, True, True)
# How far a Han–Latin gap may stretch beyond its natural width, as a fraction of
# it: 0.25 em stretches to 0.375 em (clreq: between 1/8 and 3/8 em).  It shrinks
# by half as much (to 1/8 em).
HL_STRETCH = 0.5
# A line's slack goes to every gap of the line, a word space or Han–Latin gap
# taking this many times the share of a gap between Han characters.
GAP_WEIGHT = (0.0, 1.0, 2.5, 3.0, 1.0)     # by gap kind G_*

# titles: a break at a typed space or a punctuation mark is free; where BudouX
# is sure of a phrase boundary it costs PHRASE_PLAIN (so a title's halves, 锚定…
# 奋力…, part at their space when they can); a weaker boundary costs up to
# PHRASE_WEAK more, a break inside a phrase PHRASE_INSIDE and more
PHRASE_SURE = SURE
PHRASE_PLAIN = 30.0
PHRASE_WEAK = 200.0
PHRASE_INSIDE = 2000.0


def _phrase_costs(sh, text, S, K, gchar, brk, pen):
    from ..phrases import boundary_scores
    scores = boundary_scores(text)
    for k in range(1, len(S)):
        if not brk[k] or gchar[k] or K[k - 1] in (C.PS, C.CL) or K[k] == C.OP:
            continue          # a typed space or a mark is a boundary in any case
        sc = scores[S[k]]
        if sc >= PHRASE_SURE:
            pen[k] += PHRASE_PLAIN
        elif sc > 0:
            pen[k] += PHRASE_PLAIN + PHRASE_WEAK * (PHRASE_SURE - sc) / PHRASE_SURE
        else:
            pen[k] += PHRASE_INSIDE - sc


class Shaped:
    """A paragraph cut into units (see the module docstring)."""

    __slots__ = ("text", "size", "n", "s", "e", "kind", "face", "w", "lb", "rb", "slb", "erb",
                 "glb", "off", "nch", "gnat", "gkind", "gst1", "gsh2", "gchar", "brk",
                 "forced", "dash", "pen", "sup", "kinds", "gkinds", "one_face")

    def __init__(self, text: str, size: float):
        self.text = text
        self.size = size
        self.n = 0
        self.s: list[int] = []        # source start of the unit in text
        self.e: list[int] = []        # source end (exclusive)
        self.kind: list[int] = []     # class of the unit
        self.face: list = []          # Face
        self.w: list[float] = []      # mid-line width (em) including mid-line blanks
        self.lb: list[float] = []     # mid-line left blank (compressible)
        self.rb: list[float] = []     # mid-line right blank (compressible)
        self.slb: list[float] = []    # left blank when the unit starts a line
        self.erb: list[float] = []    # right blank when the unit ends a line
        self.glb: list[float] = []    # full left blank of the cell (glyph origin reference)
        self.off: list[float] = []    # glyph origin inside the cell
        self.nch: list[int] = []      # characters other than punctuation (孤字 rule)
        self.gnat: list[float] = []   # gap before the unit: natural width
        self.gkind: list[int] = []    # gap kind (G_*)
        self.gst1: list[float] = []   # gap's preferred stretch (Latin spaces, Han–Latin)
        self.gsh2: list[float] = []   # gap's shrink
        self.gchar: list[str] = []    # kept space character drawn in the gap ('' or ' ')
        self.brk: list[bool] = []     # may break before this unit
        self.pen: list[float] = []    # extra cost of a break before this unit (numbers, phrases)
        self.forced: list[int] = []   # unit indices where a hard break starts a new line
        self.dash: dict[int, float] = {}  # unit -> horizontal scale of a doubled dash
        self.sup: frozenset = frozenset()  # units of a footnote mark, set as a superscript
        # read-only copies for quick questions about a line (justify): `kind` and `gkind`
        # one byte a unit, and whether every unit is set in one face — set last by shape(),
        # after _split_wide: whatever changes a Shaped afterwards must set them again
        self.kinds = b""
        self.gkinds = b""
        self.one_face = True

    def widest_latin(self) -> float:
        """The width of the widest Latin unit (em; 0 for none): `shape` cuts a unit
        wider than max_unit_em."""
        w = self.w
        return max((w[k] for k in compress(range(self.n), map(_IS_LAT.__getitem__, self.kind))),
                   default=0.0)


def _face_chooser(fonts):
    """Return f(ch, face, bold) -> a face that has ch (falls back across the style's
    families); the choices are kept on the FontSet (they depend on its faces only)."""
    style = fonts.style
    fams = [f for f in ("song", "hei", "kai") if f in style.fonts] + \
        [f for f in style.fonts if f not in ("song", "hei", "kai")]
    cache: dict[tuple[int, str], object] = fonts.memo("face choice")

    def choose(ch, face, bold):
        if ord(ch) in face.glyphs:
            return face
        key = (id(face), ch)
        got = cache.get(key)
        if got is None:
            got = face
            for fam in fams:
                try:
                    f = fonts.face(fam, bold)
                except Exception:  # missing file: skip this family
                    continue
                if ord(ch) in f.glyphs:
                    got = f
                    break
            cache[key] = got
        return got

    return choose


# classes of the characters that are one unit each, whatever stands beside them
# (not a Latin word, a space, a hard break, a dash or ellipsis that may be doubled)
_ONE_UNIT = re.compile(b"[" + b"".join(re.escape(bytes([c])) for c in (
    C.HAN, C.OP, C.CL, C.PS, C.NS, C.MD, C.IDSP, C.TILDE)) + b"]+")
_NCLASS = 16
_PER_MILLE = (1000.0).__rtruediv__      # x -> x / 1000.0
assert max(C.NAMES) < _NCLASS
# by class: a unit whose width is not its first character's advance, or whose kind
# sets more (a Latin word, a mark, a dash, ellipsis or tilde)
# (tables for bytes.translate over the units' classes, one byte a unit: 1 where it holds)
_OWN_WIDTH = bytes(c in (C.LAT, C.OP, C.CL, C.PS, C.MD, C.DASH, C.ELL, C.TILDE)
                   for c in range(256))
_HAN_COUNT = bytes(c == C.HAN for c in range(256))
_IS_LAT = tuple(c == C.LAT for c in range(_NCLASS))
# may a line begin with / end with a unit of this class: a line may break between two
# units that are neither Latin nor dashes, with no space typed between them, where the
# one after may begin a line and the one before may end it
_MAY_START = bytes(c not in C.NO_START for c in range(256))
_MAY_END = bytes(c not in C.NO_END for c in range(256))
_LAT_RUN = re.compile(re.escape(bytes([C.LAT])) + b"+")
# a character's class by code point (chars.cls memoised once more, for map over code points)
_CLASS_OF: dict[int, int] = {}
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
assert array("I").itemsize == 4


def _code_points(text: str) -> list[int]:
    """list(map(ord, text)), without making a string of each character."""
    return array("I", text.encode(_UTF32, "surrogatepass")).tolist()


def run_face(fonts, role, run):
    """The face a run is set in: bold -> the family's bold file; italic -> kai; code -> hei."""
    fam = role.font
    fams = fonts.style.fonts
    if run.code and "hei" in fams:
        fam = "hei"
    elif run.italic and "kai" in fams:
        fam = "kai"
    return fonts.face(fam, bool(run.bold or role.bold)), bool(run.bold or role.bold)


def shape(runs, role, style, fonts, max_unit_em: float | None = None, *,
          phrases: bool = False, start_half: bool | None = None) -> Shaped:
    """Cut `runs` into units and gaps (see the module docstring).

    `phrases`: a break inside a phrase (BudouX) costs more the surer the model
    is that the phrase goes on (titles, the headline).  `start_half`: override
    the style's line_start_half (the TOC sets every line flush)."""
    pun = style.punctuation
    scheme = pun.scheme if pun.scheme in P.SCHEMES else "quanjiao"
    hl = pun.cjk_latin_space
    tracking = role.tracking or 0.0
    text = "".join(r.text for r in runs)
    sh = Shaped(text, role.size)
    if not text:
        return sh

    # faces per run, as source ranges
    choose = _face_chooser(fonts)
    class_of = _CLASS_OF
    cls = C.cls

    S, E, K, F = sh.s, sh.e, sh.kind, sh.face
    ADV = []         # advance of the unit's first character (1/1000 em; 0 for a Latin word, a dash)
    spaced = set()   # units with a typed space before them
    hyph = set()     # units after a hyphen (or solidus) inside a word: a break allowed before
    forced_at = set()
    pending_space = False
    pending_forced = False

    pos = 0
    for run in runs:
        t = run.text
        if not t:
            continue
        face0, bold = run_face(fonts, role, run)
        glyphs0, wd0, d0 = face0.glyphs, face0.widths, face0.default
        cps = _code_points(t)
        cl = list(map(class_of.get, cps))
        if None in cl:
            for o in set(cps).difference(class_of):
                class_of[o] = cls(chr(o))    # classified once, then kept in the table
            cl = list(map(class_of.get, cps))
        codes = bytes(cl)
        one_unit = _ONE_UNIT.match
        i, n = 0, len(t)
        while i < n:
            m = one_unit(codes, i)
            if m is not None:
                # a stretch of Han characters and marks: one unit a character
                j = m.end()
                if pending_forced:
                    forced_at.add(len(S))
                    pending_forced = False
                if pending_space:
                    spaced.add(len(S))
                    pending_space = False
                S.extend(range(pos + i, pos + j))
                E.extend(range(pos + i + 1, pos + j + 1))
                K.extend(codes[i:j])
                ords = cps[i:j]
                if all(map(glyphs0.__contains__, ords)):
                    F.extend([face0] * (j - i))
                    ADV.extend(map(wd0.get, ords, repeat(d0, j - i)))
                else:
                    fs = [face0 if o in glyphs0 else choose(ch, face0, bold) for ch, o in zip(t[i:j], ords)]
                    F.extend(fs)
                    ADV.extend([f.widths.get(o, f.default) for f, o in zip(fs, ords)])
                i = j
                continue
            ch = t[i]
            c = cl[i]
            if c == C.SPACE:
                pending_space = True
                i += 1
                continue
            if c == C.NL:
                pending_forced = True
                pending_space = False
                i += 1
                continue
            start = pos + i
            if c == C.LAT:
                j = _LAT_RUN.match(codes, i).end()
                # split the word after inner hyphens between letters (UAX #14 HY)
                word = t[i:j]
                face = choose(word[0], face0, bold) if ord(word[0]) not in glyphs0 else face0
                pieces = [0]
                if "-" in word or "/" in word:
                    for k in range(1, len(word) - 1):
                        if word[k] == "-" and word[k - 1].isalpha() and word[k + 1].isalpha():
                            pieces.append(k + 1)
                        # a path or address breaks after a solidus before a letter
                        # (UAX #14 SY); 0846/(G) and 1/2 stay whole
                        elif word[k] == "/" and word[k + 1].isalpha() and word[k - 1] != "/":
                            pieces.append(k + 1)
                pieces.append(len(word))
                first_piece = True
                for a, b in zip(pieces, pieces[1:]):
                    S.append(start + a)
                    E.append(start + b)
                    K.append(C.LAT)
                    F.append(face)
                    ADV.append(0)
                    if first_piece:
                        if pending_space:
                            spaced.add(len(S) - 1)
                    else:
                        hyph.add(len(S) - 1)
                    if pending_forced:
                        forced_at.add(len(S) - 1)
                        pending_forced = False
                    first_piece = False
                    pending_space = False
                i = j
                continue
            # doubled dash / ellipsis
            if (c == C.DASH or c == C.ELL) and i + 1 < n and t[i + 1] == ch and ch not in "⸺⸻":
                end = i + 2
            else:
                end = i + 1
            S.append(start)
            E.append(pos + end)
            K.append(c if end == i + 1 or c == C.ELL else C.DASH)
            F.append(choose(ch, face0, bold))
            ADV.append(0)
            if pending_space:
                spaced.add(len(S) - 1)
            if end == i + 2 and c == C.DASH:
                sh.dash[len(S) - 1] = 1.0   # marks a doubled dash; scale set below
            if pending_forced:
                forced_at.add(len(S) - 1)
                pending_forced = False
            pending_space = False
            i = end
        pos += n

    n = len(S)
    sh.n = n
    # the advance of each unit's first character: the width of a Han character, an
    # ideographic space, a non-starter; the units of other kinds are set below
    size_w = list(map(_PER_MILLE, ADV))
    lb = [0.0] * n
    rb = [0.0] * n
    glb = [0.0] * n
    off = [0.0] * n
    kb = bytes(K)
    nch = list(kb.translate(_HAN_COUNT))
    kaiming_keep = set()
    single_dash = set()
    own = list(compress(range(n), kb.translate(_OWN_WIDTH)))
    marks = []       # the punctuation units
    mark_memo = fonts.memo("mark")   # what a mark's face makes of it
    for k in own:
        kind = K[k]
        face = F[k]
        if kind == C.LAT:
            seg = text[S[k]:E[k]]
            wd = face.widths
            d = face.default
            size_w[k] = sum(wd.get(ord(ch), d) for ch in seg) / 1000.0 + tracking * (len(seg) - 1)
            nch[k] = sum(1 for ch in seg if ch.isalnum())
        elif kind in _PUNCT:
            marks.append(k)
            ch = text[S[k]]
            key = (face, ch, scheme)
            got = mark_memo.get(key)
            if got is None:
                g = P.geometry(face, ch, kind)
                l0, r0 = P.scheme_blanks(scheme, ch, g)
                # blanks, the cell's left blank, the glyph origin, the ink part
                got = mark_memo[key] = (l0, r0, g.lb, g.offset, g.cell - g.lb - g.rb)
            lb[k], rb[k], glb[k], off[k], size_w[k] = got   # blanks added to the width below
        elif kind == C.DASH or kind == C.ELL:
            ch = text[S[k]]
            adv = face.advance(ch)
            cnt = E[k] - S[k]
            if cnt == 2:
                cellw = max(adv, 1.0)
                size_w[k] = 2 * cellw
                if kind == C.DASH:
                    ink = P.ink_extent(face, ch)
                    if ink is not None and (adv < 0.97 or ink[0] > 0.05 or ink[1] < adv - 0.05):
                        inkw = max(ink[1] - ink[0], 0.1)
                        scale = 1.0 / inkw
                        sh.dash[k] = scale
                        # origin so that the scaled ink starts 0.02 em into the cell
                        off[k] = 0.02 - ink[0] * scale
                    else:
                        sh.dash.pop(k, None)
                        off[k] = (cellw - adv) / 2
                else:
                    off[k] = (cellw - adv) / 2
            else:
                size_w[k] = adv
                single_dash.add(k)
        else:  # TILDE (its width is its advance)
            single_dash.add(k)

    # adjacent punctuation (no gap between them: spaces next to marks are dropped)
    slb = lb[:]
    erb = rb[:]
    for k in marks:
        if k + 1 < n and K[k + 1] in _PUNCT and (k + 1) not in forced_at:
            if scheme == "kaiming":
                if text[S[k]] in C.KAIMING_FULL and rb[k] > 0 and K[k + 1] == C.CL:
                    # the full stop's blank moves behind the closing mark(s)
                    rb[k + 1] += rb[k]
                    erb[k + 1] = rb[k + 1]
                    kaiming_keep.add(k + 1)
                    rb[k] = 0.0
            else:
                rb[k], lb[k + 1] = P.adjust_pair(scheme, rb[k], lb[k + 1])
    # blanks at line edges
    for k in marks:
        kind = K[k]
        if (pun.line_start_half if start_half is None else start_half) and kind == C.OP:
            slb[k] = 0.0
        if pun.line_end_half and (kind == C.CL or kind == C.PS) and k not in kaiming_keep:
            if not (scheme == "kaiming" and text[S[k]] in C.KAIMING_FULL):
                erb[k] = 0.0
        size_w[k] += lb[k] + rb[k]

    # gaps: between two units that are neither Latin nor dashes, with no space typed
    # and no hard break, the gap is plain (tracking, a break unless a mark forbids it);
    # the others are worked out one by one
    gnat = [tracking] * n
    if n:
        gnat[0] = 0.0
    gkind = [G_CJK] * n
    gst1 = [0.0] * n
    gsh2 = [0.0] * n
    gchar = [""] * n
    # brk[k] (k > 0): unit k may begin a line and unit k - 1 may end one (1 or 0)
    brk = [True] * min(n, 1)
    brk.extend(map(and_, kb[1:].translate(_MAY_START), kb.translate(_MAY_END)))
    special = forced_at | spaced
    latin = [k for k in own if K[k] == C.LAT]
    for k in latin:
        special.add(k)
        special.add(k + 1)
    for k in single_dash:
        special.add(k)
        special.add(k + 1)
    special.discard(0)
    special.discard(n)
    latin_edge = C.latin_edge
    for k in sorted(special):
        gnat[k] = 0.0
        brk[k] = True
        a, b = K[k - 1], K[k]
        sp = k in spaced
        if k in forced_at:
            gkind[k] = G_TIGHT
            continue
        if a == C.LAT and b == C.LAT:
            if sp:
                face = F[k - 1]
                w = face.advance(" ")
                gnat[k], gkind[k], gst1[k], gsh2[k], gchar[k] = w, G_WS, 0.5, w * 0.35, " "
            else:
                gkind[k] = G_TIGHT
                brk[k] = k in hyph
                gnat[k] = tracking
            continue
        if a == C.LAT or b == C.LAT:
            other = b if a == C.LAT else a
            if other in _CJKISH:
                edge = text[E[k - 1] - 1] if a == C.LAT else text[S[k]]
                if sp or latin_edge(edge):
                    gnat[k], gkind[k], gst1[k], gsh2[k] = hl, G_HL, hl * HL_STRETCH, hl * 0.5
                else:
                    gnat[k] = tracking
            elif other == C.NS or (other in (C.DASH, C.TILDE) and (k if b != C.LAT else k - 1) in single_dash):
                gkind[k] = G_TIGHT
                gnat[k] = tracking
            else:
                gnat[k] = tracking
            # Western punctuation at a word edge binds to its neighbour
            if a == C.LAT and text[E[k - 1] - 1] in C.LATIN_NONENDER:
                brk[k] = False
            if b == C.LAT and text[S[k]] in C.LATIN_NONSTARTER:
                brk[k] = False
        elif sp and a in _CJKISH and b in _CJKISH:
            gnat[k], gkind[k], gchar[k] = 1.0, G_HSP, " "
        else:
            gnat[k] = tracking
        if b in C.NO_START or a in C.NO_END:
            brk[k] = False
        if k in single_dash or k - 1 in single_dash:
            brk[k] = False
        if b == C.NS and a == C.LAT:
            brk[k] = False
    pen = [0.0] * n
    bind_numbers(text, S, E, K, brk, pen)
    if phrases:
        _phrase_costs(sh, text, S, K, gchar, brk, pen)
    if n:
        brk[0] = False    # (a text of typed spaces only has no unit)

    notes = _note_spans(runs)
    if notes:
        # a footnote mark (① …, 〔21〕) is a superscript: SUP_SIZE of the text, no gap
        # before it and no break before or inside it (it belongs to the words it explains)
        for k in range(n):
            if _in_spans(S[k], notes):
                for arr in (size_w, lb, rb, slb, erb, glb, off):
                    arr[k] *= SUP_SIZE
                brk[k] = False
                gnat[k], gkind[k], gst1[k], gsh2[k], gchar[k] = 0.0, G_TIGHT, 0.0, 0.0, ""
                nch[k] = 0
    sh.pen = pen
    sh.w, sh.lb, sh.rb, sh.slb, sh.erb = size_w, lb, rb, slb, erb
    sh.glb, sh.off, sh.nch = glb, off, nch
    sh.gnat, sh.gkind, sh.gst1, sh.gsh2, sh.gchar, sh.brk = gnat, gkind, gst1, gsh2, gchar, brk
    sh.forced = sorted(forced_at)
    # emergency: a Latin unit wider than the line may break anywhere inside
    if max_unit_em is not None and any(size_w[k] > max_unit_em for k in latin):
        _split_wide(sh, max_unit_em, tracking)
    if notes:
        sh.sup = frozenset(k for k in range(sh.n) if _in_spans(sh.s[k], notes))
    sh.kinds = bytes(sh.kind)
    sh.gkinds = bytes(sh.gkind)
    sh.one_face = not sh.n or sh.face.count(sh.face[0]) == sh.n
    return sh


SUP_SIZE = 0.62      # a footnote mark's size, of the text's (小六 beside 五号)
SUP_RISE = 0.38      # its baseline raised, in em of the text


def _note_spans(runs) -> list[tuple[int, int]]:
    """Source ranges of the footnote marks among `runs` (runs with a `note`)."""
    out, pos = [], 0
    for r in runs:
        if getattr(r, "note", None) is not None and r.text:
            out.append((pos, pos + len(r.text)))
        pos += len(r.text)
    return out


def _in_spans(at: int, spans) -> bool:
    return any(a <= at < b for a, b in spans)


_UNIT_FIELDS = ("s", "e", "kind", "face", "w", "lb", "rb", "slb", "erb", "glb", "off", "nch")
_GAP_FIELDS = ("gnat", "gkind", "gst1", "gsh2", "gchar", "brk", "pen")


def _split_wide(sh, limit, tracking):
    """Cut Latin units wider than `limit` em into pieces that fit (rare: long URLs)."""
    text = sh.text
    forced = set(sh.forced)
    out = {f: [] for f in _UNIT_FIELDS + _GAP_FIELDS}
    new_forced = []
    dash = {}
    for k in range(sh.n):
        if k in forced:
            new_forced.append(len(out["s"]))
        if k in sh.dash:
            dash[len(out["s"])] = sh.dash[k]
        if sh.kind[k] != C.LAT or sh.w[k] <= limit:
            for f in _UNIT_FIELDS + _GAP_FIELDS:
                out[f].append(getattr(sh, f)[k])
            continue
        face = sh.face[k]
        a = sh.s[k]
        acc = 0.0
        first = True
        pieces = []
        for i in range(sh.s[k], sh.e[k]):
            cw = face.advance(text[i]) + tracking
            if acc + cw > limit and i > a:
                pieces.append((a, i, acc - tracking))
                a, acc = i, 0.0
            acc += cw
        pieces.append((a, sh.e[k], acc - tracking))
        for a, b, wd in pieces:
            for f, v in zip(_UNIT_FIELDS, (a, b, C.LAT, face, wd, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                                           sum(1 for ch in text[a:b] if ch.isalnum()))):
                out[f].append(v)
            if first:
                for f in _GAP_FIELDS:
                    out[f].append(getattr(sh, f)[k])
                first = False
            else:
                for f, v in zip(_GAP_FIELDS, (0.0, G_TIGHT, 0.0, 0.0, "", True, 0.0)):
                    out[f].append(v)
    for f, v in out.items():
        setattr(sh, f, v)
    sh.forced = new_forced
    sh.dash = dash
    sh.n = len(sh.s)
