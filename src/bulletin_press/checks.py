"""The editor's checks that `bulletin-press check` adds to what a build checks.

    run_checks(root, key) -> Report      # everything: load + lint + characters + images + tables
    fix_article(path) -> (old, new)      # safe fixes for one article file, written atomically
    character_errors(root, key) -> [Problem]   # invisible characters (also run before a build)

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
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .errors import BuildError, Problem
from .model import Pos
from .source.textfile import decode
from .source.yamltext import fix_spans, line_at, lint_spans, markdown_yaml_spans, yaml_spans

# ---------------------------------------------------------------- characters

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


# ---------------------------------------------------------------- sources

@dataclass
class Source:
    path: Path
    shown: str
    text: str | None           # None when it cannot be read as UTF-8 (load reports why)
    first_line: int = 1
    col_offset: int = 0
    kind: str = "article"      # article | note | yaml


def _read(path: Path, shown: str) -> str | None:
    try:
        return decode(path.read_bytes(), shown)
    except (BuildError, OSError):
        return None


def sources(root: Path, key: str) -> list[Source]:
    """The article files issue.yaml lists (or, if it cannot be read, every .md in
    the folder), the note body, and the YAML files."""
    from .source.publication import read_yaml_mapping
    from .source.yamlfile import LDict, LList

    folder = root / "issues" / key
    out: list[Source] = []
    shown_issue = f"issues/{key}/issue.yaml"
    scratch: list[Problem] = []
    data = read_yaml_mapping(folder / "issue.yaml", shown_issue, scratch, shown_issue)
    names: list[str] = []
    if isinstance(data, LDict) and isinstance(data.get("articles"), LList):
        names = [n.strip() for n in data["articles"] if isinstance(n, str)]
    elif folder.is_dir():
        names = sorted(p.name for p in folder.glob("*.md"))
    seen = set()
    for name in names:
        path = (folder / name)
        try:
            path.resolve().relative_to(folder.resolve())
        except ValueError:
            continue
        if path.resolve() in seen or not path.is_file() or path.suffix.lower() != ".md":
            continue
        seen.add(path.resolve())
        shown = f"issues/{key}/{name}"
        out.append(Source(path, shown, _read(path, shown)))
    # The note: a YAML block scalar, linted in place (line and column in issue.yaml).
    if isinstance(data, LDict) and isinstance(data.get("note"), LDict):
        note = data["note"]
        body = note.get("body")
        if isinstance(body, str) and body.strip():
            vpos = note.vat("body")
            block = note.style.get("body") in ("|", ">")
            first = vpos.line + 1 if block else vpos.line
            col = 0
            raw = _read(folder / "issue.yaml", shown_issue) or ""
            lines = raw.split("\n")
            if block and first - 1 < len(lines):
                ln = lines[first - 1]
                col = len(ln) - len(ln.lstrip(" "))
            elif not block:
                col = (vpos.col or 1) - 1
            out.append(Source(folder / "issue.yaml", shown_issue, body, first, col, "note"))
    for path, shown in ((folder / "issue.yaml", shown_issue),
                        (root / "issues" / "publication.yaml", "issues/publication.yaml")):
        if path.is_file():
            out.append(Source(path, shown, _read(path, shown), kind="yaml"))
    return out


def character_errors(root: Path, key: str) -> list[Problem]:
    """Only the errors of `character_problems` over every source (for build)."""
    out = []
    for s in sources(root, key):
        if s.text is None or s.kind == "note":
            continue
        out += [p for p in character_problems(s.text, s.shown, fixable=s.kind == "article")
                if p.severity == "error"]
    return out


# ---------------------------------------------------------------- model checks

def _blocks(blocks):
    for b in blocks:
        yield b
        if isinstance(b, m.ListBlock):
            for item in b.items:
                yield from _blocks(item)
        elif isinstance(b, m.Quote):
            yield from _blocks(b.blocks)


def model_problems(issue, style) -> list[Problem]:
    """What the figure and table builders would refuse or warn about, found
    without typesetting: images too large to place or of too low a resolution,
    tables too wide for the page."""
    from PIL import Image

    from .typeset import figure as fig_mod
    out: list[Problem] = []
    blocks = []
    if issue.note:
        blocks += list(_blocks(issue.note.blocks))
    for a in issue.articles:
        blocks += list(_blocks(a.blocks))
    from .typeset.cellbox import length
    min_size = length(style.tables.get("min_size"), 7.5)
    for b in blocks:
        if isinstance(b, m.Figure):
            path = Path(b.path)
            name = f"{path.parent.name}/{path.name}"
            size = path.stat().st_size if path.is_file() else 0
            if size > fig_mod.MAX_BYTES:
                out.append(Problem(b.pos, f"{name} is {size / 2**20:.0f} MB; images up to "
                                          f"{fig_mod.MAX_BYTES // 2**20} MB are accepted",
                                   "save it at the printed size and 300 dpi (a few MB is plenty)"))
                continue
            old = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = None    # read the header only; we judge the size ourselves
            try:
                with Image.open(path) as im:
                    w, h = im.size
            except Exception as exc:
                out.append(fig_mod.unreadable(b, exc))
                continue
            finally:
                Image.MAX_IMAGE_PIXELS = old
            if w * h > fig_mod.MAX_PIXELS:
                out.append(Problem(b.pos, f"{name} is {w}×{h} pixels ({w * h / 1e6:.0f} megapixels); images up to "
                                          f"{fig_mod.MAX_PIXELS // 1_000_000} megapixels are accepted",
                                   "scale it down to the printed size at 300 dpi "
                                   "(the full text width is about 1750 pixels)"))
                continue
            pw, _ph = fig_mod.printed_size(w, h, style.text_width,
                                           fig_mod.MAX_HEIGHT * style.text_height, b.width)
            low = fig_mod.resolution_problem(b, w, h, pw, style.text_width, style)
            if low is not None:
                out.append(low)
        elif isinstance(b, m.Table):
            ncols = max((sum(max(1, int(c.cols or 1)) for c in row) for row in [*b.header, *b.rows]),
                        default=0)
            per_col = min_size * 1.44          # one character at the smallest size, tight padding
            fit = int(style.text_width // per_col)
            if ncols > fit:
                out.append(Problem(b.pos, f"the table has {ncols} columns; at most {fit} fit across the "
                                          f"text width even at the smallest table size ({min_size:g} pt)",
                                   "split the table, drop columns, or turn it round (rows for columns)"))
    return out


# ---------------------------------------------------------------- the whole check

@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    loaded: bool = False


def _sort_key(p: Problem):
    pos = p.pos or Pos("")
    return (pos.file, pos.line or 0, pos.col or 0)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def run_checks(root: Path, key: str) -> Report:
    """Everything `build` would complain about, plus the lint; nothing is written."""
    from .pipeline import load

    rep = Report()
    warnings: list[Problem] = []
    try:
        issue, style, _fonts = load(root, key, warnings)
        rep.loaded = True
    except BuildError as e:
        rep.errors += [p for p in e.problems if p.severity == "error"]
        warnings += [p for p in e.problems if p.severity != "error"]
        issue = style = None
    rep.warnings += warnings
    folder = root / "issues" / key
    if folder.is_dir():
        for s in sources(root, key):
            if s.text is None:
                continue
            probs = character_problems(s.text, s.shown, first_line=s.first_line, col_offset=s.col_offset,
                                       fixable=s.kind == "article")
            if s.kind == "note":
                probs = []       # issue.yaml as a whole is scanned as kind "yaml"
            if s.kind == "article":       # its front matter and ```table/```chart YAML
                probs += lint_spans(s.text, markdown_yaml_spans(s.text), s.shown)
            elif s.kind == "yaml":          # titles, theme, captions … in issue.yaml
                probs += lint_spans(s.text, yaml_spans(s.text), s.shown)
            if s.kind in ("article", "note"):
                from .source.lint import lint_text   # only `check` lints: a build need not load it
                lint = lint_text(s.text, s.shown, first_line=s.first_line)
                if s.col_offset:
                    lint = [Problem(Pos(p.pos.file, p.pos.line, (p.pos.col or 0) + s.col_offset)
                                    if p.pos else None, p.what, p.fix, p.severity) for p in lint]
                probs += lint
            rep.errors += [p for p in probs if p.severity == "error"]
            rep.warnings += [p for p in probs if p.severity != "error"]
    if issue is not None:
        more = model_problems(issue, style)
        rep.errors += [p for p in more if p.severity == "error"]
        rep.warnings += [p for p in more if p.severity != "error"]
    # The font check also reports invisible characters (no glyph); ours says more, with a column.
    files = {p.pos.file for p in rep.errors if p.pos and "[invisible-char]" in p.what}
    rep.errors = [p for p in rep.errors
                  if not (p.pos and p.pos.file in files and only_invisible(p.what))]
    rep.errors = sorted(_dedupe(rep.errors), key=_sort_key)
    rep.warnings = sorted(_dedupe(rep.warnings), key=_sort_key)
    return rep


def only_invisible(what: str) -> bool:
    """A font-coverage error that lists only invisible characters."""
    if not what.startswith("no configured font can draw"):
        return False
    codes = re.findall(r"U\+([0-9A-F]{4,6})", what.split("(face")[0])
    return bool(codes) and all(chr(int(c, 16)) in INVISIBLE for c in codes)


# ---------------------------------------------------------------- fixing

def fix_text(text: str) -> str:
    """`text` with every safe fix applied: invisible characters and apostrophes,
    then the lint's safe fixes (source.fix.fix_text)."""
    from .source.fix import fix_text as lint_fix
    from .source.tabtable import tabs_to_tables
    return lint_fix(tabs_to_tables(strip_characters(text)))


