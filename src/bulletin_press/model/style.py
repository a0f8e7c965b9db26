"""A style as plain data: page geometry, faces, text roles, colours, rules.

`source/style.py` reads `styles/NAME.yaml` into these (sizes already in
points, colours as CMYK); the typeset stage only reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Color:
    """A colour defined in CMYK (0..1 each); the screen variant derives RGB."""

    c: float
    m: float
    y: float
    k: float

    def rgb(self) -> tuple[float, float, float]:
        return ((1 - self.c) * (1 - self.k), (1 - self.m) * (1 - self.k), (1 - self.y) * (1 - self.k))


BLACK = Color(0, 0, 0, 1)


@dataclass(frozen=True)
class Face:
    """A font family role: files (relative to fonts/) for regular and bold; `latin`
    names another family whose faces set this one's digits and Latin letters."""

    regular: str
    bold: str | None = None
    latin: str | None = None


@dataclass(frozen=True)
class TextStyle:
    """How one role (body, h1, title, byline …) sets its text."""
    font: str = "song"          # a key of Style.fonts
    size: float = 10.5          # points
    leading: float | None = None  # line pitch in points; None: the body pitch
    bold: bool = False
    color: str = "black"        # a key of Style.colors
    align: str = "justify"      # justify | left | center | right
    indent: float = 0.0         # first-line indent in em
    space_before: float = 0.0   # in body line pitches
    space_after: float = 0.0    # in body line pitches
    tracking: float = 0.0       # extra letter spacing in em
    # the page engine's freedom: (min, ideal, max) body lines; None = fixed at the ideal
    space_before_range: tuple[float, float, float] | None = None
    space_after_range: tuple[float, float, float] | None = None

    def space(self, which: str) -> tuple[float, float, float]:
        """(min, ideal, max) body lines of space 'before' or 'after' this role."""
        rng = self.space_before_range if which == "before" else self.space_after_range
        if rng is not None:
            return rng
        v = self.space_before if which == "before" else self.space_after
        return (v, v, v)


@dataclass(frozen=True)
class Punctuation:
    """The punctuation scheme and how tightly marks and gaps may be set."""
    scheme: str = "quanjiao"        # quanjiao | kaiming | banjiao
    line_end_half: bool = True      # a closing mark at line end is set half-width
    line_start_half: bool = False   # an opening mark at line start is set half-width
    cjk_latin_space: float = 0.25   # em between Han and Latin/digits
    max_han_gap: float = 0.05       # em of extra space between Han chars (target)
    max_squeeze: float = 0.0        # em a paragraph set one line tighter may close up each
    #                                 character step (紧排; 0: never)


@dataclass(frozen=True)
class Page:
    """The trim size and the text block (版心) in body characters and lines."""
    width: float                 # trim width, points
    height: float                # trim height, points
    chars_per_line: int          # 版心 width = n body characters
    lines_per_page: int          # 版心 height = n body line pitches
    top: float                   # trim top to the top of the text block, points
    inside: float | None = None  # None: centre the text block horizontally
    bleed: float = 8.5039        # 3 mm
    multiple_of: int = 4         # page count a booklet needs
    pad: str = "fit"             # fit | blank | fail: how the page count reaches multiple_of
    # which body pages go without the running head: "opening" a page where an article
    # opens anywhere (what issues locked before this setting were printed with), "top"
    # only a page that begins with an article's title
    no_head: str = "opening"


@dataclass(frozen=True)
class Style:
    """A house style (styles/NAME.yaml): page, fonts, colours, text roles, settings of parts."""
    name: str
    page: Page
    fonts: dict[str, Face]
    colors: dict[str, Color]
    text: dict[str, TextStyle]   # roles: body, h1, h2, h3, title, byline, ...
    punctuation: Punctuation = field(default_factory=Punctuation)
    # free-form settings for parts that have more than text roles
    masthead: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    charts: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)   # min_ppi, low_resolution: warning | error

    @property
    def body(self) -> TextStyle:
        return self.text["body"]

    @property
    def pitch(self) -> float:
        """The body line pitch: the baseline grid step, in points."""
        return self.body.leading or self.body.size * 1.7

    @property
    def text_width(self) -> float:
        return self.page.chars_per_line * self.body.size

    @property
    def text_height(self) -> float:
        return self.page.lines_per_page * self.pitch

    def color(self, key: str) -> Color:
        return self.colors.get(key, BLACK)
