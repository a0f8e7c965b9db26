"""The pipeline the CLI drives: source → model → typeset → render → output.

One pipeline for `build` and `check`; only the last step differs:

    load(root, key, warnings, warm)    → issue, style, fonts     (source; fonts checked; a locked
                                                                  issue's pinned style) — in two
                                                                  halves, source/read.py read_issue
                                                                  and load_fonts, which job.py runs
                                                                  in two processes
    make(issue, style, fonts, key, …)  → Made                    (typeset/plan → render the
                                                                  variants → finish print → impose
                                                                  → archive copy)
    write(made, out_dir, key)          → written, removed        (all files or none; older
                                                                  siblings removed)
    build(root, key, out_dir, write=…) → BuildResult             (the three, digest first)

`check` runs it with write=False (job.py adds the lint for both commands).
Every PDF records the digest of its sources (source/digest.py, in the Info
dictionary) so commands that use an existing PDF can tell a stale one.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .aside import Aside
from .errors import BuildError, Problem, SetupError
from .model import Pos
from .output.write import write_all
from .render.info import SOURCES_KEY
from .render.pdf import render_plan
from .source.characters import raise_with
from .source.digest import sources_digest
from .source.fontfiles import font_file_problems
from .typeset import linelock
from .typeset.coverage import check_coverage
from .typeset.fonts import FontSet
from .typeset.pages import PageCountError, make_plan

VARIANTS = ("screen", "print")
IMPOSED = "imposed"   # printer spreads, made from the print PDF
OUTPUTS = (*VARIANTS, IMPOSED)


@dataclass
class Made:
    """What a build makes before anything is written."""
    pdfs: dict[str, bytes]              # variant (screen, print, imposed) → the file's bytes
    pages: int
    blank_pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    digest: str | None = None
    article_pages: dict[int, int] = field(default_factory=dict)   # article index -> first page
    drawn: list = field(default_factory=list)   # typeset.linelock.Drawn: the lines as printed
    page_breaks: dict = field(default_factory=dict)   # page -> (article, block, line), from the engine
    written: list[Path] = field(default_factory=list)  # written already (write_each)


@dataclass
class BuildResult:
    """What a build wrote: the files, the pages, the warnings, the time it took."""
    key: str
    pages: int
    outputs: list[Path]
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    blank_pages: int = 0
    removed: list[Path] = field(default_factory=list)   # older siblings taken away
    article_pages: dict[int, int] = field(default_factory=dict)   # article index -> first page
    drawn: list = field(default_factory=list)   # typeset.linelock.Drawn: the lines as printed
    page_breaks: dict = field(default_factory=dict)   # page -> (article, block, line), from the engine

    @classmethod
    def of(cls, key: str, made: "Made", outputs, warnings, seconds: float, removed=()):
        return cls(key, made.pages, list(outputs), warnings, seconds, made.blank_pages, list(removed),
                   dict(made.article_pages), list(made.drawn), dict(made.page_breaks))


def output_path(out_dir: Path, key: str, variant: str) -> Path:
    return Path(out_dir) / f"{key}-{variant}.pdf"


# ---------------------------------------------------------------- load

def load(root: Path, key: str, warnings: list[Problem], warm=None):
    """Read and check everything a build needs; raise BuildError with all problems
    (SetupError when the fonts/ folder or a font file is missing or damaged)."""
    from .source.read import read_issue
    fonts_folder(root)
    issue, style, invisible = read_issue(root, key, warnings)
    return issue, style, load_fonts(root, issue, style, invisible, warnings, warm)


def fonts_folder(root: Path) -> Path:
    """The project's fonts/ folder (SetupError when it is missing)."""
    fonts_dir = Path(root) / "fonts"
    if not fonts_dir.is_dir():
        raise SetupError(Problem(Pos("fonts/"), "the fonts/ folder is missing"
                                 + (" (it is a file)" if fonts_dir.exists() else ""),
                                 "the fonts come with bulletin-press's project folder: restore fonts/ "
                                 "(e.g. `git checkout -- fonts`), or give --root the folder that has it"))
    return fonts_dir


