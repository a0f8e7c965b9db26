"""An issue a few lines over 16 pages comes down to 16 (issue #9): paragraphs that run
across a page break may be set one line tighter too, within the line-level limits."""
from __future__ import annotations

from bulletin_press.output.layoutcheck import check_layout
from bulletin_press.output.pagecheck import check_pages
from bulletin_press.pipeline import build, load
from bulletin_press.typeset import linelock
from bulletin_press.typeset.geometry import Geometry
from bulletin_press.typeset.pagebreak import break_pages
from bulletin_press.typeset.pages import build_vlist

from conftest import copy_project

KEY = "2025-04"


def _longer_issue(root, article: int = 1, said_twice: int = 5):
    """2025-04 with body paragraphs 2 to 1 + `said_twice` of one article said twice:
    its text then runs onto a 17th page by a few lines (checked where used)."""
    p = sorted((root / "issues" / KEY).glob(f"0{article}-*.md"))[0]
    head, body = p.read_text(encoding="utf-8").split("\n---\n", 1)
    blocks = body.split("\n\n")
    paras = [k for k, b in enumerate(blocks)
             if b.strip() and not b.lstrip().startswith(("#", "-", "|", ">", "!", "1."))]
    for k in sorted(paras[1:1 + said_twice], reverse=True):
        blocks.insert(k + 1, blocks[k])
    p.write_text(head + "\n---\n" + "\n\n".join(blocks), encoding="utf-8")
    return root


def test_an_issue_a_few_lines_over_16_pages_is_set_in_16(tmp_path):
    root = _longer_issue(copy_project(tmp_path / "proj"))
    warnings: list = []
    with linelock.using(linelock.LineBook()):
        issue, style, fonts = load(root, KEY, warnings)[:3]
        vl, _ = build_vlist(issue, style, fonts, warnings)
        L = style.page.lines_per_page
        free = break_pages(vl, L, multiple_of=1, pad="blank")
        assert free.natural == 17 and 0 < free.natural_lines <= 12   # 16 pages and a few lines
        fit = break_pages(vl, L, multiple_of=4, pad="fit")
    assert len(fit.pages) == 16
    # some of the lines came from paragraphs begun on the page before (the new freedom)
    run_on = [(n, pi) for n, spec in enumerate(fit.pages, 1) for pi, d in spec.paras.items()
              if d < 0 and vl.paras[pi].first < spec.s]
    assert run_on, "no paragraph run on from the page before was tightened"

    res = build(root, KEY, tmp_path / "out", variants=("screen",))
    assert res.pages == 16
    pdf = res.outputs[0].read_bytes()
    _figures_ok(pdf, style, res.pages)
    # a run-on paragraph tightened is drawn in its tighter setting on both pages: its
    # head on the page before (same line count), the rest where it ends
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)

    def flat(t):
        return "".join(t.split())
    for n, pi in run_on:
        spec = fit.pages[n - 1]
        lines_v = vl.paras[pi].variant(-1)[0]
        k = spec.s - vl.paras[pi].first
        before = flat(doc[n - 2].get_textpage().get_text_range())
        here = flat(doc[n - 1].get_textpage().get_text_range())
        assert flat("".join(ln.text for ln in lines_v[:k])) in before
        assert flat("".join(ln.text for ln in lines_v[k:])) in here


def _figures_ok(pdf: bytes, style, pages_n: int) -> None:
    geo = Geometry.for_style(style)
    pages = check_pages(pdf, body_size=style.body.size, pitch=style.pitch,
                        block_top=geo.block_top, block_bottom=geo.block_bottom)
    assert not (pages.blank or pages.short or pages.split_small_tables or pages.loose_headings
                or pages.back_alone or pages.underfilled or pages.titles_cramped(2.5)), pages.summary()
    lines = check_layout(pdf, body_size=style.body.size, pitch=style.pitch,
                         left={i: geo.left(i) for i in range(1, pages_n + 1)},
                         width=geo.text_w, block_top=geo.block_top)
    assert not (lines.bad_starts or lines.bad_ends or lines.lonely or lines.orphans
                or lines.widows or lines.stranded_headings or lines.off_grid), lines.summary()
    assert lines.max_han_gap <= 0.05 + 1e-3, lines.summary()
    assert 0.125 - 1e-3 <= lines.min_hl_gap and lines.max_hl_gap <= 0.375 + 1e-3, lines.summary()


