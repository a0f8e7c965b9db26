"""The page engine: total-fit page breaking over the issue's vertical list, and
the page-level figures of built issues read back from their PDFs."""
import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from bulletin_press.output.layoutcheck import check_layout
from bulletin_press.output.pagecheck import check_pages
from bulletin_press.pipeline import build, load
from bulletin_press.typeset import linelock
from bulletin_press.typeset.geometry import Geometry
from bulletin_press.typeset.pagebreak import NoFit, box_index, break_pages
from bulletin_press.typeset.plan import Rule, TextLine
from bulletin_press.typeset.vlist import Box, Glue, Para, VList

from conftest import ROOT, torture_project

L = 40


# ---------------------------------------------------------------- a vertical list by hand

def _para(items, paras, n, art, blk, flex=None):
    first = sum(1 for it in items if isinstance(it, Box))
    pi = None
    if flex is not None:
        pi = len(paras)
        paras.append(Para(first, n, flex, (flex(-1) is not None, flex(1) is not None)))
    for k in range(n):
        brk = 0.0 if (k + 1 >= 2 and n - k - 1 >= 2) or k == n - 1 else None
        items.append(Box(1, "line", None, brk, article=art, src=(art, blk, k), para=pi, line=k))


def _article(items, paras, art, sizes, flex=None):
    items.append(Glue(3, 3, 6, 4.0, "title"))
    items.append(Box(2, "group", None, None, article=art, src=(art, 0, 0), opens=art))
    items.append(Glue(1, 1, 1))
    for blk, n in enumerate(sizes, start=1):
        _para(items, paras, n, art, blk, flex)


def _vlist(articles, flex=None, back=6):
    items, paras = [], []
    for a, sizes in enumerate(articles):
        _article(items, paras, a, sizes, flex)
    return VList(items, paras, Box(back, "back", None, article=len(articles)),
                 [f"article {a}" for a in range(len(articles))], 42)


def _fill(brks, vl):
    boxes = [it for it in vl.items if isinstance(it, Box)]
    return [(p.s, p.e, p.used, p.short, p.ends_article) for p in brks.pages if not p.back_only], boxes


def test_a_paragraph_longer_than_a_page_flows_on():
    vl = _vlist([[100]])
    brks = break_pages(vl, L)
    pages, boxes = _fill(brks, vl)
    assert len(brks.pages) == 3
    for s, e, used, short, ends in pages[:-1]:
        assert used == L and short == 0                     # 齐底
        assert boxes[e].line + 1 >= 2 and 100 - boxes[e].line - 1 >= 2   # no widow, no orphan


def test_keep_rules_hold_at_every_break():
    vl = _vlist([[3, 3, 3, 2, 5, 3, 4, 3, 3, 2, 3, 3, 4, 3, 2, 3, 3, 3, 2, 4]] * 3)
    brks = break_pages(vl, L)
    boxes = [it for it in vl.items if isinstance(it, Box)]
    for p in brks.pages[:-1]:
        assert boxes[p.e].brk is not None                  # never after a title or inside 3 lines


def test_sixteen_pages_and_some_lines_come_out_at_twenty_or_sixteen_never_blank():
    # four articles, 16 pages and a couple of lines of text in all; paragraphs may be set one
    # line looser but not tighter, the spaces cannot shrink: the engine spreads the
    # slack over article openings and reaches 20, never a blank page
    arts = [([8, 11, 6, 13, 9, 7, 10, 12] * 3)[:16]] * 4
    looser = lambda d: ([None] * 3, 10.0) if d > 0 else None      # noqa: E731
    vl = _vlist(arts, flex=looser)
    brks = break_pages(vl, L, multiple_of=4)
    assert brks.natural == 17 and brks.natural_lines <= 10 and brks.target == 20
    assert len(brks.pages) == 20
    for p in brks.pages[:-1]:
        assert p.used == L or p.ends_article              # only article ends leave room
    # the same text with paragraphs that may be set one line tighter: 16 pages
    vl = _vlist(arts, flex=lambda d: ([None] * 3, 10.0))
    brks = break_pages(vl, L, multiple_of=4)
    assert brks.target == 16 and len(brks.pages) == 16
    assert all(p.used == L or p.ends_article or p is brks.pages[-1] for p in brks.pages)


