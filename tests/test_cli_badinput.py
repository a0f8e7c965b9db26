"""Bad input, tried as a new user would: every case gets a clear message that
names the file and line, a non-zero exit, no traceback, and no PDF written
over the last good one."""
from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import pytest

from bulletin_press.source.newissue import create_issue

KEY = "2025-05"

GOOD_ARTICLE = """\
---
title: 以制造业数智化转型筑牢产业根基
author: 孟可欣
affiliation: 河南中原创新发展研究院研究员
---
制造业是实体经济的主体，是立省之本、强省之基。

## 一、转型的基础

**数字基础设施支撑能力显著增强。**全省累计建成5G基站超过20万个。
"""
OLD_PDF = b"%PDF-1.7\n% the last good build\n%%EOF\n"
THEME = "聚焦制造业转型"


from conftest import allow_blank_pages, copy_project, run_cli as run  # noqa: E402


@pytest.fixture
def proj(tmp_path) -> Path:
    """A copy of the project with a tiny good issue 2025-05 and a 'last good' PDF in build/."""
    allow_blank_pages(copy_project(tmp_path))     # a one-page draft: padded, not refused
    create_issue(tmp_path, KEY, today=dt.date(2025, 5, 20))
    (tmp_path / "issues" / KEY / "01-wenzhang.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    y = tmp_path / "issues" / KEY / "issue.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("theme: 本期主题", f"theme: {THEME}"), encoding="utf-8")
    build = tmp_path / "build"
    build.mkdir()
    for v in ("screen", "print"):
        (build / f"{KEY}-{v}.pdf").write_bytes(OLD_PDF)
    return tmp_path


def folder(root: Path) -> Path:
    return root / "issues" / KEY


def article(root: Path) -> Path:
    return folder(root) / "01-wenzhang.md"


def refused(root: Path, *needles: str) -> str:
    """check and build both fail with exit 1, name what is expected, write nothing."""
    out = ""
    for cmd in (["check", KEY], ["build", KEY]):
        res = run(root, *cmd)
        assert res.exit_code == 1, (cmd, res.exit_code, res.output)
        for n in needles:
            assert n in res.output, (cmd, n, res.output)
        out += res.output
    build = root / "build"
    assert sorted(p.name for p in build.iterdir()) == [f"{KEY}-print.pdf", f"{KEY}-screen.pdf"]
    for v in ("screen", "print"):
        assert (build / f"{KEY}-{v}.pdf").read_bytes() == OLD_PDF
    return out


def test_the_base_issue_is_clean(proj):
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    assert "no errors, 0 warning(s)" in res.output


# ---------------------------------------------------------------- YAML

def test_tab_in_issue_yaml(proj):
    p = folder(proj) / "issue.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("  - 01-wenzhang.md", "\t- 01-wenzhang.md"),
                 encoding="utf-8")
    line = p.read_text(encoding="utf-8").split("\n").index("\t- 01-wenzhang.md") + 1
    refused(proj, f"issues/{KEY}/issue.yaml:{line}:1", "TAB", "spaces")


def test_unclosed_quote_in_issue_yaml(proj):
    p = folder(proj) / "issue.yaml"
    text = p.read_text(encoding="utf-8").replace(f"theme: {THEME}", f'theme: "{THEME}')
    p.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.split("\n"), 1) if ln.startswith("theme:"))
    refused(proj, f"issues/{KEY}/issue.yaml:{line}:", "never closed")


def test_issue_yaml_is_a_list(proj):
    (folder(proj) / "issue.yaml").write_text("- 01-wenzhang.md\n- 02.md\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/issue.yaml:1", "should be a mapping", "found a list")


def test_unknown_key_with_suggestion_and_wrong_type(proj):
    p = folder(proj) / "issue.yaml"
    text = p.read_text(encoding="utf-8").replace(f"theme: {THEME}", f"thme: {THEME}")
    text = text.replace("number: 5 ", "number: 五 ")
    p.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    thme = next(i for i, ln in enumerate(lines, 1) if ln.startswith("thme:"))
    num = next(i for i, ln in enumerate(lines, 1) if ln.startswith("number:"))
    refused(proj, f"issue.yaml:{thme}:1: error: unknown key 'thme'", "did you mean 'theme'",
            f"issue.yaml:{num}:", "should be a whole number")


