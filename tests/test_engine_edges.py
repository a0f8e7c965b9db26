"""Edge cases met on issues nobody planned for: long addresses, codes, lists."""
from bulletin_press.model import Run
from bulletin_press.typeset.justify import MAX_SPREAD_EM
from bulletin_press.typeset.paragraph import layout_paragraph

from engine_support import make_style

URL = "https://example.org/a/very/long/path/that/cannot/break/anywhere/at/all/really"


def _lines(text, chars=40):
    style, fonts = make_style(chars_per_line=chars)
    return style, layout_paragraph([Run(text)], style.body, style, fonts, style.text_width, 2.0)


def test_a_long_address_breaks_after_a_solidus_before_a_letter():
    _, lines = _lines("第一项：网址" + URL + "之后继续中文。")
    assert "".join(ln.text for ln in lines).replace(" ", "") == ("第一项：网址" + URL + "之后继续中文。")
    ends = [ln.text[-1] for ln in lines[:-1]]
    assert any(e == "/" for e in ends), [ln.text for ln in lines]


def test_codes_and_fractions_stay_whole():
    text = "代码" + "CN41-0846/(G)" * 8 + "以及1/2和3/4。"
    _, lines = _lines(text, chars=15)
    for ln in lines[:-1]:
        assert not ln.text.endswith(("0846/", "1/", "3/")), ln.text


def test_no_line_becomes_a_row_of_gaps():
    """Before a piece that cannot break, a line is set ragged rather than spread."""
    style, lines = _lines("一项：" + "x" * 60 + "中文。", chars=20)
    size = style.body.size
    for ln in lines:
        xs = [x / size for x in ln.xs]
        steps = [b - a for a, b in zip(xs, xs[1:])]
        assert all(s < 1.0 + MAX_SPREAD_EM + 1e-6 for s in steps if s > 0.9), (ln.text, steps)


def test_a_paragraph_of_spaces_only_sets_no_lines():
    """Typed spaces alone make no unit: nothing to set (not an IndexError)."""
    for text in ("\t", " ", "  ", "\n", " \n\t"):
        _, lines = _lines(text)
        assert lines == [], (text, lines)
    _, lines = _lines("\u3000")          # an ideographic space is a unit of its own
    assert [ln.text for ln in lines] == ["\u3000"]
