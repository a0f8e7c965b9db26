"""Shared helpers for the engine tests and benchmark: a house style built in code."""
from __future__ import annotations

from pathlib import Path

from bulletin_press.model.style import BLACK, Color, Face, Page, Punctuation, Style, TextStyle
from bulletin_press.typeset.fonts import FontSet

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FONTS = ROOT / "fonts"
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")


def fonts_dir_and_faces():
    """The project's own fonts (fonts/), as the house style uses them."""
    return PROJECT_FONTS, {"song": Face("NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf"),
                           "hei": Face("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"),
                           "kai": Face("ARPLKaitiMGB.ttf", latin="song")}


def make_style(chars_per_line=40, scheme="quanjiao", line_end_half=True, line_start_half=False,
               fonts=None):
    d, faces = fonts_dir_and_faces()
    if fonts is not None:
        d, faces = fonts
    text = {
        "body": TextStyle(font="song", size=10.5, leading=18.0, indent=2),
        "h1": TextStyle(font="hei", size=14.0, align="left", space_before=1),
        "h2": TextStyle(font="hei", size=10.5, align="left", indent=2, space_before=0.5),
        "title": TextStyle(font="hei", size=18.0, bold=True, align="center", leading=27.0,
                           space_after=0.5),
        "byline": TextStyle(font="kai", size=10.5, align="center", space_after=1),
    }
    page = Page(width=595.2756, height=841.8898, chars_per_line=chars_per_line,
                lines_per_page=39, top=65.2)
    style = Style(name="test", page=page, fonts=faces,
                  colors={"black": BLACK, "red": Color(0, 1, 1, 0.1)}, text=text,
                  punctuation=Punctuation(scheme=scheme, line_end_half=line_end_half,
                                          line_start_half=line_start_half))
    return style, FontSet(style, d)
