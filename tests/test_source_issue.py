"""Loading a whole issue: publication, issue.yaml, articles, serial, back, style, errors with lines."""
from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

import pytest

from bulletin_press.errors import BuildError
from bulletin_press.model import Heading, Paragraph, Run
from bulletin_press.source import find_root, issue_keys, load_issue, load_style, parse_size
from bulletin_press.source.textfile import read_text
from bulletin_press.source.yamlfile import load_yaml

PUBLICATION = """\
title: 创新资讯
title_latin: CHUANGXINZIXUN
sponsors: [河南中原创新发展研究院, 河南新经济研究院]
tagline: [新探索, 新经验]
style: s
back:
  qr: https://example.org/follow
  qr_caption: 扫码关注
  editor_in_chief: 主编甲
  reviewers: [编审乙, 编审丙]
  postcode: 045000
  phone: 0371-88857028
"""

ARTICLE = """\
---
title: 以制造业“三化”夯实产业根基
author: 刘某
affiliation: 某研究院
---
面对新一轮区域竞争变局，
河南必须加快转型。

## 一、制造业“三化”是重要支撑

**制造业“三化”是“四高”的应有之义。**高质量发展。
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content,
                            encoding="utf-8")
    return root


def issue_yaml(**extra: str) -> str:
    base = {"year": "2025", "number": "4", "serial": "126", "date": "2025-03-05",
            "theme": "聚焦“四高四争先”", "articles": "\n  - 01-a.md"}
    base.update(extra)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


def project(tmp_path: Path, **files) -> Path:
    """A minimal valid project; `files` override or add (use '/' in names via dict)."""
    base = {
        "issues/publication.yaml": PUBLICATION,
        "styles/s.yaml": "name: s\n",
        "issues/2025-04/issue.yaml": issue_yaml(),
        "issues/2025-04/01-a.md": ARTICLE,
    }
    base.update({k.replace("__", "/"): v for k, v in files.items()})
    return write(tmp_path, base)


def problems_of(root: Path, key: str = "2025-04"):
    with pytest.raises(BuildError) as info:
        load_issue(root, key)
    return info.value.problems


# ---------------------------------------------------------------- happy path

def test_loads_a_valid_issue(tmp_path):
    root = project(tmp_path)
    warnings = []
    issue = load_issue(root, "2025-04", warnings)
    assert warnings == []
    assert (issue.year, issue.number, issue.serial) == (2025, 4, 126)
    assert issue.date == dt.date(2025, 3, 5) and issue.style == "s"
    assert issue.publication.sponsors == ["河南中原创新发展研究院", "河南新经济研究院"]
    (art,) = issue.articles
    assert art.title == "以制造业“三化”夯实产业根基" and art.authors == ["刘某"]
    assert art.affiliation == "某研究院" and art.affiliation_at == "end"
    p0, h, p1 = art.blocks
    assert p0.runs == [Run("面对新一轮区域竞争变局，河南必须加快转型。")]
    assert p0.pos.line == 6  # body lines count from the top of the file
    assert isinstance(h, Heading) and h.level == 1 and h.pos.line == 9
    assert isinstance(p1, Paragraph) and p1.run_in and p1.runs[0].bold


def test_find_root_and_issue_keys(tmp_path):
    root = project(tmp_path, issues__2024_x__keep="", **{"issues/2024-12/issue.yaml": issue_yaml()})
    deep = root / "issues" / "2025-04"
    assert find_root(deep, None) == root.resolve()
    assert find_root(Path("/"), root) == root.resolve()
    assert issue_keys(root) == ["2024-12", "2025-04"]
    with pytest.raises(BuildError):
        find_root(tmp_path / "issues" / "..", tmp_path / "issues")


# ---------------------------------------------------------------- serial

def test_serial_from_the_issue_just_before(tmp_path):
    """Only the issue just before counts: 2024-12 precedes 2025-01 (the previous
    year's last folder); 2025-04 without 2025-03 has no serial to compute."""
    root = project(tmp_path, **{
        "issues/2024-11/issue.yaml": issue_yaml(serial="120", year="2024", number="11"),
        "issues/2024-12/issue.yaml": issue_yaml(serial=None, year="2024", number="12"),
        "issues/2025-01/issue.yaml": issue_yaml(serial=None, number="1"),
        "issues/2025-04/issue.yaml": issue_yaml(serial=None),
    })
    from bulletin_press.source.serial import serial_of
    assert serial_of(root, "2025-01") == 122
    (p,) = problems_of(root)
    assert "2025-03" in p.what and "serial: N" in p.fix and "follows:" in p.fix
    (root / "issues/2025-04/issue.yaml").write_text(issue_yaml(serial=None, follows="2025-01"),
                                                    encoding="utf-8")
    assert load_issue(root, "2025-04").serial == 123


def test_serial_missing_everywhere_is_an_error(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(serial=None)})
    (p,) = problems_of(root)
    assert "serial" in p.what and "serial:" in p.fix


