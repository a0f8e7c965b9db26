"""Character classes for Chinese text: what counts as CJK, as punctuation."""
from __future__ import annotations

import unicodedata

# Punctuation of East Asian Width "A" (ambiguous) that Chinese text uses as
# full-width marks: quotes, ellipsis, dashes, middle dot.
AMBIGUOUS_CJK_PUNCT = set("“”‘’…—–·•‧※§")

SENTENCE_END = set("。！？：.!?:")


def is_cjk(ch: str) -> bool:
    """A CJK character in the sense of the CommonMark CJK-friendly amendment:
    East Asian Width W, F or H, and not an emoji."""
    if not ch:
        return False
    cp = ord(ch)
    if 0x1F000 <= cp <= 0x1FAFF or 0x2300 <= cp <= 0x2BFF:
        return False  # emoji and pictographs are wide but not CJK text
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def is_punct(ch: str) -> bool:
    """Unicode punctuation as CommonMark 0.31 defines it (P* and S*)."""
    return unicodedata.category(ch)[0] in ("P", "S")


def is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Zs"


def is_cjkish(ch: str) -> bool:
    """CJK character or a mark Chinese text sets full-width (for joining lines)."""
    return is_cjk(ch) or ch in AMBIGUOUS_CJK_PUNCT


def side_is_cjk(text: str, from_end: bool) -> bool | None:
    """Does the text at this side of a line break read as Chinese?

    Ambiguous marks (“ ” … —) take the class of the nearest character beyond
    them: `“好”` is Chinese, `“hello”` is not.  None when the text is empty."""
    chars = reversed(text) if from_end else iter(text)
    saw_ambiguous = False
    for ch in chars:
        if ch in AMBIGUOUS_CJK_PUNCT:
            saw_ambiguous = True
            continue
        if is_space(ch):
            break
        return is_cjk(ch)
    return True if saw_ambiguous else None
