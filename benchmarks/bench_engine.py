"""Throughput of the Chinese layout engine: layout only, and layout + draw into a PDF.

    .venv/bin/python benchmarks/bench_engine.py [--chars 200000]

Text: the bulletin's own articles (issues/*/*.md, markup stripped) repeated
until the target size is reached, set at the house style (40 characters,
10.5 pt).  Reports characters per second on one core.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from engine_support import make_style  # noqa: E402

from bulletin_press.model import Run  # noqa: E402
from bulletin_press.render.indexpdf import PlatypusBlock  # noqa: E402
from bulletin_press.typeset.paragraph import CJKParagraph, layout_paragraph  # noqa: E402


def corpus() -> list[str]:
    paras = []
    for md in sorted(ROOT.glob("issues/*/*.md")):
        body = md.read_text(encoding="utf-8")
        if body.startswith("---"):
            body = body.split("---", 2)[2]
        for p in body.split("\n\n"):
            p = re.sub(r"\*\*|^#+\s*|^>\s*", "", p.strip().replace("\n", ""))
            if len(p) > 20:
                paras.append(p)
    extra = ("据测算，2024年全省数字经济规模达到1.9万亿元，同比增长8.3%左右，占GDP的比重提高到"
             "35.2%；工业互联网标识解析二级节点（Handle/OID）累计接入企业2,018.3家，5G基站"
             "总数超过20万个——这为“人工智能+”行动提供了坚实底座。正如OECD报告所说，“digital "
             "transformation is a long-term process”……国内刊号CN41-0846/(G)。")
    paras.append(extra)
    return paras


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=200_000)
    args = ap.parse_args()
    style, fonts = make_style()
    base = corpus()
    paras, total = [], 0
    while total < args.chars:
        for p in base:
            paras.append(p)
            total += len(p)
            if total >= args.chars:
                break
    width = style.text_width
    role = style.body
    # warm up faces and punctuation geometry
    layout_paragraph([Run(base[0])], role, style, fonts, width, 2)

    # the corpus repeats its paragraphs: empty the font set's memos each time,
    # so every paragraph is really laid out
    t0 = time.perf_counter()
    nlines = 0
    for p in paras:
        fonts.next_build()
        fonts.next_build()          # two generations on: every memo of the font set is empty
        nlines += len(layout_paragraph([Run(p)], role, style, fonts, width, 2))
    t1 = time.perf_counter()
    print(f"layout: {total} chars, {len(paras)} paragraphs, {nlines} lines in {t1 - t0:.2f} s "
          f"-> {total / (t1 - t0):,.0f} chars/s")

    class _NoMemo(dict):        # every paragraph really laid out, repeats included
        def __setitem__(self, key, value):
            pass

    fonts.memo = lambda name: _NoMemo()   # no memo of the font set keeps anything
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, initialFontName=fonts.face(role.font).name,
                          initialFontSize=role.size)
    fh = style.text_height
    doc.addPageTemplates([PageTemplate(frames=[Frame((A4[0] - width) / 2, A4[1] - 65 - fh, width, fh,
                                                     0, 0, 0, 0)])])
    # poured by platypus as the year index is: each paragraph measured and split by
    # itself, drawn from its page-plan items
    story = [PlatypusBlock(CJKParagraph([Run(p)], role, style, fonts)) for p in paras]
    t2 = time.perf_counter()
    doc.build(story)
    t3 = time.perf_counter()
    print(f"layout+draw (platypus build, PDF {len(buf.getvalue()) / 1e6:.1f} MB, "
          f"{doc.page} pages): {t3 - t2:.2f} s -> {total / (t3 - t2):,.0f} chars/s")


if __name__ == "__main__":
    main()
