"""The archive variant: the screen PDF made PDF/A-3u, carrying the files it was made from.

pikepdf post-processes the screen PDF (RGB, every font embedded as the render
stage writes it, with a ToUnicode map):

* XMP metadata (pdfaid part 3, conformance U; dc:title, dc:creator,
  dc:description, the dates, creator tool and producer) matching the Info
  dictionary, which is rewritten with the issue's date;
* an sRGB output intent (GTS_PDFA1) with an sRGB ICC profile made by
  Pillow's ImageCms (its creation date fixed, so the bytes never change);
* the sources attached as embedded files (MIME type, size and date in their
  Params, AFRelationship /Source) and listed in the catalog's /AF;
* link annotations marked printable; nothing that PDF/A forbids (encryption,
  JavaScript, transparency, unembedded fonts) — `check_pdfa` reads the result
  back and names whatever breaks a rule checked here;
* a trailer /ID computed from the content, so the same sources give the same
  bytes.
"""
from __future__ import annotations

import datetime as _dt
import functools
import io
import mimetypes
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

SRGB = "sRGB IEC61966-2.1"


@dataclass(frozen=True)
class Attachment:
    name: str          # shown name, e.g. issues/2025-04/01-zhici.md
    data: bytes
    description: str


@functools.lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (lcms's, through Pillow), with a fixed creation date."""
    from PIL import ImageCms
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = bytes([0x07, 0xE8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])   # 2024-01-01 00:00:00
    return bytes(icc)


def _pdf_date(d: _dt.date) -> str:
    return f"D:{d:%Y%m%d}000000+00'00'"


def _xmp_date(d: _dt.date) -> str:
    return f"{d:%Y-%m-%d}T00:00:00+00:00"


def _mime(name: str) -> str:
    if name.endswith((".md", ".markdown")):
        return "text/markdown"
    if name.endswith((".yaml", ".yml", ".lock")):
        return "application/yaml" if not name.endswith(".lock") else "text/plain"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def xmp_packet(*, title: str, author: str, subject: str, creator: str, producer: str,
               date: _dt.date) -> bytes:
    e = escape
    when = _xmp_date(date)
    desc = (f"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{e(subject)}</rdf:li></rdf:Alt>"
            f"</dc:description>") if subject else ""
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   {desc}
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>U</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def archive_pdf(screen_pdf: bytes, attachments: list[Attachment], date: _dt.date) -> bytes:
    """The PDF/A-3u archive copy of a screen PDF, with `attachments` embedded as its sources."""
    pdf = pikepdf.open(io.BytesIO(screen_pdf))
    info = pdf.docinfo
    title = str(info.get("/Title", ""))
    author = str(info.get("/Author", ""))
    subject = str(info.get("/Subject", ""))
    creator = str(info.get("/Creator", "bulletin-press"))
    producer = "bulletin-press (reportlab, pikepdf)"
    for k in list(info.keys()):
        del info[k]
    info.Title, info.Author, info.Creator, info.Producer = (String(title), String(author),
                                                            String(creator), String(producer))
    if subject:
        info.Subject = String(subject)
    info.CreationDate = info.ModDate = String(_pdf_date(date))

    root = pdf.Root
    for key in ("/OpenAction", "/AA", "/AcroForm", "/Names"):   # no scripts, forms or other attachments
        if key in root:
            del root[key]
    meta = pdf.make_stream(xmp_packet(title=title, author=author, subject=subject, creator=creator,
                                      producer=producer, date=date))
    meta.Type, meta.Subtype = Name.Metadata, Name.XML
    root.Metadata = meta

    icc = pdf.make_stream(srgb_profile())
    icc.N = 3
    root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(SRGB),
        RegistryName=String("http://www.color.org"), Info=String(SRGB),
        DestOutputProfile=icc)])

    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            annot.F = 4            # printable, not hidden
            if "/AA" in annot:
                del annot["/AA"]

    pd = _pdf_date(date)
    names, specs = [], []
    for att in sorted(attachments, key=lambda a: a.name):
        spec = pikepdf.AttachedFileSpec(pdf, att.data, description=att.description,
                                        filename=att.name, mime_type=_mime(att.name),
                                        creation_date=pd, mod_date=pd).obj
        spec.AFRelationship = Name.Source
        ref = pdf.make_indirect(spec)
        names += [String(att.name), ref]
        specs.append(ref)
    root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array(names)))
    root.AF = Array(specs)

    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, force_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=True)
    return out.getvalue()


# ---------------------------------------------------------------- reading it back

_XMP_NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
           "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
           "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdf": "http://ns.adobe.com/pdf/1.3/"}


