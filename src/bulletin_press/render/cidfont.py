"""Embed a TrueType face as one Type0 font (Identity-H) for the body text.

reportlab embeds a TrueType face as simple fonts of 256 characters each; a
Chinese line then switches fonts every few characters.  Here a face is one
font in the PDF whose codes are its glyph ids (two bytes each), so a line of
one face is one run: smaller content streams, fewer operators to write and to
preflight.  The embedded program keeps every glyph id but carries outlines
only for the glyphs the document draws (CIDToGIDMap Identity); widths go in
the W array, and a ToUnicode map gives the characters back to copy and search.

Registered with the reportlab document like reportlab's own TrueType fonts
(`doc.delayedFonts`), so the objects are written when the document is saved,
into the font resources every page shares.
"""
from __future__ import annotations

import itertools
import struct

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontMaker

from .flate import compress, flate_stream

_TABLES = ("head", "hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep")
# (file, face, glyphs) -> (length, compressed program, face): the programs made last
_PROGRAMS: dict[tuple, tuple[int, bytes, object]] = {}
_KEEP = 24


class CIDFont:
    """One face in one document: its PDF resource name and the glyphs it drew."""

    def __init__(self, face, name: str):
        self.face = face                 # typeset.fonts.Face
        self.name = name                 # resource name without the slash, e.g. BPC1
        self.rl = face.font.face         # reportlab's parsed TrueType data
        self.gid = self.rl.charToGlyph
        self.used: dict[int, int] = {}   # gid -> code point (for ToUnicode and W)

    def encode(self, text: str, firsts: dict[int, int] | None = None) -> str:
        """Hex string body for `text` (two bytes per glyph id); records the glyphs.
        `firsts` (gid -> code point) gets each glyph's first character in `text`
        too, whatever this document drew before (render/text.py's TextMemo)."""
        gid, used = self.gid, self.used
        out = []
        for ch in text:
            cp = ord(ch)
            g = gid.get(cp, 0)
            if g and g not in used:
                used[g] = cp
            if firsts is not None and g and g not in firsts:
                firsts[g] = cp
            out.append(f"{g:04X}")
        return "".join(out)

    def record(self, firsts: dict[int, int]) -> None:
        """Record glyphs as `encode` would for the text `firsts` was made from."""
        used = self.used
        for g, cp in firsts.items():
            if g not in used:
                used[g] = cp

    # ------------------------------------------------------------ writing

    def addObjects(self, doc) -> None:   # reportlab's delayed-font protocol
        rl = self.rl
        length, compressed = self._embedded()
        font_file = flate_stream(compressed)
        font_file.dictionary["Length1"] = length
        base = f"BPAAAA+{rl.name.decode('latin-1') if isinstance(rl.name, bytes) else rl.name}"
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base),
            "Flags": 4,
            "FontBBox": pdfdoc.PDFArray(rl.bbox),
            "ItalicAngle": rl.italicAngle,
            "Ascent": rl.ascent,
            "Descent": rl.descent,
            "CapHeight": rl.capHeight,
            "StemV": rl.stemV,
            "FontFile2": doc.Reference(font_file, f"bpFontFile:{self.name}"),
        })
        widths = pdfdoc.PDFArray(self._widths())
        cid = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"bpFontDescriptor:{self.name}"),
            "DW": 1000,
            "W": widths,
            "CIDToGIDMap": pdfdoc.PDFName("Identity"),
        })
        tounicode = pdfdoc.PDFStream(content=self._tounicode().encode("ascii"))
        tounicode.filters = [pdfdoc.PDFZCompress]
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid, f"bpCIDFont:{self.name}")]),
            "ToUnicode": doc.Reference(tounicode, f"bpToUnicode:{self.name}"),
        })
        ref = doc.Reference(font, f"bpType0:{self.name}")
        doc.idToObject["BasicFonts"].dict[self.name] = ref

    def _key(self) -> tuple:
        return (self.rl.filename, id(self.rl), frozenset(self.used))

    def _embedded(self) -> tuple[int, bytes]:
        """(length, Flate stream) of the font program for the glyphs used.  Made once
        for the same face and glyphs: both PDFs of a build (and a watch's rebuilds that
        draw the same glyphs) embed the same program."""
        key = self._key()
        got = _PROGRAMS.get(key)
        if got is None:
            program = self.program()
            got = _keep(key, len(program), compress(program), self.rl)
        return got[0], got[1]

    def program(self) -> bytes:
        """The font program (TrueType) of the glyphs used, uncompressed."""
        return self._program(sorted(self._closure(set(self.used) | {0})))

    def _widths(self) -> list:
        """W array: [gid [w]] runs for glyphs whose width is not the default 1000."""
        widths, dflt = self.face.widths, self.face.default   # each used character has a glyph
        out: list = []
        for g in sorted(self.used):
            w = int(round(widths.get(self.used[g], dflt)))
            if w != 1000:
                out += [g, pdfdoc.PDFArray([w])]
        return out

    def _tounicode(self) -> str:
        pairs = sorted(self.used.items())
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 f"/CMapName /BP-{self.name}-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        for k in range(0, len(pairs), 100):
            block = pairs[k:k + 100]
            lines.append(f"{len(block)} beginbfchar")
            for g, cp in block:
                u = chr(cp).encode("utf-16-be").hex().upper()
                lines.append(f"<{g:04X}> <{u}>")
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)

    # ------------------------------------------------------------ the font program

    def _glyph(self, g: int) -> bytes:
        rl = self.rl
        data = rl._ttf_data
        head = rl.get_table_pos("head")[0]
        long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
        loca = rl.get_table_pos("loca")[0]
        glyf = rl.get_table_pos("glyf")[0]
        if long_loca:
            a, b = struct.unpack_from(">LL", data, loca + 4 * g)
        else:
            a, b = (2 * v for v in struct.unpack_from(">HH", data, loca + 2 * g))
        return bytes(data[glyf + a:glyf + b])

    def _closure(self, glyphs: set[int]) -> set[int]:
        """The glyphs and every component of the composite ones among them."""
        todo, seen = list(glyphs), set(glyphs)
        while todo:
            g = todo.pop()
            data = self._glyph(g)
            if len(data) < 10 or struct.unpack_from(">h", data, 0)[0] >= 0:
                continue
            off = 10
            while True:
                flags, comp = struct.unpack_from(">HH", data, off)
                off += 4 + (4 if flags & 0x0001 else 2)
                off += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
                if comp not in seen:
                    seen.add(comp)
                    todo.append(comp)
                if not flags & 0x0020:
                    break
        return seen

    def _program(self, glyphs: list[int]) -> bytes:
        rl = self.rl
        n = struct.unpack_from(">H", rl.get_table("maxp"), 4)[0]
        glyf, sizes = [], [0] * n
        for g in glyphs:                      # sorted glyph ids
            data = self._glyph(g)
            data += b"\0" * (-len(data) % 4)
            glyf.append(data)
            sizes[g] = len(data)
        offsets = [0, *itertools.accumulate(sizes)]
        maker = TTFontMaker()
        for tag in _TABLES:
            if tag in rl.table:
                data = rl.get_table(tag)
                if tag == "head":   # long loca offsets
                    data = data[:50] + struct.pack(">h", 1) + data[52:]
                maker.add(tag, data)
        maker.add("loca", struct.pack(f">{n + 1}L", *offsets))
        maker.add("glyf", b"".join(glyf))
        return maker.makeStream()


