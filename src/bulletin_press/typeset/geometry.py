"""Where things stand on a page: trim, text block, header and folio lines.

All coordinates are reportlab points from the lower-left corner of the *media*.
For the screen PDF the media is the trim; for the print PDF the trim sits
`offset` in from the media edge (bleed plus room for crop marks).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.style import Style


@dataclass(frozen=True)
class Geometry:
    """Where the trim, the bleed and the text block are on a page of one variant."""
    trim_w: float
    trim_h: float
    offset: float        # trim origin inside the media (0 for screen)
    bleed: float         # 0 for screen
    text_w: float
    text_h: float
    top: float           # trim top to text block top
    inside: float | None  # None: centred

    @classmethod
    def for_style(cls, style: Style, *, print_marks: float | None = None) -> "Geometry":
        """`print_marks`: room for crop marks outside the bleed; None = screen."""
        page = style.page
        if print_marks is None:
            offset, bleed = 0.0, 0.0
        else:
            offset, bleed = page.bleed + print_marks, page.bleed
        return cls(page.width, page.height, offset, bleed,
                   style.text_width, style.text_height, page.top, page.inside)

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim_w, o + self.trim_h)

    def left(self, page_number: int) -> float:
        """Left edge of the text block on a page (recto = odd pages)."""
        if self.inside is None:
            margin = (self.trim_w - self.text_w) / 2
        elif page_number % 2 == 1:
            margin = self.inside
        else:
            margin = self.trim_w - self.inside - self.text_w
        return self.offset + margin

    @property
    def block_top(self) -> float:
        return self.offset + self.trim_h - self.top

    @property
    def block_bottom(self) -> float:
        return self.block_top - self.text_h
