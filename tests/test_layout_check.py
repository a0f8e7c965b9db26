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
                        width=geo.text_w, block_top=geo.block_top,
                        title_sizes=(style.text["title"].size, style.text["theme"].size))


def _line_figures_hold(rep):
    """The line-level figures of issue #9: no 亿|元, at most one number|unit split,
    Han–Latin space within [1/8, 3/8] em, no title broken inside a word."""
    assert rep.money_splits == [], rep.money_splits
    assert len(rep.unit_splits) <= 1, rep.unit_splits
    assert 0.125 - 0.01 <= rep.min_hl_gap and rep.max_hl_gap <= 0.375 + 0.01, rep.worst_hl
    assert rep.title_lines >= 2
    assert rep.title_breaks == [], rep.title_breaks


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
    _line_figures_hold(rep)


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
    _line_figures_hold(rep)


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


def test_the_check_catches_line_faults():
    """Hand-set faults: 8387｜家 and 第｜5位 across a line break, 5000亿｜元, a Han–Latin
    space of half an em, and a title broken as 建设现｜代化河南."""
    _, style, fonts = load(ROOT, "2025-04", [])
    geo = Geometry.for_style(style)
    face = fonts.face("song")
    size, pitch = style.body.size, style.pitch
    n = style.page.chars_per_line
    x = geo.left(2)
    right = x + geo.text_w
    y0 = geo.block_top - ((pitch + size) / 2 - 0.12 * size)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=geo.media)
    c.showPage()                       # page 1: the front page is not checked
    c.setFont(face.name, size)

    def full_line_ending(tail: str, row: int):
        """Han characters, then `tail` ending exactly at the right edge."""
        w = face.width(tail, size)
        k = int((geo.text_w - w) // size)
        c.drawString(right - w - k * size, y0 - row * pitch, "经" * k)
        c.drawString(right - w, y0 - row * pitch, tail)

    full_line_ending("8387", 0)                        # 8387｜家
    c.drawString(x, y0 - 1 * pitch, "家" + "济" * (n - 1))
    full_line_ending("第", 2)                          # 第｜5位
    c.drawString(x, y0 - 3 * pitch, "5")
    c.drawString(x + face.width("5", size) + 0.25 * size, y0 - 3 * pitch, "位" + "济" * (n - 3))
    full_line_ending("5000亿", 4)                      # 5000亿｜元
    c.drawString(x, y0 - 5 * pitch, "元" + "济" * (n - 1))
    # 新开通 | 0.5 em | 5G | 0.25 em | 基站…, a full line
    c.drawString(x, y0 - 6 * pitch, "新开通")
    gx = x + 3.5 * size
    c.drawString(gx, y0 - 6 * pitch, "5G")
    gx += face.width("5G", size) + 0.25 * size
    c.drawString(gx, y0 - 6 * pitch, "基" * int((right - gx) // size))
    # a title at title size, broken inside 现代化
    t = style.text["title"]
    tface = fonts.face(t.font, t.bold)
    c.setFont(tface.name, t.size)
    ty = y0 - 10 * pitch
    c.drawCentredString(x + geo.text_w / 2, ty, "加快推进数字经济建设现")
    c.drawCentredString(x + geo.text_w / 2, ty - t.leading, "代化河南的若干思考")
    c.showPage()
    c.save()
    rep = _check(buf.getvalue(), style, 2)
    assert len(rep.unit_splits) == 2, rep.unit_splits        # 8387｜家, 第｜5位
    assert len(rep.money_splits) == 1, rep.money_splits      # 亿｜元 counted apart
    assert 0.45 < rep.max_hl_gap < 0.55, rep.worst_hl
    assert rep.title_lines == 2
    assert len(rep.title_breaks) == 1 and "现｜代" in rep.title_breaks[0], rep.title_breaks
