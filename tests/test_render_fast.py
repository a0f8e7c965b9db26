"""The render stage's shortcuts give what the plain way gives: a run with no scaled or
raised glyph (render/text.py's _plain_run) is the glyph-by-glyph loop's operators,
and the characters a plan sets are the glyphs its drawing records."""
from __future__ import annotations

import io
import random
from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas

from bulletin_press import pipeline
from bulletin_press.render import text as T
from bulletin_press.render.cidfont import cid_font
from bulletin_press.typeset import plan as P
from bulletin_press.typeset.pages import make_plan

from conftest import TINY_KEY, python_output


def _lines(tiny):
    issue, style, fonts = pipeline.load(tiny, TINY_KEY, [])
    plan = make_plan(issue, style, fonts)
    return [it for page in plan.pages for it in page.items if isinstance(it, P.TextLine) and it.text]


def test_a_plain_run_is_drawn_as_the_glyph_by_glyph_loop_draws_it(tiny):
    lines = [ln for ln in _lines(tiny) if not (ln.scales or ln.sups)]
    assert len(lines) > 20
    rnd = random.Random(7)
    jitter = (0.0, 0.0, 5e-5, -5e-5, 2e-4, -3e-3, 0.0137, -0.41, 1.2)   # under and over 1e-4 pt
    tried = []
    for line in lines:
        for tracking in (0.0, 0.75):
            xs = [x + rnd.choice(jitter) for x in line.xs]
            ops = {}
            for way, scales in (("fast", None), ("loop", {len(line.text) + 5: 1.5})):  # a scale on no glyph
                canv = Canvas(io.BytesIO())
                out: list = []
                T._line_ops(out, canv, 12.5, 700.25,
                            replace(line, xs=xs, scales=scales, tracking=tracking), [None, None])
                ops[way] = out
            assert ops["fast"] == ops["loop"]
            tried += ops["fast"]
    assert sum(op.endswith(" TJ") for op in tried) > 20 and any(op.endswith(" Tj") for op in tried)


def test_the_characters_of_a_plan_are_the_glyphs_its_drawing_records(tiny):
    lines = _lines(tiny)
    canv = Canvas(io.BytesIO())
    T.draw_placed(canv, [(ln.x, ln.y, ln) for ln in lines])
    chars = T.chars_by_face(lines)
    assert chars
    for face, got in chars.items():
        used = cid_font(canv._doc, face).used
        assert set(used) == {face.glyphs[ord(c)] for c in got if face.glyphs.get(ord(c))}
        assert all(chr(cp) in got for cp in used.values())


def test_the_tounicode_map_gives_each_glyph_its_character_in_utf16():
    from bulletin_press.render.cidfont import CIDFont

    class Font(CIDFont):
        used = {0x0041: 0x41, 0x0100: 0x4E2D, 0x0101: 0xFF0C, 0x0102: 0x20B9F}   # 𠮟: a surrogate pair

    font = Font.__new__(Font)
    font.name = "BPC1"
    text = font._tounicode()
    for g, cp in Font.used.items():
        assert f"<{g:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" in text.splitlines()
    assert "<0102> <D842DF9F>" in text and "4 beginbfchar" in text


def test_a_tounicode_stream_made_once_is_that_of_its_own_glyphs_and_characters():
    import zlib

    from bulletin_press.render.cidfont import CIDFont

    class Font(CIDFont):
        used: dict = {}

    font = Font.__new__(Font)
    font.name = "BPC1"
    for used in ({1: 0x4E2D}, {1: 0x4E2D, 2: 0x6587}, {1: 0x5B57}, {1: 0x4E2D}):  # one glyph, another character
        Font.used = used
        assert zlib.decompress(font._tounicode_flate()).decode() == font._tounicode()
        assert f"<0001> <{used[1]:04X}>" in font._tounicode()


def test_the_w_array_is_formatted_as_reportlab_formats_it(monkeypatch):
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    from bulletin_press.render.cidfont import _IntArray
    rnd = random.Random(3)
    doc = pdfdoc.PDFDocument()
    for multiline in (0, 1):
        monkeypatch.setattr(rl_config, "pdfMultiLine", multiline)
        for n in (0, 1, 2, 9, 10, 11, 20, 21, 35):
            items = [rnd.randrange(-50, 70000) for _ in range(n)]
            ours = _IntArray([g if k % 2 == 0 else _IntArray([g]) for k, g in enumerate(items)])
            theirs = pdfdoc.PDFArray([g if k % 2 == 0 else pdfdoc.PDFArray([g]) for k, g in enumerate(items)])
            assert ours.format(doc) == theirs.format(doc)


def test_reading_the_sources_key_does_not_load_reportlab():
    code = ("import sys; import bulletin_press.output.freshness; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PIL')))")
    assert python_output(code).strip() == "[]"
