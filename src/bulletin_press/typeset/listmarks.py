"""A nested list item's marker, hanging in front of its text (clreq's hanging indent).

    list_marker(ordered, n, depth) -> str    1. （1） ① or ● ○ ▪ for depth 0, 1, 2
    marker_em(marker, role, style, fonts)    how far after the marker the text begins, in em
    hung(line, marker, role, style, fonts)   the item's first line with the marker set in front

The item's text is set on its own with a left indent, so every line of it, the
first included, begins at the same x; the marker is laid out alone and placed so
that it ends where the text begins, outside the text's justification.
"""
from __future__ import annotations

import copy

from ..model import Run
from .paragraph import layout_paragraph

BULLETS = ("● ", "○ ", "▪ ")   # nested: the space a quarter em (GAP)
_AFTER = "文"                  # a Han character the marker is measured against


def list_marker(ordered: bool, n: int, depth: int) -> str:
    """An item's marker at nesting depth 0, 1, 2 (beyond ⑳: （21）)."""
    if not ordered:
        return BULLETS[min(depth, 2)]
    if depth == 0:
        return f"{n}. "
    if depth == 1 or not 1 <= n <= 20:
        return f"（{n}）"
    return chr(0x2460 + n - 1)


GAP = 0.25                     # em between a marker that ends in a space and the text


def _set(marker: str, role, style, fonts):
    """(the marker laid out before a Han character, that character's index, the gap in
    points to leave before the text)."""
    gap = GAP * role.size if marker.endswith(" ") else 0.0
    lines = layout_paragraph([Run(marker.rstrip(" ") + _AFTER, bold=role.bold)], role, style, fonts,
                             1e6, 0.0, align="left")
    if not lines or _AFTER not in lines[0].text:
        return None, 0, 0.0
    return lines[0], lines[0].text.rindex(_AFTER), gap


def marker_em(marker: str, role, style, fonts) -> float:
    ln, k, gap = _set(marker, role, style, fonts)
    return (ln.xs[k] - ln.left + gap) / role.size if ln is not None else 0.0


def hung(line, marker: str, role, style, fonts):
    """A copy of `line` (an item's first line) with the marker's glyphs in front of it,
    ending where the line's first glyph begins."""
    mk, k, gap = _set(marker, role, style, fonts)
    if mk is None or not line.xs:
        return line
    shift = line.xs[0] - gap - mk.xs[k]
    out = copy.copy(line)
    out.xs = [x + shift for x in mk.xs[:k]] + list(line.xs)
    out.text = mk.text[:k] + line.text
    out.runs = ([(a, min(b, k), face) for a, b, face in mk.runs if a < k]
                + [(a + k, b + k, face) for a, b, face in line.runs])
    scales = {i: v for i, v in (mk.scales or {}).items() if i < k}
    scales.update({i + k: v for i, v in (line.scales or {}).items()})
    out.scales = scales or None
    out.left = min(line.left, mk.xs[0] + shift)
    return out
