"""Paths that editors write (figures, csv data, QR images): relative to the
issue folder, never escaping it, and existing."""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..errors import Problem
from ..model import Pos

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")


def resolve_inside(folder: Path, rel: str, pos: Pos, problems: list[Problem], *,
                   what: str, suffixes: tuple[str, ...] | None = None,
                   base: Path | None = None) -> Path | None:
    """`rel` resolved against `base` (default: `folder`); must stay inside
    `folder` and exist.  Appends a Problem and returns None otherwise."""
    base = base or folder
    text = (rel or "").strip()
    if not text:
        problems.append(Problem(pos, f"{what} names no file", "write a path relative to the issue folder"))
        return None
    if "://" in text:
        problems.append(Problem(pos, f"{what} is a web address ({text})",
                                "save the file in the issue folder (e.g. images/) and name it by its path"))
        return None
    text = text.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        problems.append(Problem(pos, f"{what} has an absolute path ({rel})",
                                "write the path relative to the issue folder, e.g. images/fig1.png"))
        return None
    path = (base / PurePosixPath(text)).resolve()
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        problems.append(Problem(pos, f"{what} ({rel}) is outside the issue folder",
                                "an issue reads only its own folder: copy the file into it (e.g. images/) "
                                "and refer to it without ../"))
        return None
    if suffixes is not None and path.suffix.lower() not in suffixes:
        kind = "a Markdown file" if suffixes == (".md",) else "an image file this tool can place"
        fix = "use one of: " + ", ".join(suffixes)
        for suf in suffixes:
            if path.with_name(path.name + suf).is_file():
                fix = f"did you mean {text}{suf}?"
                break
        problems.append(Problem(pos, f"{what} ({rel}) is not {kind}", fix))
        return None
    if path.is_dir():
        problems.append(Problem(pos, f"{what} ({rel}) is a folder, not a file",
                                "name the file itself, not a folder (or move the folder away and "
                                "put the file there)"))
        return None
    if not path.is_file():
        fix = "check the spelling and that the file was saved in the issue folder"
        parent = path.parent
        if parent.is_dir():
            names = [p.name for p in parent.iterdir() if p.is_file()]
            import difflib     # only for a file that is not there
            best = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
            if best:
                fix = f"did you mean {(PurePosixPath(text).parent / best[0]).as_posix()}?"
        problems.append(Problem(pos, f"{what} ({rel}) does not exist", fix))
        return None
    return path
