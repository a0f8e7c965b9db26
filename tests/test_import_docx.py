"""`bulletin-press import FILE.docx`: Word files in, articles out; then check --fix and build.

The fixtures (tests/import_fixtures.py) are written with python-docx plus the
WordprocessingML that Word writes for what python-docx has no API for.
"""
import difflib
import re
import zipfile

import pytest
from lxml import etree

from bulletin_press import model as m
from bulletin_press import source
from bulletin_press.output import readback
from bulletin_press.source.docx_import import append_article

from conftest import copy_project, run_cli
from import_fixtures import png_bytes, report_docx, speech_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ISSUE_YAML = """year: 2025
number: 9
serial: 131   # 总第131期
date: 2025-09-01
theme: 县域数字化专题
articles:
"""


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def word_text(path) -> str:
    """What Word shows, read independently of the importer: every w:t of the body
    (deletions are w:delText, field codes w:instrText: not included), then the footnotes."""
    with zipfile.ZipFile(path) as zf:
        out = []
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part in zf.namelist():
                root = etree.fromstring(zf.read(part))
                out.append("".join(t.text or "" for t in root.iter(f"{W}t")))
    return _squash("".join(out))


def fidelity(want: str, got: str) -> float:
    """Share of Word's characters found in order in the PDF text."""
    sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(want))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A project copy with a new issue 2025-09; both fixtures imported, check --fix, build."""
    base = tmp_path_factory.mktemp("imp")
    root = copy_project(base / "proj")
    (root / "issues" / "2025-09").mkdir()
    (root / "issues" / "2025-09" / "issue.yaml").write_text(ISSUE_YAML, encoding="utf-8")
    speech = speech_docx(base / "讲话稿.docx")
    report = report_docx(base / "县域商业调查.docx")
    runs = [run_cli(root, "import", str(speech), "--into", "2025-09"),
            run_cli(root, "import", str(report), "--into", "2025-09", "--fix")]
    fixed = run_cli(root, "check", "--fix", "2025-09")
    built = run_cli(root, "build", "--screen-only", "2025-09")
    issue = source.load_issue(root, "2025-09")
    pdf = (root / "build" / "2025-09-screen.pdf").read_bytes()
    return {"root": root, "runs": runs, "fixed": fixed, "built": built, "issue": issue, "pdf": pdf,
            "speech": speech, "report": report}


def test_import_writes_the_articles_and_lists_them(imported):
    root = imported["root"]
    for res in imported["runs"]:
        assert res.exit_code == 0, res.output
    assert "wrote issues/2025-09/01-article.md" in imported["runs"][0].output
    assert "wrote issues/2025-09/02-article.md" in imported["runs"][1].output
    yaml_text = (root / "issues" / "2025-09" / "issue.yaml").read_text(encoding="utf-8")
    assert yaml_text == ISSUE_YAML + "  - 01-article.md\n  - 02-article.md\n"
    assert imported["built"].exit_code == 0, imported["built"].output
    assert [a.file.name for a in imported["issue"].articles] == ["01-article.md", "02-article.md"]


def test_warnings_name_what_was_left_out(imported):
    out = imported["runs"][0].output
    assert "1 comment(s) left out" in out
    assert "1 deletion(s) left out" in out


def test_title_and_bylines(imported):
    speech, report = imported["issue"].articles
    assert speech.title == "以数字化转型推动县域经济高质量发展"
    assert speech.authors == ["张明远"]
    assert (speech.affiliation, speech.affiliation_at) == ("河南中原创新发展研究院副院长", "byline")
    assert report.title == "县域商业体系建设的调查与思考"      # a bold, centred, large paragraph
    assert report.authors == ["李晓东", "王芳"]
    assert (report.affiliation, report.affiliation_at) == ("河南省商务研究所研究员", "end")


def _text(runs) -> str:
    return "".join(r.text for r in runs)


def test_headings_at_their_levels(imported):
    speech, report = imported["issue"].articles
    heads = [(b.level, _text(b.runs)) for b in speech.blocks if isinstance(b, m.Heading)]
    assert heads == [
        (1, "一、县域数字化转型的主要进展"),     # typed, bold
        (2, "（一）数字基础设施加快完善"),       # Heading 2 style, typed number
        (3, "1.智能工厂建设提速"),               # typed, short, no 。
        (1, "二、存在的主要问题"),               # Word's automatic numbering (chineseCounting, start 2)
        (2, "（一）人才支撑不足"),               # its second level
        (3, "1. 培训体系还不健全"),              # automatic decimal list
    ]
    assert [(b.level, _text(b.runs)) for b in report.blocks if isinstance(b, m.Heading)] == [
        (1, "发展现状"), (2, "流通网络")]       # heading styles, levels relative to the highest used
    paras = [_text(b.runs) for b in speech.blocks if isinstance(b, m.Paragraph)]
    # a numbered sentence stays a paragraph, with its number
    assert "2.加强组织领导。各县（市）要建立工作专班，明确责任分工。" in paras
    assert "2. 企业参与培训的积极性不高，课程与岗位需求脱节。" in paras


def test_runs_indents_and_spaces(imported):
    speech, report = imported["issue"].articles
    paras = [b for b in speech.blocks if isinstance(b, m.Paragraph)]
    first = _text(paras[0].runs)
    # full-width indent dropped, Word's spaces between Chinese dropped, soft break joined
    assert first == "县域是国家治理的基本单元，也是数字化转型的主战场。近年来，全省县域经济总量持续扩大"
    runin = next(p for p in paras if _text(p.runs).startswith("光纤网络"))
    assert runin.run_in and runin.runs[0].bold and runin.runs[0].text == "光纤网络覆盖所有行政村。"
    assert [r.text for r in runin.runs if r.bold] == ["光纤网络覆盖所有行政村。", "三成"]
    assert [r.text for r in runin.runs if r.italic] == ["智慧城市"]
    case = next(p for p in paras if _text(p.runs).startswith("【"))
    assert case.runs[0].bold and case.runs[0].text == "【典型案例】"
    last = _text(paras[-1].runs)
    assert last == "下一步，要持续完善政策体系，详见省级行动方案。"   # insertion taken, deletion and field code dropped


def test_merged_table_becomes_a_fenced_table_with_every_cell(imported):
    speech, report = imported["issue"].articles
    t = next(b for b in speech.blocks if isinstance(b, m.Table))
    assert _text(t.caption) == "表1 2023年部分县（市）数字经济主要指标"
    assert _text(t.note) == "资料来源：课题组根据各县（市）统计公报整理。"
    assert [(_text(c.runs), c.cols, c.rows) for c in t.header[0]] == [
        ("县（市）", 1, 2), ("数字经济规模", 2, 1), ("区号", 1, 2)]
    assert [_text(c.runs) for c in t.header[1]] == ["总量（亿元）", "增速（%）"]
    assert [[_text(c.runs) for c in row] for row in t.rows] == [
        ["巩义市", "186.40", "12.30", "0371"], ["长垣市", "152.75", "9.8", "0373"]]  # numbers as typed
    plain = next(b for b in report.blocks if isinstance(b, m.Table))
    assert [[_text(c.runs) for c in row] for row in plain.header + plain.rows] == [
        ["项目", "2022年", "2023年"], ["乡镇商贸中心（个）", "412", "468"], ["村级物流站点（个）", "8,260", "9,315"]]
    md = (imported["root"] / "issues" / "2025-09" / "02-article.md").read_text(encoding="utf-8")
    assert "| 乡镇商贸中心（个） | 412 | 468 |" in md       # no merged cells: a pipe table


def test_picture_written_and_placed_with_its_caption(imported):
    speech, _ = imported["issue"].articles
    fig = next(b for b in speech.blocks if isinstance(b, m.Figure))
    assert _text(fig.caption) == "图1 某县数字经济产业园一角"
    assert fig.path.parent.name == "images" and fig.path.suffix == ".png"
    assert fig.path.read_bytes() == png_bytes()
    assert not any(isinstance(b, m.Paragraph) and _text(b.runs).startswith("图1") for b in speech.blocks)
    from pypdf import PdfReader
    import io
    reader = PdfReader(io.BytesIO(imported["pdf"]))
    pages_with_images = [n for n, page in enumerate(reader.pages)
                         if "/XObject" in (page.get("/Resources") or {})
                         and any(x.get_object().get("/Subtype") == "/Image"
                                 for x in page["/Resources"]["/XObject"].values())]
    texts = readback.page_texts(imported["pdf"])
    assert any("图1某县数字经济产业园一角" in _squash(texts[n]) for n in pages_with_images)


def test_footnotes_become_numbered_notes(imported):
    speech, _ = imported["issue"].articles
    assert [(n.number, _text(n.blocks[0].runs)) for n in speech.notes] == [
        (1, "数据来源于省统计局2024年发布的统计年鉴。"), (2, "课题组2024年对10个县（市）的问卷调查。")]
    refs = [r.text for b in speech.blocks if isinstance(b, m.Paragraph) for r in b.runs if r.note]
    assert refs == ["①", "②"]


def _article_text(pdf: bytes, title: str) -> str:
    """The text from the article's title on (the first article may open on the front
    page, under the TOC: the title is the line that is the title alone)."""
    pages = readback.page_texts(pdf)
    want = _squash(title)
    for n, t in enumerate(pages):
        lines = t.splitlines()
        for k, line in enumerate(lines):
            if _squash(line) == want:
                return _squash("\n".join(lines[k:]) + "".join(pages[n + 1:]))
    raise AssertionError(f"title {title!r} not found as a line of its own")


@pytest.mark.parametrize("which", ["speech", "report"])
def test_every_character_of_the_word_file_reaches_the_pdf_in_order(imported, which):
    art = imported["issue"].articles[0 if which == "speech" else 1]
    want = word_text(imported[which])
    got = _article_text(imported["pdf"], art.title)
    score = fidelity(want, got)
    assert score >= 0.995, f"{which}: text fidelity {score:.4f}"
    # the only characters that may go: the Word spaces (squashed) — so every character is there
    assert score == 1.0, f"{which}: text fidelity {score:.4f}"


def test_check_after_import_is_clean(imported):
    assert imported["fixed"].exit_code == 0, imported["fixed"].output
    assert "0 error(s)" in imported["runs"][0].output


# ---------------------------------------------------------------- files and issue.yaml

def _small_issue(proj):
    folder = proj / "issues" / "2025-09"
    folder.mkdir()
    (folder / "issue.yaml").write_text(ISSUE_YAML + "  - 01-kaipian.md   # 开篇\n", encoding="utf-8")
    return folder


def test_never_overwrites_without_force(proj, tmp_path):
    folder = _small_issue(proj)
    src = report_docx(tmp_path / "a.docx")
    assert run_cli(proj, "import", str(src), "--into", "2025-09", "--as", "02-shangye.md").exit_code == 0
    before = (folder / "issue.yaml").read_bytes()
    (folder / "02-shangye.md").write_text("editor's work", encoding="utf-8")
    res = run_cli(proj, "import", str(src), "--into", "2025-09", "--as", "02-shangye.md")
    assert res.exit_code == 1 and "--force" in res.output
    assert (folder / "02-shangye.md").read_text(encoding="utf-8") == "editor's work"
    res = run_cli(proj, "import", str(src), "--into", "2025-09", "--as", "02-shangye.md", "--force")
    assert res.exit_code == 0 and "listed already" in res.output
    assert (folder / "02-shangye.md").read_text(encoding="utf-8").startswith("---\ntitle: 县域商业")
    assert (folder / "issue.yaml").read_bytes() == before       # listed once, where it was


def test_default_name_takes_the_next_number(proj, tmp_path):
    folder = _small_issue(proj)
    res = run_cli(proj, "import", str(report_docx(tmp_path / "a.docx")), "--into", "2025-09")
    assert res.exit_code == 0, res.output
    assert (folder / "02-article.md").is_file()
    assert (folder / "issue.yaml").read_text(encoding="utf-8") == (
        ISSUE_YAML + "  - 01-kaipian.md   # 开篇\n  - 02-article.md\n")


def test_append_article_keeps_the_rest_byte_for_byte():
    text = "date: 2025-01-01\r\narticles:\r\n    - a.md\r\n    - b.md  # two\r\nback:\r\n  phone: x\r\n"
    assert append_article(text, "c.md", "i.yaml") == text.replace("# two\r\n", "# two\r\n    - c.md\r\n")
    assert append_article(text, "b.md", "i.yaml") is None
    flow = "date: 2025-01-01\narticles: [a.md, b.md]   # order\nstyle: chuangxin\n"
    assert append_article(flow, "c.md", "i.yaml") == flow.replace("b.md]", "b.md, c.md]")
    empty = "date: 2025-01-01\narticles:\nstyle: chuangxin\n"
    assert append_article(empty, "c.md", "i.yaml") == empty.replace("articles:\n", "articles:\n  - c.md\n")


# ---------------------------------------------------------------- bad input

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("kind,data,says", [
    ("doc", OLE + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "old binary Word"),
    ("encrypted", OLE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "password"),
    ("text", "这不是 Word 文件".encode("utf-8"), "not a Word .docx"),
    ("rtf", b"{\\rtf1\\ansi hello}", "RTF"),
])
def test_unreadable_files_are_refused_and_nothing_is_written(proj, tmp_path, kind, data, says):
    folder = _small_issue(proj)
    before = sorted(p.name for p in folder.rglob("*")), (folder / "issue.yaml").read_bytes()
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(data)
    res = run_cli(proj, "import", str(src), "--into", "2025-09")
    assert res.exit_code == 1
    assert says in res.output and ".docx" in res.output
    assert (sorted(p.name for p in folder.rglob("*")), (folder / "issue.yaml").read_bytes()) == before


def test_damaged_and_foreign_zips_are_refused(proj, tmp_path):
    folder = _small_issue(proj)
    good = report_docx(tmp_path / "good.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good[: len(good) // 2])
    res = run_cli(proj, "import", str(cut), "--into", "2025-09")
    assert res.exit_code == 1 and "damaged" in res.output
    xlsx = tmp_path / "sheet.docx"
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    res = run_cli(proj, "import", str(xlsx), "--into", "2025-09")
    assert res.exit_code == 1 and "Excel" in res.output
    assert not list(folder.glob("*.md"))


@pytest.mark.parametrize("part, says", [
    # python-docx parses the notes only when they are read: named by the import
    ("word/footnotes.xml", "the .docx is damaged: its part word/footnotes.xml is not well-formed XML"),
    # the comments when the package is opened
    ("word/comments.xml", "the .docx is damaged: "),
])
def test_a_notes_or_comments_part_that_is_not_xml_is_a_damaged_file(proj, tmp_path, part, says):
    # a broken part is said as a damaged .docx, never as an internal error
    folder = _small_issue(proj)
    good = speech_docx(tmp_path / "good.docx")      # it has footnotes and a comment
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        assert part in zin.namelist()
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, data[: len(data) // 2] if name == part else data)
    res = run_cli(proj, "import", str(bad), "--into", "2025-09")
    assert res.exit_code == 1, res.output
    assert f"bad.docx: error: {says}" in res.output
    assert not list(folder.glob("*.md"))


def test_unknown_issue_is_refused(proj, tmp_path):
    res = run_cli(proj, "import", str(report_docx(tmp_path / "a.docx")), "--into", "2031-01")
    assert res.exit_code == 1 and "bulletin-press new 2031-01" in res.output


# ---------------------------------------------------------------- Word's real-world mess

def _convert(path):
    from bulletin_press.source.docx_markdown import to_article
    from bulletin_press.source.docx_read import open_docx, read_docx
    return to_article(read_docx(open_docx(path, str(path))), path.stem)


def test_real_world_mess(tmp_path):
    from import_fixtures import messy_docx
    conv = _convert(messy_docx(tmp_path / "m.docx"))
    assert conv.front == {"title": "扎实推进县域经济高质量发展——在全省县域经济工作会议上的讲话",
                          "author": "王建国"}
    body = conv.body
    assert body.startswith("专报\n\n## 一、总体要求\n\n")            # the label above the title is kept
    assert "详细情况可查阅省政府网站。[^1]" in body                     # hyperlink text; hidden text, symbol, page break out
    assert body.count("文本框里的说明文字。") == 1                       # DrawingML read, VML fallback not again
    assert "内容控件里的一段话。" in body
    assert "编号表2见上文。" in body                                    # REF result kept, PAGE dropped
    assert "- 第一项要点\n- 第二项要点" in body
    assert body.rstrip().endswith("[^1]: 尾注的内容。")
    assert "\n\n\n" not in body                                       # empty paragraphs leave nothing
    assert any("hidden" in w for w in conv.warnings) and any("symbol" in w for w in conv.warnings)


def test_numbering_formats():
    from bulletin_press.source.docx_read import chinese_number, format_number
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert format_number(3, "chineseCountingThousand") == "三"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV" and format_number(2, "lowerLetter") == "b"


def test_bylines():
    from bulletin_press.source.docx_markdown import _byline
    assert _byline("河南省区域创新研究会会长　韩立中") == (["韩立中"], "河南省区域创新研究会会长")
    assert _byline("作者：李晓东  王芳") == (["李晓东", "王芳"], None)
    assert _byline("关于加快发展的几点思考") is None


def test_markdown_syntax_in_word_text_is_escaped():
    from bulletin_press.source.docx_markdown import escape, escape_line_start
    from pathlib import Path as P
    from bulletin_press.source.markdown import Ctx, parse_blocks
    for text in ["1. 第一条", "# 不是标题", "- 不是列表", "Table: 不是表题", "Table：也不是", "价格*2 与 a_b_c [注] <b>"]:
        md = escape_line_start(escape(text))
        ctx = Ctx("x.md", P("/tmp"))
        blocks = parse_blocks(md, ctx)
        assert not ctx.problems, (text, md)
        assert len(blocks) == 1 and isinstance(blocks[0], m.Paragraph), (text, md)
        assert _text(blocks[0].runs) == text


def _signature(blocks):
    out = []
    for b in blocks:
        if isinstance(b, m.Paragraph):
            out.append(("p", _squash(_text(b.runs)), tuple(r.text for r in b.runs if r.bold)))
        elif isinstance(b, m.Heading):
            out.append(("h", b.level, _squash(_text(b.runs))))
        elif isinstance(b, m.Table):
            out.append(("t", _text(b.caption or []), _text(b.note or []),
                        tuple(tuple((_text(c.runs), c.cols, c.rows) for c in r) for r in b.header + b.rows)))
        elif isinstance(b, m.Figure):
            out.append(("f", _text(b.caption), b.path.read_bytes()))
    return out


@pytest.mark.parametrize("key", ["2025-04", "2024-12"])
def test_sample_issues_survive_a_trip_through_word(proj, tmp_path, key):
    """Every article of the sample issues (charts aside: Word has no ```chart), written as a
    contributor's .docx and imported again: same front matter, blocks, bold runs, tables."""
    from import_fixtures import docx_from_article
    issue = source.load_issue(proj, key)
    target = proj / "issues" / key
    for k, a in enumerate(issue.articles):
        blocks = [b for b in a.blocks if not isinstance(b, m.Chart) and not (isinstance(b, m.Table) and
                                                                           b.rows and key == "2024-12" and len(b.rows) > 30)]
        a.blocks = blocks
        src = docx_from_article(a, tmp_path / f"{k}.docx", styled_headings=k % 2 == 1)
        res = run_cli(proj, "import", str(src), "--into", key, "--as", f"x{k}.md")
        assert res.exit_code == 0, res.output
        back = source.load_issue(proj, key)
        got = next(x for x in back.articles if x.file.name == f"x{k}.md")
        assert (got.title, got.authors, got.affiliation, got.affiliation_at) == (
            a.title, a.authors, a.affiliation, a.affiliation_at)
        assert _signature(got.blocks) == _signature(blocks), a.file.name
        assert target.joinpath(f"x{k}.md").is_file()


def test_default_names_use_ascii_words_with_letters():
    from pathlib import Path as P
    from bulletin_press.source.docx_import import default_name
    assert default_name(P("/nonexistent"), ["03-x.md"], "河南县域创新能力评价报告（2024）") == "04-article.md"
    assert default_name(P("/nonexistent"), [], "5G与AI赋能制造业") == "01-5g-ai.md"


def _halfwidth_docx(path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = Document()
    doc.add_paragraph("县域经济的基础作用", style="Title")
    doc.add_paragraph("赵一鸣（河南省社会科学院）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph('　　县域经济是国民经济的基础,也是"稳增长"的关键.')
    doc.save(path)
    return path


def test_lint_runs_on_the_new_file_and_fix_repairs_it(proj, tmp_path):
    folder = _small_issue(proj)
    src = _halfwidth_docx(tmp_path / "h.docx")
    res = run_cli(proj, "import", str(src), "--into", "2025-09", "--as", "02-a.md")
    assert res.exit_code == 0
    assert "issues/2025-09/02-a.md:" in res.output and "[punct-halfwidth]" in res.output
    assert "[quote-straight]" in res.output and "check --fix 2025-09" in res.output
    res = run_cli(proj, "import", str(src), "--into", "2025-09", "--as", "03-a.md", "--fix")
    assert res.exit_code == 0 and "+县域经济是国民经济的基础，也是“稳增长”的关键。" in res.output
    assert "03-a.md: 0 error(s), 0 warning(s)" in res.output
    text = (folder / "03-a.md").read_text(encoding="utf-8")
    assert text == ("---\ntitle: 县域经济的基础作用\nauthor: 赵一鸣\naffiliation: 河南省社会科学院\n"
                    "affiliation_at: byline\n---\n县域经济是国民经济的基础，也是“稳增长”的关键。\n")
    run_cli(proj, "check", "--fix", "2025-09")
    assert "，也是“稳增长”的关键。" in (folder / "02-a.md").read_text(encoding="utf-8")


def test_a_title_set_in_two_paragraphs_is_one_title(tmp_path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    doc = Document()
    for line in ("关于加快建设现代化产业体系", "推动经济高质量发展的若干思考"):
        p = doc.add_paragraph()
        r = p.add_run(line)
        r.bold, r.font.size = True, Pt(18)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("孙立平").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("正文第一段。")
    conv = _convert_doc(doc, tmp_path)
    assert conv.front == {"title": "关于加快建设现代化产业体系推动经济高质量发展的若干思考", "author": "孙立平"}
    assert conv.body == "正文第一段。\n"


def _convert_doc(doc, tmp_path):
    path = tmp_path / "d.docx"
    doc.save(path)
    return _convert(path)
