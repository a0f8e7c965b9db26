"""An issue and its style, read and checked: the source half of a build's load.

    issue, style, invisible = read_issue(root, key, warnings)

`invisible` lists the errors for invisible characters pasted into the sources
(zero-width space, soft hyphen …: they would print as nothing, a stray hyphen or
a blank box).  They are not raised here: the font check, which runs next
(pipeline.load_fonts), names the same characters with less detail, and
`characters.raise_with(invisible, error)` says them once, first.  Any other problem is
raised here as a BuildError, with the invisible characters' errors before it.

Kept apart from the pipeline so that a process can read the sources without
importing what sets the pages (job.py reads them in a child).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem, SetupError
from .characters import character_errors, raise_with
from .issue import load_issue
from .lock import load_issue_style
from .sources import sources


def read_issue(root: Path, key: str, warnings: list[Problem]):
    """The issue `key`, its style (a locked issue's pinned one) and the invisible
    characters' errors (see the module's doc)."""
    invisible = character_errors(sources(root, key)) if (Path(root) / "issues" / key).is_dir() else []
    try:
        issue = load_issue(root, key, warnings)
        style = load_issue_style(root, key, issue.style, warnings)
    except SetupError:
        raise
    except BuildError as e:
        raise_with(invisible, e)
    return issue, style, invisible


__all__ = ["read_issue"]