def load_fonts(root: Path, issue, style, invisible, warnings: list[Problem], warm=None) -> FontSet:
    """The second half of load, after source/read.py: the style's fonts, checked
    against every character the issue sets; then the invisible characters'
    errors read_issue found are raised, with the font check's."""
    fonts_dir = Path(root) / "fonts"
    try:
        found = font_file_problems(style, fonts_dir)
        warnings.extend(p for p in found if p.severity != "error")
        if any(p.severity == "error" for p in found):
            raise SetupError([p for p in found if p.severity == "error"])
        fonts = warm.fonts(style, fonts_dir) if warm else FontSet(style, fonts_dir)
        with font_errors():
            check_coverage(issue, style, fonts)
    except SetupError:
        raise
    except BuildError as e:
        raise_with(invisible, e)
    if invisible:
        raise BuildError(invisible)
    return fonts


@contextlib.contextmanager
def font_errors():
    """A font file reportlab cannot read (damaged past what fontfiles.py sees) is
    the machine's problem, not a bug: SetupError naming the file."""
    from reportlab.pdfbase.ttfonts import TTFError
    try:
        yield
    except TTFError as e:
        raise SetupError(Problem(Pos("fonts/"), f"a font file cannot be read: {e}",
                                 "restore fonts/ from the project (e.g. `git checkout -- fonts`)")) from None


@contextlib.contextmanager
def layout_errors():
    """reportlab's 'too large' (a block taller than any page) is a fact about the
    sources, not a bug: a BuildError saying what it measures and what to do."""
    import re
    import sys
    try:
        yield
    except Exception as e:
        # only the year index still flows through platypus: import nothing to catch it
        dt = sys.modules.get("reportlab.platypus.doctemplate")
        if dt is None or not isinstance(e, dt.LayoutError):
            raise
        text = str(e)
        m = re.search(r"<(\w+) at .*?\(([\d.]+) x ([\d.]+)\) too large on page (\d+)", text, re.S)
        frame = re.search(r"frame '\w+'\(([\d.]+) x ([\d.]+)\*?\)", text)
        kind = {"CJKParagraph": "a paragraph", "TableBlock": "a table row"}.get(
            m.group(1), "a block (a table, a figure or a paragraph)") if m else "a block"
        what = (f"{kind} on page {m.group(4)} is {float(m.group(3)):.0f} pt tall"
                + (f" and {float(m.group(2)):.0f} pt wide; the page holds "
                   f"{float(frame.group(1)):.0f} × {float(frame.group(2)):.0f} pt" if frame else "")
                if m else f"something is too large for the page ({text[:120]})")
        raise BuildError(Problem(_source_of(e), what + ": it cannot be set on any page",
                                 "split it: a long paragraph into several, a table into two, "
                                 "or print a figure smaller")) from None


def _source_of(exc: BaseException) -> Pos | None:
    """The source position of the flowable reportlab was placing when it gave up
    (a local of its frames: the flowables carry `source`, a Pos)."""
    tb = exc.__traceback__
    found = None
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            for pos in (getattr(value, "source", None),
                        getattr(getattr(getattr(value, "b", None), "table", None), "pos", None)):
                if isinstance(pos, Pos):
                    found = pos
        tb = tb.tb_next
    return found


# ---------------------------------------------------------------- make

def checks_aside(issue, style, key: str, variants=VARIANTS, write_each=None) -> Aside:
    """The child that checks the print PDF aside (a forked process, where a core is
    idle), when make's caller brings none (job.py makes its own, which reads and
    lints the sources first): it imports what the check needs while the pages
    are laid out and checks the print PDF it is sent (`aside.result()`).  Watch
    (write_each) puts the screen PDF out first and checks in turn."""
    def check(data: bytes) -> bytes:
        return finish_print(data, issue, key, style)   # looked up when called (tests replace it)
    return Aside(print_checks_ready, check, enabled="print" in variants and write_each is None,
                 spare=True)


