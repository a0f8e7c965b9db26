"""Markdown footnotes in the source format: [^label] references, [^label]: definitions,
printed as ①② … at the end of the article."""
from pathlib import Path

import pytest

from bulletin_press import model as m
from bulletin_press.source.markdown import Ctx, parse_blocks
from bulletin_press.typeset.notes import article_notes


def _parse(text: str):
    ctx = Ctx("a.md", Path("/tmp"))
    blocks = parse_blocks(text, ctx)
    return blocks, ctx


def test_references_are_numbered_in_order_of_first_use():
    blocks, ctx = _parse("甲[^b]，乙[^a]，再提甲[^b]。\n\n[^a]: 注释甲。\n\n[^b]: 注释乙，\n    续行。\n")
    assert not ctx.problems
    runs = blocks[0].runs
    marks = [(r.text, r.note) for r in runs if r.note]
    assert marks == [("①", 1), ("②", 2), ("①", 1)]
    assert "".join(r.text for r in runs) == "甲①，乙②，再提甲①。"
    assert [(n.number, n.label) for n in ctx.notes] == [(1, "b"), (2, "a")]
    assert "".join(r.text for r in ctx.notes[0].blocks[0].runs) == "注释乙，续行。"
    assert len(blocks) == 1   # definitions are not body paragraphs


def test_footnote_mistakes_are_errors_with_lines():
    _, ctx = _parse("正文[^1]和[^2]。\n\n[^1]: 一。\n\n[^1]: 又一。\n\n[^9]: 无人引用。\n")
    assert len(ctx.problems) == 3
    assert any("defined twice" in p.what and p.pos.line == 5 for p in ctx.problems)
    assert any("never referred to" in p.what and p.pos.line == 7 for p in ctx.problems)
    assert any("has no definition" in p.what and "[^2]" in p.what and p.pos.line == 1
               for p in ctx.problems)


def test_a_note_holding_a_table_is_refused():
    _, ctx = _parse("文[^1]。\n\n[^1]: 说明\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n")
    assert any("holds a table" in p.what for p in ctx.problems)


def test_marks_past_twenty():
    assert m.note_mark(1) == "①" and m.note_mark(20) == "⑳" and m.note_mark(21) == "〔21〕"


def test_notes_are_typeset_after_the_article_in_the_footnote_role():
    seen = []

    def make_text(runs, role, **kw):
        seen.append(("".join(r.text for r in runs), role))
        return object()

    body, note_role = object(), object()
    para = m.Paragraph([m.Run("来源说明。")], m.Pos("a.md", 3))
    art = m.Article(Path("a.md"), "题", ["某"], [], m.Pos("a.md", 1),
                    notes=[m.Footnote(1, "x", [para], m.Pos("a.md", 3))])
    out = article_notes(art, {"body": body, "footnote": note_role}, make_text)
    assert len(out) == 2
    assert seen[1] == ("①来源说明。", note_role)
    assert article_notes(m.Article(Path("b.md"), "题", ["某"], [], m.Pos("b.md", 1)),
                         {"body": body}, make_text) == []


def test_a_footnote_mark_is_set_as_a_superscript_and_never_starts_a_line():
    """In the text a mark (① …, 〔21〕) is a superscript: SUP_SIZE of the text, raised,
    taking only its own smaller width, no space before it, and no line starts with it."""
    from bulletin_press.typeset.paragraph import layout_paragraph
    from bulletin_press.typeset.shaping import SUP_RISE, SUP_SIZE

    from engine_support import make_style
    style, fonts = make_style()
    body = style.body
    size = body.size
    runs = [m.Run("全省常住人口约占七成"), m.Run("①", note=1), m.Run("，地区生产总值约占六成"),
            m.Run("〔21〕", note=21), m.Run("。")]
    [line] = layout_paragraph(runs, body, style, fonts, 40 * size, 0)
    k = line.text.index("①")
    assert line.sups[k] == (SUP_SIZE, SUP_RISE)
    face = [f for a, b, f in line.runs if a <= k < b][0]
    assert line.xs[k] - line.xs[k - 1] == pytest.approx(face.advance("成") * size, abs=0.01)
    assert line.xs[k + 1] - line.xs[k] == pytest.approx(SUP_SIZE * face.advance("①") * size, abs=0.02)
    j = line.text.index("〔")
    assert all(line.sups.get(q) == (SUP_SIZE, SUP_RISE) for q in range(j, j + 4))
    # a line exactly as wide as the words before the mark: the mark takes a character with it
    text = "一" * 20
    for width in (20, 21):
        lines = layout_paragraph([m.Run(text), m.Run("①", note=1), m.Run("二" * 10)], body, style,
                                 fonts, width * size, 0)
        assert all(not ln.text.startswith("①") for ln in lines), [ln.text for ln in lines]


def test_the_pdf_prints_the_mark_smaller_and_raised(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from bulletin_press.pipeline import build
    from bulletin_press.typeset.shaping import SUP_RISE, SUP_SIZE

    from conftest import copy_project
    root = copy_project(tmp_path / "p")
    art = sorted((root / "issues" / "2025-03").glob("01-*.md"))[0]
    head, body = art.read_text("utf-8").split("\n---\n", 1)
    body = body.replace("七成", "七成[^1]", 1) + "\n\n[^1]: 常住人口据省统计局公报。\n"
    assert "[^1]" in body
    art.write_text(head + "\n---\n" + body, "utf-8")
    res = build(root, "2025-03", tmp_path / "out", variants=("screen",))
    doc = pdfium.PdfDocument(res.outputs[0].read_bytes())
    tp = doc[0].get_textpage()
    text = tp.get_text_range()
    found = []
    for i in range(tp.count_chars()):
        if raw.FPDFText_GetUnicode(tp.raw, i) == ord("①"):
            found.append(i)
    assert found, "the mark is not on page 1"
    i = found[0]
    size = raw.FPDFText_GetFontSize(tp.raw, i)
    before = raw.FPDFText_GetFontSize(tp.raw, i - 1)
    assert size == pytest.approx(SUP_SIZE * before, abs=0.05)

    def origin_y(q):
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(tp.raw, q, ctypes.byref(x), ctypes.byref(y))
        return y.value
    import ctypes
    assert origin_y(i) - origin_y(i - 1) == pytest.approx(SUP_RISE * before, abs=0.1)
    assert "七成①" in "".join(text.split())          # in reading order, right after its words
