"""The lint: the editor's checks that `check` and `build` run beside the pipeline
(job.py puts the two together; neither this module nor pipeline.py imports the other).

    run_checks(root, key, issue=None, style=None) -> Report   # the lint: characters, punctuation,
                                         # usage, YAML values; images and tables given the loaded issue
    fix_article(path) -> (old, new)      # safe fixes for one article file, written atomically

Invisible and control characters (errors) and curly quotes in Latin text are
source/characters.py's; the files read are source/sources.py's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .errors import Problem
from .model import Pos
from .source.characters import character_problems, only_invisible, strip_characters
from .source.sources import sources
from .source.yamltext import fix_spans, lint_spans, markdown_yaml_spans, yaml_spans

# ---------------------------------------------------------------- model checks

def model_problems(issue, style) -> list[Problem]:
    """What the figure and table builders would refuse or warn about, found
    without typesetting: images too large to place or of too low a resolution,
    tables too wide for the page."""
    out: list[Problem] = []
    blocks = list(m.issue_blocks(issue))
    if any(isinstance(b, m.Figure) for b in blocks):   # PIL and the figure stage only when needed
        from PIL import Image

        from .typeset import figure as fig_mod
    if any(isinstance(b, m.Table) for b in blocks):      # the table stage (reportlab) only then
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
    """The lint's errors and warnings."""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


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


def run_checks(root: Path, key: str, issue=None, style=None) -> Report:
    """The lint: characters, punctuation and usage in every text an editor wrote
    (Markdown and YAML values), and — given the loaded `issue` and `style` —
    what the figure and table builders would refuse.  Nothing is built or
    written; job.py runs this beside the pipeline for both `check` and `build`."""
    rep = Report()
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
                from .source.lint import lint_text
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
    rep.errors = sorted(_dedupe(rep.errors), key=_sort_key)
    rep.warnings = sorted(_dedupe(rep.warnings), key=_sort_key)
    return rep


def without_repeats(errors: list[Problem]) -> list[Problem]:
    """Drop the font check's errors that only list invisible characters in a file
    the character check reported (it says more, with a column)."""
    files = {p.pos.file for p in errors if p.pos and "[invisible-char]" in p.what}
    return [p for p in errors if not (p.pos and p.pos.file in files and only_invisible(p.what))]


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
