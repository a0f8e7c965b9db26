"""styles/NAME.yaml → model.style.Style, every size in points.

Sizes take 字号 names (五号 = 10.5pt, 小四 = 12pt …) or lengths; lengths take
pt, mm, cm, in, px (= pt) or a bare number (= pt).  Colours are CMYK
percentage lists [c, m, y, k] → Color with 0..1 components.

`masthead`, `tables` and `charts` stay free-form dicts (the typeset stage
owns their keys), converted as follows, at any depth:
  - keys `size`, `leading`, `min_size`, `max_size` and any key ending in
    `_size` are sizes (字号 name or length) → points;
  - keys `width`, `height`, `gap`, `thin`, `thick`, `top`, `bottom`, `left`,
    `right`, `margin`, `padding`, `inset`, `offset`, and keys ending in
    `_width`, `_height`, `_gap`, `_thick`, `_thin`, `_margin`, `_padding`,
    `_length` are lengths → points;
  - `font` must name a key of fonts; `color` a key of colors (kept as the
    name); `colors` is a list of CMYK lists → list[Color].
  Everything else is kept as read.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos
from ..model.style import Color, Face, Page, Punctuation, Style, TextStyle
from .publication import read_yaml_mapping
from .schema import F, check, suggest
from .yamlfile import LDict, LList

ZIHAO = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
    "七号": 5.5, "八号": 5,
}
UNITS = {"pt": 1.0, "px": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
PAPER = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "B5": (176, 250), "16K": (185, 260)}

STYLE = {
    "name": F("str"), "page": F("map", required=True), "fonts": F("map", required=True),
    "colors": F("map", required=True), "punctuation": F("map"), "text": F("map", required=True),
    "masthead": F("map"), "tables": F("map"), "charts": F("map"), "figures": F("map"),
}
FIGURES = {"min_ppi": F("number"), "low_resolution": F("str", choices=("warning", "error"))}
PAGE = {
    "size": F("any", required=True), "chars_per_line": F("int", required=True),
    "lines_per_page": F("int", required=True), "top": F("any", required=True), "inside": F("any"),
    "bleed": F("any"), "multiple_of": F("int"), "pad": F("str", choices=("fit", "blank", "fail")),
    "no_head": F("str", choices=("opening", "top")),
}
FACE = {"regular": F("str", required=True), "bold": F("str"), "latin": F("str")}
PUNCT = {
    "scheme": F("str", choices=("quanjiao", "kaiming", "banjiao")), "line_end_half": F("bool"),
    "line_start_half": F("bool"), "cjk_latin_space": F("number"), "max_han_gap": F("number"),
    "max_squeeze": F("number"),
}
TEXT = {
    "font": F("str"), "size": F("any"), "leading": F("any"), "bold": F("bool"), "color": F("str"),
    "align": F("str", choices=("justify", "left", "center", "right")), "indent": F("number"),
    "space_before": F("any"), "space_after": F("any"), "tracking": F("number"),
}
# Roles the typeset stage knows.  A role not listed is accepted (a new role),
# unless it looks like a misspelling of one of these.
KNOWN_ROLES = (
    "body", "h1", "h2", "h3", "title", "byline", "author_end", "list", "quote", "caption", "table",
    "table_head", "table_note", "header", "folio", "theme", "note_title", "note", "toc_title", "toc",
    "back", "back_caption", "footnote",
)
# A known role the style leaves out is set as another (then that one's stand-in, down
# to body): a style need not spell out every role, and the pages never miss one.
STAND_IN = {"table_head": "table", "table_note": "table", "theme": "title", "back_caption": "back",
            "author_end": "byline"}

SIZE_KEYS = {"size", "leading", "min_size", "max_size"}
LENGTH_KEYS = {"width", "height", "gap", "thin", "thick", "top", "bottom", "left", "right",
               "margin", "padding", "inset", "offset"}
LENGTH_SUFFIXES = ("_width", "_height", "_gap", "_thick", "_thin", "_margin", "_padding", "_length")

_LEN = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-zA-Z]*)\s*$")


def parse_length(value) -> float | None:
    """10pt, 4mm, 1.5cm, 0.5in, 12px, or a bare number (pt) → points."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _LEN.match(value)
        if m:
            unit = m.group(2).lower() or "pt"
            if unit in UNITS:
                return float(m.group(1)) * UNITS[unit]
    return None


