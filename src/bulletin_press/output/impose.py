"""Printer spreads for a saddle-stitched booklet (骑马钉拼版).

``spread_order(n)`` gives the page pairs of the sheet sides in the order a
folded, nested stack of sheets needs; ``impose(print_pdf)`` builds them.

Each sheet side (one output page) holds two trim pages side by side.  The
inner (spine) edge of each page is clipped at its TrimBox — the pages meet
exactly at the fold — while the three outer edges keep their bleed (as much as
every source page has, normally 3 mm).  Crop marks (registration colour) go at
the four corners of the spread's trim and a dashed fold mark above and below
the spine; the sheet's TrimBox is the spread's trim, its BleedBox that plus the
bleed.  Source pages are placed unchanged as form XObjects (their CMYK content,
fonts and images are reused, not re-rendered), so a CMYK/PDF/X source stays
CMYK; the source's output intent and PDF/X Info keys are carried over.

Creep (shingling: inner sheets of a thick stack stick out at the fore-edge and
are trimmed narrower) is ignored — for a 16–32 page bulletin on ~100 g/m²
paper it is a fraction of a millimetre, and the print shop's own imposition
software compensates if it needs to.  Link annotations are dropped.
"""
from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, FloatObject,
                           NameObject, NumberObject, StreamObject)

from ..errors import BuildError, Problem
from ..render.marks import MARK_ROOM, MM, crop_mark_ops
from .preflight import _box, _inherited, _r

SHEETS_MM = {"A3": (420.0, 297.0), "SRA3": (450.0, 320.0), "A2": (594.0, 420.0),
             "SRA2": (640.0, 450.0)}
_EPS = 0.5
IMPOSED_KEY = "/BulletinPressImposition"   #: Info key that marks an imposed file


class ImposeError(BuildError):
    """The PDF cannot be imposed; `.problems` says why."""


