"""紧排: a paragraph closed up a little, so that it can be set one line tighter.

When punctuation compression alone cannot take a paragraph's last few characters
back into its other lines (the page engine's 伸缩行, one line tighter), the
paragraph may be broken at a measure `max_squeeze` em per character wider and its
glyphs then closed up onto the real measure: every character step of a line
shortened by the same small amount (at most `punctuation.max_squeeze`, 0.02 em
in the sample style: a fifth of a point at body size, which the eye does not
see, as it does not see 0.02 em of extra space).  Glyphs keep their size and
shape; only their origins move.  A setter does the same in 方正飞腾 or InDesign
with a paragraph's tracking (字距 −20) to pull up a short last line.
"""
from __future__ import annotations

from .justify import Line


def wider(width: float, squeeze_em: float) -> float:
    """The measure to break at: `squeeze_em` more per character of `width`."""
    return width * (1.0 + squeeze_em)


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00a0" <= ch <= "\u024f"


def close_up(lines: list[Line], width: float, squeeze_em: float) -> list[Line] | None:
    """Lines set on a wider measure, closed up onto `width` (points, the real
    measure): each justified line gives back its excess over the steps between two
    Chinese characters (Han and Chinese punctuation; Latin words, digits and the
    Han–Latin gaps keep their spacing), the same amount at each; a line that is not
    justified (the last) is closed up by `squeeze_em` a step, as its paragraph is,
    or more where it would still overrun the measure.
    None when a line would have to close up a step by more than half again
    `squeeze_em` (a line of mostly Latin text has few steps to give)."""
    for ln in lines:
        t, xs, size = ln.text, ln.xs, ln.size
        steps = [k for k in range(len(t) - 1)
                 if not (_latin(t[k]) or _latin(t[k + 1]) or t[k].isspace() or t[k + 1].isspace())]
        excess = ln.right - width
        if ln.justified and excess <= 0:
            ln.width = width
            continue
        if excess > 0 and (not steps or excess / len(steps) > 1.5 * squeeze_em * size):
            return None
        each = excess / len(steps) if ln.justified else max(squeeze_em * size, excess / max(len(steps), 1))
        shift, out, at = 0.0, [xs[0]] if xs else [], set(steps)
        for k in range(1, len(xs)):
            if k - 1 in at:
                shift += each
            out.append(xs[k] - shift)
        ln.xs = out
        ln.right = width if ln.justified else ln.right - shift
        ln.width = width
    return lines
