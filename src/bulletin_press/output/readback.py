"""Reading a built PDF back: page texts, character positions, fonts.

Used by the checks and the tests: what a reader copying text from the PDF, or
a print shop's preflight, would see.
"""
from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Char:
    ch: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return out
    finally:
        doc.close()


def page_chars(pdf: bytes, *, loose: bool = False) -> list[list[Char]]:
    """Every drawn character with its box (points, origin lower-left), per page: the
    ink's box, or with `loose` the em box from the glyph's origin (where it is set)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            chars = []
            for k in range(tp.count_chars()):
                code = raw.FPDFText_GetUnicode(tp, k)
                if code in (0, 0xFFFE, 0xFFFF):
                    continue
                ch = chr(code)
                if ch in "\r\n" or raw.FPDFText_IsGenerated(tp, k):
                    continue
                x0, y0, x1, y1 = tp.get_charbox(k, loose=loose)
                size = raw.FPDFText_GetFontSize(tp, k)
                chars.append(Char(ch, x0, y0, x1, y1, size))
            pages.append(chars)
            tp.close()
            page.close()
        return pages
    finally:
        doc.close()


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font resource on every page."""
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    seen: dict[str, bool] = {}

    def visit(res):
        if not res or "/Font" not in res:
            return
        for ref in res["/Font"].values():
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else None
            embedded = bool(desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            seen[str(f.get("/BaseFont"))] = embedded

    for page in reader.pages:
        res = page.get("/Resources")
        res = res.get_object() if res is not None else None
        visit(res)
        if res and "/XObject" in res:
            for x in res["/XObject"].values():
                x = x.get_object()
                r = x.get("/Resources")
                visit(r.get_object() if r is not None else None)
    return sorted(seen.items())
