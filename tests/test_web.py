"""The web edition and the WeChat fragments: text, tables, charts, links, rules, bytes."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bulletin_press import model as m
from bulletin_press import source
from conftest import ROOT, copy_project, run_cli

KEYS = ("2024-12", "2025-03", "2025-04")


class Doc(HTMLParser):
    """Text, elements and attributes of one HTML file, parsed independently of the build."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.elems, self.stack = [], [], []
        self.cells: list[tuple[str, dict, list[str]]] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elems.append((tag, a))
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag in ("td", "th", "figcaption"):
            self.cells.append((tag, a, []))
            self.stack.append(len(self.cells) - 1)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if tag in ("td", "th", "figcaption") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        for i in self.stack:
            self.cells[i][2].append(data)

    def content(self) -> str:
        return "".join(self.text)

    def cell_texts(self, tags=("td", "th")) -> list[str]:
        return ["".join(t) for tag, _, t in self.cells if tag in tags]


def issue_of(key):
    return source.load_issue(ROOT, key, [])


def runs_text(runs) -> str:
    return "".join(r.text for r in runs or [])


def model_chunks(a: m.Article) -> list[str]:
    """Everything an editor wrote in the article, in order (this test's own walk):
    title, byline, each paragraph, heading, cell, caption and note."""
    out = [a.title]
    if a.affiliation_at == "byline":
        out.append(a.affiliation or "")
    out += a.authors

    def walk(blocks):
        for b in blocks:
            if isinstance(b, (m.Paragraph, m.Heading)):
                out.append(runs_text(b.runs))
            elif isinstance(b, m.ListBlock):
                for item in b.items:
                    walk(item)
            elif isinstance(b, m.Quote):
                walk(b.blocks)
            elif isinstance(b, m.Table):
                out.append(runs_text(b.caption))
                for row in list(b.header) + list(b.rows):
                    out.extend(runs_text(c.runs) for c in row)
                out.append(runs_text(b.note))
            elif isinstance(b, (m.Chart, m.Figure)):
                out.append(runs_text(b.caption))
                out.append(runs_text(getattr(b, "note", None)))
    walk(a.blocks)
    if a.affiliation_at != "byline":
        out.append(a.affiliation or "")
    for note in getattr(a, "notes", []):
        walk(note.blocks)
    return [c for c in (re.sub(r"\s+", "", t) for t in out) if c]


def in_order_share(chunks: list[str], hay: str) -> float:
    """Share of the chunks' characters found in `hay`, each chunk whole and after the last."""
    hay = re.sub(r"\s+", "", hay)
    chunks = [re.sub(r"\s+", "", c) for c in chunks]
    j = found = 0
    for chunk in chunks:
        k = hay.find(chunk, j)
        if k >= 0:
            found += len(chunk)
            j = k + len(chunk)
    return found / max(1, sum(map(len, chunks)))


def without_note_marks(text: str) -> str:
    """WeChat text with the [n] marks its link notes add."""
    return re.sub(r"\[\d+\]", "", text)


def read(p: Path) -> str:
    return p.read_text("utf-8")


def unbroken(html: str) -> str:
    """The HTML without the <wbr> the web edition puts between a title's phrases."""
    return html.replace("<wbr>", "")


@pytest.mark.parametrize("key", KEYS)
def test_every_character_of_every_article_is_in_both_editions_in_order(web_builds, key):
    res, web, wechat = web_builds[key]
    for a in issue_of(key).articles:
        want = model_chunks(a)
        name = Path(a.file).stem + ".html"
        for folder in (web, wechat):
            share = in_order_share(want, without_note_marks(Doc(read(folder / name)).content()))
            assert share >= 0.998, (folder.name, name, share)
    assert min(res.fidelity.values()) >= 0.998
    assert len(res.fidelity) == 2 * len(issue_of(key).articles)


def test_a_dropped_paragraph_lowers_the_figure():
    """The fidelity measure is not vacuous: HTML that lacks text scores below the bar."""
    from bulletin_press.output.web import text_fidelity
    text = "县域是创新驱动发展战略落地的最后一公里。" * 30
    assert text_fidelity(text, text) == 1.0
    assert text_fidelity(text, text[:-40]) < 0.998
    parts = ["县域是创新驱动", "发展战略落地的", "最后一公里。"]
    assert in_order_share(parts, "".join(parts)) == 1.0
    assert in_order_share(parts, "".join(reversed(parts))) < 0.5


