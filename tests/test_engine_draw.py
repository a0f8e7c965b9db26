"""Drawing: compact PDF text operators that extract back to the source text."""
from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from engine_support import make_style

from bulletin_press.model import Run
from bulletin_press.render.text import draw_line
from bulletin_press.typeset.paragraph import CJKParagraph, layout_paragraph
from bulletin_press.render.indexpdf import PlatypusBlock

STYLE, FONTS = make_style()
SRC = [
    "刚刚过去的2024年，是实现“十四五”规划目标任务的关键一年。全省规模以上工业增加值增长7.8%左右，"
    "全社会研究与试验发展（R&D）经费投入预计突破1,400亿元——投入强度连续五年稳步提升……",
    "正如OECD报告所说，“digital transformation is a long-term process”。刊号CN41-0846/(G)，"
    "《河南区域创新能力评价报告（2025）》提出：要‘立足中原、服务决策’。",
]


def extract(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    out = []
    for page in doc:
        out.append(page.get_textpage().get_text_range())
    return "".join(out)


def strip(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_extract_in_source_order():
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4)
    W = STYLE.text_width
    doc.addPageTemplates([PageTemplate(frames=[Frame(80, 80, W, STYLE.text_height, 0, 0, 0, 0)])])
    story = [PlatypusBlock(CJKParagraph([Run(t, bold=(k == 1))], STYLE.body, STYLE, FONTS))
             for k, t in enumerate(SRC)]
    doc.build(story)
    got = extract(buf.getvalue())
    assert strip(got) == strip("".join(SRC))


def test_operators_are_compact():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    lines = layout_paragraph([Run(SRC[0] * 3)], STYLE.body, STYLE, FONTS, STYLE.text_width, 2)
    n0 = len(c._code)
    for k, ln in enumerate(lines):
        draw_line(c, 80, 700 - 18 * k, ln)
    assert len(c._code) - n0 == len(lines)             # one append per line, no per-glyph calls
    ops = "\n".join(c._code[n0:])
    assert ops.count(" Tf") <= 2 * len(lines)
    glyphs = sum(len(ln.text) for ln in lines)
    assert ops.count(" Tm") < glyphs / 4               # positioned by TJ, not one Tm per glyph
    c.showPage()
    c.save()
    assert strip(extract(buf.getvalue())) == strip(SRC[0] * 3)


def test_canvas_font_state_not_leaked():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 12)
    ln = layout_paragraph([Run("中文测试")], STYLE.body, STYLE, FONTS, 200, 0)[0]
    draw_line(c, 72, 700, ln)
    c.drawString(72, 680, "Hello")
    c.showPage()
    c.save()
    got = extract(buf.getvalue())
    assert "Hello" in got and "中文测试" in got
