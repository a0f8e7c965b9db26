"""`bulletin-press new`: start an issue folder.

    next_key(root, today) -> "2025-05"
    create_issue(root, key=None, today=None) -> NewIssue

The new folder holds an issue.yaml (year, number, the serial worked out from
the previous issue, today's date, a placeholder theme, the article list, and
commented-out optional keys) and one article template that shows a heading
and a run-in bold sentence.  It passes `check` as created, with a warning at
each placeholder left in (source/placeholders.py).  An existing
folder is never touched.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos
from .publication import SHOWN, load_publication
from .root import KEY, issue_keys
from .serial import serial_info

ARTICLE_NAME = "01-wenzhang.md"

ARTICLE_TEMPLATE = """\
---
# 文章模板 / article template: replace the title, author and the text below.
title: 文章标题
author: 作者姓名                 # 多位作者写成列表 / several authors: [张三, 李四]
affiliation: 作者单位及职务
# affiliation_at: byline         # 单位印在标题下；默认 end：文末印（作者：单位）
# short_title: 书眉所印的短标题   # 标题太长、书眉（奇数页页眉）印不下时用
---
这里是正文的第一段。从 Word 复制正文后粘贴在这里即可；段落之间空一行。

## 一、一级标题

**以加粗句子开头的段落是段首小标题。**加粗句之后接着写本段的正文。

### （一）二级标题

正文段落。运行 bulletin-press check 可以检查标点和格式。
"""


@dataclass
class NewIssue:
    key: str
    folder: Path
    files: list[Path]
    serial: int | None
    previous: str | None


def next_key(root: Path, today: _dt.date | None = None) -> str:
    """The key after the newest issue folder: same year, number + 1; a new
    calendar year (today's year later than the newest folder's) starts at 01."""
    today = today or _dt.date.today()
    keys = issue_keys(root)
    if not keys:
        return f"{today.year}-01"
    year, number = int(keys[-1][:4]), int(keys[-1][5:])
    if today.year > year:
        return f"{today.year}-01"
    if number >= 99:
        return f"{year + 1}-01"
    return f"{year}-{number + 1:02d}"


def issue_date(key: str, today: _dt.date) -> _dt.date:
    """Today, when the issue is of this year; otherwise a date inside the issue's
    own year (the first of its month for numbers up to 12, else 1 January)."""
    year, number = int(key[:4]), int(key[5:])
    if today.year == year:
        return today
    return _dt.date(year, number if 1 <= number <= 12 else 1, 1)


def issue_yaml(key: str, serial: int | None, previous: str | None, prev_serial: int | None,
               today: _dt.date, style: str | None, title: str, date: _dt.date | None = None) -> str:
    year, number = int(key[:4]), int(key[5:])
    if serial is not None:
        serial_line = (f"serial: {serial}              # 总第{serial}期"
                       + (f"（上一期 {previous} 为总第{prev_serial}期）" if previous else ""))
    else:
        serial_line = ("# serial:                  # 总第N期：上一期没有给出总期号，请填写 "
                       "/ fill it in: the issue just before gives none, or its next serial is taken")
    return f"""\
# {title} {year}年第{number}期 — created by `bulletin-press new` on {today.isoformat()}
# Lines starting with # are comments; see FORMAT.md for every key.
year: {year}
number: {number}                 # 第{number}期
{serial_line}
date: {(date or today).isoformat()}          # 出刊日期 / date of issue
theme: 本期主题                # 本期标题（印在报头下）/ the issue's headline: replace it
# theme_part: 上               # 可选：印作（上）
# note:                        # 可选：本期按语或本期导读 / optional editor's note
#   title: 本期按语
#   body: |
#     按语正文，一段或几段。
articles:                      # 按印刷顺序 / in print order
  - {ARTICLE_NAME}
# back:                        # 可选：覆盖 publication.yaml 中的报尾 / overrides of the 报尾
#   phone: 0371-00000000
# style: {style or 'chuangxin'}             # 可选：默认取 publication.yaml 的 style
"""


def create_issue(root: Path, key: str | None = None, today: _dt.date | None = None) -> NewIssue:
    """Create issues/KEY/ with issue.yaml and an article template."""
    root = Path(root)
    today = today or _dt.date.today()
    key = key or next_key(root, today)
    if not KEY.match(key) or not 1 <= int(key[5:]) <= 99:
        raise BuildError(Problem(Pos(f"issues/{key}"), f"'{key}' is not an issue key",
                                 "issue folders are named YYYY-NN, e.g. 2025-05"))
    folder = root / "issues" / key
    if folder.exists():
        raise BuildError(Problem(Pos(f"issues/{key}"), "this issue folder already exists; nothing was changed",
                                 f"edit it, or start the next issue with `bulletin-press new {next_key(root, today)}`"
                                 if key in issue_keys(root) else "choose another key"))
    problems: list[Problem] = []
    pub = load_publication(root, problems)
    if pub is None:
        if not problems:
            problems.append(Problem(Pos(SHOWN), "publication.yaml could not be read"))
        raise BuildError(problems)
    info = serial_info(root, key)           # from the issue just before, never a guess
    previous = info.previous.key if info.previous.exists else None
    prev_serial, serial = info.prev_serial, info.serial
    taken = [k for k in issue_keys(root) if serial is not None and serial_info(root, k).serial == serial]
    if taken:       # the numbering already goes on past this key: let the editor decide
        serial = None
    text = issue_yaml(key, serial, previous, prev_serial, today, pub.style, pub.title,
                      issue_date(key, today))
    folder.mkdir(parents=True)
    files = []
    try:
        for name, body in (("issue.yaml", text), (ARTICLE_NAME, ARTICLE_TEMPLATE)):
            path = folder / name
            path.write_text(body, encoding="utf-8")
            files.append(path)
        (folder / "images").mkdir()
    except BaseException:
        import shutil
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return NewIssue(key, folder, files, serial, previous)
