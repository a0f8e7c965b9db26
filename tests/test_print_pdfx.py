import datetime as dt
import hashlib
import io
import shutil
import subprocess
import zlib

import pytest
from pypdf import PdfReader

from bulletin_press.errors import BuildError
from bulletin_press.output.pdfx import FOGRA39, PdfXError, check_pdfx, make_pdfx
from test_print_factory import build_pdf


@pytest.fixture(scope="module")
def src():
    return build_pdf(8, link_page=2)


@pytest.fixture(scope="module")
def x1a(src):
    return make_pdfx(src, title="创新资讯 2025年第4期", author="研究院")


def test_header_info_and_trailer(x1a):
    assert x1a.startswith(b"%PDF-1.3\n")
    r = PdfReader(io.BytesIO(x1a))
    info = r.trailer["/Info"].get_object()
    assert info["/Title"] == "创新资讯 2025年第4期"
    assert info["/Author"] == "研究院"
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2001"
    assert info["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    assert info["/Trapped"] == "/False"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20000101000000+00'00'"
    ids = r.trailer["/ID"]
    assert len(ids) == 2 and ids[0] == ids[1] and len(bytes(ids[0].original_bytes)) == 16
    assert "/Metadata" not in r.trailer["/Root"]


def test_output_intent_with_embedded_icc(x1a):
    r = PdfReader(io.BytesIO(x1a))
    (oi,) = [o.get_object() for o in r.trailer["/Root"]["/OutputIntents"]]
    assert oi["/S"] == "/GTS_PDFX"
    assert oi["/OutputConditionIdentifier"] == "FOGRA39"
    assert oi["/RegistryName"] == "http://www.color.org"
    prof = oi["/DestOutputProfile"].get_object()
    assert prof["/N"] == 4
    data = prof.get_data()
    assert data == FOGRA39.profile_bytes()
    assert data[36:40] == b"acsp" and data[16:20] == b"CMYK"
    assert hashlib.sha256(data).hexdigest().startswith("b424c77f")
    # shipped as the Flate stream the print PDF embeds (render/icc/*.flate)
    from bulletin_press.render.pdfx import profile_flate
    assert zlib.decompress(profile_flate(FOGRA39.profile)) == data


def test_links_are_dropped_pages_keep_boxes(x1a):
    r = PdfReader(io.BytesIO(x1a))
    assert len(r.pages) == 8
    for p in r.pages:
        assert "/Annots" not in p
        assert "/TrimBox" in p and "/BleedBox" in p


def test_byte_identical_on_two_runs(src, x1a):
    again = make_pdfx(bytes(src), title="创新资讯 2025年第4期", author="研究院")
    assert again == x1a
    other = make_pdfx(src, title="另一个标题")
    assert other != x1a
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][0] != PdfReader(io.BytesIO(x1a)).trailer["/ID"][0]


def test_explicit_date():
    out = make_pdfx(build_pdf(4), title="t",
                    date=dt.datetime(2025, 4, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    info = PdfReader(io.BytesIO(out)).trailer["/Info"].get_object()
    assert info["/CreationDate"] == "D:20250401093000+08'00'"


def test_pdfx4_has_xmp_and_version(src):
    out = make_pdfx(src, title="创新资讯", standard="PDF/X-4")
    assert out.startswith(b"%PDF-1.6\n")
    r = PdfReader(io.BytesIO(out))
    info = r.trailer["/Info"].get_object()
    assert info["/GTS_PDFXVersion"] == "PDF/X-4"
    assert "/GTS_PDFXConformance" not in info
    xmp = r.trailer["/Root"]["/Metadata"].get_object()
    assert xmp["/Subtype"] == "/XML"
    text = xmp.get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in text
    assert "<pdf:Trapped>False</pdf:Trapped>" in text
    assert "创新资讯" in text and "xmpMM:DocumentID" in text
    assert make_pdfx(src, title="创新资讯", standard="PDF/X-4") == out


def test_refuses_rgb():
    with pytest.raises(PdfXError) as e:
        make_pdfx(build_pdf(4, rgb_page=3), title="t")
    msg = str(e.value)
    assert "RGB" in msg and "page 3" in msg
    assert isinstance(e.value, BuildError)


def test_refuses_unembedded_font():
    with pytest.raises(PdfXError, match="Helvetica.*not embedded"):
        make_pdfx(build_pdf(4, helvetica_page=1), title="t")


def test_refuses_missing_trimbox_and_bad_boxes():
    with pytest.raises(PdfXError, match="no TrimBox"):
        make_pdfx(build_pdf(4, trimbox=False), title="t")
    with pytest.raises(PdfXError, match="not nested"):
        make_pdfx(build_pdf(4, bad_boxes_page=1), title="t")


def test_transparency_refused_for_x1a_allowed_for_x4():
    data = build_pdf(4, alpha_page=2)
    with pytest.raises(PdfXError, match="transparency"):
        make_pdfx(data, title="t")
    assert check_pdfx(data, "PDF/X-4") == []
    make_pdfx(data, title="t", standard="PDF/X-4")


def test_reportlab_default_helvetica_preamble_is_refused_with_a_hint():
    # a canvas without initialFontName selects Helvetica in every page preamble
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setTrimBox((10, 10, 500, 700))
    c.showPage()
    c.save()
    probs = check_pdfx(buf.getvalue())
    assert any("initialFontName" in p for p in probs)


def test_bad_arguments():
    with pytest.raises(ValueError):
        make_pdfx(build_pdf(4), title="t", standard="PDF/X-3")
    with pytest.raises(ValueError):
        make_pdfx(build_pdf(4), title="  ")


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_check(tmp_path, x1a, src):
    for name, data in (("x1a.pdf", x1a),
                       ("x4.pdf", make_pdfx(src, title="t", standard="PDF/X-4"))):
        p = tmp_path / name
        p.write_bytes(data)
        res = subprocess.run(["qpdf", "--check", str(p)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "No syntax or stream encoding errors" in res.stdout


def test_refuses_artbox_with_trimbox_and_trim_outside_cropbox():
    from reportlab.pdfgen import canvas
    for setup in (lambda c: c.setArtBox((20, 20, 400, 600)),
                  lambda c: c.setCropBox((20, 20, 300, 300))):
        buf = io.BytesIO()
        c = canvas.Canvas(buf, invariant=1, initialFontName="VeraTest")
        c.setTrimBox((20, 20, 400, 600))
        setup(c)
        c.showPage()
        c.save()
        (prob,) = check_pdfx(buf.getvalue())
        assert "ArtBox" in prob or "CropBox" in prob