def test_spreading_shares_the_white_out_and_leaves_no_page_near_empty():
    # nine articles, short ones among them, 13 pages and 2 lines: spread to 16, the white
    # goes to several article ends, no middle page under a third full and no 报尾 alone
    arts = [[8, 11, 6, 13] * 3, [4, 5], [9, 7, 12, 10] * 2, [6, 5, 3], [10, 8] * 4, [5, 4],
            [7, 9, 6] * 3, [6, 4], [8, 6, 7] * 4]
    looser = lambda d: ([None] * 3, 10.0) if d > 0 else None      # noqa: E731
    brks = break_pages(_vlist(arts, flex=looser), L, multiple_of=4)
    assert brks.natural == 14 and len(brks.pages) == 16
    middle = brks.pages[1:-1]
    assert not any(p.back_only for p in brks.pages)
    assert all(p.used * 3 >= L for p in middle), [p.used for p in brks.pages]
    assert sum(1 for p in middle if p.short) >= 2          # shared out, not one big hole


def test_an_issue_that_fits_no_multiple_names_what_to_cut_and_add():
    vl = _vlist([[4] * 55])            # one article: 5 pages and some, nothing to spread
    with pytest.raises(NoFit) as err:
        break_pages(vl, L, multiple_of=4)
    e = err.value
    assert (e.natural, e.last_lines, e.lo, e.hi) == (6, 24, 4, 8)
    # nothing can tighten: to make 4, a page, the last page's 24 lines and the 报尾 (6 + the
    # line above it) must go; nothing stretches but the title: to fill 8, the last page and
    # one line more (then a whole page is free for the 报尾)
    assert e.cut == (L + 24 + 6 + 1) * 42
    assert e.add == (L - 24 + L + 1) * 42


def test_what_to_cut_is_measured_with_the_lines_the_paragraphs_can_give():
    # 4 pages and 24 lines: page arithmetic says cut 24 lines and the 报尾's 7; but the 34
    # paragraphs of the first article may each be set a line tighter, so far less will do:
    # the figure is measured, and cutting just that much makes 4 pages
    tighter = lambda d: ([None] * 3, 10.0) if d < 0 else None     # noqa: E731

    def make(flex, last=4):
        items, paras = [], []
        _article(items, paras, 0, [4] * 34, tighter if flex else None)
        _article(items, paras, 1, [4] * 9 + [last])
        return VList(items, paras, Box(6, "back", None, article=2), ["a", "b"], 42)
    with pytest.raises(NoFit) as err:
        break_pages(make(False), L, multiple_of=4)
    plain = err.value
    assert (plain.natural, plain.lo) == (5, 4)
    assert plain.cut == (plain.last_lines + 7) * 42          # nothing gives
    with pytest.raises(NoFit) as err:
        break_pages(make(True), L, multiple_of=4)
    cut = err.value.cut // 42
    assert 1 <= cut <= 3 < plain.cut // 42
    assert len(break_pages(make(True, last=4 - cut), L, multiple_of=4).pages) == 4


def test_forced_page_starts_are_kept():
    vl = _vlist([[4] * 30])
    at = box_index(vl, (0, 7, 0))      # the first line of the seventh paragraph
    brks = break_pages(vl, L, forced={at})
    assert any(p.s == at for p in brks.pages)