def make(issue, style, fonts, key: str, *, variants=VARIANTS, impose: bool = False,
         archive: bool = False, digest: str | None = None, root: Path | None = None,
         write_each: Path | None = None, progress=None, aside: Aside | None = None,
         pictures=None) -> Made:
    """Lay the issue out once, render each variant, check the print PDF, impose,
    make the archive copy.  Nothing is written here, except with `write_each`
    (an output folder: watch), where each variant is written as soon as it is
    made, the screen PDF first.

    The print PDF is preflighted before it is handed on: a file the print shop
    would reject stops the build instead.  A locked issue (print.lock, under
    `root`) keeps its printed line and page breaks where its text is unchanged.

    The print PDF is checked aside (checks_aside) as the screen PDF is drawn;
    `aside` is one the caller made (job.py, which has it lint first), else
    one is made here and ended on the way out; `pictures()`, when given, gives
    the photos' print encodings made aside (typeset/figure.py print_encodings)."""
    mine = checks_aside(issue, style, key, variants, write_each) if aside is None else None
    with mine or contextlib.nullcontext(aside) as aside, \
            linelock.using(linelock.LineBook()) as book, layout_errors():
        return _make(issue, style, fonts, key, variants, impose, archive, digest, root, write_each,
                     progress, book, aside, pictures)


def print_checks_ready() -> None:
    """Import what finish_print uses (in the child, while the pages are laid out)."""
    import pikepdf  # noqa: F401

    from .output import pdfx, preflight  # noqa: F401
    from .typeset import figure  # noqa: F401


def _make(issue, style, fonts, key, variants, impose, archive, digest, root, write_each, progress,
          book, aside, pictures) -> Made:
    say = progress or (lambda msg: None)
    info = {SOURCES_KEY: digest} if digest else None
    warnings: list[Problem] = []
    forced = None                         # a locked issue's printed page starts
    if root is not None:
        from .source.honour import lock_lines, pages_to_keep
        book.locked = lock_lines(root, issue, style, warnings)
        forced = pages_to_keep(root, issue) or None
    say("laying out the pages")
    with font_errors():
        try:
            plan = make_plan(issue, style, fonts, forced=forced)
        except PageCountError as e:
            if "print" in variants or impose or archive:
                raise
            # a draft on screen: proofs at its natural length; print still refuses it
            plan = make_plan(issue, style, fonts, pad=False, forced=forced)
            warnings += [replace(p, severity="warning", what=p.what + "; this screen PDF is a "
                                 f"proof of {len(plan.pages)} page(s), the print PDF is refused until it fits")
                         for p in e.problems]
    linelock.record_plan(book, plan)      # what is printed where, for the lock file
    if "print" in variants:               # the photos' CMYK now, their pixels let go before drawing
        plan.encode_print(pictures() if pictures is not None else None)
    for line in plan.summary:
        say(line)
    results = {}
    written: list[Path] = []
    # with the check aside, the print PDF is drawn first and checked while the screen PDF is drawn
    order = sorted(variants, key=lambda v: v != "print") if aside.pid is not None else variants
    for variant in order:
        say(f"setting the {variant} PDF")
        with font_errors():
            data = render_plan(plan, variant=variant, info=info).pdf
        if variant == "print":
            say("making it PDF/X and preflighting it")
            aside.send(data)
            if aside.pid is None:          # no child: checked here and now
                data = aside.result()
        results[variant] = data
        if write_each is not None:
            written += write_all({output_path(write_each, key, variant): data})
    if aside.pid is not None and "print" in results:   # the child's verdict on the print PDF
        results["print"] = aside.result()
    results = {v: results[v] for v in variants if v in results}
    if impose and "print" in results:
        from .output.impose import impose as make_spreads
        say("imposing printer spreads")
        results[IMPOSED] = make_spreads(results["print"])
    if archive:
        from .output.pdfa import Attachment, archive_pdf, check_pdfa
        from .source.issuefiles import attachments
        say("making the PDF/A-3 archive copy")
        screen = results.get("screen") or render_plan(plan).pdf
        data = archive_pdf(screen, [Attachment(*a) for a in attachments(root, issue)], issue.date)
        _refuse(check_pdfa(data), key, "archive", "PDF/A-3u")
        results["archive"] = data
    if book.missed:
        from .source.honour import missed_warnings
        warnings.extend(missed_warnings(key, book.missed))
    # the page counts and warnings are the plan's: every variant draws that one plan
    return Made(results, len(plan.pages), plan.blank_pages,
                warnings + [w for w in plan.warnings if w not in warnings], digest,
                dict(plan.article_pages), list(book.drawn), dict(book.page_breaks), written)


