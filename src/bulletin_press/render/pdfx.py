"""PDF/X-1a:2001 marks written by reportlab as it saves the print PDF.

The output intent (with its ICC profile), the Info keys PDF/X asks for, and
the PDF 1.3 header go into the document while it is written, so the print PDF
needs no second writer.  Whether the file really meets the standard is
checked afterwards by `output.pdfx.check_pdfx` and the preflight: this module
only marks, it does not judge.  The standards' keys and the output intent (with
its ICC profile, `icc/`) are defined here and used by the output stage's checks.
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfdoc

from .flate import compress, flate_stream

_ICC = Path(__file__).resolve().parent / "icc"   # shipped in the package (importlib.resources costs ~8 ms)


STANDARDS = {
    # standard: (header, GTS_PDFXVersion, GTS_PDFXConformance or None, allows transparency)
    "PDF/X-1a:2001": ("1.3", "PDF/X-1:2001", "PDF/X-1a:2001", False),
    "PDF/X-1a:2003": ("1.4", "PDF/X-1a:2003", None, False),
    "PDF/X-4": ("1.6", "PDF/X-4", None, True),
}


@dataclass(frozen=True)
class OutputIntent:
    """A PDF/X output condition and the ICC profile embedded for it."""
    identifier: str = "FOGRA39"
    condition: str = ("Offset commercial printing, coated paper, ISO 12647-2:2004/Amd 1 "
                      "(FOGRA39), TAC 300%")
    registry: str = "http://www.color.org"
    info: str = "ISO Coated v2 300% (basICColor)"
    profile: str = "ISOcoated_v2_300_bas.icc"   # a profile in render/icc/ (shipped as NAME.flate), or a path

    def profile_bytes(self) -> bytes:
        return profile_bytes(self.profile)


FOGRA39 = OutputIntent()


FLATE = ".flate"   # a profile shipped in icc/ as its Flate stream, ready to embed


def _own(name: str) -> bool:
    p = Path(name)
    return not (p.is_absolute() or p.exists() and p.is_file() and os.sep in name)


@functools.lru_cache(maxsize=4)
def profile_flate(name: str) -> bytes:
    """The profile as a Flate stream (zlib, reportlab's level): read as shipped for
    the profiles in icc/ (ICC_NAME.flate), compressed here for any other file."""
    if _own(name):
        return (_ICC / (name + FLATE)).read_bytes()
    return compress(Path(name).read_bytes())


@functools.lru_cache(maxsize=4)
def profile_bytes(name: str) -> bytes:
    if _own(name):
        return zlib.decompress(profile_flate(name))
    return Path(name).read_bytes()


def pdf_date(d: _dt.datetime) -> str:
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    off = d.utcoffset() or _dt.timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return d.strftime("D:%Y%m%d%H%M%S") + f"{sign}{mins // 60:02d}'{mins % 60:02d}'"


STANDARD = "PDF/X-1a:2001"  # what the print PDF is written as


@dataclass(frozen=True)
class PdfxMarks:
    """What a PDF/X-1a print file declares: its title, author, date and output intent."""
    title: str
    subject: str | None
    author: str | None
    date: _dt.date
    intent: OutputIntent = FOGRA39


class _PdfxInfo(pdfdoc.PDFInfo):
    """reportlab's Info dictionary with the PDF/X keys and a fixed date."""

    def __init__(self, base: pdfdoc.PDFInfo, marks: PdfxMarks):
        super().__init__()
        for k in ("title", "author", "subject", "keywords", "creator", "producer"):
            setattr(self, k, getattr(base, k))
        self.marks = marks

    def format(self, document):
        _, version, conformance, _ = STANDARDS[STANDARD]
        m = self.marks
        when = pdf_date(_dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=_dt.timezone.utc))
        d = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "Subject": pdfdoc.PDFString(self.subject),
            "Creator": pdfdoc.PDFString(self.creator),
            "Producer": pdfdoc.PDFString(self.producer),
            "CreationDate": pdfdoc.PDFString(when),
            "ModDate": pdfdoc.PDFString(when),
            "Trapped": pdfdoc.PDFName("False"),
            "GTS_PDFXVersion": pdfdoc.PDFString(version),
        }
        if conformance:
            d["GTS_PDFXConformance"] = pdfdoc.PDFString(conformance)
        return pdfdoc.PDFDictionary(d).format(document)


def mark_pdfx(doc, marks: PdfxMarks) -> None:
    """Call just before reportlab saves `doc` (a PDFDocument)."""
    header, _, _, _ = STANDARDS[STANDARD]
    doc._pdfVersion = tuple(int(p) for p in header.split("."))
    doc.info = _PdfxInfo(doc.info, marks)
    intent = marks.intent
    icc = flate_stream(profile_flate(intent.profile))
    icc.dictionary["N"] = 4
    output_intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": pdfdoc.PDFString(intent.identifier),
        "OutputCondition": pdfdoc.PDFString(intent.condition),
        "RegistryName": pdfdoc.PDFString(intent.registry),
        "Info": pdfdoc.PDFString(intent.info),
        "DestOutputProfile": doc.Reference(icc, "bpOutputProfile"),
    })
    cat = doc.Catalog
    cat.__NoDefault__ = list(cat.__NoDefault__) + ["OutputIntents"]
    cat.OutputIntents = pdfdoc.PDFArray([doc.Reference(output_intent, "bpOutputIntent")])
