"""Extra keys in a PDF's Info dictionary, written by reportlab as it saves.

bulletin-press records there what a file was made from (the sources' digest,
`/BulletinPressSources`), so a command that uses an existing PDF can tell
whether it is still the one the sources give.  The keys are plain strings,
fixed for the same sources: the output stays byte-identical.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfdoc

SOURCES_KEY = "BulletinPressSources"


class _ExtraInfo(pdfdoc.PDFObject):
    """Wraps reportlab's Info object (plain or PDF/X) and adds keys to it."""

    def __init__(self, base, extra: dict[str, str]):
        self._base = base
        self._extra = dict(sorted(extra.items()))

    def __getattr__(self, name):
        return getattr(self._base, name)

    def digest(self, md5object):
        self._base.digest(md5object)
        for k, v in self._extra.items():
            md5object.update(f"{k}={v}".encode())

    def format(self, document):
        text = self._base.format(document)
        if not (text.startswith(b"<<") and text.rstrip().endswith(b">>")):  # pragma: no cover
            raise ValueError("unexpected Info dictionary from reportlab")
        more = b" ".join(pdfdoc.format(pdfdoc.PDFName(k), document) + b" "
                         + pdfdoc.format(pdfdoc.PDFString(v), document)
                         for k, v in self._extra.items())
        return text.rstrip()[:-2].rstrip() + b"\n " + more + b"\n>>"


def add_info(doc, extra: dict[str, str] | None) -> None:
    """Call just before reportlab saves `doc` (a PDFDocument)."""
    if extra:
        doc.info = _ExtraInfo(doc.info, extra)
