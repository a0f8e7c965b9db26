"""Tables: spans → grid, widths and the size fallback, splitting with 续表, colour."""
from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bulletin_press import model as m
from bulletin_press.errors import BuildError
from bulletin_press.model.style import Color, Face, Page, Style, TextStyle
from bulletin_press.typeset.cellbox import measure
from bulletin_press.typeset.fonts import FontSet
from bulletin_press.render.indexpdf import PlatypusBlock
from bulletin_press.render.pdf import draw_items
from bulletin_press.typeset.placed import items_of
from bulletin_press.typeset.table import (build_table, is_number,
                                          resolve_grid)

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"   # the project's own WenKai
POS = m.Pos("issues/2025-04/01-test.md", 12)


def make_style(**tables) -> Style:
    face = Face("LXGWWenKai-Regular.ttf", "LXGWWenKai-Bold.ttf")
    text = {
        "body": TextStyle(font="song", size=10.5, leading=18, indent=2),
        "caption": TextStyle(font="hei", size=9, align="center"),
        "table": TextStyle(font="song", size=9, align="left"),
        "table_head": TextStyle(font="hei", size=9, align="center"),
        "table_note": TextStyle(font="song", size=7.5, align="left"),
    }
    colors = {"black": Color(0, 0, 0, 1), "rule": Color(0, 0, 0, 1),
              "grey": Color(0, 0, 0, .6), "tint": Color(0, 0, 0, .08)}
    t = {"min_size": "六号", "rule_thick": "1pt", "rule_thin": "0.4pt", "number": False}
    t.update(tables)
    return Style(name="test", page=Page(595.28, 841.89, 40, 39, 65.0),
                 fonts={"song": face, "hei": face, "kai": face}, colors=colors, text=text,
                 tables=t, charts={"height": "150pt"})


_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def text_factory(style: Style, fonts: FontSet):
    """A stand-in for the CJK paragraph engine: reportlab Paragraph, CJK wrapping, CMYK black."""
    def make_text(runs, role, width=None):
        bold = fonts.face(role.font, True).name
        ps = ParagraphStyle("t", fontName=fonts.face(role.font, role.bold).name,
                            fontSize=role.size, leading=role.leading or style.pitch,
                            alignment=_ALIGN.get(role.align, TA_LEFT), wordWrap="CJK",
                            textColor=CMYKColor(0, 0, 0, 1))
        xml = "".join("<br/>" if r.text == "\n" else
                      (f'<font name="{bold}">{escape(r.text)}</font>' if r.bold else escape(r.text))
                      for r in runs)
        return Paragraph(xml, ps)
    return make_text


@pytest.fixture(scope="module")
def env():
    style = make_style()
    fonts = FontSet(style, FONTS_DIR)
    return style, fonts, text_factory(style, fonts)


def R(text):
    return [m.Run(text)]


def C(text, **kw):
    return m.Cell(R(text), **kw)


def two_row_header():
    return [[C("地区", rows=2), C("2022年", cols=2), C("2023年", cols=2)],
            [C("总分"), C("排名"), C("总分"), C("排名")]]


def long_table(n=60, caption="长表分页测试"):
    rows = [[C(f"地区{i + 1:02d}"), C(f"{50 + i * 0.75:.2f}"), C(str(i + 1)),
             C(f"{40 + i * 0.5:.2f}"), C(str(n - i))] for i in range(n)]
    return m.Table(R(caption) if caption else None, two_row_header(), rows, POS,
                   note=R("注：数据为虚构。"))


def pdf_pages_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    out = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    doc.close()
    return out


# ---------------------------------------------------------------- grid

def test_spans_resolve_to_grid():
    t = m.Table(None, two_row_header(), [[C("甲"), C("1.5"), C("1"), C("2.5"), C("2")]], POS)
    g = resolve_grid(t)
    assert (g.head_rows, g.body_rows, g.ncols) == (2, 1, 5)
    region = g.owner(0, 0)
    assert region.text == "地区" and region.rows == 2
    assert g.owner(1, 0) is region                # 地区 covers the cell under it
    y22 = g.owner(0, 1)
    assert y22.text == "2022年" and g.owner(0, 2) is y22
    assert g.owner(0, 3).text == "2023年" and g.owner(0, 4).text == "2023年"
    # the second header row starts in column 1, under 2022年
    assert [(s.col, s.text) for s in g.slots if s.row == 1] == [
        (0, "地区"), (1, "总分"), (2, "排名"), (3, "总分"), (4, "排名")][1:]
    assert g.owner(2, 4).text == "2"


