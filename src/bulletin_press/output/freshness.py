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
        from pypdf import PdfReader
        info = PdfReader(str(pdf)).metadata or {}
        value = info.get("/" + SOURCES_KEY)
    except Exception:          # a damaged file: not one we can vouch for
        return None
    return str(value) if value is not None else None


def is_current(pdf: Path, digest: str) -> bool:
    return recorded_digest(pdf) == digest


def stale_outputs(paths, digest: str) -> list[Path]:
    return [Path(p) for p in paths if Path(p).is_file() and recorded_digest(p) != digest]