def spread_order(n: int) -> list[tuple[int, int]]:
    """Sheet sides for an n-page saddle-stitched booklet, as (left, right) page numbers.

    Sides alternate front/back of each sheet, outermost sheet first:
    16 → [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)].
    Every pair sums to n + 1.  `n` must be a positive multiple of 4.
    """
    if not isinstance(n, int) or n <= 0 or n % 4:
        raise ValueError(f"a saddle-stitched booklet needs a positive multiple of 4 pages, "
                         f"not {n!r}")
    sides: list[tuple[int, int]] = []
    for k in range(n // 4):
        sides.append((n - 2 * k, 2 * k + 1))          # front of sheet k+1
        sides.append((2 * k + 2, n - 2 * k - 1))      # back of sheet k+1
    return sides


def _f(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _rect(b) -> ArrayObject:
    return ArrayObject(FloatObject(round(v, 4)) for v in b)


def impose(print_pdf: bytes, *, sheet: str | tuple[float, float] = "A3",
           marks: bool = True) -> bytes:
    """Impose a single-page print PDF (TrimBox/BleedBox on every page) as printer spreads.

    `sheet`:
      * ``"A3"`` (default) or ``"auto"``: the sheet's trim is two pages wide
        (A3 landscape for A4 pages, 2×width × height for any other size) and
        its MediaBox adds the bleed plus `MARK_ROOM` for the marks on every
        side — i.e. the file a printer prints on SRA3 or larger stock;
      * ``"SRA3"``, ``"SRA2"``, ``"A2"`` or ``(width, height)`` in pt: a fixed
        media size (landscape), with the spread centred; it must fit.

    Raises `ImposeError` if the page count is not a multiple of 4, a page has
    no TrimBox or is rotated, or the trim sizes differ.  Deterministic output.
    """
    data = bytes(print_pdf)
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    probs: list[str] = []
    if n == 0 or n % 4:
        probs.append(f"{n} pages: saddle stitching needs a multiple of 4 "
                     f"(add {(-n) % 4 or 4} blank page(s))")
    trims, bleeds = [], []
    for i, page in enumerate(reader.pages, start=1):
        trim = _box(page, "/TrimBox")
        if trim is None:
            probs.append(f"page {i} has no TrimBox")
            continue
        if int(_r(_inherited(page, "/Rotate")) or 0) % 360:
            probs.append(f"page {i} is rotated (/Rotate); impose unrotated pages")
        mb = page.mediabox
        media = (float(mb.left), float(mb.bottom), float(mb.right), float(mb.top))
        bleed = _box(page, "/BleedBox") or _box(page, "/CropBox") or media
        bleed = (max(bleed[0], media[0]), max(bleed[1], media[1]),
                 min(bleed[2], media[2]), min(bleed[3], media[3]))
        trims.append(trim)
        bleeds.append(bleed)
    if trims:
        w0, h0 = trims[0][2] - trims[0][0], trims[0][3] - trims[0][1]
        odd = [i + 1 for i, t in enumerate(trims)
               if abs(t[2] - t[0] - w0) > _EPS or abs(t[3] - t[1] - h0) > _EPS]
        if odd:
            probs.append(f"pages {odd} differ in trim size from page 1")
    if probs:
        raise ImposeError([Problem(None, f"cannot impose: {p}") for p in probs])

    W, H = w0, h0
    b = max(0.0, min(min(t[0] - bl[0], t[1] - bl[1], bl[2] - t[2], bl[3] - t[3])
                     for t, bl in zip(trims, bleeds)))
    need = (2 * W + 2 * (b + MARK_ROOM), H + 2 * (b + MARK_ROOM))
    if sheet in ("A3", "auto", None):
        mw, mh = need
    else:
        if isinstance(sheet, str):
            if sheet not in SHEETS_MM:
                raise ValueError(f"unknown sheet {sheet!r}; use one of "
                                 f"{['auto', *SHEETS_MM]} or (width, height) in pt")
            mw, mh = (v * MM for v in SHEETS_MM[sheet])
        else:
            mw, mh = (float(v) for v in sheet)
        mw, mh = max(mw, mh), min(mw, mh)
        if mw + 0.01 < need[0] or mh + 0.01 < need[1]:
            raise ImposeError(Problem(
                None, f"cannot impose: the spread with bleed and marks needs "
                      f"{need[0] / MM:.0f} × {need[1] / MM:.0f} mm, the sheet is "
                      f"{mw / MM:.0f} × {mh / MM:.0f} mm", "use sheet='auto' or a larger sheet"))
    tx0, ty0 = (mw - 2 * W) / 2, (mh - H) / 2
    spine = tx0 + W
    spread_trim = (tx0, ty0, tx0 + 2 * W, ty0 + H)
    spread_bleed = (tx0 - b, ty0 - b, tx0 + 2 * W + b, ty0 + H + b)

    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    forms: dict[tuple[int, str], object] = {}

    def form_for(pno: int, side: str):
        page = reader.pages[pno - 1]
        x0, y0, x1, y1 = trims[pno - 1]
        if side == "L":      # left page: bleed left/top/bottom, cut at trim on the right (spine)
            bbox = (x0 - b, y0 - b, x1, y1 + b)
        else:                # right page: cut at trim on the left (spine)
            bbox = (x0, y0 - b, x1 + b, y1 + b)
        contents = page.get_contents()
        body = contents.get_data() if contents is not None else b""
        st = StreamObject()
        st.set_data(body)
        st = st.flate_encode(level=9)
        st[NameObject("/Type")] = NameObject("/XObject")
        st[NameObject("/Subtype")] = NameObject("/Form")
        st[NameObject("/FormType")] = NumberObject(1)
        st[NameObject("/BBox")] = _rect(bbox)
        res = _r(_inherited(page, "/Resources"))
        st[NameObject("/Resources")] = res.clone(writer) if res is not None else DictionaryObject()
        grp = _r(page.get("/Group"))
        if grp is not None:
            st[NameObject("/Group")] = grp.clone(writer)
        return writer._add_object(st)

    from pypdf import PageObject
    for left, right in spread_order(n):
        xobjs = DictionaryObject()
        ops = []
        for pno, side in ((left, "L"), (right, "R")):
            ref = forms.get((pno, side))
            if ref is None:
                ref = forms[(pno, side)] = form_for(pno, side)
            name = f"/P{pno}"
            xobjs[NameObject(name)] = ref
            t = trims[pno - 1]
            dx = spine - t[2] if side == "L" else spine - t[0]
            dy = ty0 - t[1]
            ops.append(f"q 1 0 0 1 {_f(dx)} {_f(dy)} cm {name} Do Q\n".encode("ascii"))
        if marks:
            ops.append(crop_mark_ops(spread_trim, b, folds=(spine,)))
        content = StreamObject()
        content.set_data(b"".join(ops))
        content = content.flate_encode(level=9)
        page = PageObject.create_blank_page(writer, mw, mh)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/XObject"): xobjs,
            NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text"),
                                                 NameObject("/ImageB"), NameObject("/ImageC"),
                                                 NameObject("/ImageI")]),
        })
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/TrimBox")] = _rect(spread_trim)
        page[NameObject("/BleedBox")] = _rect(spread_bleed)
        writer.add_page(page)

    # carry over output intent and document info (title, PDF/X keys, dates)
    root = reader.trailer["/Root"]
    if "/OutputIntents" in root:
        writer._root_object[NameObject("/OutputIntents")] = _r(root["/OutputIntents"]).clone(writer)
    info = _r(reader.trailer.get("/Info"))
    if info is not None:
        writer._info = DictionaryObject({NameObject(k): _r(v).clone(writer)
                                         for k, v in info.items()})
    md = _r(root.get("/Metadata"))
    if md is not None:
        cl = md.clone(writer)
        writer._root_object[NameObject("/Metadata")] = cl.indirect_reference \
            if cl.indirect_reference is not None else writer._add_object(cl)
    # mark the file as imposed, so preflight does not apply the "pages ÷ 4" rule to sheets
    if writer._info is None:
        writer._info = DictionaryObject()
    writer._info[NameObject(IMPOSED_KEY)] = NameObject("/SaddleStitch")
    h = hashlib.sha256(data + repr(("impose", sheet, marks)).encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(h), ByteStringObject(h)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["impose", "spread_order", "ImposeError", "SHEETS_MM", "IMPOSED_KEY"]
