"""End-to-end properties of the built sample issue, read back from the PDF."""
import re

from bulletin_press import model as m
from bulletin_press import source
from bulletin_press.output import readback
from bulletin_press.pipeline import build

from conftest import ROOT


def _pdf(res, variant):
    return next(p for p in res.outputs if p.name.endswith(f"-{variant}.pdf")).read_bytes()


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _block_text(block) -> str:
    if isinstance(block, m.Paragraph) or isinstance(block, m.Heading):
        return "".join(r.text for r in block.runs)
    if isinstance(block, m.ListBlock):
        out = []
        for n, item in enumerate(block.items):
            marker = f"{block.start + n}." if block.ordered else "●"
            out.append(marker + "".join(_block_text(b) for b in item))
        return "".join(out)
    if isinstance(block, m.Quote):
        return "".join(_block_text(b) for b in block.blocks)
    return ""


def _strip_furniture(lines: list[str], n: int, titles: list[str]) -> list[str]:
    """Drop the running header and the folio, which are drawn last on a page."""
    if n > 1 and lines and _squash(lines[-1]) == str(n):
        lines = lines[:-1]
        if lines:
            head = _squash(lines[-1])
            if head.startswith("创新资讯") or any(head == _squash(t) for t in titles):
                lines = lines[:-1]
    return lines


def _body_pages(pdf: bytes, issue) -> list[str]:
    """Page texts without running headers and folios."""
    titles = [a.title for a in issue.articles]
    return ["\n".join(_strip_furniture(text.splitlines(), n, titles))
            for n, text in enumerate(readback.page_texts(pdf), start=1)]


def test_toc_page_numbers_are_where_articles_start(sample_build):
    issue = source.load_issue(ROOT, "2025-04")
    pdf = _pdf(sample_build, "screen")
    texts = _body_pages(pdf, issue)
    toc = _squash(texts[0])
    for i, a in enumerate(issue.articles):
        # the TOC line: title, dot leaders, author(s), page number
        authors = "".join(a.authors)
        found = re.search(re.escape(_squash(a.title)) + r"\.*" + re.escape(authors) + r"(\d+)", toc)
        assert found, f"TOC entry for {a.title!r} not found on page 1"
        printed = int(found.group(1))
        # where the title really stands: the first page with the title as a line of its own
        # (the first article may open on the front page, under the TOC)
        starts = [n for n, t in enumerate(texts, start=1)
                  if any(_squash(line) == _squash(a.title) for line in t.splitlines())]
        assert starts, f"title {a.title!r} not found in the body"
        assert printed == starts[0], f"{a.title}: TOC says {printed}, starts on {starts[0]}"
        assert sample_build.pages >= printed


def test_every_article_character_reaches_the_pdf_in_order(sample_build):
    issue = source.load_issue(ROOT, "2025-04")
    pdf = _pdf(sample_build, "screen")
    body = _squash("".join(_body_pages(pdf, issue)))   # the first article may open on page 1
    pos = 0
    for a in issue.articles:
        for block in a.blocks:
            want = _squash(_block_text(block))
            if not want:
                continue
            at = body.find(want, pos)
            assert at >= 0, f"{block.pos}: paragraph not found in order in the PDF text: {want[:40]}…"
            pos = at + len(want)


def test_all_fonts_embedded(sample_build):
    for variant in ("screen", "print"):
        fonts = readback.fonts(_pdf(sample_build, variant))
        assert fonts
        assert all(embedded for _, embedded in fonts), fonts


def test_build_is_byte_identical(sample_build, tmp_path):
    again = build(ROOT, "2025-04", tmp_path)
    for p, q in zip(sample_build.outputs, again.outputs):
        assert p.read_bytes() == q.read_bytes(), f"{p.name} differs between two builds"


def test_sample_is_a_realistic_issue(sample_build):
    assert 12 <= sample_build.pages <= 16
    assert sample_build.pages % 4 == 0


def test_pipeline_refuses_invisible_characters(tmp_path):
    """Not only the CLI: the pipeline itself stops on a zero-width space, with its line."""
    import pytest

    from bulletin_press.errors import BuildError
    from conftest import copy_project
    root = copy_project(tmp_path)
    art = root / "issues" / "2025-03" / "01-xianyu.md"
    lines = art.read_text(encoding="utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if len(ln) > 20 and not ln.startswith(("---", "#", "title", "author")))
    lines[n] = lines[n][:10] + "\u200b" + lines[n][10:]
    art.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(root, "2025-03", tmp_path / "out", variants=("screen",))
    text = str(err.value)
    assert "U+200B" in text and f":{n + 1}:" in text, text
    assert not (tmp_path / "out").exists()
