"""The text operators of a page plan made once for both variants (render/text.py
TextMemo) and its font programs compressed side by side: the PDFs are those drawn
afresh, one step after the other; a memo that no longer fits is not used."""
from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from bulletin_press import pipeline
from bulletin_press.render import pdf
from bulletin_press.render.cidfont import cid_font
from bulletin_press.render.text import TextMemo
from bulletin_press.typeset.pages import make_plan

from conftest import TINY_KEY


def test_each_variant_drawn_after_the_other_is_the_variant_drawn_afresh(tiny):
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    pdf._MEMO[:] = [None, None]
    screen = pdf.render_plan(plan, variant="screen").pdf          # fresh, fills the memo
    printed = pdf.render_plan(plan, variant="print").pdf          # from the memo
    assert pdf._MEMO[1]._kept                                     # there was text to keep
    pdf._MEMO[:] = [None, None]
    assert pdf.render_plan(plan, variant="print").pdf == printed  # fresh
    assert pdf.render_plan(plan, variant="screen").pdf == screen  # from the memo
    other = make_plan(issue, style, fonts)                        # another plan: a memo of its own
    pdf.render_plan(other, variant="screen")
    assert pdf._MEMO[0]() is other


def test_a_memo_is_not_used_where_the_fonts_are_named_otherwise_or_the_lines_differ(tiny):
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    placed = [(it.x, it.y, it) for page in plan.pages for it in page.items
              if getattr(it, "runs", None) and it.text][:3]
    face = placed[0][2].runs[0][2]
    memo = TextMemo()
    memo.keep("k", placed, "BT ET", [(face, "BPC7", {0x21: 0x4E2D})])
    canv = Canvas(io.BytesIO())
    assert not memo.replay(canv, "k", placed)                # this document calls the face BPC1
    memo.keep("k", placed, "BT ET", [(face, "BPC1", {0x21: 0x4E2D})])
    assert not memo.replay(canv, "k", placed[:2])            # other lines
    assert memo.replay(canv, "k", placed)
    assert canv._code[-1] == "BT ET" and cid_font(canv._doc, face).used == {0x21: 0x4E2D}


def test_font_programs_compressed_side_by_side_are_those_made_one_by_one(tiny, monkeypatch):
    from bulletin_press.render import cidfont
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    cidfont._PROGRAMS.clear()
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    import threading
    where = []
    real = cidfont.compress
    monkeypatch.setattr(cidfont, "compress", lambda data: where.append(threading.current_thread()) or real(data))
    side_by_side = pdf.render_plan(plan, variant="print").pdf
    assert len(where) >= 2 and threading.main_thread() not in where   # each in a thread of its own
    cidfont._PROGRAMS.clear()
    monkeypatch.setattr(pdf, "embed_programs", lambda doc: None)
    assert pdf.render_plan(plan, variant="print").pdf == side_by_side
