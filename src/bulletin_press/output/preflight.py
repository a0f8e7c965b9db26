"""Print-shop preflight for any PDF, read with pikepdf (qpdf).

``preflight(path_or_bytes, require_print=True) -> Report`` checks what a
Chinese print shop asks of a saddle-stitched booklet:

* fonts: every font that shows text is embedded (subsets noted);
* page boxes: TrimBox present, TrimBox ⊆ BleedBox ⊆ MediaBox, bleed ≥ 3 mm on
  every side, one trim size for all pages, no /Rotate;
* colour: no RGB anywhere (DeviceRGB, CalRGB, 3-component ICC, RGB images,
  Indexed on RGB, spot colours with an RGB alternate) in page content, form
  XObjects, tiling patterns, shadings, Type 3 glyphs and annotation appearances;
  text that should be pure black (0/0/0/100) but is rich/registration black is
  a warning; DeviceGray text is a note (it prints on the K plate);
* images: effective resolution at placed size (from the CTM in force at ``Do``
  or an inline image) — below 300 ppi is an error for print, below 150 a
  warning for screen; 1-bit images below 1200 ppi a warning for print;
* transparency (soft masks, constant alpha, blend modes) — warning for print
  (not allowed in PDF/X-1a);
* page count divisible by 4 (saddle stitching) and a PDF/X output intent
  (``require_print=True``).

With ``require_print=False`` ("screen"): RGB, missing boxes, page count and
output intent are not checked; unembedded fonts become warnings.

The content-stream scanner here (`scan_document`) is also what `make_pdfx`
uses to verify a file before it claims PDF/X.  qpdf tokenizes the content
streams (`pikepdf.parse_content_stream`); `iter_operations` hands the scanner
plain Python values.
"""
from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

MM = 72.0 / 25.4
MIN_BLEED = 3 * MM
PRINT_DPI = 300.0
SCREEN_DPI = 150.0
LINEART_DPI = 1200.0
_DPI_TOLERANCE = 0.99          # 297 ppi passes as 300 (rounding of placed sizes)
_BOX_EPS = 0.02                # pt
_TRIM_EPS = 0.5                # pt, same trim size across pages

ERROR, WARNING, NOTE = "error", "warning", "note"


# --------------------------------------------------------------------------- report

@dataclass
class Finding:
    severity: str                      # error | warning | note
    code: str                          # stable machine code, e.g. "rgb-colour"
    message: str
    pages: list[int] = field(default_factory=list)   # 1-based; empty = whole file

    def to_dict(self) -> dict:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "pages": list(self.pages)}

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}{_pages_suffix(self.pages)}"


def _page_ranges(pages: Iterable[int]) -> str:
    ps = sorted(set(pages))
    out: list[str] = []
    i = 0
    while i < len(ps):
        j = i
        while j + 1 < len(ps) and ps[j + 1] == ps[j] + 1:
            j += 1
        out.append(str(ps[i]) if i == j else f"{ps[i]}-{ps[j]}")
        i = j + 1
    return ", ".join(out)


def _pages_suffix(pages: list[int]) -> str:
    if not pages:
        return ""
    return f" (page{'s' if len(set(pages)) > 1 else ''} {_page_ranges(pages)})"