def test_year_number_disagreeing_with_folder_warns(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(number="5")})
    warnings = []
    load_issue(root, "2025-04", warnings)
    assert len(warnings) == 1 and warnings[0].severity == "warning" and warnings[0].pos.line == 2


def test_bad_issue_key(tmp_path):
    root = project(tmp_path)
    with pytest.raises(BuildError, match="YYYY-NN"):
        load_issue(root, "2025-4")
    with pytest.raises(BuildError, match="2025-04"):
        load_issue(root, "2025-05")


# ---------------------------------------------------------------- back

def test_back_merge_and_literal_postcode(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(back="\n  phone: 0371-68787369\n  reviewers: 编审丁")})
    back = load_issue(root, "2025-04").back
    assert back.phone == "0371-68787369"          # overridden
    assert back.reviewers == ["编审丁"]           # overridden, string → list
    assert back.editor_in_chief == "主编甲"       # inherited
    assert back.postcode == "045000"              # as typed, not octal
    assert back.qr == "https://example.org/follow" and back.qr_image is None


def test_back_qr_image_in_issue_folder(tmp_path):
    root = project(tmp_path, **{
        "issues/2025-04/issue.yaml": issue_yaml(back="\n  qr: images/qr.png"),
        "issues/2025-04/images/qr.png": b"png",
    })
    back = load_issue(root, "2025-04").back
    assert back.qr is None and back.qr_image == (root / "issues/2025-04/images/qr.png").resolve()


def test_back_qr_image_missing_is_an_error(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(back="\n  qr: images/qr.png")})
    (p,) = problems_of(root)
    assert "qr" in p.what and p.pos.file == "issues/2025-04/issue.yaml" and p.pos.line == 9


def test_unknown_back_key(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(back="\n  phnoe: 1")})
    (p,) = problems_of(root)
    assert "did you mean 'phone'" in p.what


# ---------------------------------------------------------------- YAML errors

def test_unknown_key_on_line_5_with_suggestion(tmp_path):
    text = "year: 2025\nnumber: 4\nserial: 126\ndate: 2025-03-05\nthmee: 主题\narticles:\n  - 01-a.md\n"
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": text})
    (p,) = problems_of(root)
    assert p.pos.file == "issues/2025-04/issue.yaml" and p.pos.line == 5
    assert "unknown key 'thmee'" in p.what and "did you mean 'theme'" in p.what


def test_tab_in_yaml(tmp_path):
    text = "year: 2025\ndate: 2025-03-05\narticles:\n\t- 01-a.md\n"
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": text})
    (p,) = problems_of(root)
    assert "TAB" in p.what and p.pos.line == 4


def test_unclosed_quote(tmp_path):
    text = 'year: 2025\ndate: 2025-03-05\ntheme: "聚焦\narticles:\n  - 01-a.md\n'
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": text})
    (p,) = problems_of(root)
    assert "quote" in p.what and "never closed" in p.what and p.pos.line == 3


def test_duplicate_key(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml() + "theme: 又一个\n"})
    (p,) = problems_of(root)
    assert "duplicate key 'theme'" in p.what and p.pos.line == 8 and "line 5" in p.what


def test_issue_yaml_that_is_a_list(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": "- 01-a.md\n- 02-b.md\n"})
    (p,) = problems_of(root)
    assert "should be a mapping" in p.what and "list" in p.what and p.pos.line == 1


def test_value_with_colon_needs_quotes():
    _, problems = load_yaml("theme: 对策: 建议\n", "x.yaml")
    assert "quotes" in problems[0].fix and problems[0].pos.line == 1


def test_impossible_date(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(date="2025-02-30")})
    (p,) = problems_of(root)
    assert "'date'" in p.what and p.pos.line == 4


