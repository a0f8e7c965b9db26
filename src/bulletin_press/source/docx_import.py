"""`bulletin-press import FILE.docx --into ISSUE`: a Word article into an issue folder.

    import_docx(root, docx_path, key, name=None, force=False) -> Imported

Writes issues/ISSUE/NAME.md (front matter + Markdown), the pictures into
issues/ISSUE/images/, and appends NAME.md to issue.yaml's `articles:` (the
rest of issue.yaml stays byte for byte; an entry already there stays where it
is).  Nothing is written when the .docx cannot be read, and an existing
article is never replaced without `force`.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import BuildError, Problem
from ..model import Pos
from .docx_markdown import to_article
from .docx_read import DamagedPart, open_docx, read_docx
from .publication import read_yaml_mapping
from .root import KEY
from .yamlfile import LList


@dataclass
class Imported:
    path: Path
    shown: str
    images: list[str] = field(default_factory=list)
    listed: bool = False          # appended to issue.yaml now (False: it was there already)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def front_matter(front: dict) -> str:
    lines = [yaml.safe_dump({k: v}, allow_unicode=True, width=10_000, default_flow_style=True
                            if isinstance(v, list) else None).strip().removeprefix("{").removesuffix("}")
             if isinstance(v, list) else
             yaml.safe_dump({k: v}, allow_unicode=True, width=10_000).strip() for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def default_name(folder: Path, listed: list[str], title: str) -> str:
    """NN-words.md: the next number after the issue's articles, ASCII words of the title or 'article'."""
    numbers = [int(m.group(1)) for n in [*listed, *(p.name for p in folder.glob("*.md"))]
               if (m := re.match(r"^(\d+)-", n))]
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*", title)][:3]
    return f"{max(numbers, default=0) + 1:02d}-{'-'.join(words) or 'article'}.md"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def append_article(text: str, name: str, shown: str) -> str | None:
    """issue.yaml with `- name` appended to articles:, or None when it is listed already."""
    problems: list[Problem] = []
    from .yamlfile import load_yaml
    data, problems = load_yaml(text, shown)
    if problems or not hasattr(data, "get"):
        raise BuildError(problems or Problem(Pos(shown), "issue.yaml is not a mapping",
                                             "fix issue.yaml first (bulletin-press check)"))
    arts = data.get("articles")
    if isinstance(arts, list) and name in [a.strip() for a in arts if isinstance(a, str)]:
        return None
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(nl)
    at = data.at("articles").line - 1
    last = arts.at(len(arts) - 1).line - 1 if isinstance(arts, LList) and arts else at
    item = re.match(r"^(\s*-\s*)", lines[last])
    if last > at and item:   # block style: a line `  - name` after the last one
        lines.insert(last + 1, f"{item.group(1)}{name}")
        return nl.join(lines)
    m = re.match(r"^(articles:\s*)\[(.*)\](.*)$", lines[at])
    if m:   # flow style: articles: [a.md, b.md]
        inner = m.group(2).strip()
        lines[at] = f"{m.group(1)}[{inner + ', ' if inner else ''}{name}]{m.group(3)}"
        return nl.join(lines)
    if re.match(r"^articles:\s*(#.*)?$", lines[at]):   # an empty articles:
        lines.insert(at + 1, f"  - {name}")
        return nl.join(lines)
    raise BuildError(Problem(data.at("articles"), "cannot add the article to this articles: list",
                             f"add `- {name}` under articles: by hand"))


def read_docx_part_by_part(document, shown: str):
    """read_docx, with a part python-docx leaves unparsed until it is read (the
    footnotes, endnotes, comments) that is not well-formed XML said as a damaged file."""
    try:
        return read_docx(document)
    except DamagedPart as exc:
        raise BuildError(Problem(Pos(shown), f"the .docx is damaged: its part {exc.name} is not "
                                 f"well-formed XML ({exc.why})",
                                 "open it in Word (it may offer to repair it) and save it again as .docx"
                                 )) from None


def import_docx(root: Path, docx_path: Path, key: str, name: str | None = None,
                force: bool = False) -> Imported:
    root = Path(root)
    shown_src = str(docx_path)
    folder = root / "issues" / key
    shown_yaml = f"issues/{key}/issue.yaml"
    if not KEY.match(key) or not folder.is_dir():
        raise BuildError(Problem(Pos(f"issues/{key}"), "no such issue folder",
                                 f"start it with `bulletin-press new {key}`, or name an existing issue"))
    document = open_docx(docx_path, shown_src)
    wdoc = read_docx_part_by_part(document, shown_src)
    conv = to_article(wdoc, docx_path.stem)

    problems: list[Problem] = []
    data = read_yaml_mapping(folder / "issue.yaml", shown_yaml, problems, shown_yaml)
    if data is None:
        raise BuildError(problems)
    listed = [a.strip() for a in (data.get("articles") or []) if isinstance(a, str)]
    if name is None:
        name = default_name(folder, listed, conv.front.get("title", ""))
    if "/" in name or "\\" in name or not name.endswith(".md") or name.startswith("."):
        raise BuildError(Problem(Pos(shown_src), f"--as {name}: an article is a file NAME.md in the issue folder",
                                 "give a plain file name ending in .md, e.g. --as 05-zhuanti.md"))
    target = folder / name
    shown = f"issues/{key}/{name}"
    if target.exists() and not force:
        raise BuildError(Problem(Pos(shown), "this article file exists already; nothing was written",
                                 "use --force to replace it, or --as NAME.md for another name"))
    yaml_text = (folder / "issue.yaml").read_bytes().decode("utf-8-sig")
    new_yaml = append_article(yaml_text, name, shown_yaml)

    # everything is known: write
    written = []
    if conv.images:
        (folder / "images").mkdir(exist_ok=True)
    for rel, blob in conv.images.items():
        p = folder / rel
        if not p.exists() or p.read_bytes() != blob:
            _write_atomic(p, blob)
        written.append(f"issues/{key}/{rel}")
    _write_atomic(target, (front_matter(conv.front) + conv.body).encode("utf-8"))
    if new_yaml is not None:
        raw = (folder / "issue.yaml").read_bytes()
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        _write_atomic(folder / "issue.yaml", bom + new_yaml.encode("utf-8"))
    return Imported(target, shown, written, new_yaml is not None, conv.warnings, conv.counts)