def _xmp_values(data: bytes) -> dict[str, str]:
    import xml.etree.ElementTree as ET
    start, end = data.find(b"<x:xmpmeta"), data.rfind(b"</x:xmpmeta>")
    tree = ET.fromstring(data[start:end + len(b"</x:xmpmeta>")])
    out = {}
    for desc in tree.iter(f"{{{_XMP_NS['rdf']}}}Description"):
        for child in desc:
            ns, _, local = child.tag[1:].partition("}")
            prefix = next((p for p, u in _XMP_NS.items() if u == ns), ns)
            li = child.find(f".//{{{_XMP_NS['rdf']}}}li")
            out[f"{prefix}:{local}"] = (li.text if li is not None else child.text) or ""
    return out


def _font_embedded(font) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True
    if font.get("/Subtype") == Name.Type0:
        font = font.DescendantFonts[0]
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _font_program(font):
    from fontTools.ttLib import TTFont
    if font.get("/Subtype") == Name.Type0:
        font = font.DescendantFonts[0]
    desc = font.get("/FontDescriptor")
    stream = desc.get("/FontFile2") if desc is not None else None
    return TTFont(io.BytesIO(stream.read_bytes()), lazy=True) if stream is not None else None


def _widths_problems(font, name: str) -> list[str]:
    """PDF/A 6.2.11: the TrueType program agrees with the font dictionary — its cmap
    for a symbolic simple font, CIDToGIDMap and CIDSystemInfo for a CID font, and
    the widths of the glyphs used (to within one unit)."""
    prog = _font_program(font)
    if prog is None:
        return []
    bad = []
    hmtx, upm = prog["hmtx"].metrics, prog["head"].unitsPerEm
    order = prog.getGlyphOrder()

    def advance(glyph: str) -> float:
        return hmtx[glyph][0] * 1000.0 / upm
    if font.get("/Subtype") == Name.Type0:
        cid = font.DescendantFonts[0]
        if cid.get("/Subtype") == Name.CIDFontType2 and "/CIDToGIDMap" not in cid:
            bad.append(f"font {name}: a CIDFontType2 without CIDToGIDMap")
        info = cid.get("/CIDSystemInfo") or {}
        if font.get("/Encoding") == Name("/Identity-H") and (str(info.get("/Registry")), str(info.get("/Ordering"))) \
                != ("Adobe", "Identity"):
            bad.append(f"font {name}: CIDSystemInfo is not Adobe-Identity under Identity-H")
        if cid.get("/CIDToGIDMap") == Name.Identity:
            w = list(cid.get("/W") or [])
            k = 0
            while k < len(w):
                first = int(w[k])
                if isinstance(w[k + 1], pikepdf.Array):
                    pairs = [(first + i, float(v)) for i, v in enumerate(w[k + 1])]
                    k += 2
                else:
                    pairs = [(g, float(w[k + 2])) for g in range(first, int(w[k + 1]) + 1)]
                    k += 3
                for gid, width in pairs:
                    if gid < len(order) and abs(advance(order[gid]) - width) > 1:
                        bad.append(f"font {name}: glyph {gid} is {width:g} wide in the PDF, "
                                   f"{advance(order[gid]):g} in the font")
                        return bad
        return bad
    flags = int(font.FontDescriptor.get("/Flags", 0))
    tables = prog["cmap"].tables if "cmap" in prog else []
    if flags & 4:
        if "/Encoding" in font:
            bad.append(f"font {name}: a symbolic TrueType font with an Encoding")
        if len(tables) != 1 and not any((t.platformID, t.platEncID) == (3, 0) for t in tables):
            bad.append(f"font {name}: a symbolic TrueType font whose cmap has not exactly one subtable or (3,0)")
    elif font.get("/Encoding") not in (Name.MacRomanEncoding, Name.WinAnsiEncoding):
        bad.append(f"font {name}: a non-symbolic TrueType font without MacRoman or WinAnsi encoding")
    if tables and "/Widths" in font:
        cmap = tables[0].cmap
        first = int(font.get("/FirstChar", 0))
        for i, width in enumerate(font.Widths):
            glyph = cmap.get(first + i)
            if glyph is not None and abs(advance(glyph) - float(width)) > 1:
                bad.append(f"font {name}: code {first + i} is {float(width):g} wide in the PDF, "
                           f"{advance(glyph):g} in the font")
                break
    return bad


def _resources(pdf):
    """Every resource dictionary: the pages' and their form XObjects', once each."""
    seen, todo = set(), [p.obj.get("/Resources") for p in pdf.pages]
    while todo:
        res = todo.pop()
        if res is None:
            continue
        key = res.objgen if res.is_indirect else id(res)
        if key in seen:
            continue
        seen.add(key)
        yield res
        for x in (res.get("/XObject") or {}).values():
            if x.get("/Subtype") == Name.Form:
                todo.append(x.get("/Resources"))


