"""PDF/X-1a:2001 marks written by reportlab as it saves the print PDF.

The output intent (with its ICC profile), the Info keys PDF/X asks for, and
the PDF 1.3 header go into the document while it is written, so the print PDF
needs no second writer.  Whether the file really meets the standard is
checked afterwards by `output.pdfx.check_pdfx` and the preflight: this module
only marks, it does not judge.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc

from ..output.pdfx import FOGRA39, STANDARDS, OutputIntent, _pdf_date

STANDARD = "PDF/X-1a:2001"


@dataclass(frozen=True)
class PdfxMarks:
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
        when = _pdf_date(_dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=_dt.timezone.utc))
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
    icc = pdfdoc.PDFStream(content=intent.profile_bytes(), filters=[pdfdoc.PDFZCompress])
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
