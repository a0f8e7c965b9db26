"""Punctuation and usage lint for article prose (GB/T 15834 and house practice).

Editors paste articles from Word; this finds the usual damage — half-width
punctuation in Chinese text, straight quotes, stray spaces, doubled marks,
full-width digits — and says exactly where (file, line, column counted in
characters from 1).  Every finding is a `Problem` with severity "warning"
whose `what` ends in the rule id, e.g. ``[punct-halfwidth]``.

    lint_text(text, file, first_line=1, quotes="“”") -> list[Problem]
    lint_findings(...) -> list[Finding]   # the same, with rule, edits, safe

Only prose is linted.  Front matter, fenced blocks (code, ```table,
```chart), inline code, URLs, e-mail addresses, link and image targets,
HTML, the ``Table:`` caption prefix and Markdown syntax (``#``, ``**``, list
markers, table pipes) are masked out before any rule runs.  Masking keeps
every character's offset, so positions stay exact.

A finding is *safe* when its edits can be applied without a human looking;
`fix.fix_text` applies only those.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Pos

__all__ = ["RULES", "Finding", "lint_text", "lint_findings"]

RULES: dict[str, str] = {
    "punct-halfwidth": "half-width , . ; : ? ! in Chinese text (should be ，。；：？！)",
    "paren-halfwidth": "half-width ( ) in Chinese text (should be （ ）)",
    "quote-straight": 'straight quotes " \' in Chinese text (should be “” ‘’)',
    "pair-unmatched": "unpaired “” ‘’ （） 《》 【】 「」 『』 within a paragraph",
    "space-cjk": "space (incl. U+3000, NBSP) between two Chinese characters",
    "space-punct": "space before or after full-width Chinese punctuation",
    "punct-doubled": "doubled 。。 ，， 、、 ；； ：： (should be one)",
    "punct-repeated": "repeated ？？ ！！ ？！ — allowed for emphasis, but rare; check",
    "fullwidth-alnum": "full-width digits or Latin letters (should be half-width)",
    "quote-style": "「」『』 where the publication uses “” ‘’ (or the reverse)",
    "quotes-mixed": "“” and 「」 styles mixed in one paragraph",
    "indent-space": "line starting with ideographic or no-break spaces (Word's 首行缩进); the typesetter indents",
    "ellipsis": "... 。。。 or a single … (should be ……)",
    "dash": "-- or a single — used as a dash between Chinese (should be ——)",
    "para-merge": "a line that ends a sentence followed by a line without a blank one between, "
                  "or a line opening with （1） 1. 一、: pasted from Word, the lines join into one paragraph",
}

# Rules whose findings fix_text may apply (when the finding says safe).
SAFE_RULES = {
    "punct-halfwidth", "paren-halfwidth", "quote-straight", "space-cjk",
    "space-punct", "indent-space", "punct-doubled", "fullwidth-alnum", "quote-style",
    "quotes-mixed", "ellipsis", "dash", "para-merge",
}


@dataclass
class Finding:
    rule: str
    start: int                 # offset of the offending character in the text
    what: str
    fix: str | None
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    safe: bool = False
    pos: Pos | None = None

    @property
    def problem(self) -> Problem:
        return Problem(self.pos, f"{self.what} [{self.rule}]", self.fix, "warning")


# ---------------------------------------------------------------- characters

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
OPEN = "“‘（《【「『〈〔［｛"
CLOSE = "”’）》】」』〉〕］｝"
MID = "，。、；：？！…—·～"
CJKP = OPEN + CLOSE + MID
SPACES = " \t\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"

T = "\x00"   # masked, transparent: syntax that prints nothing (link brackets, tags)
O = "\x01"   # masked, opaque: stands for non-Chinese text (code, URL, e-mail)
P = "\x02"   # masked table pipe: a cell boundary
E = "\x03"   # masked emphasis delimiter _: prints nothing, but spaces next
             # to it may be needed for CommonMark's flanking rules
_INVISIBLE = T + E


def is_han(c: str) -> bool:
    return bool(c) and _HAN_RE.match(c) is not None


def is_cn(c: str) -> bool:
    return bool(c) and (c in CJKP or _HAN_RE.match(c) is not None)


def is_latin(c: str) -> bool:
    return bool(c) and c.isascii() and c.isalnum()


# ---------------------------------------------------------------- masking

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLANK = re.compile(r"^[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_DELIM_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HTML_BLOCK6 = re.compile(
    r"^ {0,3}</?(?:address|article|aside|blockquote|body|caption|center|col|colgroup|dd|details|dialog"
    r"|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe"
    r"|legend|li|link|main|menu|nav|ol|p|param|pre|script|section|style|summary|table|tbody|td"
    r"|textarea|tfoot|th|thead|title|tr|ul)(?:[\s/>]|$)", re.I)
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE_PREFIX = re.compile(r"^(?: {0,3}>[ \t]?)+")
_LIST_MARK = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_TABLE_CAP = re.compile(r"^ {0,3}Table:")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]]+\]:")

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK = re.compile(
    r"(!?\[)((?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
    r"(\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"
    r"|\]\[[^\[\]\n]*\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[!-~]+", re.I)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])|\\$", re.M)
_EMPH = re.compile(r"(?<!\\)(?:\*+|~~)|(?<![A-Za-z0-9\\])_+|_+(?![A-Za-z0-9])")


def _mask(m: list[str], a: int, b: int, ch: str) -> None:
    m[a:b] = [c if c == "\n" else ch for c in m[a:b]]


def _url_end(text: str, a: int, b: int) -> int:
    """GFM autolink rule: drop trailing punctuation and unbalanced ')'."""
    while b > a:
        c = text[b - 1]
        if c in ".,:;!?'\"*_~":
            b -= 1
        elif c == ")" and text.count("(", a, b) < text.count(")", a, b):
            b -= 1
        else:
            break
    return b


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines a leading YAML front matter block takes, or 0."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for j in range(1, len(lines)):
        if lines[j].rstrip() in ("---", "..."):
            body = lines[1:j]
            if any(re.match(r"^[\w\-]+[ \t]*:", ln) for ln in body) or not body:
                return j + 1
            return 0
    return 0


def _analyse(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Mask non-prose and split the prose into paragraphs.

    Returns the masked text (same length as `text`) and the paragraphs as
    (start, end) offsets.  Headings, list items, table rows and table
    captions are paragraphs of their own.
    """
    m = list(text)
    lines = text.split("\n")
    starts = []
    off = 0
    for ln in lines:
        starts.append(off)
        off += len(ln) + 1

    def line_span(i: int) -> tuple[int, int]:
        return starts[i], starts[i] + len(lines[i])

    kinds: list[str] = ["text"] * len(lines)   # text item own skip blank table
    n = len(lines)
    i = _front_matter_end(lines)
    for k in range(i):
        kinds[k] = "skip"
    while i < n:
        ln = lines[i]
        body = _QUOTE_PREFIX.sub("", ln) if ln.lstrip().startswith(">") else ln
        fence = _FENCE.match(body)
        if fence:
            mark = fence.group(1)
            j = i + 1
            while j < n:
                closing = lines[j]
                if closing.lstrip().startswith(">"):
                    closing = _QUOTE_PREFIX.sub("", closing)
                if re.match(r"^ {0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$", closing):
                    break
                j += 1
            for k in range(i, min(j + 1, n)):
                kinds[k] = "skip"
            i = j + 1
            continue
        if _BLANK.match(body):
            kinds[i] = "blank"
        elif "\t" in body.strip(" \t\u3000"):
            kinds[i] = "skip"      # a Word table row: its TABs are cell borders (source/tabtable.py)
        elif _HTML_BLOCK6.match(body) or _TAG.fullmatch(body.strip()) or body.lstrip().startswith("<!--"):
            # An HTML block runs to the next blank line (a comment to its end).
            j = i
            if body.lstrip().startswith("<!--"):
                while j < n and "-->" not in lines[j]:
                    j += 1
            else:
                while j + 1 < n and not _BLANK.match(lines[j + 1]):
                    j += 1
            for k in range(i, min(j + 1, n)):
                kinds[k] = "skip"
            i = j + 1
            continue
        elif _HR.match(body) or _LINK_DEF.match(body) or (
                _SETEXT.match(body) and i > 0 and kinds[i - 1] in ("text", "item")):
            kinds[i] = "skip"
        elif "|" in body and i + 1 < n and _DELIM_ROW.match(lines[i + 1]) and "|" in lines[i + 1] + body:
            kinds[i] = "table"
            kinds[i + 1] = "skip"
            j = i + 2
            while j < n and not _BLANK.match(lines[j]) and "|" in lines[j]:
                kinds[j] = "table"
                j += 1
            i = j
            continue
        elif _HEADING.match(body) or _TABLE_CAP.match(body):
            kinds[i] = "own"
        elif _LIST_MARK.match(body) or _FOOTNOTE_DEF.match(body):
            kinds[i] = "item"
        i += 1

    # A Word table pasted as text: the gaps between its cells are not spaces to
    # delete (source/tabtable.py reports the block and --fix makes it a table).
    from .tabtable import tab_blocks
    for a, b in tab_blocks(lines):
        for k in range(a, b + 1):
            if kinds[k] == "text":
                kinds[k] = "skip"

    # Mask skipped lines; mask line-level syntax of the others.
    for i, kind in enumerate(kinds):
        a, b = line_span(i)
        if kind == "skip":
            _mask(m, a, b, O)
            continue
        if kind == "blank":
            continue
        ln = lines[i]
        q = _QUOTE_PREFIX.match(ln)
        pre = q.end() if q else 0
        if pre:
            _mask(m, a, a + pre, T)
        rest = ln[pre:]
        h = _HEADING.match(rest)
        if h:
            _mask(m, a + pre, a + pre + h.end(), T)
            t = _HEADING_TAIL.search(rest)
            if t:
                _mask(m, a + pre + t.start(), b, T)
        tc = _TABLE_CAP.match(rest)
        if tc:
            _mask(m, a + pre, a + pre + tc.end(), T)
        lm = _LIST_MARK.match(rest)
        if lm and kind == "item":
            _mask(m, a + pre + lm.start(2), a + pre + lm.end(2), T)
        fd = _FOOTNOTE_DEF.match(rest)
        if fd:
            _mask(m, a + pre, a + pre + fd.end(), T)
        if kind == "table":
            for pm in re.finditer(r"(?<!\\)\|", ln):
                m[a + pm.start()] = P

    # Paragraphs.
    paras: list[tuple[int, int]] = []
    cur: int | None = None
    last_end = 0
    for i, kind in enumerate(kinds):
        a, b = line_span(i)
        if kind in ("skip", "blank") or kind in ("own", "table", "item"):
            if cur is not None:
                paras.append((cur, last_end))
                cur = None
        if kind in ("skip", "blank"):
            continue
        if kind in ("own", "table"):
            paras.append((a, b))
            continue
        if cur is None:
            cur = a
        last_end = b
    if cur is not None:
        paras.append((cur, last_end))

    # Inline masks, paragraph by paragraph (on the original text).
    for a, b in paras:
        seg = text[a:b]

        def mk(x: int, y: int, ch: str) -> None:
            _mask(m, a + x, a + y, ch)

        taken = [False] * len(seg)   # code spans win over everything else
        for mt in _CODE_SPAN.finditer(seg):
            mk(mt.start(), mt.end(), O)
            taken[mt.start():mt.end()] = [True] * (mt.end() - mt.start())

        def free(x: int, y: int) -> bool:
            return not any(taken[x:y])

        for mt in _HTML_COMMENT.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(), mt.end(), T)
        for mt in _AUTOLINK.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(), mt.end(), O)
                taken[mt.start():mt.end()] = [True] * (mt.end() - mt.start())
        for mt in _TAG.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(), mt.end(), T)
        for mt in _LINK.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(1), mt.end(1), T)
                mk(mt.start(3), mt.end(3), T)
                taken[mt.start(3):mt.end(3)] = [True] * (mt.end(3) - mt.start(3))
        for mt in _FOOTNOTE_REF.finditer(seg):
            mk(mt.start(), mt.end(), T)
        for mt in _URL.finditer(seg):
            e = _url_end(seg, mt.start(), mt.end())
            if free(mt.start(), e):
                mk(mt.start(), e, O)
                taken[mt.start():e] = [True] * (e - mt.start())
        for mt in _EMAIL.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(), mt.end(), O)
        for mt in _ENTITY.finditer(seg):
            if free(mt.start(), mt.end()):
                mk(mt.start(), mt.end(), O)
        for mt in _ESCAPE.finditer(seg):
            if free(mt.start(), mt.end() or mt.start() + 1):
                mk(mt.start(), mt.start() + 1, T)
        for mt in _EMPH.finditer(seg):
            if free(mt.start(), mt.end()):
                # The project's emphasis parser uses the CJK-friendly flanking
                # rules (source/emphasis.py), so `中国 **经济**` needs no space
                # and a space there prints: * and ~ are transparent.  `_`
                # keeps CommonMark's stricter intraword rules: hands off.
                mk(mt.start(), mt.end(), E if mt.group()[0] == "_" else T)
    return "".join(m), paras


