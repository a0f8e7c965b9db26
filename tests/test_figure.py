"""Figures (size, dpi warning, bad images, CMYK conversion) and the 报尾 QR code."""
from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageOps
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from bulletin_press import model as m
from bulletin_press.errors import BuildError
from bulletin_press.model.style import Color, Face, Page, Style, TextStyle
from bulletin_press.typeset import figure as F
from bulletin_press.typeset.figure import build_figure, rgb_to_cmyk
from bulletin_press.typeset.fonts import FontSet
from bulletin_press.typeset.qr import qr_drawing, qr_image
from bulletin_press.render.pdf import draw_items
from bulletin_press.typeset.placed import items_of
from conftest import python_output

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"   # the project's own WenKai
RGB_OPS = re.compile(rb"\s(rg|RG)\b")


def make_style() -> Style:
    face = Face("LXGWWenKai-Regular.ttf", "LXGWWenKai-Bold.ttf")
    text = {"body": TextStyle(font="song", size=10.5, leading=18),
            "caption": TextStyle(font="hei", size=9, align="center")}
    return Style(name="t", page=Page(595.28, 841.89, 40, 39, 65.0),
                 fonts={"song": face, "hei": face}, colors={"black": Color(0, 0, 0, 1)}, text=text)


@pytest.fixture(scope="module")
def style():
    return make_style()


def make_text(runs, role, width):
    sp = Spacer(width, 12)
    sp.text = "".join(r.text for r in runs)
    return sp


