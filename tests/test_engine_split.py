"""Pages: heights on the baseline grid, widow/orphan splits, headings kept with text."""
from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from engine_support import make_style

from bulletin_press.model import Run
from bulletin_press.typeset.paragraph import CJKParagraph
from bulletin_press.render.indexpdf import PlatypusBlock

STYLE, FONTS = make_style()
PITCH = STYLE.pitch
W = STYLE.text_width
TEXT = ("新质生产力是什么？用一句通俗的话讲，就是“以新促质、以质提效”。它不是简单地把旧机器换成新机器，"
        "也不是一窝蜂地追逐热门概念，而是技术革命性突破、生产要素创新性配置、产业深度转型升级共同催生的"
        "先进生产力形态。")


def para(text=TEXT * 3, role="body", **kw):
    return CJKParagraph([Run(text)], STYLE.text[role], STYLE, FONTS, **kw)


def test_height_is_whole_pitches():
    p = para()
    w, h = p.wrap(W, 10_000)
    assert w == W
    assert h == pytest.approx(len(p.lines) * PITCH)
    t = para("标题：以新质生产力之“新”谋中原发展之“进”", "title")
    _, h = t.wrap(W, 10_000)
    assert h / PITCH == pytest.approx(round(h / PITCH))
    assert h >= 27 + 0.5 * PITCH
    h2 = para("二、主要做法", "h2")
    _, h = h2.wrap(W, 10_000)
    assert h == pytest.approx(2 * PITCH)


def test_split_leaves_two_lines_each_side():
    p = para()
    p.wrap(W, 10_000)
    n = len(p.lines)
    assert n >= 6
    assert p.split(W, PITCH * 1.5) == []                 # only one line would fit: orphan
    parts = p.split(W, PITCH * (n - 1) + 1)               # would leave one line: widow
    assert len(parts) == 2
    a, b = parts
    a.wrap(W, 10_000)
    b.wrap(W, 10_000)
    assert len(a.lines) == n - 2 and len(b.lines) == 2
    assert b.lines[0].left == 0.0                         # continuation has no indent
    assert [ln.text for ln in a.lines + b.lines] == [ln.text for ln in p.lines]
    parts = p.split(W, PITCH * 3)
    assert [len(x.lines) for x in parts] == [3, n - 3]


def test_short_paragraph_never_splits():
    p = para(TEXT)
    p.wrap(W, 10_000)
    assert len(p.lines) <= 3
    assert p.split(W, PITCH * 2) == []


def test_continuation_relayout_at_other_width():
    p = para()
    p.wrap(W, 10_000)
    a, b = p.split(W, PITCH * 3)
    b.wrap(W - 42, 10_000)                               # another column width: laid out afresh
    assert "".join(ln.text for ln in b.lines) == "".join(ln.text for ln in p.lines[3:])
    assert b.lines[0].left == 0.0


def test_keep_lines_after():
    h = para("一、总体要求", "h1", keep_lines_after=2)
    _, own = h.wrap(W, 10_000)
    _, got = h.wrap(W, own + PITCH)                     # room for one line after it: no
    assert got > own + PITCH
    _, got = h.wrap(W, own + 2 * PITCH)
    assert got == pytest.approx(own)
    assert h.split(W, 10_000) == []


class Probe(PlatypusBlock):
    """A paragraph poured into a platypus document as the year index pours them
    (render/indexpdf.py); records where each part is drawn."""

    log: list = []

    def draw(self):
        m = self.canv._currentMatrix
        Probe.log.append((self.canv.getPageNumber(), self.block.keep_lines_after,
                          len(self.block.lines), m[5], self.height))
        super().draw()


def test_pages_no_widow_orphan_heading_kept():
    Probe.log = []
    story = []
    for k in range(14):
        if k % 3 == 0:
            story.append(Probe(CJKParagraph([Run(f"第{k}节 标题")], STYLE.text["h1"], STYLE, FONTS,
                                            keep_lines_after=2)))
        story.append(Probe(CJKParagraph([Run(TEXT * (1 + k % 4))], STYLE.body, STYLE, FONTS)))
    fh = STYLE.text_height
    y0 = A4[1] - 65 - fh
    doc = BaseDocTemplate(io.BytesIO(), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=[Frame(80, y0, W, fh, 0, 0, 0, 0)])])
    doc.build(story)
    log = Probe.log
    pages = sorted({e[0] for e in log})
    assert len(pages) >= 2
    for page in pages:
        items = [e for e in log if e[0] == page]
        assert items[-1][1] == 0, "a page ends with a heading"
        for e in items:
            if e[1] == 0:
                assert e[2] >= 2, e          # every paragraph here has 3+ lines
            # every flowable starts on the grid: its top is a whole number of pitches down
            top = e[3] + e[4]
            assert ((y0 + fh - top) / PITCH) == pytest.approx(round((y0 + fh - top) / PITCH), abs=1e-6)
    # each heading is followed on its page by at least two lines
    for k, e in enumerate(log):
        if e[1]:
            nxt = log[k + 1]
            assert nxt[0] == e[0] and nxt[2] >= 2


def test_faces_and_hard_break():
    from bulletin_press.typeset.paragraph import layout_paragraph
    runs = [Run("正文"), Run("加粗", bold=True), Run("\n"), Run("楷体", italic=True), Run("code", code=True)]
    lines = layout_paragraph(runs, STYLE.body, STYLE, FONTS, W, 2)
    assert [ln.text for ln in lines] == ["正文加粗", "楷体code"]
    assert lines[0].hard and not lines[0].justified and lines[1].last
    faces = {ln.text[a:b]: f for ln in lines for a, b, f in ln.runs}
    assert faces["正文"] is FONTS.face("song") and faces["加粗"] is FONTS.face("song", True)
    assert FONTS.face("song", True).path != FONTS.face("song").path      # a real bold file
    assert faces["楷体"] is FONTS.face("kai" if "kai" in STYLE.fonts else "song")
    assert faces["code"] is FONTS.face("hei")
