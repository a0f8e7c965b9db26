"""The short cuts tables take must give exactly what the long way gives.

- linebreak.one_line: a text that fits its first line is set as one line without the
  dynamic programming; here the breaker's own answer (asked with `costs`, which keeps
  the short cut out) is compared with it around the natural width, in every alignment;
- cellbox._measure_word: a space-free ASCII cell (a number, a Latin word) is measured
  by one sum; compared with the general measuring for the same runs;
- table._Sizer: the decimal blocks and measures it keeps are the ones worked out afresh.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from bulletin_press import model as m
from bulletin_press.typeset import paragraph as PG
from bulletin_press.typeset.cellbox import _measure_text, _measure_word, measure
from bulletin_press.typeset.linebreak import Prefix, break_lines, one_line
from bulletin_press.typeset.shaping import shape
from bulletin_press.typeset.table import _decimal_parts, _sizer, is_number, resolve_grid

from engine_support import make_style

# cell texts: Han, CJK punctuation at both ends, Latin words, numbers and their units,
# a doubled dash, a hard break, and some that take two lines at the widths tried
TEXTS = [
    "郑州市", "巩义市（县级）", "“后发追赶”", "重点实验室、中试基地。", "《创新资讯》",
    "85.3", "1,234.5", "12%", "−0.5", "2017年", "第5位", "5000亿元", "8387家",
    "GDP增长5.2%", "5G基站", "CN41-0846/(G)", "Hello world", "AI 与 5G 融合",
    "数字经济——核心产业", "合计……", "甲\n乙", "企业研发投入占营业收入的比重由0.8%提高到2.1%",
    "产业研究院、中试基地和新型研发机构",
]


@pytest.fixture(scope="module")
def engine():
    return make_style()


def _role(style, align, size=7.5):
    return replace(style.text["body"], size=size, leading=round(size * 1.45, 2), align=align,
                   indent=0.0, space_before=0.0, space_after=0.0)


def _widths(sh, pre):
    """Measures (em) about the text's natural width: just under, at, just over, and
    well away on both sides."""
    nat = pre.P[sh.n]
    out = {nat * f for f in (0.3, 0.55, 0.8, 0.95, 1.0, 1.05, 1.3, 2.0)}
    out |= {nat - 1e-5, nat + 1e-6, nat - 0.6, nat + 0.6}
    return sorted(w for w in out if w > 0.5)


@pytest.mark.parametrize("align", ["left", "center", "right", "justify"])
def test_one_line_short_cut_gives_the_breakers_lines(engine, align):
    style, fonts = engine
    role = _role(style, align)
    phrases = align == "center"       # centred text breaks at phrase boundaries
    took = broke = 0
    for text in TEXTS:
        sh = shape([m.Run(text)], role, style, fonts, phrases=phrases)
        for w in _widths(sh, Prefix(sh)):
            pre = Prefix(sh)
            got = break_lines(sh, w, w, justify=align == "justify", pre=pre)
            want = break_lines(sh, w, w, justify=align == "justify", pre=Prefix(sh), costs=[])
            assert got == want, (text, w)
            took += one_line(sh, pre, w)
            broke += len(want) > 1
    assert took > 50 and broke > 50       # both sides of the boundary were tried


def test_one_line_short_cut_through_the_engine(engine):
    """layout_paragraph (cells' way in) gives the lines the full breaker gives."""
    style, fonts = engine
    for align in ("left", "center", "right"):
        role = _role(style, align, 9.0)
        for text in TEXTS:
            runs = [m.Run(text)]
            for w in (20.0, 45.0, 80.0, 200.0):
                lines = PG.layout_paragraph(runs, role, style, fonts, w, 0.0, align=align)
                got = PG._breaks_at(runs, role, style, fonts, w, 0.0, align, phrases=align == "center",
                                    costs=[])
                if align == "center" and len(lines) > 1:
                    continue          # balanced titles re-measure: compared above
                assert [ln.units for ln in lines] == [(i, j) for i, j, _ in got[2]], (text, w)


def test_no_short_cut_past_a_forced_break_or_a_negative_price(engine):
    style, fonts = engine
    role = _role(style, "left")
    sh = shape([m.Run("甲\n乙")], role, style, fonts)
    assert not one_line(sh, Prefix(sh), 100.0)
    assert len(break_lines(sh, 100.0, 100.0, justify=False)) == 2
    # a break some shaper priced below nothing would make two lines cheaper than one
    sh = shape([m.Run("重点实验室")], role, style, fonts)
    sh.pen = list(sh.pen)
    sh.pen[2] = -500.0
    assert not one_line(sh, Prefix(sh), 100.0)
    assert break_lines(sh, 100.0, 100.0, justify=False) == \
        break_lines(sh, 100.0, 100.0, justify=False, costs=[])
    # a text just wider than the measure is not one line
    sh = shape([m.Run("重点实验室")], role, style, fonts)
    pre = Prefix(sh)
    assert one_line(sh, pre, pre.P[sh.n] + 0.01) and not one_line(sh, pre, pre.P[sh.n] - 0.01)


@pytest.mark.parametrize("runs", [
    [m.Run("85.3")], [m.Run("1,234.5")], [m.Run("12%")], [m.Run("2017")], [m.Run("CN41-0846/(G)")],
    [m.Run("Hello")], [m.Run("85"), m.Run(".3", bold=True)], [m.Run("")], [m.Run("(1)")],
])
def test_word_measure_is_the_general_measure(engine, runs):
    style, fonts = engine
    role = style.text["body"]
    for size in (7.5, 8.5, 9, 10.5):
        assert _measure_word(runs, role, fonts, size) == _measure_text(runs, role, fonts, style, size)


def test_texts_with_spaces_or_han_are_measured_the_general_way(engine):
    style, fonts = engine
    role = style.text["body"]
    me = measure([m.Run("ab cd")], role, fonts, style, 9)
    assert me.piece < me.natural                  # a space is a break: two pieces
    me = measure([m.Run("5G基站")], role, fonts, style, 9)
    assert me == _measure_text([m.Run("5G基站")], role, fonts, style, 9)
    assert me.natural > _measure_word([m.Run("5G")], role, fonts, 9).natural + 2 * 9 * 0.9


def test_sizer_keeps_what_it_would_measure_again(engine):
    style, fonts = engine
    text = dict(style.text)
    text["table"] = _role(style, "left", 9.0)
    text["table_head"] = replace(text["table"], font="hei", align="center")
    style = replace(style, text=text)
    C = m.Cell
    head = [[C([m.Run("地区")], rows=2), C([m.Run("2022年")], cols=2)], [C([m.Run("得分")]), C([m.Run("排名")])]]
    rows = [[C([m.Run(a)]), C([m.Run(b, bold=bold)]), C([m.Run(c)])]
            for a, b, c, bold in (("甲", "85.3", "1", False), ("乙", "128.75", "12%", True),
                                  ("丙", "—", "3", False), ("丁", "7", "10.2", False))]
    table = m.Table(None, head, rows, m.Pos("t.md", 1))
    grid = resolve_grid(table)
    sizer = _sizer(grid, table, style, fonts, ["left", "decimal", "decimal"])
    for size in (9.0, 8.5):
        for col in (1, 2):
            wi = wf = 0.0
            for s in grid.slots:           # the long way: every number of the column
                if s.head or s.col != col or not is_number(s.text):
                    continue
                ip, fp = _decimal_parts(s.text)
                bold = any(r.bold for r in s.cell.runs)
                wi = max(wi, measure([m.Run(ip, bold=bold)], text["table"], fonts, style, size).natural)
                wf = max(wf, measure([m.Run(fp, bold=bold)], text["table"], fonts, style, size).natural)
            assert sizer.decimal_block(col, size) == (wi, wf) and wi > 0 and wf > 0
        kept = sizer.measures(size)
        assert [s for s, _, _ in kept] == [s for s in grid.slots if s.cell.runs]
        for s, me, sz in kept:
            assert me == measure(s.cell.runs, sizer.role(s, size), fonts, style, sz)
            assert sz == (size * sizer.ratio if s.head else size)


def test_repeated_cells_share_one_flowable_set_as_a_fresh_one(engine):
    """A column's repeated values are set once; what they share is what each would get."""
    from bulletin_press.typeset.table import build_table
    from bulletin_press.typeset.text import text_factory
    style, fonts = engine
    text = dict(style.text)
    text["table"] = replace(style.text["body"], size=9.0, align="left", indent=0.0)
    text["table_head"] = replace(text["table"], font="hei", align="center")
    style = replace(style, text=text)
    mt = text_factory(style, fonts)
    C = m.Cell
    rows = [[C([m.Run(f"县{i}")]), C([m.Run("12.5")]), C([m.Run(str(i % 3))])] for i in range(6)]
    table = m.Table(None, [[C([m.Run("县（市）")]), C([m.Run("得分")]), C([m.Run("排名")])]], rows,
                    m.Pos("t.md", 1))
    [blk] = build_table(table, style, fonts, 300.0, lambda runs, role, w=None: mt(runs, role, first_indent=0))
    same = [p for p in blk.b.placed if p.slot.text == "12.5"]
    assert len(same) == 6 and len({id(p.flow) for p in same}) == 1
    fonts.next_build()
    fonts.next_build()                  # no memo left: the fresh one is set anew
    fresh = mt([m.Run("12.5")], same[0].flow.role, first_indent=0)
    fresh.wrap(same[0].w, 1e6)
    got = same[0].flow.lines[0]
    assert [(ln.text, ln.xs, ln.width) for ln in fresh.lines] == [(got.text, got.xs, got.width)]
    assert len({p.x for p in same}) == 1            # one decimal point, one place
