"""{顶格} (flush left), salutations, and the forced title break (a backslash)."""
from __future__ import annotations

from pathlib import Path

from bulletin_press.model import Paragraph
from bulletin_press.output.readback import page_chars, page_texts
from bulletin_press.pipeline import build, load
from bulletin_press.source.markdown import Ctx, parse_blocks
from bulletin_press.typeset.geometry import Geometry

from conftest import ROOT, allow_blank_pages, copy_project


def sorted_text(t: str) -> str:
    return "".join(sorted(t))


def parse(text: str):
    ctx = Ctx(file="a.md", folder=Path("/nonexistent"), root_display="issues/x/", line_offset=4)
    return parse_blocks(text, ctx), ctx


def test_flush_mark_sets_a_paragraph_flush_and_does_not_print():
    blocks, ctx = parse("{顶格}附件：调研问卷\n\n正文照常缩进。\n\n> {顶格}引文也可以顶格。")
    assert not ctx.problems
    first, second, quote = blocks
    assert isinstance(first, Paragraph) and first.flush and first.runs[0].text == "附件：调研问卷"
    assert not second.flush
    assert quote.blocks[0].flush and quote.blocks[0].runs[0].text == "引文也可以顶格。"


def test_flush_mark_misused_is_an_error_with_line_and_column():
    blocks, ctx = parse("正文中间{顶格}写错了。\n\n## 标题{顶格}\n\n{顶格}\n")
    msgs = [str(p) for p in ctx.problems]
    assert len(msgs) == 3, msgs
    assert msgs[0].startswith("a.md:5:5: error:") and "{顶格}" in msgs[0]
    assert msgs[1].startswith("a.md:7:") and "very start of the paragraph" in msgs[1]
    assert msgs[2].startswith("a.md:9:") and "no text after it" in msgs[2]
    # nothing of the mark reaches the text
    assert all("{顶格}" not in r.text for b in blocks for r in getattr(b, "runs", []))


def test_a_speech_salutation_is_flush():
    issue, _, _ = load(ROOT, "2025-04", [])
    speech = issue.articles[0]
    assert speech.blocks[0].runs[0].text.startswith("尊敬的") and speech.blocks[0].flush
    assert not any(b.flush for b in speech.blocks[1:] if isinstance(b, Paragraph))


def test_title_break_mark_breaks_the_title_only(tmp_path):
    proj = copy_project(tmp_path)
    art = proj / "issues/2025-03/01-xianyu.md"
    src = art.read_text(encoding="utf-8")
    src = src.replace("title: 推动县域经济“成高原”的堵点与破题之策",
                      "title: 推动县域经济“成高原”\\的堵点与破题之策")
    body_start = src.index("---", 3) + 4
    src = src[:body_start] + "{顶格}河南是县域大省，这一段顶格排。\n\n" + src[body_start:]
    art.write_text(src, encoding="utf-8")
    allow_blank_pages(proj)        # the added lines take 2025-03 past its four pages
    issue, style, _ = load(proj, "2025-03", [])
    a = issue.articles[0]
    assert a.title == "推动县域经济“成高原”的堵点与破题之策" and a.title_breaks == (11,)
    res = build(proj, "2025-03", tmp_path / "out", variants=("screen",))
    pdf = res.outputs[0].read_bytes()
    texts = page_texts(pdf)
    assert "\\" not in "".join(texts)
    assert "推动县域经济“成高原”的堵点与破题之策" in texts[0].replace("\r\n", "")  # the TOC entry, whole
    # the title in two lines, broken where the editor marked it (on the first page that
    # holds title-size text: the first article may open on the front page)
    title_size = style.text["title"].size
    pages = page_chars(pdf)
    at = next(n for n, cs in enumerate(pages) if any(abs(c.size - title_size) < 0.05 for c in cs))
    chars = [c for c in pages[at] if abs(c.size - title_size) < 0.05]
    rows: list[tuple[float, str]] = []      # (top of the row, its text): rows are 1.5 em apart
    for c in sorted(chars, key=lambda c: -c.y1):
        if rows and rows[-1][0] - c.y1 < 0.75 * title_size:
            rows[-1] = (rows[-1][0], rows[-1][1] + c.ch)
        else:
            rows.append((c.y1, c.ch))
    lines = ["".join(sorted(t)) for _, t in rows]
    assert lines == [sorted_text("推动县域经济“成高原”"), sorted_text("的堵点与破题之策")]
    # the {顶格} paragraph starts at the text block's left edge, not two em in
    geo = Geometry.for_style(style)
    below = min(c.y0 for c in chars)        # the first 河 under the title
    line = [c for c in sorted(pages[at], key=lambda c: -c.y1)
            if c.ch == "河" and abs(c.size - style.body.size) < 0.05 and c.y1 < below][0]
    assert abs(line.x0 - geo.left(at + 1)) < 0.2 * style.body.size


def test_a_misplaced_title_break_mark_is_an_error():
    from bulletin_press.model import Pos
    from bulletin_press.source.titlebreak import split_breaks
    problems = []
    assert split_breaks("甲乙\\丙丁\\戊", Pos("a.md", 2, 8), "the title", problems) == ("甲乙丙丁戊", (2, 4))
    assert not problems
    for bad in ("\\开头", "结尾\\", "两个\\\\连着"):
        problems = []
        text, breaks = split_breaks(bad, Pos("a.md", 2, 8), "the title", problems)
        assert "\\" not in text and breaks == ()
        assert len(problems) == 1 and str(problems[0]).startswith("a.md:2:8: error:")
