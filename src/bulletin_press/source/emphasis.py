"""CJK-friendly emphasis for markdown-it-py.

Stock CommonMark does not bold `**制造业“三化”是“四高”的应有之义。**高质量发展`:
the closing `**` follows punctuation and precedes a Han character, so it is
not "right-flanking".  This replaces markdown-it's emphasis tokenizer with one
whose flanking rules follow the CommonMark CJK-friendly amendment
(github.com/tats-u/markdown-cjk-friendly, specification.md):

left-flanking:  not followed by whitespace, and either not followed by a
    non-CJK punctuation character, or preceded by whitespace, non-CJK
    punctuation, or a CJK character.
right-flanking: not preceded by whitespace, and either not preceded by a
    non-CJK punctuation character, or followed by whitespace, non-CJK
    punctuation, or a CJK character.

One more rule of ours: a `*` between two digits (3*4) is a multiplication
sign and never opens or closes emphasis.

It also tags each delimiter token with its source offset; after pairing, a
delimiter of a `**` run left unpaired becomes a token of type
`unclosed_emphasis`, so the caller can report it instead of printing `**`.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

from .cjk import is_cjk, is_punct, is_space

_VS = range(0xFE00, 0xFE0F)  # non-emoji variation selectors
_IVS = range(0xE0100, 0xE01F0)


def _before(src: str, i: int) -> tuple[str, bool]:
    """The character before index i (skipping a variation selector) and
    whether an ideographic variation selector stood there."""
    if i <= 0:
        return " ", False
    ch = src[i - 1]
    if ord(ch) in _IVS:
        return src[i - 2] if i >= 2 else " ", True
    if ord(ch) in _VS and i >= 2:
        return src[i - 2], False
    return ch, False


def flanking(src: str, start: int, end: int) -> tuple[bool, bool, str, str]:
    """(left_flanking, right_flanking, char_before, char_after) for the
    delimiter run src[start:end], CJK-friendly."""
    last, after_ivs = _before(src, start)
    nxt = src[end] if end < len(src) else " "

    last_ws, next_ws = is_space(last), is_space(nxt)
    last_p, next_p = is_punct(last), is_punct(nxt)
    last_cjk, next_cjk = is_cjk(last), is_cjk(nxt)
    last_ncp = last_p and not last_cjk   # non-CJK punctuation
    next_ncp = next_p and not next_cjk

    left = not next_ws and (not next_ncp or last_ws or last_ncp or last_cjk or after_ivs)
    right = not last_ws and (not last_ncp or next_ws or next_ncp or next_cjk)
    return left, right, last, nxt


def tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False

    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    length = end - start
    # flanking is judged within the whole inline source, not just up to posMax
    left, right, last, _nxt = flanking(state.src, start, end)
    if marker == "*" and last.isdigit() and _nxt.isdigit():
        can_open = can_close = False  # 3*4 is a multiplication, never emphasis
    elif marker == "*":
        can_open, can_close = left, right
    else:
        can_open = left and (not right or is_punct(last))
        can_close = right and (not left or is_punct(state.src[end] if end < len(state.src) else " "))

    for k in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        token.meta = {"src_pos": start + k, "run": length}
        state.delimiters.append(Delimiter(
            marker=ord(marker), length=length, token=len(state.tokens) - 1,
            end=-1, open=can_open, close=can_close))
    state.pos = end
    return True


def mark_unclosed(state: StateInline) -> None:
    """After pairing: a `**` (or longer) run left partly unpaired is an error
    the caller reports; a lone `*` (as in 3*4) stays literal text."""
    for token in state.tokens:
        if (token.type == "text" and token.content in ("*", "_") and token.meta
                and token.meta.get("run", 0) >= 2):
            token.type = "unclosed_emphasis"


def use_cjk_friendly_emphasis(md: MarkdownIt) -> MarkdownIt:
    md.inline.ruler.at("emphasis", tokenize)
    md.inline.ruler2.after("emphasis", "unclosed_emphasis", mark_unclosed)
    return md
