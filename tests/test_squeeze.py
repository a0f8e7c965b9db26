"""紧排 (typeset/squeeze.py): a paragraph closed up by at most max_squeeze so that it
can be set one line tighter.  Checked on every paragraph of the sample issues that
needs it: the same characters in the same order, justified lines flush with the
measure again, each step between two Chinese characters closed by no more than half
again max_squeeze; without closing up the paragraph could not lose its line."""
from __future__ import annotations

from dataclasses import replace

from bulletin_press.model import Paragraph
from bulletin_press.pipeline import load
from bulletin_press.typeset.geometry import Geometry
from bulletin_press.typeset.paragraph import layout_paragraph, layout_variant

from conftest import ROOT


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def test_closed_up_paragraphs_keep_their_text_and_the_measure():
    seen = 0
    for key in ("2025-04", "2024-12", "2025-03"):
        issue, style, fonts = load(ROOT, key, [])[:3]
        sq = style.punctuation.max_squeeze
        assert sq > 0
        body = style.text["body"]
        width = Geometry.for_style(style).text_w
        for a in issue.articles:
            for blk in a.blocks:
                if not isinstance(blk, Paragraph):
                    continue
                normal = layout_paragraph(blk.runs, body, style, fonts, width, body.indent)
                got = layout_variant(blk.runs, body, style, fonts, width, body.indent, -1, len(normal))
                if got is None or not got[2]:
                    continue
                seen += 1
                lines = got[0]
                assert len(lines) == len(normal) - 1
                assert "".join(ln.text for ln in lines).replace(" ", "") == \
                    "".join(ln.text for ln in normal).replace(" ", "")
                for ln in lines:
                    assert ln.right <= width + 0.01
                    if ln.justified:
                        assert abs(ln.right - width) < 0.01
                    t, xs = ln.text, ln.xs
                    assert xs == sorted(xs)
                    for k in range(len(t) - 1):
                        step = (xs[k + 1] - xs[k]) / ln.size
                        if _han(t[k]) and _han(t[k + 1]):
                            assert 1 - 1.5 * sq - 1e-6 <= step <= 1.05 + 1e-6, (t, k, step)
                # the same paragraph without closing up cannot lose a line
                plain = replace(style, punctuation=replace(style.punctuation, max_squeeze=0.0))
                assert layout_variant(blk.runs, body, plain, fonts, width, body.indent, -1,
                                      len(normal)) is None
    assert seen >= 3, seen
