"""Precomputed metrics of a font file: what a build needs, in one read.

Parsing a 22,000-glyph TrueType face with reportlab (name, head, OS/2, post,
cmap, hmtx, loca, in pure Python) costs about a quarter of a second a face.  The
fonts in fonts/ are pinned, so `fonts/make_fonts.py` computes once what that
parse yields and writes it next to each font, as FONT.metrics:

    zlib( b"BPMETRICS1\\n" + JSON header + b"\\n" + cmap code points (uint32, big-endian)
          + their glyph ids (uint16) + their advances (uint16, font units)
          + ink extents (int16 xMin, xMax) of the glyphs listed in the header )

The header keeps the scalar facts (names, em, bounding box, ascent, descent,
cap height, italic angle, stem, flags) exactly as reportlab's parser sets them,
the ink extents of every character outside the ideograph blocks (the glyph
headers the punctuation rules measure), and the font's size and table checksums:
the metrics are used only for the very file they were made from.

The cmap of a face is a dict of some 22,000 characters, its advances another:
building them is most of what loading a face costs.  Faces of one family share
their cmap (Noto's Regular and Bold): it is built once a process and shared (no
one writes to a cmap).  The engine reads advances as `widths.get(cp, default)`, so
a face also gives `wide`, the few hundred characters whose advance is not the
default, found between the runs of the default in the advances read as UTF-16
(one code unit an advance); reportlab's full `charWidths` is built only when asked for.

`load_face(path)` gives a reportlab TrueType face (a `TTFontFace`) filled from
the metrics, with the font file memory-mapped for the glyph data a PDF embeds;
a font without (matching) metrics is parsed the ordinary way.
"""
from __future__ import annotations

import json
import mmap
import re
import struct
import sys
import zlib
from array import array
from functools import cached_property
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace, TTFontParser

MAGIC = b"BPMETRICS1\n"
SUFFIX = ".metrics"
# what reportlab's extractInfo computes and the metrics do not store as scalars
_BULK = {"charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos", "_pdfScale"}
_NAMES = {"name", "familyName", "styleName", "fullName", "uniqueFontID"}


def metrics_path(font: Path | str) -> Path:
    p = Path(font)
    return p.with_name(p.stem + SUFFIX)


def _inked(cp: int) -> bool:
    """Characters whose ink extent is stored: everything but the ideographs, kana and
    hangul (punctuation, symbols, Latin, digits; the ink rules never ask for a Han)."""
    return not (0x2E80 <= cp <= 0x2FFF or 0x3040 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFAFF
                or cp >= 0x20000)


def _identity(data) -> dict:
    """Size and table-directory checksums of a font file (read from its first bytes)."""
    p = TTFontParser.__new__(TTFontParser)
    p._ttf_data = data
    p.filename = "(font)"
    TTFontParser.__init__(p, None)
    return {"bytes": len(data), "tables": {t["tag"]: t["checksum"] for t in p.tables}}


def _xbounds(face, gid: int):
    data = face._ttf_data
    start, end = face.glyphPos[gid], face.glyphPos[gid + 1]
    if end <= start:
        return None
    glyf = face.table["glyf"]["offset"]
    _, xmin, _, xmax, _ = struct.unpack_from(">hhhhh", data, glyf + start)
    return xmin, xmax


