"""Small reportlab PDFs for the print-output tests (imported by the other test_print_* files).

Each page: a full-bleed background tint (odd pages cyan 20 %, even pages
yellow 20 %), a magenta band into the bottom bleed, the page number in big
pure-K text (embedded Vera), corner crop marks — the way the real print
render lays out a page.  Keyword switches break one rule at a time.
"""
from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from bulletin_press.render.marks import MM, draw_crop_marks, print_geometry

A5 = (148 * MM, 210 * MM)
A4 = (210 * MM, 297 * MM)

_FONT = "VeraTest"
if _FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))


def build_pdf(n: int = 8, *, trim_size=A5, bleed: float = 3 * MM,
              trimbox: bool = True, bleedbox: bool = True,
              rgb_page: int | None = None, rgb_form_page: int | None = None,
              helvetica_page: int | None = None,
              image: str | None = None, image_page: int = 2,
              gray_text_page: int | None = None, rich_black_page: int | None = None,
              alpha_page: int | None = None, odd_size_page: int | None = None,
              bad_boxes_page: int | None = None, link_page: int | None = None) -> bytes:
    """An n-page CMYK print PDF; switches add one defect on one page.

    image: None | "lowres" (72x72 px at 100 mm, ~18 ppi) | "hires" (600x600 px at
    40 mm, ~381 ppi) | "rgb" (RGB image, hires) | "inline-lowres" (inline 20 px at 50 mm).
    """
    g = print_geometry(*trim_size, bleed=bleed)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=g.media, invariant=1, initialFontName=_FONT,
                         initialFontSize=10)
    c.setTitle("test")
    for p in range(1, n + 1):
        geo = g
        if odd_size_page == p:
            geo = print_geometry(trim_size[0] - 10 * MM, trim_size[1], bleed=bleed)
            c.setPageSize(geo.media)
        else:
            c.setPageSize(g.media)
        trim, bl = geo.trim, geo.bleed
        if bad_boxes_page == p:          # TrimBox larger than the BleedBox
            trim, bl = bl, trim
        c.setTrimBox(trim if trimbox else None)
        c.setBleedBox(bl if bleedbox else None)
        x0, y0, x1, y1 = geo.bleed
        c.setFillColorCMYK(0.2, 0, 0, 0) if p % 2 else c.setFillColorCMYK(0, 0, 0.2, 0)
        c.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
        c.setFillColorCMYK(0, 0.6, 0, 0)
        c.rect(x0, y0, x1 - x0, 20 * MM, stroke=0, fill=1)
        cx, cy = (geo.trim[0] + geo.trim[2]) / 2, (geo.trim[1] + geo.trim[3]) / 2
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(_FONT, 60)
        c.drawCentredString(cx, cy, str(p))
        if rgb_page == p:
            c.setFillColorRGB(1, 0, 0)
            c.rect(cx - 20, cy - 80, 40, 20, stroke=0, fill=1)
        if rgb_form_page == p:
            c.beginForm("rgbform")
            c.setStrokeColorRGB(0, 0, 1)
            c.line(0, 0, 30, 30)
            c.endForm()
            c.doForm("rgbform")
        if helvetica_page == p:
            c.setFont("Helvetica", 12)
            c.setFillColorCMYK(0, 0, 0, 1)
            c.drawString(cx - 40, cy - 100, "Helvetica")
        if gray_text_page == p:
            c.setFont(_FONT, 12)
            c.setFillGray(0)
            c.drawString(cx - 40, cy - 120, "gray text")
        if rich_black_page == p:
            c.setFont(_FONT, 12)
            c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
            c.drawString(cx - 40, cy - 140, "rich black")
        if alpha_page == p:
            c.saveState()
            c.setFillAlpha(0.5)
            c.setFillColorCMYK(0, 1, 0, 0)
            c.rect(cx, cy, 30, 30, stroke=0, fill=1)
            c.restoreState()
        if link_page == p:
            c.linkURL("https://example.org", (cx - 20, cy - 20, cx + 20, cy + 20))
        if image and image_page == p:
            if image == "lowres":
                im = Image.new("CMYK", (72, 72), (0, 128, 0, 0))
                c.drawImage(ImageReader(im), geo.trim[0] + 10 * MM, geo.trim[1] + 30 * MM,
                            100 * MM, 100 * MM)
            elif image in ("hires", "rgb"):
                im = Image.new("CMYK" if image == "hires" else "RGB", (600, 600))
                c.drawImage(ImageReader(im), geo.trim[0] + 10 * MM, geo.trim[1] + 30 * MM,
                            40 * MM, 40 * MM)
            elif image == "inline-lowres":
                im = Image.new("CMYK", (20, 20), (0, 0, 128, 0))
                c.drawInlineImage(im, geo.trim[0] + 10 * MM, geo.trim[1] + 30 * MM,
                                  50 * MM, 50 * MM)
        draw_crop_marks(c, geo.trim, bleed)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_factory_builds_a_clean_file():
    data = build_pdf(4)
    assert data.startswith(b"%PDF-")
    assert b"DeviceRGB" not in data
