"""The files an editor writes for one issue, read as text for the checks.

    sources(root, key) -> [Source]    # the articles issue.yaml lists, the note, the YAML files
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from .textfile import decode

@dataclass
class Source:
    """One text an editor wrote (an article, the editor's note, a YAML file), for the lint."""
    path: Path
    shown: str
    text: str | None           # None when it cannot be read as UTF-8 (load reports why)
    first_line: int = 1
    col_offset: int = 0
    kind: str = "article"      # article | note | yaml


def _read(path: Path, shown: str) -> str | None:
    try:
        return decode(path.read_bytes(), shown)
    except (BuildError, OSError):
        return None


def sources(root: Path, key: str) -> list[Source]:
    """The article files issue.yaml lists (or, if it cannot be read, every .md in
    the folder), the note body, and the YAML files."""
    from .publication import read_yaml_mapping
    from .yamlfile import LDict, LList

    folder = root / "issues" / key
    out: list[Source] = []
    shown_issue = f"issues/{key}/issue.yaml"
    scratch: list = []
    data = read_yaml_mapping(folder / "issue.yaml", shown_issue, scratch, shown_issue)
    names: list[str] = []
    if isinstance(data, LDict) and isinstance(data.get("articles"), LList):
        names = [n.strip() for n in data["articles"] if isinstance(n, str)]
    elif folder.is_dir():
        names = sorted(p.name for p in folder.glob("*.md"))
    seen = set()
    for name in names:
        path = (folder / name)
        try:
            path.resolve().relative_to(folder.resolve())
        except ValueError:
            continue
        if path.resolve() in seen or not path.is_file() or path.suffix.lower() != ".md":
            continue
        seen.add(path.resolve())
        shown = f"issues/{key}/{name}"
        out.append(Source(path, shown, _read(path, shown)))
    # The note: a YAML block scalar, linted in place (line and column in issue.yaml).
    if isinstance(data, LDict) and isinstance(data.get("note"), LDict):
        note = data["note"]
        body = note.get("body")
        if isinstance(body, str) and body.strip():
            vpos = note.vat("body")
            block = note.style.get("body") in ("|", ">")
            first = vpos.line + 1 if block else vpos.line
            col = 0
            raw = _read(folder / "issue.yaml", shown_issue) or ""
            lines = raw.split("\n")
            if block and first - 1 < len(lines):
                ln = lines[first - 1]
                col = len(ln) - len(ln.lstrip(" "))
            elif not block:
                col = (vpos.col or 1) - 1
            out.append(Source(folder / "issue.yaml", shown_issue, body, first, col, "note"))
    for path, shown in ((folder / "issue.yaml", shown_issue),
                        (root / "issues" / "publication.yaml", "issues/publication.yaml")):
        if path.is_file():
            out.append(Source(path, shown, _read(path, shown), kind="yaml"))
    return out
