"""The pipeline the CLI drives: source → model → typeset → render → output."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import source
from .errors import BuildError, Problem
from .output.write import write_atomic
from .source.lock import load_issue_style
from .typeset import linelock
from .render.pdf import render_plan
from .typeset.coverage import check_coverage
from .typeset.fonts import FontSet
from .typeset.pages import make_plan

VARIANTS = ("screen", "print")
IMPOSED = "imposed"   # printer spreads, made from the print PDF


@dataclass
class BuildResult:
    key: str
    pages: int
    outputs: list[Path]
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    blank_pages: int = 0
    article_pages: dict[int, int] = field(default_factory=dict)   # article index -> first page
    drawn: list = field(default_factory=list)   # typeset.linelock.Drawn: the lines as printed
    page_breaks: dict = field(default_factory=dict)   # page -> (article, block, line), from the engine


def output_path(out_dir: Path, key: str, variant: str) -> Path:
    return out_dir / f"{key}-{variant}.pdf"


def load(root: Path, key: str, warnings: list[Problem], warm=None):
    """Read and check everything a build needs; raise BuildError with all problems.

    Invisible characters pasted from Word (zero-width space, soft hyphen …) are
    errors too: they would print as nothing, a stray hyphen or a blank box."""
    from .checks import character_errors, only_invisible
    invisible = character_errors(root, key) if (root / "issues" / key).is_dir() else []
    try:
        issue = source.load_issue(root, key, warnings)
        style = load_issue_style(root, key, issue.style)   # a locked issue's pinned style
        fonts = warm.fonts(style, root / "fonts") if warm else FontSet(style, root / "fonts")
        check_coverage(issue, style, fonts)
    except BuildError as e:
        if not invisible:
            raise
        # the font check names the same characters, with less detail: say it once
        raise BuildError(invisible + [p for p in e.problems
                                      if not (p.severity == "error" and only_invisible(p.what))]) from None
    if invisible:
        raise BuildError(invisible)
    return issue, style, fonts


def build(root: Path, key: str, out_dir: Path, *, variants=VARIANTS, impose: bool = False,
          progress=None, warm=None, write_each: bool = False, archive: bool = False) -> BuildResult:
    """Build the issue's PDFs into out_dir. Nothing is written unless all variants succeed.

    The print PDF is preflighted before it is written: a file the print shop
    would reject stops the build instead.  `impose` adds printer spreads.  `warm`
    (a warm.Warm) keeps faces and paragraph layouts from one build to the next.
    `write_each` (watch) writes each PDF as soon as it is made, the screen PDF
    first, so the editor sees it while the print PDF is still being checked; a
    variant that fails keeps its last good file.  `archive` adds the PDF/A-3 copy
    that carries its sources.  A locked issue (print.lock) keeps its printed line
    breaks where its text is unchanged."""
    with linelock.using(linelock.LineBook()) as book:
        return _build(root, key, out_dir, variants, impose, progress, warm, write_each, archive, book)


def _build(root, key, out_dir, variants, impose, progress, warm, write_each, archive,
           book) -> BuildResult:
    from .archive.locking import lock_lines
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    warnings: list[Problem] = []
    say(f"reading issues/{key}")
    issue, style, fonts = load(root, key, warnings, warm)
    book.locked = lock_lines(root, issue, style, warnings)
    results = {}
    say("laying out the pages")
    plan = make_plan(issue, style, fonts)
    linelock.record_plan(book, plan)      # what is printed where, for the lock file
    for line in plan.summary:
        say(line)
    for variant in variants:
        say(f"setting the {variant} PDF")
        r = render_plan(plan, variant=variant)
        data = r.pdf
        if variant == "print":
            say("making it PDF/X and preflighting it")
            data = _finish_print(data, issue, key, style)
        results[variant] = (r, data)
        if write_each:
            write_atomic(output_path(out_dir, key, variant), data)
    if impose and "print" in results:
        from .output.impose import impose as make_spreads
        say("imposing printer spreads")
        results[IMPOSED] = (results["print"][0], make_spreads(results["print"][1]))
    if archive:
        from .archive.files import attachments
        from .output.pdfa import archive_pdf, check_pdfa
        say("making the PDF/A-3 archive copy")
        screen = results.get("screen") or (render_plan(plan), None)
        data = archive_pdf(screen[0].pdf, attachments(root, issue), issue.date)
        _refuse(check_pdfa(data), key, "archive", "PDF/A-3u")
        results["archive"] = (screen[0], data)
    outputs = []
    for variant, (r, data) in results.items():
        path = output_path(out_dir, key, variant)
        if not (write_each and variant in variants):
            write_atomic(path, data)
        outputs.append(path)
    first = next(iter(results.values()))[0]
    if book.missed:
        from .archive.locking import missed_warnings
        warnings.extend(missed_warnings(key, book.missed))
    for r, _ in results.values():
        for w in r.warnings:
            if w not in warnings:
                warnings.append(w)
    return BuildResult(key, first.pages, outputs, warnings, time.perf_counter() - t0, first.blank_pages,
                       dict(first.article_pages), list(book.drawn), dict(book.page_breaks))


def _refuse(found: list[str], key: str, variant: str, standard: str) -> None:
    if found:
        from .model import Pos
        raise BuildError([Problem(Pos(f"build/{key}-{variant}.pdf"), f"not {standard}: {what}",
                                  "this is a bug in bulletin-press: the PDF it made fails its own "
                                  "checks; please report it") for what in found])


def _finish_print(data: bytes, issue, key: str, style=None) -> bytes:
    """Check the print PDF (written as PDF/X-1a by the render stage) against the
    standard and the print shop's preflight; a file that fails is not handed on.

    The page contents are scanned once, for both checks."""
    import io

    from pypdf import PdfReader

    from .model import Pos
    from .output.pdfx import check_pdfx
    from .output.preflight import preflight, scan_document
    from .render.pdfx import STANDARD

    reader = PdfReader(io.BytesIO(data))
    scan = scan_document(reader)
    found = [f"not {STANDARD}: {p}" for p in check_pdfx(reader, STANDARD, allow_links=False, scan=scan)]
    from .typeset.figure import figure_policy
    min_ppi, low = figure_policy(style) if style is not None else (300.0, "warning")
    # low resolution is the figure stage's finding (file, line, ppi, what to do)
    report = preflight(reader, require_print=True, scan=scan, print_ppi=min_ppi,
                       low_resolution="error" if low == "error" else "warning")
    found += [f"preflight: {f.message}" for f in report.errors]
    if found:
        raise BuildError([Problem(Pos(f"build/{key}-print.pdf"), what,
                                  "this is a bug in bulletin-press: the print PDF it made fails "
                                  "its own checks; please report it") for what in found])
    return data


@dataclass
class WebResult:
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
