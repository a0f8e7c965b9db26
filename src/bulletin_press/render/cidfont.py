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

import os
import struct
import weakref

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontMaker

from .flate import compress, flate_stream
from .worker import Job, Worker

_TABLES = ("head", "hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep")
# (file, face, glyphs) -> (length, compressed program, face): the programs made last (the
# compressed program a worker's Job until it is asked for)
_PROGRAMS: dict[tuple, tuple[int, bytes | Job, object]] = {}
_KEEP = 24
_TOUNICODE: dict[tuple, bytes] = {}   # (name, {(gid, code point)}) -> the ToUnicode stream


def glyphs_of(cmap: dict[int, int], chars) -> dict[int, int]:
    """gid -> code point of the glyphs `chars` set (in the order given: a glyph's
    first character wins); characters the face has no glyph for are left out."""
    used: dict[int, int] = {}
    for ch in chars:
        g = cmap.get(ord(ch), 0)
        if g and g not in used:
            used[g] = ord(ch)
    return used


class CIDFont:
    """One face in one document: its PDF resource name and the glyphs it drew."""

    def __init__(self, face, name: str):
        self.face = face                 # typeset.fonts.Face
        self.name = name                 # resource name without the slash, e.g. BPC1
        self.rl = face.font.face         # reportlab's parsed TrueType data
        self.gid = self.rl.charToGlyph
        self._hex = _source(self.rl).hex
        self._chars: dict[str, None] = {}    # the characters drawn, in the order first met
        self._used: dict[int, int] = {}
        self._used_of = 0                # len(_chars) when _used was made

    @property
    def used(self) -> dict[int, int]:
        """gid -> code point (for ToUnicode and W): each glyph drawn, with the first
        character drawn that maps to it."""
        chars = self._chars
        if self._used_of != len(chars):
            self._used, self._used_of = glyphs_of(self.gid, chars), len(chars)
        return self._used

    def encode(self, text: str, firsts: dict[str, None] | None = None) -> str:
        """Hex string body for `text` (two bytes per glyph id); records its characters
        (the font program keeps their glyphs: `used`).
        `firsts` (characters in the order first met) gets the characters of `text`
        too, whatever this document drew before (render/text.py's TextMemo)."""
        met = dict.fromkeys(text)        # its characters, in the order first met
        self._chars.update(met)          # (a key met before keeps its place)
        if firsts is not None:
            firsts.update(met)
        return text.translate(self._hex)

    def record(self, firsts: dict[str, None]) -> None:
        """Record glyphs as `encode` would for the text `firsts` was made from."""
        self._chars.update(firsts)

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
        widths = _IntArray(self._widths())
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
        tounicode = flate_stream(self._tounicode_flate())
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
        return _program_key(self.rl, self.used)

    def _embedded(self) -> tuple[int, "bytes | Job"]:
        """(length, Flate stream) of the font program for the glyphs used.  Made once
        for the same face and glyphs: both PDFs of a build (and a watch's rebuilds that
        draw the same glyphs) embed the same program.  The stream may still be under
        way in another thread (`prepare`): reportlab asks for it when it writes it."""
        key = self._key()
        got = _PROGRAMS.get(key)
        if got is None:
            program = self.program()
            got = _keep(key, len(program), compress(program), self.rl)
        return got[0], got[1]

    def program(self) -> bytes:
        """The font program (TrueType) of the glyphs used, uncompressed."""
        return _source(self.rl).program(self.used)

    def _widths(self) -> list:
        """W array: [gid [w]] runs for glyphs whose width is not the default 1000."""
        widths, dflt = self.face.widths, self.face.default   # each used character has a glyph
        used = self.used
        out: list = []
        for g in sorted(used):
            w = int(round(widths.get(used[g], dflt)))
            if w != 1000:
                out += [g, _IntArray([w])]
        return out

    def _tounicode_flate(self) -> bytes:
        """The ToUnicode map, Flate-compressed (as reportlab's PDFZCompress would):
        made once for the same name and glyphs (both PDFs of a build)."""
        key = (self.name, frozenset(self.used.items()))   # all the map is made from
        got = _TOUNICODE.get(key)
        if got is None:
            got = _keep_in(_TOUNICODE, key, compress(self._tounicode().encode("ascii")))
        return got

    def _tounicode(self) -> str:
        pairs = sorted(self.used.items())
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 f"/CMapName /BP-{self.name}-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        for k in range(0, len(pairs), 100):
            block = pairs[k:k + 100]
            lines.append(f"{len(block)} beginbfchar")
            # the character in UTF-16BE hex: in the BMP its code point itself, else a surrogate pair
            lines += [f"<{g:04X}> <{cp:04X}>" if cp < 0xD800 or 0xE000 <= cp < 0x10000 else
                      f"<{g:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for g, cp in block]
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)


class _IntArray(pdfdoc.PDFArray):
    """A PDFArray of integers and of such arrays (the W array), formatted here:
    the bytes reportlab's PDFArray.format gives, without its call per item."""

    def format(self, document, IND=b"\n "):
        if rl_config.pdfMultiLine:               # reportlab's other layout: its own way
            return super().format(document, IND)
        items = [v.format(document) if isinstance(v, _IntArray) else b"%d" % v for v in self.sequence]
        for i in reversed(range(10, len(items), 10)):   # a line break every ten items, as reportlab
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


