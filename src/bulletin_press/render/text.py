"""Write laid-out lines into a reportlab canvas as compact PDF text operators.

One `q BT … ET Q` per call; inside it a font switch (`Tf`) only when the face
changes, one `Tm` per run of one face, and the glyph positions as a `TJ` array
whose numbers (thousandths of an em) take the pen from where the font's own
advance leaves it to where the layout wants the next glyph.  Each face is one
Type0 font whose codes are glyph ids (render/cidfont.py), so a line of one face
is one run.  The operator string is built here and appended to the page stream
directly (`canvas._code`); no canvas call per glyph.

Glyphs are written in source order, so text extraction (through the font's
ToUnicode map) gives the characters back in order.  The `q … Q` keeps our `Tf`
from leaking into the canvas's own text state.
"""
from __future__ import annotations

from .cidfont import cid_font


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


class _Nums(dict):
    """number -> _num(number), filled as numbers are met (the TJ adjustments: rounded
    to hundredths, the same few hundred come back line after line)."""

    def __missing__(self, v):
        if len(self) > 50_000:
            self.clear()
        s = self[v] = _num(v)
        return s


_NUMS = _Nums()


class _Advances(dict):
    """character -> how far the viewer moves the pen after it (pt), for one face at
    one size with one tracking: the advance width at that size plus the tracking,
    the sum _line_ops adds glyph by glyph.  Filled as characters are met."""

    def __init__(self, face, k_per_pt: float, tc: float):
        super().__init__()
        self.widths, self.default, self.k_per_pt, self.tc = face.widths, face.default, k_per_pt, tc

    def __missing__(self, ch):
        v = self[ch] = self.widths.get(ord(ch), self.default) / self.k_per_pt + self.tc
        return v


_ADVANCES: dict = {}     # (face, size, tracking) -> _Advances


def _advances(face, size: float, k_per_pt: float, tc: float) -> _Advances:
    got = _ADVANCES.get((face, size, tc))
    if got is None:
        if len(_ADVANCES) > 256:
            _ADVANCES.clear()
        got = _ADVANCES[(face, size, tc)] = _Advances(face, k_per_pt, tc)
    return got


def _line_ops(out: list, canv, x0: float, y: float, line, state: list, firsts=None) -> None:
    """Append the operators for one line to `out`.  state = [face, size].  `firsts`
    (TextMemo): face -> the characters drawn in it, in the order first met."""
    doc = canv._doc
    text = line.text
    xs = line.xs
    size = line.size
    scales = line.scales or {}
    sups = getattr(line, "sups", None) or {}
    ystr = _num(y)
    k_per_pt = 1000.0 / size
    tc = getattr(line, "tracking", 0.0) or 0.0     # letter spacing the viewer adds (Tc)
    if tc:
        out.append(f"{_num(tc)} Tc")
    for a, b, face in line.runs:
        font = cid_font(doc, face)
        if state[0] is not face or state[1] != size:
            out.append(f"/{font.name} {_num(size)} Tf")
            state[0], state[1] = face, size
        codes = font.encode(text[a:b], None if firsts is None else firsts.setdefault(face, {}))
        #                                          four hex digits a glyph
        if not (scales or sups):
            _plain_run(out, codes, xs[a:b], _advances(face, size, k_per_pt, tc), text[a:b],
                       k_per_pt, x0, ystr)
            continue
        widths = face.widths
        dflt = face.default
        pieces: list[str] = []
        run_start = 0                            # first glyph of the pending string
        pen = None                               # where the viewer's pen stands (pt)
        first_x = xs[a]
        q = a
        while q < b:
            if q in scales or q in sups:         # a doubled dash, a footnote mark: on its own
                if run_start < q - a:
                    pieces.append("<" + codes[4 * run_start:4 * (q - a)] + ">")
                if pieces:
                    out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm [{' '.join(pieces)}] TJ")
                code = codes[4 * (q - a):4 * (q - a) + 4]
                if q in scales:
                    out.append(f"{_num(scales[q] * 100.0)} Tz 1 0 0 1 {_num(x0 + xs[q])} {ystr} Tm "
                               f"<{code}> Tj 100 Tz")
                else:                            # smaller, raised; then the line's size again
                    f, rise = sups[q]
                    out.append(f"/{font.name} {_num(size * f)} Tf 1 0 0 1 {_num(x0 + xs[q])} "
                               f"{_num(y + rise * size)} Tm <{code}> Tj /{font.name} {_num(size)} Tf")
                pieces, pen, run_start = [], None, q - a + 1
                q += 1
                continue
            xq = xs[q]
            if pen is None:
                first_x = pen = xq
            else:
                delta = xq - pen
                if delta > 1e-4 or delta < -1e-4:
                    adj = round(-delta * k_per_pt, 2)
                    if adj:
                        if run_start < q - a:
                            pieces.append("<" + codes[4 * run_start:4 * (q - a)] + ">")
                        pieces.append(_num(adj))
                        run_start = q - a
                        pen -= adj / k_per_pt
            pen += widths.get(ord(text[q]), dflt) / k_per_pt + tc
            q += 1
        if run_start < b - a:
            pieces.append("<" + codes[4 * run_start:] + ">")
        if pieces:
            if len(pieces) == 1:
                out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm {pieces[0]} Tj")
            else:
                out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm [{' '.join(pieces)}] TJ")
    if tc:
        out.append("0 Tc")


