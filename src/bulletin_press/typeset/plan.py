"""The page plan: the typeset stage's product, plain data the render stage draws.

Every page of the issue, planned before anything is drawn: its kind, its folio
and running head (already as items), and positioned items.  Coordinates are
points from the lower-left corner of the *trim* (the render stage moves them
into the media of its variant); both PDF variants draw the same plan.

Items are data — text lines (glyphs, positions, face, size, colour), rules,
rectangles (one, or many in one colour: a QR code's modules), paths (a chart's
lines, bars, markers and hatching), labels (a chart's tick labels and legend:
a string in a named face, anchored and turned), images, links, bookmarks.
Colours are model colours: the render stage puts them in its variant's colour
space.  `Drawn`, an object with a `drawOn(canvas, x, y)` method, is left only
for a caller's own flowable (table cells or chart captions made by another text
factory than the house one); a build's plan holds none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.style import Color


@dataclass
class TextLine:
    """One line of glyphs: `text` one character a glyph, `xs` their origins (points
    from `x`), `runs` (start, end, face) ranges set in one face, `scales` glyph
    index → horizontal scale; the baseline at y."""

    x: float
    y: float
    text: str
    xs: list[float]
    runs: list[tuple]
    size: float
    color: Color
    scales: dict | None = None
    # (typeset.linelock.ParaKey, the line's source offset, the text's source line): which
    # text of the sources this line sets, for the lock file (None: furniture, labels)
    src: Any = None
    tracking: float = 0.0          # points the viewer adds after each glyph (dot leaders)
    sups: dict | None = None       # glyph index → (size factor, rise in em): footnote marks


@dataclass
class Rule:
    """A straight line from (x0, y0) to (x1, y1)."""
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: Color


@dataclass
class Rect:
    """A filled rectangle."""
    x: float
    y: float
    w: float
    h: float
    color: Color


@dataclass
class Rects:
    """Filled rectangles (x, y, w, h) in one colour (a QR code's dark modules)."""

    rects: list[tuple[float, float, float, float]]
    color: Color


@dataclass
class Path:
    """A polyline or polygon through `points`; `fill` / `stroke` None: not painted.
    `dash`: the dash pattern (points on, off, …); `join`: 0 mitre, 1 round, 2 bevel."""

    points: list[tuple[float, float]]
    closed: bool
    fill: Color | None
    stroke: Color | None
    width: float = 1.0
    dash: tuple[float, ...] | None = None
    join: int = 0


@dataclass
class Label:
    """One string in the face registered as `font`, its baseline's `anchor` point
    (start | middle | end) at (x, y), turned `angle` degrees anticlockwise."""

    x: float
    y: float
    text: str
    font: str
    size: float
    color: Color
    anchor: str = "start"
    angle: float = 0.0


@dataclass
class Image:
    """A raster image; `rgb` for the screen, `cmyk` for print (encoded bytes, or an
    Encoding: made when a print PDF first asks for it — `data(cmyk)` gives the bytes)."""

    x: float
    y: float
    w: float
    h: float
    rgb: bytes
    cmyk: "bytes | Encoding"
    marked: str | None = None      # marked-content properties (a PDF dictionary) around it

    def data(self, cmyk: bool) -> bytes:
        if not cmyk:
            return self.rgb
        return self.cmyk() if isinstance(self.cmyk, Encoding) else self.cmyk


class Encoding:
    """Bytes made once, when first asked for (`make()`): a picture's print encoding,
    which a build without a print PDF never makes.  `key` names what they are made
    from (the picture's file), so bytes made elsewhere of the same can be given."""

    __slots__ = ("_make", "_bytes", "key")

    def __init__(self, make, key: str | None = None):
        self._make, self._bytes, self.key = make, None, key

    def __call__(self) -> bytes:
        if self._bytes is None:
            self._bytes, self._make = self._make(), None
        return self._bytes

    def give(self, data: bytes) -> None:
        """The bytes, made elsewhere (the build's child) by the same code from the same file."""
        if self._bytes is None:
            self._bytes, self._make = data, None


@dataclass
class Link:
    """A link area (screen only) to a named destination."""

    rect: tuple[float, float, float, float]
    dest: str


@dataclass
class Bookmark:
    """A named destination on this page and, with a title, an outline entry."""

    key: str
    title: str | None = None
    level: int = 0


@dataclass
class Drawn:
    """Interim item: an object drawn by its own `drawOn(canvas, x, y)`."""

    x: float
    y: float
    obj: Any
    what: str = ""


@dataclass
class SourceAt:
    """Where a page starts in the source: article index, block index, line index
    (article -1 = the front matter; block -1 = an article's title and byline; line:
    the n-th line or box of the block, counted through a list's items or a quote)."""

    article: int
    block: int
    line: int


@dataclass
class Page:
    """One planned page: what is drawn on it, where, and how full its text block is."""
    number: int
    kind: str                      # front | body | back | blank
    items: list = field(default_factory=list)
    starts_at: SourceAt | None = None
    lines_used: int = 0            # grid lines of the text block filled
    short: bool = False            # ends short of the last line while an article continues


@dataclass
class ArticleSpan:
    """The pages an article runs over."""
    index: int
    title: str
    first_page: int
    last_page: int


@dataclass
class PagePlan:
    """Every page of the issue, positioned: what the render stage draws."""
    pages: list[Page]
    articles: list[ArticleSpan]
    title: str
    subject: str
    author: str
    lines_per_page: int
    trim: tuple[float, float] = (595.2756, 841.8898)   # trim width, height (points)
    bleed: float = 8.5039
    initial_font: tuple[str, float] = ("", 10.5)        # the embedded face a page preamble selects
    date: Any = None                                     # the issue date (PDF/X info)
    summary: list[str] = field(default_factory=list)   # what the engine did, for the build
    flexed: list[str] = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def article_pages(self) -> dict[int, int]:
        return {a.index: a.first_page for a in self.articles}

    @property
    def blank_pages(self) -> int:
        return sum(1 for p in self.pages if p.kind == "blank")

    def encode_print(self, made: dict | None = None) -> None:
        """Make every picture's print encoding now (an Encoding waits to be asked);
        `made`: encodings made already, by Encoding.key (job.py's child makes them
        while the pages are laid out)."""
        for page in self.pages:
            for it in page.items:
                if isinstance(it, Image):
                    if isinstance(it.cmyk, Encoding) and made and it.cmyk.key in made:
                        it.cmyk.give(made[it.cmyk.key])
                    it.data(True)
