"""Are the font files the style names whole?  Checked before anything is set.

    font_file_problems(style, fonts_dir) -> [Problem]

A font file that is empty, a folder, or that differs from the sha256
fonts/manifest.json gives for it and is not a whole font file (its table
directory points past its end, or it does not start as a font), is an error
naming the file and how to restore it; one that differs but looks whole is a
warning (the pages will not match the ones made with the listed file).  The
style loader has already said which named files are missing.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import Problem
from ..model import Pos
from .digest import file_hash

RESTORE = ("restore it from the project (e.g. `git checkout -- fonts/{name}`, or copy it again "
           "from a good copy of the project)")


def _manifest(fonts_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((fonts_dir / "manifest.json").read_text(encoding="utf-8"))
        return {f["file"]: f["sha256"] for f in data.get("fonts", []) if "file" in f and "sha256" in f}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _unreadable(path: Path) -> str | None:
    """Why `path` is not a whole TrueType/OpenType file, or None.  Reads the
    table directory only (cheap): a truncated file has tables past its end."""
    import struct
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12:
                return "too short for a font"
            tag, ntables = head[:4], struct.unpack(">H", head[4:6])[0]
            if tag == b"ttcf":
                return None                      # a collection: reportlab reads it or says why
            if tag not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                return "it does not start as a font does"
            if not 1 <= ntables <= 100:
                return f"it claims {ntables} tables"
            table = f.read(16 * ntables)
            if len(table) < 16 * ntables:
                return "its table directory is cut off"
            for i in range(ntables):
                name, _sum, off, length = struct.unpack(">4sIII", table[16 * i:16 * i + 16])
                if off + length > size:
                    return (f"the file ends at byte {size:,} but its '{name.decode('latin-1')}' "
                            f"table runs to byte {off + length:,}: it was cut short")
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def font_file_problems(style, fonts_dir: Path) -> list[Problem]:
    fonts_dir = Path(fonts_dir)
    listed = _manifest(fonts_dir)
    names = []
    for spec in style.fonts.values():
        for file in (spec.regular, spec.bold):
            if file and file not in names:
                names.append(file)
    out: list[Problem] = []
    for name in names:
        path = fonts_dir / name
        shown = f"fonts/{name}"
        if path.is_dir():
            out.append(Problem(Pos(shown), f"{shown} is a folder, not a font file",
                               "move the folder away and " + RESTORE.format(name=name)))
            continue
        if not path.is_file():
            continue
        size = path.stat().st_size
        if size == 0:
            out.append(Problem(Pos(shown), f"the font file {shown} is empty (0 bytes)",
                               RESTORE.format(name=name)))
            continue
        want = listed.get(name)
        if want is not None and file_hash(path) == want:
            continue
        why = _unreadable(path)
        if why is not None:
            out.append(Problem(Pos(shown), f"the font file {shown} is damaged ({size:,} bytes; "
                                           f"{why})",
                               RESTORE.format(name=name)))
        elif want is not None:
            out.append(Problem(Pos(shown), f"the font file {shown} is not the one fonts/manifest.json "
                                           "lists (its sha256 differs): the pages will not match "
                                           "those made with the listed font",
                               RESTORE.format(name=name) + ", or update fonts/manifest.json "
                               "if the new font is meant", "warning"))
    return out
