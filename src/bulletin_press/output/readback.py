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
    """(base font name, embedded?) for every font resource on every page and in the
    forms the pages draw (the facts preflight.font_info reads from a font)."""
    import pikepdf

    from .preflight import font_info
    seen: dict[str, bool] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stack = [page.obj.get("/Resources") for page in doc.pages]
        done = set()
        while stack:
            res = stack.pop()
            if res is None or (res.is_indirect and res.objgen in done):
                continue
            if res.is_indirect:
                done.add(res.objgen)
            for font in (res.get("/Font") or {}).values():
                info = font_info(font)
                seen[info["name"]] = info["embedded"]
            for form in (res.get("/XObject") or {}).values():
                if form.get("/Subtype") == "/Form":
                    stack.append(form.get("/Resources"))
    return sorted(seen.items())
