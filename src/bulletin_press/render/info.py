"""Extra keys in a PDF's Info dictionary, written by reportlab as it saves.

bulletin-press records there what a file was made from (the sources' digest,
`/BulletinPressSources`), so a command that uses an existing PDF can tell
whether it is still the one the sources give.  The keys are plain strings,
fixed for the same sources: the output stays byte-identical.

reportlab is imported only when a document is given keys: a command that only
reads SOURCES_KEY (output/freshness.py: preflight's note on a stale file) does
not load it (and PIL, which it imports).
"""
from __future__ import annotations

import functools

SOURCES_KEY = "BulletinPressSources"


@functools.cache
def _extra_info():
    """The class of the Info object with extra keys (reportlab's PDFObject is its base)."""
    from reportlab.pdfbase import pdfdoc

    class ExtraInfo(pdfdoc.PDFObject):
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

    return ExtraInfo


def add_info(doc, extra: dict[str, str] | None) -> None:
    """Call just before reportlab saves `doc` (a PDFDocument)."""
    if extra:
        doc.info = _extra_info()(doc.info, extra)