def _refuse(found: list[str], key: str, variant: str, standard: str) -> None:
    if found:
        raise BuildError([Problem(Pos(f"build/{key}-{variant}.pdf"), f"not {standard}: {what}",
                                  "this is a bug in bulletin-press: the PDF it made fails its own "
                                  "checks; please report it") for what in found])


def finish_print(data: bytes, issue, key: str, style=None) -> bytes:
    """Check the print PDF (written as PDF/X-1a by the render stage) against the
    standard and the print shop's preflight; a file that fails is not handed on.

    The page contents are scanned once, for both checks."""
    import io

    import pikepdf

    from .output.pdfx import check_pdfx
    from .output.preflight import preflight, scan_document
    from .render.pdfx import STANDARD

    pdf = pikepdf.open(io.BytesIO(data))
    scan = scan_document(pdf)
    found = [f"not {STANDARD}: {p}" for p in check_pdfx(pdf, STANDARD, allow_links=False, scan=scan)]
    from .typeset.figure import figure_policy
    min_ppi, low = figure_policy(style) if style is not None else (300.0, "warning")
    # low resolution is the figure stage's finding (file, line, ppi, what to do)
    report = preflight(pdf, require_print=True, scan=scan, print_ppi=min_ppi,
                       low_resolution="error" if low == "error" else "warning")
    found += [f"preflight: {f.message}" for f in report.errors]
    if found:
        raise BuildError([Problem(Pos(f"build/{key}-print.pdf"), what,
                                  "this is a bug in bulletin-press: the print PDF it made fails "
                                  "its own checks; please report it") for what in found])
    return data


# ---------------------------------------------------------------- write

def write(made: Made, out_dir: Path, key: str) -> tuple[list[Path], list[Path]]:
    """Write every file `made` holds, or none (output/write.py); then remove the
    other outputs of the issue in out_dir that were made from other sources
    (an old print PDF beside a new screen PDF).  Returns (written, removed)."""
    from .output.freshness import stale_outputs

    files = {output_path(out_dir, key, v): data for v, data in made.pdfs.items()}
    files = {p: d for p, d in files.items() if p not in made.written}
    written = list(made.written) + (write_all(files) if files else [])
    removed = []
    if made.digest:
        others = [output_path(out_dir, key, v) for v in OUTPUTS if v not in made.pdfs]
        for p in stale_outputs(others, made.digest):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return written, removed


def check_writable(out_dir: Path, key: str, variants, root: Path | None = None) -> None:
    """Fail early (before laying out) when the output folder cannot take the files,
    or lies among the sources (its PDFs would change the sources they record)."""
    import os

    from .errors import os_problem
    out_dir = Path(out_dir)
    if root is not None:
        real = out_dir.resolve()
        for src in ("issues", "styles", "fonts"):
            base = (Path(root) / src).resolve()
            if real == base or base in real.parents:
                raise SetupError(Problem(Pos(str(out_dir)), f"the output folder {out_dir} is inside "
                                         f"{src}/, among the sources",
                                         "write the PDFs outside issues/, styles/ and fonts/ "
                                         "(the default is build/)"))
    probe = out_dir
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise SetupError(Problem(Pos(str(probe)), f"cannot write into {out_dir}: {probe} is a file, "
                                 "not a folder", "move the file away, or choose another folder with -o DIR"))
    if not os.access(probe, os.W_OK | os.X_OK):
        import errno
        code = errno.EROFS if _read_only(probe) else errno.EACCES
        raise SetupError(os_problem(out_dir / f"{key}-{variants[0]}.pdf",
                                    OSError(code, os.strerror(code)), "write"))
    for v in variants:
        target = output_path(out_dir, key, v)
        if target.is_dir():
            raise SetupError(Problem(Pos(str(target)), f"cannot write {target}: there is a folder "
                                     "of that name", f"move or delete the folder {target}, then run it again"))


