"""The pictures and fonts of the screen editions, made locally from the model.

    chart_svg(chart, style, fonts, uid) -> str     # inline SVG, ids made unique by `uid`
    chart_png(chart, style, fonts) -> bytes        # ≤ 1080 px wide, for WeChat
    figure_image(fig, max_px) -> (bytes, ext)      # JPEG for photos, PNG otherwise; < 1 MB
    qr_svg(text, color) -> str
    web_font(path, text) -> bytes                  # a WOFF2 subset of one of our fonts

Charts are the same shapes the PDFs print (typeset/chart.py), drawn at a screen
width and handed to reportlab as its Drawing (only here: a PDF build never imports
reportlab.graphics); SVG through reportlab's renderSVG, PNG through a one-page
PDF rasterized by pypdfium2.  Everything here is deterministic.
"""
from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from ... import model as m
from ...model.style import Color, Style

SCREEN_WIDTH = 300.0      # points: charts for screens are drawn narrow, so that their labels stay legible on a phone
MAX_PX = 1080             # WeChat's widest image
MAX_BYTES = 1_000_000     # WeChat's image limit is 1 MB; stay under it

SERIF = '"Noto Serif CJK SC","Source Han Serif SC","Songti SC","SimSun",serif'
SANS = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
KAI = '"LXGW WenKai","Kaiti SC","STKaiti","KaiTi",' + SERIF   # no Kai face: the Song face
STACKS = {"song": SERIF, "hei": SANS, "kai": KAI}


def family_stack(family: str) -> str:
    return STACKS.get(family, SERIF)


def _chart_drawing(chart: m.Chart, style: Style, fonts):
    """The chart at the screen width as a reportlab Drawing in RGB, and its label face."""
    from ...typeset.chart import build_chart
    block = build_chart(chart, style, fonts, SCREEN_WIDTH)
    return reportlab_drawing(block.shapes(), False), block.plan.face.name


def reportlab_drawing(drawing, cmyk: bool):
    """A drawing of typeset/shapes.py as reportlab's Drawing, its colours CMYKColor
    (cmyk) or RGB, for reportlab's renderers (renderSVG, renderPDF).  Imports
    reportlab.graphics (and with it reportlab.platypus): never on a PDF build's path."""
    from reportlab.graphics import shapes as rs

    from ...typeset.cellbox import prime, rl_color
    from ...typeset.shapes import IDENTITY, Group, Line, PolyLine, Polygon, Rect, String

    def col(c):
        return None if c is None else rl_color(c, cmyk)

    def conv(n):
        if isinstance(n, Group):
            g = rs.Group(*[conv(c) for c in n.contents])
            if n.transform != IDENTITY:
                g.transform = n.transform
            return g
        if isinstance(n, String):
            return rs.String(n.x, n.y, n.text, fontName=n.fontName, fontSize=n.fontSize,
                             fillColor=col(n.fillColor), textAnchor=n.textAnchor)
        if isinstance(n, Rect):
            return rs.Rect(n.x, n.y, n.width, n.height, fillColor=col(n.fillColor),
                           strokeColor=col(n.strokeColor), strokeWidth=n.strokeWidth)
        if isinstance(n, Line):
            return rs.Line(n.x1, n.y1, n.x2, n.y2, strokeColor=col(n.strokeColor),
                           strokeWidth=n.strokeWidth, strokeDashArray=n.strokeDashArray)
        if isinstance(n, PolyLine):
            return rs.PolyLine(n.points, strokeColor=col(n.strokeColor), strokeWidth=n.strokeWidth,
                               strokeDashArray=n.strokeDashArray, strokeLineJoin=n.strokeLineJoin)
        if isinstance(n, Polygon):
            return rs.Polygon(n.points, fillColor=col(n.fillColor), strokeColor=col(n.strokeColor),
                              strokeWidth=n.strokeWidth)
        raise TypeError(f"not a chart shape: {type(n).__name__}")

    d = rs.Drawing(drawing.width, drawing.height)
    for node in drawing.contents:
        d.add(conv(node))
    return prime(d, cmyk, drawing.font, drawing.font_size)


def _inline_svg(drawing, uid: str, label: str) -> str:
    """reportlab's SVG of a Drawing, fit for inline use in HTML: no prolog, no namespace
    declarations (the HTML parser gives <svg> its namespace), ids unique by `uid`,
    scalable (no fixed width and height), labelled for screen readers."""
    from html import escape

    from reportlab.graphics import renderSVG
    svg = renderSVG.drawToString(drawing)
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<title>.*?</title>\s*<desc>.*?</desc>", "", svg, count=1, flags=re.S)
    svg = svg.replace('id="clip"', f'id="{uid}-clip"').replace("url(#clip)", f"url(#{uid}-clip)")
    svg = svg.replace(' id="group"', "")
    svg = re.sub(r' xmlns(:xlink)?="[^"]*"| version="[^"]*"', "", svg)
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"',
                 f'<svg role="img" aria-label="{escape(label, quote=True)}"', svg, count=1)
    return svg.strip()


