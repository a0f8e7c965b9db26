"""Issue 10's source-side faults, tried through the CLI as a new user would:
photos forwarded from WeChat, serials, styles that break the page, one
article under two names, YAML text the lint never saw, Word tables, text lost
without a word.  Each case: the message names file and line, the exit code is
right, a failed build leaves the last good PDFs byte-identical and no temp file."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_cli as run
from test_cli_badinput import GOOD_ARTICLE, KEY, OLD_PDF, article, folder, proj, refused  # noqa: F401


def build_dir_untouched(root: Path) -> None:
    build = root / "build"
    assert sorted(p.name for p in build.iterdir()) == [f"{KEY}-print.pdf", f"{KEY}-screen.pdf"]
    for v in ("screen", "print"):
        assert (build / f"{KEY}-{v}.pdf").read_bytes() == OLD_PDF


def set_style(root: Path, old: str, new: str) -> Path:
    p = root / "styles" / "chuangxin.yaml"
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in ln)


# ---------------------------------------------------------------- 1. photos

def photo(path: Path, w: int, h: int, fmt: str) -> None:
    im = Image.new("RGB", (w, h), (180, 120, 60))
    for x in range(0, w, 7):                 # some detail, so it is not a flat colour
        for y in range(0, h, 11):
            im.putpixel((x, y), (20, 40, 200))
    buf = io.BytesIO()
    im.save(buf, fmt)
    path.write_bytes(buf.getvalue())


LOWRES = [("wechat.jpg", 640, 480, "JPEG"), ("dot.png", 1, 1, "PNG"), ("shot.webp", 800, 600, "WEBP"),
          ("tall.gif", 300, 900, "GIF")]


def with_photos(root: Path) -> str:
    text = GOOD_ARTICLE
    for name, w, h, fmt in LOWRES:
        photo(folder(root) / "images" / name, w, h, fmt)
        text += f"\n![图{name}](images/{name})\n"
    article(root).write_text(text, encoding="utf-8")
    return text


def test_low_resolution_photos_build_both_pdfs_with_a_warning(proj):
    text = with_photos(proj)
    lines = text.split("\n")
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    assert "a bug in bulletin-press" not in res.output and "FormXob" not in res.output
    for name, w, h, _ in LOWRES:
        line = next(i for i, ln in enumerate(lines, 1) if f"images/{name}" in ln)
        outl = res.output.split("\n")
        k = next(i for i, ln in enumerate(outl) if f"images/{name} is {w}×{h} pixels" in ln)
        msg = outl[k] + outl[k + 1]
        assert msg.startswith(f"issues/{KEY}/01-wenzhang.md:{line}: warning:"), msg
        assert "ppi" in msg and "larger original" in msg
    for v in ("screen", "print"):
        data = (proj / "build" / f"{KEY}-{v}.pdf").read_bytes()
        assert data != OLD_PDF and data.startswith(b"%PDF")
    # check says the same
    chk = run(proj, "check", KEY)
    assert chk.exit_code == 0, chk.output
    assert f"01-wenzhang.md:{line}: warning: images/tall.gif is 300×900 pixels" in chk.output
    assert "wechat.jpg is 640×480 pixels" in chk.output
    # the preflight of the print PDF names the images by file, never by PDF object
    pf = run(proj, "preflight", str(proj / "build" / f"{KEY}-print.pdf"))
    assert "images/wechat.jpg (the figure at 01-wenzhang.md:" in pf.output, pf.output
    assert "FormXob" not in pf.output and "image Im" not in pf.output
    assert pf.exit_code == 0 and "PASS" in pf.output       # judged as the build did: a warning


def test_the_style_can_make_low_resolution_an_error_for_print(proj):
    with_photos(proj)
    set_style(proj, "\ntext:", "\nfigures:\n  min_ppi: 200\n  low_resolution: error\ntext:")
    out = refused(proj, f"issues/{KEY}/01-wenzhang.md:", "dot.png is 1×1 pixels", "200 ppi")
    assert "tall.gif is 300×900 pixels" in out      # check names every figure under min_ppi
    assert "wechat.jpg is" not in out               # 209 ppi passes min_ppi: 200
    assert "a bug in bulletin-press" not in out
    assert not list((proj / "build").glob("*.tmp")) and not list((proj / "build").glob(".*"))


def test_a_printed_width_makes_a_small_photo_sharp_and_a_bad_one_is_refused(proj):
    photo(folder(proj) / "images" / "wechat.jpg", 640, 480, "JPEG")
    article(proj).write_text(GOOD_ARTICLE + '\n![图一](images/wechat.jpg "30%")\n', encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0 and "wechat.jpg is" not in res.output, res.output
    article(proj).write_text(GOOD_ARTICLE + '\n![图一](images/wechat.jpg "small")\n', encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:12", "not a printed width", '"50%"')


# ---------------------------------------------------------------- 3. 总第N期

def set_issue(root: Path, old: str, new: str) -> Path:
    p = folder(root) / "issue.yaml"
    text = p.read_text(encoding="utf-8")
    assert old in text, (old, text)
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def serial_line(root: Path) -> str:
    return next(ln for ln in (folder(root) / "issue.yaml").read_text(encoding="utf-8").split("\n")
                if ln.startswith("serial:"))


def test_new_issue_takes_the_serial_after_the_issue_just_before(proj):
    from bulletin_press.source.issue import load_issue
    assert serial_line(proj).split()[1] == "127"          # 2025-04 is 总第126期
    assert load_issue(proj, KEY).serial == 127


def test_a_missing_serial_is_never_guessed_from_an_older_folder(proj):
    import shutil
    shutil.rmtree(proj / "issues" / "2025-03")
    res = run(proj, "build", "2025-04")
    assert res.exit_code == 1, res.output
    assert "issues/2025-04/issue.yaml:1:1: error: issue.yaml has no serial:" in res.output
    assert "2025-03" in res.output and "serial: N" in res.output and "follows:" in res.output
    p = proj / "issues" / "2025-04" / "issue.yaml"
    p.write_text("follows: 2024-12\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    res = run(proj, "check", "2025-04")                       # declared: 2024-12 is 总第122期
    assert res.exit_code == 0, res.output
    from bulletin_press.source.issue import load_issue
    assert load_issue(proj, "2025-04").serial == 123


def test_a_serial_that_does_not_follow_warns_naming_both(proj):
    p = set_issue(proj, serial_line(proj), "serial: 200")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    line = line_of(p, "serial:")
    assert f"issues/{KEY}/issue.yaml:{line}:9: warning: serial: 200 (总第200期) does not follow" in res.output
    assert "2025-04 (总第126期)" in res.output and "write serial: 127" in res.output
    set_issue(proj, "serial: 200", "serial: 126")
    res = run(proj, "check", KEY)
    assert "is also the serial of 2025-04" in res.output


def test_yaml_numbers_are_read_as_written(proj):
    from bulletin_press.source.issue import load_issue
    set_issue(proj, serial_line(proj), "serial: 0127")       # YAML 1.1 would read octal 87
    assert load_issue(proj, KEY).serial == 127
    assert run(proj, "check", KEY).exit_code == 0


@pytest.mark.parametrize("written,why", [("0x7F", "hexadecimal"), ("1_27", "_ between its digits"),
                                         ("2:07", "time or a ratio"), (".inf", "infinity"),
                                         ("0o177", "octal"), ("1,270", "thousands")])
def test_yaml_number_forms_are_refused_with_the_reason(proj, written, why):
    p = set_issue(proj, serial_line(proj), f"serial: {written}")
    refused(proj, f"issues/{KEY}/issue.yaml:{line_of(p, 'serial:')}:9", why, "decimal digits")


def test_new_fills_a_date_in_the_issues_year_and_no_colliding_serial(proj):
    res = run(proj, "new", "2025-02")
    assert res.exit_code == 0, res.output
    text = (proj / "issues" / "2025-02" / "issue.yaml").read_text(encoding="utf-8")
    assert "\n# serial:" in text and "\nserial:" not in text   # 2025-01 is not there: the editor fills it in
    assert "\ndate: 2025-" in text
    res = run(proj, "new", "2031-03")
    text = (proj / "issues" / "2031-03" / "issue.yaml").read_text(encoding="utf-8")
    assert "\ndate: 2031-03-01" in text


# ---------------------------------------------------------------- 6. one article, two names

@pytest.mark.parametrize("other", ["./01-wenzhang.md", "images/../01-wenzhang.md", " 01-wenzhang.md",
                                   ".//01-wenzhang.md"])
def test_one_article_under_two_names_is_listed_twice(proj, other):
    p = set_issue(proj, "  - 01-wenzhang.md", f"  - 01-wenzhang.md\n  - '{other}'")
    line = line_of(p, f"'{other}'")
    refused(proj, f"issues/{KEY}/issue.yaml:{line}:5: error: article {other.strip()} is listed twice",
            "(as 01-wenzhang.md), first on line" if other.strip() != "01-wenzhang.md" else "first on line")


# ---------------------------------------------------------------- 5. styles that break the page

@pytest.mark.parametrize("old,new,needle", [
    ("chars_per_line: 42", "chars_per_line: 500", "text would run off the edge"),
    ("chars_per_line: 42", "chars_per_line: 90", "text would run off the edge"),
    ("lines_per_page: 40", "lines_per_page: 100", "lines fit above"),
    ("top: 23mm", "top: 290mm", "down a page 297 mm high"),
    ("size: 五号, leading: 17.5pt", "size: 0pt, leading: 17.5pt", "more than 0 pt"),
    ("size: 五号, leading: 17.5pt", "size: -3pt, leading: 17.5pt", "more than 0 pt"),
    ("size: 五号, leading: 17.5pt", "size: 五号, leading: 6pt", "lines would overlap"),
    ("size: 五号, leading: 17.5pt", "size: 五号, leading: 0", "more than 0 pt"),
    ("indent: 2}", "indent: 40}", "indent 40 em"),
    ("black: [0, 0, 0, 100]", "black: [0, 0, 0, 120]", "each 0–100"),
    ("bleed: 3mm", "bleed: 3m", "is not a length"),
    ("bleed: 3mm", "bleed: 0", "less than the 3 mm"),
    ("size: 五号, leading: 17.5pt", "size: 3pt, leading: 17.5pt", "cannot be read in print"),
    ("multiple_of: 4", "multiple_of: 2", "a multiple of 4"),
    ("chars_per_line: 42", "chars_per_line: 10", "too few for a bulletin page"),
    ("lines_per_page: 40", "lines_per_page: 10", "too few for a bulletin page"),
    ("max_squeeze: 0.02", "max_squeeze: 0.2", "between 0 and 0.05 em"),
])
def test_style_values_that_break_the_page_are_refused_with_the_line(proj, old, new, needle):
    p = set_style(proj, old, new)
    line = line_of(p, new)
    out = refused(proj, f"styles/chuangxin.yaml:{line}:", needle)
    assert "a bug in bulletin-press" not in out


def test_the_preflight_finds_text_outside_the_trim(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "off.pdf"
    c = canvas.Canvas(str(path), pagesize=(600, 800))
    c.setTrimBox((20, 20, 580, 780))
    c.drawString(100, 400, "inside")
    c.showPage()
    c.setTrimBox((20, 20, 580, 780))
    c.drawString(-40, 400, "off the left edge")
    c.showPage()
    c.save()
    from bulletin_press.output.preflight import preflight
    rep = preflight(path.read_bytes(), require_print=True)
    [f] = [f for f in rep.findings if f.code == "text-outside-trim"]
    assert f.severity == "error" and f.pages == [2]


# ---------------------------------------------------------------- 7. the biggest type is linted

TABLE = '''
```table
caption: 表1 投入,产出
header:
  - [项目, "研发投入(亿元)"]
rows:
  - [全省, 研发"强度"提高]
```
'''


def test_yaml_values_are_linted_and_fixed_with_a_diff(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE.replace("title: 以制造业数智化转型筑牢产业根基",
                                      'title: 以制造业"数智化"转型,筑牢产业根基') + TABLE, encoding="utf-8")
    set_issue(proj, "theme: 聚焦制造业转型", "theme: 聚焦创新,赋能发展")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    title = a.read_text(encoding="utf-8").split("\n")[1]
    assert f"01-wenzhang.md:2:{title.index(chr(34)) + 1}: warning: straight" in res.output
    assert f"01-wenzhang.md:2:{title.index(',') + 1}: warning: half-width" in res.output
    theme_line = line_of(folder(proj) / "issue.yaml", "theme:")
    assert f"issue.yaml:{theme_line}:12: warning: half-width" in res.output
    cap = line_of(a, "caption: 表1")
    assert f"01-wenzhang.md:{cap}:" in res.output and f"01-wenzhang.md:{cap + 2}:" in res.output
    assert f"01-wenzhang.md:{cap + 4}:" in res.output
    res = run(proj, "check", "--fix", KEY)
    assert res.exit_code == 0, res.output
    assert '+title: 以制造业“数智化”转型，筑牢产业根基' in res.output      # the diff is shown
    fixed = a.read_text(encoding="utf-8")
    assert "title: 以制造业“数智化”转型，筑牢产业根基" in fixed
    assert "caption: 表1 投入，产出" in fixed and "研发“强度”提高" in fixed and "研发投入（亿元）" in fixed
    assert "theme: 聚焦创新，赋能发展" in (folder(proj) / "issue.yaml").read_text(encoding="utf-8")
    res = run(proj, "check", KEY)
    assert "[punct-halfwidth]" not in res.output and "[quote-straight]" not in res.output, res.output
    assert run(proj, "build", KEY).exit_code == 0


# ---------------------------------------------------------------- 8. Word tables as TAB lines

WORD_TABLE = "指标\t2023年\t2024年\n研发投入（亿元）\t1211.7\t1300.2\n专利授权（件）\t\t9.8万\n"


def test_a_word_table_pasted_as_tabs_is_refused_and_converted_by_fix(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n" + WORD_TABLE, encoding="utf-8")
    line = line_of(a, "指标\t")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line}:3: error: 3 lines with TABs between 3 cells",
            "pipe table", "check --fix")
    res = run(proj, "check", "--fix", KEY)
    assert res.exit_code == 0, res.output
    fixed = a.read_text(encoding="utf-8")
    assert "| 指标 | 2023年 | 2024年 |\n| --- | --- | --- |\n| 研发投入（亿元） | 1211.7 | 1300.2 |\n" \
           "| 专利授权（件） |  | 9.8万 |" in fixed                      # no cell merged, the empty one kept
    assert run(proj, "build", KEY).exit_code == 0


def test_fix_never_deletes_a_tab_after_a_bracket(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n研发投入（亿元）\t1211.7\n", encoding="utf-8")
    run(proj, "check", "--fix", KEY)
    assert "研发投入（亿元）1211.7" not in a.read_text(encoding="utf-8")
    assert "| 研发投入（亿元） | 1211.7 |" in a.read_text(encoding="utf-8")


# ---------------------------------------------------------------- 12. nothing an editor wrote disappears

def test_an_extra_cell_in_a_pipe_table_row_stops_the_build_with_its_line(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n| 地区 | 数值 |\n| --- | --- |\n| 郑州 | 12 |\n| 洛阳 | 8 | 备注 |\n",
                 encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '| 洛阳')}: error: this table row has 3 cells",
            "“备注” would be lost", "add the column")


def test_lists_nested_past_three_levels_stop_with_their_line(proj):
    items = "".join("  " * d + f"- 第{d + 1}层\n" for d in range(11))
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n" + items, encoding="utf-8")
    out = refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '- 第4层')}: error: lists or quotes nested 4")
    assert "list inside a list item" not in out        # the three levels that print are set nested


def test_deep_quotes_do_not_vanish(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n" + ">" * 25 + " 深处的话\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '深处的话')}: error: lists or quotes nested")


PASTED = "第一段写完了。\n第二段紧接着来了，没有空行。\n主要做法有：\n（1）第一项；\n（2）第二项。\n"


def test_paragraphs_pasted_without_blank_lines_warn_and_fix_splits_them(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n" + PASTED, encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    for needle in ("第二段紧接着", "主要做法有", "（1）第一项", "（2）第二项"):
        assert f"01-wenzhang.md:{line_of(a, needle)}:1: warning: this line looks like a new" in res.output
    res = run(proj, "check", "--fix", KEY)
    fixed = a.read_text(encoding="utf-8")
    assert "第一段写完了。\n\n第二段紧接着来了，没有空行。\n\n主要做法有：\n\n（1）第一项；\n\n（2）第二项。\n" in fixed
    assert "[para-merge]" not in run(proj, "check", KEY).output


# ---------------------------------------------------------------- 13. smaller ones, source side

def test_an_emoji_in_the_title_is_reported_at_the_title_line(proj):
    article(proj).write_text(GOOD_ARTICLE.replace("title: 以制造业", "title: 🚀以制造业"), encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:2:", "no configured font can draw", "U+1F680")


def test_an_emoji_in_the_theme_and_note_title_is_reported_at_its_line(proj):
    p = set_issue(proj, f"theme: 聚焦制造业转型", "theme: 聚焦制造业转型🎉")
    refused(proj, f"issues/{KEY}/issue.yaml:{line_of(p, 'theme:')}:", "U+1F389")


def test_an_unclosed_fence_is_blamed_on_its_opening_line(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n```table\ncaption: 表1\nrows:\n  - [a, b]\n\n## 二、后文\n\n正文。\n",
                 encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '```table')}: error: the ```table block "
            "opened here is never closed")


def test_a_heading_with_nothing_under_it_warns(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n## 二、空的一节\n\n## 三、最后一节\n", encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0
    assert f"01-wenzhang.md:{line_of(a, '二、空的一节')}: warning: the heading “二、空的一节” has no text" in res.output
    assert f"01-wenzhang.md:{line_of(a, '三、最后一节')}: warning: the heading “三、最后一节”" in res.output
    assert "warning" in run(proj, "build", KEY).output


def test_the_templates_placeholders_are_pointed_out(proj):
    from bulletin_press.source.newissue import ARTICLE_TEMPLATE, issue_yaml
    from bulletin_press.source.placeholders import ARTICLE, ISSUE
    assert all(w in ARTICLE_TEMPLATE for w in ARTICLE)
    assert all(w in issue_yaml("2025-05", 1, None, None, __import__("datetime").date(2025, 5, 1), None, "x")
               for w in ISSUE)
    article(proj).write_text(ARTICLE_TEMPLATE, encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0
    for w in ("文章标题", "作者姓名", "作者单位及职务", "这里是正文的第一段", "一级标题"):
        assert f"warning: “{w}” is the placeholder text" in res.output
    assert "01-wenzhang.md:3:8: warning: “文章标题”" in res.output
    assert run(proj, "check", "--strict", KEY).exit_code == 1


@pytest.mark.parametrize("name,data", [("empty.png", b""), ("fake.jpg", b"not a picture at all"),
                                       ("cut.png", b"\x89PNG\r\n\x1a\n\x00\x00")])
def test_an_unreadable_image_is_named_without_machine_paths(proj, name, data):
    (folder(proj) / "images" / name).write_bytes(data)
    article(proj).write_text(GOOD_ARTICLE + f"\n![图一](images/{name})\n", encoding="utf-8")
    out = refused(proj, f"issues/{KEY}/01-wenzhang.md:12: error: images/{name} is not a readable image")
    assert str(proj) not in out


@pytest.mark.parametrize("mode,size", [("CMYK", (700, 500)), ("I;16", (600, 400)), ("LA", (640, 480)),
                                       ("1", (800, 600)), ("P", (500, 300))])
def test_other_image_modes_build_with_a_warning(proj, mode, size):
    Image.new(mode, size).save(folder(proj) / "images" / "x.tiff")
    article(proj).write_text(GOOD_ARTICLE + "\n![图一](images/x.tiff)\n", encoding="utf-8")
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    assert f"01-wenzhang.md:12: warning: images/x.tiff is {size[0]}×{size[1]} pixels" in res.output


def test_publication_yaml_text_is_linted_and_fixed_too(proj):
    p = proj / "issues" / "publication.yaml"
    text = p.read_text(encoding="utf-8")
    import re as _re
    m = _re.search(r"^  submitted_to: (.+?)(\s+#.*)?$", text, _re.M)
    assert m, text
    value = m.group(1)
    bad = value.replace("、", ",", 1)
    assert bad != value
    p.write_text(text.replace(f"submitted_to: {value}", f"submitted_to: {bad}", 1), encoding="utf-8")
    res = run(proj, "check", KEY)
    assert f"issues/publication.yaml:{line_of(p, 'submitted_to:')}:" in res.output and "half-width comma" in res.output
    run(proj, "check", "--fix", KEY)
    assert f"submitted_to: {bad.replace(',', '，')}" in p.read_text(encoding="utf-8")


def test_table_rows_without_the_delimiter_line_stop_with_the_line(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n| 地区 | 数值 |\n| 郑州 | 12 |\n| 洛阳 | 8 |\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '| 地区')}:1: error: 3 lines written as table rows",
            "| --- |")


@pytest.mark.parametrize("extra,needle", [("\n## \n\n正文。\n", "an empty heading"),
                                          ("\n- 一项\n- \n", "an empty list item")])
def test_empty_headings_and_list_items_warn(proj, extra, needle):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + extra, encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0 and needle in res.output, res.output


def test_an_article_named_without_md_gets_a_suggestion(proj):
    p = set_issue(proj, "  - 01-wenzhang.md", "  - 01-wenzhang")
    refused(proj, f"issues/{KEY}/issue.yaml:{line_of(p, '- 01-wenzhang')}:5: error: article 01-wenzhang "
            "(01-wenzhang) is not a Markdown file", "did you mean 01-wenzhang.md?")


def test_a_date_outside_the_issues_year_warns(proj):
    p = set_issue(proj, "date: 2025-05-20", "date: 2052-05-20")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0
    assert f"issue.yaml:{line_of(p, 'date:')}:7: warning: date: 2052-05-20 is not in 2025" in res.output


def test_a_word_table_pasted_with_wide_spaces_is_found_and_never_merged(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n指标    2023年    2024年\n研发投入（亿元）    1211.7    1300.2\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '指标')}:3: error: 2 lines with wide spaces between 3 cells")
    run(proj, "check", "--fix", KEY)
    fixed = a.read_text(encoding="utf-8")
    assert "| 研发投入（亿元） | 1211.7 | 1300.2 |" in fixed and "（亿元）1211.7" not in fixed


def test_new_never_writes_a_serial_another_issue_has(proj):
    # 2025-03 is 总第125期; an issue 2025-02 after a 2025-01 of 总第124期 would be 125 too
    (proj / "issues" / "2025-01").mkdir()
    (proj / "issues" / "2025-01" / "issue.yaml").write_text(
        "year: 2025\nnumber: 1\nserial: 124\ndate: 2025-01-10\narticles:\n  - a.md\n", encoding="utf-8")
    res = run(proj, "new", "2025-02")
    assert res.exit_code == 0, res.output
    text = (proj / "issues" / "2025-02" / "issue.yaml").read_text(encoding="utf-8")
    assert "\nserial:" not in text and "# serial:" in text and "taken" in text


def test_a_table_fence_inside_a_quote_is_closed(proj):
    article(proj).write_text(GOOD_ARTICLE + "\n> ```table\n> header:\n>   - [地区, 数值]\n> rows:\n"
                             ">   - [郑州, \"12\"]\n> ```\n", encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0 and "never closed" not in res.output, res.output


def test_numbered_lines_glued_to_a_paragraph_warn(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + "\n主要有三点：\n2. 第二点\n3. 第三点\n增长了\n1.5倍。\n", encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    assert f"01-wenzhang.md:{line_of(a, '2. 第二点')}: warning: “2. 第二点…” starts with a number" in res.output
    assert f"01-wenzhang.md:{line_of(a, '3. 第三点')}: warning:" in res.output
    assert f"01-wenzhang.md:{line_of(a, '1.5倍')}:" not in res.output


@pytest.mark.parametrize("value", ["1_000", "inf", "nan", "0x1F", "1e400"])
def test_chart_values_are_numbers_as_written(proj, value):
    a = article(proj)
    a.write_text(GOOD_ARTICLE + f"\n```chart\ntype: bar\ncaption: 图1 增速\nx: [2023年, 2024年]\nseries:\n"
                 f"  全省: [7.8, {value}]\n```\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:{line_of(a, '全省:')}:", "is not a number")


def test_a_huge_number_in_yaml_is_refused_with_the_reason(proj):
    p = set_style(proj, "\ntext:", "\nfigures:\n  min_ppi: 1e400\ntext:")
    refused(proj, f"styles/chuangxin.yaml:{line_of(p, 'min_ppi')}:", "too large")