def _plain_run(out: list, codes: str, xs, advances: _Advances, text: str, k_per_pt: float,
               x0: float, ystr: str) -> None:
    """The operators of a run of one face with no scaled or raised glyph (`xs` its
    glyphs' origins from x0, `ystr` the baseline): what _line_ops's glyph-by-glyph
    loop gives, faster."""
    n = len(xs)
    if not n:
        return
    at = _num(x0 + xs[0]) + " " + ystr
    adv = list(map(advances.__getitem__, text))
    # Where the viewer's pen stands after each glyph, against where the layout wants
    # the next: a difference over 1e-4 pt is a TJ adjustment (thousandths of an em,
    # rounded to hundredths; the pen moves by what was written).  cuts: glyph index,
    # adjustment before it, …
    cuts = []
    pen = xs[0] + adv[0]
    for i in range(1, n):
        d = xs[i] - pen
        if d > 1e-4 or d < -1e-4:
            adj = round(-d * k_per_pt, 2)
            if adj:
                cuts += (i, adj)
                pen -= adj / k_per_pt
        pen += adv[i]
    if not cuts:
        out.append(f"1 0 0 1 {at} Tm <{codes}> Tj")
        return
    nums, pieces, start = _NUMS, [], 0
    for j in range(0, len(cuts), 2):
        i = cuts[j]
        pieces += ("<" + codes[4 * start:4 * i] + ">", nums[cuts[j + 1]])
        start = i
    pieces.append("<" + codes[4 * start:] + ">")
    out.append(f"1 0 0 1 {at} Tm [{' '.join(pieces)}] TJ")


def chars_by_face(lines) -> dict:
    """face -> the characters `lines` (page-plan text lines) set in it: what their
    drawing will encode (render/cidfont.py's `prepare`)."""
    out: dict = {}
    for line in lines:
        text = line.text
        for a, b, face in line.runs:
            got = out.get(face)
            if got is None:
                got = out[face] = set()
            got.update(text[a:b])
    return out


def draw_line(canvas, x: float, y: float, line) -> None:
    """Draw one line with its left edge at x and its baseline at y."""
    draw_placed(canvas, [(x, y, line)])


def draw_placed(canvas, placed, memo: "TextMemo | None" = None, key=None) -> None:
    """Draw lines that each carry their own left edge: [(x, baseline, line)], one text object.
    With a `memo`, the operators made for `key` in another variant are used again."""
    if not placed:
        return
    if memo is not None and memo.replay(canvas, key, placed):
        return
    out = ["q BT"]
    state = [None, None]
    firsts = None if memo is None else {}
    for x, y, line in placed:
        if line.text:
            _line_ops(out, canvas, x, y, line, state, firsts)
    out.append("ET Q")
    ops = "\n".join(out)
    canvas._code.append(ops)
    if memo is not None:
        doc = canvas._doc
        memo.keep(key, placed, ops, [(face, cid_font(doc, face).name, f) for face, f in firsts.items()])


class TextMemo:
    """The text operators of one page plan, made while drawing one variant and used
    again for the next: both draw the same lines with the same faces in the same
    order (only colour, links, marks and the page's offset differ, all outside the
    text objects), so the operators are the same string.  Used again only where the
    faces have the same resource names in both documents; each face is told the
    glyphs it drew, as encoding the text again would."""

    def __init__(self):
        self._kept: dict = {}
        self.prepared = False            # its font programs started on (render/pdf.py)
        self.pictures: dict = {}         # id(picture bytes) -> worker Job: its drawImage name (render/pdf.py)

    def keep(self, key, placed, ops: str, fonts: list) -> None:
        self._kept[key] = (tuple(id(line) for _, _, line in placed), ops, fonts)

    def replay(self, canvas, key, placed) -> bool:
        got = self._kept.get(key)
        if got is None or got[0] != tuple(id(line) for _, _, line in placed):
            return False
        _, ops, fonts = got
        doc = canvas._doc
        cids = [cid_font(doc, face) for face, _, _ in fonts]   # registered in the order first drawn
        if any(cid.name != name for cid, (_, name, _) in zip(cids, fonts)):
            return False
        for cid, (_, _, firsts) in zip(cids, fonts):
            cid.record(firsts)
        canvas._code.append(ops)
        return True
