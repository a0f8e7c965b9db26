"""Characters that must not reach print: invisible and control characters pasted
from Word or a web page, and curly quotes in Latin text.

    character_problems(text, file, …) -> [Problem]   # errors and warnings, with line and column
    character_errors(sources) -> [Problem]           # only the errors, over every source (for build)
    strip_characters(text) -> text                   # the safe fixes

What is an error and what a warning (pasted-from-Word damage):

- Invisible characters are **errors**: zero-width space U+200B, zero-width
  (non-)joiner U+200C/U+200D, word joiner U+2060, a byte-order mark U+FEFF in
  the middle of the text, soft hyphen U+00AD, left-to-right/right-to-left
  marks and bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).  They
  either print as nothing, as a stray hyphen, or as a blank box, and an editor
  cannot see them in the source — so they must never silently reach print.
  `check --fix` deletes them (always safe: they carry no text).
- Control characters (e.g. U+000B, Word's manual line break) and U+FFFD (text
  damaged by a wrong conversion) are errors that need a human: not auto-fixed.
- Curly quotes in Latin text (``the ‘smart’ city``, ``don’t``) are
  **warnings**: the typesetter sets “ ” ‘ ’ as full-width Chinese marks.  An
  apostrophe inside a Latin word becomes ' under `--fix`; quote pairs are left
  for the editor.
- Punctuation and usage (source/lint.py) are warnings; NBSP and U+3000 are
  the lint's (space-cjk, indent-space).
"""
from __future__ import annotations

import re
import unicodedata

from ..errors import BuildError, Problem
from ..model import Pos
from .yamltext import line_at

INVISIBLE = {
    "\u200b": "zero-width space (U+200B)",
    "\u200c": "zero-width non-joiner (U+200C)",
    "\u200d": "zero-width joiner (U+200D)",
    "\u2060": "word joiner (U+2060)",
    "\ufeff": "byte-order mark / zero-width no-break space (U+FEFF)",
    "\u00ad": "soft hyphen (U+00AD)",
    "\u200e": "left-to-right mark (U+200E)",
    "\u200f": "right-to-left mark (U+200F)",
    **{chr(c): f"bidirectional control (U+{c:04X})" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]+")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_CURLY = "“”‘’"


def _lines_cols(text: str):
    """offset → (line, col) from 1, counted in characters."""
    return line_at(text)


def _context(text: str, a: int, b: int) -> str:
    """The text around text[a:b], with invisible characters written as <U+200B>."""
    left = text[max(0, a - 8):a].split("\n")[-1]
    right = text[b:b + 8].split("\n")[0]
    mid = "".join(f"<U+{ord(c):04X}>" if c in INVISIBLE or _CONTROL_RE.match(c) else c for c in text[a:b])
    return left + mid + right


def character_problems(text: str, file: str, *, first_line: int = 1, col_offset: int = 0,
                       fixable: bool = True) -> list[Problem]:
    """Invisible and control characters (errors) and curly quotes in Latin text (warnings)."""
    out: list[Problem] = []
    at = _lines_cols(text)

    def pos(off: int) -> Pos:
        line, col = at(off)
        return Pos(file, line + first_line - 1, col + col_offset)

    how = "run `bulletin-press check --fix` to delete it, or delete it by hand" if fixable else \
        "delete it (retype the characters on either side if your editor cannot show it)"
    for mt in _INVISIBLE_RE.finditer(text):
        names = sorted({INVISIBLE[c] for c in mt.group()})
        n = len(mt.group())
        what = (f"invisible character{'s' if n > 1 else ''} {', '.join(names)} "
                f"at “{_context(text, mt.start(), mt.end())}” — pasted from Word or a web page, "
                f"it would print as nothing, a stray hyphen or a blank box [invisible-char]")
        out.append(Problem(pos(mt.start()), what, how))
    for mt in _CONTROL_RE.finditer(text):
        c = mt.group()
        if c == "\ufffd":
            what = ("replacement character U+FFFD (�): the text was damaged when it was converted "
                    "from another encoding [broken-char]")
            fix = "copy this passage again from the original document"
        else:
            what = f"control character U+{ord(c):04X} [control-char]"
            fix = ("delete it; a line break in Word (Shift+Enter) should be a new line, "
                   "a new paragraph a blank line")
        out.append(Problem(pos(mt.start()), what + f" at “{_context(text, mt.start(), mt.end())}”", fix))
    out.extend(_latin_quotes(text, pos))
    return out


def _latin_side(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _is_latin(c: str) -> bool:
    return bool(c) and c.isascii() and (c.isalnum() or c in ",.;:!?)(-")


def _apostrophes(text: str):
    """’ (or ‘) between two Latin letters: a typographic apostrophe (don’t, Xi’an)."""
    return re.finditer(r"(?<=[A-Za-z])[’‘](?=[A-Za-z])", text)


def _latin_quotes(text: str, pos) -> list[Problem]:
    out = []
    apos = set()
    for mt in _apostrophes(text):
        apos.add(mt.start())
        out.append(Problem(pos(mt.start()),
                           f"curly apostrophe in a Latin word “{_context(text, mt.start(), mt.end())}” "
                           f"prints as a full-width Chinese mark [quote-latin]",
                           "use a straight apostrophe ' (check --fix does this)", "warning"))
    for mt in re.finditer(f"[{_CURLY}]", text):
        i = mt.start()
        if i in apos:
            continue
        left, right = _latin_side(text, i, -1), _latin_side(text, i, 1)
        if _is_latin(left) and _is_latin(right) or (not left and _is_latin(right)) or (
                _is_latin(left) and not right):
            line_text = text[text.rfind("\n", 0, i) + 1:]
            line_text = line_text.split("\n")[0]
            if any(unicodedata.east_asian_width(c) in "WF" for c in line_text):
                # A Chinese line quoting a Latin word (所谓“smart city”): Chinese quotes are right,
                # unless both sides of the mark are Latin.
                if not (_is_latin(left) and _is_latin(right)):
                    continue
            out.append(Problem(pos(i), f"curly quote {mt.group()} in Latin text "
                                       f"“{_context(text, i, i + 1)}” prints as a full-width Chinese mark "
                                       f"[quote-latin]",
                               "inside a Chinese sentence keep “ ”; for an English quotation use straight "
                               "quotes \" \" or rephrase", "warning"))
    return out


def strip_characters(text: str) -> str:
    """Remove invisible characters and straighten apostrophes in Latin words (the safe fixes)."""
    text = _INVISIBLE_RE.sub("", text)
    return re.sub(r"(?<=[A-Za-z])[’‘](?=[A-Za-z])", "'", text)


def character_errors(sources) -> list[Problem]:
    """Only the errors of `character_problems` over every source (source/sources.py)."""
    out = []
    for s in sources:
        if s.text is None or s.kind == "note":
            continue
        out += [p for p in character_problems(s.text, s.shown, fixable=s.kind == "article")
                if p.severity == "error"]
    return out


def only_invisible(what: str) -> bool:
    """A font-coverage error that lists only invisible characters."""
    if not what.startswith("no configured font can draw"):
        return False
    codes = re.findall(r"U\+([0-9A-F]{4,6})", what.split("(face")[0])
    return bool(codes) and all(chr(int(c, 16)) in INVISIBLE for c in codes)


def raise_with(invisible: list[Problem], e):
    """Raise `e`, the invisible characters' errors first (a font-coverage error
    that lists only invisible characters left out: they are said once)."""
    if not invisible:
        raise e
    raise BuildError(invisible + [p for p in e.problems
                                  if not (p.severity == "error" and only_invisible(p.what))]) from None
