"""Find the project root: the folder that holds issues/, searched upward."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, SetupError
from ..model import Pos

KEY = re.compile(r"^(\d{4})-(\d{2})$")


def find_root(start: Path, root: Path | None = None) -> Path:
    """`root` if given (it must hold issues/), else the nearest folder at or
    above `start` that holds issues/, as git finds .git."""
    if root is not None:
        root = Path(root).resolve()
        if not (root / "issues").is_dir():
            raise SetupError(Problem(Pos(str(root)), "this folder has no issues/ folder",
                                     "name the folder that holds issues/, styles/ and fonts/"))
        return root
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "issues").is_dir():
            return folder
    raise SetupError(Problem(Pos(str(here)), "no issues/ folder here or in any folder above",
                             "run the command inside the bulletin's folder, or give --root DIR"))


def issue_keys(root: Path) -> list[str]:
    """Issue folder names (YYYY-NN) under issues/, sorted."""
    issues = Path(root) / "issues"
    if not issues.is_dir():
        return []
    return sorted(p.name for p in issues.iterdir() if p.is_dir() and KEY.match(p.name))


_LOOSE = re.compile(r"^(\d{4})-(\d{1,2})$")


def issue_key(text: str) -> str:
    """An issue as a command line names it → its key YYYY-NN.

    Accepts 2025-04, 2025-4, and a path to the folder as tab completion gives it
    (issues/2025-04/, ./issues/2025-04, /path/to/issues/2025-04).  Raises
    ValueError saying what would be right."""
    raw = str(text).strip()
    name = raw.replace("\\", "/").rstrip("/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if len(parts) >= 2 and parts[-2] == "issues" and ".." not in parts[-2:]:
        name = parts[-1]
    elif len(parts) == 1:
        name = parts[0]
    m = _LOOSE.match(name)
    if not m:
        raise ValueError(f"'{raw}' is not an issue: name it as YEAR-NUMBER, e.g. 2025-04 "
                         "(issues/2025-04/ is understood too)")
    year, number = int(m.group(1)), int(m.group(2))
    if not 1 <= number <= 99:
        raise ValueError(f"'{raw}': issue numbers run from 01 to 99 within a year, e.g. {year}-01")
    return f"{year:04d}-{number:02d}"


def require_issue_folder(root: Path, key: str) -> Path:
    """issues/KEY/, or a SetupError (exit 2) saying what exists and how to start it."""
    from .schema import suggest
    folder = Path(root) / "issues" / key
    if not KEY.match(key):
        raise SetupError(Problem(Pos(f"issues/{key}"), f"'{key}' is not an issue key",
                                 "issue folders are named YYYY-NN, e.g. 2025-04"))
    if folder.is_dir():
        return folder
    keys = issue_keys(root)
    best = suggest(key, keys)
    fix = f"did you mean {best}?" if best else ("existing issues: " + ", ".join(keys) if keys
                                                  else "create the folder issues/" + key)
    if folder.exists():
        what, fix = f"issues/{key} is a file, not an issue folder", "move the file away"
    else:
        what = "no such issue folder"
        fix += f" (or start it with `bulletin-press new {key}`)" if best else ""
    raise SetupError(Problem(Pos(f"issues/{key}"), what, fix))