def test_tables_are_real_tables_with_every_cell_and_their_spans(web_builds):
    issue = issue_of("2024-12")
    _, web, wechat = web_builds["2024-12"]
    tables = 0
    for a in issue.articles:
        name = Path(a.file).stem + ".html"
        for folder in (web, wechat):
            doc = Doc(read(folder / name))
            cells = doc.cell_texts()
            spans = [(int(at.get("colspan", 1)), int(at.get("rowspan", 1)))
                     for tag, at, _ in doc.cells if tag in ("td", "th")]
            pos = 0
            for b in a.blocks:
                if not isinstance(b, m.Table):
                    continue
                tables += folder == web
                for row in list(b.header) + list(b.rows):
                    for c in row:
                        want = runs_text(c.runs).strip()
                        # the same cell, in order, with the same span
                        while pos < len(cells) and cells[pos].strip() != want:
                            pos += 1
                        assert pos < len(cells), (folder.name, name, want)
                        assert spans[pos] == (c.cols or 1, c.rows or 1), (want, spans[pos])
                        pos += 1
    assert tables >= 3


def test_chart_captions_and_figures_are_there(web_builds):
    issue = issue_of("2024-12")
    _, web, wechat = web_builds["2024-12"]
    charts = figures = 0
    for a in issue.articles:
        name = Path(a.file).stem + ".html"
        web_doc, chat_doc = Doc(read(web / name)), Doc(read(wechat / name))
        caps_web, caps_chat = web_doc.cell_texts(("figcaption",)), chat_doc.cell_texts(("figcaption",))
        for b in a.blocks:
            if isinstance(b, (m.Chart, m.Figure)) and b.caption:
                assert runs_text(b.caption) in caps_web and runs_text(b.caption) in caps_chat
                charts += isinstance(b, m.Chart)
                figures += isinstance(b, m.Figure)
        # web: charts are inline SVG; WeChat: PNG files
        n = sum(isinstance(b, m.Chart) for b in a.blocks)
        assert sum(t == "svg" for t, _ in web_doc.elems) == n
        pngs = [at["src"] for t, at in chat_doc.elems if t == "img" and at["src"].endswith(".png")]
        assert len(pngs) == n
    assert charts == 2 and figures == 1


@pytest.mark.parametrize("key", KEYS)
def test_no_external_resource_and_every_local_reference_resolves(web_builds, key):
    _, web, wechat = web_builds[key]
    pages = sorted(web.glob("*.html"))
    assert (web / "index.html") in pages
    for page in pages:
        html = read(page)
        assert html.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
        assert '<meta charset="utf-8">' in html
        assert not re.search(r"https?:|//[a-z]", html, re.I), page.name  # the samples link nowhere
        doc = Doc(html)
        assert not any(t in ("script", "link", "iframe") for t, _ in doc.elems)
        refs = [v for _, at in doc.elems for k, v in at.items() if k in ("src", "href", "xlink:href")]
        refs += re.findall(r"url\(\s*[\"']?([^\"')]+)", html)
        for ref in refs:
            if ref.startswith("#"):
                assert f'id="{ref[1:]}"' in html, (page.name, ref)
                continue
            assert not re.match(r"^(https?:)?//|^[a-z]+:", ref, re.I), (page.name, ref)
            assert (page.parent / ref.split("#")[0]).is_file(), (page.name, ref)


@pytest.mark.parametrize("key", KEYS)
def test_masthead_toc_and_back_on_the_index(web_builds, key):
    issue = issue_of(key)
    _, web, _ = web_builds[key]
    html = read(web / "index.html")
    text = Doc(html).content()
    pub = issue.publication
    for part in [pub.title, pub.title_latin, f"{issue.year}年第{issue.number}期",
                 f"总第{issue.serial}期", f"{issue.date.year}年{issue.date.month}月{issue.date.day}日",
                 pub.registration, pub.edition, *pub.sponsors, *pub.tagline, issue.back.qr_caption,
                 issue.back.editor_in_chief, issue.back.email]:
        assert part in text, part
    if issue.theme:
        assert issue.theme in text
    assert in_order_share([runs_text(b.runs) for b in issue.note.blocks], text) == 1.0
    toc = re.findall(r'<li><a href="([^"]+)"><span class="toc-title">([^<]+)</span>', unbroken(html))
    assert [t for _, t in toc] == [a.title for a in issue.articles]
    for href, title in toc:
        assert f"<h1>{title}</h1>" in unbroken(read(web / href))
    assert "<svg" in html.split('class="back"')[1]          # the QR code, drawn locally