# ---------------------------------------------------------------- helpers

_SKIP_NEIGHBOUR = SPACES + _INVISIBLE + "\n\r"


def _left(s: str, i: int) -> str:
    """The nearest printing character before s[i] (spaces, syntax skipped)."""
    j = i - 1
    while j >= 0 and s[j] in _SKIP_NEIGHBOUR:
        j -= 1
    return s[j] if j >= 0 else ""


def _right(s: str, i: int) -> str:
    j = i + 1
    while j < len(s) and s[j] in _SKIP_NEIGHBOUR:
        j += 1
    return s[j] if j < len(s) else ""


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_NAMES = {",": "comma", ";": "semicolon", ":": "colon", "?": "question mark",
          "!": "exclamation mark", ".": "full stop", "(": "parenthesis", ")": "parenthesis"}
_NUMERAL = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ一二三四五六七八九十")


def _numbering(s: str, i: int) -> bool:
    """Is the ） at s[i] closing a list number such as 1） or 十二）?"""
    k = i
    while k > 0 and i - k < 3 and s[k - 1] in _NUMERAL:
        k -= 1
    if k == i:
        return False
    return k == 0 or s[k - 1] in SPACES + _INVISIBLE + "\n" + O + P + "。；：，！？"


class _Linter:
    def __init__(self, text: str, file: str, first_line: int, quotes: str):
        self.text = text
        self.file = file
        self.first_line = first_line
        house = quotes if quotes in ("“”", "「」") else "“”"
        self.house = house
        self.masked, self.paras = _analyse(text)
        self.line_starts = [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]
        self.out: list[Finding] = []

    # -- reporting

    def pos(self, off: int) -> Pos:
        li = bisect.bisect_right(self.line_starts, off) - 1
        return Pos(self.file, self.first_line + li, off - self.line_starts[li] + 1)

    def snippet(self, a: int, b: int, edits: list[tuple[int, int, str]] = (), width: int = 6) -> str:
        """Text around [a, b) on its line(s), with `edits` applied when given."""
        t = self.text
        lo = max(a - width, t.rfind("\n", max(0, a - width), a) + 1, 0)
        nl = t.find("\n", b, b + width)
        hi = min(b + width, nl if nl >= 0 else len(t))
        out, k = [], lo
        for x, y, r in sorted(edits):
            if x < lo or y > hi:
                continue
            out.append(t[k:x])
            out.append(r)
            k = y
        out.append(t[k:hi])
        s = "".join(out).replace("\n", "↵")
        return s

    def add(self, rule: str, start: int, what: str, fix: str | None,
            edits: list[tuple[int, int, str]] = (), safe: bool = False) -> None:
        edits = list(edits)
        safe = safe and bool(edits) and rule in SAFE_RULES
        self.out.append(Finding(rule, start, what, fix, edits, safe, self.pos(start)))

    def show(self, a: int, b: int, edits) -> tuple[str, str]:
        lo = min([a] + [e[0] for e in edits])
        hi = max([b] + [e[1] for e in edits])
        return self.snippet(lo, hi), self.snippet(lo, hi, edits)

    # -- driver

    def run(self) -> list[Finding]:
        nparas = len(self.paras)
        for k, (a, b) in enumerate(self.paras):
            s = self.masked[a:b]
            nxt = self.masked[self.paras[k + 1][0]:self.paras[k + 1][1]] if k + 1 < nparas else ""
            self.halfwidth(s, a)
            self.parens(s, a)
            straight = self.straight_quotes(s, a)
            self.unmatched(s, a, nxt, straight)
            self.spaces(s, a)
            self.indent(s, a)
            self.doubled(s, a)
            self.fullwidth(s, a)
            self.quote_style(s, a)
            self.ellipsis(s, a)
            self.dash(s, a)
            self.merges(s, a)
        self.out.sort(key=lambda f: f.start)
        return self.out

    # -- rule 1: half-width , . ; : ? !

    def _spaces_around(self, s: str, i: int) -> tuple[int, int]:
        """Span of i plus the spaces on both sides (not across a line end)."""
        x = i
        while x > 0 and s[x - 1] in SPACES:
            x -= 1
        if x > 0 and s[x - 1] in "\n" + _INVISIBLE or x == 0:
            x = i   # spaces at line start are indentation: leave them
        y = i + 1
        while y < len(s) and s[y] in SPACES:
            y += 1
        if y >= len(s) or s[y] == "\n":
            y = i + 1   # trailing spaces may be a hard break: leave them
        return x, y

    def halfwidth(self, s: str, a: int) -> None:
        for mt in re.finditer(r"[,;:?!]|(?<!\.)\.(?!\.)", s):
            i = mt.start()
            c = s[i]
            L, R = _left(s, i), _right(s, i)
            if c == ".":
                # Only a full stop closing a Chinese sentence: 中国. → 中国。
                if not (is_han(L) or (L and L in CLOSE) or (L in "%‰％" and is_han(R))):
                    continue
                if R and not (is_han(R) or R in OPEN + CLOSE or R == O):
                    continue
            else:
                chinese_left = is_han(L) or (L and L in CLOSE + "…—")
                chinese_right = is_han(R) or (R and R in OPEN)
                if not (chinese_left or chinese_right):
                    continue
                if c == ":" and (L.isdigit() and R.isdigit()):
                    continue
            x, y = self._spaces_around(s, i)
            edits = [(a + x, a + y, _FULL[c])]
            before, after = self.show(a + i, a + i + 1, edits)
            self.add("punct-halfwidth", a + i,
                     f'half-width {_NAMES[c]} "{c}" in Chinese text: "{before}"',
                     f'use "{_FULL[c]}": "{after}"', edits, safe=True)

    def parens(self, s: str, a: int) -> None:
        for mt in re.finditer(r"\(([^()]*)\)", s):
            i, j = mt.start(), mt.end() - 1
            inner = mt.group(1)
            has_cn = _HAN_RE.search(inner) is not None
            outside_cn = is_cn(_left(s, i)) or is_cn(_right(s, j))
            if not has_cn and not outside_cn:
                continue
            if not has_cn and not re.search(f"[A-Za-z0-9{O}]", inner):
                continue
            if not has_cn and i > 0 and (is_latin(s[i - 1]) or s[i - 1] in "_)]"):
                continue   # f(x), Wang(2020): Latin notation
            xi, _ = self._spaces_around(s, i)
            _, yj = self._spaces_around(s, j)
            if not is_cn(_left(s, i)):
                xi = i
            if not is_cn(_right(s, j)):
                yj = j + 1
            edits = [(a + xi, a + i + 1, "（"), (a + j, a + yj, "）")]
            before, after = self.show(a + i, a + j + 1, edits)
            why = "" if has_cn else " (content has no Chinese: check before changing)"
            self.add("paren-halfwidth", a + i,
                     f'half-width parentheses in Chinese text: "{before}"',
                     f'use "（）": "{after}"{why}', edits, safe=has_cn)

    # -- rule 2: straight quotes

    def straight_quotes(self, s: str, a: int) -> set[str]:
        """Report straight quotes in Chinese context; returns which kinds were seen."""
        seen: set[str] = set()
        for straight, (op, cl) in (('"', "“”"), ("'", "‘’")):
            if straight not in s:
                continue
            is_open = False
            ok = True
            hits: list[tuple[int, str, bool]] = []
            for mt in re.finditer(f"[{re.escape(straight)}{op}{cl}]", s):
                i = mt.start()
                c = s[i]
                if straight == "'" and c in "'’":
                    L = s[i - 1] if i > 0 else ""
                    R = s[i + 1] if i + 1 < len(s) else ""
                    if (is_latin(L) and is_latin(R)) or (c == "'" and L.isdigit() and not is_cn(R)):
                        continue   # apostrophe (China's) or minutes/feet (5')
                    if c == "'" and is_latin(L) and not is_cn(_right(s, i)) and not is_open:
                        continue   # plural possessive (the banks' loans)
                if c == op:
                    if is_open:
                        ok = False
                    is_open = True
                elif c == cl:
                    if not is_open:
                        ok = False
                    is_open = False
                else:
                    rep = cl if is_open else op
                    is_open = not is_open
                    ctx = is_cn(_left(s, i)) or is_cn(_right(s, i))
                    hits.append((i, rep, ctx))
            if is_open:
                ok = False
            if not any(ctx for _, _, ctx in hits):
                continue
            seen.add(straight)
            for i, rep, ctx in hits:
                if not ctx:
                    continue
                edits = [(a + i, a + i + 1, rep)]
                before, after = self.show(a + i, a + i + 1, edits)
                if ok:
                    fix = f'use "{rep}": "{after}"'
                else:
                    fix = (f'use Chinese quotes {op}{cl} (the straight quotes in this paragraph '
                           f'do not pair up, so this one is not fixed automatically)')
                self.add("quote-straight", a + i,
                         f'straight quote {straight} in Chinese text: "{before}"', fix,
                         edits, safe=ok)
        return seen

    # -- rule 3: unpaired marks

    _PAIRS = ("“”", "‘’", "（）", "《》", "【】", "「」", "『』", "〈〉")

    def unmatched(self, s: str, a: int, nxt: str, straight: set[str]) -> None:
        for op, cl in self._PAIRS:
            if op not in s and cl not in s:
                continue
            if (op == "“" and '"' in straight) or (op == "‘" and "'" in straight):
                continue   # quote-straight already reports this paragraph's quotes
            stack: list[int] = []
            bad: list[int] = []
            for mt in re.finditer(f"[{op}{cl}]", s):
                i = mt.start()
                if s[i] == op:
                    stack.append(i)
                    continue
                if not stack:
                    L = s[i - 1] if i > 0 else ""
                    R = s[i + 1] if i + 1 < len(s) else ""
                    if cl == "’" and (is_latin(L) or is_latin(R)):
                        continue   # Word's apostrophe: China’s, ’90s
                    if cl == "）" and _numbering(s, i):
                        continue   # numbering like 1） or 一）
                    bad.append(i)
                else:
                    stack.pop()
            for i in stack:
                if cl == "’" and i + 1 < len(s) and is_latin(s[i + 1]) and is_latin(s[i - 1] if i else ""):
                    continue
                # A quotation running over several paragraphs opens each one
                # with “ and closes only the last (GB/T 15834 4.1.3.6).
                if op in "“‘「『" and s[:i].strip(_SKIP_NEIGHBOUR) == "" and \
                        nxt.lstrip(_SKIP_NEIGHBOUR).startswith(op):
                    continue
                bad.append(i)
            for i in sorted(bad):
                c = s[i]
                other = cl if c == op else op
                self.add("pair-unmatched", a + i,
                         f'"{c}" has no matching "{other}" in its paragraph: "{self.snippet(a + i, a + i + 1, width=10)}"',
                         f'add the missing "{other}" or remove this "{c}"')

    # -- rules 4 and 8: spaces

    _CHAPTER = re.compile(f"第[0-9一二三四五六七八九十百零〇]+[章节条篇部编款卷]$")

    _HAN_RUN_L = re.compile(f"[{_HAN}]{{4,}}$")
    _HAN_RUN_R = re.compile(f"[{_HAN}]{{4,}}")

    def _slogan(self, s: str, x: int, y: int) -> bool:
        """A gap between two parallel phrases of a title or slogan.

        Titles and slogans set their parallel phrases apart with a space
        (不忘初心 牢记使命).  That is taken to be the case when both sides are
        Chinese runs of four or more characters and the whole stands in a
        heading-like short line, or inside “” 《》 with no other punctuation.
        """
        if not (self._HAN_RUN_L.search(s, max(0, x - 4), x) and self._HAN_RUN_R.match(s, y)):
            return False
        line_lo = s.rfind("\n", 0, x) + 1
        line_hi = s.find("\n", y)
        line_hi = len(s) if line_hi < 0 else line_hi
        if len(s[line_lo:line_hi].strip(_SKIP_NEIGHBOUR)) <= 40 and not re.search(
                "[，。；：！？]", s[line_lo:line_hi]):
            return True
        for op, cl in ("“”", "《》", "‘’", "「」"):
            o = s.rfind(op, 0, x)
            c = s.find(cl, y)
            if o >= 0 and c >= 0 and c - o <= 40 and cl not in s[o:x] and op not in s[y:c]:
                inner = s[o + 1:c]
                if not re.search(f"[{re.escape(CJKP)}]", inner):
                    return True
        return False

    @staticmethod
    def _latin_quote(s: str, j: int, k: int, L: str, R: str) -> bool:
        """A space beside a curly quote whose text on both sides is Latin."""
        def latin(ch: str) -> bool:
            return ch.isascii() and ch.isalnum()
        if L in "’”" and j > 0 and latin(s[j - 1]) and latin(R):
            return True
        if R in "‘“" and k + 1 < len(s) and latin(s[k + 1]) and latin(L):
            return True
        return False

    def spaces(self, s: str, a: int) -> None:
        for mt in re.finditer(f"[{SPACES}]+", s):
            x, y = mt.start(), mt.end()
            p = s[x - 1] if x > 0 else "\n"
            n = s[y] if y < len(s) else "\n"
            if p in E + P or n in E + P:
                continue   # emphasis flanking or table pipe padding
            # line start (indentation) or line end (maybe a hard break)
            j = x - 1
            while j >= 0 and s[j] in T:
                j -= 1
            if j < 0 or s[j] == "\n":
                continue
            L = s[j]
            k = y
            while k < len(s) and s[k] in T:
                k += 1
            if k >= len(s) or s[k] == "\n":
                continue
            R = s[k]
            if L in SPACES + E + P + O and R in SPACES + E + P + O:
                continue
            if L in SPACES or R in SPACES or L in E + P or R in E + P:
                continue
            if (R == "—" and s[k + 1:k + 2] != "—") or (L == "—" and s[j - 1:j] != "—"):
                continue   # spaced single —: the dash rule reports it
            if is_han(L) and is_han(R):
                if self._CHAPTER.search(self.text[max(0, a + j - 8):a + j + 1]):
                    continue   # 第一章 总则: a conventional gap
                if self._slogan(s, x, y):
                    continue   # “锚定新质生产力 奋力建设现代化河南”: parallel phrases
                rule = "space-cjk"
                what = "space between Chinese characters"
            elif self._latin_quote(s, j, k, L, R):
                continue   # the ‘smart’ city: curly quotes in Latin text are Latin marks here
            elif (L in CJKP and L not in "·") or (R in CJKP and R not in "·" and (R in CLOSE + MID or is_cn(L))):
                if L == O or R == O:
                    if not (R in CLOSE + MID):
                        continue
                rule = "space-punct"
                what = "space next to Chinese punctuation"
            else:
                continue
            kind = {" ": "", "\u3000": " (ideographic space U+3000)", "\u00a0": " (no-break space)", "\t": " (tab)"}
            note = kind.get(s[x], f" (U+{ord(s[x]):04X})") if len(set(s[x:y])) == 1 else ""
            edits = [(a + x, a + y, "")]
            before, after = self.show(a + x, a + y, edits)
            self.add(rule, a + x, f'{what}{note}: "{before}"', f'remove it: "{after}"', edits, safe=True)

    def indent(self, s: str, a: int) -> None:
        """Ideographic / no-break spaces opening a line: pasted first-line indent.

        Markdown strips ASCII indentation but prints U+3000 and NBSP, so they
        would double the typesetter's own first-line indent (or, on a joined
        line, print a gap in mid-paragraph).
        """
        for mt in re.finditer(f"(?m)^[{T}{E} \t]*([\u3000\u00a0][{SPACES}]*)", s):
            x, y = mt.start(1), mt.end(1)
            if y >= len(s) or s[y] == "\n":
                continue
            edits = [(a + x, a + y, "")]
            what = "ideographic space" if "\u3000" in s[x:y] else "no-break space"
            self.add("indent-space", a + x,
                     f"line starts with {what}s ({y - x}), printed as a gap; the layout indents paragraphs itself",
                     "remove them", edits, safe=True)

    # -- paragraphs pasted from Word without blank lines

    _ENDS = "。！？；…"
    _CLOSERS = "”’）》」』】"
    _ITEM = re.compile(r"^[ \t\u3000]*(?:[（(][0-9一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、](?![0-9０-９])"
                       r"|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十0-9]{1,3}[，、是])")

    def merges(self, s: str, a: int) -> None:
        """A line that ends a sentence, then a line of Chinese text: Word's
        paragraphs pasted without the blank line Markdown needs (or a new
        numbered item such as （2）): they would print as one paragraph."""
        lines = s.split("\n")
        if len(lines) < 2:
            return
        off = 0
        for k in range(len(lines) - 1):
            prev, nxt = lines[k], lines[k + 1]
            off += len(prev) + 1
            raw_prev = self.text[a + off - len(prev) - 1:a + off - 1]
            if raw_prev.endswith(("  ", "\\")) or raw_prev.lstrip().startswith(">"):
                continue      # a hard line break, or a quote (a blank line would end it)
            end = prev.rstrip(SPACES).rstrip(self._CLOSERS)
            head = nxt.lstrip(SPACES)
            if not head or not end:
                continue
            item = self._ITEM.match(nxt)
            if not (item or (end[-1] in self._ENDS and is_cn(head[0]))):
                continue
            x = a + off - 1          # the line break
            why = ("a new numbered item" if item else "a new paragraph")
            self.add("para-merge", a + off,
                     f"this line looks like {why} but joins the line above into one paragraph "
                     "(no blank line between them, as pasted from Word)",
                     "leave a blank line between paragraphs (check --fix inserts it); if it is "
                     "one paragraph, join the lines", [(x, x + 1, "\n\n")], safe=True)

    # -- rule 5: doubled punctuation

    def doubled(self, s: str, a: int) -> None:
        for mt in re.finditer(r"([。，、；：])\1+", s):
            if mt.group(1) == "。" and len(mt.group()) >= 3:
                continue   # 。。。 is an ellipsis, reported by that rule
            edits = [(a + mt.start(), a + mt.end(), mt.group(1))]
            before, after = self.show(a + mt.start(), a + mt.end(), edits)
            self.add("punct-doubled", a + mt.start(), f'doubled punctuation "{mt.group()}": "{before}"',
                     f'use one: "{after}"', edits, safe=True)
        for mt in re.finditer(r"[？！]{2,}", s):
            self.add("punct-repeated", a + mt.start(),
                     f'repeated "{mt.group()}": "{self.snippet(a + mt.start(), a + mt.end())}" '
                     f'(GB/T 15834 allows it for strong emphasis, but rarely)',
                     'keep it only if the emphasis is meant; otherwise use one mark')

    # -- rule 6: full-width digits and letters

    def fullwidth(self, s: str, a: int) -> None:
        for mt in re.finditer(r"[０-９Ａ-Ｚａ-ｚ](?:[０-９Ａ-Ｚａ-ｚ]|．(?=[０-９]))*", s):
            half = "".join(chr(ord(c) - 0xFEE0) for c in mt.group())
            edits = [(a + mt.start(), a + mt.end(), half)]
            self.add("fullwidth-alnum", a + mt.start(),
                     f'full-width characters "{mt.group()}"', f'use half-width "{half}"',
                     edits, safe=True)

    # -- rules 7 and 8: quote style, mixed quotes

    def quote_style(self, s: str, a: int) -> None:
        if self.house == "“”":
            foreign = {"「": "“", "」": "”", "『": "‘", "』": "’"}
            house_marks = "“”‘’"
        else:
            foreign = {"“": "「", "”": "」", "‘": "『", "’": "』"}
            house_marks = "「」『』"
        if not any(c in s for c in foreign):
            return
        mixed = any(c in s for c in house_marks if c != "’")
        fchars = "".join(foreign)
        for op, cl in (fchars[0:2], fchars[2:4]):
            stack: list[int] = []
            for mt in re.finditer(f"[{op}{cl}]", s):
                i = mt.start()
                if s[i] == op:
                    stack.append(i)
                elif stack:
                    j = stack.pop()
                    edits = [(a + j, a + j + 1, foreign[op]), (a + i, a + i + 1, foreign[cl])]
                    inner = self.text[a + j:a + i + 1]
                    if len(inner) > 24:
                        inner = inner[:10] + "…" + inner[-10:]
                    fixed = foreign[op] + inner[1:-1] + foreign[cl]
                    house = foreign[op] + foreign[cl]
                    if mixed:
                        self.add("quotes-mixed", a + j,
                                 f'"{op}{cl}" mixed with "{house}" in one paragraph: "{inner}"',
                                 f'use "{house}" throughout: "{fixed}"', edits, safe=True)
                    else:
                        self.add("quote-style", a + j,
                                 f'"{op}{cl}" where this publication uses "{house}": "{inner}"',
                                 f'use "{fixed}"', edits, safe=True)
                # an unmatched closer is pair-unmatched's business

    # -- rule 8: ellipsis and dash

    def ellipsis(self, s: str, a: int) -> None:
        for mt in re.finditer(r"\.{3,}|。{3,}|…+|·{3,}|．{3,}|(?:\.[ \t]){2,}\.", s):
            g = mt.group()
            if g == "……":
                continue
            i, j = mt.start(), mt.end()
            if g[0] == "." or g[0] == "…":
                if not (is_cn(_left(s, i)) or is_cn(_right(s, j - 1))):
                    continue   # Latin text: "etc..." is its own business
            edits = [(a + i, a + j, "……")]
            before, after = self.show(a + i, a + j, edits)
            self.add("ellipsis", a + i, f'ellipsis written "{g}": "{before}"',
                     f'use "……": "{after}"', edits, safe=True)

    def dash(self, s: str, a: int) -> None:
        for mt in re.finditer(r"-{2,}|－{2,}|─{2,}|—{3,}|–{2,}|(?<!—)—(?!—)|(?<![-－])－(?![-－])", s):
            g = mt.group()
            i, j = mt.start(), mt.end()
            L, R = _left(s, i), _right(s, j - 1)
            if len(g) == 1:
                # A single — is the 一字线 连接号 of GB/T 15834 4.13: ranges
                # (郑州—开封, 2011—2015年) and chains (诊断—改造—评估) are
                # right.  It is a mistyped 破折号 only when it reads as one:
                # spaced like an English dash, or against a punctuation mark.
                if g == "－" or not (is_cn(L) and is_cn(R)):
                    continue
                spaced = (i > 0 and s[i - 1] in SPACES) or (j < len(s) and s[j] in SPACES)
                near_punct = (L in CJKP and L not in OPEN) or R in OPEN
                if not (spaced or near_punct) or (L in OPEN or R in CLOSE + MID):
                    continue
                x, y = self._spaces_around(s, i)
                edits = [(a + x, a + y, "——")]
                before, after = self.show(a + i, a + j, edits)
                self.add("dash", a + i, f'single "{g}" used as a dash: "{before}"',
                         f'a dash (破折号) is "——": "{after}" (a range such as 郑州—开封 keeps one —)',
                         edits, safe=False)
                continue
            if not (is_cn(L) and (is_cn(R) or R == "")) and not (is_cn(R) and L == ""):
                continue
            x, y = i, j
            while x > 0 and s[x - 1] in SPACES and is_cn(_left(s, i)):
                x -= 1
            if x > 0 and s[x - 1] == "\n" or x == 0:
                x = i
            while y < len(s) and s[y] in SPACES:
                y += 1
            if y >= len(s) or s[y] == "\n":
                y = j
            edits = [(a + x, a + y, "——")]
            before, after = self.show(a + i, a + j, edits)
            self.add("dash", a + i, f'dash written "{g}": "{before}"', f'use "——": "{after}"',
                     edits, safe=True)


def lint_findings(text: str, file: str, *, first_line: int = 1, quotes: str = "“”") -> list[Finding]:
    """All findings for `text`, in text order, with their edits and safety."""
    return _Linter(text, file, first_line, quotes).run()


def lint_text(text: str, file: str, *, first_line: int = 1, quotes: str = "“”") -> list[Problem]:
    """Lint the prose of a Markdown article body or note; warnings only."""
    return [f.problem for f in lint_findings(text, file, first_line=first_line, quotes=quotes)]
