"""Markdown body → model blocks: emphasis, line joining, headings, figures, tables, charts."""
from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_press.model import Chart, Figure, Heading, ListBlock, Paragraph, Quote, Rule, Run, Table
from bulletin_press.source.markdown import Ctx, parse_blocks


def parse(text: str, folder: Path | None = None, offset: int = 0):
    ctx = Ctx(file="a.md", folder=folder or Path("/nonexistent"), root_display="issues/x/",
              line_offset=offset)
    blocks = parse_blocks(text, ctx)
    return blocks, ctx


def runs(text: str) -> list[Run]:
    blocks, ctx = parse(text)
    assert not ctx.problems, [str(p) for p in ctx.problems]
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    return blocks[0].runs


def bold_parts(text: str) -> list[tuple[str, bool]]:
    return [(r.text, r.bold) for r in runs(text)]


# ---------------------------------------------------------------- emphasis

@pytest.mark.parametrize("src, expected", [
    ("**制造业“三化”是“四高”的应有之义。**高质量发展",
     [("制造业“三化”是“四高”的应有之义。", True), ("高质量发展", False)]),
    ("**加粗。**正文", [("加粗。", True), ("正文", False)]),
    ("**“引号”**开头", [("“引号”", True), ("开头", False)]),
    ("中文**English**中文", [("中文", False), ("English", True), ("中文", False)]),
    ("**粗体**", [("粗体", True)]),
    ("a **b** c", [("a ", False), ("b", True), (" c", False)]),
    ("正文**（一）括号**正文", [("正文", False), ("（一）括号", True), ("正文", False)]),
    ("他说：**“好！”**然后", [("他说：", False), ("“好！”", True), ("然后", False)]),
    ("3*4 与 5*6", [("3*4 与 5*6", False)]),
])
def test_cjk_friendly_bold(src, expected):
    assert bold_parts(src) == expected


def test_bold_italic_nested():
    (r,) = runs("***x***")
    assert (r.text, r.bold, r.italic) == ("x", True, True)


def test_italic_inside_text():
    rs = runs("数据*显著*增长")
    assert [(r.text, r.italic) for r in rs] == [("数据", False), ("显著", True), ("增长", False)]


def test_no_literal_double_asterisk_reaches_the_page_when_closed():
    text = "**一是坚持创新。**要把……\n**二是“数智化”。**推进"
    assert all("*" not in r.text for r in runs(text))


def test_unclosed_bold_is_an_error_with_line_and_column():
    blocks, ctx = parse("第一段。\n\n前文**没有闭合的加粗\n", offset=4)
    assert len(ctx.problems) >= 1
    p = ctx.problems[0]
    assert p.pos.line == 7 and p.pos.col == 3
    assert "never closed" in p.what and "**" in p.what


def test_escaped_asterisks_are_literal_and_fine():
    assert [r.text for r in runs(r"乘号\*\*号")] == ["乘号**号"]


# ---------------------------------------------------------------- inline runs

def test_soft_break_joins_chinese_without_space_and_latin_with_one():
    assert [r.text for r in runs("中国的\n发展")] == ["中国的发展"]
    assert [r.text for r in runs("new\nquality")] == ["new quality"]
    assert [r.text for r in runs("数字\nAI")] == ["数字AI"]
    assert [r.text for r in runs("增长，\n同比")] == ["增长，同比"]
    assert [r.text for r in runs("2024\n2025")] == ["2024 2025"]
    assert [r.text for r in runs("他说“好”\n然后")] == ["他说“好”然后"]
    assert [r.text for r in runs("said “hi”\nand left")] == ["said “hi” and left"]


def test_soft_break_between_bold_and_text_keeps_attributes():
    rs = runs("**加粗。**\n正文")
    assert [(r.text, r.bold) for r in rs] == [("加粗。", True), ("正文", False)]


def test_hard_break_code_and_link():
    rs = runs("第一行\\\n第二行 `code` [链接](https://example.org)")
    assert Run("\n") in rs
    assert any(r.code and r.text == "code" for r in rs)
    assert any(r.link == "https://example.org" and r.text == "链接" for r in rs)
    assert "".join(r.text for r in rs) == "第一行\n第二行 code 链接"


def test_every_character_reaches_the_model():
    text = "全角　空格、半角 空格 & 符号 < > ©（括号）……——"
    assert "".join(r.text for r in runs(text)) == text


def test_run_in_paragraph():
    (p,), _ = parse("**一是坚持创新驱动。**要把创新摆在核心位置。")
    assert p.run_in
    (p,), _ = parse("**加粗**后接正文")
    assert p.run_in
    (p,), _ = parse("**整段加粗**")
    assert not p.run_in
    (p,), _ = parse("正文**中间**加粗")
    assert not p.run_in


# ---------------------------------------------------------------- blocks