def test_short_rows_are_padded_and_body_spans_group_rows():
    t = m.Table(None, [[C("类别"), C("项目"), C("数值")]],
                [[C("甲类", rows=2), C("一"), C("1")], [C("二"), C("2")], [C("乙类"), C("三")]],
                POS)
    g = resolve_grid(t)
    assert g.owner(2, 0).text == "甲类" and g.owner(3, 2).text == ""     # spanned, padded
    assert g.breaks() == [2]          # never between the two rows 甲类 spans


@pytest.mark.parametrize("header, rows, words", [
    ([[C("地区", rows=3), C("年")]], [[C("x")]], "spans 3 rows"),
    ([[C("a")]], [[C("x", rows=2)]], "spans 2 rows"),
    ([[C("a"), C("b", cols=0)]], [[C("x")]], "spans 0 columns"),
])
def test_bad_spans_fail_with_position(header, rows, words):
    with pytest.raises(BuildError) as e:
        resolve_grid(m.Table(None, header, rows, POS))
    assert words in str(e.value) and "01-test.md:12" in str(e.value)


def test_number_detection():
    for s in ("16", "19.8", "-3.7", "1,234.5", "12%", "−0.5", "97.25"):
        assert is_number(s), s
    for s in ("", "全国", "2022年", "—", "1.2.3", "A1"):
        assert not is_number(s), s


# ---------------------------------------------------------------- widths and alignment

def test_block_is_whole_pitches_and_fills_width(env):
    style, fonts, mt = env
    t = m.Table(R("对比表"), [[C("省份"), C("占比（%）")]],
                [[C("甲省"), C("16")], [C("乙省"), C("7.8")]], POS, note=R("资料来源：虚构。"))
    [blk] = build_table(t, style, fonts, 420, mt)
    w, h = blk.wrap(420, 1000)
    assert w == 420
    assert h % style.pitch == pytest.approx(0) or h % style.pitch == pytest.approx(style.pitch)
    assert sum(blk.b.fit.widths) == pytest.approx(420)


def test_numbers_align_on_the_decimal_point(env):
    style, fonts, mt = env
    vals = ["16", "7.8", "128.75", "—", "12.3"]
    t = m.Table(None, [[C("省份"), C("占比（%）")]], [[C(f"省{i}"), C(v)] for i, v in enumerate(vals)],
                POS)
    [blk] = build_table(t, style, fonts, 420, mt)
    assert blk.b.kinds == ["left", "decimal"]
    role = style.text["table"]
    points = []
    for p in blk.b.placed:
        if p.slot.col == 1 and not p.slot.head and is_number(p.slot.text):
            whole = p.slot.text.split(".")[0]
            points.append(p.x + measure(R(whole), role, fonts, style, blk.b.fit.size).natural)
    assert len(points) == 4 and max(points) - min(points) < 0.01
    # the text column is left-aligned: its cells start at the column's padding
    lefts = {round(p.x, 3) for p in blk.b.placed if p.slot.col == 0 and not p.slot.head}
    assert lefts == {round(blk.b.fit.pad, 3)}


def test_relative_widths_override(env):
    style, fonts, mt = env
    t = m.Table(None, [[C("甲"), C("乙"), C("丙")]], [[C("1"), C("2"), C("3")]], POS,
                widths=[1, 2, 1])
    [blk] = build_table(t, style, fonts, 400, mt)
    assert blk.b.fit.widths == pytest.approx([100, 200, 100])


def test_explicit_align_and_bad_align(env):
    style, fonts, mt = env
    t = m.Table(None, [[C("甲"), C("乙")]], [[C("1"), C("文字")]], POS, align=["right", "center"])
    [blk] = build_table(t, style, fonts, 400, mt)
    assert blk.b.kinds == ["right", "center"]
    t.align = ["middle-ish", "left"]
    with pytest.raises(BuildError, match="left, center, right or decimal"):
        build_table(t, style, fonts, 400, mt)


def test_wide_table_steps_its_size_down(env):
    style, fonts, mt = env
    ncols = 17
    head = [[C("地区")] + [C(f"指标{i}") for i in range(1, ncols)]]
    rows = [[C("某某市")] + [C(f"{90 + i / 7:.2f}") for i in range(1, ncols)] for _ in range(3)]
    t = m.Table(None, head, rows, POS)
    [blk] = build_table(t, style, fonts, 420, mt)
    assert blk.b.fit.size < style.text["table"].size
    assert blk.b.fit.size >= 7.5
    assert sum(blk.b.fit.widths) == pytest.approx(420)
    # every number still fits its column
    for p in blk.b.placed:
        if p.flow is not None:
            x0 = blk.b.col_x[p.slot.col]
            x1 = blk.b.col_x[p.slot.col + p.slot.cols]
            assert x0 - 0.01 <= p.x and p.x + p.w <= x1 + 0.01


