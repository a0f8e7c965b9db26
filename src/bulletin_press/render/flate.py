"""Streams whose Flate-compressed bytes are made once and reused.

reportlab compresses a stream's content as it writes the document
(`zlib.compress`, default level).  A stream that is the same in every PDF a
build writes (a font program, the ICC profile) is compressed once instead: its
compressed bytes go in through a filter that hands them over as they are, so
the file written is byte for byte what reportlab's own FlateDecode gives.
"""
from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc


class _Compressed:
    """A reportlab stream filter whose output is already known (or being made:
    an object whose result() gives it, asked for when reportlab writes the stream)."""

    pdfname = "FlateDecode"

    def __init__(self, data):
        self.data = data

    def encode(self, content) -> bytes:
        data = self.data
        return data if isinstance(data, bytes) else data.result()


def compress(data: bytes) -> bytes:
    """What reportlab's PDFZCompress makes of `data`."""
    return zlib.compress(data)


def flate_stream(compressed) -> pdfdoc.PDFStream:
    """A stream of the Flate-compressed bytes `compressed` (from `compress`), or of
    what its result() gives when the stream is written."""
    return pdfdoc.PDFStream(content=b"", filters=[_Compressed(compressed)])
