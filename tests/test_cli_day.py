"""The editor's day through the CLI: new → edit → check → check --fix → check
clean → build → preview, in a temporary copy of the project."""
from __future__ import annotations

import re
from pathlib import Path




ARTICLE = """\
---
title: 以制造业数智化转型筑牢产业根基
author: 孟可欣
affiliation: 河南中原创新发展研究院研究员
---
制造业是实体经济的主体,是立省之本、强省之基.

## 一、转型的基础

**数字基础设施支撑能力显著增强。**全省累计建成5G基站超过20万个 ，实现"乡镇以上"区域连续覆盖。

需要说明的是（本文所说的“数智化”，既包括数字化，也包括智能化。
"""


from conftest import allow_blank_pages, run_cli as run  # noqa: E402


def sources_part(proj: Path):
    key = "2025-05"
    # new: the folder, with the serial worked out from 2025-04 (总第126期)
    res = run(proj, "new", key)
    assert res.exit_code == 0, res.output
    folder = proj / "issues" / key
    issue_yaml = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert re.search(r"^serial: 127\b", issue_yaml, re.M)
    assert re.search(r"^number: 5\b", issue_yaml, re.M)
    assert "总第127期" in res.output
    allow_blank_pages(proj)      # check lays the pages out as build does: a draft is short of 4 pages
    res = run(proj, "check", key)
    assert res.exit_code == 0, res.output
    # the template's placeholders are pointed out, each at its line
    assert f"issues/{key}/01-wenzhang.md:3:8: warning: “文章标题” is the placeholder" in res.output
    assert f"issues/{key}/issue.yaml:" in res.output and "“本期主题” is the placeholder" in res.output

    # edit: an article pasted from Word, with the usual damage, and the issue's theme
    art = folder / "01-wenzhang.md"
    art.write_text(ARTICLE, encoding="utf-8")
    yml = folder / "issue.yaml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("theme: 本期主题", "theme: 聚焦制造业"),
                   encoding="utf-8")

    # check: warnings with line:col, exit 0
    res = run(proj, "check", key)
    assert res.exit_code == 0, res.output
    shown = f"issues/{key}/01-wenzhang.md"
    lines = ARTICLE.split("\n")

    def at(line: int, s: str) -> str:
        return f"{shown}:{line}:{lines[line - 1].index(s) + 1}: warning: "
    assert at(6, ",") + "half-width comma" in res.output
    assert at(6, ".") + "half-width full stop" in res.output
    assert at(10, " ，") + "space next to Chinese punctuation" in res.output
    assert at(10, '"') + "straight quote" in res.output
    assert at(12, "（") + '"（" has no matching' in res.output
    assert "no errors, 6 warning(s)" in res.output

    # check --fix: the diff, the file fixed, the uncertain left alone
    res = run(proj, "check", "--fix", key)
    assert res.exit_code == 0, res.output
    assert f"--- a/{shown}" in res.output and f"+++ b/{shown}" in res.output
    assert "+制造业是实体经济的主体，是立省之本、强省之基。" in res.output
    fixed = art.read_text(encoding="utf-8")
    assert "超过20万个，实现“乡镇以上”区域" in fixed
    assert "需要说明的是（本文" in fixed           # an unpaired bracket needs a human
    assert "no errors, 1 warning(s)" in res.output

    # the editor closes the bracket: clean
    art.write_text(fixed.replace("也包括智能化。", "也包括智能化）。"), encoding="utf-8")
    res = run(proj, "check", "--strict", key)
    assert res.exit_code == 0, res.output
    assert "no errors, 0 warning(s)" in res.output
    return key


def test_editors_day_sources(proj):
    sources_part(proj)


def test_editors_day_build_and_preview(proj):
    import pypdfium2 as pdfium
    from PIL import Image

    key = sources_part(proj)
    allow_blank_pages(proj)      # a one-article draft is shorter than a booklet
    res = run(proj, "build", key)
    assert res.exit_code == 0, res.output
    assert re.search(rf"{key}: \d+ pages.* → .*{key}-screen\.pdf, .*{key}-print\.pdf; 0 warning\(s\); [\d.]+ s",
                     res.output), res.output
    pdf = proj / "build" / f"{key}-screen.pdf"
    pages = len(pdfium.PdfDocument(str(pdf)))

    res = run(proj, "preview", "--dpi", "40", key)
    assert res.exit_code == 0, res.output
    prev = proj / "build" / f"{key}-preview"
    pngs = sorted(prev.glob("page-*.png"))
    assert len(pngs) == pages
    assert (prev / "contact-sheet.png").is_file()
    for p in pngs:
        assert str(p) in res.stdout
    assert "built" not in res.output and "pages →" not in res.stderr   # up to date: not rebuilt
    with Image.open(pngs[0]) as im:
        assert 200 < im.width < 400       # A4-ish at 40 dpi


def test_every_placeholder_is_in_the_template_and_an_uncommented_one_is_pointed_out():
    from bulletin_press.source.newissue import ARTICLE_TEMPLATE
    from bulletin_press.source.placeholders import ARTICLE as WORDS, placeholder_problems
    assert all(w in ARTICLE_TEMPLATE for w in WORDS)
    # the template's optional keys are comments; one uncommented but not filled in is a warning
    text = ARTICLE_TEMPLATE.replace("# short_title:", "short_title:")
    line = text.split("\n").index(next(ln for ln in text.split("\n") if ln.startswith("short_title:"))) + 1
    found = [p for p in placeholder_problems(text, "a.md", "article") if p.pos.line == line]
    assert [p.what.split("”")[0] for p in found] == ["“书眉所印的短标题"]
    assert not [p for p in placeholder_problems(ARTICLE_TEMPLATE, "a.md", "article") if p.pos.line == line]