def test_prev_and_next_links_chain_the_articles(web_builds):
    issue = issue_of("2025-04")
    _, web, _ = web_builds["2025-04"]
    names = [Path(a.file).stem + ".html" for a in issue.articles]
    for i, name in enumerate(names):
        html = read(web / name)
        prev = re.search(r'rel="prev" href="([^"]+)"', html)
        nxt = re.search(r'rel="next" href="([^"]+)"', html)
        assert (prev.group(1) if prev else None) == (names[i - 1] if i else None)
        assert (nxt.group(1) if nxt else None) == (names[i + 1] if i + 1 < len(names) else None)
        assert 'href="index.html"' in html


def test_web_fonts_are_small_subsets_of_our_fonts(web_builds):
    from fontTools.ttLib import TTFont
    _, web, _ = web_builds["2024-12"]
    fonts = sorted((web / "fonts").glob("*.woff2"))
    assert fonts
    for f in fonts:
        assert f.stat().st_size < 120_000, f
        font = TTFont(str(f))
        assert font.flavor == "woff2"
        assert 20 < len(font.getBestCmap()) < 2000
        assert (ROOT / "fonts" / (f.stem + ".ttf")).is_file()
    assert "创" in TTFont(str(web / "fonts" / "NotoSerifSC-Bold.woff2")).getBestCmap().values() or \
        ord("创") in TTFont(str(web / "fonts" / "NotoSerifSC-Bold.woff2")).getBestCmap()


# ---------------------------------------------------------------- WeChat

@pytest.mark.parametrize("key", KEYS)
def test_wechat_fragments_keep_the_editors_rules(web_builds, key):
    from PIL import Image
    issue = issue_of(key)
    _, _, wechat = web_builds[key]
    meta = json.loads(read(wechat / "meta.json"))
    assert [i["file"] for i in meta["articles"]] == [Path(a.file).stem + ".html" for a in issue.articles]
    for info, a in zip(meta["articles"], issue.articles):
        html = read(wechat / info["file"])
        doc = Doc(html)
        for tag, at in doc.elems:
            assert tag not in ("style", "script", "link", "svg", "a", "html", "body"), tag
            assert "class" not in at and "id" not in at, (tag, at)
        bare = [t for t, at in doc.elems if t != "br" and "style" not in at]
        assert bare == []          # the look is inline, on every element
        assert 0 < len(info["title"]) <= 64 and info["title"] == a.title
        assert 0 < len(info["digest"]) <= 120
        assert len(info["author"]) <= 8 and info["author"][:2] == a.authors[0][:2]
        assert (wechat / info["file"].replace(".html", ".txt")).read_text("utf-8").count("摘要：") == 1
        for tag, at in doc.elems:
            if tag == "img":
                f = wechat / at["src"]
                assert f.suffix in (".png", ".jpg") and f.stat().st_size < 1_000_000
                with Image.open(f) as im:
                    assert im.width <= 1080 and im.format in ("PNG", "JPEG")
                assert at["src"] in info["images"]


def test_wechat_checker_catches_what_the_editor_would_drop():
    from bulletin_press.output.wechat import check_fragments
    meta = json.dumps({"articles": [{"file": "a.html", "title": "题" * 70, "digest": ""}]})
    bad = {"a.html": '<section class="x"><style>p{}</style><a href="https://x.org">x</a>'
                     '<img src="a/missing.png"><svg></svg></section>'.encode(),
           "meta.json": meta.encode()}
    found = "\n".join(check_fragments(bad))
    for what in ("<style>", "class=", "<a>", "<svg>", "missing", "title over", "digest"):
        assert what in found, what