def test_impossibly_wide_table_fails_naming_the_width(env):
    style, fonts, mt = env
    head = [[C(f"第{i}列") for i in range(40)]]
    rows = [[C("1234567.89") for _ in range(40)]]
    with pytest.raises(BuildError) as e:
        build_table(m.Table(None, head, rows, POS), style, fonts, 420, mt)
    msg = str(e.value)
    assert re.search(r"table is \d+ pt wide at the smallest size 7\.5pt; the text is 420 pt wide", msg)
    assert "split the table" in msg and "01-test.md:12" in msg
    got = int(re.search(r"table is (\d+) pt", msg).group(1))
    assert got > 420


# ---------------------------------------------------------------- splitting

def test_split_repeats_header_and_never_cuts_a_row(env):
    style, fonts, mt = env
    [blk] = build_table(long_table(), style, fonts, 420, mt)
    blk.wrap(420, 1e6)
    parts = blk.split(420, 300)
    assert len(parts) == 2
    a, b = parts
    assert a.first and not a.continued and b.continued and not b.first
    assert a.r0 == 0 and a.r1 == b.r0 and b.r1 == 60
    assert a.wrap(420, 300)[1] <= 300
    assert b.b.head_h > 0           # the continuation draws the header rows again
    # too little room for the header and a row: no split, the table moves on
    assert blk.split(420, 40) == []


def test_long_table_across_pages(env):
    style, fonts, mt = env
    table = long_table()
    buf = io.BytesIO()
    body = ParagraphStyle("b", fontName=fonts.face("song").name, fontSize=10.5, leading=18,
                          wordWrap="CJK")
    story = [Paragraph("正文。" * 60, body)] + \
        [PlatypusBlock(b) for b in build_table(table, style, fonts, 420, mt)] + \
        [Paragraph("表后的正文。", body)]
    doc = SimpleDocTemplate(buf, pagesize=(595, 500), leftMargin=87.5, rightMargin=87.5,
                            topMargin=40, bottomMargin=40, invariant=1)
    doc.build(story)
    pages = pdf_pages_text(buf.getvalue())
    assert len(pages) >= 3
    seen = []
    for i, text in enumerate(pages):
        labels = re.findall(r"地区(\d\d)", text)
        if i > 0 and labels:
            assert "续" in text, f"page {i + 1} has no 续表 marker"
            assert "2022年" in text and "排名" in text, f"page {i + 1} lacks the header"
        seen += [int(x) for x in labels]
    assert seen == list(range(1, 61))        # every row once, in order: none cut in two
    assert "注：数据为虚构" in pages[-1] and "注：数据为虚构" not in "".join(pages[:-1])


def test_continuation_marker_forms(env):
    style, fonts, mt = env
    numbered = make_style(number=True)
    for st, caption, want in ((numbered, "长表", "续表7"), (style, "长表", "长表（续）"),
                              (style, None, "续表")):
        [blk] = build_table(long_table(caption=caption), st, FontSet(st, FONTS_DIR),
                            420, text_factory(st, FontSet(st, FONTS_DIR)), number=7)
        assert want in blk.b.cont[0].text.replace(" ", "")


def test_rows_joined_by_a_span_stay_together(env):
    style, fonts, mt = env
    rows = []
    for i in range(20):
        rows.append([C(f"组{i}", rows=2), C("上"), C("1")])
        rows.append([C("下"), C("2")])
    t = m.Table(None, [[C("组"), C("位置"), C("值")]], rows, POS)
    [blk] = build_table(t, style, fonts, 420, mt)
    for avail in range(80, 400, 7):
        parts = blk.split(420, avail)
        if parts:
            assert parts[0].r1 % 2 == 0


# ---------------------------------------------------------------- colour

def _content(cmyk: bool, env) -> bytes:
    style, fonts, mt = env
    [blk] = build_table(long_table(8), style, fonts, 420, mt)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842), pageCompression=0, invariant=1)
    c.bp_cmyk = cmyk
    blk.wrap(420, 800)
    draw_items(c, items_of(blk, 80, 100))   # as the page plan holds it
    c.showPage()
    c.save()
    return buf.getvalue()


def test_cmyk_canvas_gets_no_rgb(env):
    pdf = _content(True, env)
    assert b" k" in pdf and b" K" in pdf
    assert not re.search(rb"\srg\b|\sRG\b", pdf)


def test_screen_canvas_gets_rgb_rules(env):
    pdf = _content(False, env)
    assert re.search(rb"\sRG\b", pdf)