@dataclass
class Report:
    source: str = ""
    mode: str = "print"
    page_count: int = 0
    trim_size_mm: tuple[float, float] | None = None
    pdfx: str | None = None                 # the PDF/X standard claimed (PDF/X-1a:2001), if any
    fonts: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    # -- building
    def add(self, severity: str, code: str, message: str, pages: Iterable[int] = ()) -> None:
        pages = list(pages)
        for f in self.findings:
            if f.severity == severity and f.code == code and f.message == message:
                f.pages = sorted(set(f.pages) | set(pages))
                return
        self.findings.append(Finding(severity, code, message, sorted(set(pages))))

    # -- reading
    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == NOTE]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict:
        return {
            "source": self.source, "mode": self.mode, "ok": self.ok,
            "page_count": self.page_count,
            "trim_size_mm": list(self.trim_size_mm) if self.trim_size_mm else None,
            "pdfx": self.pdfx,
            "errors": [f.to_dict() for f in self.errors],
            "warnings": [f.to_dict() for f in self.warnings],
            "notes": [f.to_dict() for f in self.notes],
            "fonts": self.fonts, "images": self.images,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        lines = [f"Preflight ({self.mode}) of {self.source or 'PDF'}: "
                 + ("PASS" if self.ok else "FAIL")
                 + f" — {len(self.errors)} error(s), {len(self.warnings)} warning(s), "
                 f"{len(self.notes)} note(s)"]
        trim = (f"{self.trim_size_mm[0]:.1f} × {self.trim_size_mm[1]:.1f} mm"
                if self.trim_size_mm else "unknown")
        lines.append(f"  pages: {self.page_count}   trim: {trim}   PDF/X: {self.pdfx or 'none'}")
        for title, items in (("Errors", self.errors), ("Warnings", self.warnings),
                             ("Notes", self.notes)):
            if items:
                lines.append(f"{title}:")
                for f in items:
                    lines.append(f"  - {f.message}{_pages_suffix(f.pages)}")
        if self.fonts:
            lines.append("Fonts:")
            for fo in self.fonts:
                state = ("embedded" + (" subset" if fo["subset"] else "")) if fo["embedded"] \
                    else "NOT EMBEDDED"
                lines.append(f"  - {fo['name']} ({fo['type']}, {state})"
                             f"{_pages_suffix(fo['pages'])}")
        if self.images:
            lines.append("Images:")
            for im in self.images:
                src = im.get("source")
                lines.append(f"  - {src['file'] if src else im['name']} "
                             f"{im['pixels'][0]}×{im['pixels'][1]} px, "
                             f"{im['colorspace']}, {ppi_text(im['dpi'])} ppi at "
                             f"{im['placed_mm'][0]:.1f}×{im['placed_mm'][1]:.1f} mm"
                             f" (page {im['page']})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


# --------------------------------------------------------------------------- tokenizer

class _Str:
    __slots__ = ()


STRING = _Str()

_TEXT_SHOWING = frozenset((b"Tj", b"TJ", b"'", b'"'))


def _value(o) -> Any:
    """A content-stream operand as the scanner takes it: floats for numbers,
    ``bytes`` starting with b'/' for names, `STRING` for strings, lists,
    dicts keyed by name bytes, b"true"/b"false"/b"null"."""
    t = type(o)
    if t is int or t is Decimal or t is float:
        return float(o)
    if t is bool:
        return b"true" if o else b"false"
    if o is None:
        return b"null"
    if isinstance(o, Name):
        return o.unparse()
    if isinstance(o, Array):
        return [_value(x) for x in o]
    if isinstance(o, Dictionary):
        return {Name(k).unparse(): _value(v) for k, v in o.items()}
    return STRING


def _inline_dict(iimage) -> dict:
    """An inline image's dictionary with its keys as written (/W, /CS …)."""
    raw = getattr(iimage, "_image_object", None)
    pairs = list(zip(raw[0::2], raw[1::2])) if raw is not None else \
        [(Name(k), v) for k, v in iimage.obj.items()]
    return {_value(k): _value(v) for k, v in pairs if isinstance(k, Name)}


# the operators the scanner acts on (qpdf drops the others, path painting, with their operands)
SCANNED_OPERATORS = ("q Q cm BT ET Tm Td TD T* TL Tj TJ ' \" Tf Tr rg RG k K g G cs CS sc scn "
                     "SC SCN sh gs Do BDC BMC EMC BI ID EI")


def _operations(page_or_stream, operators: str = SCANNED_OPERATORS):
    """``(operands, operator)`` of a page's or stream's content, tokenized by qpdf
    (only `operators`; all of them for "")."""
    for ins in pikepdf.parse_content_stream(page_or_stream, operators):
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            yield _inline_dict(ins.iimage), b"BI"
            continue
        op = ins.operator.unparse()
        if op in _TEXT_SHOWING:            # the strings shown are never looked at
            yield [STRING], op
        else:
            yield [_value(o) for o in ins.operands], op


def iter_operations(data: bytes):
    """Yield ``(operands, operator)`` from a decoded content stream.

    Operands: floats for numbers, ``bytes`` starting with b'/' for names,
    `STRING` for strings, lists for arrays, dicts for ``<< >>``.  Inline images
    yield ``(dict, b"BI")`` with the image dictionary (abbreviated keys kept).
    """
    scratch = pikepdf.new()                # owns the stream while it is read
    yield from _operations(scratch.make_stream(bytes(data)), "")


# --------------------------------------------------------------------------- helpers

def _r(obj):
    """`obj` with indirect references followed (pikepdf follows them itself; pypdf's
    IndirectObject, as impose.py reads, is followed here)."""
    while type(obj).__name__ == "IndirectObject":
        obj = obj.get_object()
    return obj


def _key(obj) -> Any:
    """Identity of a PDF object for caches (indirect ref id, or python id)."""
    if isinstance(obj, pikepdf.Object):
        return obj.objgen if obj.is_indirect else obj.unparse()
    return id(obj)


def _box(page, name: str) -> tuple[float, float, float, float] | None:
    v = page.get(name)
    if v is None:
        return None
    v = _r(v)
    try:
        x0, y0, x1, y1 = (float(_r(a)) for a in v)
    except Exception:
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inherited(page, name: str):
    node = page
    for _ in range(64):
        if node is None:
            return None
        if name in node:
            return node[name]
        node = _r(node.get("/Parent"))
    return None


def _mul(a, b):
    """Matrix product a×b of PDF matrices [a b c d e f] (a applied first)."""
    a0, a1, a2, a3, a4, a5 = a
    b0, b1, b2, b3, b4, b5 = b
    return (a0 * b0 + a1 * b2, a0 * b1 + a1 * b3,
            a2 * b0 + a3 * b2, a2 * b1 + a3 * b3,
            a4 * b0 + a5 * b2 + b4, a4 * b1 + a5 * b3 + b5)


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_ABBREV_CS = {b"/G": "/DeviceGray", b"/RGB": "/DeviceRGB", b"/CMYK": "/DeviceCMYK",
              b"/I": "/Indexed"}


@dataclass(frozen=True)
class ColourSpace:
    family: str          # DeviceGray DeviceRGB DeviceCMYK ICCBased CalRGB Lab Indexed ...
    ncomp: int
    rgb: bool            # ends up as RGB
    label: str
    device_independent: bool = False
    spot_rgb_alt: bool = False
    pattern: bool = False


_DEV = {
    "/DeviceGray": ColourSpace("DeviceGray", 1, False, "DeviceGray"),
    "/DeviceRGB": ColourSpace("DeviceRGB", 3, True, "DeviceRGB"),
    "/DeviceCMYK": ColourSpace("DeviceCMYK", 4, False, "DeviceCMYK"),
    "/Pattern": ColourSpace("Pattern", 0, False, "Pattern", pattern=True),
}


def classify_colourspace(cs, resources=None, _depth: int = 0) -> ColourSpace:
    """Classify a colour space object (name or array), resolving resource names."""
    cs = _r(cs)
    if isinstance(cs, bytes):
        cs = cs.decode("latin-1")
    elif isinstance(cs, Name):
        cs = str(cs)
    if isinstance(cs, str):
        name = str(cs)
        if name in _DEV:
            return _DEV[name]
        if resources is not None and _depth < 8:
            csd = _r(_r(resources).get("/ColorSpace"))
            if csd is not None and name in csd:
                return classify_colourspace(csd[name], None, _depth + 1)
        abbrev = _ABBREV_CS.get(name.encode("latin-1"))
        if abbrev in _DEV:
            return _DEV[abbrev]
        return ColourSpace("Unknown", 0, False, f"unknown colour space {name}")
    if isinstance(cs, (list, Array)) and cs:
        fam = str(_r(cs[0]))
        if fam in _DEV and len(cs) == 1:
            return _DEV[fam]
        if fam == "/ICCBased":
            st = _r(cs[1])
            n = int(_r(st.get("/N", 0))) if hasattr(st, "get") else 0
            kind = {1: "Gray", 3: "RGB", 4: "CMYK"}.get(n, f"{n}-channel")
            return ColourSpace("ICCBased", n, n == 3, f"ICCBased {kind}", device_independent=True)
        if fam in ("/CalRGB", "/CalGray", "/Lab"):
            n = {"/CalRGB": 3, "/CalGray": 1, "/Lab": 3}[fam]
            return ColourSpace(fam[1:], n, fam == "/CalRGB", fam[1:], device_independent=True)
        if fam in ("/Indexed", "/I"):
            base = classify_colourspace(cs[1], resources, _depth + 1)
            return ColourSpace("Indexed", 1, base.rgb, f"Indexed {base.label}",
                               device_independent=base.device_independent)
        if fam in ("/Separation", "/DeviceN"):
            names = _r(cs[1])
            if fam == "/Separation":
                label = f"Separation {str(names)[1:]}"
                n = 1
            else:
                label = "DeviceN [" + " ".join(str(x)[1:] for x in names) + "]"
                n = len(names)
            alt = classify_colourspace(cs[2], resources, _depth + 1)
            return ColourSpace(fam[1:], n, False, f"{label} (alternate {alt.label})",
                               spot_rgb_alt=alt.rgb)
        if fam == "/Pattern":
            return ColourSpace("Pattern", 0, False, "Pattern", pattern=True)
        return ColourSpace("Unknown", 0, False, f"colour space {fam}")
    return ColourSpace("Unknown", 0, False, "unknown colour space")


_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


def font_info(font) -> dict:
    """Name, type, embedded, subset for a font dictionary."""
    font = _r(font)
    subtype = str(font.get("/Subtype", "?"))[1:]
    base = str(font.get("/BaseFont", "/" + subtype))[1:] if "/BaseFont" in font else "(Type 3)"
    if subtype == "Type3":
        return {"name": str(font.get("/Name", "/Type3"))[1:] or "Type3", "type": "Type3",
                "embedded": True, "subset": False}
    desc_font = font
    if subtype == "Type0":
        df = _r(font.get("/DescendantFonts"))
        if df:
            desc_font = _r(df[0])
    fd = _r(desc_font.get("/FontDescriptor"))
    embedded = bool(fd) and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if subtype == "Type0" and desc_font is not font:
        subtype = "Type0/" + str(desc_font.get("/Subtype", "?"))[1:]
    return {"name": base, "type": subtype, "embedded": embedded,
            "subset": bool(_SUBSET_RE.match(base))}


# --------------------------------------------------------------------------- scanner

@dataclass
class ScanResult:
    """Raw facts found in the page content of a document (pages 1-based)."""
    rgb: dict[str, set[int]] = field(default_factory=dict)        # what -> pages
    device_independent: dict[str, set[int]] = field(default_factory=dict)
    spot_rgb_alt: dict[str, set[int]] = field(default_factory=dict)
    gray_text: set[int] = field(default_factory=set)
    rich_black_text: dict[str, set[int]] = field(default_factory=dict)
    transparency: dict[str, set[int]] = field(default_factory=dict)
    fonts: dict[Any, dict] = field(default_factory=dict)           # key -> info+pages+shown
    images: list[dict] = field(default_factory=list)
    jbig2_jpx: set[int] = field(default_factory=set)
    unknown_cs: dict[str, set[int]] = field(default_factory=dict)
    errors: dict[str, set[int]] = field(default_factory=dict)      # unreadable streams
    # page -> [min x, min y, max x, max y] of the origins of shown text, in page space
    text_extent: dict[int, list[float]] = field(default_factory=dict)


class _GS:
    __slots__ = ("ctm", "fill", "stroke", "fillval", "font", "tr")

    def __init__(self):
        self.ctm = IDENTITY
        self.fill = _DEV["/DeviceGray"]
        self.stroke = _DEV["/DeviceGray"]
        self.fillval: tuple = (0.0,)
        self.font = None
        self.tr = 0

    def copy(self) -> "_GS":
        g = _GS()
        g.ctm, g.fill, g.stroke, g.fillval, g.font, g.tr = \
            self.ctm, self.fill, self.stroke, self.fillval, self.font, self.tr
        return g


def _add(d: dict, key: str, page: int) -> None:
    d.setdefault(key, set()).add(page)


class _Scanner:
    MAX_DEPTH = 12

    def __init__(self, result: ScanResult):
        self.res = result
        self._t3_done: set = set()
        self._gs_cache: dict = {}
        self._marks: list[dict | None] = []     # open marked-content sequences (BMC/BDC)

    # ---- colour bookkeeping
    def _note_cs(self, cs: ColourSpace, page: int, where: str) -> None:
        if cs.rgb:
            _add(self.res.rgb, f"{cs.label} {where}", page)
        elif cs.device_independent:
            _add(self.res.device_independent, f"{cs.label} {where}", page)
        if cs.spot_rgb_alt:
            _add(self.res.spot_rgb_alt, cs.label, page)
        if cs.family == "Unknown":
            _add(self.res.unknown_cs, cs.label, page)

    def _extgstate(self, gsd, page: int) -> None:
        gsd = _r(gsd)
        if gsd is None:
            return
        sm = gsd.get("/SMask")
        if sm is not None and str(_r(sm)) != "/None":
            _add(self.res.transparency, "soft mask (SMask) in graphics state", page)
        for k in ("/CA", "/ca"):
            if k in gsd:
                try:
                    if float(_r(gsd[k])) < 1.0:
                        _add(self.res.transparency, f"constant alpha {k[1:]} < 1", page)
                except (TypeError, ValueError):
                    pass
        bm = _r(gsd.get("/BM"))
        if bm is not None:
            names = [str(_r(x)) for x in bm] if isinstance(bm, (list, Array)) else [str(bm)]
            if any(n not in ("/Normal", "/Compatible") for n in names):
                _add(self.res.transparency, f"blend mode {' '.join(n[1:] for n in names)}", page)

    def _image(self, name: str, d, ctm, page: int, resources, inline: bool = False) -> None:
        if inline:
            def get(*keys):
                for k in keys:
                    if k in d:
                        return d[k]
                return None
            wv, hv = get(b"/Width", b"/W"), get(b"/Height", b"/H")
        else:
            wv, hv = _r(d.get("/Width")), _r(d.get("/Height"))
        try:
            w, h = int(float(wv)), int(float(hv))
        except (TypeError, ValueError):
            return
        if inline:
            is_mask = get(b"/ImageMask", b"/IM") == b"true"
            bpc = get(b"/BitsPerComponent", b"/BPC")
            csraw = get(b"/ColorSpace", b"/CS")
            if isinstance(csraw, list):
                csraw = [x.decode("latin-1") if isinstance(x, bytes) else x for x in csraw]
            filt = get(b"/Filter", b"/F")
            filters = [x.decode("latin-1") for x in (filt if isinstance(filt, list) else [filt])
                       if isinstance(x, bytes)]
        else:
            is_mask = bool(_r(d.get("/ImageMask", False)))
            bpc = _r(d.get("/BitsPerComponent"))
            csraw = d.get("/ColorSpace")
            filt = _r(d.get("/Filter"))
            filters = [str(_r(x)) for x in filt] if isinstance(filt, (list, Array)) \
                else ([str(filt)] if filt is not None else [])
            if d.get("/SMask") is not None:
                _add(self.res.transparency, "image with soft mask (SMask)", page)
            if "/SMaskInData" in d and int(_r(d["/SMaskInData"])) != 0:
                _add(self.res.transparency, "JPX image with alpha (SMaskInData)", page)
        if any(f in ("/JBIG2Decode", "/JPXDecode") for f in filters):
            self.res.jbig2_jpx.add(page)
        if is_mask:
            cs_label = "stencil mask"
            cs = None
        elif csraw is None:
            cs_label = "JPX (embedded colour space)" if "/JPXDecode" in filters else "none"
            cs = None
        else:
            cs = classify_colourspace(csraw, resources)
            cs_label = cs.label
            self._note_cs(cs, page, f"image {name}")
        try:
            bpc = int(float(bpc)) if bpc is not None else (1 if is_mask else 8)
        except (TypeError, ValueError):
            bpc = 8
        a, b, c, dd, _, _ = ctm
        wx = math.hypot(a, b)
        hy = math.hypot(c, dd)
        dpi_x = w / (wx / 72.0) if wx > 1e-9 else float("inf")
        dpi_y = h / (hy / 72.0) if hy > 1e-9 else float("inf")
        src = next((mk for mk in reversed(self._marks) if mk), None)
        self.res.images.append({
            "name": name, "page": page, "source": src, "pixels": [w, h], "colorspace": cs_label,
            "bits": bpc, "placed_mm": [wx / MM, hy / MM],
            "dpi": min(dpi_x, dpi_y), "dpi_xy": [dpi_x, dpi_y],
            "lineart": is_mask or bpc == 1,
        })

    def _font(self, fontobj, name: str, page: int, shown: bool) -> None:
        fontobj = _r(fontobj)
        if fontobj is None:
            return
        k = _key(fontobj)
        rec = self.res.fonts.get(k)
        if rec is None:
            rec = font_info(fontobj)
            rec["pages"] = set()
            rec["shown"] = False
            self.res.fonts[k] = rec
            if rec["type"] == "Type3" and k not in self._t3_done:
                self._t3_done.add(k)
                res3 = _r(fontobj.get("/Resources"))
                for glyph in (_r(fontobj.get("/CharProcs")) or {}).values():
                    self.scan_stream(_r(glyph), res3, IDENTITY, page, 1)
        rec["pages"].add(page)
        if shown:
            rec["shown"] = True

    def _pattern(self, pat, base_ctm, page: int, resources, depth: int) -> None:
        pat = _r(pat)
        if pat is None:
            return
        pt = int(_r(pat.get("/PatternType", 0)) or 0)
        m = _r(pat.get("/Matrix"))
        pm = tuple(float(_r(x)) for x in m) if m else IDENTITY
        if pt == 1:
            self.scan_stream(pat, _r(pat.get("/Resources")) or resources,
                             _mul(pm, base_ctm), page, depth + 1)
        elif pt == 2:
            sh = _r(pat.get("/Shading"))
            if sh is not None:
                self._note_cs(classify_colourspace(sh.get("/ColorSpace"), resources), page,
                              "shading pattern")
            if pat.get("/ExtGState") is not None:
                self._extgstate(pat.get("/ExtGState"), page)

    # ---- the stream walker
    def scan_stream(self, stream, resources, base_ctm, page: int, depth: int) -> None:
        if depth > self.MAX_DEPTH or stream is None:
            return
        try:
            operations = list(_operations(stream))
        except Exception as exc:  # noqa: BLE001 — a damaged stream is a finding
            _add(self.res.errors, f"unreadable content stream ({exc.__class__.__name__})", page)
            return
        self.scan_operations(operations, resources, base_ctm, page, depth)

    def scan_operations(self, operations, resources, base_ctm, page: int, depth: int) -> None:
        resources = _r(resources)
        res = resources if resources is not None else Dictionary()
        xobjs = _r(res.get("/XObject")) or {}
        fonts = _r(res.get("/Font")) or {}
        gstates = _r(res.get("/ExtGState")) or {}
        patterns = _r(res.get("/Pattern")) or {}
        shadings = _r(res.get("/Shading")) or {}
        gs = _GS()
        gs.ctm = base_ctm
        stack: list[_GS] = []
        in_text = False
        tm = tlm = IDENTITY            # text matrix and text line matrix
        leading = 0.0
        for ops, op in operations:
            if op in (b"Tm", b"Td", b"TD", b"T*", b"'", b'"', b"TL"):
                nums = [x for x in ops if isinstance(x, float)]
                if op == b"Tm" and len(nums) >= 6:
                    tm = tlm = tuple(nums[-6:])
                elif op in (b"Td", b"TD") and len(nums) >= 2:
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, nums[-2], nums[-1]), tlm)
                    tm = tlm
                    if op == b"TD":
                        leading = -nums[-1]
                elif op == b"TL" and nums:
                    leading = nums[-1]
                elif op in (b"T*", b"'", b'"'):
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                    tm = tlm
            if op == b"q":
                stack.append(gs.copy())
            elif op == b"Q":
                if stack:
                    gs = stack.pop()
            elif op == b"cm":
                if len(ops) >= 6 and all(isinstance(x, float) for x in ops[-6:]):
                    gs.ctm = _mul(tuple(ops[-6:]), gs.ctm)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                if gs.tr != 3:                 # 3: invisible text
                    o = _mul(tm, gs.ctm)
                    ext = self.res.text_extent.setdefault(page, [o[4], o[5], o[4], o[5]])
                    ext[0], ext[1] = min(ext[0], o[4]), min(ext[1], o[5])
                    ext[2], ext[3] = max(ext[2], o[4]), max(ext[3], o[5])
                if gs.font is not None:
                    self._font(fonts.get(gs.font), gs.font, page, True)
                if gs.tr in (0, 2, 4, 6):     # fill modes
                    f = gs.fill
                    if f.family == "DeviceGray":
                        self.res.gray_text.add(page)
                    elif f.family == "DeviceCMYK" and len(gs.fillval) == 4:
                        c, m, y, k = gs.fillval
                        if k >= 0.95 and (c > 0.001 or m > 0.001 or y > 0.001):
                            _add(self.res.rich_black_text,
                                 f"{c * 100:.0f}/{m * 100:.0f}/{y * 100:.0f}/{k * 100:.0f}", page)
                        elif k < 0.95 and c > 0.8 and m > 0.8 and y > 0.8:
                            _add(self.res.rich_black_text,
                                 f"{c * 100:.0f}/{m * 100:.0f}/{y * 100:.0f}/{k * 100:.0f}", page)
            elif op == b"Tf":
                if ops and isinstance(ops[0], bytes):
                    gs.font = ops[0].decode("latin-1")
                    self._font(fonts.get(gs.font), gs.font, page, False)
            elif op == b"Tr":
                if ops and isinstance(ops[-1], float):
                    gs.tr = int(ops[-1])
            elif op == b"rg":
                gs.fill = _DEV["/DeviceRGB"]
                gs.fillval = tuple(x for x in ops if isinstance(x, float))
                _add(self.res.rgb, "DeviceRGB fill colour (rg)" + (" for text" if in_text else ""),
                     page)
            elif op == b"RG":
                gs.stroke = _DEV["/DeviceRGB"]
                _add(self.res.rgb, "DeviceRGB stroke colour (RG)", page)
            elif op == b"k":
                gs.fill = _DEV["/DeviceCMYK"]
                gs.fillval = tuple(x for x in ops if isinstance(x, float))
            elif op == b"K":
                gs.stroke = _DEV["/DeviceCMYK"]
            elif op == b"g":
                gs.fill = _DEV["/DeviceGray"]
                gs.fillval = tuple(x for x in ops if isinstance(x, float))
            elif op == b"G":
                gs.stroke = _DEV["/DeviceGray"]
            elif op in (b"cs", b"CS"):
                if ops and isinstance(ops[-1], bytes):
                    cs = classify_colourspace(ops[-1].decode("latin-1"), res)
                    self._note_cs(cs, page, "colour" if op == b"cs" else "stroke colour")
                    if op == b"cs":
                        gs.fill = cs
                        gs.fillval = ()
                    else:
                        gs.stroke = cs
            elif op in (b"sc", b"scn"):
                gs.fillval = tuple(x for x in ops if isinstance(x, float))
                if ops and isinstance(ops[-1], bytes):
                    self._pattern(patterns.get(ops[-1].decode("latin-1")), base_ctm, page,
                                  res, depth)
            elif op in (b"SC", b"SCN"):
                if ops and isinstance(ops[-1], bytes):
                    self._pattern(patterns.get(ops[-1].decode("latin-1")), base_ctm, page,
                                  res, depth)
            elif op == b"sh":
                if ops and isinstance(ops[-1], bytes):
                    sh = _r(shadings.get(ops[-1].decode("latin-1")))
                    if sh is not None:
                        self._note_cs(classify_colourspace(sh.get("/ColorSpace"), res), page,
                                      "shading")
            elif op == b"gs":
                if ops and isinstance(ops[-1], bytes):
                    name = ops[-1].decode("latin-1")
                    gsd = _r(gstates.get(name))
                    if gsd is not None:
                        self._extgstate(gsd, page)
                        fnt = _r(gsd.get("/Font"))
                        if fnt:
                            self._font(fnt[0], name, page, False)
            elif op == b"Do":
                if ops and isinstance(ops[-1], bytes):
                    name = ops[-1].decode("latin-1")
                    xo = _r(xobjs.get(name))
                    if xo is None:
                        continue
                    st = str(xo.get("/Subtype"))
                    if st == "/Image":
                        self._image(name, xo, gs.ctm, page, res)
                    elif st == "/Form":
                        fm = _r(xo.get("/Matrix"))
                        m = tuple(float(_r(x)) for x in fm) if fm else IDENTITY
                        grp = _r(xo.get("/Group"))
                        if grp is not None and str(grp.get("/S")) == "/Transparency":
                            _add(self.res.transparency, "transparency group (form XObject)", page)
                        if xo.get("/SMask") is not None:
                            _add(self.res.transparency, "form with soft mask", page)
                        sub_res = xo.get("/Resources")
                        self.scan_stream(xo, sub_res if sub_res is not None else res,
                                         _mul(m, gs.ctm), page, depth + 1)
            elif op == b"BI":
                self._image("inline image", ops, gs.ctm, page, res, inline=True)
            elif op == b"BDC":
                props = ops[-1] if ops and isinstance(ops[-1], dict) else {}
                src = props.get(b"/BPSource")
                self._marks.append({"file": _name_text(src), "at": _name_text(props.get(b"/BPAt")),
                                    "min_ppi": props.get(b"/BPMinPPI"),
                                    "low": _name_text(props.get(b"/BPLowRes"))}
                                   if isinstance(src, bytes) else None)
            elif op == b"BMC":
                self._marks.append(None)
            elif op == b"EMC":
                if self._marks:
                    self._marks.pop()
            elif op == b"BT":
                in_text = True
                tm = tlm = IDENTITY
            elif op == b"ET":
                in_text = False