def test_heading_levels_and_line_numbers():
    text = "导语。\n\n## 一、总体\n\n### （一）分项\n\n#### 1. 细目\n\n正文。\n"
    blocks, ctx = parse(text, offset=5)
    assert not ctx.problems
    heads = [b for b in blocks if isinstance(b, Heading)]
    assert [h.level for h in heads] == [1, 2, 3]
    assert [h.pos.line for h in heads] == [8, 10, 12]
    assert heads[0].runs == [Run("一、总体")]


def test_h1_and_h5_are_errors():
    _, ctx = parse("# 标题\n\n##### 太深\n")
    whats = [p.what for p in ctx.problems]
    assert len(whats) == 2
    assert "'#' heading" in whats[0] and "front matter" in ctx.problems[0].fix
    assert "deeper" in whats[1]
    assert [p.pos.line for p in ctx.problems] == [1, 3]


def test_setext_dash_heading_warns():
    blocks, ctx = parse("文字\n---\n")
    assert isinstance(blocks[0], Heading)
    assert ctx.warnings and "---" in ctx.warnings[0].what


def test_lists_quote_rule():
    text = "- 甲\n- 乙\n\n3. 丙\n4. 丁\n\n> 引文\n\n---\n"
    blocks, ctx = parse(text)
    assert not ctx.problems
    ul, ol, q, rule = blocks
    assert isinstance(ul, ListBlock) and not ul.ordered and len(ul.items) == 2
    assert ul.items[1][0].runs == [Run("乙")]
    assert isinstance(ol, ListBlock) and ol.ordered and ol.start == 3
    assert isinstance(q, Quote) and q.blocks[0].runs == [Run("引文")]
    assert isinstance(rule, Rule) and rule.pos.line == 9


def test_indented_text_is_a_paragraph_not_code():
    blocks, ctx = parse("正文。\n\n    缩进的段落。\n")
    assert not ctx.problems
    assert isinstance(blocks[1], Paragraph) and blocks[1].runs == [Run("缩进的段落。")]


def test_other_fences_and_html_are_errors_but_comments_are_dropped():
    blocks, ctx = parse("```python\nprint(1)\n```\n\n<div>x</div>\n\n<!-- 编辑备注 -->\n\n正文<!-- 注 -->。\n")
    assert len(ctx.problems) == 2
    assert blocks[-1].runs == [Run("正文。")]


# ---------------------------------------------------------------- figures

def test_figure_alone_in_paragraph(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "图1.png").write_bytes(b"x")
    blocks, ctx = parse("![河南**GDP**走势](images/图1.png)\n", folder=tmp_path)
    assert not ctx.problems
    (fig,) = blocks
    assert isinstance(fig, Figure)
    assert fig.path == (tmp_path / "images" / "图1.png").resolve()
    assert [(r.text, r.bold) for r in fig.caption] == [("河南", False), ("GDP", True), ("走势", False)]


@pytest.mark.parametrize("src, word", [
    ("../outside.png", "outside the issue folder"),
    ("images/../../outside.png", "outside the issue folder"),
    ("/etc/x.png", "absolute"),
    ("images/missing.png", "does not exist"),
    ("https://example.org/a.png", "web address"),
])
def test_figure_path_errors(tmp_path, src, word):
    folder = tmp_path / "issue"
    (folder / "images").mkdir(parents=True)
    (tmp_path / "outside.png").write_bytes(b"x")
    _, ctx = parse(f"正文\n\n![图](<{src}>)\n", folder=folder, offset=3)
    assert len(ctx.problems) == 1
    assert word in ctx.problems[0].what
    assert ctx.problems[0].pos.line == 6


def test_misspelt_figure_suggests_the_right_name(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "fig1.png").write_bytes(b"x")
    _, ctx = parse("![图](images/fgi1.png)\n", folder=tmp_path)
    assert "images/fig1.png" in ctx.problems[0].fix


def test_image_inside_text_is_an_error():
    _, ctx = parse("正文![图](images/a.png)正文\n")
    assert ctx.problems and "inside running text" in ctx.problems[0].what


# ---------------------------------------------------------------- pipe tables

def test_pipe_table_with_caption_and_alignment():
    text = "正文。\n\nTable: 2020年对比表\n| 省份 | 占比 | 备注 |\n|:---|---:|:--:|\n| 广东 | 16 | **高** |\n"
    blocks, ctx = parse(text)
    assert not ctx.problems and not ctx.warnings
    assert len(blocks) == 2
    t = blocks[1]
    assert isinstance(t, Table)
    assert t.caption == [Run("2020年对比表")]
    assert t.align == ["left", "right", "center"]
    assert [c.runs for c in t.header[0]] == [[Run("省份")], [Run("占比")], [Run("备注")]]
    assert t.rows[0][2].runs == [Run("高", bold=True)]
    assert t.pos.line == 4


def test_stray_table_caption_warns():
    blocks, ctx = parse("Table: 没有表\n\n正文\n")
    assert len(blocks) == 2 and ctx.warnings


# ---------------------------------------------------------------- fenced tables