def check_pdfa(data: bytes) -> list[str]:
    """The PDF/A-3u rules this module implements, checked on the file: a list of what fails."""
    bad: list[str] = []
    if not data.startswith(b"%PDF-1.") or not any(b > 127 for b in data[9:20]):
        bad.append("the header is not %PDF-1.n followed by a comment of high bytes")
    pdf = pikepdf.open(io.BytesIO(data))
    if pdf.is_encrypted:
        bad.append("the file is encrypted")
    tid = pdf.trailer.get("/ID")
    if tid is None or len(tid) != 2:
        bad.append("the trailer has no /ID")
    root, info = pdf.Root, pdf.docinfo
    meta = root.get("/Metadata")
    if meta is None:
        bad.append("no XMP metadata in the catalog")
    else:
        if "/Filter" in meta:
            bad.append("the XMP metadata stream is filtered")
        xmp = _xmp_values(meta.read_bytes())
        if xmp.get("pdfaid:part") != "3" or xmp.get("pdfaid:conformance") != "U":
            bad.append(f"XMP says PDF/A part {xmp.get('pdfaid:part')!r} conformance "
                       f"{xmp.get('pdfaid:conformance')!r}, not 3 U")
        pairs = [("dc:title", "/Title"), ("dc:creator", "/Author"), ("dc:description", "/Subject"),
                 ("xmp:CreatorTool", "/Creator"), ("pdf:Producer", "/Producer")]
        for x, i in pairs:
            if (x in xmp or i in info) and xmp.get(x) != str(info.get(i, "")):
                bad.append(f"XMP {x} {xmp.get(x)!r} does not match Info {i} {str(info.get(i, ''))!r}")
        for x, i in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
            d = str(info.get(i, ""))
            want = f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:{d[14:16]}+00:00" if d else None
            if xmp.get(x) != want:
                bad.append(f"XMP {x} {xmp.get(x)!r} does not match Info {i} {d!r}")
    intents = [oi for oi in root.get("/OutputIntents") or [] if oi.get("/S") == Name.GTS_PDFA1]
    if len(intents) != 1:
        bad.append("there is not exactly one GTS_PDFA1 output intent")
    else:
        prof = intents[0].get("/DestOutputProfile")
        if prof is None or prof.get("/N") != 3 or prof.read_bytes()[16:20] != b"RGB ":
            bad.append("the output intent has no RGB ICC profile")
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            if "/JS" in obj or obj.get("/S") in (Name.JavaScript, Name.Launch):
                bad.append(f"object {obj.objgen} is JavaScript or a launch action")
            if obj.get("/Subtype") == Name.Image and ("/SMask" in obj or "/Mask" in obj):
                bad.append(f"image {obj.objgen} has a soft mask (transparency)")
    fonts_seen: set = set()
    for res in _resources(pdf):
        for font in (res.get("/Font") or {}).values():
            name = str(font.get("/BaseFont", "?"))
            if not _font_embedded(font):
                bad.append(f"font {name} is not embedded")
            if "/ToUnicode" not in font:
                bad.append(f"font {name} has no ToUnicode map")
            key = font.objgen if font.is_indirect else id(font)
            if key not in fonts_seen:
                fonts_seen.add(key)
                bad += _widths_problems(font, name)
        for gs in (res.get("/ExtGState") or {}).values():
            if gs.get("/SMask", Name.None_) != Name.None_ or float(gs.get("/CA", 1)) != 1 \
                    or float(gs.get("/ca", 1)) != 1 or gs.get("/BM", Name.Normal) not in (Name.Normal, Name.Compatible):
                bad.append("a graphics state sets transparency")
        for x in (res.get("/XObject") or {}).values():
            grp = x.get("/Group")
            if grp is not None and grp.get("/S") == Name.Transparency:
                bad.append("a form XObject is a transparency group")
            if x.get("/ColorSpace") == Name.DeviceCMYK:
                bad.append("an image is DeviceCMYK under an RGB output intent")
    for n, page in enumerate(pdf.pages, 1):
        grp = page.obj.get("/Group")
        if grp is not None and grp.get("/S") == Name.Transparency:
            bad.append(f"page {n} is a transparency group")
        for annot in page.obj.get("/Annots") or []:
            f = int(annot.get("/F", 0))
            if not f & 4 or f & (1 | 2 | 32):
                bad.append(f"page {n}: an annotation is not marked printable and visible")
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) in ("k", "K"):
                bad.append(f"page {n} paints in DeviceCMYK under an RGB output intent")
                break
    af = root.get("/AF") or []
    if not af:
        bad.append("the catalog lists no associated files (/AF)")
    for spec in af:
        name = str(spec.get("/UF", "?"))
        ef = spec.get("/EF")
        stream = ef.get("/F") if ef is not None else None
        if spec.get("/AFRelationship") != Name.Source:
            bad.append(f"attachment {name}: AFRelationship is not /Source")
        if "/F" not in spec or "/UF" not in spec or stream is None:
            bad.append(f"attachment {name}: the file specification lacks F, UF or the embedded file")
        elif "/Subtype" not in stream or "/ModDate" not in (stream.get("/Params") or {}):
            bad.append(f"attachment {name}: the embedded file has no MIME type or ModDate")
    return bad