# ---------------------------------------------------------------- articles

def test_missing_and_twice_listed_articles(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(articles="\n  - 01-a.md\n  - 02-b.md\n  - 01-a.md")})
    ps = problems_of(root)
    assert len(ps) == 2
    missing, twice = ps
    assert "02-b.md" in missing.what and "does not exist" in missing.what and missing.pos.line == 8
    assert "listed twice" in twice.what and twice.pos.line == 9 and "line 7" in twice.what


def test_unlisted_article_warns(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/99-draft.md": ARTICLE})
    warnings = []
    load_issue(root, "2025-04", warnings)
    assert len(warnings) == 1 and "99-draft.md" in warnings[0].pos.file


def test_front_matter_errors_collected_across_articles(tmp_path):
    root = project(tmp_path, **{
        "issues/2025-04/issue.yaml": issue_yaml(articles="\n  - 01-a.md\n  - 02-b.md\n  - 03-c.md\n  - 04-d.md"),
        "issues/2025-04/01-a.md": "没有前置信息\n",
        "issues/2025-04/02-b.md": "---\ntitle: 题\nauthor: 某\n正文\n",
        "issues/2025-04/03-c.md": "---\ntitle: 题\nathor: 某\n---\n正文\n",
        "issues/2025-04/04-d.md": "---\ntitle: 题\nauthor: [甲, 乙]\n---\n\n",
    })
    ps = problems_of(root)
    by_file = {p.pos.file.rsplit("/", 1)[1]: p for p in ps}
    assert "no front matter" in by_file["01-a.md"].what
    assert "never closed" in by_file["02-b.md"].what and by_file["02-b.md"].pos.line == 1
    c = [p for p in ps if p.pos.file.endswith("03-c.md")]
    assert any("unknown key 'athor'" in p.what and "did you mean 'author'" in p.what and p.pos.line == 3 for p in c)
    assert any("no 'author'" in p.what for p in c)
    assert "no text" in by_file["04-d.md"].what


def test_affiliation_at_choice(tmp_path):
    art = ARTICLE.replace("affiliation: 某研究院", "affiliation: 某研究院\naffiliation_at: bylin")
    root = project(tmp_path, **{"issues/2025-04/01-a.md": art})
    (p,) = problems_of(root)
    assert "did you mean 'byline'" in p.what


def test_gbk_article_names_the_encoding(tmp_path):
    data = ARTICLE.encode("gbk")
    root = project(tmp_path, **{"issues/2025-04/01-a.md": data})
    (p,) = problems_of(root)
    assert "not UTF-8" in p.what and ("GBK" in p.what or "GB18030" in p.what)
    assert p.pos.file == "issues/2025-04/01-a.md"


def test_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff甲\r\n乙\r\n".encode("utf-8"))
    assert read_text(path) == "甲\n乙\n"


def test_body_problem_lines_count_from_file_top(tmp_path):
    art = ARTICLE + "\n# 不该有的一级标题\n"
    root = project(tmp_path, **{"issues/2025-04/01-a.md": art})
    (p,) = problems_of(root)
    assert p.pos.file == "issues/2025-04/01-a.md" and p.pos.line == 13


def test_note_body_is_markdown_with_real_lines(tmp_path):
    note = "\n  title: 本期按语\n  body: |\n    第一段\n    续行。\n\n    **第二段。**正文"
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(note=note)})
    issue = load_issue(root, "2025-04")
    assert issue.note.title == "本期按语"
    p1, p2 = issue.note.blocks
    assert p1.runs == [Run("第一段续行。")] and p1.pos.line == 11
    assert p2.run_in and p2.pos.line == 14


def test_style_named_must_exist(tmp_path):
    root = project(tmp_path, **{"issues/2025-04/issue.yaml": issue_yaml(style="t")})
    (p,) = problems_of(root)
    assert "style 't'" in p.what and p.pos.line == 8


# ---------------------------------------------------------------- style

STYLE = """\
name: s
page:
  size: 16K
  chars_per_line: 40
  lines_per_page: 34
  top: 23mm
  inside: auto
fonts:
  song: {regular: a.ttf, bold: b.ttf}
colors:
  black: [0, 0, 0, 100]
  red: [0, 100, 100, 10]
text:
  body: {font: song, size: 五号, leading: 18pt, indent: 2}
  title: {font: song, size: 小二, color: red}
tables:
  min_size: 六号
  rule_thin: 0.4pt
  number: false
charts:
  height: 1in
  colors: [[0, 100, 100, 10]]
"""


