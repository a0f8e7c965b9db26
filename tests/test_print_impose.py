import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas as rl_canvas

from bulletin_press.output.impose import ImposeError, impose, spread_order
from bulletin_press.output.pdfx import make_pdfx
from bulletin_press.output.preflight import preflight
from bulletin_press.render.marks import (BLEED, MARK_ROOM, MM, crop_mark_segments,
                                         draw_crop_marks, print_geometry)
from test_print_factory import A4, A5, build_pdf


# ------------------------------------------------------------------ spread order

def test_spread_order_4_8_16():
    assert spread_order(4) == [(4, 1), (2, 3)]
    assert spread_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert spread_order(16) == [(16, 1), (2, 15), (14, 3), (4, 13),
                                (12, 5), (6, 11), (10, 7), (8, 9)]
    for n in (4, 8, 12, 16, 32):
        sides = spread_order(n)
        assert len(sides) == n // 2
        assert sorted(p for s in sides for p in s) == list(range(1, n + 1))
        assert all(a + b == n + 1 for a, b in sides)


@pytest.mark.parametrize("n", [0, 2, 6, 10, -4])
def test_spread_order_rejects(n):
    with pytest.raises(ValueError):
        spread_order(n)


# ------------------------------------------------------------------ marks

def test_mark_geometry_outside_bleed():
    g = print_geometry(*A5)
    assert MARK_ROOM == pytest.approx(7 * MM)
    assert g.media[0] == pytest.approx(A5[0] + 2 * (BLEED + MARK_ROOM))
    segs = crop_mark_segments(g.trim, BLEED)
    assert len(segs) == 8
    bx0, by0, bx1, by1 = g.bleed
    for x0, y0, x1, y1 in segs:
        for x, y in ((x0, y0), (x1, y1)):
            assert not (bx0 < x < bx1 and by0 < y < by1)       # never inside the bleed
            assert -0.01 <= x <= g.media[0] + 0.01 and -0.01 <= y <= g.media[1] + 0.01


def test_draw_crop_marks_registration_colour_and_size_check():
    g = print_geometry(*A5)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=g.media, invariant=1)
    draw_crop_marks(c, g.trim, BLEED, registration=True)
    c.showPage()
    c.save()
    content = PdfReader(buf).pages[0].get_contents().get_data()
    assert b"1 1 1 1 K" in content and b".25 w" in content
    c2 = rl_canvas.Canvas(io.BytesIO(), pagesize=A5)
    with pytest.raises(ValueError, match="too small"):
        draw_crop_marks(c2, (0, 0, A5[0], A5[1]), BLEED)


# ------------------------------------------------------------------ impose

def _texts(pdf: bytes, index: int) -> tuple[str, str]:
    """Text on the left and right half of a sheet, via pdfium (honours form placement)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    page = doc[index]
    w, h = page.get_size()
    tp = page.get_textpage()
    left = tp.get_text_bounded(0, 0, w / 2, h).strip()
    right = tp.get_text_bounded(w / 2, 0, w, h).strip()
    return left, right


@pytest.fixture(scope="module")
def a4_8():
    return build_pdf(8, trim_size=A4)


def test_impose_8_a4_on_a3(a4_8):
    out = impose(a4_8)
    r = PdfReader(io.BytesIO(out))
    assert len(r.pages) == 4
    p = r.pages[0]
    w, h = float(p.mediabox.width), float(p.mediabox.height)
    room = BLEED + MARK_ROOM
    assert w == pytest.approx(420 * MM + 2 * room, abs=0.01)
    assert h == pytest.approx(297 * MM + 2 * room, abs=0.01)
    tb = [float(v) for v in p["/TrimBox"]]
    assert tb[2] - tb[0] == pytest.approx(420 * MM, abs=0.01)      # A3 landscape trim
    assert tb[3] - tb[1] == pytest.approx(297 * MM, abs=0.01)
    bb = [float(v) for v in p["/BleedBox"]]
    assert tb[0] - bb[0] == pytest.approx(BLEED, abs=0.01)
    expected = [("8", "1"), ("2", "7"), ("6", "3"), ("4", "5")]
    assert [_texts(out, i) for i in range(4)] == expected


def test_impose_16_order_and_preflight(tmp_path):
    out = impose(make_pdfx(build_pdf(16), title="t"))
    assert [_texts(out, i) for i in range(8)] == [(str(a), str(b)) for a, b in spread_order(16)]
    rep = preflight(out)
    assert rep.ok, rep.to_text()
    assert rep.trim_size_mm == (296.0, 210.0)
    assert rep.pdfx == "PDF/X-1a:2001"          # output intent and PDF/X keys carried over
    assert impose(make_pdfx(build_pdf(16), title="t")) == out   # deterministic


def test_spine_is_clipped_at_trim_and_outer_bleed_kept(a4_8):
    """Render sheet 1 (8|1): left page yellow (even), right cyan (odd), meeting at the spine."""
    import pypdfium2 as pdfium
    out = impose(a4_8)
    scale = 2.0
    bmp = pdfium.PdfDocument(out)[0].render(scale=scale).to_pil().convert("RGB")
    room = BLEED + MARK_ROOM
    spine = (room + 210 * MM) * scale
    y = int((room + 150 * MM) * scale)          # mid-height, above the magenta band
    left_px = bmp.getpixel((int(spine) - 3, y))
    right_px = bmp.getpixel((int(spine) + 3, y))
    assert left_px[2] < left_px[0] - 20          # yellowish (blue channel low)
    assert right_px[0] < right_px[2] - 20        # cyanish (red channel low)
    # outer bleed kept: 1.5 mm outside the left trim is still tinted, 5 mm out is white
    x_trim = room * scale
    assert bmp.getpixel((int(x_trim - 1.5 * MM * scale), y)) != (255, 255, 255)
    assert bmp.getpixel((int(x_trim - 5 * MM * scale), y)) == (255, 255, 255)


def test_imposed_file_is_not_held_to_pages_div_4():
    out = impose(make_pdfx(build_pdf(4), title="t"))      # 2 sheet sides
    rep = preflight(out)
    assert rep.ok, rep.to_text()
    assert "imposed" in rep.codes("note")


def test_fixed_sheet_sizes(a4_8):
    out = impose(a4_8, sheet="SRA3")
    p = PdfReader(io.BytesIO(out)).pages[0]
    assert float(p.mediabox.width) == pytest.approx(450 * MM, abs=0.01)
    assert float(p.mediabox.height) == pytest.approx(320 * MM, abs=0.01)
    with pytest.raises(ImposeError, match="needs"):
        impose(a4_8, sheet=(420 * MM, 297 * MM))
    with pytest.raises(ValueError):
        impose(a4_8, sheet="B9")


def test_impose_refuses_bad_input():
    with pytest.raises(ImposeError, match="multiple of 4"):
        impose(build_pdf(6))
    with pytest.raises(ImposeError, match="no TrimBox"):
        impose(build_pdf(4, trimbox=False))
    with pytest.raises(ImposeError, match="trim size"):
        impose(build_pdf(4, odd_size_page=2))


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_check_imposed(tmp_path, a4_8):
    p = tmp_path / "imposed.pdf"
    p.write_bytes(impose(make_pdfx(a4_8, title="t")))
    res = subprocess.run(["qpdf", "--check", str(p)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler not installed")
def test_pdftoppm_renders_sheet(tmp_path, a4_8):
    p = tmp_path / "imposed.pdf"
    p.write_bytes(impose(a4_8))
    res = subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(p),
                          str(tmp_path / "sheet")], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert list(tmp_path.glob("sheet*.png"))