def test_the_plan_records_where_pages_and_articles_start(tmp_path):
    from bulletin_press.typeset.pages import make_plan
    issue, style, fonts = load(ROOT, "2025-04", [])
    plan = make_plan(issue, style, fonts)
    assert len(plan.pages) % style.page.multiple_of == 0
    assert [a.first_page for a in plan.articles] == sorted(a.first_page for a in plan.articles)
    assert all(a.first_page <= a.last_page for a in plan.articles)
    for page in plan.pages[1:]:
        assert page.starts_at is not None and page.starts_at.article >= 0
    # pinning the breaks where they are gives the same plan
    forced = [(p.starts_at.article, p.starts_at.block, p.starts_at.line) for p in plan.pages[1:]]
    again = make_plan(issue, style, fonts, forced=forced)
    assert [p.starts_at for p in again.pages] == [p.starts_at for p in plan.pages]


# ---------------------------------------------------------------- figures of built issues

def _page_figures(pdf, style):
    geo = Geometry.for_style(style)
    return check_pages(pdf, body_size=style.body.size, pitch=style.pitch,
                       block_top=geo.block_top, block_bottom=geo.block_bottom)


def _assert_pages_clean(rep, pages, multiple=4):
    assert pages % multiple == 0
    assert rep.blank == [], rep.summary()
    assert rep.short == [], rep.summary()
    assert rep.split_small_tables == [], rep.summary()
    assert rep.titles_cramped(2.5) == [], rep.summary()
    assert rep.loose_headings == [], rep.summary()
    assert rep.back_alone == [], rep.summary()
    assert rep.underfilled == [], rep.summary()


def test_sample_issue_pages_pass_the_page_check(sample_build):
    _, style, _ = load(ROOT, "2025-04", [])
    pdf = next(p for p in sample_build.outputs if p.name.endswith("-screen.pdf")).read_bytes()
    rep = _page_figures(pdf, style)
    print(rep.summary())
    _assert_pages_clean(rep, sample_build.pages)
    assert len(rep.title_space) == 4


def test_torture_issue_pages_and_lines_pass_both_checks(tmp_path):
    root = torture_project(tmp_path / "proj")
    res = build(root, "2099-01", tmp_path / "out", variants=("screen",))
    _, style, _ = load(root, "2099-01", [])
    pdf = res.outputs[0].read_bytes()
    rep = _page_figures(pdf, style)
    print(rep.summary())
    _assert_pages_clean(rep, res.pages)
    assert len(rep.title_space) >= 3        # titles under text, not only at page heads
    geo = Geometry.for_style(style)
    lines = check_layout(pdf, body_size=style.body.size, pitch=style.pitch,
                         left={i: geo.left(i) for i in range(1, res.pages + 1)},
                         width=geo.text_w, block_top=geo.block_top)
    print(lines.summary())
    assert not (lines.bad_starts or lines.bad_ends or lines.lonely or lines.orphans
                or lines.widows or lines.stranded_headings or lines.off_grid), lines.summary()


def test_the_page_check_catches_hand_set_faults():
    """Page 2 blank; page 3 stops three lines short while the text runs on to page 4;
    a title with one line above it; a heading as far from its text as from the text
    above; a six-row table split 2 + 4 under a （续） caption."""
    _, style, fonts = load(ROOT, "2025-04", [])
    geo = Geometry.for_style(style)
    song, hei = fonts.face("song"), fonts.face("hei", True)
    size, pitch = style.body.size, style.pitch
    x = geo.left(2)
    y0 = geo.block_top - ((pitch + size) / 2 - 0.12 * size)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=geo.media)

    def body(lines_at, page_face=song):
        for k in lines_at:
            c.setFont(page_face.name, size)
            c.drawString(x, y0 - k * pitch, "经" * 40)

    c.setFont(song.name, size)
    c.drawString(x, y0, "报头")
    c.showPage()                                   # 1
    c.setFont(song.name, 9)
    c.drawCentredString(geo.trim_w / 2, geo.block_bottom - 1.5 * pitch, "2")
    c.showPage()                                   # 2: blank but for its folio
    body(range(37))
    c.showPage()                                   # 3: three lines short
    body(range(10))
    c.setFont(hei.name, 18)
    c.drawString(x, y0 - 11.5 * pitch, "一篇文章的标题")           # one line above a title
    body(range(13, 20))
    c.setFont(hei.name, size)
    c.drawString(x, y0 - 21 * pitch, "（一）小标题")            # 2 lines above, 2 below
    body([23, 24] + list(range(25, 40)))
    c.showPage()                                   # 4
    body(range(34))
    for k, text in enumerate(["表1 示例", "地区 数量", "甲地 1", "乙地 2"]):
        c.setFont(song.name, 9)
        c.drawString(x, y0 - (34.8 + k * 1.4) * pitch, text)
    c.showPage()                                   # 5: a table of 2 rows at the foot …
    for k, text in enumerate(["表1 示例（续）", "地区 数量", "丙地 3", "丁地 4", "戊地 5", "己地 6"]):
        c.setFont(song.name, 9)
        c.drawString(x, y0 - k * 1.4 * pitch, text)
    body(range(9, 40))
    c.showPage()                                   # 6: … and 4 more
    c.save()
    rep = _page_figures(buf.getvalue(), style)
    print(rep.summary())
    assert rep.blank == [2]
    assert [p for p, _ in rep.short] == [3]
    assert rep.short[0][1] == 3
    assert [t[0] for t in rep.titles_cramped(2.5)] == [4]
    assert [h[0] for h in rep.loose_headings] == [4]
    assert rep.split_small_tables == [(5, 2, 4)]


