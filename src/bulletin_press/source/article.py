"""An article file: YAML front matter between --- lines, then Markdown."""
from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Article, Paragraph, Pos
from .markdown import Ctx, parse_blocks
from .schema import F, check, expect_mapping
from .placeholders import placeholder_problems
from .tabtable import pipe_rows_problems, tab_problems
from .textfile import read_text
from .titlebreak import split_breaks
from .yamlfile import load_yaml

FRONT_MATTER = {
    "title": F("str", required=True),
    "author": F("strlist", required=True),
    "affiliation": F("str"),
    "affiliation_at": F("str", choices=("end", "byline")),
    "short_title": F("str"),
}


def split_front_matter(text: str, file: str, problems: list[Problem]):
    """Return (front matter text, its first line index, body text, body's first
    line index), or None after appending a Problem."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(Pos(file, 1), "the article has no front matter",
                                "start the file with a line ---, then title: and author:, then ---"))
        return None
    for k in range(1, len(lines)):
        if lines[k].rstrip() in ("---", "..."):
            return "\n".join(lines[1:k]), 1, "\n".join(lines[k + 1:]), k + 1
    problems.append(Problem(Pos(file, 1), "the front matter opened on line 1 is never closed",
                            "add a line --- after the author: (and affiliation:) lines"))
    return None


def load_article(path: Path, folder: Path, shown: str, root_display: str,
                 problems: list[Problem], warnings: list[Problem]) -> Article | None:
    try:
        text = read_text(path, shown)
    except BuildError as exc:
        problems.extend(exc.problems)
        return None
    split = split_front_matter(text, shown, problems)
    if split is None:
        return None
    fm_text, fm_line0, body, body_line0 = split
    before = len(problems)
    data, yp = load_yaml(fm_text, shown, line_offset=fm_line0)
    problems.extend(yp)
    fm = None
    if not yp:
        fm = expect_mapping(data, shown, problems, "the front matter")
    v = check(fm, FRONT_MATTER, problems, what="the front matter") if fm is not None else {}

    if not body.strip():
        problems.append(Problem(Pos(shown, body_line0 + 1 if body_line0 < len(text.split("\n")) else body_line0),
                                "the article has no text after its front matter",
                                "write the article body below the closing ---"))
        return None
    ctx = Ctx(file=shown, folder=folder, root_display=root_display, line_offset=body_line0,
              source_lines=body.split("\n"))
    blocks = parse_blocks(body, ctx)
    problems.extend(tab_problems(body, shown, body_line0))
    problems.extend(pipe_rows_problems(body, shown, body_line0))
    warnings.extend(placeholder_problems(text, shown, "article"))
    problems.extend(ctx.problems)
    warnings.extend(ctx.warnings)
    if len(problems) > before or fm is None:
        return None
    authors = [a.strip() for a in v["author"] if a.strip()]
    if not authors:
        problems.append(Problem(fm.at("author"), "author is empty", "name the author(s)"))
        return None
    _salutation_flush(blocks)
    title, breaks = split_breaks(v["title"].strip(), fm.vat("title"), "the title", problems)
    if len(problems) > before:
        return None
    return Article(file=path, title=title, authors=authors, blocks=blocks,
                   pos=Pos(shown, 1), affiliation=v.get("affiliation"),
                   affiliation_at=v.get("affiliation_at", "end"), notes=ctx.notes,
                   title_breaks=breaks, title_pos=fm.vat("title"), byline_pos=fm.vat("author"),
                   short_title=(v.get("short_title") or "").strip() or None)


def _salutation_flush(blocks) -> None:
    """A speech's salutation (尊敬的各位领导、各位专家：) opening the article is set
    flush left (顶格), as a letter's is."""
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph):
        text = "".join(r.text for r in first.runs).strip()
        if text.startswith("尊敬的") and text.endswith(("：", ":")):
            first.flush = True
