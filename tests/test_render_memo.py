"""The text operators of a page plan made once for both variants (render/text.py
TextMemo) and its font programs compressed side by side: the PDFs are those drawn
afresh, one step after the other; a memo that no longer fits is not used."""
from __future__ import annotations

import io
import sys

import pytest
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
    memo.keep("k", placed, "BT ET", [(face, "BPC7", {"中": None})])
    canv = Canvas(io.BytesIO())
    assert not memo.replay(canv, "k", placed)                # this document calls the face BPC1
    memo.keep("k", placed, "BT ET", [(face, "BPC1", {"中": None})])
    assert not memo.replay(canv, "k", placed[:2])            # other lines
    assert memo.replay(canv, "k", placed)
    assert canv._code[-1] == "BT ET"                          # and the face drew 中:
    assert cid_font(canv._doc, face).used == {face.glyphs[0x4E2D]: 0x4E2D}


def test_font_programs_compressed_aside_are_those_made_one_by_one(tiny, monkeypatch):
    from bulletin_press.render import cidfont
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    made = {}
    for spare in (True, False):          # a worker thread and this one, or this one alone
        cidfont._PROGRAMS.clear()
        pdf._MEMO[:] = [None, None]      # a plan drawn first: its programs started on at once
        monkeypatch.setattr("bulletin_press.aside.spare_core", lambda spare=spare: spare)
        switch = sys.getswitchinterval()
        made[spare] = pdf.render_plan(plan, variant="print").pdf
        assert sys.getswitchinterval() == switch    # lowered for the worker, put back
    assert made[True] == made[False]
    cidfont._PROGRAMS.clear()
    pdf._MEMO[:] = [None, None]
    monkeypatch.setattr(pdf, "prepare", lambda *a: None)           # nothing started early
    monkeypatch.setattr(pdf, "embed_programs", lambda doc: None)   # nor aside as it is saved
    assert pdf.render_plan(plan, variant="print").pdf == made[True]


def test_a_job_is_made_once_by_whichever_thread_comes_first(monkeypatch):
    import threading
    import zlib

    from bulletin_press.render.worker import Job
    where = []

    def work(data):
        where.append(data[:1])
        return zlib.compress(data)
    batch: list = []
    batch += [Job(work, bytes([k]) * 5000 + b"x", batch) for k in range(4)]
    worker = threading.Thread(target=batch[1].run)
    worker.start()
    worker.join()
    assert [j.result() for j in batch] == [zlib.compress(bytes([k]) * 5000 + b"x") for k in range(4)]
    assert sorted(where) == [bytes([k]) for k in range(4)]       # each once
    broken = Job(lambda data: 1 / 0, b"abc", [])
    worker = threading.Thread(target=broken.run)                 # fails in the worker, quietly:
    worker.start()
    worker.join()
    with pytest.raises(ZeroDivisionError):                       # the error is the writer's
        broken.result()


def test_a_forked_child_forgets_the_programs_another_thread_was_making(monkeypatch):
    from bulletin_press.render import cidfont
    monkeypatch.setattr(cidfont, "_PROGRAMS", {})
    from bulletin_press.render.worker import Job
    unfinished, finished = Job(len, b"a" * 100, []), Job(len, b"b" * 100, [])
    finished.run()
    cidfont._keep("unfinished", 100, unfinished, None)
    cidfont._keep("finished", 100, finished, None)
    cidfont._keep("bytes", 100, b"...", None)
    cidfont._forget_unfinished()                 # what a fork runs in the child
    assert set(cidfont._PROGRAMS) == {"finished", "bytes"}


def _jpeg(mode: str, colour) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new(mode, (64, 40), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_pictures_named_aside_are_drawn_as_draw_image_draws_them(tiny, monkeypatch):
    from bulletin_press.render import cidfont
    from bulletin_press.typeset import plan as P
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    rgb, cmyk = _jpeg("RGB", (200, 30, 40)), _jpeg("CMYK", (10, 200, 180, 20))
    plan.pages[0].items.append(P.Image(40, 300, 200, 125, rgb, cmyk, "<</BPSource (a.jpg)>>"))
    plan.pages[-1].items.append(P.Image(40, 100, 100, 62.5, rgb, cmyk))     # the same picture again
    drawn = pdf._draw_named
    named = []
    monkeypatch.setattr(pdf, "_draw_named", lambda *a: named.append(a[2]) or drawn(*a))
    made = {}
    for spare in (True, False):          # names made by a worker thread, or as drawn
        cidfont._PROGRAMS.clear()
        pdf._MEMO[:] = [None, None]
        monkeypatch.setattr("bulletin_press.aside.spare_core", lambda spare=spare: spare)
        made[spare] = [pdf.render_plan(plan, variant=v).pdf for v in ("print", "screen")]
        assert len(named) == (4 if spare else 8)   # 2 a variant: named aside, or as drawn
    assert made[True] == made[False]
    monkeypatch.setattr(pdf, "_named_jpeg", lambda data: None)            # drawImage's own names
    cidfont._PROGRAMS.clear()
    pdf._MEMO[:] = [None, None]
    assert [pdf.render_plan(plan, variant=v).pdf for v in ("print", "screen")] == made[False]
    assert len(set(named)) == 2 and all(f"/FormXob.{n}".encode() in made[True][0] + made[True][1]
                                        for n in named)