def parse_size(value) -> float | None:
    """A 字号 name (五号, 小四 …) or a length → points."""
    if isinstance(value, str) and value.strip() in ZIHAO:
        return float(ZIHAO[value.strip()])
    return parse_length(value)


class _Reader:
    def __init__(self, shown: str, problems: list[Problem]):
        self.shown = shown
        self.problems = problems

    def size(self, data: LDict, key: str, *, length_only: bool = False) -> float | None:
        value = data.get(key)
        got = parse_length(value) if length_only else parse_size(value)
        if got is not None and not length_only and got <= 0:
            self.problems.append(Problem(data.vat(key), f"'{key}: {value}' is no size: type needs "
                                         "more than 0 pt", "e.g. 五号 (10.5pt) for body text, 六号 (7.5pt) "
                                         "at the smallest"))
            return None
        if got is not None and got > 2000:
            self.problems.append(Problem(data.vat(key), f"'{key}: {value}' is larger than any page",
                                         "give the size in pt or mm, e.g. 10.5pt or 4mm"))
            return None
        if got is None or got < 0:
            kinds = "a length (e.g. 4mm, 10pt)" if length_only else "a size: a 字号 name (五号, 小四 …) or a length (10.5pt, 4mm)"
            hint = ""
            if isinstance(value, str) and not length_only:
                best = suggest(value.strip(), list(ZIHAO))
                if best:
                    hint = f" — did you mean '{best}'?"
            self.problems.append(Problem(data.vat(key), f"'{key}: {value}' is not {kinds}{hint}",
                                         "units: pt, mm, cm, in, px; a bare number is pt"))
            return None
        return got


def load_style(root: Path, name: str, warnings: list[Problem] | None = None, *,
               path: Path | None = None, shown: str | None = None) -> Style:
    """styles/NAME.yaml, or the style file at `path` (an issue's pinned style) shown as `shown`."""
    root = Path(root)
    shown = shown or f"styles/{name}.yaml"
    path = Path(path) if path else root / "styles" / f"{name}.yaml"
    problems: list[Problem] = []
    if not path.is_file():
        names = sorted(p.stem for p in (root / "styles").glob("*.yaml"))
        best = suggest(name, names)
        raise BuildError(Problem(Pos(shown), f"style '{name}' not found",
                                 f"did you mean '{best}'?" if best else
                                 ("styles: " + ", ".join(names) if names else "create " + shown)))
    data = read_yaml_mapping(path, shown, problems, shown)
    if data is None:
        raise BuildError(problems)
    r = _Reader(shown, problems)
    v = check(data, STYLE, problems, what=shown)
    if "name" in v and v["name"] != name and warnings is not None:
        warnings.append(Problem(data.vat("name"), f"name: {v['name']} differs from the file name {name}.yaml",
                                f"write name: {name}", severity="warning"))

    fonts = _fonts(v.get("fonts"), root, r)
    colors = _colors(v.get("colors"), r)
    page = _page(v.get("page"), r)
    punct = Punctuation()
    if "punctuation" in v:
        pv = check(v["punctuation"], PUNCT, problems, what="punctuation: in " + shown)
        if not 0 <= pv.get("max_squeeze", 0) <= 0.05:
            problems.append(Problem(v["punctuation"].vat("max_squeeze"),
                                    f"punctuation: max_squeeze is {pv['max_squeeze']} em; it must lie "
                                    f"between 0 and 0.05 em (more shows as crowded characters)",
                                    "write max_squeeze: 0.02 (invisible at body size), or 0 to never close up"))
            pv.pop("max_squeeze")
        punct = Punctuation(**pv)
    text = _text(v.get("text"), fonts, colors, r)
    stood_in = _stand_ins(text, v.get("text"))
    if stood_in is not None and warnings is not None:
        warnings.append(stood_in)
    if page is not None and "body" in text:
        _fits(page, text, data.get("page"), data.get("text"), r)
    free = {k: _free(v[k], k, fonts, colors, r) if k in v else {} for k in ("masthead", "tables", "charts")}
    if "figures" in v:
        free["figures"] = check(v["figures"], FIGURES, problems, what="figures: in " + shown)
        if free["figures"].get("min_ppi", 300) <= 0:
            problems.append(Problem(v["figures"].vat("min_ppi"), "figures: min_ppi must be more than 0",
                                    "print wants 300; 150 is the least for photos"))
    if problems:
        raise BuildError(problems)
    return Style(name=v.get("name", name), page=page, fonts=fonts, colors=colors, text=text,
                 punctuation=punct, **free)


