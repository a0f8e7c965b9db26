"""The punctuation and usage lint (source/lint.py) and its fixer (source/fix.py)."""
from __future__ import annotations

import os
import random
import re
import time

from bulletin_press.errors import Problem
from bulletin_press.model import Pos
from bulletin_press.source.fix import fix_file, fix_text, unified_diff
from bulletin_press.source.lint import RULES, lint_findings, lint_text
from conftest import python_output


def rules(text: str, **kw) -> list[str]:
    return [re.search(r"\[([a-z-]+)\]$", p.what).group(1) for p in lint_text(text, "a.md", **kw)]


def hits(text: str, rule: str, **kw) -> list[Problem]:
    return [p for p in lint_text(text, "a.md", **kw) if p.what.endswith(f"[{rule}]")]


def safe_rules(text: str) -> set[str]:
    return {f.rule for f in lint_findings(text, "a.md") if f.safe}


# ---------------------------------------------------------------- output shape

def test_problem_shape_position_and_rule_id():
    text = "第一段。\n\n中国,美国"
    (p,) = lint_text(text, "issues/2025-04/01.md", first_line=7)
    assert isinstance(p, Problem)
    assert p.severity == "warning"
    assert p.pos == Pos("issues/2025-04/01.md", 9, 3)
    assert "中国,美国" in p.what and p.what.endswith("[punct-halfwidth]")
    assert "中国，美国" in p.fix


def test_columns_count_characters_not_bytes():
    (p,) = lint_text("𠀀𠀁中国,美国", "a.md")   # astral ideographs are one column each
    assert p.pos.col == 5


def test_every_rule_is_described():
    seen = set()
    samples = ["中国,美国", "见(上)篇", '他说"好"。', "“未完", "中国 经济", "中国 ，美国", "好。。",
               "好！！", "\u3000好", "Ｇ２０", "「中国」", "“甲”和「乙」", "等等...", "中国--美国",
               "第一段。\n第二段。"]
    for s in samples:
        seen.update(rules(s))
    assert seen <= set(RULES)
    assert seen == set(RULES)


# ---------------------------------------------------------------- rule 1

def test_halfwidth_comma_between_chinese():
    assert rules("中国,美国") == ["punct-halfwidth"]
    assert fix_text("中国,美国") == "中国，美国"
    assert fix_text("中国, 美国") == "中国，美国"     # the space goes with it


def test_halfwidth_other_marks():
    assert fix_text("注:见下表;你知道吗?太好了!") == "注：见下表；你知道吗？太好了！"
    assert fix_text("他来了.我走了.") == "他来了。我走了。"
    assert fix_text("是“创新”.") == "是“创新”。"
    assert fix_text("增长5.1%.其中") == "增长5.1%。其中"


def test_halfwidth_not_in_numbers_times_urls_latin():
    for ok in ["增长3.14%，达1,000亿元。", "上午10:30开会，比例1:2。",
               "详见https://example.org/a,b?x=1。", "邮箱zhcfyjy@126.com。",
               "采用R&D, AI.等技术。", "He said: yes. 好的。", "域名example.com很短。",
               "第3.2节", "版本v1.0发布。"]:
        assert hits(ok, "punct-halfwidth") == [], ok


def test_halfwidth_full_stop_only_ending_a_chinese_sentence():
    assert rules("中国.") == ["punct-halfwidth"]
    assert rules("中国.com") == []
    assert rules("图1.") == []


def test_halfwidth_one_side_chinese():
    assert fix_text("达到1,000亿元,同比增长") == "达到1,000亿元，同比增长"
    assert fix_text("GDP,中国") == "GDP，中国"


def test_halfwidth_parens_with_chinese_content_fixed_as_pair():
    assert rules("见(上)篇") == ["paren-halfwidth"]
    assert fix_text("见(上)篇") == "见（上）篇"
    assert fix_text("Ltd(中国)") == "Ltd（中国）"