def compute(path: Path | str, sha256: str | None = None) -> bytes:
    """The metrics file's bytes for the font at `path` (parsed by reportlab)."""
    path = Path(path)
    data = path.read_bytes()
    bare = TTFontFace.__new__(TTFontFace)     # what the parse starts from
    pdfmetrics.TypeFace.__init__(bare, None)
    TTFontParser.__init__(bare, str(path))
    before = dict(vars(bare))
    face = TTFontFace(str(path))
    scalars = {}
    for k, v in vars(face).items():
        if k in _BULK or k == "_pos" or (k in before and before[k] == v):
            continue
        if k in _NAMES:
            v = {"name": v.ustr}
        elif isinstance(v, tuple):
            v = {"tuple": list(v)}
        scalars[k] = v
    cmap = face.charToGlyph
    cps = array("I", cmap.keys())
    gids = array("H", cmap.values())
    # the advance reportlab gives each character: its hmtx loop walks the glyphs in
    # order and sets the width of every character listed under a glyph
    raw = {}
    for g in sorted(face.glyphToChar):
        for cp in face.glyphToChar[g]:
            raw[cp] = face.hmetrics[g][0]
    upm_adv = array("H", (raw.get(cp, face.hmetrics[cmap[cp]][0]) for cp in cps))
    assert all(face._pdfScale(a) == face.charWidths[cp] for cp, a in zip(cps, upm_adv))
    # glyphToChar is the inverse of the cmap but for a code listed twice in it
    inverse: dict[int, list[int]] = {}
    for cp, g in cmap.items():
        inverse.setdefault(g, []).append(cp)
    g2c_fix = {str(g): v for g, v in face.glyphToChar.items() if inverse.get(g) != v}
    g2c_fix.update({str(g): [] for g in inverse if g not in face.glyphToChar})
    ink_cps = [cp for cp in cps if _inked(cp)]
    ink = array("h")
    ink_keep = []
    for cp in ink_cps:
        b = _xbounds(face, cmap[cp])
        if b is not None:
            ink_keep.append(cp)
            ink.extend(b)
    header = {"font": {**_identity(data), "sha256": sha256}, "attrs": scalars,
              "count": len(cps), "ink": ink_keep, "glyph_to_char": g2c_fix, "hmetrics": _hmetric_count(face)}
    blob = []
    for arr in (cps, gids, upm_adv, ink):
        if sys.byteorder == "little":
            arr.byteswap()
        blob.append(arr.tobytes())
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return zlib.compress(MAGIC + text + b"\n" + b"".join(blob), 9)


def _hmetric_count(face) -> int:
    return struct.unpack_from(">H", face._ttf_data, face.table["hhea"]["offset"] + 34)[0]


def _array(code: str, raw: bytes) -> array:
    a = array(code)
    a.frombytes(raw)
    if sys.byteorder == "little":
        a.byteswap()
    return a


class MetricsFace(TTFontFace):
    """A reportlab TrueType face filled from precomputed metrics.

    Behaves as `TTFontFace(path)` (reportlab subsets and measures with it as usual);
    the font file is memory-mapped, and the per-glyph tables reportlab needs only to
    make its own subsets (horizontal metrics, glyph offsets) are read when first asked."""

    def __init__(self, path: str, data, header: dict, body: bytes):
        pdfmetrics.TypeFace.__init__(self, None)
        self._ttf_data = data
        self.filename = path
        TTFontParser.__init__(self, path)
        for k, v in header["attrs"].items():
            if isinstance(v, dict) and "name" in v:
                v = TTFNameBytes(v["name"].encode("utf-8"))
            elif isinstance(v, dict) and "tuple" in v:
                v = tuple(v["tuple"])
            setattr(self, k, v)
        upm = self.unitsPerEm
        self._pdfScale = scale = (lambda x: x) if upm == 1000 else (lambda x, f=1000 / upm: x * f)
        n = header["count"]
        self._cmap = cmap = _shared(body[:6 * n])
        self.charToGlyph = cmap.cmap
        adv = body[6 * n:8 * n]
        self.wide: dict[int, float] = _unlike(cmap.codes, adv, self.defaultWidth, scale)
        self._ink = (header["ink"], body[8 * n:])
        self._nhm = header["hmetrics"]
        self._g2c_fix = header["glyph_to_char"]

    @cached_property
    def charWidths(self) -> dict[int, float]:
        """reportlab's advances (1/1000 em) of every character the face has."""
        widths = dict.fromkeys(self._cmap.codes, self.defaultWidth)
        widths.update(self.wide)
        return widths

    @cached_property
    def ink(self) -> dict[int, tuple[float, float]]:
        """Ink extent (xMin, xMax, in em) of each character outside the ideograph blocks."""
        cps, raw = self._ink
        upm = self.unitsPerEm
        it = iter(_array("h", raw))
        return {cp: (a / upm, b / upm) for cp, a, b in zip(cps, it, it)}

    @cached_property
    def glyphToChar(self):
        out: dict[int, list[int]] = {}
        for cp, g in self._cmap.cmap.items():
            out.setdefault(g, []).append(cp)
        for g, cps in self._g2c_fix.items():
            if cps:
                out[int(g)] = cps
            else:
                del out[int(g)]
        return out

    @cached_property
    def hmetrics(self):
        off = self.table["hmtx"]["offset"]
        nh, n = self._nhm, self.numGlyphs
        long = list(struct.iter_unpack(">HH", self._ttf_data[off:off + 4 * nh]))
        aw = long[-1][0]
        lsbs = struct.unpack_from(f">{n - nh}H", self._ttf_data, off + 4 * nh)
        return long + [(aw, lsb) for lsb in lsbs]

    @cached_property
    def glyphPos(self):
        off, _ = self.get_table_pos("loca")
        long_loca = struct.unpack_from(">h", self._ttf_data, self.table["head"]["offset"] + 50)[0]
        n = self.numGlyphs + 1
        if long_loca:
            return list(struct.unpack_from(f">{n}L", self._ttf_data, off))
        return [v << 1 for v in struct.unpack_from(f">{n}H", self._ttf_data, off)]