def fix_yaml_text(text: str, markdown: bool) -> str:
    """The safe fixes inside YAML values (an article's front matter and fenced
    YAML, or a whole issue.yaml); nothing changes unless the YAML still reads
    the same way afterwards."""
    import yaml
    spans_of = markdown_yaml_spans if markdown else yaml_spans
    spans = spans_of(text)
    new = fix_spans(text, spans)
    if new == text:
        return text
    if len(spans_of(new)) != len(spans):
        return text
    if not markdown:
        try:
            yaml.safe_load(new)
        except yaml.YAMLError:
            return text
    return new


def fix_article(path: Path) -> tuple[str, str]:
    """Apply every safe fix to one article file (see fix_text).  Returns
    (old, new) text; the file is rewritten atomically (same folder, renamed
    into place), keeping its BOM and line endings, and only when something
    changed.  A file that is not UTF-8 is left alone."""
    from .output.write import write_atomic

    path = Path(path)
    raw = path.read_bytes()
    try:
        old = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", ""
    bom = raw.startswith(b"\xef\xbb\xbf")
    crlf = "\r\n" in old
    work = old.replace("\r\n", "\n") if crlf else old
    new = fix_yaml_text(work, path.suffix.lower() == ".md")
    if path.suffix.lower() == ".md":
        new = fix_text(new)
    if crlf:
        new = new.replace("\n", "\r\n")
    if new == old:
        return old, new
    mode = path.stat().st_mode & 0o7777
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8"))
    try:
        path.chmod(mode)
    except OSError:
        pass
    return old, new