def _fonts(data, root: Path, r: _Reader) -> dict[str, Face]:
    out: dict[str, Face] = {}
    if not isinstance(data, LDict):
        return out
    folder = root / "fonts"
    for key, value in data.items():
        if isinstance(value, str):
            value_map = {"regular": value}
            where = {"regular": data.vat(key)}
        elif isinstance(value, LDict):
            value_map = check(value, FACE, r.problems, what=f"fonts: {key} in {r.shown}")
            where = {k: value.vat(k) for k in value_map}
        else:
            r.problems.append(Problem(data.vat(key), f"font '{key}' should be {{regular: file, bold: file}}"))
            continue
        for k, file in value_map.items():
            if k == "latin":
                if file not in data or file == key:
                    r.problems.append(Problem(where[k], f"fonts: {key}.latin is '{file}', not another "
                                              "family of fonts:", "name one, e.g. latin: song"))
                continue
            if not (folder / file).exists():     # a damaged one is source/fontfiles.py's
                have = sorted(p.name for p in folder.glob("*")) if folder.is_dir() else []
                best = suggest(file, have)
                r.problems.append(Problem(where[k], f"font file {file} (fonts: {key}.{k}) is not in fonts/",
                                          f"did you mean {best}?" if best else "put the font file in fonts/"))
        if "regular" in value_map:
            latin = value_map.get("latin")
            out[str(key)] = Face(value_map["regular"], value_map.get("bold"),
                                 latin if latin in data and latin != key else None)
    return out


def _cmyk(value, pos: Pos, what: str, r: _Reader) -> Color | None:
    if (isinstance(value, list) and len(value) == 4
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 100 for x in value)):
        return Color(*(x / 100 for x in value))
    r.problems.append(Problem(pos, f"{what} should be CMYK percentages [c, m, y, k], each 0–100",
                              "e.g. [0, 100, 100, 10]"))
    return None


def _colors(data, r: _Reader) -> dict[str, Color]:
    out: dict[str, Color] = {}
    if isinstance(data, LDict):
        for key, value in data.items():
            c = _cmyk(value, data.vat(key), f"colour '{key}'", r)
            if c is not None:
                out[str(key)] = c
    return out


