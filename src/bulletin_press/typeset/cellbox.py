"""Small shared pieces for tables, charts and figures.

- measuring runs the way the CJK engine will set them (natural width, and the
  widest piece a line can never break inside);
- lengths from the style's free-form `tables:` / `charts:` settings (numbers in
  points, or strings such as "六号", "1pt", "3mm");
- model colours as reportlab colour objects (CMYKColor for print, RGB for screen);
- `CanvasColorDrawing`: a vector drawing (typeset/shapes.py, model colours) that
  the page plan takes as it is (the HTML edition makes a reportlab Drawing of it:
  render/html/assets.py `reportlab_drawing`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors as rl_colors

from ..model import Run
from ..model.style import Color, Style, TextStyle
from .flowable import Flowable
from .fonts import FontSet

# ---------------------------------------------------------------- lengths

ZIHAO = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}
_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}


def length(value, default: float) -> float:
    """A length from a style setting: a number (points), a 字号 name or "Npt/mm/cm/in"."""
    if value is None:
        return default
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text in ZIHAO:
        return float(ZIHAO[text])
    m = re.fullmatch(r"([0-9]*\.?[0-9]+)\s*(pt|mm|cm|in|px)?", text)
    if m:
        return float(m.group(1)) * _UNITS[m.group(2) or "pt"]
    return default


# ---------------------------------------------------------------- colours

def rl_color(color: Color, cmyk: bool):
    """A reportlab colour for a model colour: CMYKColor (k/K operators) or RGB."""
    if cmyk:
        return rl_colors.CMYKColor(color.c, color.m, color.y, color.k)
    return rl_colors.Color(*color.rgb())


def color_of(value, default: Color) -> Color:
    """A colour from a style setting: a Color, or [c, m, y, k] in percent (or 0..1)."""
    if isinstance(value, Color):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 4:
        vals = [float(v) for v in value]
        if any(v > 1 for v in vals):
            vals = [v / 100 for v in vals]
        return Color(*vals)
    return default


def prime(drawing, cmyk: bool, font: str | None = None, size: float | None = None):
    """Set a Drawing's initial graphics state (reportlab's renderer otherwise opens
    with RGB black and Helvetica) to black in the right colour space and our font."""
    black = rl_color(Color(0, 0, 0, 1), cmyk)
    d = drawing.__dict__
    d["initialFillColor"] = black
    d["initialStrokeColor"] = black
    if font:
        d["initialFontName"] = font
    if size:
        d["initialFontSize"] = size
    return drawing


class CanvasColorDrawing(Flowable):
    """A vector drawing built on demand (`build() -> shapes.Drawing`, once): `shapes()`
    gives it in model colours, whose colour space the PDF being drawn picks (the HTML
    edition makes a reportlab Drawing of it: render/html/assets.py)."""

    def __init__(self, width: float, height: float, build):
        super().__init__()
        self.width, self.height = width, height
        self._build = build
        self._shapes = None

    def shapes(self):
        if self._shapes is None:
            self._shapes = self._build()
        return self._shapes

    def wrap(self, availW, availH):
        return self.width, self.height


# ---------------------------------------------------------------- measuring text

_OPEN = set("（(［[｛{〔【〖《〈「『“‘")
_CLOSE = set("）)］]｝}〕】〗》〉」』”’，,。.、；;：:？?！!…—～%％·")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF or 0x2E80 <= o <= 0x2FDF
            or o in (0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7))


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


@dataclass(frozen=True)
class Measure:
    natural: float   # width of the widest hard line, unbroken
    piece: float     # widest piece no line break can enter


def plain(runs: list[Run] | None) -> str:
    return "".join(r.text for r in runs or [])


def measure(runs: list[Run] | None, role: TextStyle, fonts: FontSet, style: Style,
            size: float | None = None) -> Measure:
    """Natural width and the widest unbreakable piece of `runs` set in `role`.

    Han characters break anywhere (kinsoku: closing marks stay with the character
    before, opening marks with the one after); Latin words and numbers do not.
    Han–Latin/digit boundaries get the style's cjk_latin_space, as the engine adds it.

    Kept per font set (a build) under the text, faces and size: the tables and
    charts of a build ask for the same texts at the same sizes again (1,749 calls
    for 1,054 different ones in the sample issue 2024-12; each table's _Sizer keeps
    what it asked for besides).  A space-free ASCII text (a number, a Latin word:
    most cells) is summed in one loop (`_measure_word`), the same sum.
    """
    size = role.size if size is None else size
    runs = runs or []
    key = (tuple((r.text, r.bold) for r in runs), role.font, role.bold, size,
           style.punctuation.cjk_latin_space)
    cache = fonts.memo("measure")
    got = cache.get(key)
    if got is None:
        got = cache[key] = _measure(runs, role, fonts, style, size)
    return got


def _measure(runs: list[Run], role: TextStyle, fonts: FontSet, style: Style, size: float) -> Measure:
    if all(r.text.isascii() and r.text.isprintable() and " " not in r.text for r in runs):
        return _measure_word(runs, role, fonts, size)
    return _measure_text(runs, role, fonts, style, size)


def _measure_text(runs: list[Run], role: TextStyle, fonts: FontSet, style: Style,
                  size: float) -> Measure:
    gap = style.punctuation.cjk_latin_space * size
    lines: list[float] = [0.0]
    pieces: list[float] = []
    cur = 0.0          # the piece being built
    glue_next = False  # previous char was an opening mark
    prev = ""
    for run in runs:
        if run.text == "\n":
            lines.append(0.0)
            pieces.append(cur)
            cur, prev, glue_next = 0.0, "", False
            continue
        face = fonts.face(role.font, role.bold or run.bold)
        for ch in run.text:
            w = face.advance(ch) * size
            if prev and ((_is_han(prev) and ch.isascii() and ch.isalnum())
                         or (_is_han(ch) and prev.isascii() and prev.isalnum())):
                w += gap
            lines[-1] += w
            if ch.isspace():
                pieces.append(cur)
                cur, glue_next = 0.0, False
            elif (prev and not prev.isspace() and not glue_next and ch not in _CLOSE
                  and (is_cjk(ch) or is_cjk(prev))):
                # a break is allowed before this character
                pieces.append(cur)
                cur = w
            else:
                cur += w
            glue_next = ch in _OPEN
            prev = ch
        # runs of another face continue the same piece
    pieces.append(cur)
    return Measure(max(lines), max(pieces) if pieces else 0.0)


def _measure_word(runs: list[Run], role: TextStyle, fonts: FontSet, size: float) -> Measure:
    """`_measure` of a text of printable ASCII without spaces (a number, a Latin word:
    most table cells): no Han, so no Han–Latin gap and no break inside, the one line
    is the one piece, its width the same sum in the same order."""
    total = 0.0
    for run in runs:
        face = fonts.face(role.font, role.bold or run.bold)
        widths, default = face.widths, face.default
        for ch in run.text:
            total += widths.get(ord(ch), default) / 1000.0 * size   # face.advance(ch) * size
    return Measure(total, total)