def test_front_matter_unknown_key(proj):
    a = article(proj)
    a.write_text(GOOD_ARTICLE.replace("author:", "autor:"), encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:3:1", "unknown key 'autor'", "did you mean 'author'")


# ---------------------------------------------------------------- articles

def test_front_matter_missing(proj):
    article(proj).write_text("制造业是实体经济的主体。\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:1", "no front matter", "---")


def test_front_matter_not_closed(proj):
    article(proj).write_text("---\ntitle: 标题\nauthor: 张三\n\n正文。\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:1", "never closed")


def test_empty_article(proj):
    article(proj).write_text("---\ntitle: 标题\nauthor: 张三\n---\n\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:", "no text after its front matter")


def test_gbk_article(proj):
    article(proj).write_bytes(GOOD_ARTICLE.encode("gbk"))
    out = refused(proj, f"issues/{KEY}/01-wenzhang.md:", "not UTF-8")
    assert "GBK" in out or "GB18030" in out


def test_missing_twice_and_unlisted_articles(proj):
    p = folder(proj) / "issue.yaml"
    text = p.read_text(encoding="utf-8").replace(
        "  - 01-wenzhang.md", "  - 01-wenzhang.md\n  - 01-wenzhang.md\n  - 02-wenzang.md")
    p.write_text(text, encoding="utf-8")
    (folder(proj) / "02-wenzhang.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    out = refused(proj, "listed twice", "02-wenzang.md) does not exist", "did you mean 02-wenzhang.md?")
    assert f"issues/{KEY}/02-wenzhang.md: warning: this article is not listed" in out


def test_path_outside_the_issue_folder(proj):
    p = folder(proj) / "issue.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("  - 01-wenzhang.md", "  - ../2025-04/01-zhici.md"),
                 encoding="utf-8")
    refused(proj, f"issues/{KEY}/issue.yaml:", "outside the issue folder")