def picture(path: Path, w: int, h: int, mode="RGB", fmt=None) -> Path:
    im = Image.new(mode, (w, h), "white" if mode != "RGBA" else (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w // 3, h], fill=(200, 30, 30) if mode != "L" else 90)
    d.ellipse([w // 3, h // 4, w // 2, h // 2], fill=(128, 128, 128) if mode != "L" else 128)
    im.save(path, fmt)
    return path


def fig(path: Path) -> m.Figure:
    return m.Figure(path, [m.Run("示例图")], m.Pos("issues/2025-04/03-test.md", 7))


def build(style, path):
    warnings: list = []
    fonts = FontSet(style, FONTS_DIR)
    [blk] = build_figure(fig(path), style, fonts, style.text_width, make_text, warnings=warnings)
    return blk, warnings


def draw_pdf(flowable, cmyk: bool) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842), pageCompression=0, invariant=1)
    c.bp_cmyk = cmyk
    flowable.wrap(420, 800)
    draw_items(c, items_of(flowable, 80, 100))   # as the page plan holds it
    c.showPage()
    c.save()
    return buf.getvalue()


def test_big_image_fills_the_text_width(style, tmp_path):
    blk, warnings = build(style, picture(tmp_path / "big.png", 2400, 1000))
    assert blk.img_w == pytest.approx(420) and blk.img_h == pytest.approx(175)
    assert warnings == []
    h = blk.wrap(420, 1000)[1]
    assert h % style.pitch == pytest.approx(0)
    assert blk.caption[0].text == "示例图"


def test_small_image_keeps_its_300_dpi_size(style, tmp_path):
    blk, warnings = build(style, picture(tmp_path / "mid.png", 1000, 500))
    assert blk.img_w == pytest.approx(240) and warnings == []     # 1000 px at 300 dpi


def test_low_resolution_warns_with_its_dpi(style, tmp_path):
    blk, warnings = build(style, picture(tmp_path / "tiny.png", 600, 300))
    assert blk.img_w == pytest.approx(210)           # half the text width at least
    [w] = warnings
    assert w.severity == "warning" and "images/" not in w.what
    assert "tiny.png" in w.what and "206 ppi" in w.what and "wants 300 ppi" in w.what
    assert "875 pixels" in w.fix and "03-test.md:7" in str(w)


def test_missing_image(style, tmp_path):
    with pytest.raises(BuildError, match=r"nope\.png is not a readable image \(no such file\)"):
        build(style, tmp_path / "nope.png")


def test_truncated_image(style, tmp_path):
    whole = picture(tmp_path / "whole.jpg", 900, 600, fmt="JPEG").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BuildError) as e:
        build(style, cut)
    assert "cut.jpg is not a readable image (" in str(e.value)
    assert "03-test.md:7" in str(e.value)


def test_not_an_image(style, tmp_path):
    p = tmp_path / "notes.png"
    p.write_text("这不是图片")
    with pytest.raises(BuildError, match="notes.png is not a readable image"):
        build(style, p)


def _png_header(w: int, h: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_too_many_pixels(style, tmp_path):
    p = tmp_path / "huge.png"
    p.write_bytes(_png_header(10000, 8000))
    with pytest.raises(BuildError, match=r"huge.png is 10000×8000 pixels \(80 megapixels\)"):
        build(style, p)


def test_too_many_bytes(style, tmp_path, monkeypatch):
    monkeypatch.setattr(F, "MAX_BYTES", 1000)
    with pytest.raises(BuildError, match=r"big.png is \d+ MB; images up to"):
        build(style, picture(tmp_path / "big.png", 800, 800))


def test_print_image_is_cmyk_and_screen_rgb(style, tmp_path):
    src = picture(tmp_path / "p.png", 1800, 900, mode="RGBA")
    blk, _ = build(style, src)
    im = Image.open(io.BytesIO(blk.print_data))
    assert im.format == "JPEG" and im.mode == "CMYK"
    pdf = draw_pdf(blk, True)
    assert b"/DeviceCMYK" in pdf and b"/DeviceRGB" not in pdf and not RGB_OPS.search(pdf)
    blk2, _ = build(style, src)
    assert Image.open(io.BytesIO(blk2.screen_data)).mode == "RGB"
    assert b"/DeviceRGB" in draw_pdf(blk2, False)


def test_bytes_are_deterministic(style, tmp_path):
    src = picture(tmp_path / "d.jpg", 1500, 700, fmt="JPEG")
    a, _ = build(style, src)
    b, _ = build(style, src)
    assert a.print_data == b.print_data
    assert draw_pdf(a, True) == draw_pdf(b, True)


def test_rgb_to_cmyk_puts_greys_on_black():
    im = Image.new("RGB", (3, 1))
    im.putpixel((0, 0), (128, 128, 128))
    im.putpixel((1, 0), (255, 0, 0))
    im.putpixel((2, 0), (50, 100, 200))
    out = rgb_to_cmyk(im)
    assert out.getpixel((0, 0)) == (0, 0, 0, 127)
    assert out.getpixel((1, 0)) == (0, 255, 255, 0)
    c, mm, y, k = (v / 255 for v in out.getpixel((2, 0)))
    rgb = Color(c, mm, y, k).rgb()
    assert [round(v * 255) for v in rgb] == pytest.approx([50, 100, 200], abs=2)
    grey = rgb_to_cmyk(Image.new("L", (1, 1), 200))
    assert grey.getpixel((0, 0)) == (0, 0, 0, 55)


def test_rgb_to_cmyk_by_table_is_the_formula_pixel_for_pixel():
    """The looked-up inks equal the formula worked on the whole picture (figure._gcr),
    on a picture of every colour step, odd size and noise."""
    import random

    from bulletin_press.typeset.figure import _gcr
    rnd = random.Random(7)
    w, h = 301, 257
    data = bytes(rnd.randrange(256) for _ in range(w * h * 3))
    im = Image.frombytes("RGB", (w, h), data)
    for x in range(256):                      # a row of greys and a row of pure steps
        im.putpixel((x, 0), (x, x, x))
        im.putpixel((x, 1), (x, 255 - x, x // 2))
    out = rgb_to_cmyk(im)
    c, mm, y = (ImageOps.invert(b) for b in im.split())
    k = ImageChops.darker(ImageChops.darker(c, mm), y)
    want = Image.merge("CMYK", (_gcr(c, k), _gcr(mm, k), _gcr(y, k), k))
    assert out.tobytes() == want.tobytes()


# ---------------------------------------------------------------- QR

def test_qr_vector_follows_the_canvas():
    d = qr_drawing("https://example.org/follow", 72, Color(0, 0, 0, 1))
    assert d.width == d.height == 72
    cm = draw_pdf(d, True)
    assert not RGB_OPS.search(cm) and b"0 0 0 1 k" in cm
    assert RGB_OPS.search(draw_pdf(d, False))


def test_qr_vector_in_the_plan_is_the_codes_modules():
    """The page plan holds the code as its dark modules, in the model colour: the same
    squares, at the same places, as reportlab's QR Drawing of the code (the HTML's)."""
    fast = qr_drawing("https://example.org/follow?x=1", 70, Color(0.1, 0.2, 0.3, 0.4))
    [item] = fast.plan_items(10, 20)
    assert item.color == Color(0.1, 0.2, 0.3, 0.4)
    slow = fast.drawing()
    assert type(slow).__module__.endswith("qrdrawing") and hasattr(slow, "contents")
    dark = [(r.x + 10, r.y + 20, r.width, r.height) for r in slow.contents[0].contents
            if r.fillColor is not None]
    assert len(dark) > 50 and len(item.rects) == len(dark)
    for a, b in zip(sorted(item.rects), sorted(dark)):
        assert a == pytest.approx(b)
    assert b"re f" in draw_pdf(fast, True) or b" re\nf" in draw_pdf(fast, True)


def test_the_build_path_does_not_load_platypus():
    """reportlab.platypus (and reportlab.graphics) cost a cold build ~80 ms: only
    the year index and the HTML edition's graphics load them."""
    code = ("import sys; import bulletin_press.cli, bulletin_press.pipeline;"
            "from bulletin_press.typeset import back, masthead, pages, qr, table, toc;"
            "from bulletin_press.model.style import Color;"
            "qr.qr_drawing('https://example.org', 40, Color(0, 0, 0, 1));"
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab.platypus', "
            "'reportlab.graphics'))))")
    assert python_output(code).strip() == "[]"


def test_qr_errors():
    with pytest.raises(BuildError, match="empty"):
        qr_drawing("  ", 72, Color(0, 0, 0, 1))
    with pytest.raises(BuildError, match="cannot be encoded"):
        qr_drawing("长" * 5000, 72, Color(0, 0, 0, 1))


def test_qr_image(tmp_path):
    src = tmp_path / "qr.png"
    im = Image.new("1", (29, 29), 1)
    for i in range(0, 29, 2):
        im.putpixel((i, i), 0)
    im.save(src)
    q = qr_image(src, 72)
    assert q.wrap(500, 500) == (72, 72)
    pdf = draw_pdf(q, True)
    assert b"/DeviceCMYK" in pdf and b"/DeviceRGB" not in pdf
    assert b"/DeviceCMYK" not in draw_pdf(q, False)
    with pytest.raises(BuildError, match="not a readable image"):
        qr_image(tmp_path / "none.png", 72)


def test_the_print_encoding_is_made_only_when_a_print_pdf_asks(style, tmp_path, monkeypatch):
    """The CMYK JPEG (most of a photo's cost) is not made while the figure is set,
    only when the plan's picture is asked for its print bytes; then once."""
    calls = []
    real = F.rgb_to_cmyk

    def counted(im):
        calls.append(1)
        return real(im)
    monkeypatch.setattr(F, "rgb_to_cmyk", counted)
    fb = build_figure(fig(picture(tmp_path / "a.png", 2000, 1000)), style, FontSet(style, FONTS_DIR),
                      400, make_text, warnings=[])[0]
    [pic] = [it for it in fb.plan_items(0, 0) if type(it).__name__ == "Image"]
    assert calls == [] and pic.data(False) == fb.screen_data
    data = pic.data(True)
    assert calls == [1] and pic.data(True) is data and fb.print_data is data
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