class _Source:
    """What is read once from a face (reportlab's TTFontFace) to encode text and cut
    its font programs."""

    def __init__(self, rl):
        self.rl = rl
        gid = rl.charToGlyph

        class Hex(dict):
            """code point -> its glyph id as four hex digits (a str.translate table),
            filled as characters are met"""
            def __missing__(self, cp):
                h = self[cp] = f"{gid.get(cp, 0):04X}"
                return h
        self.hex = Hex()
        data = rl._ttf_data
        self.data = data
        head = rl.get_table_pos("head")[0]
        self.long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
        self.loca = rl.get_table_pos("loca")[0]
        self.glyf = rl.get_table_pos("glyf")[0]
        self.n = struct.unpack_from(">H", rl.get_table("maxp"), 4)[0]

    def glyph(self, g: int) -> bytes:
        data, loca, glyf = self.data, self.loca, self.glyf
        if self.long_loca:
            a, b = struct.unpack_from(">LL", data, loca + 4 * g)
        else:
            a, b = (2 * v for v in struct.unpack_from(">HH", data, loca + 2 * g))
        return bytes(data[glyf + a:glyf + b])

    def closure(self, glyphs) -> dict[int, bytes]:
        """The glyphs and every component of the composite ones among them: gid -> its
        glyf data."""
        todo, seen = list(glyphs), {}
        while todo:
            g = todo.pop()
            if g in seen:
                continue
            data = seen[g] = self.glyph(g)
            if len(data) < 10 or data[0] < 0x80:     # numberOfContours >= 0: not composite
                continue
            off = 10
            while True:
                flags, comp = struct.unpack_from(">HH", data, off)
                off += 4 + (4 if flags & 0x0001 else 2)
                off += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
                if comp not in seen:
                    todo.append(comp)
                if not flags & 0x0020:
                    break
        return seen

    def program(self, used) -> bytes:
        """The font program (TrueType) of the glyph ids `used` (and .notdef and the
        components of composite glyphs), every glyph id kept: the others empty."""
        rl, n = self.rl, self.n
        glyf, loca = [], []
        prev = off = 0                        # loca[prev:g + 1] all point at offset `off`
        for g, data in sorted(self.closure(set(used) | {0}).items()):
            data += b"\0" * (-len(data) % 4)
            glyf.append(data)
            loca.append(struct.pack(">L", off) * (g + 1 - prev))   # the empty glyphs before g, and g
            off += len(data)
            prev = g + 1
        loca.append(struct.pack(">L", off) * (n + 1 - prev))       # after the last: the end of glyf
        maker = TTFontMaker()
        for tag in _TABLES:
            if tag in rl.table:
                data = rl.get_table(tag)
                if tag == "head":   # long loca offsets
                    data = data[:50] + struct.pack(">h", 1) + data[52:]
                maker.add(tag, data)
        maker.add("loca", b"".join(loca))
        maker.add("glyf", b"".join(glyf))
        return maker.makeStream()


_SOURCES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _source(rl) -> _Source:
    got = _SOURCES.get(rl)
    if got is None:
        got = _SOURCES[rl] = _Source(rl)
    return got


def _program_key(rl, glyphs) -> tuple:
    return (rl.filename, id(rl), frozenset(glyphs))


def _forget_unfinished() -> None:
    """In a forked child: a program another thread was making is made afresh if
    needed (that thread is not in the child)."""
    for key in [k for k, (_, got, _) in _PROGRAMS.items()
                if isinstance(got, Job) and not got.done()]:
        del _PROGRAMS[key]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_unfinished)


def _keep_in(cache: dict, key, value):
    """cache[key] = value, the oldest entries let go past _KEEP."""
    while len(cache) >= _KEEP:
        del cache[next(iter(cache))]
    cache[key] = value
    return value


def _keep(key, length: int, compressed, rl) -> tuple:
    return _keep_in(_PROGRAMS, key, (length, compressed, rl))   # the face kept: its id stays its own


def _start_programs(jobs, worker: Worker | None = None) -> None:
    """Cut the font programs of `jobs` ((rl, glyph ids), those not made yet) and put
    their compression to `worker` (render/worker.py: a thread, where a core is idle)
    while this thread goes on: the next is cut, the pages are drawn.  A program not
    compressed yet when the document is written is compressed then.  The same bytes
    as `_embedded` makes one by one.  Without `worker`, one is started for these."""
    todo = [(rl, glyphs) for rl, glyphs in jobs if _program_key(rl, glyphs) not in _PROGRAMS]
    if not todo:
        return
    own = worker is None
    if own:
        worker = Worker.start()
    for rl, glyphs in todo:
        program = _source(rl).program(glyphs)
        _keep(_program_key(rl, glyphs), len(program), worker.job(compress, program), rl)
    if own:
        worker.close()


def prepare(chars_by_face: dict, worker: Worker) -> None:
    """Start on the font programs a document will embed, before it is drawn:
    `chars_by_face` (face -> the characters its text sets in that face, from the page
    plan) gives the glyphs each face will draw, as `encode` records them."""
    jobs = []
    for face, chars in chars_by_face.items():
        rl = face.font.face
        jobs.append((rl, set(glyphs_of(rl.charToGlyph, chars))))
    jobs.sort(key=lambda job: -len(job[1]))   # the most glyphs first: the longest to compress
    _start_programs(jobs, worker)


def embed_programs(doc) -> None:
    """Start on the font programs this document embeds that are not made yet (by
    `prepare`, or for the same glyphs before): called as it is saved."""
    _start_programs([(f.rl, f.used) for f in doc.__dict__.get("_bp_cid_fonts", {}).values()])


def cid_font(doc, face) -> CIDFont:
    """The Type0 font of `face` in this document, registered on first use."""
    fonts = doc.__dict__.setdefault("_bp_cid_fonts", {})
    font = fonts.get(face.name)
    if font is None:
        font = CIDFont(face, f"BPC{len(fonts) + 1}")
        fonts[face.name] = font
        doc.delayedFonts.append(font)
    return font