def _page(data, r: _Reader) -> Page | None:
    if not isinstance(data, LDict):
        return None
    v = check(data, PAGE, r.problems, what="page: in " + r.shown)
    size = v.get("size")
    width = height = None
    if isinstance(size, str) and size.strip().upper() in PAPER:
        w, h = PAPER[size.strip().upper()]
        width, height = w * UNITS["mm"], h * UNITS["mm"]
    elif isinstance(size, LList) and len(size) == 2:
        width, height = parse_length(size[0]), parse_length(size[1])
        if width is None or height is None:
            r.problems.append(Problem(data.vat("size"), "page size [width, height] needs two lengths",
                                      "e.g. [185mm, 260mm]"))
    elif size is not None:
        best = suggest(str(size).upper(), list(PAPER))
        r.problems.append(Problem(data.vat("size"), f"page size '{size}' is not known"
                                  + (f" — did you mean '{best}'?" if best else ""),
                                  "use A4, A5, B5, 16K, A3 or [width, height]"))
    top = r.size(data, "top", length_only=True) if "top" in v else None
    inside = None
    if "inside" in v and not (isinstance(v["inside"], str) and v["inside"].strip() == "auto"):
        inside = r.size(data, "inside", length_only=True)
    kw = {}
    if "bleed" in v and (bleed := r.size(data, "bleed", length_only=True)) is not None:
        kw["bleed"] = bleed
    for k in ("multiple_of", "pad", "no_head"):
        if k in v:
            kw[k] = v[k]
    for k in ("chars_per_line", "lines_per_page", "multiple_of"):
        if k in v and v[k] < 1:
            r.problems.append(Problem(data.vat(k), f"{k} must be 1 or more"))
    if None in (width, height, top) or "chars_per_line" not in v or "lines_per_page" not in v:
        return None
    return Page(width=width, height=height, chars_per_line=v["chars_per_line"],
                lines_per_page=v["lines_per_page"], top=top, inside=inside, **kw)


def _text(data, fonts, colors, r: _Reader) -> dict[str, TextStyle]:
    out: dict[str, TextStyle] = {}
    if not isinstance(data, LDict):
        return out
    for role, spec in data.items():
        role = str(role)
        if role not in KNOWN_ROLES:
            best = suggest(role, KNOWN_ROLES)
            if best:
                r.problems.append(Problem(data.at(role), f"unknown text role '{role}' — did you mean '{best}'?",
                                          f"rename it to '{best}'"))
                continue
        if not isinstance(spec, LDict):
            r.problems.append(Problem(data.vat(role), f"text role '{role}' should be a mapping",
                                      "e.g. {font: song, size: 五号}"))
            continue
        v = check(spec, TEXT, r.problems, what=f"text: {role} in {r.shown}")
        kw = dict(v)
        for k in ("size", "leading"):
            if k in v:
                kw[k] = r.size(spec, k)
        if "font" in v and fonts and v["font"] not in fonts:
            r.problems.append(Problem(spec.vat("font"), f"font '{v['font']}' is not defined under fonts:",
                                      _choose(v["font"], fonts)))
        if "color" in v and v["color"] not in colors:
            r.problems.append(Problem(spec.vat("color"), f"colour '{v['color']}' is not defined under colors:",
                                      _choose(v["color"], colors)))
        for k in ("space_before", "space_after"):
            if k in v:
                kw[k], rng = _space(spec, k, r)
                if rng is not None:
                    kw[k + "_range"] = rng
        if any(kw.get(k) is None and k in kw for k in ("size",)):
            continue
        out[role] = TextStyle(**kw)
    if "body" not in data:
        r.problems.append(Problem(data.pos, "text: has no 'body' role", "add body: {font: …, size: 五号}"))
    return out


def _stand_ins(out: dict[str, TextStyle], data) -> Problem | None:
    """Set each known role the style does not give as its stand-in (STAND_IN, else body);
    the warning that says so once (the roles left out and what they are set as), or None."""
    if "body" not in out or not isinstance(data, LDict):
        return None
    missing = [role for role in KNOWN_ROLES if role not in out and role not in data]
    said = []
    for role in missing:
        by = role
        while by not in out:
            by = STAND_IN.get(by, "body")
        out[role] = out[by]
        said.append(f"{role} as {by}")
    if not said:
        return None
    return Problem(
            data.pos, f"text: has no role for {len(said)} part(s) of the page; they are set "
            f"like another role: {', '.join(said)}",
            "add them under text: to set them otherwise (the house style as shipped sets every one)", "warning")


