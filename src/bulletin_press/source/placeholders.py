"""The placeholder text of `bulletin-press new`'s templates, found when it is
left in: a warning with the line, so 文章标题 never reaches print unnoticed.

    placeholder_problems(text, file, kind) -> [Problem]   # kind: "article" | "issue"

newissue.py writes these texts; tests check that each one is in its template.
"""
from __future__ import annotations

import re

from ..errors import Problem
from ..model import Pos

ARTICLE = ("文章标题", "作者姓名", "作者单位及职务", "书眉所印的短标题", "这里是正文的第一段", "一级标题", "二级标题",
           "以加粗句子开头的段落是段首小标题", "加粗句之后接着写本段的正文",
           "运行 bulletin-press check 可以检查标点和格式")
ISSUE = ("本期主题",)
# a YAML key line (front matter, issue.yaml), or one the template leaves commented out
_KEY = re.compile(r"\s*(#\s*)?[a-z_]+:")


def placeholder_problems(text: str, file: str, kind: str) -> list[Problem]:
    out = []
    words = ARTICLE if kind == "article" else ISSUE
    for n, line in enumerate(text.split("\n"), 1):
        key = _KEY.match(line)
        if key and key.group(1):          # an optional key the template leaves commented out
            continue
        body = line.split("#", 1)[0] if kind == "issue" or key else line   # a key's value, not its comment
        for w in words:
            col = body.find(w)
            if col >= 0:
                out.append(Problem(Pos(file, n, col + 1), f"“{w}” is the placeholder text of the "
                                   f"template `bulletin-press new` wrote [placeholder]",
                                   "replace it with the real text, or delete it", severity="warning"))
                break
    return out