def test_halfwidth_parens_latin_content_reported_not_fixed():
    assert rules("国内生产总值(GDP)增长") == ["paren-halfwidth"]
    assert safe_rules("国内生产总值(GDP)增长") == set()
    assert fix_text("国内生产总值(GDP)增长") == "国内生产总值(GDP)增长"
    assert rules("统计局网站(www.stats.gov.cn)。") == ["paren-halfwidth"]


def test_halfwidth_parens_miss():
    assert rules("f(x) = 2x") == []
    assert rules("函数 f(x) 的值。") == []
    assert rules("f(x)是函数") == []


# ---------------------------------------------------------------- rule 2

def test_straight_quotes_alternate():
    assert rules('他说"你好"。') == ["quote-straight", "quote-straight"]
    assert fix_text('他说"你好",又说"再见"。') == "他说“你好”，又说“再见”。"
    assert fix_text("所谓'新'字") == "所谓‘新’字"


def test_straight_quote_closing_a_curly_one():
    assert fix_text("“中国\"发展") == "“中国”发展"


def test_straight_quotes_odd_count_reported_not_fixed():
    text = '他说"你好"和"再见。'
    assert rules(text).count("quote-straight") == 3
    assert fix_text(text) == text


def test_straight_quotes_miss_in_latin_and_apostrophes():
    assert rules('The "new" deal.') == []
    assert rules("China's GDP 增长。") == []
    assert rules("the banks' loans") == []


# ---------------------------------------------------------------- rule 3

def test_unmatched_reports_the_unmatched_mark():
    (p,) = hits("他说“你好。\n\n下一段”。", "pair-unmatched")[:1]
    assert p.pos.line == 1 and p.pos.col == 3
    ps = hits("他说“你好。\n\n下一段”。", "pair-unmatched")
    assert [(q.pos.line, q.pos.col) for q in ps] == [(1, 3), (3, 4)]
    assert [q.pos.col for q in hits("见《规划》和《纲要。", "pair-unmatched")] == [7]
    assert hits("（一）【注】", "pair-unmatched") == []
    assert len(hits("这是（括号", "pair-unmatched")) == 1


def test_unmatched_miss():
    assert rules("“甲‘乙’丙”，（一）《书》【注】") == []
    assert rules("China’s economy") == []          # Word's curly apostrophe
    assert rules("1）加强领导。2）完善机制。") == []    # numbering
    # a quotation over several paragraphs opens each with “ and closes the last
    assert hits("“第一段。\n\n“第二段。”", "pair-unmatched") == []
    # paired over a line break inside one paragraph
    assert rules("他说“你\n好”。") == []


# ---------------------------------------------------------------- rule 4

def test_space_between_chinese():
    assert rules("中国 经济") == ["space-cjk"]
    assert rules("中国\u3000经济") == ["space-cjk"]
    assert rules("中国\u00a0经济") == ["space-cjk"]
    assert fix_text("中国 \u3000经济") == "中国经济"


def test_space_between_chinese_miss():
    assert rules("  中国经济\n\n\u3000\u3000中国经济") == ["indent-space"]   # not space-cjk
    assert rules("| 河南 | 郑州 |\n|---|---|\n| 1 | 2 |") == []   # pipe padding
    assert rules("中国 GDP 增长") == []                             # Latin may touch or be spaced
    assert rules("第一章 总则") == []
    assert rules("围绕“锚定新质生产力 奋力建设现代化河南”这一主题。") == []
    assert rules("## 不忘初心 牢记使命") == []
    assert rules("这是 __重点__ 内容") == []     # `_` emphasis may need its spaces
    assert rules("中国 **GDP** 增长") == []


def test_space_next_to_bold_is_printed():
    # source/emphasis.py flanks CJK-friendly: these spaces are not needed and print
    assert rules("这是 **“重点”** 内容") == ["space-punct", "space-punct"]
    assert fix_text("这是 **“重点”** 内容") == "这是**“重点”**内容"
    assert fix_text("**一是加强。** 二是") == "**一是加强。**二是"
    assert fix_text("中国 **经济**") == "中国**经济**"
    assert rules("中国  \n经济") == []           # trailing spaces: a hard break


