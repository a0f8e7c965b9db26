"""Small declarative checks for YAML mappings: required keys, types, and
unknown keys with a did-you-mean suggestion.

    SPEC = {"title": F("str", required=True), "author": F("strlist", required=True)}
    values = check(data, SPEC, problems, what="front matter")

`check` appends a `Problem` for everything wrong and returns the values it
could read (converted), so callers can go on and find further problems.
Kinds: str, int, number, bool, date, strlist (a string or a list of strings,
always returned as a list), list (any list), map (a mapping), any.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

from ..errors import Problem
from ..model import Pos
from .yamlfile import LDict, LList, number_problem


@dataclass(frozen=True)
class F:
    """One field of a YAML schema: its kind, whether it is required, its choices."""
    kind: str
    required: bool = False
    choices: tuple | None = None


def suggest(word: str, known) -> str | None:
    import difflib        # only for a word that is not known
    found = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key(key, known, pos: Pos, what: str) -> Problem:
    best = suggest(key, known)
    if best:
        return Problem(pos, f"unknown key '{key}' in {what} — did you mean '{best}'?",
                       f"rename it to '{best}'")
    return Problem(pos, f"unknown key '{key}' in {what}",
                   "known keys: " + ", ".join(str(k) for k in known))


_TYPE_NAMES = {
    "str": "text", "int": "a whole number", "number": "a number", "bool": "true or false",
    "date": "a date YYYY-MM-DD", "strlist": "text or a list of texts", "list": "a list",
    "map": "a mapping (indented key: value lines)",
}


def _kind_of(v) -> str:
    if isinstance(v, LDict) or isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, _dt.date):
        return "a date"
    return "text"


def as_text(value, raw: str | None):
    """A scalar as the text the editor typed, or None if it is not a scalar."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, _dt.date)) and not isinstance(value, (list, dict)):
        return raw if raw is not None else str(value)
    return None


def convert(kind: str, value, raw: str | None):
    """Return (ok, converted)."""
    if kind == "any":
        return True, value
    if kind == "str":
        t = as_text(value, raw)
        return (t is not None), t
    if kind == "int":
        if isinstance(value, bool):
            return False, None
        if isinstance(value, int):
            return True, value
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
            return True, int(value)
        return False, None
    if kind == "number":
        if isinstance(value, bool):
            return False, None
        if isinstance(value, (int, float)):
            return (True, float(value)) if math.isfinite(value) else (False, None)
        if isinstance(value, str):
            t = value.strip().replace(",", "")
            if not re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", t):
                return False, None       # no 1_000, inf, nan, 0x1F
            num = float(t)
            return (True, num) if math.isfinite(num) else (False, None)
        return False, None
    if kind == "bool":
        if isinstance(value, bool):
            return True, value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return True, value.strip().lower() in ("true", "yes")
        return False, None
    if kind == "date":
        if isinstance(value, _dt.datetime):
            return True, value.date()
        if isinstance(value, _dt.date):
            return True, value
        if isinstance(value, str):
            try:
                return True, _dt.date.fromisoformat(value.strip())
            except ValueError:
                return False, None
        return False, None
    if kind == "strlist":
        if isinstance(value, list):
            out = []
            raws = getattr(value, "raw", [None] * len(value))
            for v, r in zip(value, raws):
                t = as_text(v, r)
                if t is None:
                    return False, None
                out.append(t)
            return True, out
        t = as_text(value, raw)
        return (t is not None), ([t] if t is not None else None)
    if kind == "list":
        return isinstance(value, list), value
    if kind == "map":
        return isinstance(value, dict), value
    raise ValueError(kind)


def check(data: LDict, spec: dict[str, F], problems: list[Problem], *, what: str,
          unknown: bool = True) -> dict:
    """Check `data` against `spec`; return {key: converted value} for keys that
    are present, non-empty and valid.  `unknown=False` lets unknown keys pass."""
    out: dict = {}
    for key in data:
        if key not in spec:
            if unknown:
                problems.append(unknown_key(key, list(spec), data.at(key), what))
            continue
        f = spec[key]
        value = data[key]
        if value is None or (isinstance(value, str) and not value.strip() and f.kind != "str"):
            if f.required:
                problems.append(Problem(data.at(key), f"'{key}' in {what} is empty",
                                        f"give it {_TYPE_NAMES.get(f.kind, f.kind)}"))
            continue
        ok, conv = convert(f.kind, value, data.raw.get(key))
        if not ok:
            extra = ""
            if f.kind == "date" and isinstance(value, str):
                extra = " (is it a real date?)"
            why = number_problem(value) if f.kind in ("int", "number") else None
            if why:
                problems.append(Problem(data.vat(key), f"'{key}' in {what} should be "
                                        f"{_TYPE_NAMES[f.kind]}, but {why}",
                                        "write it in plain decimal digits, e.g. 126 or 12.5"))
                continue
            problems.append(Problem(data.vat(key),
                                    f"'{key}' in {what} should be {_TYPE_NAMES.get(f.kind, f.kind)}, "
                                    f"found {_kind_of(value)}{extra}",
                                    f"write it as {_TYPE_NAMES.get(f.kind, f.kind)}"))
            continue
        if f.kind == "str" and f.required and not conv.strip():
            problems.append(Problem(data.at(key), f"'{key}' in {what} is empty", "give it a value"))
            continue
        if f.choices is not None and conv not in f.choices:
            best = suggest(conv, f.choices)
            hint = f" — did you mean '{best}'?" if best else ""
            problems.append(Problem(data.vat(key), f"'{key}' in {what} is '{conv}'{hint}",
                                    "use one of: " + ", ".join(map(str, f.choices))))
            continue
        out[key] = conv
    for key, f in spec.items():
        if f.required and key not in data:
            problems.append(Problem(data.pos, f"{what} has no '{key}'",
                                    f"add a line `{key}: …`"))
    return out


def expect_mapping(data, file: str, problems: list[Problem], what: str) -> LDict | None:
    """The top of a YAML file must be a mapping; say so if it is not."""
    if isinstance(data, LDict):
        return data
    if data is None:
        problems.append(Problem(Pos(file, 1), f"{what} is empty",
                                "write `key: value` lines (see FORMAT.md)"))
        return None
    found = "a list (lines starting with '- ')" if isinstance(data, LList) else f"{_kind_of(data)}"
    pos = getattr(data, "pos", Pos(file, 1))
    problems.append(Problem(pos, f"{what} should be a mapping of `key: value` lines, found {found}",
                            "write `key: value` lines (see FORMAT.md)"))
    return None
