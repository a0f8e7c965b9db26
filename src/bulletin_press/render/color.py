"""Colour on a canvas: CMYK for the print PDF, RGB derived for the screen PDF.

The render stage marks each canvas with `bp_cmyk = True` for print.  Every
drawing routine sets colour through these two functions, never directly.
"""
from __future__ import annotations

from ..model.style import Color


def fill(canvas, color: Color) -> None:
    if getattr(canvas, "bp_cmyk", False):
        canvas.setFillColorCMYK(color.c, color.m, color.y, color.k)
    else:
        canvas.setFillColorRGB(*color.rgb())


def stroke(canvas, color: Color) -> None:
    if getattr(canvas, "bp_cmyk", False):
        canvas.setStrokeColorCMYK(color.c, color.m, color.y, color.k)
    else:
        canvas.setStrokeColorRGB(*color.rgb())