def _name_text(name) -> str:
    """A PDF name (b'/images#2Fx.png') as text ('images/x.png')."""
    if not isinstance(name, bytes):
        return ""
    raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name[1:])
    return raw.decode("utf-8", "replace")


def scan_document(pdf: Pdf, pages: Iterable[int] | None = None) -> ScanResult:
    """Scan every page's content (and annotation appearances) for colour, fonts, images."""
    result = ScanResult()
    sc = _Scanner(result)
    idx = range(len(pdf.pages)) if pages is None else pages
    for i in idx:
        page = pdf.pages[i].obj
        pno = i + 1
        res = _inherited(page, "/Resources")
        try:
            operations = list(_operations(page)) if "/Contents" in page else []
        except Exception as exc:  # noqa: BLE001
            _add(result.errors, f"unreadable page content ({exc.__class__.__name__})", pno)
            operations = []
        sc.scan_operations(operations, res, IDENTITY, pno, 0)
        grp = _r(page.get("/Group"))
        if grp is not None and str(grp.get("/S")) == "/Transparency":
            _add(result.transparency, "page transparency group", pno)
        for annot in _r(page.get("/Annots")) or []:
            annot = _r(annot)
            ap = _r(annot.get("/AP")) if isinstance(annot, Dictionary) else None
            n = _r(ap.get("/N")) if ap is not None else None
            if n is None:
                continue
            streams = [n] if isinstance(n, Stream) else \
                [_r(v) for v in n.values()] if isinstance(n, Dictionary) else []
            for s in streams:
                if isinstance(s, Stream):
                    sc.scan_stream(s, s.get("/Resources"), IDENTITY, pno, 1)
    return result


