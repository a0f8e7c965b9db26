"""issues/publication.yaml: what stays the same from issue to issue."""
from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos, Publication
from .schema import F, check, expect_mapping
from .textfile import read_text
from .yamlfile import LDict, load_yaml

PUBLICATION = {
    "title": F("str", required=True),
    "title_latin": F("str"),
    "registration": F("str"),
    "edition": F("str"),
    "sponsors": F("strlist"),
    "tagline": F("strlist"),
    "style": F("str", required=True),
    "back": F("map"),
}

BACK = {
    "qr": F("str"),
    "qr_caption": F("str"),
    "editor_in_chief": F("str"),
    "reviewers": F("strlist"),
    "submitted_to": F("str"),
    "distributed_to": F("str"),
    "address": F("str"),
    "postcode": F("str"),
    "phone": F("str"),
    "email": F("str"),
}

SHOWN = "issues/publication.yaml"


def read_yaml_mapping(path: Path, shown: str, problems: list[Problem], what: str) -> LDict | None:
    """Read a YAML file that must hold a mapping; problems are appended."""
    if path.is_dir():
        problems.append(Problem(Pos(shown), f"{shown} is a folder, not a file",
                                f"move the folder away and create {shown} (see FORMAT.md)"))
        return None
    if not path.is_file():
        problems.append(Problem(Pos(shown), f"{what} is missing", f"create {shown} (see FORMAT.md)"))
        return None
    try:
        text = read_text(path, shown)
    except BuildError as exc:
        problems.extend(exc.problems)
        return None
    data, yp = load_yaml(text, shown)
    problems.extend(yp)
    if yp:
        return None
    return expect_mapping(data, shown, problems, what)


def load_publication(root: Path, problems: list[Problem]) -> Publication | None:
    data = read_yaml_mapping(root / "issues" / "publication.yaml", SHOWN, problems, SHOWN)
    if data is None:
        return None
    before = len(problems)
    v = check(data, PUBLICATION, problems, what=SHOWN)
    back = data.get("back")
    if isinstance(back, LDict):
        check(back, BACK, problems, what="back: in " + SHOWN)
    if len(problems) > before:
        return None
    return Publication(
        title=v["title"], title_latin=v.get("title_latin"), registration=v.get("registration"),
        edition=v.get("edition"), sponsors=v.get("sponsors", []), tagline=v.get("tagline", []),
        style=v["style"], back=back if isinstance(back, LDict) else {})
