import json
import time

import pytest

from bulletin_press.output.pdfx import make_pdfx
from bulletin_press.output.preflight import iter_operations, preflight
from bulletin_press.render.marks import MM
from test_print_factory import A4, build_pdf


def _by_code(rep, code):
    return [f for f in rep.findings if f.code == code]


@pytest.fixture(scope="module")
def clean_x():
    return make_pdfx(build_pdf(8), title="创新资讯")


def test_clean_pdfx_file_passes(clean_x):
    rep = preflight(clean_x)
    assert rep.ok, rep.to_text()
    assert not rep.warnings, rep.to_text()
    assert rep.page_count == 8
    assert rep.trim_size_mm == (148.0, 210.0)
    assert rep.pdfx == "PDF/X-1a:2001"      # the conformance it claims, not the version key
    assert all(f["embedded"] and f["subset"] for f in rep.fonts)
    assert "font-subset" in rep.codes("note")


def test_without_output_intent_only_that_error():
    rep = preflight(build_pdf(8))
    assert [f.code for f in rep.errors] == ["no-output-intent"]
    # screen mode does not ask for it
    assert preflight(build_pdf(8), require_print=False).ok


def test_rgb_fill_reported_with_page():
    rep = preflight(build_pdf(8, rgb_page=3))
    rgb = _by_code(rep, "rgb-colour")
    assert rgb and all(f.severity == "error" for f in rgb)
    assert rgb[0].pages == [3]
    assert "page 3" in rep.to_text()
    # in screen mode RGB is fine: a note only
    screen = preflight(build_pdf(8, rgb_page=3), require_print=False)
    assert "rgb-colour" in screen.codes("note") and "rgb-colour" not in screen.codes("error")


def test_rgb_inside_form_xobject_reported_with_page():
    rep = preflight(build_pdf(8, rgb_form_page=5))
    rgb = _by_code(rep, "rgb-colour")
    assert rgb and rgb[0].pages == [5]
    assert "stroke" in rgb[0].message


def test_rgb_image_reported():
    rep = preflight(build_pdf(8, image="rgb", image_page=4))
    msgs = [f for f in _by_code(rep, "rgb-colour") if "image" in f.message]
    assert msgs and msgs[0].pages == [4]


def test_unembedded_font_is_an_error():
    rep = preflight(build_pdf(8, helvetica_page=2))
    f = _by_code(rep, "font-not-embedded")
    assert f and f[0].severity == "error" and f[0].pages == [2]
    assert "Helvetica" in f[0].message
    assert any(fo["name"] == "Helvetica" and not fo["embedded"] for fo in rep.fonts)


def test_missing_trimbox():
    rep = preflight(build_pdf(4, trimbox=False))
    f = _by_code(rep, "no-trimbox")
    assert f and f[0].pages == [1, 2, 3, 4]


def test_inconsistent_boxes():
    rep = preflight(build_pdf(4, bad_boxes_page=2))
    f = _by_code(rep, "box-order")
    assert f and f[0].pages == [2]
    assert "TrimBox is not inside the BleedBox" in f[0].message


def test_bleed_too_small():
    rep = preflight(build_pdf(4, bleed=2 * MM))
    f = _by_code(rep, "bleed")
    assert f and f[0].severity == "error" and f[0].pages == [1, 2, 3, 4]
    assert "2.0 mm" in f[0].message


def test_trim_size_differs():
    rep = preflight(build_pdf(4, odd_size_page=3))
    f = _by_code(rep, "trim-size")
    assert f and f[0].pages == [3]


def test_page_count_not_multiple_of_4():
    rep = preflight(build_pdf(6))
    f = _by_code(rep, "page-count")
    assert f and "6 pages" in f[0].message and "add 2" in f[0].message
    assert "page-count" not in preflight(build_pdf(6), require_print=False).codes()


def test_low_resolution_image():
    rep = preflight(build_pdf(4, image="lowres", image_page=2))
    f = _by_code(rep, "image-resolution")
    assert f and f[0].severity == "error" and f[0].pages == [2]
    (im,) = rep.images
    assert im["pixels"] == [72, 72]
    assert im["dpi"] == pytest.approx(72 / (100 / 25.4), abs=0.2)   # ≈ 18 ppi
    assert im["placed_mm"] == [pytest.approx(100, abs=0.1)] * 2
    # for the screen it is a warning
    scr = preflight(build_pdf(4, image="lowres", image_page=2), require_print=False)
    assert "image-resolution" in scr.codes("warning")


