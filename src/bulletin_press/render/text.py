"""Write laid-out lines into a reportlab canvas as compact PDF text operators.

One `q BT … ET Q` per call; inside it a font switch (`Tf`) only when the face
or the reportlab subset changes, one `Tm` per run of glyphs in one subset, and
the glyph positions as a `TJ` array whose numbers (thousandths of an em) take
the pen from where the font's own advance leaves it to where the layout wants
the next glyph.  The operator string is built here and appended to the page
stream directly (`canvas._code`); no canvas call per glyph.

Glyphs are written in source order, so text extraction (ToUnicode maps that
reportlab writes for TrueType subsets) gives the characters back in order.
The `q … Q` keeps our `Tf` from leaking into the canvas's own text state.
"""
from __future__ import annotations

_ESC = {b: ("\\%03o" % b) for b in range(256) if not (32 <= b < 127) or b in (40, 41, 92)}
_ESC_TABLE = str.maketrans({chr(b): s for b, s in _ESC.items()})


# Chinese punctuation, given subset codes together the first time a face is drawn in a
# document: compressed marks overlap their neighbour's advance box, and text extractors
# (poppler) mis-order an overlapping glyph that also switches font subset (”。 ’，).
_WARM = ("，。、．：；？！“”‘’（）《》〈〉「」『』【】〔〕〖〗［］｛｝·—…～％‰℃"
         "0123456789%.,-")


def _warm(font, doc) -> None:
    done = doc.__dict__.setdefault("_bp_warm_fonts", set())
    if font.fontName not in done:
        done.add(font.fontName)
        face = font.face
        font.splitString("".join(c for c in _WARM if ord(c) in face.charToGlyph), doc)


def _esc(data: bytes) -> str:
    return data.decode("latin-1").translate(_ESC_TABLE)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def _line_ops(out: list, canv, x0: float, y: float, line, state: list) -> None:
    """Append the operators for one line to `out`.  state = [face, subset, size]."""
    doc = canv._doc
    text = line.text
    xs = line.xs
    size = line.size
    scales = line.scales
    ystr = _num(y)
    k_per_pt = 1000.0 / size
    for a, b, face in line.runs:
        font = face.font
        _warm(font, doc)
        widths = face.widths
        dflt = face.default
        k = a
        for subset, data in font.splitString(text[a:b], doc):
            if state[0] is not face or state[1] != subset or state[2] != size:
                out.append(f"{font.getSubsetInternalName(subset, doc)} {_num(size)} Tf")
                state[0], state[1], state[2] = face, subset, size
            m = len(data)
            end = k + m
            # glyph by glyph: a TJ array with numeric adjustments where needed
            pieces = []
            start_b = 0
            pen = None           # pen position (pt) as the PDF viewer will compute it
            first_x = xs[k] if k < end else 0.0
            q = k
            while q < end:
                if scales and q in scales:
                    if start_b < q - k:
                        pieces.append("(" + _esc(data[start_b:q - k]) + ")")
                    if pieces:
                        out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm [{' '.join(pieces)}] TJ")
                    sc = scales[q] * 100.0
                    out.append(f"{_num(sc)} Tz 1 0 0 1 {_num(x0 + xs[q])} {ystr} Tm "
                               f"({_esc(data[q - k:q - k + 1])}) Tj 100 Tz")
                    pieces = []
                    pen = None
                    start_b = q - k + 1
                    q += 1
                    continue
                xq = xs[q]
                if pen is None:
                    first_x = xq
                    pen = xq
                else:
                    delta = xq - pen
                    if delta > 1e-4 or delta < -1e-4:
                        adj = round(-delta * k_per_pt, 2)
                        if adj:
                            if start_b < q - k:
                                pieces.append("(" + _esc(data[start_b:q - k]) + ")")
                            pieces.append(_num(adj))
                            start_b = q - k
                            pen -= adj / k_per_pt
                pen += widths.get(ord(text[q]), dflt) / k_per_pt
                q += 1
            if start_b < m:
                pieces.append("(" + _esc(data[start_b:]) + ")")
            if pieces:
                if len(pieces) == 1:
                    out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm {pieces[0]} Tj")
                else:
                    out.append(f"1 0 0 1 {_num(x0 + first_x)} {ystr} Tm [{' '.join(pieces)}] TJ")
            k = end


def draw_line(canvas, x: float, y: float, line) -> None:
    """Draw one line with its left edge at x and its baseline at y."""
    draw_lines(canvas, x, [y], [line])


def draw_lines(canvas, x: float, baselines, lines) -> None:
    """Draw several lines in one text object (left edge x, one baseline per line)."""
    if not lines or getattr(canvas, "bp_measure", False):
        return
    out = ["q BT"]
    state = [None, None, None]
    for y, line in zip(baselines, lines):
        if line.text:
            _line_ops(out, canvas, x, y, line, state)
    out.append("ET Q")
    canvas._code.append("\n".join(out))