def test_the_page_check_catches_a_lonely_back_block_and_near_empty_pages():
    """Page 3 holds an article's last 8 lines under a page of white (under a third full);
    page 4 ends 25 lines short and page 5 carries nothing but the 报尾."""
    _, style, fonts = load(ROOT, "2025-04", [])
    geo = Geometry.for_style(style)
    song = fonts.face("song")
    size, pitch = style.body.size, style.pitch
    x = geo.left(2)
    y0 = geo.block_top - ((pitch + size) / 2 - 0.12 * size)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=geo.media)

    def body(lines_at):
        c.setFont(song.name, size)
        for k in lines_at:
            c.drawString(x, y0 - k * pitch, "经" * 40)

    for lines in (range(40), range(40), range(8), range(15)):   # pages 1-4
        body(lines)
        c.showPage()
    c.setFont(song.name, 9)                                    # 5: the 报尾 alone
    for k, text in enumerate(["主编：某某", "报送：有关领导", "电话：0000-0000000"]):
        c.drawString(x, y0 - (36 + k) * pitch, text)
    c.showPage()
    c.save()
    rep = _page_figures(buf.getvalue(), style)
    print(rep.summary())
    assert [p for p, _ in rep.underfilled] == [3]
    assert rep.underfilled[0][1] < 0.25
    assert rep.back_alone == [(5, 25)]
    assert rep.blank == []


def test_the_page_plan_is_data_charts_and_the_qr_code_included():
    """The typeset stage's product holds no object that draws itself: a chart's graphic
    is paths, rectangles and labels in model colours, the 报尾's QR code its modules; and
    the chart's labels and the code reach the screen PDF."""
    import dataclasses

    import pypdfium2 as pdfium

    from bulletin_press.model.style import Color
    from bulletin_press.render.pdf import render_plan
    from bulletin_press.typeset import plan as P
    from bulletin_press.typeset.pages import make_plan

    with linelock.using(linelock.LineBook()):
        issue, style, fonts = load(ROOT, "2024-12", [])[:3]   # two charts, the QR code
        plan = make_plan(issue, style, fonts)
    kinds = set()
    for page in plan.pages:
        for it in page.items:
            assert dataclasses.is_dataclass(it) and not isinstance(it, P.Drawn), (page.number, it)
            assert type(it).__module__ == P.__name__, type(it)
            for f in dataclasses.fields(it):
                v = getattr(it, f.name)
                if isinstance(v, P.Encoding):      # a photo's print bytes, made when asked for
                    assert isinstance(it, P.Image) and f.name == "cmyk" and isinstance(v(), bytes)
                    continue
                assert v is None or isinstance(v, (str, int, float, bool, bytes, tuple, list, dict,
                                                   Color)) or f.name == "src", (it, f.name, v)
            kinds.add(type(it).__name__)
    assert {"Path", "Label", "Rects"} <= kinds, kinds
    labels = [it for pg in plan.pages for it in pg.items if isinstance(it, P.Label)]
    pdf = render_plan(plan, variant="screen").pdf
    doc = pdfium.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    flat = "".join(text.split())
    for lab in labels:
        assert "".join(lab.text.split()) in flat, lab.text
    qr = [it for pg in plan.pages for it in pg.items if isinstance(it, P.Rects)]
    assert len(qr) == 1 and len(qr[0].rects) > 100