def style_project(tmp_path, text=STYLE):
    return write(tmp_path, {"styles/s.yaml": text, "fonts/a.ttf": b"", "fonts/b.ttf": b""})


def test_style_sizes_and_units(tmp_path):
    s = load_style(style_project(tmp_path), "s")
    assert s.body.size == 10.5 and s.body.leading == 18.0 and s.text["title"].size == 18
    assert s.page.width == pytest.approx(185 * 72 / 25.4) and s.page.height == pytest.approx(260 * 72 / 25.4)
    assert s.page.top == pytest.approx(23 * 72 / 25.4) and s.page.inside is None
    assert s.colors["red"].m == 1.0 and s.colors["red"].k == pytest.approx(0.1)
    assert s.tables == {"min_size": 7.5, "rule_thin": 0.4, "number": False}
    assert s.charts["height"] == 72.0 and s.charts["colors"][0].c == 0.0


def test_roles_a_style_leaves_out_are_set_as_their_stand_ins_and_said(tmp_path):
    from bulletin_press.source.style import KNOWN_ROLES
    warnings = []
    s = load_style(style_project(tmp_path), "s", warnings)
    assert set(KNOWN_ROLES) <= set(s.text)                 # the pages never miss a role
    assert s.text["theme"] == s.text["title"]              # the headline as the title
    assert s.text["table_head"] == s.text["table"] == s.text["toc"] == s.body
    (w,) = [p for p in warnings if "has no role" in p.what]
    assert w.severity == "warning" and w.pos.file == "styles/s.yaml"
    said = dict(x.split(" as ") for x in w.what.split("another role: ")[1].split(", "))
    assert said["theme"] == "title" and said["toc"] == "body" and said["table_head"] == "table"
    assert "title" not in said and "body" not in said and len(said) == len(KNOWN_ROLES) - 2
    # a complete style is quiet
    warnings = []
    load_style(Path(__file__).resolve().parent.parent, "chuangxin", warnings)
    assert warnings == []


@pytest.mark.parametrize("name, pt", [("五号", 10.5), ("小四", 12), ("初号", 42), ("八号", 5),
                                      ("10.5pt", 10.5), ("1cm", 72 / 2.54), ("12px", 12), (9, 9)])
def test_parse_size(name, pt):
    assert parse_size(name) == pytest.approx(pt)


def test_style_errors(tmp_path):
    bad = (STYLE.replace("  top: 23mm", "  top: 23mm\n  bleeed: 3mm")
           .replace("size: 小二", "size: 小二号")
           .replace("color: red", "color: redd")
           .replace("b.ttf", "missing.ttf"))
    with pytest.raises(BuildError) as info:
        load_style(style_project(tmp_path, bad), "s")
    ps = info.value.problems
    whats = [p.what for p in ps]
    assert any("unknown key 'bleeed'" in w and "did you mean 'bleed'" in w for w in whats)
    assert any("missing.ttf" in w for w in whats)
    assert any("小二号" in w for w in whats)
    assert any("redd" in w for w in whats)
    assert all(p.pos.file == "styles/s.yaml" and p.pos.line for p in ps)
    assert next(p for p in ps if "bleeed" in p.what).pos.line == 7


@pytest.mark.parametrize("second", ["./01-a.md", "sub/../01-a.md", "linked.md", "same-inode.md"])
def test_one_article_under_two_names_is_listed_twice(tmp_path, second):
    """The same file under another spelling, through a symbolic link, or as a hard
    link to it: listed twice (as its first name), and not unlisted."""
    root = project(tmp_path, **{"issues/2025-04/issue.yaml":
                                issue_yaml(articles=f"\n  - 01-a.md\n  - {second}")})
    folder = root / "issues" / "2025-04"
    (folder / "sub").mkdir()
    (folder / "linked.md").symlink_to("01-a.md")
    os.link(folder / "01-a.md", folder / "same-inode.md")
    ps = problems_of(root)
    assert [p.what for p in ps] == [f"article {second} is listed twice (as 01-a.md), first on line 7"]