def test_an_issue_seven_lines_over_16_pages_is_set_in_16_with_paragraphs_closed_up(tmp_path):
    """Where punctuation compression alone cannot take enough lines back, paragraphs are
    closed up by at most max_squeeze (紧排): without that freedom the issue does not fit;
    with it, 16 full pages that pass the page and line checks, and a locked rebuild of
    the issue draws the same PDF."""
    from dataclasses import replace

    root = _longer_issue(copy_project(tmp_path / "proj"), article=2, said_twice=6)
    warnings: list = []
    with linelock.using(linelock.LineBook()):
        issue, style, fonts = load(root, KEY, warnings)[:3]
        assert style.punctuation.max_squeeze == 0.02
        L = style.page.lines_per_page
        vl, _ = build_vlist(issue, style, fonts, warnings)
        free = break_pages(vl, L, multiple_of=1, pad="blank")
        assert free.natural == 17 and 4 < free.natural_lines <= 12, (free.natural, free.natural_lines)
        fit = break_pages(vl, L, multiple_of=4, pad="fit")
        assert len(fit.pages) == 16
        closed = [pi for spec in fit.pages for pi, d in spec.paras.items()
                  if d < 0 and vl.paras[pi].variant(d)[2]]
        assert closed, "16 pages without closing up: this issue no longer tests the freedom"
        plain = replace(style, punctuation=replace(style.punctuation, max_squeeze=0.0))
        vl0, _ = build_vlist(issue, plain, fonts, [])
    import pytest
    from bulletin_press.typeset.pagebreak import NoFit
    with linelock.using(linelock.LineBook()), pytest.raises(NoFit):
        break_pages(vl0, L, multiple_of=4, pad="fit")

    res = build(root, KEY, tmp_path / "out", variants=("screen",))
    assert res.pages == 16
    pdf = res.outputs[0].read_bytes()
    _figures_ok(pdf, style, res.pages)

    from conftest import run_cli
    assert run_cli(root, "lock", KEY).exit_code == 0
    again = build(root, KEY, tmp_path / "again", variants=("screen",))
    assert again.outputs[0].read_bytes() == pdf


def test_the_build_prints_its_page_plan_what_starts_where_and_what_was_flexed(tmp_path):
    """`build -v` prints the plan: the page count, each article's first and last page
    (checked against the pages its title and its last words are printed on), and a
    line for each page that was flexed, as many flexes as it counts."""
    import re

    import pypdfium2 as pdfium

    from conftest import run_cli
    root = copy_project(tmp_path / "proj")
    res = run_cli(root, "build", KEY, "--screen-only", "-v", "-o", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    head = re.search(r"page plan: (\d+) pages \(.*?\); articles (.*)", res.output)
    assert head, res.output
    doc = pdfium.PdfDocument(str(tmp_path / "out" / f"{KEY}-screen.pdf"))
    assert int(head.group(1)) == len(doc)
    pages = ["".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
    issue = load(root, KEY, [])[0]
    spans = re.findall(r"(\d+): p(\d+)(?:–(\d+))?", head.group(2))
    assert len(spans) == len(issue.articles)
    for (k, first, last), a in zip(spans, issue.articles):
        title = "".join(a.title.split())
        assert title in pages[int(first) - 1] and all(title not in p for p in pages[:int(first) - 1]
                                                       if "本期目录" not in p), (k, first)
        last_words = "".join(a.blocks[-1].runs[-1].text.split())[-8:] if hasattr(a.blocks[-1], "runs") else None
        if last_words:
            assert last_words in pages[int(last or first) - 1], (k, last_words)
    n = int(re.search(r"; (\d+) flex\(es\)", res.output).group(1))
    per_page = re.findall(r"^  p\d+: (.*)$", res.output, re.M)
    assert sum(len(line.split("; ")) for line in per_page) == n and n > 0