def _fits(page: Page, text: dict, pdata, tdata, r: _Reader) -> None:
    """The values must make a page: the text block inside the trim, every
    role's leading at least its size, the grid at least one line."""
    mm = UNITS["mm"]
    body = text["body"]
    pitch = body.leading or body.size * 1.7
    tw, th = page.chars_per_line * body.size, page.lines_per_page * pitch
    at = pdata.vat if isinstance(pdata, LDict) else (lambda k: Pos(r.shown))
    left = page.inside if page.inside is not None else (page.width - tw) / 2
    if tw > page.width - 2 * 5 * mm or left < 5 * mm or left + tw > page.width - 5 * mm:
        most = int((page.width - 2 * 10 * mm) // body.size)
        r.problems.append(Problem(
            at("chars_per_line"), f"chars_per_line: {page.chars_per_line} at the body size "
            f"{body.size:g}pt makes the text block {tw / mm:.0f} mm wide"
            + (f", {left / mm:.0f} mm from the inside edge" if page.inside is not None else "")
            + f"; the page is {page.width / mm:.0f} mm wide, so text would run off the edge",
            f"at {body.size:g}pt at most about {most} characters fit with 10 mm margins "
            f"(the house style has 42)"))
    if page.top < 5 * mm or page.top + th > page.height - 5 * mm:
        most = int((page.height - page.top - 15 * mm) // pitch)
        r.problems.append(Problem(
            at("top") if page.top + 5 * pitch > page.height - 15 * mm or page.top < 5 * mm
            else at("lines_per_page"), f"lines_per_page: {page.lines_per_page} at a pitch of {pitch:g}pt "
            f"from top: {page.top / mm:.0f} mm makes the text block end "
            f"{(page.top + th) / mm:.0f} mm down a page {page.height / mm:.0f} mm high",
            f"at most about {max(most, 1)} lines fit above a 15 mm foot margin; or lower top:"))
    if tw < 60 * mm and page.chars_per_line >= 20:
        r.problems.append(Problem(at("chars_per_line"), f"the text block is only {tw / mm:.0f} mm wide "
                                  f"({page.chars_per_line} characters of {body.size:g}pt)",
                                  "the masthead, the 报尾 and tables need at least 60 mm: more characters "
                                  "per line, or a larger body size"))
    for k, least, why in (("chars_per_line", 20, "the masthead, the 报尾 and tables need that width"),
                          ("lines_per_page", 20, "the masthead, a figure or a table need that height")):
        if 1 <= getattr(page, k) < least:
            r.problems.append(Problem(at(k), f"{k}: {getattr(page, k)} is too few for a bulletin page",
                                      f"at least {least}: {why}"))
    if page.bleed < 3 * mm - 0.01:
        r.problems.append(Problem(at("bleed"), f"bleed: {page.bleed / mm:.1f} mm is less than the 3 mm "
                                  "a print shop needs (the print preflight refuses it)", "bleed: 3mm"))
    if page.multiple_of % 4:
        r.problems.append(Problem(at("multiple_of"), f"multiple_of: {page.multiple_of} would make a page "
                                  "count a saddle-stitched booklet cannot have",
                                  "a multiple of 4: 4, 8 or 16"))
    if page.bleed > 20 * mm:
        r.problems.append(Problem(at("bleed"), f"bleed: {page.bleed / mm:.0f} mm is far more than "
                                  "a print shop asks", "the bleed is 3 mm"))
    for role, ts in text.items():
        where = tdata[role].vat if isinstance(tdata, LDict) and isinstance(tdata.get(role), LDict) \
            else (lambda k: Pos(r.shown))
        if 0 < ts.size < 5:
            r.problems.append(Problem(where("size"), f"text role {role}: {ts.size:g}pt type cannot be "
                                      "read in print", "5pt (八号) is the smallest; body text is 10.5pt (五号)"))
        if ts.leading is not None and ts.leading < ts.size:
            r.problems.append(Problem(where("leading"), f"text role {role}: leading {ts.leading:g}pt is "
                                      f"less than its size {ts.size:g}pt, so its lines would overlap",
                                      f"a leading of about {ts.size * 1.5:g}pt (1.5 × the size)"))
        if ts.size > 0 and ts.size * 2 > page.chars_per_line * body.size and role not in ("title",):
            r.problems.append(Problem(where("size"), f"text role {role}: size {ts.size:g}pt does not "
                                      "leave two characters on a line of the text block",
                                      "make it smaller"))
        if not -0.5 <= ts.tracking <= 2:
            r.problems.append(Problem(where("tracking"), f"text role {role}: tracking {ts.tracking:g} em "
                                      "is out of range", "tracking is in em, between -0.5 and 2"))
        if not 0 <= ts.indent <= page.chars_per_line / 2:
            r.problems.append(Problem(where("indent"), f"text role {role}: indent {ts.indent:g} em "
                                      "is out of range", "the usual first-line indent is 2 (em)"))
        for k in ("space_before", "space_after"):
            if not 0 <= getattr(ts, k) <= page.lines_per_page / 2:
                r.problems.append(Problem(where(k), f"text role {role}: {k} {getattr(ts, k):g} is out of "
                                          "range", "it counts body line pitches: 0 to a few"))


def _space(spec, key: str, r: _Reader):
    """space_before / space_after: a number of body lines, or [min, ideal, max]."""
    value = spec.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value), None
    if (isinstance(value, list) and len(value) == 3
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)
            and 0 <= value[0] <= value[1] <= value[2]):
        lo, mid, hi = (float(x) for x in value)
        return mid, (lo, mid, hi)
    r.problems.append(Problem(spec.vat(key), f"'{key}: {value}' is not a number of lines or "
                              "[min, ideal, max]", "e.g. 1, or [1, 1, 2] (min ≤ ideal ≤ max)"))
    return 0.0, None