def _keep(key, length: int, compressed: bytes, rl) -> tuple:
    while len(_PROGRAMS) >= _KEEP:
        del _PROGRAMS[next(iter(_PROGRAMS))]
    _PROGRAMS[key] = (length, compressed, rl)   # the face kept: its id stays its own
    return _PROGRAMS[key]


def embed_programs(doc) -> None:
    """Make the font programs this document embeds that are not made yet, their
    compression (zlib, which lets other threads run) side by side, one thread a
    program, while the next is cut: the same bytes as `_embedded` makes one by one.
    Only where a core is idle (on one busy core the threads cost more than they give)."""
    import threading

    from .. import aside
    todo = [f for f in doc.__dict__.get("_bp_cid_fonts", {}).values() if f._key() not in _PROGRAMS]
    if len(todo) < 2 or not aside.spare_core():
        return
    done: dict[int, bytes] = {}
    threads = []
    for i, font in enumerate(todo):
        program = font.program()
        t = threading.Thread(target=lambda i=i, p=program: done.__setitem__(i, compress(p)), daemon=True)
        t.start()
        threads.append((t, font, len(program)))
    for i, (t, font, length) in enumerate(threads):
        t.join()
        if i in done:                    # else _embedded makes it
            _keep(font._key(), length, done[i], font.rl)


def cid_font(doc, face) -> CIDFont:
    """The Type0 font of `face` in this document, registered on first use."""
    fonts = doc.__dict__.setdefault("_bp_cid_fonts", {})
    font = fonts.get(face.name)
    if font is None:
        font = CIDFont(face, f"BPC{len(fonts) + 1}")
        fonts[face.name] = font
        doc.delayedFonts.append(font)
    return font