def test_space_in_table_cell_is_reported():
    assert rules("| 河南 省 | 1 |\n|---|---|\n| 2 | 3 |") == ["space-cjk"]


# ---------------------------------------------------------------- rule 5

def test_doubled_punctuation_collapsed():
    for bad, good in [("好。。", "好。"), ("甲，，乙", "甲，乙"), ("甲、、乙", "甲、乙"),
                      ("甲；；乙", "甲；乙"), ("注：：", "注：")]:
        assert rules(bad) == ["punct-doubled"], bad
        assert fix_text(bad) == good


def test_repeated_question_exclamation_is_a_note_without_fix():
    for s in ["真的吗？？", "太好了！！", "什么？！"]:
        assert rules(s) == ["punct-repeated"]
        assert fix_text(s) == s
    assert rules("真的吗？好！") == []


# ---------------------------------------------------------------- rule 6

def test_fullwidth_alnum():
    assert rules("Ｇ２０峰会") == ["fullwidth-alnum"]
    assert fix_text("Ｇ２０峰会，增长３．５％") == "G20峰会，增长3.5％"
    assert rules("G20峰会，增长3.5%") == []


# ---------------------------------------------------------------- rule 7

def test_corner_quotes_converted_when_paired():
    assert rules("「中国」与『美国』") == ["quote-style", "quote-style"]
    assert fix_text("他说「要『创新』」。") == "他说“要‘创新’”。"
    # unpaired: reported as unmatched, not converted
    assert rules("他说「要") == ["pair-unmatched"]
    assert fix_text("他说「要") == "他说「要"


def test_quote_style_follows_the_publication():
    assert rules("「中国」", quotes="「」") == []
    assert rules("“中国”", quotes="「」") == ["quote-style"]
    assert fix_text("“中国”", quotes="「」") == "「中国」"
    assert rules("“中国”") == []


# ---------------------------------------------------------------- rule 8

def test_indent_with_ideographic_spaces():
    assert rules("\u3000\u30002024年，河南。") == ["indent-space"]
    assert fix_text("\u3000\u3000第一段。\n\n\u00a0第二段。") == "第一段。\n\n第二段。"
    assert rules("  第一段。\n\n\t第二段。") == []     # ASCII indentation is Markdown's

def test_space_next_to_chinese_punctuation():
    assert rules("中国 ，美国") == ["space-punct"]
    assert fix_text("中国 ，美国") == "中国，美国"
    assert fix_text("一、 加强领导") == "一、加强领导"
    assert fix_text("采用AI ，效果好") == "采用AI，效果好"
    assert rules("中国，美国") == []


def test_ellipsis():
    for bad in ["等等...", "等等。。。", "等等…", "等等......", "等等………"]:
        assert rules(bad) == ["ellipsis"], bad
        assert fix_text(bad) == "等等……"
    assert rules("等等……") == []
    assert rules("and so on...") == []


def test_dash():
    assert rules("中国--美国") == ["dash"]
    assert fix_text("中国 -- 美国") == "中国——美国"
    assert fix_text("中国———美国") == "中国——美国"
    # a single — read as a dash: reported, not fixed
    assert rules("中国 — 美国") == ["dash"]
    assert rules("他说，—“走吧”") == ["dash"]
    assert fix_text("中国 — 美国") == "中国 — 美国"
    (f,) = lint_findings("中国 — 美国", "a.md")
    assert not f.safe and "中国——美国" in f.fix


def test_dash_miss():
    assert rules("中国——美国") == []
    assert rules("2011—2015年") == []
    assert rules("郑州—开封一体化") == []            # 一字线 for a range
    assert rules("“诊断—改造—评估”闭环") == []      # 一字线 for a chain
    assert rules("a--b and x-y") == []