def _choose(word, known) -> str:
    best = suggest(word, known)
    return f"did you mean '{best}'?" if best else "known: " + ", ".join(known)


def _is_size(key: str) -> bool:
    return key in SIZE_KEYS or key.endswith("_size")


def _is_length(key: str) -> bool:
    return key in LENGTH_KEYS or key.endswith(LENGTH_SUFFIXES)


def _free(data, section: str, fonts, colors, r: _Reader):
    if isinstance(data, LDict):
        out = {}
        for key, value in data.items():
            k = str(key)
            if isinstance(value, (LDict, LList)) and k != "colors":
                out[k] = _free(value, section, fonts, colors, r)
            elif _is_size(k) or _is_length(k):
                out[k] = r.size(data, key, length_only=_is_length(k) and not _is_size(k))
            elif k == "font":
                if fonts and value not in fonts:
                    r.problems.append(Problem(data.vat(key), f"font '{value}' is not defined under fonts:",
                                              _choose(value, fonts)))
                out[k] = value
            elif k == "color":
                if value not in colors:
                    r.problems.append(Problem(data.vat(key), f"colour '{value}' is not defined under colors:",
                                              _choose(value, colors)))
                out[k] = value
            elif k == "colors":
                cols = []
                if isinstance(value, LList):
                    for i, c in enumerate(value):
                        cc = _cmyk(c, value.at(i), f"{section}: colors item {i + 1}", r)
                        if cc is not None:
                            cols.append(cc)
                else:
                    r.problems.append(Problem(data.vat(key), "colors should be a list of CMYK lists"))
                out[k] = cols
            else:
                out[k] = value
        return out
    if isinstance(data, LList):
        return [_free(x, section, fonts, colors, r) for x in data]
    return data