def chart_svg(chart: m.Chart, style: Style, fonts, uid: str) -> str:
    """The chart as an <svg> element for inline use, in the style's label face."""
    drawing, face_name = _chart_drawing(chart, style, fonts)
    svg = _inline_svg(drawing, uid, "".join(r.text for r in chart.caption or []) or "图表")
    stack = family_stack(style.text.get("table", style.body).font).replace('"', "'")
    svg = svg.replace(f"font-family: {face_name};", f"font-family: {stack};")
    return svg.strip()


def _rasterize_pdf(pdf: bytes, width_px: int, margin_px: int = 24) -> bytes:
    """The PDF's one page as a PNG `width_px` wide, on white with a margin around it."""
    import pypdfium2 as pdfium
    from PIL import Image
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        scale = (width_px - 2 * margin_px) / page.get_width()
        bitmap = page.render(scale=scale, draw_annots=False)
        im = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    out = Image.new("RGB", (width_px, im.height + 2 * margin_px), (255, 255, 255))
    out.paste(im, (margin_px, margin_px))
    buf = io.BytesIO()
    out.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def chart_png(chart: m.Chart, style: Style, fonts) -> bytes:
    from reportlab.graphics import renderPDF
    drawing, _ = _chart_drawing(chart, style, fonts)
    pdf = renderPDF.drawToString(drawing, invariant=1)
    return _rasterize_pdf(pdf, MAX_PX)


def figure_image(fig: m.Figure, max_px: int = MAX_PX) -> tuple[bytes, str]:
    """The figure's picture for a screen: at most `max_px` wide, under 1 MB.  Made once
    for the web and the WeChat edition (kept under the file's size and date)."""
    path = Path(fig.path)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns, max_px)
    except OSError:
        key = None                  # load_image names the problem
    if key is not None and key in _FIGURES:
        return _FIGURES[key]
    got = _figure_image(fig, max_px)
    if key is not None:
        if len(_FIGURES) > 64:
            _FIGURES.clear()
        _FIGURES[key] = got
    return got


_FIGURES: dict[tuple, tuple[bytes, str]] = {}


def _figure_image(fig: m.Figure, max_px: int) -> tuple[bytes, str]:
    from PIL import Image

    from ...typeset.figure import _flatten, load_image
    im = load_image(fig)
    photo = getattr(im, "source_format", None) == "JPEG"
    im = _flatten(im)
    if im.mode == "CMYK":
        im = im.convert("RGB")
    if im.width > max_px:
        im = im.resize((max_px, max(1, round(im.height * max_px / im.width))), Image.LANCZOS)
    while True:
        for quality in (85, 78, 70, 60):
            buf = io.BytesIO()
            if photo:
                im.save(buf, "JPEG", quality=quality, optimize=True, progressive=False)
            else:
                im.save(buf, "PNG", optimize=True)
            data = buf.getvalue()
            if len(data) < MAX_BYTES:
                return data, ("jpg" if photo else "png")
            if not photo:      # a big drawing: a JPEG is the way under 1 MB
                photo = True
                if im.mode not in ("RGB", "L"):
                    im = im.convert("RGB")
        # a very tall picture: smaller, until it fits
        im = im.resize((max(1, im.width * 4 // 5), max(1, im.height * 4 // 5)), Image.LANCZOS)


def qr_svg(text: str, color: Color) -> str:
    from ...typeset.qr import qr_drawing
    return _inline_svg(qr_drawing(text, 120, color, cmyk=False).drawing(), "qr", "二维码")


def qr_png(path: Path) -> bytes:
    from ...typeset.figure import _flatten, load_image
    im = _flatten(load_image(m.Figure(Path(path), [], m.Pos(str(path)))))
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "PNG", optimize=True)
    return buf.getvalue()


@functools.lru_cache(maxsize=16)
def web_font(path: Path, text: str) -> bytes:
    """A WOFF2 subset of the font at `path` holding the characters of `text`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]   # keep copyright and licence
    opts.notdef_outline = True
    # the subset keeps the font's own date: saving must not stamp it with the clock
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)
    try:
        sub = subset.Subsetter(opts)
        sub.populate(text="".join(sorted(set(text) - set(" \n\t"))))
        sub.subset(font)
        buf = io.BytesIO()
        font.flavor = "woff2"
        font.save(buf, reorderTables=False)
    finally:
        font.close()
    return buf.getvalue()