# --------------------------------------------------------------------------- preflight

def _open(src) -> tuple[Pdf, str]:
    if isinstance(src, Pdf):
        return src, "PDF"
    if isinstance(src, (bytes, bytearray, memoryview)):
        return pikepdf.open(io.BytesIO(bytes(src))), "PDF bytes"
    p = Path(src)
    return pikepdf.open(io.BytesIO(p.read_bytes())), str(p)


def pages_of(pdf: Pdf) -> list:
    """The page dictionaries of `pdf`, in order."""
    return [p.obj for p in pdf.pages]


def declared_pdfx(pdf: Pdf) -> str | None:
    """The PDF/X standard the file claims, if any: its GTS_PDFXConformance where
    it has one (PDF/X-1a:2001 declares version "PDF/X-1:2001" and conformance
    "PDF/X-1a:2001"), else its GTS_PDFXVersion; from Info, or else XMP."""
    try:
        info = pdf.trailer.get("/Info")
        if info is not None and "/GTS_PDFXVersion" in info:
            if "/GTS_PDFXConformance" in info:
                return str(info["/GTS_PDFXConformance"])
            return str(info["/GTS_PDFXVersion"])
        md = pdf.Root.get("/Metadata")
        if md is not None:
            data = md.read_bytes()
            for key in (rb"GTS_PDFXConformance", rb"GTS_PDFXVersion"):
                m = re.search(key + rb"(?:>|=\")\s*([^<\"]+)", data)
                if m:
                    return m.group(1).decode("utf-8", "replace").strip()
    except Exception:  # noqa: BLE001
        return None
    return None