class _Cmap:
    """One cmap built: its code points (in order) and the dict."""
    __slots__ = ("codes", "cmap")

    def __init__(self, raw: bytes):
        n = len(raw) // 6
        self.codes = _array("I", raw[:4 * n]).tolist()
        self.cmap = dict(zip(self.codes, _array("H", raw[4 * n:]).tolist()))


_CMAPS: dict[bytes, _Cmap] = {}


def _shared(raw: bytes) -> _Cmap:
    """The cmap of these bytes (code points, glyph ids), built once a process."""
    got = _CMAPS.get(raw)
    if got is None:
        got = _CMAPS[raw] = _Cmap(raw)
    return got


def _unlike(codes: list[int], adv: bytes, default: float, scale) -> dict[int, float]:
    """{code point: advance} of the characters whose advance (`adv`, uint16
    big-endian, in the order of `codes`) is not `default`, scaled to 1/1000 em."""
    if scale(1000) != 1000 or default != int(default) or not 0 <= default <= 0xFFFF:
        return {cp: w for cp, w in zip(codes, map(scale, _array("H", adv))) if w != default}
    units = adv.decode("utf-16-be", "surrogatepass")     # a character an advance
    out: dict[int, float] = {}
    at = 0
    for m in re.finditer(re.escape(chr(int(default))) + "+", units):   # runs at the default
        out.update(zip(codes[at:m.start()], map(ord, units[at:m.start()])))
        at = m.end()
    out.update(zip(codes[at:], map(ord, units[at:])))
    return out


def _map(path: str):
    with open(path, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):   # an empty or unmappable file: read it
            return f.read()


def read_metrics(path: Path) -> tuple[dict, bytes] | None:
    mp = metrics_path(path)
    try:
        raw = zlib.decompress(mp.read_bytes())
    except (OSError, zlib.error):
        return None
    if not raw.startswith(MAGIC):
        return None
    nl = raw.index(b"\n", len(MAGIC))
    return json.loads(raw[len(MAGIC):nl]), raw[nl + 1:]


def load_face(path: Path | str) -> TTFontFace:
    """The reportlab face of the font at `path`: from its metrics file when there is
    one made from this very file, else parsed by reportlab."""
    path = str(path)
    got = read_metrics(Path(path))
    if got is not None:
        header, body = got
        data = _map(path)
        try:
            same = _identity(data) == {k: header["font"][k] for k in ("bytes", "tables")}
        except Exception:   # not a font reportlab can read: let reportlab say so
            same = False
        if same:
            return MetricsFace(path, data, header, body)
    return TTFontFace(path)
