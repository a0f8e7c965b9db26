"""The one place body-like text becomes a flowable: the CJK paragraph engine."""
from __future__ import annotations

from ..model import Pos, Run
from ..model.style import Style, TextStyle
from .fonts import FontSet


def text_factory(style: Style, fonts: FontSet):
    """make_text(runs, role, **options) -> a CJKParagraph for this style."""
    from .paragraph import CJKParagraph

    def make_text(runs: list[Run], role: TextStyle, *, keep_lines_after: int = 0,
                  first_indent: float | None = None, align: str | None = None,
                  source: Pos | None = None):
        # an archived issue's locked lines are keyed and set by the story (typeset/story.py)
        return CJKParagraph(runs, role, style, fonts, keep_lines_after=keep_lines_after,
                            first_indent=first_indent, align=align, source=source)

    return make_text


def broken_runs(text: str, breaks: tuple[int, ...] = ()) -> list[Run]:
    """A title as runs, with a hard line break where the editor forced one."""
    out: list[Run] = []
    at = 0
    for b in breaks:
        out += [Run(text[at:b]), Run("\n")]
        at = b
    out.append(Run(text[at:]))
    return out