FENCED = """正文。

```table
caption: 服务贸易占比
header:
  - [{text: 地区, rows: 2}, {text: 占比（%）, cols: 2}]
  - [2019, 2020]
rows:
  - [广东, "16", 12.30]
  - [全国, 0371, ""]
note: 资料来源：统计年鉴
align: [left, decimal, decimal]
widths: [2, 1, 1]
```
"""


def test_fenced_table_spans_and_literal_cells():
    blocks, ctx = parse(FENCED)
    assert not ctx.problems, [str(p) for p in ctx.problems]
    t = blocks[1]
    assert isinstance(t, Table)
    assert (t.header[0][0].rows, t.header[0][1].cols) == (2, 2)
    assert [c.runs[0].text for c in t.header[1]] == ["2019", "2020"]
    assert [c.runs[0].text if c.runs else "" for c in t.rows[1]] == ["全国", "0371", ""]
    assert t.rows[0][2].runs == [Run("12.30")]
    assert t.note == [Run("资料来源：统计年鉴")]
    assert t.widths == [2.0, 1.0, 1.0] and t.align == ["left", "decimal", "decimal"]


def test_fenced_table_row_width_error_names_the_line():
    text = FENCED.replace('  - [全国, 0371, ""]', "  - [全国, 0371]")
    blocks, ctx = parse(text, offset=10)
    assert len(ctx.problems) == 1
    p = ctx.problems[0]
    assert "row 2 has 2 columns" in p.what and "3" in p.what
    assert p.pos.line == 10 + 10  # line 10 of the body
    assert not any(isinstance(b, Table) for b in blocks)


def test_fenced_table_overlapping_span_and_unknown_key():
    text = "```table\nheader:\n  - [a, b]\nrows:\n  - [{text: x, rows: 2}, y]\n  - [z]\ncaptoin: 表\n```\n"
    _, ctx = parse(text)
    whats = " | ".join(p.what for p in ctx.problems)
    assert "did you mean 'caption'" in whats
    assert len(ctx.problems) == 1


def test_fenced_table_rowspan_past_the_end():
    text = "```table\nheader:\n  - [a, b]\nrows:\n  - [{text: x, rows: 3}, y]\n  - [z]\n```\n"
    _, ctx = parse(text)
    assert any("spans 3 rows" in p.what for p in ctx.problems)


def test_fenced_table_csv_rows(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("郑州,\"1,234\",3\n\n洛阳,5,6\n", encoding="utf-8")
    text = "```table\nheader:\n  - [城市, 甲, 乙]\ncsv: data/t.csv\n```\n"
    blocks, ctx = parse(text, folder=tmp_path)
    assert not ctx.problems
    (t,) = blocks
    assert [[c.runs[0].text for c in row] for row in t.rows] == [["郑州", "1,234", "3"], ["洛阳", "5", "6"]]


def test_fenced_table_csv_width_error_names_the_csv_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a,b\nc\n", encoding="utf-8")
    text = "```table\nheader:\n  - [x, y]\ncsv: data/t.csv\n```\n"
    _, ctx = parse(text, folder=tmp_path)
    assert len(ctx.problems) == 1
    assert ctx.problems[0].pos.file == "issues/x/data/t.csv" and ctx.problems[0].pos.line == 2


def test_fenced_table_gbk_csv_names_the_encoding(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_bytes("郑州市,河南省经济发展数据\n洛阳市,统计年鉴资料\n".encode("gbk"))
    _, ctx = parse("```table\nheader:\n  - [x, y]\ncsv: data/t.csv\n```\n", folder=tmp_path)
    assert len(ctx.problems) == 1
    assert "not UTF-8" in ctx.problems[0].what
    assert any(e in ctx.problems[0].what for e in ("GBK", "GB18030", "GB2312"))


# ---------------------------------------------------------------- charts

CHART = """```chart
type: line
caption: 增速对比
x: [2011, 2012, 2013]
unit: "%"
series:
  全国: [9.6, 7.9, 7.8]
  河南: [11.9, 10.1, 9.0]
y_min: 0
```
"""


def test_chart():
    (c,), ctx = parse(CHART)
    assert not ctx.problems
    assert isinstance(c, Chart)
    assert c.type == "line" and c.x == ["2011", "2012", "2013"] and c.unit == "%"
    assert c.series == [("全国", [9.6, 7.9, 7.8]), ("河南", [11.9, 10.1, 9.0])]
    assert c.y_min == 0.0 and c.y_max is None
    assert c.caption == [Run("增速对比")]


def test_chart_series_length_mismatch():
    text = CHART.replace("[11.9, 10.1, 9.0]", "[11.9, 10.1]")
    _, ctx = parse(text, offset=2)
    assert len(ctx.problems) == 1
    p = ctx.problems[0]
    assert "'河南'" in p.what and "2 values" in p.what and "x has 3" in p.what
    assert p.pos.line == 2 + 8


def test_chart_bad_type_and_value():
    text = CHART.replace("type: line", "type: pie").replace("7.8]", "7.8%]")
    _, ctx = parse(text)
    whats = " | ".join(p.what for p in ctx.problems)
    assert "'type'" in whats and "'pie'" in whats
    assert "not a number" in whats