def test_latin_touching_chinese_is_fine():
    assert rules("2025年GDP增长5%，AI赋能千行百业。") == []
    assert rules("2025年 GDP 增长 5%，AI 赋能千行百业。") == []


def test_mixed_quote_styles_in_one_paragraph():
    assert rules("“甲”和「乙」") == ["quotes-mixed"]
    assert fix_text("“甲”和「乙」") == "“甲”和“乙”"
    assert rules("“甲”\n\n「乙」") == ["quote-style"]


# ---------------------------------------------------------------- what is not prose

def test_front_matter_is_skipped_and_positions_kept():
    text = "---\ntitle: 中国,美国\nauthor: 某某\n---\n正文,这里"
    (p,) = lint_text(text, "a.md")
    assert p.pos == Pos("a.md", 5, 3)
    assert fix_text(text) == "---\ntitle: 中国,美国\nauthor: 某某\n---\n正文，这里"


def test_fenced_blocks_code_spans_and_html_are_skipped():
    text = ("```table\ncaption: 中国,美国\nrows:\n  - [甲, \"1\"]\n```\n\n"
            "```chart\ntitle: 中国 经济\n```\n\n"
            "用`中国,美国`表示。<span class=\"x\">好</span>\n\n"
            "<div>\n中国,美国\n</div>\n\n"
            "<!-- 中国,美国 -->\n")
    assert rules(text) == []


def test_links_images_urls_and_caption_prefix_are_skipped():
    text = ("见[报告](https://example.org/a,b.pdf \"标题,x\")和![图 1](images/甲,乙.png)。\n\n"
            "Table: 2020年外贸大省服务贸易占比对比表\n\n"
            "访问www.example.org/x,y 或 <https://a.b/c,d>。\n\n"
            "见[报告][ref]。\n\n[ref]: https://example.org/中国,美国\n")
    assert rules(text) == []


def test_markdown_syntax_is_not_prose():
    text = ("## 一、制造业\n\n### （一）加快转型\n\n#### 1.打造集群\n\n"
            "- 第一项\n- 第二项\n\n1. 第一\n2. 第二\n\n> 引文。\n\n"
            "**制造业“三化”是“四高”的应有之义。**高质量发展。\n\n"
            "| 地区 | 增速（%） |\n|:---|---:|\n| 河南 | 5.1 |\n\n---\n\n正文。\n")
    assert rules(text) == []


def test_link_text_and_image_caption_are_prose():
    assert rules("见[中国,美国](https://x.org)。") == ["punct-halfwidth"]
    assert rules("![图1 中国 经济](images/a.png)") == ["space-cjk"]


# ---------------------------------------------------------------- fix

def test_fix_is_idempotent_and_leaves_unsafe_alone():
    text = ("中国,美国.他说\"你好\"。见(上)篇……中国 经济　发展，Ｇ２０峰会。。\n\n"
            "「甲」…又--乙。国内生产总值(GDP)增长？？")
    once = fix_text(text)
    assert once == ("中国，美国。他说“你好”。见（上）篇……中国经济发展，G20峰会。\n\n"
                    "“甲”……又——乙。国内生产总值(GDP)增长？？")
    assert fix_text(once) == once
    assert safe_rules(once) == set()


def test_fix_file_atomic_and_diff(tmp_path):
    f = tmp_path / "01.md"
    f.write_text("---\ntitle: 标题\n---\n中国,美国\n", encoding="utf-8")
    old, new = fix_file(f)
    assert new == "---\ntitle: 标题\n---\n中国，美国\n"
    assert f.read_text(encoding="utf-8") == new
    assert [p.name for p in tmp_path.iterdir()] == ["01.md"]   # no temp file left
    d = unified_diff(old, new, "issues/2025-04/01.md")
    assert "--- a/issues/2025-04/01.md" in d and "-中国,美国" in d and "+中国，美国" in d
    mtime = os.stat(f).st_mtime_ns
    assert fix_file(f) == (new, new)
    assert os.stat(f).st_mtime_ns == mtime                      # unchanged: not rewritten