def _heads(plan, style):
    """Page number -> whether a running head is drawn (its rule lies above the text block)."""
    top = Geometry.for_style(style).block_top
    return {p.number: any(isinstance(it, Rule) and it.y0 > top for it in p.items)
            for p in plan.pages if p.kind == "body"}


def test_a_page_where_an_article_opens_below_another_keeps_its_running_head():
    from dataclasses import replace

    from bulletin_press.typeset.pages import make_plan
    issue, style, fonts = load(ROOT, "2025-04", [])
    assert style.page.no_head == "top"                   # the house style
    plan = make_plan(issue, style, fonts)
    heads = _heads(plan, style)
    at_top = {p.number for p in plan.pages
              if p.starts_at is not None and p.starts_at.block == -1 and p.starts_at.line == 0}
    opening = {a.first_page for a in plan.articles}
    mixed = opening - at_top - {1}
    assert mixed, "the sample issue has an article opening below the end of another"
    assert heads == {n: n not in at_top for n in heads}
    # a style without the setting (one locked before it) keeps the heads off every opening page
    old = replace(style, page=replace(style.page, no_head="opening"))
    plan = make_plan(issue, old, fonts)
    assert _heads(plan, old) == {n: n not in opening for n in heads}


LONG_TITLE = ("以新质生产力之“新”谋中原发展之“进”——关于河南省制造业数智化转型与区域创新能力"
              "提升若干问题的调查研究报告与政策建议汇编")


def _odd_heads(plan, style, article):
    top = Geometry.for_style(style).block_top
    span = plan.articles[article]
    return {p.number: [it.text for it in p.items if isinstance(it, TextLine) and it.y > top]
            for p in plan.pages if p.number % 2 and span.first_page <= p.number <= span.last_page
            and p.kind == "body"}


def test_a_title_too_long_for_the_running_head_loses_its_subtitle_or_takes_short_title(tmp_path):
    from conftest import copy_project, run_cli

    from bulletin_press.typeset.pages import make_plan
    root = copy_project(tmp_path / "p")
    art = root / "issues" / "2025-04" / "01-zhici.md"
    text = art.read_text("utf-8")
    title = text.split("\n")[1]
    art.write_text(text.replace(title, f"title: {LONG_TITLE}", 1), "utf-8")
    res = run_cli(root, "build", "2025-04")      # the print PDF's preflight: nothing off the page
    assert res.exit_code == 0, res.output
    assert "01-zhici.md:2:8: warning: the title is too long for the running head" in res.output
    issue, style, fonts = load(root, "2025-04", [])
    plan = make_plan(issue, style, fonts)
    heads = _odd_heads(plan, style, 0)
    assert heads and all(h == ["以新质生产力之“新”谋中原发展之“进”"] for h in heads.values()), heads
    assert any("running head" in w.what for w in plan.warnings)
    # the editor's own short title, and no warning
    art.write_text(art.read_text("utf-8").replace("\nauthor:", "\nshort_title: 以新质生产力谋中原发展\nauthor:", 1),
                   "utf-8")
    issue, style, fonts = load(root, "2025-04", [])
    plan = make_plan(issue, style, fonts)
    assert all(h == ["以新质生产力谋中原发展"] for h in _odd_heads(plan, style, 0).values())
    assert not any("running head" in w.what for w in plan.warnings)
    assert issue.articles[0].title == LONG_TITLE            # the title itself stays whole
