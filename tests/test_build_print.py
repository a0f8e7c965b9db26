"""The print PDF of the sample issue as the print shop receives it."""
import io
import re

import pytest
from pypdf import PdfReader

from bulletin_press.errors import BuildError
from bulletin_press.output.impose import spread_order
from bulletin_press.output.preflight import preflight
from bulletin_press.pipeline import build

from conftest import copy_project


def _pdf(res, variant):
    return next(p for p in res.outputs if p.name.endswith(f"-{variant}.pdf")).read_bytes()


def test_print_pdf_passes_preflight_with_boxes_and_no_rgb(sample_build):
    data = _pdf(sample_build, "print")
    report = preflight(data, require_print=True)
    assert report.ok, report.to_text()
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        media = [float(v) for v in page.mediabox]
        assert round(trim[2] - trim[0], 1) == 595.3 and round(trim[3] - trim[1], 1) == 841.9
        assert all(abs(abs(b - t) - 8.504) < 0.01 for b, t in zip(bleed, trim))
        assert media[0] <= bleed[0] and media[2] >= bleed[2]
        content = page.get_contents().get_data()
        assert not re.search(rb"(^|\s)[\d.]+\s+[\d.]+\s+[\d.]+\s+(rg|RG)\b", content), "RGB colour in print PDF"
    assert reader.pdf_header.startswith("%PDF-1.3") or reader.pdf_header.startswith("%PDF-1.4")
    assert "/GTS_PDFXVersion" in reader.trailer["/Info"]


def test_screen_pdf_has_trim_size_pages_and_links(sample_build):
    reader = PdfReader(io.BytesIO(_pdf(sample_build, "screen")))
    first = reader.pages[0]
    assert round(float(first.mediabox.width), 1) == 595.3
    links = [a.get_object() for a in first.get("/Annots", [])]
    assert len(links) >= 4, "each TOC entry links to its article"
    assert len(reader.outline) >= 4


def _copy_with_style(tmp_path, pad: str):
    """A project copy whose 2025-03 runs a third of a page past 4 pages (three of its
    paragraphs said twice): too much to tighten into 4, too little to spread over 8."""
    root = copy_project(tmp_path)
    art = root / "issues" / "2025-03" / "01-xianyu.md"
    text = art.read_text(encoding="utf-8").rstrip("\n")
    paras = text.split("\n\n")
    art.write_text(text + "\n\n" + "\n\n".join(paras[-4:-1]) + "\n", encoding="utf-8")
    style = (root / "styles" / "chuangxin.yaml").read_text(encoding="utf-8")
    (root / "styles" / "chuangxin.yaml").write_text(
        re.sub(r"(?m)^  pad: \w+", f"  pad: {pad}", style), encoding="utf-8")
    return root


def test_short_issue_is_padded_to_a_multiple_of_four(tmp_path):
    root = _copy_with_style(tmp_path, "blank")
    res = build(root, "2025-03", tmp_path / "out", variants=("screen",))
    assert res.pages % 4 == 0
    assert res.blank_pages >= 1
    texts = PdfReader(io.BytesIO(res.outputs[0].read_bytes())).pages
    # the 报尾 closes the last page; the padding pages before it carry nothing
    assert "主编" in texts[-1].extract_text()
    for k in range(res.pages - 1 - res.blank_pages, res.pages - 1):
        assert texts[k].extract_text().strip() == ""


def test_short_issue_fails_when_the_style_says_so(tmp_path):
    root = _copy_with_style(tmp_path, "fail")
    with pytest.raises(BuildError) as err:
        build(root, "2025-03", tmp_path / "out")
    msg = str(err.value)
    assert "not a multiple of 4" in msg
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_an_issue_that_fits_no_multiple_says_what_to_cut_or_add(tmp_path):
    """The default (page.pad: fit) never pads with blank pages: it says what to cut or add."""
    root = _copy_with_style(tmp_path, "fit")
    with pytest.raises(BuildError) as err:
        build(root, "2025-03", tmp_path / "out")
    msg = str(err.value)
    found = re.search(r"2025-03 runs 4 page\(s\) and (\d+) line\(s\): cut about (\d+) characters to make 4 "
                      r"pages, or add about (\d+) characters to fill 8", msg)
    assert found, msg
    lines, cut, add = (int(g) for g in found.groups())
    assert 0 < lines < 40 and cut >= lines * 30 and add > 3 * 40 * 30


def test_imposed_spreads_come_in_folding_order(tmp_path, sample_build):
    from bulletin_press.output.impose import impose
    data = impose(_pdf(sample_build, "print"))
    sheets = PdfReader(io.BytesIO(data)).pages
    n = sample_build.pages
    assert len(sheets) == n // 2
    order = spread_order(n)
    assert order[0] == (n, 1) and order[1] == (2, n - 1)
    # each half's folio is the last line of its page: page 2 on the left, then n-1
    digits = [ln.strip() for ln in sheets[1].extract_text().splitlines() if ln.strip().isdigit()]
    assert digits[-2:] == ["2", str(n - 1)], digits
