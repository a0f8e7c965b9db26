"""What an issue is built from, and one digest of it all.

    source_files(root, key) -> [Path]      # every file a build of `key` may read
    sources_digest(root, key) -> str       # sha256 of their names and contents + the version

The files: everything in issues/KEY/ (articles, images/, data/), the files at
the top of issues/ (publication.yaml, a shared QR image), the issue.yaml of
every earlier issue (the serial 总第N期 follows from them), the style the
issue builds with (its pinned style.lock.yaml when it is locked, else
styles/NAME.yaml; all of styles/ when the name cannot be read), and the font
files with fonts/manifest.json.  print.lock is left out: it keeps the lines
as they were printed, so locking an issue does not make its PDFs stale.  Hidden files and editors' swap and backup
files are left out.  The digest depends on contents and names relative to the
root only (never on dates or the machine), so the same sources give the same
digest — and, recorded in the PDFs, byte-identical outputs.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .. import __version__
from ..model.lock import LOCK_FILE, STYLE_FILE
from .lock import pinned_style_path
from .root import issue_keys

IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", "~", ".part", ".crdownload", ".bak")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".metrics")   # .metrics: measured widths the engine reads

_HASHES: dict[tuple, str] = {}   # (path, size, mtime_ns, inode) -> sha256: fonts are large


def ignored(name: str) -> bool:
    """A hidden file or folder, or an editor's swap or backup file: never a source."""
    return name.startswith((".", "~$", "#")) or name.endswith(IGNORED_SUFFIXES)


def sha256_file(path: Path) -> str:
    """sha256 of a file's contents, read in 1 MB pieces (OSError when it cannot be read)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tree(folder: Path, skip: Path | None = None) -> list[Path]:
    out = []
    if not folder.is_dir():
        return out
    seen = {folder.resolve()}
    for base, dirs, files in os.walk(folder, followlinks=True):
        here = Path(base)
        keep = []
        for d in sorted(dirs):
            real = (here / d).resolve()
            if ignored(d) or real == skip or real in seen:   # a link loop is read once
                continue
            seen.add(real)
            keep.append(d)
        dirs[:] = keep
        out += [here / f for f in sorted(files) if not ignored(f) and (here / f).is_file()]
    return out


def source_files(root: Path, key: str, out_dir: Path | None = None) -> list[Path]:
    """Every file a build of issue `key` may read (see the module's docstring).
    `out_dir`, when it lies inside the issue folder, is left out."""
    root = Path(root)
    issues = root / "issues"
    skip = Path(out_dir).resolve() if out_dir is not None else None
    files = [p for p in _tree(issues / key, skip)
             if p.parent != issues / key or p.name not in (LOCK_FILE, STYLE_FILE)]
    if issues.is_dir():
        files += sorted(p for p in issues.iterdir() if p.is_file() and not ignored(p.name))
    files += [issues / k / "issue.yaml" for k in issue_keys(root) if k < key
              and (issues / k / "issue.yaml").is_file()]
    if style_file(root, key) is None:      # which style is not known: any of them
        files += _tree(root / "styles")
    fonts = root / "fonts"
    if fonts.is_dir():
        files += sorted(p for p in fonts.iterdir() if p.is_file()
                        and (p.suffix.lower() in FONT_SUFFIXES or p.name == "manifest.json"))
    return files


def style_file(root: Path, key: str) -> Path | None:
    """The style file issue `key` builds with, as the loader picks it: the pinned
    style.lock.yaml of a locked issue, else styles/NAME.yaml for the `style:` of
    issue.yaml or publication.yaml.  None when that cannot be read."""
    import yaml
    issues = Path(root) / "issues"
    pinned = pinned_style_path(root, key)
    if pinned is not None:
        return pinned
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml where it is there: 10× faster
    for f in (issues / key / "issue.yaml", issues / "publication.yaml"):
        try:
            data = yaml.load(f.read_text(encoding="utf-8-sig"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        if isinstance(data, dict) and isinstance(data.get("style"), str):
            path = Path(root) / "styles" / f"{data['style'].strip()}.yaml"
            return path if path.is_file() else None
    return None


def file_hash(path: Path) -> str:
    """sha256 of a file's contents.  Large files (the fonts, 70 MB in all) are
    hashed once per machine: the hash is kept, as git's index keeps its, under the
    file's path, size, modification time and inode in the user's cache folder; the
    digest itself depends on the contents only."""
    try:
        st = path.stat()
    except OSError:
        return "unreadable"
    big = st.st_size > 1 << 20
    k = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
    h = _HASHES.get(k)
    if h is None and big:
        h = _kept().get("\0".join(map(str, k)))
    if h is None:
        try:
            h = sha256_file(path)
        except OSError:
            return "unreadable"
        if big:
            _keep("\0".join(map(str, k)), h)
    if big:
        _HASHES[k] = h
    return h


_KEPT: dict | None = None


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bulletin-press" / "file-hashes.json"


def _kept() -> dict:
    global _KEPT
    if _KEPT is None:
        try:
            import json
            data = json.loads(_cache_file().read_text(encoding="utf-8"))
            _KEPT = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            _KEPT = {}
    return _KEPT


def _keep(key: str, value: str) -> None:
    """Remember a hash; a cache that cannot be written is simply not kept."""
    kept = _kept()
    kept[key] = value
    if len(kept) > 500:                       # old entries (fonts long replaced) go
        for old in list(kept)[:len(kept) - 500]:
            del kept[old]
    try:
        import json
        import tempfile
        path = _cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hashes.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(kept, f)
        os.replace(tmp, path)
    except OSError:
        pass


def sources_digest(root: Path, key: str, out_dir: Path | None = None) -> str:
    """sha256 (hex) of bulletin-press's version and every source file's name and contents."""
    root = Path(root)
    h = hashlib.sha256(f"bulletin-press {__version__}\n".encode())
    style = style_file(root, key)
    if style is not None:      # by content, wherever it lives: locking an issue changes nothing
        h.update(f"style\0{file_hash(style)}\n".encode())
    for p in source_files(root, key, out_dir):
        try:
            rel = p.relative_to(root).as_posix()
        except ValueError:
            rel = p.as_posix()
        h.update(f"{rel}\0{file_hash(p)}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()