def _read_only(folder: Path) -> bool:
    import os
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


# ---------------------------------------------------------------- all of it

def build(root: Path, key: str, out_dir: Path | None = None, *, variants=VARIANTS,
          impose: bool = False, progress=None, warm=None, write_each: bool = False,
          archive: bool = False, write_files: bool = True) -> BuildResult:
    """Build the issue's PDFs into out_dir (nothing is written unless every
    variant succeeds; with write_files=False nothing is written at all).

    `warm` (a warm.Warm) keeps faces and paragraph layouts from one build to the
    next.  `write_each` (watch) writes each PDF as soon as it is made, the screen
    PDF first; a variant that fails keeps its last good file.  `archive` adds the
    PDF/A-3 copy that carries its sources."""
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    warnings: list[Problem] = []
    digest = sources_digest(root, key, out_dir)
    if write_files:
        check_writable(out_dir, key, variants, root)
    say(f"reading issues/{key}")
    issue, style, fonts = load(root, key, warnings, warm)
    made = make(issue, style, fonts, key, variants=variants, impose=impose, archive=archive,
                digest=digest, root=root, write_each=out_dir if write_files and write_each else None,
                progress=progress)
    warnings += [w for w in made.warnings if w not in warnings]
    outputs, removed = write(made, out_dir, key) if write_files else ([], [])
    return BuildResult.of(key, made, outputs, warnings, time.perf_counter() - t0, removed)


@dataclass
class WebResult:
    """What a web build wrote, and how much of each article's text its pages hold."""
    key: str
    outputs: list[Path]          # the two folders
    files: int
    fidelity: dict[str, float]   # "web/01-x.html" -> share of the article's text found
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def web_paths(out_dir: Path, key: str) -> tuple[Path, Path]:
    return out_dir / f"{key}-web", out_dir / f"{key}-wechat"


def build_web(root: Path, key: str, out_dir: Path, progress=None) -> WebResult:
    """The screen editions: build/KEY-web/ (a static site) and build/KEY-wechat/
    (fragments for WeChat's editor), from the model the PDFs are made from.
    Both folders are made and checked before either replaces the last good one."""
    from .output.web import make_web
    from .output.wechat import make_wechat
    from .output.write import write_tree_atomic
    from .render.html import TITLE_MAX, local_links
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    warnings: list[Problem] = []
    say(f"reading issues/{key}")
    issue, style, fonts = load(root, key, warnings)
    for a in issue.articles:
        if len(a.title) > TITLE_MAX:
            warnings.append(Problem(a.pos, f"the title has {len(a.title)} characters; WeChat takes "
                                    f"{TITLE_MAX}, so meta.json shortens it with …",
                                    f"shorten the title to {TITLE_MAX} characters",
                                    severity="warning"))
        for pos, link in local_links(a):
            warnings.append(Problem(pos, f"the link “{link}” is no web address: the web edition "
                                    "shows its text only (WeChat lists it as a note)",
                                    "link to an https:// address, or write the reference as text",
                                    severity="warning"))
    say("making the web edition")
    web, fid_web = make_web(issue, style, fonts)
    say("making the WeChat fragments")
    wechat, fid_wechat = make_wechat(issue, style, fonts)
    web_dir, wechat_dir = web_paths(out_dir, key)
    write_tree_atomic(web_dir, web)
    write_tree_atomic(wechat_dir, wechat)
    fidelity = {f"web/{k}": v for k, v in fid_web.items()}
    fidelity.update({f"wechat/{k}": v for k, v in fid_wechat.items()})
    return WebResult(key, [web_dir, wechat_dir], len(web) + len(wechat), fidelity, warnings,
                     time.perf_counter() - t0)
