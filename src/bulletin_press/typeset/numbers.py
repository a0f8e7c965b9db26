"""Numbers and the words that belong to them (5000亿元, 8387家, 第5位).

The words come from units.yaml (data, not code).  `bind` marks, for a shaped
paragraph, the gaps a line must not break at (between a magnitude and its unit:
5000亿|元, 5.17万|个; 亿元 and 万元 anywhere) and the gaps where a break is a last
resort (a number and its unit or measure word: 8387|家, 2020|年; 第 and its
numeral: 第|5位).  Written for the shaper's parallel lists: one pass over units.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from . import chars as C

# the cost the line breaker adds for a last-resort break (a spread line at the
# gap limit costs 400, a lonely last character 3000)
LAST_RESORT = 1000.0

# where a binding can start: a digit that ends a run of digits, 第, 亿, 万
_CANDIDATES = re.compile(r"[0-9](?![0-9])|[第亿万]")


@lru_cache(maxsize=1)
def words():
    """(magnitudes, money, units, ordinal, chinese numerals)."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)    # libyaml when there: 8x faster
    data = yaml.load((Path(__file__).with_name("units.yaml")).read_text(encoding="utf-8"), Loader=loader)
    mags = frozenset(str(w) for w in data["magnitudes"])
    money = frozenset(str(w) for w in data["money"])
    units = frozenset(str(w) for w in data["units"]) | money
    return mags, money, units, str(data["ordinal"]), frozenset(str(data["chinese_numerals"]))


@lru_cache(maxsize=1)
def _matchers():
    """For (magnitudes, money, units): f(text, at) -> the length of the longest word
    of the table at text[at:], 0 if none.  The words are filed under their first
    character, longest first: most characters begin none, and the first word that
    matches is the longest."""
    def matcher(table):
        by_first: dict[str, list[str]] = {}
        for w in sorted(table, key=len, reverse=True):
            by_first.setdefault(w[0], []).append(w)
        get = by_first.get

        def length(text: str, at: int) -> int:
            for w in get(text[at:at + 1], ()):
                if text.startswith(w, at):
                    return len(w)
            return 0
        return length
    mags, money, units = words()[:3]
    return matcher(mags), matcher(money), matcher(units)


def bind(text: str, S: list[int], E: list[int], K: list[int], brk: list[bool], pen: list[float]) -> None:
    """Update `brk` (no break before unit k) and `pen` (cost of a break before k) in place."""
    ordinal, numerals = words()[3:]
    mags, money, units = _matchers()
    n = len(S)
    HAN, LAT, NS = C.HAN, C.LAT, C.NS

    def span(k: int, length: int) -> int:
        """How many units from k on cover text[S[k]:S[k]+length] one character each (0 if not)."""
        at = S[k]
        for q in range(length):
            if k + q >= n or S[k + q] != at + q or (K[k + q] != HAN and K[k + q] != NS):
                return 0
        return length

    def after_number(k: int) -> int:
        """Bind the word after the number that ends unit k; the next unit to look at."""
        j = k + 1
        if j >= n:
            return j
        m = mags(text, S[j])
        if m and span(j, m):
            pen[j] += LAST_RESORT
            for q in range(1, m):
                brk[j + q] = False
            j += m
            if j < n:
                u = units(text, S[j])
                if u and span(j, u):
                    for q in range(u):
                        brk[j + q] = False
                    j += u
            return j
        u = units(text, S[j])
        if u and span(j, u):
            pen[j] += LAST_RESORT
            return j + u
        return j

    # only the units that can start a binding are visited: the last digit of a
    # Latin unit, 第, 亿 and 万 (found in the text, then located among the units)
    done = 0
    for mt in _CANDIDATES.finditer(text):
        p = mt.start()
        k = bisect_right(S, p) - 1
        if k < done or k < 0:
            continue
        ch = text[p]
        if ch.isdigit():
            if K[k] == LAT and E[k] - 1 == p:
                done = after_number(k)
        elif K[k] != HAN or S[k] != p or k + 1 >= n:
            continue
        elif ch == ordinal:
            # 第5位, 第十二届
            nxt = k + 1
            if K[nxt] == LAT and text[S[nxt]].isdigit():
                pen[nxt] += LAST_RESORT
            elif K[nxt] == HAN and text[S[nxt]] in numerals:
                while nxt < n and K[nxt] == HAN and text[S[nxt]] in numerals:
                    pen[nxt] += LAST_RESORT
                    nxt += 1
                done = after_number(nxt - 1)
        else:
            # 亿元 / 万元 never split, whatever stands before them
            m = money(text, S[k + 1])
            if m and span(k + 1, m):
                for q in range(m):
                    brk[k + 1 + q] = False