def preflight(src, *, require_print: bool = True, scan: ScanResult | None = None,
              print_ppi: float = PRINT_DPI, low_resolution: str = ERROR) -> Report:
    """Check a PDF (path, bytes or an open `pikepdf.Pdf`) as a print shop would.

    ``scan``: a `scan_document` result already made of the same page contents
    (the build's print PDF, scanned once for both `check_pdfx` and this check).

    ``require_print=True``: the print rules (CMYK only, boxes and bleed,
    300 ppi, page count ÷ 4, PDF/X output intent).  ``False``: screen rules
    (150 ppi warning, fonts embedded as warning, nothing about boxes/colour).

    ``print_ppi`` and ``low_resolution`` (error | warning): what print asks of
    an image's effective resolution, and how a lower one counts (the build
    passes the style's `figures: min_ppi / low_resolution`).  An image drawn
    inside a marked-content sequence carrying ``/BPSource`` (as bulletin-press
    draws figures) is named by that source file, not by its PDF object, and
    judged by the policy it carries (``/BPMinPPI``, ``/BPLowRes``).
    """
    import time
    t0 = time.perf_counter()
    mode = "print" if require_print else "screen"
    try:
        pdf, label = _open(src)
        page_dicts = pages_of(pdf)
        n = len(page_dicts)
    except pikepdf.PasswordError:
        rep = Report(source=str(src) if isinstance(src, (str, Path)) else "PDF bytes", mode=mode)
        rep.add(ERROR, "encrypted", "the PDF is encrypted; print files must not be")
        rep.seconds = time.perf_counter() - t0
        return rep
    except Exception as exc:  # noqa: BLE001
        rep = Report(source=str(src) if isinstance(src, (str, Path)) else "PDF bytes", mode=mode)
        why = re.sub(r"^stream <[^>]*>: ", "", str(exc))     # qpdf names our BytesIO
        rep.add(ERROR, "unreadable", f"not a readable PDF: {why}")
        return rep
    rep = Report(source=label, mode=mode, page_count=n)
    rep.pdfx = declared_pdfx(pdf)
    P = require_print

    if pdf.is_encrypted:
        rep.add(ERROR, "encrypted", "the PDF is encrypted; print files must not be")
        rep.seconds = time.perf_counter() - t0
        return rep

    # ---- page count (for sheets imposed by bulletin-press: an even number of sides)
    info = pdf.trailer.get("/Info")
    imposed = info is not None and "/BulletinPressImposition" in info
    if n == 0:
        rep.add(ERROR, "no-pages", "the PDF has no pages")
    elif imposed:
        rep.add(NOTE, "imposed", f"imposed printer spreads: {n} sheet sides "
                f"({n * 2} booklet pages)")
        if n % 2:
            rep.add(ERROR, "page-count", f"{n} sheet sides is odd")
    elif P and n % 4:
        rep.add(ERROR, "page-count",
                f"{n} pages is not a multiple of 4; a saddle-stitched booklet needs "
                f"{n + (-n) % 4} (add {(-n) % 4} blank page(s))")

    # ---- boxes
    trims: list[tuple[int, float, float]] = []
    for i, page in enumerate(page_dicts, start=1):
        media = _box(page, "/MediaBox") or (lambda v: v and tuple(float(x) for x in v))(
            _r(_inherited(page, "/MediaBox")))
        if not media:
            rep.add(ERROR, "no-mediabox", "page has no MediaBox", [i])
            continue
        crop = _box(page, "/CropBox")
        trim = _box(page, "/TrimBox")
        art = _box(page, "/ArtBox")
        bleed = _box(page, "/BleedBox")
        rot = int(_r(_inherited(page, "/Rotate")) or 0) % 360
        if rot and P:
            rep.add(WARNING, "rotate", f"page is rotated by /Rotate {rot}", [i])
        uu = _r(page.get("/UserUnit"))
        if uu is not None and float(uu) != 1.0:
            rep.add(WARNING, "userunit", f"page uses /UserUnit {float(uu)}", [i])
        if crop and not _inside(crop, media):
            rep.add(NOTE, "cropbox", "CropBox extends beyond MediaBox", [i])
        if trim is None:
            if P:
                rep.add(ERROR, "no-trimbox",
                        "no TrimBox: the printer cannot tell the finished size"
                        + (" (only an ArtBox)" if art else ""), [i])
            continue
        if art is not None and P:
            rep.add(WARNING, "artbox", "both TrimBox and ArtBox (PDF/X allows only one)", [i])
        eff_bleed = bleed or crop or media
        if bleed is None and P:
            rep.add(WARNING, "no-bleedbox",
                    "no BleedBox; the bleed defaults to the CropBox/MediaBox", [i])
        if not _inside(trim, media):
            rep.add(ERROR, "box-order", "TrimBox is not inside the MediaBox", [i])
        if bleed is not None and not _inside(bleed, media):
            rep.add(ERROR, "box-order", "BleedBox is not inside the MediaBox", [i])
        if not _inside(trim, eff_bleed):
            rep.add(ERROR, "box-order", "TrimBox is not inside the BleedBox", [i])
        if P:
            gaps = (trim[0] - eff_bleed[0], trim[1] - eff_bleed[1],
                    eff_bleed[2] - trim[2], eff_bleed[3] - trim[3])
            small = min(gaps)
            if small < MIN_BLEED - _BOX_EPS and _inside(trim, eff_bleed):
                sides = [s for s, g in zip(("left", "bottom", "right", "top"), gaps)
                         if g < MIN_BLEED - _BOX_EPS]
                rep.add(ERROR, "bleed",
                        f"bleed {max(small, 0) / MM:.1f} mm on the {'/'.join(sides)} side; "
                        f"the print shop needs at least 3 mm on every side", [i])
        trims.append((i, trim[2] - trim[0], trim[3] - trim[1]))
    if trims:
        w0, h0 = trims[0][1], trims[0][2]
        rep.trim_size_mm = (round(w0 / MM, 1), round(h0 / MM, 1))
        odd = [i for i, w, h in trims if abs(w - w0) > _TRIM_EPS or abs(h - h0) > _TRIM_EPS]
        if odd:
            rep.add(ERROR, "trim-size",
                    f"trim size differs from page {trims[0][0]} "
                    f"({w0 / MM:.1f} × {h0 / MM:.1f} mm)", odd)

    # ---- content
    if scan is None:
        scan = scan_document(pdf)
    for what, pages in scan.errors.items():
        rep.add(ERROR, "unreadable-stream", what, pages)
    for what, pages in scan.rgb.items():
        rep.add(ERROR if P else NOTE, "rgb-colour", f"RGB: {what}", pages)
    for what, pages in scan.device_independent.items():
        rep.add(NOTE, "icc-colour",
                f"device-independent colour {what} (not allowed in PDF/X-1a)", pages)
    for what, pages in scan.spot_rgb_alt.items():
        rep.add(WARNING if P else NOTE, "spot-rgb", f"spot colour with RGB alternate: {what}",
                pages)
    for what, pages in scan.unknown_cs.items():
        rep.add(WARNING, "unknown-colour", what, pages)
    if scan.gray_text:
        rep.add(NOTE, "gray-text", "text in DeviceGray (prints on the K plate only; fine for "
                "black text)", scan.gray_text)
    for what, pages in scan.rich_black_text.items():
        rep.add(WARNING if P else NOTE, "rich-black-text",
                f"black text in {what} CMYK; body text should be pure K 0/0/0/100", pages)
    for what, pages in scan.transparency.items():
        rep.add(WARNING if P else NOTE, "transparency",
                f"transparency: {what} (flattened by the RIP; not allowed in PDF/X-1a)", pages)
    if scan.jbig2_jpx:
        rep.add(NOTE, "jbig2-jpx", "JBIG2/JPEG 2000 images (PDF 1.4/1.5; not in PDF/X-1a)",
                scan.jbig2_jpx)

    # fonts
    for rec in scan.fonts.values():
        pages = sorted(rec["pages"])
        rep.fonts.append({"name": rec["name"], "type": rec["type"], "embedded": rec["embedded"],
                          "subset": rec["subset"], "pages": pages, "shows_text": rec["shown"]})
        if not rec["embedded"]:
            if rec["shown"]:
                rep.add(ERROR if P else WARNING, "font-not-embedded",
                        f"font {rec['name']} ({rec['type']}) is not embedded", pages)
            else:
                rep.add(WARNING if P else NOTE, "font-not-embedded-unused",
                        f"font {rec['name']} ({rec['type']}) is selected but shows no text and "
                        f"is not embedded (reportlab: pass initialFontName= an embedded font)",
                        pages)
        elif rec["subset"]:
            rep.add(NOTE, "font-subset", f"font {rec['name']} is an embedded subset", pages)
    rep.fonts.sort(key=lambda f: (f["pages"][:1], f["name"]))

    # images
    for im in scan.images:
        rep.images.append({**im, "dpi": round(im["dpi"], 1),
                           "dpi_xy": [round(v, 1) for v in im["dpi_xy"]],
                           "placed_mm": [round(v, 1) for v in im["placed_mm"]]})
        dpi = im["dpi"]
        src = im.get("source")
        label = (f"image {src['file']}" + (f" (the figure at {src['at']})" if src.get("at") else "")
                 if src else f"image {im['name']}")
        desc = (f"{label} ({im['pixels'][0]}×{im['pixels'][1]} px at "
                f"{im['placed_mm'][0]:.0f}×{im['placed_mm'][1]:.0f} mm) is {ppi_text(dpi)} ppi")
        if P:
            if im["lineart"]:
                if dpi < LINEART_DPI * _DPI_TOLERANCE:
                    rep.add(WARNING, "lineart-resolution",
                            desc + f"; 1-bit line art wants {LINEART_DPI:.0f} ppi", [im["page"]])
            else:
                # a figure bulletin-press placed carries its style's policy (figures: in the style)
                want = src["min_ppi"] if src and isinstance(src.get("min_ppi"), float) else print_ppi
                sev = ({"error": ERROR, "warning": WARNING}.get(src.get("low"), low_resolution)
                       if src else low_resolution)
                if dpi < want * _DPI_TOLERANCE:
                    rep.add(sev, "image-resolution",
                            desc + f"; print wants {want:.0f} ppi: use a larger original "
                            f"or print it smaller", [im["page"]])
        elif dpi < SCREEN_DPI * _DPI_TOLERANCE:
            rep.add(WARNING, "image-resolution", desc + f"; screen wants {SCREEN_DPI:.0f} ppi",
                    [im["page"]])

    # ---- text outside the trim (a coarse check: where each run of text starts)
    boxes = {}
    for i, page in enumerate(page_dicts, start=1):
        boxes[i] = _box(page, "/TrimBox") or _box(page, "/MediaBox")
    outside = []
    for pno, (x0, y0, x1, y1) in sorted(scan.text_extent.items()):
        box = boxes.get(pno)
        if box and (x0 < box[0] - _TRIM_EPS or y0 < box[1] - _TRIM_EPS
                    or x1 > box[2] + _TRIM_EPS or y1 > box[3] + _TRIM_EPS):
            outside.append(pno)
    if outside:
        rep.add(ERROR if P else WARNING, "text-outside-trim",
                "text starts outside the trim box (it would be cut off or run off the page)",
                outside)

    # ---- output intent
    intents = pdf.Root.get("/OutputIntents") or []
    gts = [_r(oi) for oi in intents if str(_r(oi).get("/S")) == "/GTS_PDFX"]
    if gts:
        oi = gts[0]
        ident = str(_r(oi.get("/OutputConditionIdentifier", "")))
        prof = _r(oi.get("/DestOutputProfile"))
        if prof is None:
            rep.add(NOTE, "output-intent",
                    f"output intent {ident} without an embedded profile (valid only for a "
                    f"registered characterization)")
        else:
            rep.add(NOTE, "output-intent", f"PDF/X output intent: {ident} (ICC profile embedded,"
                    f" {int(_r(prof.get('/N', 0)))} channels)")
        if rep.pdfx is None and P:
            rep.add(WARNING, "pdfx-version", "output intent present but no GTS_PDFXVersion")
    elif P:
        rep.add(ERROR, "no-output-intent",
                "not a PDF/X file: no output intent says which printing condition its colours "
                "are for (the print shop cannot check the file against its press); send the "
                "ISSUE-print.pdf that `bulletin-press build` writes (PDF/X-1a:2001), or export "
                "PDF/X-1a from the program that made this file")
    rep.seconds = time.perf_counter() - t0
    return rep


def ppi_text(ppi: float) -> str:
    """An effective resolution as a reader wants it: 72, 8.5, 0.24."""
    return f"{ppi:.0f}" if ppi >= 10 else f"{ppi:.2g}"


def _inside(inner, outer, eps: float = _BOX_EPS) -> bool:
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps
            and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)


__all__ = ["preflight", "Report", "Finding", "scan_document", "iter_operations",
           "classify_colourspace", "font_info", "declared_pdfx", "ERROR", "WARNING", "NOTE"]