def test_links_become_numbered_notes_in_wechat_and_links_on_the_web(tmp_path):
    root = copy_project(tmp_path)
    art = root / "issues" / "2025-03" / "01-xianyu.md"
    text = art.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    body = body.replace("\n\n", "\n\n详见[课题组网站](https://example.org/report)。\n\n", 1)
    art.write_text(head + "\n---\n" + body, "utf-8")
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 0, res.output
    frag = read(root / "build" / "2025-03-wechat" / "01-xianyu.html")
    assert "课题组网站<sup" in frag and "[1]</sup>" in frag
    assert "[1] https://example.org/report" in Doc(frag).content()
    assert "<a " not in frag
    page = read(root / "build" / "2025-03-web" / "01-xianyu.html")
    assert '<a href="https://example.org/report" rel="noopener">课题组网站</a>' in page


def test_same_sources_give_the_same_bytes(web_builds, tmp_path):
    from bulletin_press.pipeline import build_web
    _, web, wechat = web_builds["2024-12"]
    again = build_web(ROOT, "2024-12", tmp_path)
    for old, new in zip((web, wechat), again.outputs):
        a = {p.relative_to(old): p.read_bytes() for p in sorted(old.rglob("*")) if p.is_file()}
        b = {p.relative_to(new): p.read_bytes() for p in sorted(new.rglob("*")) if p.is_file()}
        assert a.keys() == b.keys()
        assert all(a[k] == b[k] for k in a), [str(k) for k in a if a[k] != b[k]]