def test_image_outside_the_issue_folder(proj):
    article(proj).write_text(GOOD_ARTICLE + "\n![图1 园区](../2024-12/images/keji-yuanqu.jpg)\n",
                             encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:12", "outside the issue folder")


def test_character_no_font_can_draw(proj):
    article(proj).write_text(GOOD_ARTICLE.replace("主体", "主\ue000体"), encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:6", "no configured font can draw", "U+E000")


# ---------------------------------------------------------------- Word's characters

def test_zero_width_space_is_an_error_with_column(proj):
    article(proj).write_text(GOOD_ARTICLE.replace("实体经济", "实体\u200b经济"), encoding="utf-8")
    out = refused(proj, f"issues/{KEY}/01-wenzhang.md:6:7: error: invisible character zero-width space",
                  "实体<U+200B>经济", "check --fix")
    assert "no configured font" not in out      # one clear message, not two


@pytest.mark.parametrize("ch,name", [("\ufeff", "U+FEFF"), ("\u00ad", "soft hyphen"),
                                     ("\u200d", "zero-width joiner"), ("\u202e", "bidirectional")])
def test_other_invisible_characters_are_errors(proj, ch, name):
    article(proj).write_text(GOOD_ARTICLE.replace("实体经济", f"实体{ch}经济"), encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:6:7: error: invisible character", name)


def test_invisible_characters_are_fixed_safely(proj):
    article(proj).write_text(GOOD_ARTICLE.replace("实体经济", "实体\u200b\u00ad经济"), encoding="utf-8")
    res = run(proj, "check", "--fix", KEY)
    assert res.exit_code == 0, res.output
    assert "-制造业是实体\u200b\u00ad经济" in res.output and "+制造业是实体经济" in res.output
    assert article(proj).read_text(encoding="utf-8") == GOOD_ARTICLE


def test_nbsp_and_latin_smart_quotes_are_warnings(proj):
    text = GOOD_ARTICLE.replace("实体经济", "实体\u00a0经济").replace(
        "强省之基。", "强省之基。We call it the ‘smart’ factory, it’s new.")
    article(proj).write_text(text, encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    assert "01-wenzhang.md:6:7: warning: space between Chinese characters (no-break space)" in res.output
    col = text.split("\n")[5].index("‘") + 1
    assert f"01-wenzhang.md:6:{col}: warning: curly quote ‘ in Latin text" in res.output
    assert "curly apostrophe in a Latin word" in res.output
    assert run(proj, "check", "--strict", KEY).exit_code == 1
    run(proj, "check", "--fix", KEY)
    fixed = article(proj).read_text(encoding="utf-8")
    assert "实体经济" in fixed and "it's new" in fixed
    assert "the ‘smart’ factory" in fixed        # a quote pair in Latin text is left for the editor


def test_control_character_is_an_error_not_auto_fixed(proj):
    text = GOOD_ARTICLE.replace("实体经济", "实体\x0b经济")
    article(proj).write_text(text, encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:6:7: error: control character U+000B")
    run(proj, "check", "--fix", KEY)
    assert "\x0b" in article(proj).read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["issue.yaml", "publication.yaml", "style", "front matter"])
def test_a_nul_in_a_yaml_source_is_an_error_with_its_place(proj, where):
    # YAML's reader refuses a NUL before it parses: that is said as the character check
    # says it, once, at the character's line and column — not as an internal error
    files = {"issue.yaml": folder(proj) / "issue.yaml",
             "publication.yaml": proj / "issues" / "publication.yaml",
             "style": proj / "styles" / "chuangxin.yaml", "front matter": article(proj)}
    p = files[where]
    lines = p.read_text(encoding="utf-8").split("\n")
    i = next(k for k, ln in enumerate(lines) if ln[:1].isalpha() and ": " in ln)
    col = lines[i].index(": ") + 3
    lines[i] = lines[i][:col - 1] + "\x00" + lines[i][col - 1:]
    p.write_text("\n".join(lines), encoding="utf-8")
    rel = p.relative_to(proj).as_posix()
    out = refused(proj, f"{rel}:{i + 1}:{col}: error: control character U+0000")
    assert "bug in bulletin-press" not in out and "Traceback" not in out
    assert out.count("error: control character U+0000") == 2     # once by check, once by build


def test_a_style_that_leaves_out_roles_still_builds_and_says_what_stands_in(proj):
    # a style cut short (as by a bad save): the roles it lost are set as their stand-ins,
    # with one warning, where the build used to stop with an internal error
    st = proj / "styles" / "chuangxin.yaml"
    st.write_text("\n".join(ln for ln in st.read_text(encoding="utf-8").split("\n")
                            if not ln.lstrip().startswith(("theme:", "toc:", "header:", "folio:"))
                            ).replace("name: chuangxin", "name: chuangxin-2"), encoding="utf-8")
    res = run(proj, "build", KEY, "--screen-only")
    assert res.exit_code == 0, res.output
    assert "styles/chuangxin.yaml:" in res.output and "warning: text: has no role" in res.output
    assert "name: chuangxin-2 differs from the file name" in res.output   # the style's warnings reach the build
    assert "header as body" in res.output and "theme as title" in res.output
    assert (proj / "build" / f"{KEY}-screen.pdf").read_bytes() != OLD_PDF


# ---------------------------------------------------------------- figures and tables

def png_claiming(w: int, h: int) -> bytes:
    """A tiny PNG whose header says w×h pixels (the image data is not there)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def test_huge_image_is_refused_by_check(proj):
    (folder(proj) / "images" / "big.png").write_bytes(png_claiming(40000, 40000))
    article(proj).write_text(GOOD_ARTICLE + "\n![图1 全景](images/big.png)\n", encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 1, res.output
    assert f"issues/{KEY}/01-wenzhang.md:12" in res.output
    assert "40000×40000 pixels" in res.output and "megapixels" in res.output


def test_huge_image_is_refused_by_build(proj):
    (folder(proj) / "images" / "big.png").write_bytes(png_claiming(40000, 40000))
    article(proj).write_text(GOOD_ARTICLE + "\n![图1 全景](images/big.png)\n", encoding="utf-8")
    refused(proj, f"issues/{KEY}/01-wenzhang.md:12", "pixels")


def table_200() -> str:
    head = "| " + " | ".join(f"列{i}" for i in range(200)) + " |"
    sep = "|" + "---|" * 200
    row = "| " + " | ".join(str(i) for i in range(200)) + " |"
    return f"\nTable: 宽表\n{head}\n{sep}\n{row}\n"


def test_table_with_200_columns_is_refused_by_check(proj):
    article(proj).write_text(GOOD_ARTICLE + table_200(), encoding="utf-8")
    res = run(proj, "check", KEY)
    assert res.exit_code == 1, res.output
    assert f"issues/{KEY}/01-wenzhang.md:" in res.output
    assert "200 columns" in res.output and "split the table" in res.output


def test_table_with_200_columns_is_refused_by_build(proj):
    article(proj).write_text(GOOD_ARTICLE + table_200(), encoding="utf-8")
    res = run(proj, "build", KEY)
    assert res.exit_code == 1, res.output
    assert f"issues/{KEY}/01-wenzhang.md:" in res.output
    assert (proj / "build" / f"{KEY}-screen.pdf").read_bytes() == OLD_PDF


# ---------------------------------------------------------------- the last good PDF

def test_a_broken_source_keeps_the_last_good_pdf(proj):
    for v in ("screen", "print"):
        (proj / "build" / f"{KEY}-{v}.pdf").unlink()
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    good = {v: (proj / "build" / f"{KEY}-{v}.pdf").read_bytes() for v in ("screen", "print")}
    (folder(proj) / "issue.yaml").write_text("year: [2025\n", encoding="utf-8")
    res = run(proj, "build", KEY)
    assert res.exit_code == 1 and f"issues/{KEY}/issue.yaml:" in res.output
    assert sorted(p.name for p in (proj / "build").iterdir()) == [f"{KEY}-print.pdf", f"{KEY}-screen.pdf"]
    for v in ("screen", "print"):
        assert (proj / "build" / f"{KEY}-{v}.pdf").read_bytes() == good[v]
