"""Turn a reportlab print PDF into PDF/X-1a (default) or PDF/X-4 — after checking it.

``make_pdfx(pdf_bytes, title=..., standard="PDF/X-1a:2001") -> bytes``

1. **Verifies** the file (`check_pdfx`) and raises `PdfXError` listing every
   problem if it cannot honestly be called PDF/X:
   no RGB anywhere (DeviceRGB operators, RGB images, CalRGB/ICC-RGB, spot
   colours with RGB alternates), no unknown colour spaces, every font used in
   content embedded, a TrimBox on every page with TrimBox ⊆ BleedBox ⊆ MediaBox,
   not encrypted, no forms / JavaScript, no annotations other than links
   (links are dropped: they do not print), and for PDF/X-1a also: no
   transparency (soft masks, alpha < 1, blend modes, transparency groups), no
   device-independent colour (ICCBased, Lab, CalGray), no JBIG2/JPEG 2000, no
   optional content.
2. **Writes** with pypdf: an /OutputIntents entry (/S /GTS_PDFX) with the
   embedded CMYK profile "ISO Coated v2 300% (basICColor)" (zlib licence; see
   ``render/icc/LICENSE-ISOcoated_v2_300_bas.txt``) under the registered condition
   FOGRA39; Info /Title, /GTS_PDFXVersion (+ /GTS_PDFXConformance for
   X-1a:2001), /Trapped /False, /CreationDate, /ModDate, /Creator, /Producer;
   the header version (1.3 for X-1a:2001, 1.4 for X-1a:2003, 1.6 for X-4);
   XMP metadata for X-4 (required there; X-1a:2001 is PDF 1.3 and has none);
   and a document /ID that is a hash of the input and the parameters.

The output is byte-identical for identical input and arguments: no clock, no
randomness.  The dates come from the input's /CreationDate (reportlab always
writes one; use ``Canvas(invariant=1)`` or a fixed date for reproducible
builds), or ``date=``, or ``SOURCE_DATE_EPOCH``.

Not checked (no pure-Python way to be sure; a print shop's preflight may still
comment): total ink coverage of images, overprint settings, hairlines thinner
than 0.1 pt, and the conformance of embedded font programs themselves.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import os
import re
import uuid

from ..errors import BuildError, Problem
from ..render.pdfx import FOGRA39, STANDARDS, OutputIntent, pdf_date as _pdf_date, profile_bytes as _profile_bytes
from .preflight import _box, _inherited, _inside, _open, _r, pages_of, scan_document
from .preflight import _pages_suffix as pages_txt

class PdfXError(BuildError):
    """The PDF cannot be made PDF/X; `.problems` lists why."""


@functools.lru_cache(maxsize=4)
def _profile_compressed(name: str) -> bytes:
    import zlib
    return zlib.compress(_profile_bytes(name), 9)


def _icc_check(data: bytes) -> tuple[str, int]:
    """(colour space, major version) of an ICC profile, validating its header."""
    if len(data) < 132 or data[36:40] != b"acsp":
        raise ValueError("not an ICC profile (no 'acsp' signature)")
    return data[16:20].decode("latin-1").strip(), data[8]


# ----------------------------------------------------------------------------- checking

def check_pdfx(pdf, standard: str = "PDF/X-1a:2001", *, allow_links: bool = True,
               scan=None) -> list[str]:
    """Every reason `pdf` (bytes or an open `pikepdf.Pdf`) cannot be `standard`; empty
    list = none found.  Read with pikepdf, as the preflight reads.

    `scan`: a `scan_document` result already made of these very page contents
    (the build scans once for this check and its preflight)."""
    import pikepdf

    if standard not in STANDARDS:
        raise ValueError(f"standard must be one of {sorted(STANDARDS)}, not {standard!r}")
    _, _, _, transparency_ok = STANDARDS[standard]
    x1a = not transparency_ok
    try:
        doc = _open(pdf)[0]
    except pikepdf.PasswordError:
        return ["the PDF is encrypted (PDF/X forbids encryption)"]
    probs: list[str] = []
    if doc.is_encrypted:
        return ["the PDF is encrypted (PDF/X forbids encryption)"]
    root = doc.Root
    pages = pages_of(doc)

    if not pages:
        probs.append("the PDF has no pages")
    if "/AcroForm" in root:
        probs.append("interactive form fields (/AcroForm) are not allowed in PDF/X")
    names = _r(root.get("/Names"))
    if names is not None and "/JavaScript" in names:
        probs.append("JavaScript is not allowed in PDF/X")
    if x1a and "/OCProperties" in root:
        probs.append("optional content (layers) is not allowed in PDF/X-1a")

    # boxes and annotations
    no_trim, order, both, annots = [], [], [], {}
    for i, page in enumerate(pages, start=1):
        media = _box(page, "/MediaBox") or _box({"/MediaBox": _inherited(page, "/MediaBox")},
                                                "/MediaBox") or (0.0, 0.0, 612.0, 792.0)
        trim, bleed, art = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/ArtBox")
        if trim is None:
            no_trim.append(i)
        else:
            if art is not None:
                both.append(i)
            crop = _box(page, "/CropBox")
            if not _inside(trim, bleed or media) or (bleed and not _inside(bleed, media)):
                order.append(i)
            elif crop is not None and (not _inside(trim, crop)
                                       or (not x1a and bleed and not _inside(bleed, crop))):
                order.append(i)
        for a in _r(page.get("/Annots")) or []:
            st = str(_r(a).get("/Subtype"))
            if st == "/Link" and allow_links:
                continue
            if st in ("/PrinterMark", "/TrapNet"):
                continue
            annots.setdefault(st[1:], []).append(i)
    if no_trim:
        probs.append("no TrimBox" + pages_txt(no_trim) + " — set canvas.setTrimBox()")
    if both:
        probs.append("both TrimBox and ArtBox" + pages_txt(both) + " — PDF/X wants one")
    if order:
        probs.append("boxes not nested TrimBox ⊆ BleedBox ⊆ MediaBox (and TrimBox ⊆ CropBox)"
                     + pages_txt(order))
    for st, ps in annots.items():
        probs.append(f"{st} annotation(s)" + pages_txt(ps) + " are not allowed in PDF/X")

    if scan is None:
        scan = scan_document(doc)
    for what, ps in scan.errors.items():
        probs.append(what + pages_txt(ps))
    for what, ps in scan.rgb.items():
        probs.append(f"RGB colour: {what}" + pages_txt(ps)
                     + " — use CMYK (Canvas(enforceColorSpace='cmyk'), CMYK images)")
    for what, ps in scan.spot_rgb_alt.items():
        probs.append(f"spot colour with an RGB alternate: {what}" + pages_txt(ps))
    for what, ps in scan.unknown_cs.items():
        probs.append(what + pages_txt(ps))
    if x1a:
        for what, ps in scan.device_independent.items():
            probs.append(f"device-independent colour {what}" + pages_txt(ps)
                         + f" — {standard} allows only DeviceCMYK/Gray/Separation/DeviceN")
        for what, ps in scan.transparency.items():
            probs.append(f"transparency: {what}" + pages_txt(ps)
                         + f" — not allowed in {standard} (flatten it or use PDF/X-4)")
        if scan.jbig2_jpx:
            probs.append("JBIG2/JPEG 2000 images" + pages_txt(scan.jbig2_jpx)
                         + f" — not allowed in {standard}")
    for rec in scan.fonts.values():
        if not rec["embedded"]:
            how = "shows text" if rec["shown"] else \
                "is selected in the content (reportlab: pass initialFontName= an embedded font)"
            probs.append(f"font {rec['name']} ({rec['type']}) is not embedded and {how}"
                         + pages_txt(rec["pages"]))
    return probs


# ----------------------------------------------------------------------------- dates

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?")


def _parse_pdf_date(s: str) -> _dt.datetime | None:
    m = _PDF_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se = (int(v) if v else dflt for v, dflt in
                           zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    sign, th, tm = m.group(7), m.group(8), m.group(9)
    if sign in ("+", "-"):
        off = _dt.timedelta(hours=int(th or 0), minutes=int(tm or 0))
        tz = _dt.timezone(off if sign == "+" else -off)
    else:
        tz = _dt.timezone.utc
    try:
        return _dt.datetime(y, mo, d, h, mi, se, tzinfo=tz)
    except ValueError:
        return None


def _xmp_date(d: _dt.datetime) -> str:
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    return d.isoformat(timespec="seconds")


def _choose_date(reader, date) -> _dt.datetime:
    if isinstance(date, _dt.datetime):
        return date if date.tzinfo else date.replace(tzinfo=_dt.timezone.utc)
    if isinstance(date, _dt.date):
        return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)
    if isinstance(date, str):
        d = _parse_pdf_date(date) if date.startswith("D:") else \
            _dt.datetime.fromisoformat(date)
        if d is None:
            raise ValueError(f"cannot read date {date!r}")
        return d if d.tzinfo else d.replace(tzinfo=_dt.timezone.utc)
    info = _r(reader.trailer.get("/Info"))
    if info is not None and "/CreationDate" in info:
        d = _parse_pdf_date(str(_r(info["/CreationDate"])))
        if d is not None:
            return d
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde and sde.isdigit():
        return _dt.datetime.fromtimestamp(int(sde), tz=_dt.timezone.utc)
    raise PdfXError(Problem(None, "no creation date: the input has no /CreationDate",
                            "pass make_pdfx(..., date=datetime(...)) or set SOURCE_DATE_EPOCH"))


# ----------------------------------------------------------------------------- XMP

def _esc(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _xmp(*, title: str, author: str | None, subject: str | None, keywords: str | None,
         creator: str, producer: str, date: _dt.datetime, version: str,
         doc_uuid: str, inst_uuid: str) -> bytes:
    d = _xmp_date(date)
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '  <rdf:Description rdf:about=""',
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
        '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
        '    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">',
        '   <dc:format>application/pdf</dc:format>',
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_esc(title)}</rdf:li>'
        '</rdf:Alt></dc:title>',
    ]
    if author:
        parts.append(f'   <dc:creator><rdf:Seq><rdf:li>{_esc(author)}</rdf:li></rdf:Seq>'
                     '</dc:creator>')
    if subject:
        parts.append(f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_esc(subject)}'
                     '</rdf:li></rdf:Alt></dc:description>')
    if keywords:
        parts.append(f'   <pdf:Keywords>{_esc(keywords)}</pdf:Keywords>')
    parts += [
        f'   <xmp:CreateDate>{d}</xmp:CreateDate>',
        f'   <xmp:ModifyDate>{d}</xmp:ModifyDate>',
        f'   <xmp:MetadataDate>{d}</xmp:MetadataDate>',
        f'   <xmp:CreatorTool>{_esc(creator)}</xmp:CreatorTool>',
        f'   <pdf:Producer>{_esc(producer)}</pdf:Producer>',
        '   <pdf:Trapped>False</pdf:Trapped>',
        f'   <xmpMM:DocumentID>uuid:{doc_uuid}</xmpMM:DocumentID>',
        f'   <xmpMM:InstanceID>uuid:{inst_uuid}</xmpMM:InstanceID>',
        '   <xmpMM:VersionID>1</xmpMM:VersionID>',
        '   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>',
        f'   <pdfxid:GTS_PDFXVersion>{_esc(version)}</pdfxid:GTS_PDFXVersion>',
        '  </rdf:Description>',
        ' </rdf:RDF>',
        '</x:xmpmeta>',
    ]
    body = "\n".join(parts) + "\n"
    body += (" " * 99 + "\n") * 20          # padding for in-place edits, per XMP spec
    body += '<?xpacket end="w"?>'
    return body.encode("utf-8")


# ----------------------------------------------------------------------------- writing

def _producer() -> str:
    try:
        from .. import __version__
    except Exception:  # noqa: BLE001
        __version__ = "?"
    import pypdf
    return f"bulletin-press {__version__} (pypdf {pypdf.__version__})"


def output_intent_dict(writer, intent: OutputIntent = FOGRA39):
    """An /OutputIntent dictionary (added to `writer`) with the embedded ICC profile."""
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject, TextStringObject

    prof = intent.profile_bytes()
    space, _major = _icc_check(prof)
    if space != "CMYK":
        raise ValueError(f"output profile {intent.profile} is {space}, not CMYK")
    icc = StreamObject()
    icc._data = _profile_compressed(intent.profile)
    icc[NameObject("/N")] = NumberObject(4)
    icc[NameObject("/Filter")] = NameObject("/FlateDecode")
    icc[NameObject("/Length")] = NumberObject(len(icc._data))
    icc_ref = writer._add_object(icc)
    oi = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(intent.identifier),
        NameObject("/OutputCondition"): TextStringObject(intent.condition),
        NameObject("/RegistryName"): TextStringObject(intent.registry),
        NameObject("/Info"): TextStringObject(intent.info),
        NameObject("/DestOutputProfile"): icc_ref,
    })
    return oi


def make_pdfx(pdf: bytes, *, title: str, standard: str = "PDF/X-1a:2001",
              intent: OutputIntent = FOGRA39, author: str | None = None,
              subject: str | None = None, keywords: str | None = None,
              creator: str = "bulletin-press", date=None, strip_links: bool = True,
              scan=None) -> bytes:
    """Verify `pdf` and return it as `standard` ("PDF/X-1a:2001", "PDF/X-1a:2003", "PDF/X-4").

    Raises `PdfXError` (a `BuildError`) listing every problem found; nothing is
    "fixed" silently except dropping link annotations (``strip_links``), which
    have no printed appearance.  Deterministic: identical arguments give
    byte-identical output.
    """
    if standard not in STANDARDS:
        raise ValueError(f"standard must be one of {sorted(STANDARDS)}, not {standard!r}")
    if not title or not title.strip():
        raise ValueError("PDF/X needs a document title")
    # pypdf writes; the build's check reads with pikepdf and never imports it
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                               NameObject, TextStringObject)

    header, gts_version, gts_conf, _ = STANDARDS[standard]
    data = bytes(pdf)
    reader = PdfReader(io.BytesIO(data))
    probs = check_pdfx(data, standard, allow_links=strip_links, scan=scan)
    if probs:
        raise PdfXError([Problem(None, f"cannot make {standard}: {p}") for p in probs])
    when = _choose_date(reader, date)

    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = f"%PDF-{header}"
    root = writer._root_object

    # pages: drop link annotations (non-printing) and anything only for the screen
    for page in writer.pages:
        if "/Annots" in page:
            keep = ArrayObject(a for a in _r(page["/Annots"])
                               if str(_r(a).get("/Subtype")) != "/Link")
            if keep:
                page[NameObject("/Annots")] = keep
            else:
                del page[NameObject("/Annots")]
    for k in ("/OutputIntents", "/Metadata", "/OpenAction", "/AA", "/PieceInfo"):
        if k in root:
            del root[NameObject(k)]

    oi = output_intent_dict(writer, intent)
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(oi)])

    digest = hashlib.sha256()
    for part in (data, standard.encode(), title.encode(), (author or "").encode(),
                 (subject or "").encode(), (keywords or "").encode(), creator.encode(),
                 _pdf_date(when).encode(), repr(intent).encode(),
                 hashlib.sha256(intent.profile_bytes()).digest(), bytes([strip_links])):
        digest.update(len(part).to_bytes(8, "big") + part)
    h = digest.digest()
    producer = _producer()

    info = DictionaryObject({
        NameObject("/Title"): TextStringObject(title),
        NameObject("/Creator"): TextStringObject(creator),
        NameObject("/Producer"): TextStringObject(producer),
        NameObject("/CreationDate"): TextStringObject(_pdf_date(when)),
        NameObject("/ModDate"): TextStringObject(_pdf_date(when)),
        NameObject("/Trapped"): NameObject("/False"),
        NameObject("/GTS_PDFXVersion"): TextStringObject(gts_version),
    })
    if gts_conf:
        info[NameObject("/GTS_PDFXConformance")] = TextStringObject(gts_conf)
    if author:
        info[NameObject("/Author")] = TextStringObject(author)
    if subject:
        info[NameObject("/Subject")] = TextStringObject(subject)
    if keywords:
        info[NameObject("/Keywords")] = TextStringObject(keywords)
    writer._info = info

    if standard == "PDF/X-4":
        xmp = DecodedStreamObject()
        xmp.set_data(_xmp(title=title, author=author, subject=subject, keywords=keywords,
                          creator=creator, producer=producer, date=when, version=gts_version,
                          doc_uuid=str(uuid.UUID(bytes=h[:16], version=4)),
                          inst_uuid=str(uuid.UUID(bytes=h[16:32], version=4))))
        xmp[NameObject("/Type")] = NameObject("/Metadata")
        xmp[NameObject("/Subtype")] = NameObject("/XML")
        root[NameObject("/Metadata")] = writer._add_object(xmp)

    writer._ID = ArrayObject([ByteStringObject(h[:16]), ByteStringObject(h[:16])])
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["make_pdfx", "check_pdfx", "OutputIntent", "FOGRA39", "PdfXError", "STANDARDS",
           "output_intent_dict"]
