"""Punctuation adjustment per clreq 3.1.6 and the three schemes; Chinese–Western spacing."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine_support import make_style

from bulletin_press.model import Run
from bulletin_press.typeset import chars as C
from bulletin_press.typeset import punct as P
from bulletin_press.typeset.paragraph import layout_paragraph

STYLES = {}


def setup(scheme="quanjiao", **kw):
    key = (scheme, tuple(sorted(kw.items())))
    if key not in STYLES:
        STYLES[key] = make_style(scheme=scheme, **kw)
    return STYLES[key]


def span(text, scheme="quanjiao", **kw):
    """Em distance from the origin of the first 甲 to the origin of 乙 (ragged, one line)."""
    style, fonts = setup(scheme, **kw)
    lines = layout_paragraph([Run(text)], style.body, style, fonts, style.text_width, 0, align="left")
    assert len(lines) == 1
    ln = lines[0]
    size = ln.size
    a = ln.text.index("甲")
    b = ln.text.index("乙")
    return round((ln.xs[b] - ln.xs[a]) / size - 1.0, 3)   # width of what lies between


# (between 甲 and 乙, expected width in em) — quanjiao: two adjacent marks take 1.5 em
QUANJIAO = [
    ("甲，乙", 1.0), ("甲。乙", 1.0), ("甲、乙", 1.0), ("甲：乙", 1.0), ("甲；乙", 1.0),
    ("甲？乙", 1.0), ("甲！乙", 1.0), ("甲·乙", 1.0), ("甲“乙", 1.0), ("甲”乙", 1.0),
    ("甲。”乙", 1.5), ("甲”。乙", 1.5), ("甲）（乙", 1.5), ("甲；“乙", 1.5), ("甲“《乙", 1.5),
    ("甲、「乙", 1.5), ("甲》、乙", 1.5), ("甲，“乙", 1.5), ("甲：“乙", 1.5), ("甲”，乙", 1.5),
    ("甲！”乙", 1.5), ("甲）。乙", 1.5), ("甲》）乙", 1.5), ("甲（《乙", 1.5), ("甲’”乙", 1.5),
    ("甲“‘乙", 1.5), ("甲。”）乙", 2.0), ("甲”），乙", 2.0), ("甲——乙", 2.0), ("甲……乙", 2.0),
    ("甲。“乙", 1.5), ("甲？”“乙", 2.0),
]


@pytest.mark.parametrize("text,width", QUANJIAO)
def test_quanjiao_table(text, width):
    assert span(text) == pytest.approx(width, abs=0.002)


KAIMING = [
    ("甲，乙", 0.5), ("甲、乙", 0.5), ("甲：乙", 0.5), ("甲；乙", 0.5), ("甲。乙", 1.0),
    ("甲？乙", 1.0), ("甲！乙", 1.0), ("甲“乙", 0.5), ("甲”乙", 0.5), ("甲。”乙", 1.5),
    ("甲，“乙", 1.0), ("甲）（乙", 1.0), ("甲——乙", 2.0), ("甲·乙", 1.0),
]


@pytest.mark.parametrize("text,width", KAIMING)
def test_kaiming_table(text, width):
    assert span(text, "kaiming") == pytest.approx(width, abs=0.002)


BANJIAO = [("甲，乙", 0.5), ("甲。乙", 0.5), ("甲。”乙", 1.0), ("甲）（乙", 1.0), ("甲“《乙", 1.0),
           ("甲——乙", 2.0), ("甲……乙", 2.0)]


@pytest.mark.parametrize("text,width", BANJIAO)
def test_banjiao_table(text, width):
    assert span(text, "banjiao") == pytest.approx(width, abs=0.002)


def last_right(text, scheme="quanjiao", **kw):
    style, fonts = setup(scheme, **kw)
    ln = layout_paragraph([Run(text)], style.body, style, fonts, style.text_width, 0)[-1]
    return round(ln.right / ln.size, 3)


def test_line_end_half():
    assert last_right("甲乙，") == 2.5
    assert last_right("甲乙。”") == 3.0          # 。” at line end: 1.5 -> 1.0
    assert last_right("甲乙，", line_end_half=False) == 3.0
    assert last_right("甲乙“丙”") == 4.5


def test_kaiming_keeps_stops_full_at_line_end():
    assert last_right("甲乙。", "kaiming") == 3.0
    assert last_right("甲乙！", "kaiming") == 3.0
    assert last_right("甲乙。”", "kaiming") == 3.5   # the stop's blank moved behind ”
    assert last_right("甲乙，", "kaiming") == 2.5
    assert last_right("甲乙。", "quanjiao") == 2.5


def test_line_start_half():
    style, fonts = setup(line_start_half=True)
    ln = layout_paragraph([Run("“甲乙”")], style.body, style, fonts, style.text_width, 0)[0]
    assert ln.xs[1] / ln.size == pytest.approx(0.5)
    style, fonts = setup()
    ln = layout_paragraph([Run("“甲乙”")], style.body, style, fonts, style.text_width, 0)[0]
    assert ln.xs[1] / ln.size == pytest.approx(1.0)


def test_ink_sides_measured():
    style, fonts = setup()
    face = fonts.face("song")
    for ch in "，。、”）》」』】〕":
        g = P.geometry(face, ch)
        assert (g.lb, g.rb) == (0.0, pytest.approx(g.cell / 2)), ch
        assert g.ink_r <= g.cell * 0.56, ch
    for ch in "“（《「『【〔":
        g = P.geometry(face, ch)
        assert (g.lb, g.rb) == (pytest.approx(g.cell / 2), 0.0), ch
        assert g.ink_l >= g.cell * 0.44, ch
    g = P.geometry(face, "·")
    assert g.cell == 1.0 and g.lb == g.rb == 0.25
    assert 0.4 < (g.ink_l + g.ink_r) / 2 < 0.6      # centred in its full-width cell


@pytest.mark.skipif(not (Path("/usr/share/fonts/truetype/lxgw-wenkai") / "LXGWWenKai-Regular.ttf").exists(),
                    reason="needs Debian's fonts-lxgw-wenkai, whose quotes are proportional")
def test_quotes_full_width_even_if_font_is_proportional():
    # LXGW WenKai has 0.35-em curly quotes; they still take a full em (with compression)
    from engine_support import WENKAI
    from bulletin_press.model.style import Face
    style, fonts = make_style(fonts=(WENKAI, {"song": Face("LXGWWenKai-Regular.ttf"),
                                              "hei": Face("LXGWWenKai-Regular.ttf")}))
    assert fonts.face("song").advance("“") < 0.5
    lines = layout_paragraph([Run("甲“乙”丙")], style.body, style, fonts, style.text_width, 0,
                             align="left")
    ln = lines[0]
    x = [v / ln.size for v in ln.xs]
    assert x[2] - x[0] == pytest.approx(2.0)        # 甲 + full-width “
    assert x[4] - x[2] == pytest.approx(2.0)        # 乙 + full-width ”


@pytest.mark.parametrize("text,gaps", [
    ("中文abc中文", [0.25, 0.25]),
    ("中文 abc 中文", [0.25, 0.25]),
    ("中文  abc\t中文", [0.25, 0.25]),
    ("增长12.3%左右", [0.25, 0.25]),
])
def test_cjk_latin_space(text, gaps):
    style, fonts = setup()
    ln = layout_paragraph([Run(text)], style.body, style, fonts, style.text_width, 0, align="left")[0]
    assert " " not in ln.text
    face = ln.runs[0][2]
    found = []
    for k in range(len(ln.text) - 1):
        a, b = ln.text[k], ln.text[k + 1]
        if (C.cls(a) == C.HAN) != (C.cls(b) == C.HAN):
            found.append(round((ln.xs[k + 1] - ln.xs[k]) / ln.size - face.advance(a), 3))
    assert found == gaps


def test_no_space_next_to_punctuation():
    style, fonts = setup()
    ln = layout_paragraph([Run("投入（R&D）经费，OECD 。")], style.body, style, fonts,
                          style.text_width, 0, align="left")[0]
    assert ln.text == "投入（R&D）经费，OECD。"
    k = ln.text.index("R")
    # （ is half ink + half blank on its left: R starts right after the ink
    assert (ln.xs[k] - ln.xs[k - 1]) / ln.size == pytest.approx(1.0)


def test_han_space_kept_as_one_em():
    style, fonts = setup()
    ln = layout_paragraph([Run("锚定新质生产力  奋力建设")], style.body, style, fonts,
                          style.text_width, 0, align="left")[0]
    assert ln.text == "锚定新质生产力 奋力建设"
    k = ln.text.index(" ")
    assert (ln.xs[k + 1] - ln.xs[k - 1]) / ln.size == pytest.approx(2.0)


def test_classes():
    for ch in "”’）》」』】〗〕、，。．：；？！":
        assert C.cls(ch) in C.NO_START
    for ch in "（〔［｛《〈「『【〖“‘":
        assert C.cls(ch) in C.NO_END
    assert C.cls("％") in C.NO_START and C.cls("℃") in C.NO_START and C.cls("·") in C.NO_START