def test_fix_file_keeps_crlf(tmp_path):
    f = tmp_path / "a.md"
    f.write_bytes("中国,美国\r\n第二行\r\n".encode("utf-8"))
    fix_file(f)
    assert f.read_bytes() == "中国，美国\r\n第二行\r\n".encode("utf-8")


# ---------------------------------------------------------------- speed and clean text

CLEAN = """面对新一轮区域竞争变局，河南必须以制造业“三化”为抓手，夯实“四高四争先”的产业根基。2024年，全省规模以上工业增加值增长7.8%，
高技术制造业增加值占比提高1.6个百分点；研究与试验发展（R&D）经费投入突破1,400亿元。

## 一、制造业“三化”是“四高四争先”的重要支撑

**制造业“三化”是“四高”的应有之义。**高端化、智能化、绿色化（简称“三化”）相互促进，形成“诊断—改造—评估”的
闭环。人工智能（AI）赋能千行百业，GPT-4o、DeepSeek-R1等大模型加速落地；上午10:30，专家在郑州—开封一线调研。

"""


def test_clean_text_has_no_warnings():
    assert lint_text(CLEAN * 3, "a.md") == []


def test_speed_5000_chars():
    text = (CLEAN + "中国,美国 经济。。Ｇ２０「甲」...\n\n") * 20
    text = text[:5000]
    lint_text(text, "a.md")
    t0 = time.perf_counter()
    for _ in range(5):
        lint_text(text, "a.md")
    assert (time.perf_counter() - t0) / 5 < 0.05


def test_fix_is_idempotent_on_random_markdown():
    alphabet = list("中国经济，。、；：？！“”‘’（）《》「」『』…—,.;:?!()\"'  \u3000\n\n-*_`|#>[]aB1３Ｇ") + [
        "**", "- ", "1. ", "## ", "http://x.y/a,b ", "```\n", "——", "...", "--", "![a](b.png)"]
    rnd = random.Random(7)
    for _ in range(800):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40)))
        once = fix_text(text)
        assert fix_text(once) == once, text
        for f in lint_findings(text, "a.md"):
            assert 0 <= f.start < len(text)


def test_space_beside_curly_quotes_in_latin_text_is_not_chinese_punctuation():
    from bulletin_press.source.fix import fix_text
    from bulletin_press.source.lint import lint_text
    latin = "研究称 the ‘smart’ city 正在兴起"
    assert not [p for p in lint_text(latin, "a.md") if "[space-punct]" in p.what]
    assert fix_text(latin) == latin
    chinese = "他说“好” 然后走了"
    assert [p for p in lint_text(chinese, "a.md") if "[space-punct]" in p.what]


def test_the_lint_loads_the_table_stage_only_for_an_issue_with_tables(tiny):
    """model_problems measures a table against the text width with the table stage's
    lengths; an issue without tables is linted without loading that stage (reportlab's
    colours and fonts: a cost the build's child paid while the pages were laid out)."""

    from conftest import TINY_KEY
    code = ("import sys; from pathlib import Path; from bulletin_press.checks import run_checks;"
            "from bulletin_press.source.read import read_issue;"
            f"root = Path({str(tiny)!r}); issue, style, _ = read_issue(root, {TINY_KEY!r}, []);"
            f"rep = run_checks(root, {TINY_KEY!r}, issue, style);"
            "print(len(rep.errors), 'bulletin_press.typeset.cellbox' in sys.modules)")
    run = lambda: python_output(code).split()
    assert run() == ["0", "False"]
    art = tiny / "issues" / TINY_KEY / "01-wenzhang.md"
    cells = " | ".join(["甲"] * 60)
    art.write_text(art.read_text(encoding="utf-8") + f"\n| {cells} |\n|{'---|' * 60}\n| {cells} |\n",
                   encoding="utf-8")
    assert run() == ["1", "True"]              # 60 columns: too many, found with the table stage
