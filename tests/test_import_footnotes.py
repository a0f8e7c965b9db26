"""Markdown footnotes in the source format: [^label] references, [^label]: definitions,
printed as ①② … at the end of the article."""
from pathlib import Path

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
