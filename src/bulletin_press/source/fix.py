"""Apply the lint's safe fixes to article sources.

    fix_text(text, quotes="“”") -> str
    fix_file(path, quotes="“”") -> (old, new)   # writes atomically, only if changed
    unified_diff(old, new, path) -> str

Only findings the lint marks safe are applied (see `lint.SAFE_RULES`); the
rest stay warnings for an editor to decide.  Fixing repeats until nothing
safe is left (one fix may uncover another), at most a few rounds.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

from .lint import lint_findings

__all__ = ["fix_text", "fix_file", "unified_diff", "apply_edits"]

_MAX_ROUNDS = 5


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits; ones overlapping an earlier one wait."""
    out: list[str] = []
    k = 0
    for a, b, r in sorted(edits):
        if a < k:
            continue
        out.append(text[k:a])
        out.append(r)
        k = b
    out.append(text[k:])
    return "".join(out)


def fix_text(text: str, *, quotes: str = "“”") -> str:
    """`text` with every safe lint fix applied."""
    for _ in range(_MAX_ROUNDS):
        groups = [f.edits for f in lint_findings(text, "<text>", quotes=quotes) if f.safe]
        if not groups:
            break
        # A finding's edits go in together or not at all (a quote pair, say).
        taken = bytearray(len(text) + 1)
        chosen: list[tuple[int, int, str]] = []
        for edits in groups:
            if any(any(taken[a:max(b, a + 1)]) for a, b, _ in edits):
                continue
            chosen.extend(edits)
            for a, b, _ in edits:
                taken[a:max(b, a + 1)] = b"\x01" * (max(b, a + 1) - a)
        new = apply_edits(text, chosen)
        if new == text:
            break
        text = new
    return text


def fix_file(path: str | os.PathLike, *, quotes: str = "“”") -> tuple[str, str]:
    """Fix `path` in place; returns (old, new).  Writes nothing when unchanged.

    The file is replaced atomically: the new text goes to a temporary file in
    the same folder, is flushed to disk, and then renamed over the original.
    """
    path = Path(path)
    raw = path.read_bytes()
    old = raw.decode("utf-8-sig")
    bom = raw.startswith(b"\xef\xbb\xbf")
    # Keep the file's line endings: lint on \n, write back what was there.
    crlf = "\r\n" in old
    work = old.replace("\r\n", "\n") if crlf else old
    new = fix_text(work, quotes=quotes)
    if crlf:
        new = new.replace("\n", "\r\n")
    if new == old:
        return old, new
    data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:   # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return old, new


def unified_diff(old: str, new: str, path: str | os.PathLike) -> str:
    """A unified diff of old → new, labelled a/path and b/path."""
    name = str(path)
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{name}", tofile=f"b/{name}"))
