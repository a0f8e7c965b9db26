"""Reading a PDF back (output/readback.py): the fonts a print shop would see."""
from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from bulletin_press.output import readback


def test_a_font_not_embedded_is_named_as_such():
    buf = io.BytesIO()
    c = Canvas(buf)
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "not embedded")
    c.save()
    assert readback.fonts(buf.getvalue()) == [("Helvetica", False)]
