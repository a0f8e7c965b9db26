"""The faces a style names: loaded once, registered with reportlab, measured.

A face is addressed by (family, bold) where family is a key of the style's
`fonts` (song, hei, kai …).  Widths are returned in em (1.0 = the font size).
Faces are loaded lazily: a build only reads the files it really draws with, and
reads a pinned font's precomputed metrics (typeset/fontmetrics.py) instead of
parsing it.
"""
from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from ..model.style import Style
from .fontmetrics import load_face


_REGISTERED: dict[str, Path] = {}   # reportlab font name -> the file behind it


def _register(stem: str, path: Path) -> str:
    """Register a file with reportlab under its stem, or a variant of it when
    another file of the same name is registered already."""
    path = path.resolve()
    name, n = stem, 1
    while name in _REGISTERED and _REGISTERED[name] != path:
        n += 1
        name = f"{stem}~{n}"
    if name not in _REGISTERED:
        pdfmetrics.registerFont(_tt_font(name, path))
        _REGISTERED[name] = path
    return name


def _tt_font(name: str, path: Path) -> TTFont:
    """reportlab's `TTFont(name, path, asciiReadable=False)`, its face from load_face."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = load_face(path)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = False
    font.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob)
    return font


class Face:
    """One font file: its reportlab name, its advance widths and its coverage.

    `widths` (1/1000 em) is read as `widths.get(cp, default)`: for a face loaded from
    its metrics it holds only the characters whose advance is not the default."""

    __slots__ = ("name", "path", "font", "widths", "default", "glyphs")

    def __init__(self, name: str, path: Path):
        self.path = path
        self.name = name = _register(name, Path(path))
        self.font = pdfmetrics.getFont(name)
        face = self.font.face
        self.default: float = face.defaultWidth
        wide = getattr(face, "wide", None)     # typeset/fontmetrics.py: unlike the default
        self.widths: dict[int, float] = face.charWidths if wide is None else wide
        self.glyphs = face.charToGlyph

    def advance(self, ch: str) -> float:
        """Advance width of one character, in em."""
        return self.widths.get(ord(ch), self.default) / 1000.0

    def width(self, text: str, size: float) -> float:
        """Natural width of a string in points (no CJK spacing rules)."""
        w = self.widths
        d = self.default
        return sum(w.get(ord(c), d) for c in text) * size / 1000.0

    def has(self, ch: str) -> bool:
        return ord(ch) in self.glyphs


class LayoutMemo(dict):
    """One of a FontSet's memos (FontSet.memo: paragraph layouts, shapes, variants,
    cell measures …), kept over a watch's rebuilds in two generations: `next_build()`
    starts a new one, and an entry the last build did not use is dropped with the old
    generation.  Read it with `get` or `in` (which look in the old generation too and
    bring what they find into the new one); a stored None is an answer like any other."""

    def __init__(self):
        super().__init__()
        self.old: dict = {}

    def __contains__(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        if key in self.old:
            self[key] = self.old.pop(key)
            return True
        return False

    def get(self, key, default=None):
        return self[key] if key in self else default

    def next_build(self) -> None:
        self.old = dict(self)
        self.clear()


class FontSet:
    """The faces of one style, addressed by family key and weight."""

    def __init__(self, style: Style, fonts_dir: Path):
        self.style = style
        self.fonts_dir = Path(fonts_dir)
        self._faces: dict[tuple[str, bool], Face] = {}
        self._memos: dict[str, LayoutMemo] = {}

    def memo(self, name: str) -> LayoutMemo:
        """The memo `name` of this font set's builds (made on first use); every memo
        ages together (next_build), so none grows without end over a watch."""
        got = self._memos.get(name)
        if got is None:
            got = self._memos[name] = LayoutMemo()
        return got

    def next_build(self) -> None:
        """A new build begins (watch): what the last one did not use is let go."""
        for memo in self._memos.values():
            memo.next_build()

    def face(self, family: str, bold: bool = False) -> Face:
        key = (family, bold)
        face = self._faces.get(key)
        if face is None:
            spec = self.style.fonts[family]
            file = spec.bold if (bold and spec.bold) else spec.regular
            path = self.fonts_dir / file
            # one reportlab registration per file, whatever role uses it
            face = Face(Path(file).stem, path)
            if spec.latin:
                # digits and Latin letters are left to the `latin` family's face: not
                # among this face's glyphs, the engine sets them in the one that has them
                glyphs = dict(face.glyphs)
                for cp in _LATIN:
                    glyphs.pop(cp, None)
                face.glyphs = glyphs
            self._faces[key] = face
        return face

    def missing(self, text: str, family: str, bold: bool = False) -> set[str]:
        """Characters of `text` this face cannot draw (whitespace ignored); a face whose
        family sets its Latin in another family counts that family's Latin as its own."""
        glyphs = self.face(family, bold).glyphs
        out = {c for c in set(text) if not c.isspace() and ord(c) not in glyphs}
        latin = self.style.fonts[family].latin
        if out and latin:
            other = self.face(latin, bold).glyphs
            out = {c for c in out if not (is_latin(ord(c)) and ord(c) in other)}
        return out


def is_latin(cp: int) -> bool:
    """Digits and Latin: Basic Latin (letters, digits, their punctuation), the Latin-1
    letters and Latin Extended-A/B (pinyin); not × ÷."""
    return 0x21 <= cp <= 0x7E or (0xC0 <= cp <= 0x24F and cp not in (0xD7, 0xF7))


_LATIN = [cp for cp in range(0x21, 0x250) if is_latin(cp)]   # every code point is_latin holds
