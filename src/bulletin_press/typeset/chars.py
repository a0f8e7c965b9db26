"""Character classes for Chinese text layout (clreq, GB/T 15834, UAX #14).

Every character of a paragraph gets one small integer class; the shaper
groups characters into units by class and the line breaker decides where a
line may end from the classes at the unit edges.  The table is computed once
per character and memoised in a dict, so classifying is one dict lookup.
"""
from __future__ import annotations

# ---------------------------------------------------------------- classes

HAN = 0     # ideographs, kana, full-width letters: a 1-em box (clreq "Han characters")
LAT = 1     # Latin letters, digits, Western punctuation: joined into words
OP = 2      # opening brackets and quotes: never end a line
CL = 3      # closing brackets and quotes: never start a line
PS = 4      # pause and stop marks 、，。．：；？！: never start a line
NS = 5      # other non-starters: ％ ‰ ℃ ° and iteration marks
MD = 6      # middle dots (间隔号): never start a line, ink centred
DASH = 7    # — (破折号 when doubled, 连接号 when single)
ELL = 8     # … (省略号 when doubled)
SPACE = 9   # typed spaces (collapsed; see shaping)
IDSP = 10   # U+3000 ideographic space: a 1-em blank box
NL = 11     # hard line break
TILDE = 12  # ～ 〜 (连接号 in ranges): binds both ways

NAMES = {HAN: "HAN", LAT: "LAT", OP: "OP", CL: "CL", PS: "PS", NS: "NS", MD: "MD",
         DASH: "DASH", ELL: "ELL", SPACE: "SPACE", IDSP: "IDSP", NL: "NL", TILDE: "TILDE"}

OPENING = "“‘（〔［｛《〈「『【〖〘〚｟"
CLOSING = "”’）〕］｝》〉」』】〗〙〛｠"
PAUSE = "、，。．：；？！"
NONSTARTER = "％‰℃°℉々〻ゝゞヽヾーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ‼⁇⁈⁉"
MIDDLE_DOT = "·・‧･"
DASHES = "—⸺⸻"     # U+2014 EM DASH, U+2E3A/B two/three-em dash
ELLIPSES = "…⋯"
TILDES = "～〜"

# Sentence-final stops that 开明式 (kaiming) keeps full width.
KAIMING_FULL = "。？！"

# Characters that take the Chinese–Western quarter em when they stand at the
# edge of a Latin word next to a Han character (letters and digits, and the
# symbols that belong to a number or an abbreviation).
_LATIN_EDGE_EXTRA = set("%‰°")

# Western punctuation that must not start a line (UAX #14 CL/CP/EX/IS/PO/NS).
LATIN_NONSTARTER = set(",.;:!?)]}%‰°'\"’”»›")
# Western characters that must not end a line (UAX #14 OP/PR).
LATIN_NONENDER = set("([{$€£¥#'\"‘“«‹")

_TABLE: dict[str, int] = {}
for _s, _c in ((OPENING, OP), (CLOSING, CL), (PAUSE, PS), (NONSTARTER, NS),
               (MIDDLE_DOT, MD), (DASHES, DASH), (ELLIPSES, ELL), (TILDES, TILDE)):
    for _ch in _s:
        _TABLE[_ch] = _c
for _ch in " \t\u00a0\u2002\u2003\u2009\u200a\u202f\u205f":
    _TABLE[_ch] = SPACE
_TABLE["\u00a0"] = LAT          # no-break space: part of a word
_TABLE["\u3000"] = IDSP
_TABLE["\n"] = NL
_TABLE["\u2028"] = NL


def _compute(ch: str) -> int:
    o = ord(ch)
    if o < 0x2000:
        if ch.isspace():
            return SPACE
        return LAT
    if (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF
            or 0x3100 <= o <= 0x312F or 0xAC00 <= o <= 0xD7AF or 0x2E80 <= o <= 0x2FDF
            or 0x3000 <= o <= 0x303F or 0x3190 <= o <= 0x33FF or 0xFE30 <= o <= 0xFE4F
            or 0xFF01 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6 or 0x2460 <= o <= 0x24FF
            or 0x2600 <= o <= 0x27BF or 0x25A0 <= o <= 0x25FF):
        return HAN
    if 0x2000 <= o <= 0x206F:        # general punctuation not listed above
        if ch.isspace():
            return SPACE
        if o in (0x200B, 0x200C, 0x200D, 0x2060):
            return LAT
    return LAT


def cls(ch: str) -> int:
    """The class of one character (memoised)."""
    c = _TABLE.get(ch)
    if c is None:
        c = _TABLE[ch] = _compute(ch)
    return c


def latin_edge(ch: str) -> bool:
    """Does this edge character of a Latin word take Chinese–Western spacing?"""
    return ch.isalnum() or ch in _LATIN_EDGE_EXTRA


# Line-start and line-end prohibitions, by class (clreq 3.1.7 / GB/T 15834).
NO_START = frozenset((CL, PS, NS, MD))
NO_END = frozenset((OP,))
