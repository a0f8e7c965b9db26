"""Is a PDF in build/ still the one the sources give?

Every PDF bulletin-press writes records the digest of its sources
(`source.digest.sources_digest`) in its Info dictionary
(`/BulletinPressSources`, render/info.py; an imposed PDF carries its print
PDF's).  A command that uses an existing PDF (impose, preview) compares it with
the sources' digest now and rebuilds it when they differ; a build that writes
some variants removes the others of the same issue that were made from other
sources, so an old print PDF never sits beside a new screen PDF.

    recorded_digest(pdf) -> str | None     # None: missing, unreadable, or not ours
    is_current(pdf, digest) -> bool
    stale_outputs(paths, digest) -> [Path]  # existing files among `paths` made from other sources
    made_from_current_sources(pdf, root, key) -> bool      # impose, preview: use it or rebuild
    made_from_older_sources(pdf, root) -> key | None       # preflight's note on a stale PDF
    web_is_stale(index, root, key) -> bool  # the web edition records no digest: dates decide
"""
from __future__ import annotations

import re

from pathlib import Path

from ..render.info import SOURCES_KEY


def recorded_digest(pdf: Path) -> str | None:
    pdf = Path(pdf)
    if not pdf.is_file():
        return None
    try:
        data = pdf.read_bytes()
    except OSError:
        return None
    key = SOURCES_KEY.encode()
    if key not in data:        # a foreign file, or one from before digests were recorded
        return None
    # our writers keep the Info dictionary in plain text: read it without a PDF parser
    found = re.findall(rb"/" + key + rb"\s*\(([0-9a-f]{64})\)", data)
    if found:
        return found[-1].decode()
    try:                       # written some other way (object streams …): ask a parser
        import pikepdf
        with pikepdf.open(pdf) as doc:
            value = doc.docinfo.get("/" + SOURCES_KEY)
            return str(value) if value is not None else None
    except Exception:          # a damaged file: not one we can vouch for
        return None


def is_current(pdf: Path, digest: str) -> bool:
    return recorded_digest(pdf) == digest


def made_from_current_sources(pdf: Path, root: Path, key: str) -> bool:
    """`pdf` (an output of issue `key` in its output folder) exists and was made from
    the sources as they are now (impose and preview build it first when not)."""
    from ..source.digest import sources_digest
    return is_current(pdf, sources_digest(root, key, pdf.parent))


def web_is_stale(index: Path, root: Path, key: str) -> bool:
    """The web edition is missing, or older than a source (it records no digest)."""
    from ..source.digest import source_files
    if not index.is_file():
        return True
    built = index.stat().st_mtime
    return any(p.stat().st_mtime > built for p in source_files(root, key))


OUTPUT_NAME = re.compile(r"^(\d{4}-\d{2})-(screen|print|imposed)\.pdf$")


def made_from_older_sources(pdf: Path, root: Path) -> str | None:
    """The issue key when `pdf` is ISSUE-variant.pdf of the project at `root`, made
    from other sources than the issue has now; else None."""
    from ..source.digest import sources_digest
    m = OUTPUT_NAME.match(pdf.name)
    recorded = recorded_digest(pdf) if m else None
    if recorded is None:
        return None
    key = m.group(1)
    if (root / "issues" / key).is_dir() and recorded != sources_digest(root, key, pdf.parent):
        return key
    return None


def stale_outputs(paths, digest: str) -> list[Path]:
    return [Path(p) for p in paths if Path(p).is_file() and recorded_digest(p) != digest]