def test_a_failed_build_keeps_the_last_good_edition(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    assert run_cli(root, "build", "--web", "2025-03").exit_code == 0
    index = root / "build" / "2025-03-web" / "index.html"
    before = index.read_bytes()
    art = root / "issues" / "2025-03" / "02-xiaofei.md"
    good = art.read_text("utf-8")
    art.write_text(good + "\n```chart\ntype: pie\nx: [a]\nseries: {s: [1]}\n```\n", "utf-8")
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 1 and "pie" in res.output, res.output
    assert index.read_bytes() == before
    # a failure while the folder is being written: the old folder stays whole
    art.write_text(good.replace("。", "。新", 1), "utf-8")
    from bulletin_press.output import write
    real_open = open
    calls = []

    def failing_open(path, *a, **k):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_open(path, *a, **k)
    monkeypatch.setattr(write, "open", failing_open, raising=False)
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 2 and "No space left" in res.output, res.output   # the machine, not a bug
    assert "2025-03-web" in res.output and "disk is full" in res.output
    assert index.read_bytes() == before
    assert sorted(p.name for p in (root / "build").iterdir()) == ["2025-03-web", "2025-03-wechat"]
    monkeypatch.undo()
    assert run_cli(root, "build", "--web", "2025-03").exit_code == 0
    assert "。新" in read(root / "build" / "2025-03-web" / "02-xiaofei.html")


def test_a_title_too_long_for_wechat_is_a_warning_and_shortened(tmp_path):
    root = copy_project(tmp_path)
    art = root / "issues" / "2025-03" / "01-xianyu.md"
    text = art.read_text("utf-8")
    long_title = "关于" + "县域经济高质量发展" * 8 + "的若干思考"
    text = re.sub(r"^title: .*$", f"title: {long_title}", text, count=1, flags=re.M)
    art.write_text(text, "utf-8")
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 0, res.output
    assert "WeChat takes 64" in res.output
    meta = json.loads(read(root / "build" / "2025-03-wechat" / "meta.json"))
    t = meta["articles"][0]["title"]
    assert len(t) == 64 and t.endswith("…") and long_title.startswith(t[:-1])
    assert long_title in unbroken(read(root / "build" / "2025-03-web" / "01-xianyu.html"))


KITCHEN = """---
title: 一篇用到各种写法的\\文章
author: 测试者
---
{顶格}顶格的一段。

开头一段，有*楷体的强调*、`代码`和一个硬换行\\
之后的文字。

> 引文第一段，出自某份报告。
>
> 引文第二段。

---

- 第一项
- 第二项，带**加粗**
  1. 嵌套的第一条
  2. 嵌套的第二条

```table
caption: 一张宽表
header:
  - [{text: 项目, rows: 2}, {text: 甲组, cols: 3}, {text: 乙组, cols: 3}]
  - [一, 二, 三, 四, 五, 六]
rows:
  - [很长很长的项目名称需要换行才能放得下, "1.5", "22.25", "333", "4", "5", "6"]
  - [{text: 合计, cols: 4}, "7", "8", "9"]
```

```chart
type: bar
caption: 一张横条图
x: [甲, 乙, 丙]
series:
  数值: [3, 5, 2]
note: 注：数据为虚构。
```

![一张透明底的图](images/dot.png "40%")

1. 有两段的一项

   这一项的第二段，见[附表](data/table.csv)和[网站](https://example.org/a)。
2. 第二项

最后一段，带一个脚注[^src]。

[^src]: 脚注的文字，说明数据来源。
"""


def test_an_issue_with_every_kind_of_block_builds_both_editions(tmp_path):
    from PIL import Image
    root = copy_project(tmp_path)
    folder = root / "issues" / "2025-03"
    (folder / "images").mkdir()
    Image.new("RGBA", (2400, 600), (200, 30, 30, 128)).save(folder / "images" / "dot.png")
    Image.new("L", (90, 90), 0).save(folder / "qr.png")
    (folder / "03-kitchen.md").write_text(KITCHEN, "utf-8")
    yaml = (folder / "issue.yaml").read_text("utf-8")
    yaml = yaml.replace("articles:\n", "back:\n  qr: qr.png\narticles:\n", 1) \
        if "back:" not in yaml else yaml.replace("back:\n", "back:\n  qr: qr.png\n", 1)
    yaml = yaml.rstrip("\n") + "\n  - 03-kitchen.md\n" if yaml.rstrip().endswith(".md") else yaml
    (folder / "issue.yaml").write_text(yaml, "utf-8")
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 0, res.output
    assert "03-kitchen.md" in res.output and "“data/table.csv” is no web address" in res.output
    web, wechat = root / "build" / "2025-03-web", root / "build" / "2025-03-wechat"
    page = read(web / "03-kitchen.html")
    assert "<h1>一篇用到各种写法的<br>文章</h1>" in unbroken(page) and '<p class="flush">顶格的一段。</p>' in page
    flush = re.search(r'<p style="([^"]*)">顶格的一段。', read(wechat / "03-kitchen.html")).group(1)
    assert "text-indent: 0" in flush and "2em" not in flush
    assert "<blockquote>" in page and "<hr>" in page and "<em>楷体的强调</em>" in page
    assert "<code>代码</code>" in page and "硬换行<br>" in page
    assert '<th colspan="3" scope="col">甲组</th>' in page and 'colspan="4"' in page
    assert '<ol>' in page and '<ul>' in page and 'class="long"' in page
    assert 'src="images/qr.png"' in read(web / "index.html")
    assert "见附表和" in Doc(page).content() and 'href="data/table.csv"' not in page
    assert '<a href="https://example.org/a" rel="noopener">网站</a>' in page
    assert 'alt="一张透明底的图" style="width: 40.0%;"' in page
    with Image.open(web / "images" / "dot.png") as im:
        assert im.width == 1080 and im.mode == "RGB"       # flattened onto white, screen width
    frag = read(wechat / "03-kitchen.html")
    assert "1. 嵌套的第一条" in frag and "• 第一项" in frag   # list markers as text
    assert 'src="03-kitchen/chart-1.png"' in frag and 'src="03-kitchen/dot.png"' in frag
    # the footnote mark raised, as printed (smaller, a superscript), still a link to its note
    assert '<sup class="fnref"><a class="fnref" href="#fn-1" role="doc-noteref">①</a></sup>' in page
    assert '<p id="fn-1">①脚注的文字，说明数据来源。</p>' in page
    assert "脚注①。" in Doc(frag).content() and "①脚注的文字" in frag
    assert re.search(r"脚注<sup style=\"[^\"]*\">①</sup>。", frag), frag
    assert [t for t, at in Doc(frag).elems if t != "br" and "style" not in at] == []
    notes = Doc(frag).content()
    assert "附表[1]" in notes and "网站[2]" in notes
    assert "[1] data/table.csv" in notes and "[2] https://example.org/a" in notes
    issue = source.load_issue(root, "2025-03", [])
    a = issue.articles[-1]
    assert in_order_share(model_chunks(a), Doc(page).content()) == 1.0
    assert in_order_share(model_chunks(a), without_note_marks(Doc(frag).content())) == 1.0


def test_preview_and_watch_know_web(tmp_path, monkeypatch):
    from bulletin_press.output import webshots
    monkeypatch.setattr(webshots, "find_browser", lambda: None)   # shots: test_web_browser.py
    root = copy_project(tmp_path)
    res = run_cli(root, "preview", "--web", "2025-03")
    assert res.exit_code == 0, res.output
    uris = [line for line in res.output.splitlines() if line.startswith("file://")]
    assert uris[0].endswith("/build/2025-03-web/index.html") and len(uris) == 3
    assert "no chromium here for screenshots" in res.output
    index = root / "build" / "2025-03-web" / "index.html"
    stamp = index.stat().st_mtime_ns
    res = run_cli(root, "preview", "--web", "2025-03")        # up to date: not rebuilt
    assert res.exit_code == 0 and index.stat().st_mtime_ns == stamp
    res = run_cli(root, "watch", "--web", "--max-builds", "1", "2025-03")
    assert res.exit_code == 0 and "web and WeChat editions" in res.output, res.output
    assert not (root / "build" / "2025-03-screen.pdf").exists()


def test_web_with_pdf_options_is_a_usage_error(tmp_path):
    for extra in (["--impose", "2025-03"], ["--all"], ["--archive", "2025-03"]):
        res = run_cli(tmp_path, "build", "--web", *extra)
        assert res.exit_code == 2 and "--web builds the screen editions" in res.output, extra


def test_a_file_name_with_a_space_and_han_characters_still_links(tmp_path):
    from urllib.parse import unquote
    root = copy_project(tmp_path)
    folder = root / "issues" / "2025-03"
    (folder / "02-xiaofei.md").rename(folder / "02 消费.md")
    yaml = folder / "issue.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("  - 02-xiaofei.md", '  - "02 消费.md"'), "utf-8")
    res = run_cli(root, "build", "--web", "2025-03")
    assert res.exit_code == 0, res.output
    web = root / "build" / "2025-03-web"
    href = re.findall(r'<li><a href="([^"]+)"', read(web / "index.html"))[1]
    assert " " not in href and (web / unquote(href)).is_file()


def test_a_picture_too_big_for_wechat_is_made_smaller(tmp_path):
    import os

    from PIL import Image

    from bulletin_press.render.html.assets import figure_image
    path = tmp_path / "noise.png"
    Image.frombytes("RGB", (1600, 2400), os.urandom(1600 * 2400 * 3)).save(path)
    data, ext = figure_image(m.Figure(path, [], m.Pos("x.md", 1)))
    assert len(data) < 1_000_000 and ext == "jpg"
    import io
    with Image.open(io.BytesIO(data)) as im:
        assert im.width <= 1080 and im.format == "JPEG"


def test_a_web_font_subset_is_the_same_bytes_whenever_it_is_made(monkeypatch):
    """Same sources and fonts, same outputs: the subset keeps the font's own date
    rather than the clock's at the moment it is saved."""
    import time

    from bulletin_press.render.html import assets
    path = (ROOT / "fonts" / "NotoSansSC-Bold.ttf").resolve()
    first = assets.web_font.__wrapped__(path, "创新资讯")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 86_400)   # a day later
    assert assets.web_font.__wrapped__(path, "创新资讯") == first


def test_titles_and_headings_on_the_web_break_only_between_phrases(web_builds):
    from bulletin_press.phrases import sure_phrases
    _, web, wechat = web_builds["2025-04"]
    page = read(web / "03-rengongzhineng.html")
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert title.split("<wbr>") == sure_phrases("人工智能赋能河南千行百业的现实基础与路径选择")
    assert "千行百<wbr>业" not in title and "河南千行百业" in title.split("<wbr>")
    heads = re.findall(r"<h[2-4]>(.*?)</h[2-4]>", page)
    assert heads and all("<wbr>" in h for h in heads)
    assert "word-break: keep-all" in page.split("</style>")[0]   # a phrase held together
    # WeChat's editor is not given them: its title is as typed
    assert "<wbr>" not in read(wechat / "03-rengongzhineng.html")
