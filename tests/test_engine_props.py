"""Property tests: prohibitions, nothing lost, flush margins, no lonely last character.

What "nothing lost" means (see typeset/shaping.py): the lines' characters,
concatenated, give the source text after space normalisation — every run of
typed spaces becomes one space if it stands between two Latin units or
between two Han characters and is dropped otherwise (next to punctuation,
between Han and Latin where the quarter em replaces it, at the paragraph's
ends) — and a kept space may further vanish only at a line break.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine_support import make_style

from bulletin_press.model import Run
from bulletin_press.typeset import chars as C
from bulletin_press.typeset.justify import MAX_SPREAD_EM
from bulletin_press.typeset.paragraph import layout_paragraph, layout_variant

STYLE, FONTS = make_style()

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
NO_START = set("”’）〕］｝》〉」』】〗、，。．：；？！％‰℃·%")
NO_END = set("“‘（〔［｛《〈「『【〖")

han_run = st.text(alphabet=HAN, min_size=1, max_size=9)
latin = st.sampled_from(["12.3%", "2,018.3", "CN41-0846/(G)", "5G", "R&D", "OECD", "AI",
                         "2025", "GDP", "state-of-the-art", "x86", "3.14", "100%", "e-mail"])
latin_phrase = st.lists(latin, min_size=1, max_size=3).map(" ".join)
sp = st.sampled_from(["", "", "", " ", "  "])


@st.composite
def phrase(draw):
    parts = []
    wrap = draw(st.sampled_from(["", "", "", "“”", "‘’", "《》", "（）", "「」", "【】", "〔〕"]))
    body = draw(han_run)
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(body)))
        body = body[:pos] + draw(sp) + draw(latin_phrase) + draw(sp) + body[pos:]
    if draw(st.integers(0, 5)) == 0:
        body += draw(st.sampled_from(["——", "……", "·", "℃", "％", "‰"])) + draw(han_run)
    if wrap:
        inner = body
        if draw(st.integers(0, 3)) == 0:
            inner = body + draw(st.sampled_from(["。", "！", "？"]))
        if wrap == "“”" and draw(st.integers(0, 3)) == 0:
            inner = inner + "‘" + draw(han_run) + "’"
        body = wrap[0] + inner + wrap[1]
    parts.append(body)
    parts.append(draw(st.sampled_from(["，", "，", "。", "、", "；", "：", "？", "！", "", "……", "——"])))
    return "".join(parts)


paragraph = st.lists(phrase(), min_size=1, max_size=25).map("".join)


def normalise(text: str) -> str:
    """The source as the engine promises to keep it (before line-break space dropping)."""
    out = []
    for m in re.finditer(r"[ \t]+|[^ \t]+", text):
        out.append(m.group(0))
    s = ""
    toks = out
    for k, t in enumerate(toks):
        if t[0] in " \t":
            if not s or k == len(toks) - 1:
                continue
            a, b = s[-1], toks[k + 1][0]
            ca, cb = C.cls(a), C.cls(b)
            if (ca == C.LAT and cb == C.LAT) or (ca == C.HAN and cb == C.HAN):
                s += " "
        else:
            s += t
    return s


def check(text, width_chars, indent=2, lines=None):
    """The properties of `text` set `width_chars` wide (or of the `lines` given: a
    variant of that setting; then a lonely last character is not asked about)."""
    style, fonts = STYLE, FONTS
    size = style.body.size
    width = width_chars * size
    variant = lines is not None
    if not variant:
        lines = layout_paragraph([Run(text)], style.body, style, fonts, width, indent)
    assert lines
    # 1. prohibitions
    for k, ln in enumerate(lines):
        assert ln.text, ln
        assert ln.text[0] not in NO_START or k == 0, (k, ln)
        assert ln.text[-1] not in NO_END, (k, ln)
        assert ln.text[0] != " " and ln.text[-1] != " "
        if k:
            prev = lines[k - 1].text
            for pair in ("——", "……"):
                assert not (prev[-1] == pair[0] and ln.text[0] == pair[1] and
                            text.count(pair[0] * 3) == 0), (prev, ln)
    # 2. nothing lost or reordered
    norm = normalise(text)
    joined = ""
    for k, ln in enumerate(lines):
        if k and norm[len(joined):len(joined) + 1] == " ":
            joined += " "
        joined += ln.text
    assert joined == norm
    # 3. flush margins, glyphs in order
    for k, ln in enumerate(lines):
        xs = ln.xs
        # origins advance left to right; the one exception is an opening mark whose
        # blank left half was cut: its origin may sit up to half an em back, its ink
        # (the right half) still after its neighbour
        for i in range(1, len(xs)):
            if xs[i] < xs[i - 1]:
                assert C.cls(ln.text[i]) == C.OP and xs[i - 1] - xs[i] <= 0.5 * size + 1e-6, ln
        if not ln.last and ln.units[1] - ln.units[0] > 1:
            if not ln.justified:
                # set ragged only when filling it would put more than MAX_SPREAD_EM
                # into each gap: so it falls short by more than that at least
                assert (width - ln.right) / size > MAX_SPREAD_EM - 1e-9, (k, ln)
                continue
            assert abs(ln.right - width) < 0.05, (k, ln)
            assert abs(ln.left - (indent * size if k == 0 else 0.0)) < 0.05, (k, ln)
            # Han–Latin space stays within [1/8, 3/8] em on a justified line
            g = ln.glyphs
            for a, b in zip(g, g[1:]):
                if (C.cls(a.ch) == C.HAN and b.ch.isascii() and b.ch.isalnum()) or \
                        (C.cls(b.ch) == C.HAN and a.ch.isascii() and a.ch.isalnum()):
                    gap = (b.x - a.x) / size - a.face.advance(a.ch)
                    assert 0.125 - 1e-6 <= gap <= 0.375 + 1e-6, (gap, k, ln)
        assert ln.right <= width + 0.05, (k, ln)
    # 4. no lonely last character when there is a choice
    if len(lines) >= 2 and not variant:
        last = lines[-1].text
        n = sum(1 for ch in last if C.cls(ch) == C.HAN or ch.isalnum())
        prev = lines[-2].text
        # A choice exists when the line before ends in Han characters that can move down
        # without spreading it past 4 x max_han_gap (0.2 em per gap): its gaps between Han
        # characters, as set now, take the moved character's em.  (Only those gaps spread:
        # a line that is mostly Latin words, numbers and dashes may have too few — e.g.
        # "CN41-0846/(G) 12.3%一一——一一一一一一一一", already at its limit — and the lonely
        # character is then the only setting.)
        g = lines[-2].glyphs
        han = [(b.x - a.x) / size - a.face.advance(a.ch) for a, b in zip(g, g[1:-1])
               if C.cls(a.ch) == C.HAN and C.cls(b.ch) == C.HAN]
        room = bool(han) and max(han) + 1.0 / len(han) <= 0.2 + 1e-6
        if n < 2 and room and all(C.cls(c) == C.HAN for c in prev[-2:]):
            raise AssertionError(f"lonely last line {last!r} after {prev!r}")
    return lines


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph, st.sampled_from([15, 24, 33, 40]))
def test_random_paragraphs(text, width):
    check(text, width)


SQUEEZED = replace(STYLE, punctuation=replace(STYLE.punctuation, max_squeeze=0.02))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(phrase(), min_size=6, max_size=25).map("".join), st.sampled_from([24, 33, 40]),
       st.integers(1, 8))
def test_random_paragraphs_one_line_tighter(text, width, last):
    """The page engine's tighter setting, closed up (紧排) where it must be, keeps every
    property of the plain setting: prohibitions, nothing lost, flush margins, Han–Latin
    space within [1/8, 3/8] em.  The text is cut to leave `last` characters on its
    last line, where a tighter setting is within reach."""
    normal = layout_paragraph([Run(text)], STYLE.body, STYLE, FONTS, width * 10.5, 2)
    if len(normal) < 3:
        return
    text = text[:normal[-1].start + last].rstrip()
    while text and text[-1] in NO_END:   # no setting keeps a final opening mark off a line's end
        text = text[:-1].rstrip()
    normal = layout_paragraph([Run(text)], STYLE.body, STYLE, FONTS, width * 10.5, 2)
    got = layout_variant([Run(text)], STYLE.body, SQUEEZED, FONTS, width * 10.5, 2, -1, len(normal))
    if got is not None:
        assert len(got[0]) == len(normal) - 1
        check(text, width, lines=got[0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(HAN[:50]) + ["，", "。", "“", "”", "、"]), min_size=1,
                max_size=200).map("".join))
def test_han_soup(text):
    # unstructured (but prohibition-satisfiable) soup: runs of marks like ，，。 are allowed
    for w in (15, 40):
        lines = layout_paragraph([Run(text)], STYLE.body, STYLE, FONTS, w * 10.5, 2)
        assert "".join(ln.text for ln in lines) == text


def test_examples():
    check("据测算，2024年全省数字经济规模达到1.9万亿元，同比增长8.3%左右；标识解析二级节点累计"
          "接入企业2,018.3家，5G基站总数超过20万个——这为“人工智能+”行动提供了坚实底座。正如"
          "OECD报告所说，“digital transformation is a long-term process”……国内刊号CN41-0846/(G)。",
          40)
    check("他说：“我们关心的是‘有没有’，现在客户问的是‘好不好’‘强不强’。”这句话朴素。", 15)


@pytest.mark.parametrize("justify", [True, False])
def test_a_measure_a_hair_short_of_a_text_with_nothing_to_shrink_sets_it(justify):
    """A cell or title whose measure is a rounding error (1e-6 em) short of its text,
    which has no punctuation to compress and no space to squeeze, is set on one line
    (it used to divide by zero in the line breaker)."""
    from bulletin_press.model import Run
    from bulletin_press.typeset.linebreak import break_lines
    from bulletin_press.typeset.shaping import shape
    sh = shape([Run("郑州市")], STYLE.body, STYLE, FONTS)
    assert break_lines(sh, 3 - 1e-6, 3 - 1e-6, justify=justify) == [(0, sh.n, True)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙丙市年（）%％，。、：；—…·《》“”‘’0123456789.,-+/=:#$@|'\" \tAbzamp;x") +
                                        ["\n", "*", "_", "`", "[", "]", "!", "<", "&", "~", "^", "{", "\\"]),
               max_size=30))
def test_plain_text_is_its_own_run_as_the_markdown_parser_makes_it(text):
    """parse_inline's shortcut for text without inline syntax (most table cells) gives
    what markdown-it and inline_runs give."""
    from pathlib import Path

    from bulletin_press.source import inline as I
    ctx, mine = I.Ctx("issues/x/01.md", Path(".")), I.Ctx("issues/x/01.md", Path("."))
    toks = I.MD.parseInline(text, {})
    full = I.inline_runs(toks[0].children if toks else [], ctx, 0, text)
    assert I.parse_inline(text, mine, 0) == full
    assert (mine.problems, mine.warnings) == (ctx.problems, ctx.warnings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph)
def test_the_prefix_sums_are_those_of_a_loop_over_the_units(text):
    """Prefix's running sums (made with accumulate) equal, bit for bit, those a plain
    loop over the units makes, as the breaker and justifier read them."""
    from bulletin_press.model import Run
    from bulletin_press.typeset.linebreak import Prefix
    from bulletin_press.typeset.shaping import G_HL, G_TIGHT, GAP_WEIGHT, shape
    sh = shape([Run(text)], STYLE.body, STYLE, FONTS)
    pre = Prefix(sh)
    sums = {k: [0] for k in ("P", "PS", "Q", "SW", "HW", "HC", "N", "CH")}
    p = ps = q = sw = hw = hc = 0.0
    cnt = ch = 0
    for k in range(sh.n):
        p += sh.gnat[k] + sh.w[k]
        ps += sh.lb[k] + sh.rb[k]
        q += sh.gsh2[k]
        gk = sh.gkind[k]
        if gk != G_TIGHT:
            cnt += 1
            sw += GAP_WEIGHT[gk]
            if gk == G_HL:
                hw += GAP_WEIGHT[gk]
                hc += sh.gst1[k]
        ch += sh.nch[k]
        for name, v in zip(sums, (p, ps, q, sw, hw, hc, cnt, ch)):
            sums[name].append(v)
    for name, want in sums.items():
        got = getattr(pre, name)
        assert len(got) == len(want) and all(a == b and type(a) is type(b) or (a == 0 == b)
                                             for a, b in zip(got, want)), name



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph)
def test_a_plain_gap_has_nothing_to_shrink_and_draws_nothing(text):
    """The justifier's shortcuts for the gap between two characters (G_CJK) rely on
    what shaping gives it: no shrink and no character drawn in it."""
    from bulletin_press.model import Run
    from bulletin_press.typeset.shaping import G_CJK, shape
    sh = shape([Run(text)], STYLE.body, STYLE, FONTS)
    for k in range(sh.n):
        if sh.gkind[k] == G_CJK:
            assert sh.gsh2[k] == 0.0 and sh.gchar[k] == "", (text, k)
