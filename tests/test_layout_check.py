"""The proofreader's check of the built sample issue, read back from the PDF,
and proof that the check itself catches what it looks for."""
import io

from reportlab.pdfgen.canvas import Canvas

from bulletin_press.output.layoutcheck import check_layout
from bulletin_press.pipeline import build, load
from bulletin_press.typeset.geometry import Geometry

from conftest import ROOT


def _check(pdf: bytes, style, pages: int):
    geo = Geometry.for_style(style)
    return check_layout(pdf, body_size=style.body.size, pitch=style.pitch,
                        left={i: geo.left(i) for i in range(1, pages + 1)},
                        width=geo.text_w, block_top=geo.block_top)


def test_sample_issue_reads_clean(sample_build):
    _, style, _ = load(ROOT, "2025-04", [])
    pdf = next(p for p in sample_build.outputs if p.name.endswith("-screen.pdf")).read_bytes()
    rep = _check(pdf, style, sample_build.pages)
    print(rep.summary())
    assert rep.full_lines > 300
    assert rep.bad_starts == [] and rep.bad_ends == []
    assert rep.lonely == []
    assert rep.orphans == [] and rep.widows == [] and rep.stranded_headings == []
    assert rep.off_grid == []
    assert rep.max_han_gap < 0.05


def test_issue_with_tables_and_charts_reads_clean(tmp_path):
    """Another issue, with tables, charts and a photo between the paragraphs."""
    res = build(ROOT, "2024-12", tmp_path, variants=("screen",))
    _, style, _ = load(ROOT, "2024-12", [])
    rep = _check(res.outputs[0].read_bytes(), style, res.pages)
    print(rep.summary())
    assert rep.full_lines > 50
    assert not (rep.bad_starts or rep.bad_ends or rep.lonely or rep.orphans or rep.widows
                or rep.stranded_headings or rep.off_grid), rep.summary()
    assert rep.max_han_gap < 0.05


def test_the_check_catches_faults(tmp_path):
    """A hand-set page with a comma opening a line, “ closing one, a lone last
    character, and a line off the grid: each must be reported."""
    _, style, fonts = load(ROOT, "2025-04", [])
    geo = Geometry.for_style(style)
    face = fonts.face("song")
    size, pitch = style.body.size, style.pitch
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=geo.media)
    c.showPage()                       # page 1: the front page is not checked
    x = geo.left(2)
    y0 = geo.block_top - ((pitch + size) / 2 - 0.12 * size)
    n = style.page.chars_per_line
    lines = [
        (x, "，" + "经" * (n - 1)),             # prohibited start
        (x, "济" * (n - 1) + "“"),             # prohibited end
        (x, "展。"),                           # a lone character closes the paragraph
    ]
    for i, (lx, text) in enumerate(lines):
        c.setFont(face.name, size)
        c.drawString(lx, y0 - i * pitch, text)
    c.drawString(x + 2 * size, y0 - 3.4 * pitch, "新" * (n - 2))   # off the grid
    c.showPage()
    c.save()
    rep = _check(buf.getvalue(), style, 2)
    assert len(rep.bad_starts) == 1
    assert len(rep.bad_ends) == 1
    assert len(rep.lonely) == 1
    assert len(rep.off_grid) == 1
