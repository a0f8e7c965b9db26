"""issues/ISSUE/print.lock and the pinned style beside it → model.lock.PrintLock.

A locked issue builds with its pinned style (style.lock.yaml, a copy of the
house style as it was when the issue was locked), so later edits to
styles/NAME.yaml do not touch it (FORMAT.md: archived issues pin theirs).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import BuildError, Problem
from ..model import Pos
from ..model.lock import FORMAT, LOCK_FILE, STYLE_FILE, LockedArticle, LockedParagraph, PrintLock


def lock_path(root: Path, key: str) -> Path:
    return Path(root) / "issues" / key / LOCK_FILE


def pinned_style_path(root: Path, key: str) -> Path | None:
    """The issue's pinned style, when it has one."""
    p = Path(root) / "issues" / key / STYLE_FILE
    return p if p.is_file() else None


def read_lock(root: Path, key: str) -> PrintLock | None:
    """The issue's print.lock, or None when it has none.  A damaged lock is an error."""
    path = lock_path(root, key)
    if not path.is_file():
        return None
    shown = f"issues/{key}/{LOCK_FILE}"
    fix = (f"restore it from your archive or version control, or delete it and run "
           f"`bulletin-press lock {key}` to record the issue as it builds now")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        raise BuildError(Problem(Pos(shown, None if line is None else line + 1),
                                 f"this lock file cannot be read: {e.__class__.__name__}", fix)) from None
    if isinstance(data, dict) and isinstance(data.get("format"), int) and data["format"] > FORMAT:
        raise BuildError(Problem(Pos(shown), f"this lock file has format {data['format']}, written by a "
                                 f"newer bulletin-press (this one reads format {FORMAT})",
                                 f"build the issue with bulletin-press {data.get('bulletin-press', '?')} "
                                 f"or newer"))
    try:
        style = data["style"]
        return PrintLock(
            issue=str(data["issue"]), version=str(data["bulletin-press"]), pages=int(data["pages"]),
            blank_pages=int(data.get("blank_pages", 0)), style_name=str(style["name"]),
            style_sha256=str(style["sha256"]),
            sources={str(k): str(v) for k, v in (data.get("sources") or {}).items()},
            fonts={str(k): str(v) for k, v in (data.get("fonts") or {}).items()},
            articles=[LockedArticle(str(a["file"]), str(a["title"]), tuple(a.get("authors") or ()),
                                    int(a["first"]), int(a["last"])) for a in data.get("articles") or []],
            page_starts={int(k): (str(v[0]), int(v[1]), int(v[2]))
                         for k, v in (data.get("page_starts") or {}).items()},
            page_breaks={int(k): (int(v[0]), int(v[1]), int(v[2]))
                         for k, v in (data.get("page_breaks") or {}).items()},
            paragraphs=[LockedParagraph(str(p["file"]), int(p["block"]), str(p["digest"]),
                                        tuple(int(x) for x in p["lines"]),
                                        tuple((int(a), int(b)) for a, b in p["at"]),
                                        None if p.get("line") is None else int(p["line"]))
                        for p in data.get("paragraphs") or []],
            serial=data.get("serial"), date=None if data.get("date") is None else str(data["date"]))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
        raise BuildError(Problem(Pos(shown), f"this lock file is incomplete or damaged ({e!r})", fix)) from None


def load_issue_style(root: Path, key: str, name: str, warnings: list[Problem] | None = None):
    """The style issue `key` builds with: its pinned copy when it is locked, else styles/NAME.yaml."""
    from .style import load_style
    pinned = pinned_style_path(root, key)
    if pinned is None:
        return load_style(root, name, warnings)
    return load_style(root, name, warnings, path=pinned, shown=f"issues/{key}/{STYLE_FILE}")