def test_high_resolution_image_passes():
    rep = preflight(build_pdf(4, image="hires", image_page=3))
    assert "image-resolution" not in rep.codes()
    (im,) = rep.images
    assert im["dpi"] == pytest.approx(600 / (40 / 25.4), abs=0.5)
    assert im["colorspace"] == "DeviceCMYK"


def test_inline_image_resolution():
    rep = preflight(build_pdf(4, image="inline-lowres", image_page=1))
    f = _by_code(rep, "image-resolution")
    assert f and f[0].pages == [1]
    assert rep.images[0]["name"] == "inline image"


def test_gray_text_note_and_rich_black_warning():
    rep = preflight(build_pdf(4, gray_text_page=1, rich_black_page=2))
    g = _by_code(rep, "gray-text")
    assert g and g[0].severity == "note" and g[0].pages == [1]
    rb = _by_code(rep, "rich-black-text")
    assert rb and rb[0].severity == "warning" and rb[0].pages == [2]
    assert "60/40/40/100" in rb[0].message


def test_transparency_warning():
    rep = preflight(build_pdf(4, alpha_page=4))
    t = _by_code(rep, "transparency")
    assert t and t[0].severity == "warning" and t[0].pages == [4]


def test_report_text_and_json():
    rep = preflight(build_pdf(6, rgb_page=1, helvetica_page=2))
    txt = rep.to_text()
    assert txt.startswith("Preflight (print)") and "FAIL" in txt
    d = json.loads(rep.to_json())
    assert d["ok"] is False and d["page_count"] == 6
    codes = {e["code"] for e in d["errors"]}
    assert {"rgb-colour", "font-not-embedded", "page-count", "no-output-intent"} <= codes


def test_accepts_path(tmp_path, clean_x):
    p = tmp_path / "x.pdf"
    p.write_bytes(clean_x)
    rep = preflight(p)
    assert rep.ok and rep.source == str(p)


def test_garbage_is_a_finding_not_a_crash():
    rep = preflight(b"not a pdf at all")
    assert not rep.ok and rep.errors[0].code == "unreadable"


def test_sixteen_pages_under_a_second():
    data = make_pdfx(build_pdf(16, trim_size=A4, image="hires", image_page=5), title="t")
    t = time.perf_counter()
    rep = preflight(data)
    assert time.perf_counter() - t < 1.0
    assert rep.ok, rep.to_text()


def test_tokenizer_handles_strings_arrays_dicts_inline_images():
    ops = list(iter_operations(
        rb"q 1 0 0 1 5 5 cm [(a\)b) 5 (c(d)e)] TJ /P <</A [1 2] /B (x)>> BDC "
        rb"BI /W 2 /H 2 /CS /RGB /BPC 8 ID abcdefghijkl EI Q 0.5 g"))
    names = [op for _, op in ops]
    assert names == [b"q", b"cm", b"TJ", b"BDC", b"BI", b"Q", b"g"]
    assert ops[1][0] == [1.0, 0.0, 0.0, 1.0, 5.0, 5.0]
    assert ops[4][0][b"/CS"] == b"/RGB"
    assert ops[6][0] == [0.5]


def test_reportlab_cid_font_is_not_embedded():
    """reportlab's built-in CJK fonts (UnicodeCIDFont) are never embedded: a print file
    must use a TTFont with a TrueType-outline CJK font instead."""
    import io as _io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = _io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, initialFontName="VeraTest")
    c.setTrimBox((20, 20, 500, 700))
    c.setFont("STSong-Light", 12)
    c.drawString(50, 50, "创新资讯")
    c.showPage()
    c.save()
    rep = preflight(buf.getvalue())
    (f,) = _by_code(rep, "font-not-embedded")
    assert "STSong-Light" in f.message and f.pages == [1]


def test_unreadable_file_message_names_no_python_object():
    (f,) = _by_code(preflight(b"%PDF-1.4\nnot really a pdf"), "unreadable")
    assert f.message.startswith("not a readable PDF: ")
    assert "0x" not in f.message and "BytesIO" not in f.message
