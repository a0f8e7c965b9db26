"""Find the project root: the folder that holds issues/, searched upward."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos

KEY = re.compile(r"^(\d{4})-(\d{2})$")


def find_root(start: Path, root: Path | None = None) -> Path:
    """`root` if given (it must hold issues/), else the nearest folder at or
    above `start` that holds issues/, as git finds .git."""
    if root is not None:
        root = Path(root).resolve()
        if not (root / "issues").is_dir():
            raise BuildError(Problem(Pos(str(root)), "this folder has no issues/ folder",
                                     "name the folder that holds issues/, styles/ and fonts/"))
        return root
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "issues").is_dir():
            return folder
    raise BuildError(Problem(Pos(str(here)), "no issues/ folder here or in any folder above",
                             "run the command inside the bulletin's folder, or give --root DIR"))


def issue_keys(root: Path) -> list[str]:
    """Issue folder names (YYYY-NN) under issues/, sorted."""
    issues = Path(root) / "issues"
    if not issues.is_dir():
        return []
    return sorted(p.name for p in issues.iterdir() if p.is_dir() and KEY.match(p.name))
