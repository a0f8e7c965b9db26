"""The files an issue is made of, byte for byte, and their sha256 digests (what a lock
records and the archive copy carries)."""
from __future__ import annotations

from pathlib import Path

from ..model.lock import LOCK_FILE, STYLE_FILE
from .digest import file_hash, ignored, sha256_file
from .lock import pinned_style_path

__all__ = ["attachments", "font_digests", "issue_files", "rel", "sha256_file", "source_digests",
           "style_file"]


def rel(root: Path, path: Path) -> str:
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def style_file(root: Path, issue) -> Path:
    """The style file the issue builds with: its pinned copy, else styles/NAME.yaml."""
    return pinned_style_path(root, issue.key) or Path(root) / "styles" / f"{issue.style}.yaml"


def issue_files(root: Path, issue, *, records: bool = False) -> list[Path]:
    """Every file the issue is made of: the files in its folder (issue.yaml, the
    articles, images/, data/ …), issues/publication.yaml, a QR image kept in
    issues/, and the style it builds with.  `records`: also print.lock (the
    pinned style is the style file then)."""
    root = Path(root)
    skip = set() if records else {LOCK_FILE, STYLE_FILE}
    # hidden files and editors' swap and backup files are no sources (as source/digest.py)
    out = sorted(p for p in issue.folder.rglob("*")
                 if p.is_file() and not any(ignored(part) for part in p.relative_to(issue.folder).parts)
                 and p.relative_to(issue.folder).as_posix() not in skip)
    out.append(root / "issues" / "publication.yaml")
    qr = issue.back.qr_image
    if qr is not None and Path(qr).resolve() not in {p.resolve() for p in out}:
        out.append(Path(qr))
    if records or not (issue.folder / STYLE_FILE).is_file():
        style = style_file(root, issue)
        if style.resolve() not in {p.resolve() for p in out}:
            out.append(style)
    return out


def source_digests(root: Path, issue) -> dict[str, str]:
    """sha256 of each source file, by its path from the project root (the style is
    recorded apart: it is pinned)."""
    return {rel(root, p): sha256_file(p) for p in issue_files(root, issue)
            if p.resolve() != style_file(root, issue).resolve()}


def font_digests(style, fonts_dir: Path) -> dict[str, str]:
    names = sorted({f for face in style.fonts.values() for f in (face.regular, face.bold) if f})
    # the fonts' hashes are kept per machine (digest.file_hash): 70 MB is not read again
    return {n: file_hash(Path(fonts_dir) / n) for n in names if (Path(fonts_dir) / n).is_file()}


def attachments(root: Path, issue) -> list[tuple[str, bytes, str]]:
    """The issue's sources, byte for byte, as the archive PDF carries them: (name from
    the project root, bytes, description)."""
    out = []
    for p in issue_files(root, issue, records=True):
        name = rel(root, p)
        what = {LOCK_FILE: "what was printed (print.lock)", STYLE_FILE: "the pinned style",
                "issue.yaml": "the issue's metadata", "publication.yaml": "the publication's metadata"}
        desc = what.get(p.name) or ("an article" if p.suffix == ".md" else
                                    "the style" if name.startswith("styles/") else "a file the issue uses")
        out.append((name, p.read_bytes(), f"source: {desc}"))
    return out
